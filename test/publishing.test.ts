/**
 * What a release publishes besides the npm package: the API reference (API.md, from projen's
 * docgen), the jsii Python target, the changelog and the version that the docs quote.
 *
 * Needs the compiled jsii assembly (.jsii): `npm test` compiles first; on its own, run
 * `npx projen compile` before this file. The Python code is generated with
 * `jsii-pacmak --code-only` (no Python packaging: that needs PyPI); if `python3` is on the PATH,
 * the generated module is also byte-compiled.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..');
const TMP_ROOT = path.join(REPO, '.cdk8s-batch-tmp');
const CONSTRUCTS = ['TrainingJob', 'ParallelShardJob', 'NightlyCronJob', 'GpuJob'];

const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf-8');
const pkg = JSON.parse(read('package.json'));
const tasks = JSON.parse(read('.projen/tasks.json')).tasks;
const bin = (name: string) => path.join(REPO, 'node_modules', '.bin', name);

let dir: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, '.jsii'))) {
    throw new Error('.jsii is not built: run `npx projen compile` first (`npm test` does)');
  }
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  dir = fs.mkdtempSync(path.join(TMP_ROOT, 'publishing-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[], cwd = REPO) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf-8',
    timeout: 170_000,
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.error}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

describe('API.md (projen docgen)', () => {
  test('is what jsii-docgen writes for the current assembly (the compile task regenerates it)', () => {
    expect(tasks.compile.steps).toEqual(expect.arrayContaining([{ spawn: 'docgen' }]));
    run(bin('jsii-docgen'), ['-o', path.join(dir, 'API.md')]);
    const fresh = fs.readFileSync(path.join(dir, 'API.md'), 'utf-8');
    // A mismatch means API.md is older than the code: `npx projen compile` rewrites it.
    expect(read('API.md') === fresh).toBe(true);
  }, 180_000);

  test('documents the four constructs and their props', () => {
    const api = read('API.md');
    for (const name of CONSTRUCTS) {
      expect(api).toContain(`### ${name} <a name="${name}" id="cdk8s-batch.${name}"></a>`);
      expect(api).toContain(`### ${name}Props <a name="${name}Props" id="cdk8s-batch.${name}Props"></a>`);
    }
  });
});

describe('the jsii Python target', () => {
  test('is configured as distribution cdk8s-batch, module cdk8s_batch, in package.json and the compiled assembly', () => {
    const python = { distName: 'cdk8s-batch', module: 'cdk8s_batch' };
    expect(pkg.jsii.targets.python).toEqual(python);
    expect(JSON.parse(read('.jsii')).targets.python).toEqual(python);
    expect(tasks['package:python'].steps).toEqual([{ execArgs: ['jsii-pacmak', '-v', '--target', 'python'] }]);
  });

  test('jsii-pacmak generates a cdk8s_batch module with the four construct classes, at the package version', () => {
    run(bin('jsii-pacmak'), ['--target', 'python', '--code-only', '--force', '-o', dir]);
    const module = path.join(dir, 'python', 'src', 'cdk8s_batch', '__init__.py');
    const code = fs.readFileSync(module, 'utf-8');
    for (const name of CONSTRUCTS) {
      expect(code).toMatch(new RegExp(`^class ${name}\\(`, 'm'));
      expect(code).toMatch(new RegExp(`^class ${name}Props\\(`, 'm'));
    }
    const setup = fs.readFileSync(path.join(dir, 'python', 'setup.py'), 'utf-8');
    expect(setup).toContain('"name": "cdk8s-batch"');
    expect(setup).toContain(`"version": "${pkg.version}"`);
    // The generated code is valid Python (where python3 is installed; PyPI is not needed).
    const python = spawnSync('python3', ['--version'], { encoding: 'utf-8' });
    if (python.status === 0) {
      run('python3', ['-m', 'py_compile', module]);
    } else {
      // eslint-disable-next-line no-console
      console.warn('python3 not found: the generated Python module was not byte-compiled');
    }
  }, 180_000);
});

/** The version of the newest `## [x.y.z]` entry of CHANGELOG.md. */
function changelogVersion(): string | undefined {
  return read('CHANGELOG.md').match(/^## \[(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]/m)?.[1];
}

/** Every version the docs quote for cdk8s-batch: the plugin's `version:` in yaml blocks and cdk8s.yaml, and `cdk8s-batch@x.y.z`. */
function quotedVersions(): Array<{ file: string; version: string }> {
  const docs = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
  const found: Array<{ file: string; version: string }> = [];
  for (const file of docs) {
    const text = read(file);
    for (const [, block] of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      if (!block.includes('BatchValidationPlugin')) continue;
      for (const [, version] of block.matchAll(/^\s*version:\s*['"]?([^\s'"#]+)/gm)) found.push({ file, version });
    }
    for (const [, version] of text.matchAll(/\bcdk8s-batch@(\d[^\s`'")]*)/g)) found.push({ file, version });
  }
  for (const [, version] of read('cdk8s.yaml').matchAll(/^\s*version:\s*['"]?([^\s'"#]+)/gm)) found.push({ file: 'cdk8s.yaml', version });
  return found;
}

describe('version and release', () => {
  test('package.json has the version of the newest CHANGELOG.md entry, a real semver version', () => {
    expect(changelogVersion()).toBeDefined();
    expect(pkg.version).toBe(changelogVersion());
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(pkg.version).not.toBe('0.0.0');
  });

  test('every version the docs and cdk8s.yaml quote is the package version', () => {
    const quoted = quotedVersions();
    expect(quoted.map(q => q.file)).toEqual(expect.arrayContaining(['README.md', 'docs/validation.md', 'cdk8s.yaml']));
    expect(quoted.filter(q => q.version !== pkg.version)).toEqual([]);
  });

  test('projen release without GitHub: bump to the changelog version, build, tag; changelog kept in CHANGELOG.md', () => {
    expect(tasks.release.steps.map((s: any) => s.spawn ?? s.exec ?? s.execArgs?.join(' '))).toEqual(
      ['rm -fr dist', 'bump', 'build', 'unbump', 'git diff --ignore-space-at-eol --exit-code', 'publish:git']);
    expect(tasks['publish:git'].env.PROJECT_CHANGELOG_FILE).toBe('CHANGELOG.md');
    expect(tasks['publish:git'].steps).toEqual([{ builtin: 'release/update-changelog' }, { builtin: 'release/tag-version' }]);
    // `unbump` restores the committed version (projen's own would write 0.0.0 and fail the diff).
    expect(tasks.unbump.steps).toEqual([{ spawn: 'default' }]);
    // The next version is the newest changelog entry: run the command the bump runs.
    const [next] = tasks['bump:next-version'].steps;
    expect(run('sh', ['-c', next.exec])).toBe(pkg.version);
  });
});
