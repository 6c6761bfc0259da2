/**
 * Scale: build + synth time and peak memory of N objects of each construct in one chart, side by
 * side with cdk8s-plus-28 and with the YAML floor of the same output; cold `require`; the synth
 * command end to end; `cdk8s-batch validate` on 10,000 manifests. docs/performance.md is its
 * report.
 *
 *   npm run bench:scale [-- --sizes 1,100,1000,10000 --rounds 5 --only synth,trap,require,validate,command --profile]
 *                          [--lib <dir>]  (another build of lib/, e.g. with a change to compare: synth and require)
 *                          [--name <name>] (writes bench/results/<name>.json and .md; default scale)
 *
 * The machine is shared and noisy: every measurement runs in a fresh `node` process of its own,
 * the subjects of a round are interleaved (and rotated from round to round), and medians and
 * ratios of the same run are reported, never single timings. It measures the compiled package
 * (lib/, run `npx projen compile` first) and writes bench/results/scale.json and scale.md (the
 * tables it prints).
 *
 * - synth: for each N and subject, build N objects into one chart, then `app.synthYaml()`. The
 *   "YAML floor" of a subject is cdk8s `Yaml.stringify` of the very same manifest objects (what
 *   any cdk8s app pays to write them); the "ApiObject floor" is plain cdk8s `ApiObject`s holding
 *   them, built and synthesized (what any cdk8s construct pays). Per job: (build + synth) / N and
 *   (peak RSS - RSS with the modules loaded) / N.
 * - trap: the same objects with one Chart per job.
 * - sweep: one HyperparameterSweep of N trials in one chart, one Job per trial or one Indexed Job.
 * - require: `require()` of lib/index.js and of cdk8s-plus-28 alone, each in a fresh process.
 * - validate: `node bin/cdk8s-batch.js validate` on 10,000 generated manifests (100 files) and a
 *   script that merely parses them with the same YAML reader (`yaml` parseAllDocuments + toJS, with
 *   the options of src/rules/load.ts), end to end.
 * - command: `npm run synth:examples` (scripts/synth-examples.js: the compile when its inputs
 *   changed, the app, the validation plugin), its parts alone, `cdk8s synth` of the same app and
 *   plugin, the compiled app run with `node` (the base of the ratios), the same on a fresh clone,
 *   `ts-node` with and without type checks, and the former command (jsii compile + ts-node).
 * - --profile: a CPU profile (node --cpu-prof) of each construct at the largest N, of cdk8s-plus,
 *   of the validate run and of the require, summarized (top functions) into the results.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ProfileEntry, fmt, inclusiveMs, median, table, topFunctions } from './scale/stats';
import { Layout, ROOT, SUBJECTS, Subject, baselineOf } from './scale/subjects';

// ---- arguments --------------------------------------------------------------------------------

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function numbers(name: string, fallback: number[]): number[] {
  const text = option(name);
  if (text === undefined) return fallback;
  const list = text.split(',').map(Number);
  if (list.some(n => !Number.isSafeInteger(n) || n < 1)) {
    console.error(`${name} needs positive whole numbers, comma-separated`);
    process.exit(2);
  }
  return list;
}

const SECTIONS = ['synth', 'trap', 'sweep', 'require', 'validate', 'command'] as const;
type Section = typeof SECTIONS[number];
const only = (option('--only')?.split(',') ?? [...SECTIONS]) as Section[];
for (const s of only) {
  if (!SECTIONS.includes(s)) {
    console.error(`--only takes ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const sizes = numbers('--sizes', [1, 100, 1_000, 10_000]);
const rounds = numbers('--rounds', [5])[0];
const trapSizes = numbers('--trap-sizes', [100, 1_000]);
const sweepSizes = numbers('--sweep-trials', [1_000, 10_000]);
const requireRuns = numbers('--require-runs', [15])[0];
const validateCount = numbers('--validate-manifests', [10_000])[0];
const commandRuns = numbers('--command-runs', [3])[0];
const profile = process.argv.includes('--profile');
const maxN = Math.max(...sizes);

/** The build measured: lib/, or `--lib <dir>`. */
const LIB_DIR = path.resolve(ROOT, option('--lib') ?? 'lib');
const LIB = path.join(LIB_DIR, 'index.js');

const RESULTS = path.join(ROOT, 'bench', 'results');
const TMP = path.join(RESULTS, 'scale-tmp');
fs.mkdirSync(TMP, { recursive: true });

// ---- child processes ----------------------------------------------------------------------------

