/**
 * `npm run synth:examples`: the examples app to YAML under dist/manifests, checked by the
 * validation plugin, in one Node.js process next to the app's own.
 *
 * 1. Compile: `tsc -b examples/tsconfig.build.json` (examples/ and src/ to dist/examples-app/),
 *    only when its inputs changed since the last compile: a SHA-256 of every file under examples/
 *    and src/, tsconfig.json and package-lock.json, kept in dist/examples-app/.inputs.sha256.
 *    Loading the TypeScript compiler alone takes longer than the app.
 * 2. Synthesize as `cdk8s synth` does with the cdk8s.yaml of the current directory: the output
 *    folder is emptied, `app` runs in a shell with CDK8S_OUTDIR set to `output`, and every entry
 *    under `validations:` (a local package and its `class`) checks the `.yaml` files written there,
 *    through the same plugin interface (`validate({ manifests, report })`). Plugins are loaded
 *    while the app runs. Exit code 1 when the app fails, 2 when a plugin reports a failure.
 *    Unlike `cdk8s synth`, no construct-metadata.json is written (the report names each object's
 *    file and name instead of its construct path): dist/manifests holds only manifests.
 *
 * `cdk8s synth` with the same cdk8s.yaml gives the same files and the same verdict
 * (test/plugin.test.ts); it adds the cdk8s CLI's start-up (about 2 s, see docs/performance.md).
 *
 * Usage: node scripts/synth-examples.js [--no-compile | --compile-only]
 */
const { spawn, spawnSync } = require('child_process');
const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** What `tsc -b examples/tsconfig.build.json` reads, relative to the repository root. */
const COMPILE_INPUTS = ['examples', 'src', 'tsconfig.json', 'package-lock.json'];
const BUILD_CONFIG = 'examples/tsconfig.build.json';
const STAMP = 'dist/examples-app/.inputs.sha256';

/** Every file under `entry` (a file or a folder), relative to `root`, sorted. */
function filesOf(root, entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs.readdirSync(full).sort().flatMap(name => filesOf(root, path.posix.join(entry, name)));
}

/** The SHA-256 of the names and contents of the compile's inputs under `root`. */
function inputsDigest(root = ROOT, inputs = COMPILE_INPUTS) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(entry => filesOf(root, entry))) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Compiles the examples app unless its inputs are those of the last compile. Returns whether it compiled. */
function compile(root = ROOT) {
  const digest = inputsDigest(root);
  const stamp = path.join(root, STAMP);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf-8').trim() === digest) return false;
  console.log(`Compiling the examples app (tsc -b ${BUILD_CONFIG})`);
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-b', BUILD_CONFIG], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`synth: tsc -b ${BUILD_CONFIG} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${digest}\n`);
  return true;
}

/** `.yaml` files under `dir`, sorted by path (what `cdk8s synth` hands the validation plugins). */
function manifestsIn(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap(e => (e.isDirectory() ? manifestsIn(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : []));
}

/** A validation report with the interface the plugins fill in (`addViolation`, `submit`). */
class Report {
  constructor(name) {
    this.name = name;
    this.violations = [];
    this.status = undefined;
    this.metadata = {};
  }
  addViolation(violation) {
    this.violations.push(violation);
  }
  submit(status, metadata = {}) {
    this.status = status;
    this.metadata = metadata;
  }
  get success() {
    return this.status === 'success';
  }
  toString() {
    const lines = [`Validation report: ${this.name}: ${this.status ?? 'not submitted'}`];
    for (const v of this.violations) {
      lines.push('', `  ${v.ruleName}`, `    ${v.recommendation}`, `    How to fix: ${v.fix}`);
      for (const r of v.violatingResources) {
        lines.push(`    - ${r.manifestPath}: ${r.resourceName}`);
        for (const location of r.locations) lines.push(`        ${location}`);
      }
    }
    const summary = Object.entries(this.metadata).map(([k, v]) => `${k}: ${v}`);
    if (summary.length) lines.push('', `  ${summary.join(', ')}`);
    return lines.join('\n');
  }
}

/** Loads the plugin of a `validations:` entry (a local package, or one installed in node_modules). */
function loadPlugin(entry, cwd) {
  if (!entry || typeof entry.package !== 'string' || typeof entry.class !== 'string') {
    throw new Error(`synth: each entry under validations: in cdk8s.yaml needs 'package' and 'class', got ${JSON.stringify(entry)}`);
  }
  const local = entry.package.startsWith('.') || path.isAbsolute(entry.package);
  const module = require(local ? path.resolve(cwd, entry.package) : require.resolve(entry.package, { paths: [cwd] }));
  const Plugin = module[entry.class];
  if (typeof Plugin !== 'function') throw new Error(`synth: ${entry.package} has no class ${entry.class} (cdk8s.yaml validations:)`);
  return { name: `${entry.class} (${entry.package})`, plugin: new Plugin(entry.properties ?? {}) };
}

/** Synthesizes the app of the current directory's cdk8s.yaml and runs its validation plugins. Returns the exit code. */
async function synth() {
  const cwd = process.cwd();
  const yaml = require('yaml');
  const config = yaml.parse(fs.readFileSync(path.join(cwd, 'cdk8s.yaml'), 'utf-8')) ?? {};
  if (typeof config.app !== 'string') throw new Error('synth: cdk8s.yaml has no `app` command');
  const output = config.output ?? 'dist';
  const outdir = path.resolve(cwd, output);
  fs.rmSync(outdir, { recursive: true, force: true });

  console.log('Synthesizing application');
  const app = spawn(config.app, { cwd, shell: true, stdio: 'inherit', env: { ...process.env, CDK8S_OUTDIR: output } });
  const exited = new Promise(done => app.on('close', (code, signal) => done(code ?? signal)));
  // The plugins load while the app runs (the machine has a core for each).
  const plugins = (config.validations ?? []).map(entry => loadPlugin(entry, cwd));
  const code = await exited;
  if (code !== 0) {
    console.error(`synth: the app (${config.app}) failed (exit ${code})`);
    return 1;
  }
  const manifests = manifestsIn(outdir).map(f => path.relative(cwd, f).split(path.sep).join('/'));
  if (manifests.length === 0) console.error('No manifests synthesized');
  for (const m of manifests) console.log(`  - ${m}`);
  if (plugins.length === 0) return 0;

  console.log('Performing validations');
  const reports = [];
  for (const { name, plugin } of plugins) {
    const report = new Report(name);
    await plugin.validate({ manifests, report });
    reports.push(report);
  }
  for (const report of reports) console.log(`\n${report.toString()}\n`);
  if (reports.every(r => r.success)) {
    console.log('Validations ended successfully');
    return 0;
  }
  console.error('Validation failed. See the reports above for details');
  return 2;
}

module.exports = { inputsDigest, compile, synth, manifestsIn, COMPILE_INPUTS };

if (require.main === module) {
  const args = process.argv.slice(2);
  const known = ['--no-compile', '--compile-only'];
  const unknown = args.filter(a => !known.includes(a));
  if (unknown.length || (args.includes('--no-compile') && args.includes('--compile-only'))) {
    console.error(`usage: node scripts/synth-examples.js [--no-compile | --compile-only] (got ${args.join(' ')})`);
    process.exit(2);
  }
  if (!args.includes('--no-compile')) compile();
  if (!args.includes('--compile-only')) {
    synth().then(code => process.exit(code), e => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
  }
}
