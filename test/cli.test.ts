import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli/main';
import { RULES } from '../src/rules';

/** Runs the CLI's main function with captured output. */
function run(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

const CLEAN_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 3600
  ttlSecondsAfterFinished: 86400
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: no   # YAML 1.1, as kubectl reads it: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: main
          image: python:3.12
          resources:
            requests: { cpu: 500m, memory: 1Gi }
            limits: { memory: 1Gi }
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
`;
const BAD_JOB = CLEAN_JOB.replace('restartPolicy: Never', 'restartPolicy: Always').replace('name: train', 'name: legacy');
const WARN_JOB = CLEAN_JOB.replace('  ttlSecondsAfterFinished: 86400\n', '');
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n';

let dir: string;
const file = (name: string, content: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cdk8s-batch validate', () => {
  test('a clean Job: exit 0 and a summary', () => {
    const { code, out, err } = run('validate', file('job.yaml', CLEAN_JOB));
    expect(code).toBe(0);
    expect(out).toBe('1 file, 1 Job/CronJob checked: 0 errors, 0 warnings\n');
    expect(err).toBe('');
  });

  test('an invalid Job: exit 1, the rule id, field path, message and fix', () => {
    const p = file('job.yaml', BAD_JOB);
    const { code, out } = run('validate', p);
    expect(code).toBe(1);
    expect(out).toContain(`${p} (document 1) Job/legacy\n`);
    expect(out).toContain('  error   job.restart-policy  spec.template.spec.restartPolicy: "Always" must be Never or OnFailure\n');
    expect(out).toContain('          fix: set `restartPolicy: Never` (or `OnFailure`)\n');
    expect(out).toMatch(/1 Job\/CronJob checked: 1 error, 0 warnings\n$/);
  });

  test('a misspelled field (the tutorial\'s backOffLimit): exit 1, the field it was meant to be, in text and JSON', () => {
    // GIVEN
    const typo = CLEAN_JOB.replace('backoffLimit: 3', 'backOffLimit: 25').replace('image: python:3.12\n', 'image: python:3.12\n          imagePullpolicy: IfNotPresent\n');
    const p = file('job.yaml', typo);
    // WHEN
    const { code, out } = run('validate', p);
    // THEN
    expect(code).toBe(1);
    expect(out).toBe([
      `${p} (document 1) Job/train`,
      '  error   schema.unknown-field  spec.backOffLimit: "backOffLimit" is not a field of JobSpec; did you mean "backoffLimit"?',
      '          fix: rename `backOffLimit` to `backoffLimit` (field names are case-sensitive)',
      '  error   schema.unknown-field  spec.template.spec.containers[0].imagePullpolicy: "imagePullpolicy" is not a field of Container; did you mean "imagePullPolicy"?',
      '          fix: rename `imagePullpolicy` to `imagePullPolicy` (field names are case-sensitive)',
      '  warning practice.backoff-limit  spec.backoffLimit: backoffLimit is not set: a failing pod is retried 6 times',
      '          fix: set `backoffLimit`, e.g. 3',
      '',
      '1 file, 1 Job/CronJob checked: 2 errors, 1 warning',
      '',
    ].join('\n'));
    const json = JSON.parse(run('validate', '--json', p).out);
    expect(json.findings[0]).toEqual({
      ruleId: 'schema.unknown-field',
      severity: 'error',
      message: '"backOffLimit" is not a field of JobSpec; did you mean "backoffLimit"?',
      path: 'spec.backOffLimit',
      object: 'Job/train',
      fix: 'rename `backOffLimit` to `backoffLimit` (field names are case-sensitive)',
      file: p,
      documentIndex: 0,
    });
  });

  test('warnings: exit 0 by default, 1 with --strict, hidden with --no-warnings; --ignore skips a rule', () => {
    const p = file('job.yaml', WARN_JOB);
    const plain = run('validate', p);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('warning practice.ttl  spec.ttlSecondsAfterFinished: the Job is never deleted after it finishes');
    expect(run('validate', '--strict', p).code).toBe(1);
    expect(run('validate', '--no-warnings', p).out).toBe('1 file, 1 Job/CronJob checked: 0 errors, 0 warnings\n');
    expect(run('validate', '--strict', '--ignore=practice.ttl', p).code).toBe(0);
    expect(run('validate', '--ignore', 'job.restart-policy', file('bad.yaml', BAD_JOB)).code).toBe(0);
  });

  test('--json: summary, findings with file and document index, problems and skipped objects', () => {
    const p = file('all.yaml', `${DEPLOYMENT}---\n${BAD_JOB}---\n- not an object\n`);
    const { code, out } = run('validate', '--json', p);
    expect(code).toBe(2);
    const report = JSON.parse(out);
    expect(report.summary).toEqual({ files: 1, checked: 1, errors: 1, warnings: 0, problems: 1, skipped: 1 });
    expect(report.findings).toEqual([{
      ruleId: 'job.restart-policy',
      severity: 'error',
      message: '"Always" must be Never or OnFailure',
      path: 'spec.template.spec.restartPolicy',
      object: 'Job/legacy',
      fix: 'set `restartPolicy: Never` (or `OnFailure`)',
      file: p,
      documentIndex: 1,
    }]);
    expect(report.problems).toEqual([{ file: p, documentIndex: 2, message: `${p} document 3 is a list, not a Kubernetes object` }]);
    expect(report.skipped).toEqual([{ file: p, documentIndex: 0, object: 'apps/v1 Deployment/web' }]);
  });

  test('directories: *.yaml and *.yml found recursively in a stable order; hidden dirs, node_modules and other files left out', () => {
    file('b/job.yml', BAD_JOB);
    file('a/job.yaml', CLEAN_JOB);
    file('a/notes.txt', 'not yaml');
    file('node_modules/pkg/job.yaml', BAD_JOB);
    file('.git/job.yaml', BAD_JOB);
    const { code, out } = run('validate', '--json', dir);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.summary.files).toBe(2);
    expect(report.findings.map((f: any) => path.relative(dir, f.file))).toEqual([path.join('b', 'job.yml')]);
  });

  test('kind: List is split into its items; an empty document is ignored', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${BAD_JOB.split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')}\n---\n`;
    const { code, out } = run('validate', '--json', file('list.yaml', list));
    expect(code).toBe(1);
    expect(JSON.parse(out).findings[0].ruleId).toBe('job.restart-policy');
  });
});

