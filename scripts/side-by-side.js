/**
 * Runs lanes of projen tasks side by side, each task in a process of its own, and fails when any
 * task fails (every lane runs to its end; a lane stops at its first failed task):
 *
 *   node scripts/side-by-side.js <lane> [<lane> ...] [-- <args for the last task of the last lane>]
 *
 * A lane is one task, or tasks separated by commas, run one after the other. The test task uses
 * `eslint compile,test:jest --`: eslint (one process, one core) beside the jsii compile and then
 * jest, which starts as soon as the compile is done instead of waiting for eslint too (see
 * .projenrc.ts). What follows `--` (`npm test -- <jest args>`) goes to the last task.
 */
const { spawn } = require('child_process');

const projen = require.resolve('projen/bin/projen');
const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const lanes = (dashes < 0 ? argv : argv.slice(0, dashes)).map(lane => lane.split(',').filter(Boolean));
const extra = dashes < 0 ? [] : argv.slice(dashes + 1);
if (lanes.length === 0 || lanes.some(lane => lane.length === 0)) {
  console.error('usage: node scripts/side-by-side.js <task>[,<task>...] [<task>[,<task>...] ...] [-- <args for the last task>]');
  process.exit(2);
}

const run = (task, args) => new Promise(done => {
  spawn(process.execPath, [projen, task, ...args], { stdio: 'inherit' }).on('close', code => done(code ?? 1));
});

/** Runs a lane's tasks in order; returns the failed task, if any. */
async function runLane(tasks, isLast) {
  for (const [i, task] of tasks.entries()) {
    const args = isLast && i === tasks.length - 1 ? extra : [];
    if (await run(task, args) !== 0) return task;
  }
  return undefined;
}

Promise.all(lanes.map((tasks, i) => runLane(tasks, i === lanes.length - 1))).then(results => {
  const failed = results.filter(Boolean);
  if (failed.length) console.error(`side-by-side: failed: ${failed.join(', ')}`);
  process.exit(failed.length ? 1 : 0);
});
