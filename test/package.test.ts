/**
 * The npm package's contents, from `npm pack --dry-run --json` (no network, about a second).
 * The package is compiled lib/ (every module of src/ as .js and .d.ts), the CLI in bin/, the
 * bundled `yaml`, docs/ and examples/ (README and docs link to them, and an npm reader has no
 * repository to follow the links into), README, API.md, CHANGELOG.md, LICENSE and the jsii
 * assembly; never the repository's tests, benchmarks, scripts or local artifacts. `npm test`
 * compiles first; on its own, run `npx projen compile` before this file.
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
const ALLOWED_TOP_LEVEL = ['.jsii', 'API.md', 'CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'docs', 'examples', 'lib', 'node_modules', 'package.json', 'src'];

/** Where the repository's files are on the web (absolute links in the docs point here). */
const REPOSITORY_BLOB = 'https://github.com/cdk8s-batch/cdk8s-batch/blob/main/';

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

/** The link targets of a Markdown file (`[text](target)`, outside fenced code blocks). */
function markdownLinks(file: string): string[] {
  const text = fs.readFileSync(path.join(REPO, file), 'utf-8').replace(/^( *)```[\s\S]*?^\1```/gm, '');
  return [...text.matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)].map(m => m[1]);
}

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

  test('has package.json, README.md, API.md, CHANGELOG.md, LICENSE and the jsii assembly', () => {
    for (const file of ['package.json', 'README.md', 'API.md', 'CHANGELOG.md', 'LICENSE', '.jsii']) {
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

  test('has every example of examples/ (the README and docs link to them), without its tsconfig.json', () => {
    const examples = fs.readdirSync(path.join(REPO, 'examples')).filter(f => /\.(ts|js)$/.test(f)).map(f => `examples/${f}`);
    expect(examples).toContain('examples/plain-javascript.js');
    expect(examples.filter(f => !paths.has(f))).toEqual([]);
    expect(paths).not.toContain('examples/tsconfig.json');
  });

  test('every relative link in README.md and docs/*.md reaches a file in the package', () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
    const links = pages.flatMap(page => markdownLinks(page).map(link => ({ page, link })));
    const relative = links.filter(({ link }) => !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('#'));
    const targets = relative.map(({ page, link }) => ({
      page, link, file: path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(link.split('#')[0]))),
    }));
    expect(targets.map(t => t.file)).toEqual(expect.arrayContaining(['docs/validation.md', 'examples/main.ts', 'examples/plain-javascript.js', 'API.md', 'CHANGELOG.md']));
    const reaches = (file: string) => paths.has(file) || [...paths].some(p => p.startsWith(file.endsWith('/') ? file : `${file}/`));
    expect(targets.filter(t => !reaches(t.file)).map(t => `${t.page}: ${t.link}`)).toEqual([]);
  });

  test("absolute links into this repository's main branch name files that exist", () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];
    const files = pages.flatMap(page => markdownLinks(page).filter(l => l.startsWith(REPOSITORY_BLOB)).map(l => ({ page, file: l.slice(REPOSITORY_BLOB.length).split('#')[0] })));
    expect(files.filter(f => !fs.existsSync(path.join(REPO, f.file))).map(f => `${f.page}: ${f.file}`)).toEqual([]);
  });

  test('has no tests, benchmarks, scripts, CI, build config or local artifacts', () => {
    const forbidden = [
      /^test\//, /^examples\/tsconfig\.json$/, /^bench\//, /^scripts\//, /^\.ci\//, /^\.projen\//, /^projenrc\//,
      /^coverage\//, /^test-reports\//, /^dist\//, /^cdk8s\.out\//, /^\.cdk8s-batch-tmp\//,
      /^cdk8s\.yaml$/, /^\.projenrc\.ts$/, /^tsconfig\.json$/, /^\.eslintrc\.json$/, /^\.git/,
      /\.tgz$/, /\.test\.ts$/, /(^|\/)junit\.xml$/, /\.tsbuildinfo$/,
    ];
    expect([...paths].filter(p => forbidden.some(re => re.test(p)))).toEqual([]);
  });
});
