/**
 * One measurement of bench/scale.ts, in a process of its own (so each peak RSS is its own and no
 * measurement warms up another). Prints one JSON line: the times in ms, the RSS once the modules
 * are loaded and the peak RSS (`process.resourceUsage().maxRSS`), both in KiB.
 *
 *   worker synth <subject> <n> <one-chart|chart-per-job> [--dump <file.json>]
 *   worker floor <file.json>       cdk8s Yaml.stringify of the dumped manifests
 *   worker apiobject <file.json>   plain cdk8s ApiObjects of the dumped manifests, built and synthesized
 *   worker sweep <JobPerTrial|Indexed> <trials>   one HyperparameterSweep in one chart
 *   worker manifests <dir> <n>     writes n manifests (all four constructs) as files of 100 documents
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { LIB, Layout, SUBJECTS, buildApiObjects, buildApp, buildSweep, subject } from './subjects';

const now = () => process.hrtime.bigint();
const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;
const rssKiB = () => Math.round(process.memoryUsage().rss / 1024);
const peakKiB = () => process.resourceUsage().maxRSS;
/** The heap still in use after a full collection (bench/scale.ts runs workers with --expose-gc). */
const retainedKiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1024);
};

function report(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const [mode, ...args] = process.argv.slice(2);

if (mode === 'synth') {
  const [id, count, layout] = args;
  const s = subject(id);
  // Every module a subject needs is loaded before the clock starts (what cdk8s-batch loads lazily
  // at its first construct is the subjects' own cost).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('cdk8s-plus-28');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!s.baseline) require(LIB);
  const heapBefore = retainedKiB();
  const loaded = rssKiB();
  const t0 = now();
  const app = buildApp(s, Number(count), layout as Layout);
  const t1 = now();
  let yaml: string | undefined = app.synthYaml();
  const t2 = now();
  const peak = peakKiB();
  const bytes = Buffer.byteLength(yaml);
  yaml = undefined; // what the app retains, not its output
  const retained = retainedKiB() - heapBefore;
  report({ buildMs: ms(t0, t1), synthMs: ms(t1, t2), loadedKiB: loaded, peakKiB: peak, bytes, retainedKiB: retained, charts: app.charts.length });
  const dump = args.indexOf('--dump');
  if (dump >= 0) {
    const manifests = app.charts.flatMap(c => c.toJson());
    fs.writeFileSync(args[dump + 1], JSON.stringify(manifests));
  }
} else if (mode === 'sweep') {
  const [layout, count] = args;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(LIB);
  const heapBefore = retainedKiB();
  const loaded = rssKiB();
  const t0 = now();
  const app = buildSweep(layout as 'JobPerTrial' | 'Indexed', Number(count));
  const t1 = now();
  let yaml: string | undefined = app.synthYaml();
  const t2 = now();
  const peak = peakKiB();
  const bytes = Buffer.byteLength(yaml);
  yaml = undefined;
  const retained = retainedKiB() - heapBefore;
  const objects = app.charts[0].node.findAll().filter(c => c instanceof ApiObject).length;
  report({ buildMs: ms(t0, t1), synthMs: ms(t1, t2), loadedKiB: loaded, peakKiB: peak, bytes, retainedKiB: retained, objects });
} else if (mode === 'floor' || mode === 'apiobject') {
  const loaded = rssKiB();
  const manifests = JSON.parse(fs.readFileSync(args[0], 'utf-8'));
  if (mode === 'floor') {
    const t0 = now();
    const yaml = Yaml.stringify(...manifests);
    const t1 = now();
    report({ buildMs: 0, synthMs: ms(t0, t1), loadedKiB: loaded, peakKiB: peakKiB(), bytes: Buffer.byteLength(yaml) });
  } else {
    const t0 = now();
    const app = buildApiObjects(manifests);
    const t1 = now();
    const yaml = app.synthYaml();
    const t2 = now();
    report({ buildMs: ms(t0, t1), synthMs: ms(t1, t2), loadedKiB: loaded, peakKiB: peakKiB(), bytes: Buffer.byteLength(yaml) });
  }
} else if (mode === 'manifests') {
  // Hand-written-looking input for `cdk8s-batch validate`: files of 100 documents, the four
  // constructs in turn, every object named uniquely.
  const [dir, count] = args;
  const n = Number(count);
  const constructs = SUBJECTS.filter(s => !s.baseline);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (let file = 0; file * 100 < n; file++) {
    const app = new App({ outdir: dir });
    const chart = new Chart(app, `file${file}`);
    for (let i = file * 100; i < Math.min(n, (file + 1) * 100); i++) constructs[i % constructs.length].build(chart, i);
    fs.writeFileSync(path.join(dir, `manifests-${String(file).padStart(4, '0')}.yaml`), app.synthYaml());
  }
  report({ files: Math.ceil(n / 100), manifests: n });
} else {
  process.stderr.write('usage: worker synth|floor|apiobject|manifests ...\n');
  process.exit(2);
}
