import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { BatchValidationPlugin, BatchValidationPluginProps } from '../src';

const REPO = path.join(__dirname, '..');
// cdk8s-cli's own context and report (its package exports do not list the file, so by path).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(path.join(REPO, 'node_modules', 'cdk8s-cli', 'lib', 'plugins', 'validation.js'));
const TMP_ROOT = path.join(REPO, '.cdk8s-batch-tmp');

const job = (name: string, restartPolicy: string, extra = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 60
${extra}  template:
    spec:
      restartPolicy: ${restartPolicy}
      automountServiceAccountToken: false
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: main
          image: perl:5.34
          resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 64Mi } }
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;
const CLEAN = job('pi', 'Never', '  ttlSecondsAfterFinished: 60\n');
const WARN = job('pi', 'Never');
const BAD = job('legacy', 'Always', '  ttlSecondsAfterFinished: 60\n');

/** An Indexed Job that succeeds with its leader: `spec.successPolicy` exists from 1.30, on by default from 1.31. */
const LEADER_JOB = job('leader', 'Never', [
  '  ttlSecondsAfterFinished: 60',
  '  completionMode: Indexed',
  '  completions: 2',
  '  parallelism: 2',
  '  successPolicy:',
  '    rules:',
  '      - succeededIndexes: "0"',
  '',
].join('\n'));

