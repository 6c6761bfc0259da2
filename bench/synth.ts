/**
 * Synthesis speed, measured side by side in one run (the machine is shared and noisy: rounds
 * are interleaved, and medians and ratios are reported, never single timings).
 *
 *   npm run bench:synth [-- --rounds N --per-round M]
 *
 * Each round builds M apps of each subject and synthesizes them to YAML; the median time per app
 * over N rounds is reported, with its ratio to a plain cdk8s-plus-28 `Job` with the same image and
 * command (validation, defaults and the schema-valid output are what the ratio pays for).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NightlyCronJob, ParallelShardJob, TrainingJob } from '../src';

const IMAGE = 'python:3.12';
const COMMAND = ['python', 'train.py'];

const SUBJECTS: Array<[string, (chart: Chart) => void]> = [
  ['cdk8s-plus-28 Job (baseline)', chart => {
    new kplus.Job(chart, 'job', { containers: [{ image: IMAGE, command: COMMAND }] });
  }],
  ['TrainingJob', chart => {
    new TrainingJob(chart, 'job', { image: IMAGE, command: COMMAND });
  }],
  ['ParallelShardJob, 10,000 shards', chart => {
    new ParallelShardJob(chart, 'job', { image: IMAGE, command: COMMAND, shards: 10_000 });
  }],
  ['NightlyCronJob', chart => {
    new NightlyCronJob(chart, 'job', { image: IMAGE, command: COMMAND });
  }],
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const n = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`${name} needs a positive whole number`);
    process.exit(2);
  }
  return n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const rounds = arg('--rounds', 15);
const perRound = arg('--per-round', 20);
const samples = SUBJECTS.map(() => [] as number[]);

for (let r = 0; r < rounds + 1; r++) {
  SUBJECTS.forEach(([, build], s) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) {
      const app = new App({ outdir: '/nonexistent' });
      build(new Chart(app, 'bench'));
      app.synthYaml();
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / perRound;
    if (r > 0) samples[s].push(ms); // round 0 warms up the JIT and the module caches
  });
}

const baseline = median(samples[0]);
console.log(`synth time per app: median of ${rounds} rounds x ${perRound} apps, interleaved`);
console.log('| subject | median ms/app | ratio to baseline |');
console.log('| --- | --- | --- |');
SUBJECTS.forEach(([name], s) => {
  const m = median(samples[s]);
  console.log(`| ${name} | ${m.toFixed(2)} | ${(m / baseline).toFixed(2)} |`);
});
