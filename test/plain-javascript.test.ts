/**
 * examples/plain-javascript.js, run with Node.js as an npm user runs it: CommonJS,
 * `require('cdk8s-batch')`, no TypeScript. Here `cdk8s-batch` resolves to this repository's
 * compiled lib/ (`npm test` compiles first; on its own, run `npx projen compile` before this
 * file); scripts/package-smoke.sh runs the same file against the installed tarball.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const REPO = path.join(__dirname, '..');
const TMP_ROOT = path.join(REPO, '.cdk8s-batch-tmp');
const EXAMPLE = path.join(REPO, 'examples', 'plain-javascript.js');

let dir: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` first (`npm test` does)');
  }
});
beforeEach(() => {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  dir = fs.mkdtempSync(path.join(TMP_ROOT, 'plain-js-'));
  // node_modules/cdk8s-batch -> this repository (package.json's main: lib/index.js)
  fs.mkdirSync(path.join(dir, 'modules'));
  fs.symlinkSync(REPO, path.join(dir, 'modules', 'cdk8s-batch'), 'dir');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a JavaScript file with Node.js in the temp dir, `cdk8s-batch` resolving to lib/. */
function node(file: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(dir, 'modules') };
  delete env.CDK8S_OUTDIR;
  return spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf-8', env, timeout: 60_000 });
}

describe('examples/plain-javascript.js', () => {
  test('synthesizes a TrainingJob and a NightlyCronJob to dist/plain-js.k8s.yaml', () => {
    // WHEN
    const result = node(EXAMPLE);
    // THEN
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['plain-js.k8s.yaml']);
    const [job, cron, ...rest] = parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', 'plain-js.k8s.yaml'), 'utf-8')).map(d => d.toJS());
    expect(rest).toEqual([]);
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: {
        backoffLimit: 4,
        activeDeadlineSeconds: 86400,
        ttlSecondsAfterFinished: 86400,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'perl:5.34', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }] } },
      },
    });
    expect(cron).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly-training' },
      spec: {
        schedule: '30 1 * * *',
        timeZone: 'Europe/Berlin',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { spec: { activeDeadlineSeconds: 6 * 3600, template: { spec: { containers: [{ image: 'python:3.12-slim', command: ['python', 'train.py'] }] } } } },
      },
    });
  });

  test('a misspelled prop fails with the library\'s "did you mean" error, and nothing is written', () => {
    // GIVEN the example with `backOffLimit` for `backoffLimit`
    const source = fs.readFileSync(EXAMPLE, 'utf-8');
    expect(source).toContain('  backoffLimit: 4,\n');
    const bad = path.join(dir, 'bad.js');
    fs.writeFileSync(bad, source.replace('  backoffLimit: 4,\n', '  backOffLimit: 4,\n'));
    // WHEN
    const result = node(bad);
    // THEN
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "BatchValidationError: TrainingJob 'plain-js/pi': 'backOffLimit' (4) must be a prop of TrainingJobProps (there is no 'backOffLimit'); did you mean 'backoffLimit'?");
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('README.md\'s "From plain JavaScript" shows the example as it is', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf-8');
    const section = readme.slice(readme.indexOf('## From plain JavaScript'));
    const block = section.match(/```js\n([\s\S]*?)```/)?.[1];
    expect(block).toBeDefined();
    expect(block!.split('\n').length).toBeGreaterThan(10);
    expect(fs.readFileSync(EXAMPLE, 'utf-8')).toContain(block!);
    expect(section).toContain('](examples/plain-javascript.js)');
  });
});
