/**
 * Runs projen tasks side by side, each in a process of its own, and fails when any of them fails
 * (all run to their end): `node scripts/side-by-side.js compile eslint`. The test task uses it for
 * the jsii compile and eslint, two single-process steps that each keep one core busy (see
 * .projenrc.ts).
 */
const { spawn } = require('child_process');

const projen = require.resolve('projen/bin/projen');
const tasks = process.argv.slice(2);
if (tasks.length === 0) {
  console.error('usage: node scripts/side-by-side.js <task> [<task> ...]');
  process.exit(2);
}
const run = task => new Promise(done => {
  spawn(process.execPath, [projen, task], { stdio: 'inherit' }).on('close', code => done(code ?? 1));
});
Promise.all(tasks.map(run)).then(codes => {
  const failed = tasks.filter((_, i) => codes[i] !== 0);
  if (failed.length) console.error(`side-by-side: failed: ${failed.join(', ')}`);
  process.exit(failed.length ? 1 : 0);
});
