/**
 * `require('cdk8s-batch')` loads only the public modules (those src/index.ts exports from, and
 * src/_lazy.ts); the internal ones are loaded by the first construct built (see src/_lazy.ts).
 * Checked in a fresh Node.js process against the compiled lib/ (`npm test` compiles first; on
 * its own, run `npx projen compile` before this file), by the modules in `require.cache`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..');
const LIB = path.join(REPO, 'lib');

/** The modules src/index.ts exports from, and the two that `require` needs besides them. */
const PUBLIC = [
  'index',
  '_lazy',
  ...[...fs.readFileSync(path.join(REPO, 'src', 'index.ts'), 'utf-8').matchAll(/^export \* from '\.\/(.+)';$/gm)].map(m => m[1]),
];

/** Internal modules that building a construct needs and `require` alone must not load. */
const INTERNAL = [
  '_internals', '_apply-defaults', '_batch-constructs', '_checks', '_distributed', '_features', '_gate', '_gpu-sizing', '_kueue',
  '_placement', '_pod-failure-policy', '_pod-fields', '_props', '_render', '_resources', '_shards', '_sweep', '_target', '_validate',
  '_volumes', 'rules/job-values', 'rules/versions',
];

/** The lib/ modules (without `.js`) loaded after `require`, then after building a TrainingJob. */
function loadedModules(): { afterRequire: string[]; afterConstruct: string[] } {
  const script = `
    const path = require('path');
    const lib = ${JSON.stringify(LIB)};
    const loaded = () => Object.keys(require.cache).filter(f => f.startsWith(lib + path.sep))
      .map(f => path.relative(lib, f).replace(/\\.js$/, '').split(path.sep).join('/')).sort();
    const batch = require(lib);
    const afterRequire = loaded();
    const { App, Chart } = require('cdk8s');
    new batch.TrainingJob(new Chart(new App(), 'chart'), 'train', { image: 'python:3.12' });
    process.stdout.write(JSON.stringify({ afterRequire, afterConstruct: loaded() }));
  `;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf-8', env, timeout: 60_000 });
  if (result.status !== 0) throw new Error(`node failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

let modules: { afterRequire: string[]; afterConstruct: string[] };
beforeAll(() => {
  if (!fs.existsSync(path.join(LIB, 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` first (`npm test` does)');
  }
  modules = loadedModules();
});

test('require(\'cdk8s-batch\') loads only the public modules', () => {
  expect(modules.afterRequire).toEqual([...PUBLIC].sort());
  expect(modules.afterRequire.filter(m => INTERNAL.includes(m))).toEqual([]);
});

test('building a TrainingJob loads the internal modules', () => {
  expect(INTERNAL.filter(m => !modules.afterConstruct.includes(m))).toEqual([]);
});