let dir: string;
beforeEach(() => {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  dir = fs.mkdtempSync(path.join(TMP_ROOT, 'plugin-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the plugin on manifest files with cdk8s-cli's own ValidationContext and report. */
async function validate(files: { [name: string]: string }, props?: BatchValidationPluginProps) {
  const paths = Object.entries(files).map(([name, content]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  });
  const context = new ValidationContext(paths, 'cdk8s-batch', '0.0.0', { legacy: { path: 'app/legacy-job' } });
  await new BatchValidationPlugin(props).validate(context as any);
  return { json: context.report.toJson(), text: context.report.toString(), success: context.report.success };
}

describe('BatchValidationPlugin', () => {
  test('clean manifests: success, no violations, the counts in the summary', async () => {
    const { json, success } = await validate({ 'a.k8s.yaml': CLEAN });
    expect(success).toBe(true);
    expect(json.violations).toEqual([]);
    expect(json.summary.metadata).toEqual({ 'Jobs and CronJobs checked': '1', 'Services checked': '0', 'errors': '0', 'warnings': '0', 'skipped (other kinds)': '0', 'Kubernetes version': '1.28' });
  });

  test('an error: failure, the rule id in the report, with the construct path, field path and fix', async () => {
    const { json, text, success } = await validate({ 'a.k8s.yaml': `${CLEAN}---\n${BAD}` });
    expect(success).toBe(false);
    expect(json.violations).toEqual([{
      ruleName: '[error] job.restart-policy: the pod template\'s `restartPolicy` is `Never` or `OnFailure`',
      recommendation: expect.stringContaining('validateJobSpec'),
      fix: 'set `restartPolicy: Never` (or `OnFailure`)',
      violatingConstructs: [{
        resourceName: 'legacy',
        constructPath: 'app/legacy-job',
        manifestPath: path.join(dir, 'a.k8s.yaml'),
        locations: ['spec.template.spec.restartPolicy: "Always" must be Never or OnFailure'],
      }],
    }]);
    expect(text).toContain('job.restart-policy');
  });

  test('a misspelled field fails the synth, and the location names the field it was meant to be', async () => {
    const { json, success } = await validate({ 'a.k8s.yaml': CLEAN.replace('backoffLimit: 3', 'backOffLimit: 3') });
    expect(success).toBe(false);
    const typo = json.violations.find((v: any) => v.ruleName.startsWith('[error] schema.unknown-field'));
    expect(typo.violatingConstructs[0].locations).toEqual(['spec.backOffLimit: "backOffLimit" is not a field of JobSpec; did you mean "backoffLimit"?']);
  });

  test('warnings are reported without failing; strict fails on them; warnings: false leaves them out', async () => {
    const plain = await validate({ 'a.k8s.yaml': WARN });
    expect(plain.success).toBe(true);
    expect(plain.json.violations.map((v: any) => v.ruleName)).toEqual([expect.stringMatching(/^\[warning\] practice\.ttl: /)]);
    expect((await validate({ 'a.k8s.yaml': WARN }, { strict: true })).success).toBe(false);
    expect((await validate({ 'a.k8s.yaml': WARN }, { warnings: false })).json.violations).toEqual([]);
  });

  test('ignoreRules skips a rule', async () => {
    const { success, json } = await validate({ 'a.k8s.yaml': BAD }, { ignoreRules: ['job.restart-policy'] });
    expect(success).toBe(true);
    expect(json.violations).toEqual([]);
  });

  test('bad properties from cdk8s.yaml fail the synth with a message naming them', async () => {
    const { success, json } = await validate({ 'a.k8s.yaml': CLEAN }, { strict: 'yes', ignoreRules: ['no.such-rule'], colour: true } as any);
    expect(success).toBe(false);
    expect(json.violations[0].recommendation).toBe(
      'unknown property "colour" (known: strict, warnings, ignoreRules, failOnSkipped, kubernetesVersion, featureGates, kubernetesVersionByFile); \'strict\' must be true or false, not "yes"; \'ignoreRules\' has an unknown rule id "no.such-rule"');
    const skipped = await validate({ 'a.k8s.yaml': CLEAN }, { failOnSkipped: 'true' } as any);
    expect(skipped.success).toBe(false);
    expect(skipped.json.violations[0].recommendation).toBe('\'failOnSkipped\' must be true or false, not "true"');
  });

  test('failOnSkipped: objects of other kinds are counted by default, and fail the synth with the option', async () => {
    // GIVEN a clean Job, a Deployment and a ConfigMap
    const files = { 'a.k8s.yaml': `${CLEAN}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\n` };
    // WHEN validated by default
    const plain = await validate(files);
    // THEN success, with the skipped objects counted
    expect(plain.success).toBe(true);
    expect(plain.json.violations).toEqual([]);
    expect(plain.json.summary.metadata).toEqual({ 'Jobs and CronJobs checked': '1', 'Services checked': '0', 'errors': '0', 'warnings': '0', 'skipped (other kinds)': '2', 'Kubernetes version': '1.28' });
    // WHEN validated with failOnSkipped: true
    const strict = await validate(files, { failOnSkipped: true });
    // THEN failure, each skipped object a located violation
    expect(strict.success).toBe(false);
    expect(strict.json.violations).toEqual([expect.objectContaining({
      ruleName: '[error] cdk8s-batch: objects not checked (failOnSkipped)',
      violatingConstructs: [
        expect.objectContaining({ resourceName: 'web', locations: ['document 2: apps/v1 Deployment/web'], manifestPath: path.join(dir, 'a.k8s.yaml') }),
        expect.objectContaining({ resourceName: 'cfg', locations: ['document 3: v1 ConfigMap/cfg'] }),
      ],
    })]);
    // AND without other kinds, failOnSkipped changes nothing
    expect((await validate({ 'a.k8s.yaml': CLEAN }, { failOnSkipped: true })).success).toBe(true);
  });

  test('a headless Service is checked; a document that looks like a Job but is not valid fails', async () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: workers }\nspec:\n  clusterIP: None\n  selector: { app: train }\n';
    expect((await validate({ 'a.k8s.yaml': `${CLEAN}---\n${service}` })).json.summary.metadata).toEqual(expect.objectContaining({ 'Jobs and CronJobs checked': '1', 'Services checked': '1' }));
    const bad = await validate({ 'a.k8s.yaml': service.replace('name: workers', 'name: 1workers').replace('clusterIP: None', 'clusterIP: None\n  type: NodePort') });
    expect(bad.success).toBe(false);
    expect(bad.json.violations.map((v: any) => v.ruleName.split(':')[0])).toEqual(['[error] service.cluster-ip', '[error] service.name.invalid']);
    const lower = await validate({ 'a.k8s.yaml': CLEAN.replace('kind: Job', 'kind: job') });
    expect(lower.success).toBe(false);
    expect(lower.json.violations.map((v: any) => v.ruleName.split(':')[0])).toEqual(['[error] object.kind']);
  });

  test('a manifest that cannot be read fails with a clear message; the others are still checked', async () => {
    const { success, json } = await validate({ 'a.k8s.yaml': 'kind: [\n', 'b.k8s.yaml': BAD });
    expect(success).toBe(false);
    expect(json.violations.map((v: any) => v.ruleName)).toEqual(['[error] job.restart-policy: the pod template\'s `restartPolicy` is `Never` or `OnFailure`', '[error] cdk8s-batch: manifest not checked']);
    expect(json.violations[1].recommendation).toMatch(/a\.k8s\.yaml document 1 is not valid YAML: /);
  });
});

/**
 * The snippet of docs/gitops.md that moves construct-metadata.json out of the folder `cdk8s synth`
 * wrote (dist/), run in `cwd` as a user's `synth` script would run it.
 */
function runGitopsSnippet(cwd: string): string {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'gitops.md'), 'utf-8');
  const snippet = /```sh\ncdk8s synth\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!snippet) throw new Error('docs/gitops.md: no ```sh block starting with `cdk8s synth`');
  const result = spawnSync('sh', ['-c', snippet], { cwd, encoding: 'utf-8' });
  if (result.status !== 0) throw new Error(`docs/gitops.md snippet: exit ${result.status}: ${result.stderr}`);
  return snippet;
}

