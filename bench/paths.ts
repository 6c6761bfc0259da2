/**
 * Two paths the scale benchmark does not take, measured side by side in one run (fresh processes,
 * interleaved rounds, medians):
 *
 * - rejected: N TrainingJobs, each with three bad props (each problem is found as an error of its
 *   own, and the three are merged into one), the error caught; with and without
 *   `node --enable-source-maps` (stack traces mapped to the TypeScript sources, as a debugger or a
 *   test runner does);
 * - staggered: N NightlyCronJobs, each with a schedule of its own (`m h * * *` for every minute of
 *   the day, then `m h * * d` for every minute of the week): each schedule is checked once.
 *
 *   npm run bench:paths [-- --compare <another build>] (compiles lib/ first), or
 *   npx ts-node -P bench/tsconfig.json bench/paths.ts [--lib lib] [--compare <another build>]
 *     [--n 2000] [--runs 5] [--name paths]
 *
 * Writes bench/results/<name>.md and .json (like bench/scale.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { median } from './scale/stats';

const ROOT = path.resolve(__dirname, '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function whole(name: string, fallback: number): number {
  const n = Number(option(name) ?? fallback);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number`);
  return n;
}

const n = whole('--n', 2000);
const runs = whole('--runs', 5);
const name = option('--name') ?? 'paths';
const libs: Array<[string, string]> = [['lib', path.resolve(ROOT, option('--lib') ?? 'lib')]];
if (option('--compare')) libs.push(['compare', path.resolve(ROOT, option('--compare')!)]);

/** The script a fresh process runs: builds N of a scenario with the library at LIB, prints ms. */
const SCRIPT = `
const { App, Chart } = require('cdk8s');
const lib = require(process.env.LIB);
const [scenario, n] = [process.argv[1], Number(process.argv[2])];
const app = new App({ outdir: '/nonexistent' });
const chart = new Chart(app, 'bench');
// Warm up (module loading, the first construct) outside the timing.
new lib.TrainingJob(new Chart(new App({ outdir: '/nonexistent' }), 'warm'), 'job', { image: 'python:3.12' });
const start = process.hrtime.bigint();
let rejected = 0;
for (let i = 0; i < n; i++) {
  if (scenario === 'rejected') {
    try {
      new lib.TrainingJob(chart, 'job' + i, { image: 'python:3.12', backoffLimit: -1, runAsUser: -5, containerName: 'Main_Container' });
    } catch (e) {
      if (e.message.split('\\n').length !== 3) throw e;
      rejected++;
    }
  } else {
    const minute = i % 10080;
    const schedule = minute < 1440
      ? (minute % 60) + ' ' + Math.floor(minute / 60) + ' * * *'
      : (minute % 60) + ' ' + (Math.floor(minute / 60) % 24) + ' * * ' + Math.floor(minute / 1440);
    new lib.NightlyCronJob(chart, 'cron' + i, { image: 'python:3.12', schedule: lib.Schedule.expression(schedule) });
  }
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
if (scenario === 'rejected' && rejected !== n) throw new Error('not every construct was rejected');
process.stdout.write(String(ms));
`;

const SCENARIOS: Array<[string, string, string[]]> = [
  ['rejected (three bad props each)', 'rejected', []],
  ['rejected, node --enable-source-maps', 'rejected', ['--enable-source-maps']],
  ['staggered schedules (one per minute of the day, then of the week)', 'staggered', []],
];

const samples = new Map<string, number[]>();
for (let r = 0; r < runs; r++) {
  for (const [libName, lib] of r % 2 ? [...libs].reverse() : libs) {
    for (const [title, scenario, flags] of SCENARIOS) {
      const result = spawnSync(process.execPath, [...flags, '-e', SCRIPT, scenario, String(n)], {
        cwd: ROOT, encoding: 'utf-8', env: { ...process.env, LIB: lib },
      });
      if (result.status !== 0) throw new Error(`${title} (${libName}) failed: ${result.stderr}`);
      const key = `${title}\u0000${libName}`;
      samples.set(key, [...(samples.get(key) ?? []), Number(result.stdout)]);
      process.stderr.write(`${new Date().toISOString().slice(11, 19)} round ${r + 1}/${runs}: ${title} (${libName}) ${Number(result.stdout).toFixed(0)} ms\n`);
    }
  }
}

const rows = SCENARIOS.map(([title]) => {
  const per = libs.map(([libName]) => median(samples.get(`${title}\u0000${libName}`)!) * 1000 / n);
  return [title, ...per.map(us => us.toFixed(1)), ...(per.length > 1 ? [(per[0] / per[1]).toFixed(2)] : [])];
});
const header = ['path', ...libs.map(([l, dir]) => `µs per construct (${l}: ${path.relative(ROOT, dir) || '.'})`), ...(libs.length > 1 ? ['lib / compare'] : [])];
const md = [
  `Run of ${new Date().toISOString().slice(0, 16)}Z, N = ${n}, medians of ${runs} fresh processes each, interleaved.`,
  '',
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map(r => `| ${r.join(' | ')} |`),
].join('\n');
fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench', 'results', `${name}.md`), `${md}\n`);
fs.writeFileSync(path.join(ROOT, 'bench', 'results', `${name}.json`), `${JSON.stringify({ n, runs, libs, samples: Object.fromEntries(samples) }, null, 2)}\n`);
console.log(md);