/** bench/scale/*.ts transpiled to plain JavaScript, so children load neither ts-node nor TypeScript. */
function transpileWorker(): string {
  const out = path.join(TMP, 'worker');
  fs.mkdirSync(out, { recursive: true });
  for (const name of ['worker', 'subjects', 'stats']) {
    const source = fs.readFileSync(path.join(__dirname, 'scale', `${name}.ts`), 'utf-8');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const js = ts.transpileModule(source, { compilerOptions });
    fs.writeFileSync(path.join(out, `${name}.js`), js.outputText);
  }
  return path.join(out, 'worker.js');
}

const WORKER = transpileWorker();
const ENV = { ...process.env, CDK8S_BATCH_ROOT: ROOT, CDK8S_BATCH_LIB: LIB_DIR };

interface Sample {
  readonly buildMs: number;
  readonly synthMs: number;
  /** RSS once the modules are loaded. */
  readonly loadedKiB: number;
  /** Peak RSS of the process. */
  readonly peakKiB: number;
  readonly bytes: number;
  /** Heap the app still holds after synthesis, after a full collection (subjects only). */
  readonly retainedKiB?: number;
}

interface Ran {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** Runs a command to its end: its wall time and output. */
function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Ran {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: options.cwd ?? ROOT, env: options.env ?? ENV, encoding: 'utf-8', maxBuffer: 1024 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

function worker(args: string[], nodeArgs: string[] = []): Sample {
  const r = run(process.execPath, ['--expose-gc', ...nodeArgs, WORKER, ...args]);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`worker ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  }
  return JSON.parse(last);
}

function rotate<T>(list: readonly T[], by: number): T[] {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function progress(text: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

// ---- synth: N objects in one chart (and the trap: one chart each) --------------------------------

type Kind = 'subject' | 'yaml-floor' | 'apiobject-floor';

interface Cell {
  readonly subject: string;
  readonly kind: Kind;
  readonly layout: Layout;
  readonly n: number;
  readonly samples: Sample[];
}

const cells: Cell[] = [];

function cell(subject: string, kind: Kind, layout: Layout, n: number): Cell {
  let c = cells.find(x => x.subject === subject && x.kind === kind && x.layout === layout && x.n === n);
  if (!c) {
    c = { subject, kind, layout, n, samples: [] };
    cells.push(c);
  }
  return c;
}

function dumpFile(s: Subject, n: number): string {
  return path.join(TMP, `manifests-${s.id}-${n}.json`);
}

function measureSizes(layout: Layout, ns: number[], subjects: readonly Subject[], withFloors: boolean, roundCount: number): void {
  for (const n of ns) {
    if (withFloors) {
      for (const s of subjects) worker(['synth', s.id, String(n), layout, '--dump', dumpFile(s, n)]);
    }
    const jobs: Array<[Subject, Kind]> = subjects.flatMap(s => (withFloors
      ? [[s, 'subject'], [s, 'yaml-floor'], [s, 'apiobject-floor']] : [[s, 'subject']]) as Array<[Subject, Kind]>);
    for (let r = 0; r < roundCount; r++) {
      progress(`${layout} N=${n} round ${r + 1}/${roundCount}`);
      for (const [s, kind] of rotate(jobs, r)) {
        const sample = kind === 'subject' ? worker(['synth', s.id, String(n), layout])
          : worker([kind === 'yaml-floor' ? 'floor' : 'apiobject', dumpFile(s, n)]);
        cell(s.id, kind, layout, n).samples.push(sample);
      }
    }
  }
}

interface Row {
  readonly subject: string;
  readonly layout: Layout;
  readonly n: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  readonly yamlFloorMs: number;
  readonly apiObjectFloorMs: number;
  readonly ratioToFloor: number;
  readonly ratioToApiObjectFloor: number;
  readonly baselineRatioToFloor: number;
  readonly ratioToBaseline: number;
  readonly peakMiB: number;
  readonly perJobUs: number;
  /** Peak RSS per job: (peak RSS - peak RSS of N = 1) / (N - 1), or (peak - loaded) / N without an N = 1 run. */
  readonly perJobKiB: number;
  readonly baselinePerJobKiB: number;
  /** Heap retained per job after synthesis (after a full collection). */
  readonly retainedPerJobKiB: number;
  readonly bytesPerJob: number;
}

/**
 * The median of the ratios a/b of the runs of the same round (a subject and its floor run one after
 * the other, so a round's load affects both): steadier than a ratio of medians on a shared machine.
 * Undefined when the two lists are not of the same rounds.
 */
function paired(a: readonly Sample[], b: readonly Sample[], fa: (x: Sample) => number, fb: (x: Sample) => number): number | undefined {
  if (a.length === 0 || a.length !== b.length) return undefined;
  return median(a.map((x, i) => fa(x) / fb(b[i])));
}

function summarize(s: Subject, layout: Layout, n: number): Row | undefined {
  const c = cells.find(x => x.subject === s.id && x.kind === 'subject' && x.layout === layout && x.n === n);
  if (!c) return undefined;
  const m = (list: Sample[], f: (x: Sample) => number) => median(list.map(f));
  const floorCell = (id: string, kind: Kind) => cells.find(x => x.subject === id && x.kind === kind && x.layout === 'one-chart' && x.n === n)?.samples ?? [];
  const total = m(c.samples, x => x.buildMs + x.synthMs);
  const floor = m(floorCell(s.id, 'yaml-floor'), x => x.synthMs);
  const apiFloor = m(floorCell(s.id, 'apiobject-floor'), x => x.buildMs + x.synthMs);
  const base = baselineOf(s);
  const baseCell = cells.find(x => x.subject === base.id && x.kind === 'subject' && x.layout === layout && x.n === n)?.samples ?? [];
  const baseTotal = m(baseCell, x => x.buildMs + x.synthMs);
  const baseFloor = m(floorCell(base.id, 'yaml-floor'), x => x.synthMs);
  const perJob = (id: string) => {
    const at = (k: number) => cells.find(x => x.subject === id && x.kind === 'subject' && x.layout === layout && x.n === k)?.samples ?? [];
    const one = at(1);
    return n > 1 && one.length > 0 ? (m(at(n), x => x.peakKiB) - m(one, x => x.peakKiB)) / (n - 1) : m(at(n), x => x.peakKiB - x.loadedKiB) / n;
  };
  const perJobKiB = perJob(s.id);
  // Retained heap per job, marginal like the peak: what the N = 1 run retains is the modules'.
  const one = cells.find(x => x.subject === s.id && x.kind === 'subject' && x.layout === layout && x.n === 1)?.samples ?? [];
  const retained = m(c.samples, x => x.retainedKiB ?? NaN);
  const retainedPerJobKiB = n > 1 && one.length > 0 ? (retained - m(one, x => x.retainedKiB ?? NaN)) / (n - 1) : retained / n;
  const time = (x: Sample) => x.buildMs + x.synthMs;
  return {
    subject: s.label,
    layout,
    n,
    buildMs: m(c.samples, x => x.buildMs),
    synthMs: m(c.samples, x => x.synthMs),
    totalMs: total,
    yamlFloorMs: floor,
    apiObjectFloorMs: apiFloor,
    ratioToFloor: paired(c.samples, floorCell(s.id, 'yaml-floor'), time, x => x.synthMs) ?? total / floor,
    ratioToApiObjectFloor: paired(c.samples, floorCell(s.id, 'apiobject-floor'), time, time) ?? total / apiFloor,
    baselineRatioToFloor: paired(baseCell, floorCell(base.id, 'yaml-floor'), time, x => x.synthMs) ?? baseTotal / baseFloor,
    ratioToBaseline: paired(c.samples, baseCell, time, time) ?? total / baseTotal,
    peakMiB: m(c.samples, x => x.peakKiB) / 1024,
    perJobUs: (total * 1000) / n,
    perJobKiB,
    baselinePerJobKiB: perJob(base.id),
    retainedPerJobKiB,
    bytesPerJob: m(c.samples, x => x.bytes) / n,
  };
}

// ---- require ----------------------------------------------------------------------------------

const PLUS = require.resolve('cdk8s-plus-28', { paths: [ROOT] });

function requireProbe(target: string, nodeArgs: string[] = []): { ms: number; modules: number } {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});`
    + 'const ms=Number(process.hrtime.bigint()-t)/1e6;process.stdout.write(JSON.stringify({ms,modules:Object.keys(require.cache).length}))';
  const r = run(process.execPath, [...nodeArgs, '-e', script]);
  if (r.status !== 0) throw new Error(`require(${target}) failed:\n${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout);
}

// ---- validate -----------------------------------------------------------------------------------

const VALIDATE_DIR = path.join(TMP, 'validate-manifests');
const BIN = path.join(ROOT, 'bin', 'cdk8s-batch.js');
const YAML_READER = require.resolve('yaml', { paths: [path.join(ROOT, 'lib', 'rules')] });
const PARSE_SCRIPT = `const fs=require('fs'),path=require('path'),YAML=require(${JSON.stringify(YAML_READER)});`
  + 'const dir=process.argv[1];let docs=0;'
  + 'for(const f of fs.readdirSync(dir).sort()){if(!/\\.ya?ml$/.test(f))continue;'
  + 'for(const d of YAML.parseAllDocuments(fs.readFileSync(path.join(dir,f),\'utf-8\'),'
  + '{version:\'1.1\',schema:\'failsafe\',uniqueKeys:false,prettyErrors:false})){d.toJS();docs++;}}'
  + 'process.stdout.write(String(docs))';

// ---- the synth command --------------------------------------------------------------------------

const BIN_DIR = path.join(ROOT, 'node_modules', '.bin');
const EXAMPLES_BUILD = path.join(ROOT, 'examples', 'tsconfig.build.json');
const EXAMPLES_OUT = path.join(ROOT, 'dist', 'examples-app');
/** The app of cdk8s.yaml: the examples app as `npm run synth:examples` compiles it. */
const EXAMPLES_MAIN = path.join(EXAMPLES_OUT, 'examples', 'main.js');

/** The runner of `npm run synth:examples`: the compile when its inputs changed, the app, the plugin. */
const SYNTH_SCRIPT = path.join(ROOT, 'scripts', 'synth-examples.js');
/** `tsc -b examples/tsconfig.build.json`, the compile of `npm run synth:examples` (incremental). */
function buildExamples(): Ran {
  const r = run(path.join(BIN_DIR, 'tsc'), ['-b', EXAMPLES_BUILD]);
  if (r.status !== 0) throw new Error(`tsc -b examples/tsconfig.build.json failed:\n${r.stdout.slice(-3000)}${r.stderr.slice(-3000)}`);
  return r;
}

/**
 * The former synth command, for comparison: the jsii compile (lib/ and API.md), then `cdk8s synth`
 * running the app through `ts-node` (type-checked), with the plugin from lib/ (and the plugin
 * properties of the repository's cdk8s.yaml). Run in a folder of its own with that cdk8s.yaml,
 * writing to a scratch output folder.
 */
function formerSynthSetup(): () => Ran {
  const dir = path.join(TMP, 'former-synth');
  fs.mkdirSync(dir, { recursive: true });
  const config = parseYaml(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf-8'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), stringifyYaml({
    language: 'typescript',
    app: `${path.join(BIN_DIR, 'ts-node')} -P ${path.join(ROOT, 'examples', 'tsconfig.json')} ${path.join(ROOT, 'examples', 'main.ts')}`,
    output: 'dist/manifests',
    validations: (config.validations as Array<{ [key: string]: unknown }>).map(v => ({ ...v, package: path.join(ROOT, 'lib', 'index.js') })),
  }));
  const steps = `npx projen compile && cd ${dir} && ${path.join(BIN_DIR, 'cdk8s')} synth --no-check-upgrade`;
  return () => run('sh', ['-c', steps]);
}

// ---- profiles -----------------------------------------------------------------------------------

const PROFILES = path.join(RESULTS, 'profiles');
/** Functions whose inclusive time the profile summaries show (cdk8s-batch's stages, cdk8s's). */
const STAGES = ['checkPropTypes', 'applyDefaults', 'renderJob', 'checkJobProps', 'gate', 'checkManifest', 'checkStructure',
  'newKubeJob', 'newKubeCronJob', 'synthYaml', 'resolveDependencies', '_synthChart', 'stringify', 'checkFiles', 'readDocuments', 'convert'];

interface ProfileSummary {
  readonly name: string;
  readonly file: string;
  readonly totalMs: number;
  readonly top: ProfileEntry[];
  readonly stages: { [name: string]: number };
}

function summarizeProfile(name: string, dir: string): ProfileSummary {
  const file = fs.readdirSync(dir).filter(f => f.endsWith('.cpuprofile')).map(f => path.join(dir, f))[0];
  const { totalMs, top } = topFunctions(file, 15);
  const stages = Object.fromEntries(Object.entries(inclusiveMs(file, STAGES)).filter(([, v]) => v > 0));
  return { name, file: path.relative(ROOT, file), totalMs, top, stages };
}

function profiled(name: string, launch: (nodeArgs: string[]) => void): ProfileSummary {
  const dir = path.join(PROFILES, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  launch(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  return summarizeProfile(name, dir);
}

// ---- main ---------------------------------------------------------------------------------------

function checkLib(): void {
  if (!fs.existsSync(LIB)) {
    console.error('lib/ is missing: run `npx projen compile` first');
    process.exit(2);
  }
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true })
    .reduce((t, e) => Math.max(t, e.isDirectory() ? newest(path.join(dir, e.name)) : e.name.endsWith('.ts') ? fs.statSync(path.join(dir, e.name)).mtimeMs : 0), 0);
  if (newest(path.join(ROOT, 'src')) > fs.statSync(LIB).mtimeMs) {
    progress('warning: src/ is newer than lib/: these figures are those of lib/ (run `npx projen compile` to measure the sources)');
  }
}

checkLib();
const started = new Date();
const out: { [key: string]: unknown } = {
  date: started.toISOString(),
  node: process.version,
  cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}`,
  loadAverageAtStart: os.loadavg(),
  lib: path.relative(ROOT, LIB_DIR),
  options: { sizes, rounds, trapSizes, sweepSizes, requireRuns, validateCount, commandRuns, only, profile },
};
const md: string[] = [`Run of ${started.toISOString().slice(0, 16)}Z (${path.relative(ROOT, LIB_DIR)}/), Node.js ${process.version}, ${out.cpus}, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}.`];
const targets: Array<[string, string, string, boolean]> = [];

const constructs = SUBJECTS.filter(s => !s.baseline);

if (only.includes('synth')) {
  measureSizes('one-chart', sizes, SUBJECTS, true, rounds);
  const rows = sizes.flatMap(n => SUBJECTS.map(s => summarize(s, 'one-chart', n)!));
  out.synth = { rows, cells };
  md.push('', `### Build + synth, N objects in one chart (medians of ${rounds} interleaved runs, each in a fresh process)`, '',
    table(['N', 'subject', 'build ms', 'synth ms', 'build + synth ms', 'YAML floor ms', 'x YAML floor', 'x ApiObject floor', 'cdk8s-plus x its floor', 'x cdk8s-plus',
      'peak RSS MiB', 'per job µs', 'peak RSS per job KiB', 'heap retained per job KiB', 'YAML bytes per job'],
    rows.map(r => [fmt(r.n), r.subject, fmt(r.buildMs), fmt(r.synthMs), fmt(r.totalMs), fmt(r.yamlFloorMs), fmt(r.ratioToFloor, 2),
      fmt(r.ratioToApiObjectFloor, 2), fmt(r.baselineRatioToFloor, 2), fmt(r.ratioToBaseline, 2), fmt(r.peakMiB), fmt(r.perJobUs),
      r.n > 1 ? fmt(r.perJobKiB, 1) : 'n/a', fmt(r.retainedPerJobKiB, 1), fmt(r.bytesPerJob)])),
    '', 'Times are medians; every ratio is the median of the ratios within a round (a subject and its floors run one after the other). '
    + 'Peak RSS per job: (peak RSS at N - peak RSS at N = 1) / (N - 1); heap retained per job likewise, from `heapUsed` after a full '
    + 'collection with the app still referenced and its YAML output dropped.');
  const mid = sizes.includes(1_000) && maxN > 1_000 ? 1_000 : undefined;
  for (const s of constructs) {
    const r = summarize(s, 'one-chart', maxN)!;
    const b = summarize(baselineOf(s), 'one-chart', maxN)!;
    targets.push([`${s.label}, N = ${fmt(maxN)}: (build + synth) / YAML floor`, '<= 1.50', fmt(r.ratioToFloor, 2), r.ratioToFloor <= 1.5]);
    targets.push([`${s.label}, N = ${fmt(maxN)}: same ratio below ${b.subject}'s`, `< ${fmt(b.ratioToFloor, 2)}`, fmt(r.ratioToFloor, 2), r.ratioToFloor < b.ratioToFloor]);
    targets.push([`${s.label}, N = ${fmt(maxN)}: peak RSS per job <= ${b.subject}'s`, `<= ${fmt(b.perJobKiB, 1)} KiB`, `${fmt(r.perJobKiB, 1)} KiB`, r.perJobKiB <= b.perJobKiB]);
    if (mid !== undefined) {
      const m = summarize(s, 'one-chart', mid)!;
      const dt = r.perJobUs / m.perJobUs - 1;
      const dm = r.perJobKiB / m.perJobKiB - 1;
      // Linear: no growth per job beyond 15% (a per-job time that falls with N is JIT warm-up amortized).
      targets.push([`${s.label}: per-job time, N = ${fmt(mid)} -> ${fmt(maxN)}`, 'grows <= 15%', `${fmt(m.perJobUs)} -> ${fmt(r.perJobUs)} µs (${dt >= 0 ? '+' : ''}${fmt(dt * 100)}%)`, dt <= 0.15]);
      targets.push([`${s.label}: per-job memory (peak RSS), N = ${fmt(mid)} -> ${fmt(maxN)}`, 'grows <= 15%', `${fmt(m.perJobKiB, 1)} -> ${fmt(r.perJobKiB, 1)} KiB (${dm >= 0 ? '+' : ''}${fmt(dm * 100)}%)`, dm <= 0.15]);
      const dr = r.retainedPerJobKiB / m.retainedPerJobKiB - 1;
      targets.push([`${s.label}: per-job memory (heap retained), N = ${fmt(mid)} -> ${fmt(maxN)}`, 'grows <= 15%', `${fmt(m.retainedPerJobKiB, 1)} -> ${fmt(r.retainedPerJobKiB, 1)} KiB (${dr >= 0 ? '+' : ''}${fmt(dr * 100)}%)`, dr <= 0.15]);
    }
  }
}

if (only.includes('trap')) {
  const trapSubjects = SUBJECTS.filter(s => s.id === 'training' || s.id === 'plus-job');
  measureSizes('chart-per-job', trapSizes, trapSubjects, false, Math.min(rounds, 3));
  if (!only.includes('synth')) measureSizes('one-chart', trapSizes, trapSubjects, false, Math.min(rounds, 3));
  // The split that keeps a GitOps folder of manageable files: charts of 1,000 jobs each.
  const split = maxN >= 2_000 ? SUBJECTS.filter(s => s.id === 'training') : [];
  if (split.length > 0) {
    measureSizes('charts-of-1000', [maxN], split, false, Math.min(rounds, 3));
    if (!only.includes('synth')) measureSizes('one-chart', [maxN], split, false, Math.min(rounds, 3));
  }
  const rows = [
    ...trapSizes.flatMap(n => trapSubjects.flatMap(s => (['one-chart', 'chart-per-job'] as Layout[]).map(l => summarize(s, l, n)!))),
    ...split.flatMap(s => (['one-chart', 'charts-of-1000'] as Layout[]).map(l => summarize(s, l, maxN)!)),
  ];
  out.trap = rows;
  md.push('', '### The one-chart-per-job trap (same objects; medians)', '',
    table(['N', 'subject', 'layout', 'build ms', 'synth ms', 'build + synth ms', 'per job µs', 'peak RSS MiB'],
      rows.map(r => [fmt(r.n), r.subject, r.layout, fmt(r.buildMs), fmt(r.synthMs), fmt(r.totalMs), fmt(r.perJobUs), fmt(r.peakMiB)])));
}

if (only.includes('sweep')) {
  const layouts = ['JobPerTrial', 'Indexed'];
  const samples: { [key: string]: Sample[] } = {};
  for (const n of sweepSizes) {
    for (let r = 0; r < Math.min(rounds, 3); r++) {
      progress(`sweep ${fmt(n)} trials round ${r + 1}`);
      for (const layout of rotate(layouts, r)) (samples[`${layout} ${n}`] ??= []).push(worker(['sweep', layout, String(n)]));
    }
  }
  const rows = sweepSizes.flatMap(n => layouts.map(layout => {
    const list = samples[`${layout} ${n}`];
    const m = (f: (x: Sample) => number) => median(list.map(f));
    const total = m(x => x.buildMs + x.synthMs);
    return {
      layout,
      trials: n,
      objects: (list[0] as Sample & { objects?: number }).objects ?? NaN,
      buildMs: m(x => x.buildMs),
      synthMs: m(x => x.synthMs),
      totalMs: total,
      perTrialUs: (total * 1000) / n,
      peakMiB: m(x => x.peakKiB) / 1024,
      retainedPerTrialKiB: m(x => x.retainedKiB ?? NaN) / n,
      bytesPerTrial: m(x => x.bytes) / n,
    };
  }));
  out.sweep = { rows, samples };
  md.push('', `### One HyperparameterSweep of N trials in one chart (medians of ${Math.min(rounds, 3)})`, '',
    table(['trials', 'layout', 'objects', 'build ms', 'synth ms', 'build + synth ms', 'per trial µs', 'peak RSS MiB', 'heap retained per trial KiB', 'YAML bytes per trial'],
      rows.map(r => [fmt(r.trials), r.layout, fmt(r.objects), fmt(r.buildMs), fmt(r.synthMs), fmt(r.totalMs), fmt(r.perTrialUs), fmt(r.peakMiB),
        fmt(r.retainedPerTrialKiB, 2), fmt(r.bytesPerTrial)])));
}

if (only.includes('require')) {
  const samples: { [key: string]: number[] } = { 'cdk8s-batch': [], 'cdk8s-plus-28': [] };
  const modules: { [key: string]: number } = {};
  for (let r = 0; r < requireRuns; r++) {
    for (const [name, target] of rotate([['cdk8s-batch', LIB], ['cdk8s-plus-28', PLUS]] as const, r)) {
      const p = requireProbe(target);
      samples[name].push(p.ms);
      modules[name] = p.modules;
    }
  }
  const batchMs = median(samples['cdk8s-batch']);
  const plusMs = median(samples['cdk8s-plus-28']);
  out.require = { samples, modules, medianMs: { 'cdk8s-batch': batchMs, 'cdk8s-plus-28': plusMs } };
  md.push('', `### Cold require (fresh process each, medians of ${requireRuns} interleaved)`, '',
    table(['module', 'require ms', 'modules loaded'], [
      ['`require(\'cdk8s-plus-28\')`', fmt(plusMs, 1), fmt(modules['cdk8s-plus-28'])],
      ['`require(\'cdk8s-batch\')` (lib/index.js)', fmt(batchMs, 1), fmt(modules['cdk8s-batch'])],
    ]));
  targets.push(['require(\'cdk8s-batch\') <= require(\'cdk8s-plus-28\') + 20 ms', `<= ${fmt(plusMs + 20, 1)} ms`, `${fmt(batchMs, 1)} ms (+${fmt(batchMs - plusMs, 1)})`, batchMs <= plusMs + 20]);
}

if (only.includes('validate')) {
  progress(`validate: writing ${fmt(validateCount)} manifests`);
  worker(['manifests', VALIDATE_DIR, String(validateCount)]);
  const samples: { [key: string]: number[] } = { validate: [], parse: [] };
  let exit: number | null = null;
  let summary = '';
  for (let r = 0; r < rounds; r++) {
    progress(`validate round ${r + 1}/${rounds}`);
    for (const which of rotate(['validate', 'parse'], r)) {
      const x = which === 'validate' ? run(process.execPath, [BIN, 'validate', VALIDATE_DIR]) : run(process.execPath, ['-e', PARSE_SCRIPT, VALIDATE_DIR]);
      if (which === 'validate') {
        exit = x.status;
        summary = x.stdout.trim().split('\n').pop() ?? '';
      } else if (x.status !== 0 || Number(x.stdout) !== validateCount) {
        throw new Error(`the parse floor failed: ${x.stderr.slice(-2000)}`);
      }
      samples[which].push(x.ms);
    }
  }
  const v = median(samples.validate);
  const p = median(samples.parse);
  out.validate = { samples, medianMs: { validate: v, parse: p }, exit, summary };
  md.push('', `### \`cdk8s-batch validate\`, ${fmt(validateCount)} manifests in ${fmt(Math.ceil(validateCount / 100))} files (process wall time, medians of ${rounds})`, '',
    table(['command', 'ms', 'x parse'], [
      ['parse only (`yaml` parseAllDocuments + toJS, the options of src/rules/load.ts: YAML 1.1, failsafe)', fmt(p), '1.00'],
      [`\`cdk8s-batch validate\` (exit ${exit}; ${summary.replace(/\|/g, '/')})`, fmt(v), fmt(v / p, 2)],
    ]));
  targets.push([`validate ${fmt(validateCount)} manifests <= 1.5 x parsing them`, '<= 1.50', fmt(v / p, 2), v / p <= 1.5]);
}

if (only.includes('command')) {
  progress('command: compiling the examples app (tsc -b examples/tsconfig.build.json)');
  buildExamples();
  const outdir = path.join(TMP, 'examples-out');
  const former = formerSynthSetup();
  const NODE_APP = 'node dist/examples-app/examples/main.js (the app of cdk8s.yaml, compiled)';
  const appEnv = { env: { ...ENV, CDK8S_OUTDIR: outdir } };
  const variants: Array<[string, () => Ran]> = [
    ['npm run synth:examples', () => run('npm', ['run', 'synth:examples', '--silent'])],
    ['node scripts/synth-examples.js (what npm runs)', () => run(process.execPath, [SYNTH_SCRIPT])],
    ['node scripts/synth-examples.js --compile-only (its compile check; nothing changed)', () => run(process.execPath, [SYNTH_SCRIPT, '--compile-only'])],
    ['tsc -b examples/tsconfig.build.json (nothing changed: what the check saves)', () => buildExamples()],
    ['cdk8s synth --no-check-upgrade (the same app and plugin through the cdk8s CLI)', () => run(path.join(BIN_DIR, 'cdk8s'), ['synth', '--no-check-upgrade'])],
    [NODE_APP, () => run(process.execPath, [EXAMPLES_MAIN], appEnv)],
    ['npm run env (npm\'s own start-up, a shell and `env`)', () => run('npm', ['run', 'env', '--silent'])],
    ['npm run synth:examples without dist/examples-app/ (a fresh clone: everything compiled)', () => {
      fs.rmSync(EXAMPLES_OUT, { recursive: true, force: true });
      return run('npm', ['run', 'synth:examples', '--silent']);
    }],
    ['ts-node -P examples/tsconfig.json examples/main.ts (type-checked on the fly)', () => run(path.join(BIN_DIR, 'ts-node'),
      ['-P', 'examples/tsconfig.json', 'examples/main.ts'], appEnv)],
    ['ts-node --transpile-only -P examples/tsconfig.json examples/main.ts', () => run(path.join(BIN_DIR, 'ts-node'),
      ['--transpile-only', '-P', 'examples/tsconfig.json', 'examples/main.ts'], appEnv)],
    ['former synth:examples: npx projen compile (jsii + API.md), then cdk8s synth of the app through ts-node', former],
  ];
  const samples: { [key: string]: number[] } = Object.fromEntries(variants.map(([k]) => [k, []]));
  for (let r = 0; r < commandRuns; r++) {
    for (const [name, go] of rotate(variants, r)) {
      progress(`command round ${r + 1}/${commandRuns}: ${name}`);
      const x = go();
      if (x.status !== 0) throw new Error(`${name} failed (${x.status}):\n${x.stderr.slice(-3000)}${x.stdout.slice(-3000)}`);
      samples[name].push(x.ms);
    }
  }
  // `cdk8s synth` leaves construct-metadata.json among the manifests; the runner writes none.
  fs.rmSync(path.join(ROOT, 'dist', 'manifests', 'construct-metadata.json'), { force: true });
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const base = med[NODE_APP];
  out.command = { samples, medianMs: med };
  md.push('', `### The synth command (process wall time, medians of ${commandRuns} interleaved)`, '',
    table(['command', 'ms', 'x node'], Object.entries(med).map(([k, v]) => [`\`${k}\``, fmt(v), fmt(v / base, 2)])));
  const now = med['npm run synth:examples'] / base;
  targets.push(['`npm run synth:examples` <= 1.3 x the precompiled app with node', '<= 1.30', fmt(now, 2), now <= 1.3]);
}

if (profile) {
  const profiles: ProfileSummary[] = [];
  for (const s of SUBJECTS) {
    progress(`profile ${s.id} N=${maxN}`);
    profiles.push(profiled(`synth-${s.id}-${maxN}`, nodeArgs => worker(['synth', s.id, String(maxN), 'one-chart'], nodeArgs)));
  }
  if (only.includes('validate')) {
    profiles.push(profiled('validate', nodeArgs => run(process.execPath, [...nodeArgs, BIN, 'validate', VALIDATE_DIR])));
    profiles.push(profiled('parse', nodeArgs => run(process.execPath, [...nodeArgs, '-e', PARSE_SCRIPT, VALIDATE_DIR])));
  }
  profiles.push(profiled('require-cdk8s-batch', nodeArgs => requireProbe(LIB, nodeArgs)));
  out.profiles = profiles;
  for (const p of profiles) {
    md.push('', `#### Profile ${p.name} (${fmt(p.totalMs)} ms sampled; ${p.file})`, '',
      `Stages (inclusive ms): ${Object.entries(p.stages).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || 'n/a'}`, '',
      table(['self ms', 'total ms', 'function'], p.top.slice(0, 10).map(e => [fmt(e.selfMs), fmt(e.totalMs), `\`${e.fn}\``])));
  }
}

if (targets.length > 0) {
  out.targets = targets.map(([target, limit, value, met]) => ({ target, limit, value, met }));
  md.push('', '### Targets', '', table(['target', 'limit', 'measured', 'met'], targets.map(([t, l, v, met]) => [t, l, v, met ? 'yes' : '**no**'])));
}

const name = option('--name') ?? 'scale';
fs.writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
fs.writeFileSync(path.join(RESULTS, `${name}.md`), `${md.join('\n')}\n`);
console.log(md.join('\n'));
progress(`wrote bench/results/${name}.json and ${name}.md (${fmt((Date.now() - started.getTime()) / 1000)} s)`);
