/**
 * What bench/scale.ts measures: each cdk8s-batch construct and the cdk8s-plus-28 object with the
 * same image and command, built N times into one chart (or one chart each, for the trap). The
 * constructs come from the compiled package (lib/, what `require('cdk8s-batch')` loads), so the
 * figures are those of the published code, not of ts-node.
 */
import * as path from 'path';
import { ApiObject, App, Chart, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The repository root (bench/scale.ts runs this file transpiled under bench/results/, and says where). */
export const ROOT = process.env.CDK8S_BATCH_ROOT ?? path.resolve(__dirname, '..', '..');
/** The compiled package (`main` of package.json), or another build of it (`--lib <dir>` of bench/scale.ts). */
export const LIB = process.env.CDK8S_BATCH_LIB ? path.resolve(process.env.CDK8S_BATCH_LIB, 'index.js') : path.join(ROOT, 'lib', 'index.js');

const IMAGE = 'python:3.12';
const COMMAND = ['python', 'train.py'];

/** The kind of object a subject writes: its cdk8s-plus-28 counterpart is the subject of that family. */
export type Family = 'Job' | 'CronJob';

export interface Subject {
  /** Short id (file names, command lines). */
  readonly id: string;
  /** Name in the tables. */
  readonly label: string;
  readonly family: Family;
  /** True for the cdk8s-plus-28 counterparts. */
  readonly baseline: boolean;
  /** Adds object number `i` to `scope`. */
  readonly build: (scope: Chart, i: number) => void;
}

// The compiled package, typed by its sources (loaded on first use: the baselines never load it).
let lib: typeof import('../../src') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const batch = (): typeof import('../../src') => (lib ??= require(LIB));

export const SUBJECTS: readonly Subject[] = [
  {
    id: 'training',
    label: 'TrainingJob',
    family: 'Job',
    baseline: false,
    build: (chart, i) => new (batch().TrainingJob)(chart, `job${i}`, { image: IMAGE, command: COMMAND }),
  },
  {
    id: 'shard',
    label: 'ParallelShardJob (10 shards)',
    family: 'Job',
    baseline: false,
    build: (chart, i) => new (batch().ParallelShardJob)(chart, `job${i}`, { image: IMAGE, command: COMMAND, shards: 10 }),
  },
  {
    id: 'nightly',
    label: 'NightlyCronJob',
    family: 'CronJob',
    baseline: false,
    build: (chart, i) => new (batch().NightlyCronJob)(chart, `job${i}`, { image: IMAGE, command: COMMAND }),
  },
  {
    id: 'gpu',
    label: 'GpuJob (1 GPU)',
    family: 'Job',
    baseline: false,
    build: (chart, i) => { const b = batch(); new b.GpuJob(chart, `job${i}`, { image: IMAGE, command: COMMAND, gpu: b.Gpu.nvidia(1) }); },
  },
  {
    id: 'plus-job',
    label: 'cdk8s-plus-28 Job',
    family: 'Job',
    baseline: true,
    build: (chart, i) => new kplus.Job(chart, `job${i}`, { containers: [{ image: IMAGE, command: COMMAND }] }),
  },
  {
    id: 'plus-cronjob',
    label: 'cdk8s-plus-28 CronJob',
    family: 'CronJob',
    baseline: true,
    build: (chart, i) => new kplus.CronJob(chart, `job${i}`, {
      containers: [{ image: IMAGE, command: COMMAND }],
      schedule: Cron.schedule({ minute: '0', hour: '2' }),
    }),
  },
];

export function subject(id: string): Subject {
  const s = SUBJECTS.find(x => x.id === id);
  if (!s) throw new Error(`unknown subject ${id} (known: ${SUBJECTS.map(x => x.id).join(', ')})`);
  return s;
}

/** The cdk8s-plus-28 subject a construct is compared with. */
export function baselineOf(s: Subject): Subject {
  return SUBJECTS.find(x => x.baseline && x.family === s.family)!;
}

/** How the N objects are laid out in the app. */
export type Layout = 'one-chart' | 'chart-per-job' | 'charts-of-1000';

/** Builds N objects of `s` into a new app. */
export function buildApp(s: Subject, n: number, layout: Layout): App {
  const app = new App({ outdir: path.join(ROOT, '.cdk8s-batch-tmp', 'unused') });
  const one = layout === 'one-chart' ? new Chart(app, 'bench') : undefined;
  let chart: Chart | undefined;
  for (let i = 0; i < n; i++) {
    if (layout === 'charts-of-1000' && i % 1000 === 0) chart = new Chart(app, `chart${i / 1000}`);
    s.build(one ?? (layout === 'chart-per-job' ? new Chart(app, `chart${i}`) : chart!), i);
  }
  return app;
}

/**
 * One HyperparameterSweep of `trials` trials (a grid of one parameter) in one chart: one Job per
 * trial (`JobPerTrial`), or one Indexed Job and its parameters ConfigMap (`Indexed`).
 */
export function buildSweep(layout: 'JobPerTrial' | 'Indexed', trials: number): App {
  const b = batch();
  const app = new App({ outdir: path.join(ROOT, '.cdk8s-batch-tmp', 'unused') });
  const chart = new Chart(app, 'bench');
  new b.HyperparameterSweep(chart, 'sweep', {
    image: IMAGE,
    command: COMMAND,
    grid: { lr: Array.from({ length: trials }, (_, i) => `${(i + 1) / 1e6}`) },
    layout: layout === 'Indexed' ? b.SweepLayout.INDEXED : b.SweepLayout.JOB_PER_TRIAL,
  });
  return app;
}

/** The "cdk8s floor": plain cdk8s `ApiObject`s holding the very same manifests. */
export function buildApiObjects(manifests: any[]): App {
  const app = new App({ outdir: path.join(ROOT, '.cdk8s-batch-tmp', 'unused') });
  const chart = new Chart(app, 'bench');
  manifests.forEach((m, i) => {
    const { apiVersion, kind, metadata, ...rest } = m;
    new ApiObject(chart, `obj${i}`, { apiVersion, kind, metadata, ...rest });
  });
  return app;
}