describe('cdk8s-batch validate: input that is not a manifest', () => {
  test.each([
    ['malformed YAML', 'broken.yaml', `${CLEAN_JOB}---\nkind: Job\n  metadata: [\n`, /broken\.yaml document 2 is not valid YAML: .+ at line \d+, column \d+/],
    ['duplicate keys', 'dup.yaml', 'kind: Job\nkind: CronJob\n', /dup\.yaml document 1 is not valid YAML: Map keys must be unique/],
    ['a scalar document', 'scalar.yaml', 'just a string\n', /scalar\.yaml document 1 is a string \("just a string"\), not a Kubernetes object/],
    ['a huge file', 'huge.yaml', `# ${'x'.repeat(5000)}\n${CLEAN_JOB}`, /huge\.yaml is 5\.\d KiB, larger than the 4\.0 KiB limit; not read/],
    ['a binary file', 'image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), /image\.yaml is a binary file \(it contains NUL bytes\), not YAML/],
    ['invalid UTF-8', 'latin1.yaml', Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0xff]), /latin1\.yaml is not UTF-8 text \(binary\?\), not YAML/],
  ] as const)('%s: one clear message, no stack trace, the other files still checked, exit 2', (_what, name, content, message) => {
    // GIVEN the bad file next to an invalid Job
    const bad = file(name, content as any);
    const job = file('job.yaml', BAD_JOB);
    // WHEN
    const { code, out, err } = run('validate', '--max-bytes', '4096', bad, job);
    // THEN
    expect(code).toBe(2);
    expect(out).toMatch(message);
    expect(out).toContain('job.restart-policy');
    expect(out + err).not.toMatch(/\n\s+at /);
  });

  test('missing paths and empty directories are reported; objects of other kinds are skipped, not errors', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const missing = run('validate', path.join(dir, 'nope.yaml'), path.join(dir, 'empty'));
    expect(missing.code).toBe(2);
    expect(missing.out).toContain(`${path.join(dir, 'nope.yaml')} does not exist`);
    expect(missing.out).toContain(`${path.join(dir, 'empty')} has no *.yaml or *.yml files`);
    const other = run('validate', file('deploy.yaml', `${DEPLOYMENT}---\nfoo: bar\n`));
    expect(other.code).toBe(0);
    expect(other.out).toBe('1 file, 0 Jobs/CronJobs checked: 0 errors, 0 warnings (2 objects of other kinds skipped)\n');
  });
});

describe('cdk8s-batch: usage', () => {
  test.each([
    [[], /^Usage: cdk8s-batch validate/],
    [['validate'], /no files or directories given/],
    [['validate', '--frobnicate', 'x.yaml'], /unknown option "--frobnicate"/],
    [['validate', '--ignore', 'no.such-rule', 'x.yaml'], /unknown rule id "no\.such-rule"/],
    [['validate', '--max-bytes', '0', 'x.yaml'], /--max-bytes needs a positive whole number/],
    [['validate', '--strict', '--no-warnings', 'x.yaml'], /cannot be used together/],
    [['lint', 'x.yaml'], /unknown command "lint"/],
  ])('%j: exit 2 with a message', (args, message) => {
    const { code, out, err } = run(...args);
    expect(code).toBe(2);
    expect(out + err).toMatch(message);
  });

  test('--help: exit 0 with the exit codes documented', () => {
    const { code, out } = run('validate', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 usage error');
  });

  test('rules: every rule id, as text or JSON', () => {
    const text = run('rules');
    for (const r of RULES) expect(text.out).toContain(r.id);
    expect(JSON.parse(run('rules', '--json').out)).toEqual(JSON.parse(JSON.stringify(RULES)));
  });
});

describe('bin/cdk8s-batch.js (compiled lib/)', () => {
  const bin = path.join(__dirname, '..', 'bin', 'cdk8s-batch.js');
  const compiled = fs.existsSync(path.join(__dirname, '..', 'lib', 'cli', 'main.js'));
  // lib/ is built by `npm run synth:examples` (and `compile`), which CI runs before the tests;
  // locally the test is skipped until lib/ exists, in CI it always runs.
  (compiled || process.env.CI ? test : test.skip)('validates files and standard input, with exit codes', () => {
    const p = file('job.yaml', BAD_JOB);
    const fromFile = spawnSync(process.execPath, [bin, 'validate', p], { encoding: 'utf-8' });
    expect(fromFile.status).toBe(1);
    expect(fromFile.stdout).toContain('job.restart-policy');
    const fromStdin = spawnSync(process.execPath, [bin, 'validate', '--json', '-'], { input: CLEAN_JOB, encoding: 'utf-8' });
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout).summary.checked).toBe(1);
    const usage = spawnSync(process.execPath, [bin, 'validate'], { encoding: 'utf-8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('no files or directories given');
  });
});
