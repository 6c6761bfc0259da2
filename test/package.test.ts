/**
 * The npm package's contents, from `npm pack --dry-run --json` (no network, about a second).
 * The package is compiled lib/ (every module of src/ as .js and .d.ts), the CLI in bin/, the
 * bundled `yaml`, the docs the README links to, README, LICENSE and the jsii assembly; never the
 * repository's tests, examples, benchmarks, scripts or local artifacts. `npm test` compiles
 * first; on its own, run `npx projen compile` before this file.
 *
 * The install-from-tarball run (a fresh cdk8s app, synth, plugin, CLI) is
 * scripts/package-smoke.sh.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..');

interface PackedFile {
  readonly path: string;
  readonly mode: number;
}

interface Packed {
  readonly name: string;
  readonly files: PackedFile[];
  readonly bundled: string[];
}

/** The top-level entries the package may have (src/ would be allowed too, it is not shipped today). */
const ALLOWED_TOP_LEVEL = ['.jsii', 'LICENSE', 'README.md', 'bin', 'docs', 'lib', 'node_modules', 'package.json', 'src'];

let packed: Packed;
let paths: Set<string>;

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, 'lib', 'index.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` first (`npm test` does)');
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], {
    cwd: REPO,
    encoding: 'utf-8',
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`npm pack --dry-run failed (${result.status}): ${result.stderr}`);
  }
  packed = JSON.parse(result.stdout)[0];
  paths = new Set(packed.files.map(f => f.path));
}, 60_000);

/** `src/**.ts` without the `.ts`, relative to src/. */
function sourceModules(dir = path.join(REPO, 'src'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    if (entry.isDirectory()) return sourceModules(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [`${prefix}${entry.name.slice(0, -3)}`] : [];
  });
}

describe('npm package', () => {
  test('has only the allowed top-level entries', () => {
    const top = [...new Set(packed.files.map(f => f.path.split('/')[0]))].sort();
    expect(top.filter(t => !ALLOWED_TOP_LEVEL.includes(t))).toEqual([]);
  });

  test('has package.json, README.md, LICENSE and the jsii assembly', () => {
    for (const file of ['package.json', 'README.md', 'LICENSE', '.jsii']) {
      expect(paths).toContain(file);
    }
  });

  test('has every module of src/ compiled to lib/ as .js and .d.ts', () => {
    const modules = sourceModules();
    expect(modules).toContain('index');
    expect(modules).toContain('cli/main');
    const missing = modules.flatMap(m => [`lib/${m}.js`, `lib/${m}.d.ts`]).filter(f => !paths.has(f));
    expect(missing).toEqual([]);
  });

  test('has every file that a packed module requires (e.g. a JSON file next to a module)', () => {
    const unresolved: string[] = [];
    let requires = 0;
    for (const file of [...paths].filter(p => /^(lib|bin)\/.*\.js$/.test(p))) {
      const code = fs.readFileSync(path.join(REPO, file), 'utf-8');
      for (const [, spec] of code.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        requires++;
        const candidates = [target, `${target}.js`, `${target}.json`, `${target}/index.js`];
        if (!candidates.some(c => paths.has(c))) unresolved.push(`${file}: require('${spec}')`);
      }
    }
    expect(requires).toBeGreaterThan(10);
    expect(unresolved).toEqual([]);
  });

  test("has package.json's main, types and bin, and the bin is executable", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf-8'));
    expect(paths).toContain(pkg.main);
    expect(paths).toContain(pkg.types);
    expect(pkg.bin).toEqual({ 'cdk8s-batch': 'bin/cdk8s-batch.js' });
    const bin = packed.files.find(f => f.path === 'bin/cdk8s-batch.js');
    expect(bin).toBeDefined();
    expect(bin!.mode.toString(8).slice(-3)).toBe('755'); // npm packs bins as rwxr-xr-x
  });

  test('bundles yaml (the CLI and the plugin parse manifests with it), and no other module', () => {
    expect(packed.bundled).toEqual(['yaml']);
    const yamlPkg = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'yaml', 'package.json'), 'utf-8'));
    expect(paths).toContain('node_modules/yaml/package.json');
    expect(paths).toContain(path.posix.join('node_modules/yaml', yamlPkg.main));
    const others = [...paths].filter(p => p.startsWith('node_modules/') && !p.startsWith('node_modules/yaml/'));
    expect(others).toEqual([]);
  });

  test('has every docs/ page the README links to', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf-8');
    const linked = [...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map(m => m[1]);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.filter(l => !paths.has(l))).toEqual([]);
  });

  test('has no tests, examples, benchmarks, scripts, CI, build config or local artifacts', () => {
    const forbidden = [
      /^test\//, /^examples\//, /^bench\//, /^scripts\//, /^\.ci\//, /^\.projen\//, /^projenrc\//,
      /^coverage\//, /^test-reports\//, /^dist\//, /^cdk8s\.out\//, /^\.cdk8s-batch-tmp\//,
      /^cdk8s\.yaml$/, /^\.projenrc\.ts$/, /^tsconfig\.json$/, /^\.eslintrc\.json$/, /^\.git/,
      /\.tgz$/, /\.test\.ts$/, /(^|\/)junit\.xml$/, /\.tsbuildinfo$/,
    ];
    expect([...paths].filter(p => forbidden.some(re => re.test(p)))).toEqual([]);
  });
});
