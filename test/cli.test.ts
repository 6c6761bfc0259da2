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
    expect(out).toBe('1 file, 1 Job/CronJob checked for Kubernetes 1.28: 0 errors, 0 warnings\n');
    expect(err).toBe('');
  });

  test('an invalid Job: exit 1, the rule id, field path, message and fix', () => {
    const p = file('job.yaml', BAD_JOB);
    const { code, out } = run('validate', p);
    expect(code).toBe(1);
    expect(out).toContain(`${p} (document 1) Job/legacy\n`);
    expect(out).toContain('  error   job.restart-policy  spec.template.spec.restartPolicy: "Always" must be Never or OnFailure\n');
    expect(out).toContain('          fix: set `restartPolicy: Never` (or `OnFailure`)\n');
    expect(out).toMatch(/1 Job\/CronJob checked for Kubernetes 1.28: 1 error, 0 warnings\n$/);
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
      '1 file, 1 Job/CronJob checked for Kubernetes 1.28: 2 errors, 1 warning',
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
    expect(run('validate', '--no-warnings', p).out).toBe('1 file, 1 Job/CronJob checked for Kubernetes 1.28: 0 errors, 0 warnings\n');
    expect(run('validate', '--strict', '--ignore=practice.ttl', p).code).toBe(0);
    expect(run('validate', '--ignore', 'job.restart-policy', file('bad.yaml', BAD_JOB)).code).toBe(0);
  });

  test('--json: summary, findings with file and document index, problems and skipped objects', () => {
    const p = file('all.yaml', `${DEPLOYMENT}---\n${BAD_JOB}---\n- not an object\n`);
    const { code, out } = run('validate', '--json', p);
    expect(code).toBe(2);
    const report = JSON.parse(out);
    expect(report.summary).toEqual({
      files: 1, checked: 1, errors: 1, warnings: 0, problems: 1, skipped: 1, checkedByKind: { Job: 1 }, failOnSkipped: false, kubernetesVersion: '1.28', featureGates: [], exitCode: 2,
    });
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
    expect(report.skipped).toEqual([{ file: p, documentIndex: 0, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', object: 'apps/v1 Deployment/web' }]);
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
    ['duplicate keys', 'dup.yaml', 'kind: Job\nkind: CronJob\n', /dup\.yaml document 1 is not valid YAML: the key "kind" is set twice in the same map \(the API server's strict decoding refuses duplicate fields\) at line 2, column 1/],
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

  test('missing paths and empty directories are reported; objects of other kinds are skipped and listed, not errors', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    const missing = run('validate', path.join(dir, 'nope.yaml'), path.join(dir, 'empty'));
    expect(missing.code).toBe(2);
    expect(missing.out).toContain(`${path.join(dir, 'nope.yaml')} does not exist`);
    expect(missing.out).toContain(`${path.join(dir, 'empty')} has no *.yaml or *.yml files`);
    const p = file('deploy.yaml', `${DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\n`);
    const other = run('validate', p);
    expect(other.code).toBe(0);
    expect(other.out).toBe([
      'Skipped (other kinds):',
      `  ${p} (document 1) apps/v1 Deployment/web`,
      `  ${p} (document 2) v1 ConfigMap/cfg`,
      '',
      '1 file, 0 Jobs/CronJobs checked for Kubernetes 1.28: 0 errors, 0 warnings (2 objects of other kinds skipped)',
      '',
    ].join('\n'));
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
    [['validate', '--kubernetes', '1.27', 'x.yaml'], /--kubernetes needs a version from 1\.28 to 1\.36 \(e\.g\. --kubernetes 1\.33\), not "1\.27"/],
    [['validate', '--kubernetes', 'latest', 'x.yaml'], /--kubernetes needs a version from 1\.28 to 1\.36/],
    [['validate', 'x.yaml', '--kubernetes'], /--kubernetes needs a version/],
    [['validate', '--feature-gates', 'JobSucessPolicy', 'x.yaml'], /unknown feature gate "JobSucessPolicy": the rules know .*JobSuccessPolicy/],
    [['validate', '--feature-gates', 'SidecarContainers=false', 'x.yaml'], /only gates turned on can be given \(SidecarContainers=true\)/],
    [['validate', '--kubernetes', '1.29', '--feature-gates', 'JobSuccessPolicy', 'x.yaml'], /JobSuccessPolicy: the gate does not exist in Kubernetes 1\.29; raise --kubernetes/],
  ])('%j: exit 2 with a message', (args, message) => {
    const { code, out, err } = run(...args);
    expect(code).toBe(2);
    expect(out + err).toMatch(message);
  });

  test('--help: exit 0 with the exit codes documented', () => {
    const { code, out } = run('validate', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Exit codes: 0 no errors; 1 errors (or warnings with --strict, or skipped objects with\n--fail-on-skipped); 2 usage error');
    expect(out).toContain('  --fail-on-skipped  fail when an object of another kind is skipped');
    expect(out).toMatch(/Limits: a document over 3145728 bytes/);
  });

  test('rules: every rule id, as text or JSON', () => {
    const text = run('rules');
    for (const r of RULES) expect(text.out).toContain(r.id);
    expect(JSON.parse(run('rules', '--json').out)).toEqual(JSON.parse(JSON.stringify(RULES)));
  });
});

/** Runs `validate --json` on one file with `content`; returns the exit code and the report. */
function validateJson(content: string, ...flags: string[]): { code: number; report: any } {
  const { code, out } = run('validate', '--json', ...flags, file(`doc-${Math.random().toString(36).slice(2)}.yaml`, content));
  return { code, report: JSON.parse(out) };
}

const HEADLESS_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: train-workers
spec:
  clusterIP: None
  selector:
    batch.kubernetes.io/job-name: train
  publishNotReadyAddresses: true
  ports:
    - name: rendezvous
      port: 29500
`;

describe('cdk8s-batch validate: what looks like a batch object but is not a valid one is an error, never a skip', () => {
  test.each([
    ['a Job of batch/v2', CLEAN_JOB.replace('batch/v1', 'batch/v2'), 'object.api-version', 'apiVersion', /"batch\/v2" is not served by Kubernetes 1\.28; Job is batch\/v1/],
    ['a Job of v1', CLEAN_JOB.replace('batch/v1', 'v1'), 'object.api-version', 'apiVersion', /"v1" does not serve Job; Job is batch\/v1/],
    ['a Job of apps/v1', CLEAN_JOB.replace('batch/v1', 'apps/v1'), 'object.api-version', 'apiVersion', /"apps\/v1" does not serve Job/],
    ['a CronJob of batch/v1beta1', 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: c }\n', 'object.api-version', 'apiVersion', /removed in 1\.25/],
    ['kind job', CLEAN_JOB.replace('kind: Job', 'kind: job'), 'object.kind', 'kind', /"job" is not a kind: kinds are case-sensitive; did you mean "Job"\?/],
    ['kind cronjob', 'apiVersion: batch/v1\nkind: cronjob\nmetadata: { name: c }\n', 'object.kind', 'kind', /did you mean "CronJob"\?/],
    ['kind CronJOB', 'apiVersion: batch/v1\nkind: CronJOB\nmetadata: { name: c }\n', 'object.kind', 'kind', /did you mean "CronJob"\?/],
    ['a batch apiVersion with an unknown kind', 'apiVersion: batch/v1\nkind: Deployment\nmetadata: { name: d }\n', 'object.kind', 'kind', /"Deployment" is not a kind of batch\/v1: the batch API serves Job and CronJob/],
    ['a batch apiVersion without kind', 'apiVersion: batch/v1\nmetadata: { name: d }\n', 'object.type-meta', 'kind', /the document has no kind/],
    ['a Job without apiVersion', CLEAN_JOB.replace('apiVersion: batch/v1\n', ''), 'object.type-meta', 'apiVersion', /the document has no apiVersion/],
    ['a document with neither', 'foo: bar\n', 'object.type-meta', 'kind', /the document has no kind/],
    ['a kind that is not a string', 'apiVersion: v1\nkind: 5\n', 'object.type-meta', 'kind', /5 must be a string/],
  ])('%s: an error, exit 1', (_what, yaml, ruleId, at, message) => {
    // GIVEN a document that looks like a batch object WHEN it is validated
    const { code, report } = validateJson(yaml);
    // THEN it is an error finding, not a skip
    expect(code).toBe(1);
    expect(report.skipped).toEqual([]);
    expect(report.summary.checked).toBe(1);
    const hit = report.findings.find((f: any) => f.ruleId === ruleId && f.path === at);
    expect(hit).toEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(message) }));
  });

  test('a Job with a wrong apiVersion or kind case is still checked as a Job', () => {
    // GIVEN a lower-case kind and an invalid pod WHEN validated
    const { report } = validateJson(BAD_JOB.replace('kind: Job', 'kind: job'));
    // THEN both the kind and the Job rules are reported
    expect(report.findings.map((f: any) => f.ruleId)).toEqual(expect.arrayContaining(['object.kind', 'job.restart-policy']));
  });
});

describe('cdk8s-batch validate: skipped objects and --fail-on-skipped', () => {
  const mixed = `${DEPLOYMENT}---\n${CLEAN_JOB}---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: { name: hello }\n---\napiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }\n  - { apiVersion: v1, kind: Secret, metadata: {} }\n`;

  test('every skipped object is listed with file, document index, item, apiVersion, kind and name, in text and JSON', () => {
    // GIVEN a file with a Job and four objects of other kinds (a Knative Service is not a v1 Service)
    const p = file('mixed.yaml', mixed);
    // WHEN
    const text = run('validate', p);
    const json = JSON.parse(run('validate', '--json', p).out);
    // THEN
    expect(text.code).toBe(0);
    expect(text.out).toBe([
      'Skipped (other kinds):',
      `  ${p} (document 1) apps/v1 Deployment/web`,
      `  ${p} (document 3) serving.knative.dev/v1 Service/hello`,
      `  ${p} (document 4 item 1) v1 ConfigMap/a`,
      `  ${p} (document 4 item 2) v1 Secret/(no name)`,
      '',
      '1 file, 1 Job/CronJob checked for Kubernetes 1.28: 0 errors, 0 warnings (4 objects of other kinds skipped)',
      '',
    ].join('\n'));
    expect(json.skipped).toEqual([
      { file: p, documentIndex: 0, apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', object: 'apps/v1 Deployment/web' },
      { file: p, documentIndex: 2, apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', object: 'serving.knative.dev/v1 Service/hello' },
      { file: p, documentIndex: 3, item: 0, apiVersion: 'v1', kind: 'ConfigMap', name: 'a', object: 'v1 ConfigMap/a' },
      { file: p, documentIndex: 3, item: 1, apiVersion: 'v1', kind: 'Secret', name: '', object: 'v1 Secret/(no name)' },
    ]);
    expect(json.summary).toEqual(expect.objectContaining({ checked: 1, skipped: 4, checkedByKind: { Job: 1 }, exitCode: 0 }));
  });

  test('--fail-on-skipped: skipped objects fail with exit 1; without any, exit 0', () => {
    // GIVEN / WHEN / THEN
    const skipped = run('validate', '--fail-on-skipped', file('mixed.yaml', mixed));
    expect(skipped.code).toBe(1);
    expect(skipped.out).toContain('Skipped (other kinds; an error with --fail-on-skipped):\n');
    const json = JSON.parse(run('validate', '--json', '--fail-on-skipped', file('mixed.yaml', mixed)).out);
    expect(json.summary).toEqual(expect.objectContaining({ failOnSkipped: true, exitCode: 1 }));
    expect(run('validate', '--fail-on-skipped', file('job.yaml', CLEAN_JOB)).code).toBe(0);
  });
});

describe('cdk8s-batch validate: Services', () => {
  test('a headless Service beside a Job is checked: clean, exit 0', () => {
    const { code, report } = validateJson(`${CLEAN_JOB}---\n${HEADLESS_SERVICE}`);
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual(expect.objectContaining({ checked: 2, checkedByKind: { Job: 1, Service: 1 }, skipped: 0 }));
    expect(code).toBe(0);
  });

  test('the text summary counts Jobs/CronJobs, Services and invalid documents', () => {
    const { out } = run('validate', file('all.yaml', `${CLEAN_JOB}---\n${HEADLESS_SERVICE}---\nfoo: bar\n`));
    expect(out).toMatch(/\n1 file, 1 Job\/CronJob, 1 Service and 1 invalid document checked for Kubernetes 1.28: 2 errors, 0 warnings\n$/);
    expect(run('validate', file('svc.yaml', HEADLESS_SERVICE)).out).toBe('1 file, 1 Service checked for Kubernetes 1.28: 0 errors, 0 warnings\n');
  });

  test('an invalid Service: the service rules and the structural schema, exit 1', () => {
    // GIVEN a Service named with a digit first, a NodePort headless, a quoted number as targetPort and a misspelled field
    const bad = HEADLESS_SERVICE.replace('name: train-workers', 'name: 1-workers').replace('clusterIP: None', 'clusterIP: None\n  type: NodePort')
      .replace('port: 29500', 'port: 29500\n      targetPort: "29500"\n      protocl: TCP');
    // WHEN
    const { code, report } = validateJson(bad);
    // THEN
    expect(code).toBe(1);
    expect(report.findings.map((f: any) => `${f.ruleId} ${f.path}`)).toEqual([
      'service.name.invalid metadata.name',
      'service.cluster-ip spec.clusterIPs[0]',
      'schema.unknown-field spec.ports[0].protocl',
      'service.ports spec.ports[0].targetPort',
    ]);
    expect(report.findings[2].message).toBe('"protocl" is not a field of ServicePort; did you mean "protocol"?');
  });
});

describe('cdk8s-batch validate: YAML read as kubectl reads it (go-yaml v2, YAML 1.1)', () => {
  /** CLEAN_JOB with `backoffLimit: 3` replaced, or an env var added, and what the API server makes of it. */
  const withBackoff = (value: string) => CLEAN_JOB.replace('backoffLimit: 3', `backoffLimit: ${value}`);
  const withEnv = (value: string) => CLEAN_JOB.replace('          image: python:3.12\n', `          image: python:3.12\n          env: [{ name: X, value: ${value} }]\n`);
  const withToken = (value: string) => CLEAN_JOB.replace('automountServiceAccountToken: no', `automountServiceAccountToken: ${value}`);
  const withDeadline = (value: string) => CLEAN_JOB.replace('activeDeadlineSeconds: 3600', `activeDeadlineSeconds: ${value}`);
  const env = 'spec.template.spec.containers[0].env[0].value';

  test.each([
    // booleans: the YAML 1.1 forms go-yaml v2 knows
    ['`no` is false', withToken('no'), 0, undefined],
    ['`off` is false', withToken('off'), 0, undefined],
    ['`n` is false', withToken('n'), 0, undefined],
    ['`N` is false', withToken('N'), 0, undefined],
    ['`"no"` (quoted) is a string', withToken('"no"'), 1, ['object.field-type', 'spec.template.spec.automountServiceAccountToken']],
    ['an env value `yes` is a boolean, not a string', withEnv('yes'), 1, ['object.field-type', env]],
    ['an env value `on` is a boolean', withEnv('on'), 1, ['object.field-type', env]],
    // integers: Go syntax after removing every `_`
    ['`1_0` is 10', withBackoff('1_0'), 0, undefined],
    ['`0x3` is 3', withBackoff('0x3'), 0, undefined],
    ['`0o7` is 7', withBackoff('0o7'), 0, undefined],
    ['`0b11` is 3', withBackoff('0b11'), 0, undefined],
    ['`010` is octal 8', withBackoff('010'), 0, undefined],
    ['`3.0` is a whole number', withBackoff('3.0'), 0, undefined],
    ['`1e1` is a whole number', withBackoff('1e1'), 0, undefined],
    ['`3.5` is not an integer', withBackoff('3.5'), 1, ['object.field-type', 'spec.backoffLimit']],
    // strings: no base 60, no dates
    ['an env value `12:30` stays a string (go-yaml v2 has no base 60)', withEnv('12:30'), 0, undefined],
    ['an env value `2024-01-31` stays a string', withEnv('2024-01-31'), 0, undefined],
    ['an env value `0755` is a number (octal): quote it', withEnv('0755'), 1, ['object.field-type', env]],
    ['`!!str 5` is a string', withEnv('!!str 5'), 0, undefined],
    // 64-bit integers, exactly
    ['activeDeadlineSeconds 9223372036854775807 is a valid int64', withDeadline('9223372036854775807'), 0, undefined],
    ['activeDeadlineSeconds 9223372036854775808 overflows int64', withDeadline('9223372036854775808'), 1, ['object.field-type', 'spec.activeDeadlineSeconds']],
    ['activeDeadlineSeconds 99999999999999999999 (beyond 64 bits: a float for go-yaml) overflows int64', withDeadline('99999999999999999999'), 1, ['object.field-type', 'spec.activeDeadlineSeconds']],
    ['backoffLimit 2147483647 is a valid int32', withBackoff('2147483647'), 0, undefined],
    ['backoffLimit 2147483648 overflows int32', withBackoff('2147483648'), 1, ['object.field-type', 'spec.backoffLimit']],
    ['backoffLimit 18446744073709551615 (uint64) overflows int32', withBackoff('18446744073709551615'), 1, ['object.field-type', 'spec.backoffLimit']],
  ] as const)('%s', (_what, yaml, expectedCode, finding) => {
    // GIVEN the Job WHEN validated
    const { code, report } = validateJson(yaml);
    // THEN
    expect(report.problems).toEqual([]);
    if (finding) expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: finding[0], path: finding[1] }));
    else expect(report.findings).toEqual([]);
    expect(code).toBe(expectedCode);
  });

  test('an out-of-range integer names the field\'s bounds', () => {
    const int64 = validateJson(withDeadline('9223372036854775808')).report.findings.find((f: any) => f.path === 'spec.activeDeadlineSeconds');
    expect(int64.message).toBe('9223372036854775808 is out of range: the field is an int64 (-9223372036854775808 to 9223372036854775807)');
    const int32 = validateJson(withBackoff('2147483648')).report.findings.find((f: any) => f.path === 'spec.backoffLimit');
    expect(int32.message).toBe('2147483648 is out of range: the field is an int32 (-2147483648 to 2147483647)');
  });

  test('.inf and .nan cannot be sent as JSON: a document problem, exit 2', () => {
    const { code, report } = validateJson(withBackoff('.inf'));
    expect(code).toBe(2);
    expect(report.problems[0].message).toMatch(/document 1 is not valid YAML: \.inf is not a number JSON can hold .* at line 6, column 17$/);
  });

  test('anchors, aliases and merge keys in legitimate use: the values kubectl sends', () => {
    // GIVEN two Jobs sharing a container and resources through anchors and merge keys, one overriding a merged key
    const shared = `apiVersion: batch/v1
kind: List
items:
- apiVersion: batch/v1
  kind: Job
  metadata: { name: a }
  spec: &spec
    backoffLimit: 3
    activeDeadlineSeconds: 3600
    ttlSecondsAfterFinished: 86400
    template:
      spec:
        restartPolicy: Never
        automountServiceAccountToken: false
        securityContext: &pod { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
        containers:
          - &main
            name: main
            image: python:3.12
            resources: &res { requests: { cpu: 500m, memory: 1Gi }, limits: { memory: 1Gi } }
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
- apiVersion: batch/v1
  kind: Job
  metadata: { name: b }
  spec:
    <<: *spec
    backoffLimit: 1
    template:
      spec:
        restartPolicy: Never
        automountServiceAccountToken: false
        securityContext: *pod
        containers:
          - <<: *main
            image: python:3.13
            resources: { <<: *res, requests: { cpu: "1", memory: 1Gi } }
`;
    // WHEN
    const { code, report } = validateJson(shared);
    // THEN both are checked, and clean
    expect(report.problems).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary.checkedByKind).toEqual({ Job: 2 });
    expect(code).toBe(0);
  });

  test('a merge key of something that is not a map is refused, as go-yaml refuses it', () => {
    const { code, report } = validateJson('a: &x [1]\nb:\n  <<: *x\n');
    expect(code).toBe(2);
    expect(report.problems[0].message).toMatch(/a merge key \(<<\) needs a map or a list of maps as its value at line 3, column 7$/);
  });

  test('a "billion laughs" document is refused at once with a clear error; the file\'s other documents are still checked', () => {
    // GIVEN nine levels of nine aliases each (9^9 = 387 million strings once expanded), then an invalid Job
    let laughs = 'a0: &a0 lol\n';
    for (let i = 1; i <= 9; i++) laughs += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const started = Date.now();
    // WHEN
    const { code, report } = validateJson(`${laughs}---\n${BAD_JOB}`);
    // THEN
    expect(Date.now() - started).toBeLessThan(5000);
    expect(code).toBe(2);
    expect(report.problems).toEqual([expect.objectContaining({
      documentIndex: 0,
      message: expect.stringMatching(/document 1 is not valid YAML: its aliases expand to too much \(\d+ of \d+ nodes come from aliases: a "billion laughs" document; kubectl stops it as "document contains excessive aliasing"\) at line \d+, column \d+$/),
    })]);
    expect(report.findings.map((f: any) => f.ruleId)).toEqual(['job.restart-policy']);
  });

  test('a bounded use of aliases passes (three levels of ten, as go-yaml accepts)', () => {
    let laughs = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\nx0: &a0 lol\n';
    for (let i = 1; i <= 3; i++) laughs += `x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const { code, report } = validateJson(laughs);
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
  });

  test.each([
    ['a key set twice', 'apiVersion: v1\nkind: Service\nkind: Service\n', /the key "kind" is set twice in the same map .* at line 3, column 1$/],
    ['a key set twice in a nested map', `${CLEAN_JOB}  backoffLimit: 4\n`.replace('  template:\n', '  completions: 1\n  completions: 2\n  template:\n'), /the key "completions" is set twice .* at line \d+, column 3$/],
    ['the same key written two ways (`1` and `"1"`)', 'a:\n  1: x\n  "1": y\n', /the key "1" is set twice/],
    ['an anchor that holds itself', 'a: &x [*x]\n', /anchor 'x' value contains itself at line 1, column 8$/],
    ['an unknown alias', 'a: *nope\n', /not valid YAML: .*nope/],
    ['a null map key', '? \n: v\n', /a map key is (empty \(null\)|null)/],
    ['nesting deeper than 200 levels', `a: ${'['.repeat(250)}${']'.repeat(250)}\n`, /it nests too deeply \(more than 200 levels\)/],
  ])('%s: a document problem, exit 2', (_what, yaml, message) => {
    const { code, report } = validateJson(yaml);
    expect(code).toBe(2);
    expect(report.problems[0].message).toMatch(message);
  });
});

describe('cdk8s-batch validate: bounded memory on big or hostile input', () => {
  test('a file of 20,000 small documents is streamed and checked without error', () => {
    // GIVEN 20,000 ConfigMaps, then an invalid Job as document 20,001
    const docs = Array.from({ length: 20_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  k: "v"\n`);
    const p = file('many.yaml', `${docs.join('---\n')}---\n${BAD_JOB}`);
    // WHEN
    const { code, out } = run('validate', '--json', p);
    const report = JSON.parse(out);
    // THEN every document is accounted for, in order
    expect(report.summary).toEqual(expect.objectContaining({ checked: 1, skipped: 20_000, problems: 0, errors: 1 }));
    expect(report.skipped[19_999]).toEqual(expect.objectContaining({ documentIndex: 19_999, name: 'cm-19999' }));
    expect(report.findings[0]).toEqual(expect.objectContaining({ ruleId: 'job.restart-policy', documentIndex: 20_000 }));
    expect(code).toBe(1);
  }, 120_000);

  test('a document over 3 MiB (the API server\'s request limit) is refused without parsing; the others are checked', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n  blob: "${'x'.repeat(3 * 1024 * 1024)}"\n`;
    const { code, report } = validateJson(`${big}---\n${BAD_JOB}`);
    expect(code).toBe(2);
    expect(report.problems).toEqual([expect.objectContaining({
      documentIndex: 0,
      message: expect.stringMatching(/document 1 \(line 1\) is 3\.0 MiB, larger than the 3\.0 MiB limit of one object \(the API server refuses larger requests\); not read$/),
    })]);
    expect(report.findings.map((f: any) => f.ruleId)).toEqual(['job.restart-policy']);
  });

  test('a document with more than 200,000 YAML tokens is refused before it is parsed', () => {
    const dense = `a: [${'b,'.repeat(210_000)}]\n`;
    const started = Date.now();
    const { code, report } = validateJson(dense);
    expect(code).toBe(2);
    expect(report.problems[0].message).toMatch(/document 1 \(line 1\) has more than 200000 YAML tokens/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  test('documents are split at their markers only: `---` inside a block scalar or a string is content', () => {
    // GIVEN a ConfigMap whose values hold `---` lines (indented, or not at the start of a line)
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  a: |\n    ---\n    x\n  b: "--- not a marker"\n---\n' + HEADLESS_SERVICE;
    const { code, report } = validateJson(yaml);
    expect(report.problems).toEqual([]);
    expect(report.skipped).toEqual([expect.objectContaining({ documentIndex: 0, name: 'c' })]);
    expect(report.summary.checkedByKind).toEqual({ Service: 1 });
    expect(code).toBe(0);
  });

  test('comments and directives before the first `---` belong to the first document; a leading `---` is not an extra document', () => {
    const { report } = validateJson(`# a comment\n%YAML 1.1\n---\n${BAD_JOB}...\n# trailing\n---\n${HEADLESS_SERVICE}`);
    expect(report.problems).toEqual([]);
    expect(report.findings.map((f: any) => [f.ruleId, f.documentIndex])).toEqual([['job.restart-policy', 0]]);
    expect(report.summary.checkedByKind).toEqual({ Job: 1, Service: 1 });
  });
});

describe('cdk8s-batch validate: exit codes', () => {
  test.each([
    ['a clean Job', 0, [], CLEAN_JOB],
    ['warnings only', 0, [], WARN_JOB],
    ['warnings with --strict', 1, ['--strict'], WARN_JOB],
    ['an error', 1, [], BAD_JOB],
    ['a skipped object', 0, [], DEPLOYMENT],
    ['a skipped object with --fail-on-skipped', 1, ['--fail-on-skipped'], DEPLOYMENT],
    ['a document without kind', 1, [], 'foo: bar\n'],
    ['unreadable YAML next to an error', 2, [], `kind: [\n---\n${BAD_JOB}`],
  ] as const)('%s: exit %d', (_what, expected, flags, yaml) => {
    expect(run('validate', ...flags, file('x.yaml', yaml)).code).toBe(expected);
  });
});

describe('bin/cdk8s-batch.js (compiled lib/)', () => {
  const bin = path.join(__dirname, '..', 'bin', 'cdk8s-batch.js');
  const compiled = fs.existsSync(path.join(__dirname, '..', 'lib', 'cli', 'main.js'));
  // lib/ is built by `compile`, which `npm test` runs before jest; a bare `npx jest` skips the
  // test until lib/ exists, in CI (`npm test`) it always runs.
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

  (compiled || process.env.CI ? test : test.skip)('standard input is read up to the size limit and no further', () => {
    // GIVEN more input than --max-bytes allows
    const tooBig = spawnSync(process.execPath, [bin, 'validate', '--max-bytes', '4096', '-'], { input: `${CLEAN_JOB}# ${'x'.repeat(8192)}\n`, encoding: 'utf-8' });
    // THEN a clear problem and exit 2
    expect(tooBig.status).toBe(2);
    expect(tooBig.stdout).toContain('<stdin> is larger than the 4.0 KiB limit; not read');
    // AND input within the limit, with a Service and a skipped object, is read
    const fits = spawnSync(process.execPath, [bin, 'validate', '--json', '--fail-on-skipped', '-'], { input: `${HEADLESS_SERVICE}---\n${DEPLOYMENT}`, encoding: 'utf-8' });
    expect(fits.status).toBe(1);
    expect(JSON.parse(fits.stdout).skipped).toEqual([expect.objectContaining({ file: '-', kind: 'Deployment' })]);
  });
});

describe('cdk8s-batch validate --kubernetes: the target version decides which fields exist and which gates are on', () => {
  // An Indexed Job that succeeds when its leader (index 0) succeeds: spec.successPolicy appears in
  // the 1.30 API (alpha, JobSuccessPolicy), is on by default from 1.31 and GA in 1.33.
  const LEADER_JOB = CLEAN_JOB.replace('  backoffLimit: 3\n', [
    '  backoffLimit: 3',
    '  completionMode: Indexed',
    '  completions: 4',
    '  parallelism: 4',
    '  successPolicy:',
    '    rules:',
    '      - succeededIndexes: "0"',
    '',
  ].join('\n'));

  test('the default target is 1.28: a field of a newer API is an error that names the version it exists from', () => {
    const p = file('leader.yaml', LEADER_JOB);
    const { code, out } = run('validate', p);
    expect(code).toBe(1);
    expect(out).toMatch(/spec\.successPolicy/);
    expect(out).toMatch(/1\.30/);
    expect(out).toMatch(/checked for Kubernetes 1\.28: [1-9]\d* errors?/);
  });

  test('where the gate is on by default (1.33), the same Job is clean; the summary names the target', () => {
    const p = file('leader.yaml', LEADER_JOB);
    const { code, out } = run('validate', '--kubernetes', '1.33', p);
    expect(out).toBe('1 file, 1 Job/CronJob checked for Kubernetes 1.33: 0 errors, 0 warnings\n');
    expect(code).toBe(0);
    const json = JSON.parse(run('validate', '--json', '--kubernetes=v1.33.2', p).out);
    expect(json.summary).toEqual(expect.objectContaining({ kubernetesVersion: '1.33', featureGates: [], errors: 0, warnings: 0 }));
  });

  test('where the gate is alpha (1.30) the field is flagged as dropped unless --feature-gates says the cluster turned it on', () => {
    const p = file('leader.yaml', LEADER_JOB);
    const alpha = run('validate', '--kubernetes', '1.30', p);
    expect(alpha.out).toMatch(/practice\.alpha-field\s+spec\.successPolicy/);
    expect(alpha.out).toMatch(/JobSuccessPolicy/);
    const gated = run('validate', '--kubernetes', '1.30', '--feature-gates', 'JobSuccessPolicy=true', p);
    expect(gated.out).not.toMatch(/practice\.alpha-field/);
    expect(gated.out).toMatch(/checked for Kubernetes 1\.30 with JobSuccessPolicy: 0 errors, 0 warnings/);
    expect(gated.code).toBe(0);
  });

  test('the rules of the target apply: an invalid success policy is an error at 1.36', () => {
    const p = file('leader.yaml', LEADER_JOB.replace('succeededIndexes: "0"', 'succeededIndexes: "7"'));
    const { code, out } = run('validate', '--kubernetes', '1.36', p);
    expect(code).toBe(1);
    expect(out).toMatch(/spec\.successPolicy\.rules\[0\]\.succeededIndexes/);
  });
});