/** The repository's cdk8s.yaml: the examples app `npm run synth:examples` runs, and the plugin entry. */
interface Cdk8sYaml {
  readonly app: string;
  readonly validations: Array<{ readonly package: string; readonly [key: string]: unknown }>;
}

const SYNTH_SCRIPT = path.join(REPO, 'scripts', 'synth-examples.js');

/**
 * The examples app and the plugin as `npm run synth:examples` runs them: its compile step
 * (`tsc -b` of examples/ and src/ to dist/examples-app/, when their inputs changed) run once per
 * test file, and the app and plugin entry of the repository's cdk8s.yaml, with absolute paths.
 * No lib/ needed.
 */
let compiled: { readonly appJs: string; readonly validations: Cdk8sYaml['validations'] } | undefined;
function compiledExamples(): NonNullable<typeof compiled> {
  if (!compiled) {
    const result = spawnSync(process.execPath, [SYNTH_SCRIPT, '--compile-only'], { cwd: REPO, encoding: 'utf-8', timeout: 170_000 });
    if (result.status !== 0) throw new Error(`${SYNTH_SCRIPT} --compile-only: exit ${result.status}: ${result.stdout}${result.stderr}`);
    const config: Cdk8sYaml = parseYaml(fs.readFileSync(path.join(REPO, 'cdk8s.yaml'), 'utf-8'));
    const app = /^node (\S+\.js)$/.exec(config.app);
    if (!app) throw new Error(`cdk8s.yaml's app is not \`node <compiled app>.js\`: ${config.app}`);
    compiled = {
      appJs: path.join(REPO, app[1]),
      validations: config.validations.map(v => ({ ...v, package: path.join(REPO, v.package) })),
    };
  }
  return compiled;
}

/**
 * Synthesizes the examples app (plus `extra` JavaScript) in `dir` with the plugin, both as
 * `npm run synth:examples` runs them (compiled; the repository's cdk8s.yaml entry), with the real
 * `cdk8s synth` or with the runner `npm run synth:examples` uses (scripts/synth-examples.js).
 * The output folder is `dist` (cdk8s's default).
 */
