import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { main } from '../src/cli/main';
import { checkManifest } from '../src/rules';
import { exampleTarget, synthExamples } from './util/synth';

/**
 * The manifest rules (the final gate, the plugin and the CLI) agree with the Kubernetes 1.28 API
 * server on mutated versions of the examples' output: each mutation below is one the API server
 * refuses (the upstream function that refuses it is named), or one it accepts. Every mutation is
 * applied to every Job and CronJob of the examples app.
 */
type Mutation = [name: string, upstream: string, mutate: (job: any, pod: any, container: any, m: any) => void, field: string];

const REFUSED: Mutation[] = [
  ['restartPolicy Always', 'validateJobSpec', (_j, pod) => { pod.restartPolicy = 'Always'; }, 'restartPolicy'],
  ['restartPolicy in lower case', 'validateRestartPolicy', (_j, pod) => { pod.restartPolicy = 'never'; }, 'restartPolicy'],
  ['a negative backoffLimit', 'validateJobSpec (ValidateNonnegativeField)', job => { job.backoffLimit = -1; }, 'backoffLimit'],
  ['backoffLimit as a string', 'strict decoding (int32)', job => { job.backoffLimit = '3'; }, 'backoffLimit'],
  ['backoffLimit above int32', 'strict decoding (int32)', job => { job.backoffLimit = 2 ** 31; }, 'backoffLimit'],
  ['a negative TTL', 'validateJobSpec', job => { job.ttlSecondsAfterFinished = -5; }, 'ttlSecondsAfterFinished'],
  ['a completion mode that does not exist', 'validateJobSpec', job => { job.completionMode = 'Sharded'; }, 'completionMode'],
  ['an unknown field', 'strict field validation', job => { job.retries = 3; }, 'retries'],
  ['a misspelled field', 'strict field validation', job => { job.backOffLimit = 3; }, 'backOffLimit'],
  ['a pod label value with a space', 'ValidateLabels', job => { job.template.metadata.labels.team = 'data science'; }, 'labels'],
  ['two containers with one name', 'validateContainers', (_j, pod, c) => { pod.containers.push({ ...c }); }, 'containers[1].name'],
  ['an empty image', 'validateContainers', (_j, _p, c) => { c.image = ''; }, 'image'],
  ['an env var name starting with a digit', 'ValidateEnv (IsEnvVarName)', (_j, _p, c) => { c.env = [...(c.env ?? []), { name: '1X', value: 'a' }]; }, 'env'],
  ['a memory request that is not a quantity', 'ValidateResourceRequirements', (_j, _p, c) => { c.resources.requests.memory = 'lots'; }, 'memory'],
  ['a CPU request above its limit', 'ValidateResourceRequirements', (_j, _p, c) => {
    c.resources.requests.cpu = '4'; c.resources.limits = { ...(c.resources.limits ?? {}), cpu: '2' };
  }, 'cpu'],
  ['a mount of a volume that does not exist', 'ValidateVolumeMounts', (_j, _p, c) => {
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: 'nowhere', mountPath: '/nowhere' }];
  }, 'volumeMounts'],
  ['an Exists toleration with a value', 'ValidateTolerations', (_j, pod) => {
    pod.tolerations = [...(pod.tolerations ?? []), { key: 'a', operator: 'Exists', value: 'b' }];
  }, 'tolerations'],
  ['a negative pod user id', 'ValidatePodSecurityContext', (_j, pod) => { pod.securityContext = { ...(pod.securityContext ?? {}), runAsUser: -1 }; }, 'runAsUser'],
  ['a Job name with an underscore', 'ValidateObjectMeta', (_j, _p, _c, m) => { m.metadata.name = 'my_job'; }, 'metadata.name'],
  ['batch/v1beta1', 'removed in 1.25', (_j, _p, _c, m) => { m.apiVersion = 'batch/v1beta1'; }, 'apiVersion'],
];