function synth(extra: string, runner: 'cdk8s synth' | 'synth-examples.js'): { status: number | null; output: string } {
  const { appJs, validations } = compiledExamples();
  fs.writeFileSync(path.join(dir, 'app.js'), [
    'const { ApiObject, App, Chart } = require(\'cdk8s\');',
    `const { buildExamples } = require(${JSON.stringify(appJs)});`,
    'const app = new App();',
    'buildExamples(app);',
    extra,
    'app.synth();',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), stringifyYaml({
    language: 'typescript',
    app: `${process.execPath} app.js`,
    output: 'dist',
    validations,
  }));
  const args = runner === 'cdk8s synth'
    ? [path.join(REPO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade']
    : [SYNTH_SCRIPT, '--no-compile'];
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf-8', timeout: 170_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** The files under `folder`, by path relative to it, with their contents. */
function filesUnder(folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (sub: string) => {
    for (const e of fs.readdirSync(path.join(folder, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, e.name);
      if (e.isDirectory()) walk(rel);
      else out.set(rel, fs.readFileSync(path.join(folder, rel), 'utf-8'));
    }
  };
  walk('');
  return out;
}

describe('BatchValidationPlugin: the target Kubernetes version', () => {
  test('by default the manifests are checked for 1.28: a field of the 1.30 API fails the synth', async () => {
    const r = await validate({ 'train.k8s.yaml': LEADER_JOB });
    expect(r.success).toBe(false);
    expect(r.text).toMatch(/spec\.successPolicy/);
  });

  test('kubernetesVersion: the same manifest passes for 1.33, and the summary names the version', async () => {
    const r = await validate({ 'train.k8s.yaml': LEADER_JOB }, { kubernetesVersion: '1.33' });
    expect(r.text).not.toMatch(/successPolicy/);
    expect(r.success).toBe(true);
    expect(JSON.stringify(r.json)).toMatch(/"Kubernetes version":"1\.33"/);
  });

  test('featureGates: an alpha gate the cluster turned on silences the dropped-field warning', async () => {
    const alpha = await validate({ 'train.k8s.yaml': LEADER_JOB }, { kubernetesVersion: '1.30' });
    expect(alpha.text).toMatch(/practice\.alpha-field/);
    const gated = await validate({ 'train.k8s.yaml': LEADER_JOB }, { kubernetesVersion: '1.30', featureGates: ['JobSuccessPolicy'] });
    expect(gated.text).not.toMatch(/practice\.alpha-field/);
    expect(gated.success).toBe(true);
  });

  test('kubernetesVersionByFile: each chart file is checked for its own version', async () => {
    const files = { 'legacy.k8s.yaml': LEADER_JOB.replace('name: leader', 'name: legacy'), 'recent-133.k8s.yaml': LEADER_JOB };
    const r = await validate(files, { kubernetesVersionByFile: { 'recent-*.k8s.yaml': '1.33' } });
    expect(r.success).toBe(false);
    // Only the file left at the default 1.28 is refused.
    expect(r.text).toMatch(/legacy\.k8s\.yaml/);
    expect(r.text).not.toMatch(/recent-133\.k8s\.yaml/);
    const both = await validate(files, { kubernetesVersionByFile: { 'recent-*.k8s.yaml': '1.33', 'legacy.k8s.yaml': '1.31' } });
    expect(both.success).toBe(true);
    expect(JSON.stringify(both.json)).toMatch(/"Kubernetes version":"1\.28, 1\.31, 1\.33"/);
  });

  test.each<[string, BatchValidationPluginProps, RegExp]>([
    ['an unknown version', { kubernetesVersion: '1.27' }, /'kubernetesVersion' must be a Kubernetes version from 1\.28 to 1\.36 as a string \(e\.g\. '1\.33'\), not "1\.27"/],
    ['a number for a version', { kubernetesVersion: 1.3 as unknown as string }, /'kubernetesVersion' must be a Kubernetes version .* not 1\.3/],
    ['an unknown gate', { featureGates: ['JobSucessPolicy'] }, /'featureGates' has an unknown feature gate "JobSucessPolicy" \(known: .*JobSuccessPolicy/],
    ['a gate the version does not have', { kubernetesVersion: '1.29', featureGates: ['JobSuccessPolicy'] }, /'featureGates' has JobSuccessPolicy, which does not exist in Kubernetes 1\.29/],
    ['a list for the map', { kubernetesVersionByFile: ['a'] as unknown as { [f: string]: string } }, /'kubernetesVersionByFile' must be a map of file names to versions/],
    ['a bad version in the map', { kubernetesVersionByFile: { 'a.k8s.yaml': 'v2' } }, /'kubernetesVersionByFile\["a\.k8s\.yaml"\]' must be a Kubernetes version/],
  ])('%s in the properties fails the synth with a message naming it', async (_, props, message) => {
    const r = await validate({ 'train.k8s.yaml': LEADER_JOB }, props);
    expect(r.success).toBe(false);
    expect(r.text).toMatch(message);
  });
});

/** A Job that cdk8s-batch did not make, with two errors, added to the examples app. */
const LEGACY_JOB = [
  'const legacy = new Chart(app, \'legacy\');',
  'new ApiObject(legacy, \'job\', { apiVersion: \'batch/v1\', kind: \'Job\', metadata: { name: \'x\'.repeat(64) },',
  '  spec: { template: { spec: { restartPolicy: \'Always\', containers: [{ name: \'main\', image: \'perl:5.34\' }] } } } });',
].join('\n');

describe('cdk8s synth with the plugin (the real cdk8s-cli), and npm run synth:examples', () => {
  test('npm run synth:examples runs scripts/synth-examples.js directly (not through projen), as does the projen task', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf-8'));
    expect(pkg.scripts['synth:examples']).toBe('node scripts/synth-examples.js');
    const task = JSON.parse(fs.readFileSync(path.join(REPO, '.projen', 'tasks.json'), 'utf-8')).tasks['synth:examples'];
    expect(task.steps).toEqual([{ exec: 'node scripts/synth-examples.js' }]);
  });

  test('the examples app passes; with a hand-written invalid Job added, synth fails and the report names the rule; the runner of npm run synth:examples agrees', () => {
    // GIVEN / WHEN the examples app as it is
    const ok = synth('', 'cdk8s synth');
    // THEN
    expect(ok.output).toContain('Validations ended succesfully');
    expect(ok.output).not.toMatch(/\[error\]/);
    expect(ok.status).toBe(0);
    const byCli = filesUnder(path.join(dir, 'dist'));
    // AND cdk8s wrote the plugin's construct metadata among the manifests; docs/gitops.md's snippet
    // leaves only manifests there (what Argo CD's directory source and `kubectl apply -f` read) and
    // keeps the metadata next to it.
    expect(byCli.has('construct-metadata.json')).toBe(true);
    runGitopsSnippet(dir);
    const written = fs.readdirSync(path.join(dir, 'dist'));
    expect(written.length).toBeGreaterThan(3);
    expect(written.filter(f => !f.endsWith('.k8s.yaml'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'synth-metadata'))).toEqual(['construct-metadata.json']);

    // WHEN the runner of `npm run synth:examples` synthesizes the same app with the same cdk8s.yaml
    const byRunner = synth('', 'synth-examples.js');
    // THEN the same files, byte for byte, less the metadata; the same verdict, and the plugin's summary
    expect(byRunner.status).toBe(0);
    byCli.delete('construct-metadata.json');
    expect(filesUnder(path.join(dir, 'dist'))).toEqual(byCli);
    expect(byRunner.output).toMatch(/Validation report: BatchValidationPlugin \(.*\): success/);
    expect(byRunner.output).toMatch(/Jobs and CronJobs checked: [1-9]\d*, Services checked: \d+, errors: 0/);
    expect(byRunner.output).toContain('Validations ended successfully');

    // GIVEN / WHEN the same app plus a Job that cdk8s-batch did not make
    const bad = synth(LEGACY_JOB, 'cdk8s synth');
    // THEN
    expect(bad.status).toBe(2);
    expect(bad.output).toContain('[error] job.name.too-long');
    expect(bad.output).toContain('[error] job.restart-policy');
    expect(bad.output).toContain('Construct Path: legacy/job');
    expect(bad.output).toContain('Validation failed');
    // AND the runner fails the same way (exit 2); its report names the file and the object
    const badByRunner = synth(LEGACY_JOB, 'synth-examples.js');
    expect(badByRunner.status).toBe(2);
    expect(badByRunner.output).toContain('[error] job.name.too-long');
    expect(badByRunner.output).toContain('[error] job.restart-policy');
    expect(badByRunner.output).toContain(`- dist/legacy.k8s.yaml: ${'x'.repeat(64)}`);
    expect(badByRunner.output).toContain('Validation failed');
  }, 360_000);

  test('scripts/synth-examples.js: an app that fails fails the synth (exit 1) with the app\'s own error', () => {
    const broken = synth('throw new Error(\'app broke\');', 'synth-examples.js');
    expect(broken.status).toBe(1);
    expect(broken.output).toContain('app broke');
    expect(broken.output).toMatch(/synth: the app \(.*app\.js\) failed \(exit 1\)/);
    expect(broken.output).not.toContain('Performing validations');
  }, 360_000);
});

describe('scripts/synth-examples.js: the compile step runs when its inputs changed', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runner = require(SYNTH_SCRIPT) as { COMPILE_INPUTS: string[]; inputsDigest(root: string, inputs?: string[]): string };

  test('its inputs are what examples/tsconfig.build.json compiles, its configuration and the locked dependencies', () => {
    expect(runner.COMPILE_INPUTS).toEqual(['examples', 'src', 'tsconfig.json', 'package-lock.json']);
    const build = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'tsconfig.build.json'), 'utf-8'));
    expect(build.include).toEqual(['**/*.ts', '../src/**/*.ts', '../src/**/*.json']);
    expect(build.extends).toBe('./tsconfig.json');
    expect(JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'tsconfig.json'), 'utf-8')).extends).toBe('../tsconfig.json');
  });

  test('the digest changes with a file\'s content, a new file and a renamed file, and only then', () => {
    // GIVEN a tree with the compile's inputs
    fs.mkdirSync(path.join(dir, 'examples', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'examples', 'main.ts'), 'export {};\n');
    fs.writeFileSync(path.join(dir, 'examples', 'sub', 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), 'export const b = 2;\n');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{}\n');
    fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}\n');
    const first = runner.inputsDigest(dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    // WHEN nothing changed / a file of another folder changed: THEN the same digest
    expect(runner.inputsDigest(dir)).toBe(first);
    fs.writeFileSync(path.join(dir, 'README.md'), 'not an input\n');
    expect(runner.inputsDigest(dir)).toBe(first);
    // WHEN a source changes, then changes back
    fs.writeFileSync(path.join(dir, 'examples', 'sub', 'a.ts'), 'export const a = 3;\n');
    const changed = runner.inputsDigest(dir);
    expect(changed).not.toBe(first);
    fs.writeFileSync(path.join(dir, 'examples', 'sub', 'a.ts'), 'export const a = 1;\n');
    expect(runner.inputsDigest(dir)).toBe(first);
    // WHEN a file is added, or renamed with the same content
    fs.writeFileSync(path.join(dir, 'src', 'extra.json'), '{}');
    const added = runner.inputsDigest(dir);
    expect(added).not.toBe(first);
    fs.renameSync(path.join(dir, 'src', 'extra.json'), path.join(dir, 'src', 'other.json'));
    expect(runner.inputsDigest(dir)).not.toBe(added);
    // WHEN the locked dependencies change
    fs.rmSync(path.join(dir, 'src', 'other.json'));
    expect(runner.inputsDigest(dir)).toBe(first);
    fs.writeFileSync(path.join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
    expect(runner.inputsDigest(dir)).not.toBe(first);
  });

  test('--compile-only writes the digest of the repository\'s inputs next to the compiled app; unchanged, it does not compile again', () => {
    compiledExamples();
    const stamp = fs.readFileSync(path.join(REPO, 'dist', 'examples-app', '.inputs.sha256'), 'utf-8').trim();
    expect(stamp).toBe(runner.inputsDigest(REPO));
    const again = spawnSync(process.execPath, [SYNTH_SCRIPT, '--compile-only'], { cwd: REPO, encoding: 'utf-8' });
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('Compiling');
  });

  test('an unknown option is refused with the usage', () => {
    const r = spawnSync(process.execPath, [SYNTH_SCRIPT, '--stdout'], { cwd: dir, encoding: 'utf-8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: node scripts/synth-examples.js [--no-compile | --compile-only]');
  });
});