const ACCEPTED: Mutation[] = [
  ['a label on the object', 'ValidateLabels', (_j, _p, _c, m) => { m.metadata.labels = { ...(m.metadata.labels ?? {}), team: 'ml' }; }, ''],
  ['another pinned image', 'validateContainers', (_j, _p, c) => { c.image = 'busybox:1.36'; }, ''],
  ['no retries', 'validateJobSpec', job => { job.backoffLimit = 0; }, ''],
  ['an annotation with free text', 'ValidateAnnotations', (_j, _p, _c, m) => { m.metadata.annotations = { 'example.com/note': 'any text: at all' }; }, ''],
  ['delete at once when finished', 'validateJobSpec', job => { job.ttlSecondsAfterFinished = 0; }, ''],
  ['an empty env value', 'ValidateEnv', (_j, _p, c) => { c.env = [...(c.env ?? []), { name: 'X_Y', value: '' }]; }, ''],
  ['OnFailure without a pod failure policy', 'validateJobSpec', (job, pod) => { pod.restartPolicy = 'OnFailure'; delete job.podFailurePolicy; }, ''],
  ['an Exists toleration of every taint', 'ValidateTolerations', (_j, pod) => { pod.tolerations = [...(pod.tolerations ?? []), { operator: 'Exists' }]; }, ''],
  ['a hostname', 'ValidatePodSpec', (_j, pod) => { pod.hostname = 'trainer'; }, ''],
  ['backoffLimit at the int32 maximum', 'validateJobSpec', job => { job.backoffLimit = 2 ** 31 - 1; }, ''],
];

/**
 * Every Job and CronJob of the examples app written for 1.28, with names (the one chart for a
 * 1.33 cluster has tests of its own); checked as the plugin checks them (cdk8s.yaml's gates).
 */
function examples(): Array<[string, any]> {
  const out: Array<[string, any]> = [];
  for (const [chart, manifests] of synthExamples().byChart) {
    if (exampleTarget(chart).minor !== 28) continue;
    for (const m of manifests.filter(x => x.kind === 'Job' || x.kind === 'CronJob')) out.push([`${chart}/${m.kind}/${m.metadata.name}`, m]);
  }
  return out;
}

/** The target of the examples written for 1.28 (the plugin's properties in cdk8s.yaml). */
const TARGET = exampleTarget('pi');

function mutated(m: any, mutate: Mutation[2]): any {
  const copy = JSON.parse(JSON.stringify(m));
  const job = copy.kind === 'CronJob' ? copy.spec.jobTemplate.spec : copy.spec;
  mutate(job, job.template.spec, job.template.spec.containers[0], copy);
  return copy;
}

const EXAMPLES = examples();

describe('mutated examples: the rules refuse what the 1.28 API server refuses', () => {
  test.each(REFUSED)('%s (%s)', (_name, _upstream, mutate, field) => {
    for (const [where, m] of EXAMPLES) {
      const errors = checkManifest(mutated(m, mutate), { target: TARGET }).findings.filter(f => f.severity === 'error');
      if (!errors.some(f => f.path.includes(field))) throw new Error(`${where}: no error at '${field}': ${JSON.stringify(errors)}`);
    }
  });
});

describe('mutated examples: the rules accept what the 1.28 API server accepts', () => {
  test.each(ACCEPTED)('%s (%s)', (_name, _upstream, mutate) => {
    for (const [where, m] of EXAMPLES) {
      const errors = checkManifest(mutated(m, mutate), { target: TARGET }).findings.filter(f => f.severity === 'error');
      if (errors.length) throw new Error(`${where}: ${errors.map(f => `${f.ruleId} ${f.path}: ${f.message}`).join('; ')}`);
    }
  });
});

test('the CLI gives the same verdict on the mutated examples, document by document', () => {
  // GIVEN one file with every mutation of one example of each kind
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-mutations-'));
  const picks = ['Job', 'CronJob'].map(kind => EXAMPLES.find(([, m]) => m.kind === kind)![1]);
  const refused = picks.flatMap(m => REFUSED.map(([, , mutate]) => mutated(m, mutate)));
  const accepted = picks.flatMap(m => ACCEPTED.map(([, , mutate]) => mutated(m, mutate)));
  Yaml.save(path.join(dir, 'refused.yaml'), refused);
  Yaml.save(path.join(dir, 'accepted.yaml'), accepted);
  const run = (file: string) => {
    let out = '';
    const gates = TARGET.gates.size ? ['--feature-gates', [...TARGET.gates].join(',')] : [];
    const code = main(['validate', '--json', '--no-warnings', ...gates, path.join(dir, file)], { out: t => { out += t; }, err: t => { out += t; } });
    return { code, report: JSON.parse(out) };
  };
  // WHEN
  const bad = run('refused.yaml');
  const good = run('accepted.yaml');
  // THEN every refused document has an error, and no accepted one has
  expect(bad.code).toBe(1);
  const documents = new Set(bad.report.findings.filter((f: any) => f.severity === 'error').map((f: any) => f.documentIndex));
  expect(documents.size).toBe(refused.length);
  expect(good.code).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
});
