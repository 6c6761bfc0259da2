import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Gpu, NightlyCronJob, ParallelShardJob, Schedule, TrainingJob } from '../src';
import { checkManifest } from '../src/rules';
import { mainContainer as main, podSpec as pod } from './util/synth';

/**
 * The constructs' props validation and the manifest rules agree: for each rule they share, the
 * construct rejects the bad prop with the standard message, and the manifest rule flags a
 * manifest with the same value (the construct's own clean output, changed by hand).
 */
type Build = (chart: Chart, props: any) => void;
const training: Build = (chart, props) => new TrainingJob(chart, 'job', { image: 'python:3.12', ...props });
const shards: Build = (chart, props) => new ParallelShardJob(chart, 'job', { image: 'python:3.12', shards: 10, ...props });
const nightly: Build = (chart, props) => new NightlyCronJob(chart, 'job', { image: 'python:3.12', ...props });


interface Agreement {
  readonly rule: string;
  readonly build: Build;
  /** Props that the construct rejects... */
  readonly bad: (chart: Chart) => any;
  /** ...naming this prop in the error. */
  readonly prop: string;
  /** The same value, written into the clean manifest. */
  readonly mutate: (m: any) => void;
}

const AGREEMENTS: Agreement[] = [
  { rule: 'job.name.too-long', build: training, bad: () => ({ name: 'a'.repeat(64) }), prop: 'name', mutate: m => { m.metadata.name = 'a'.repeat(64); } },
  { rule: 'metadata.name.invalid', build: training, bad: () => ({ name: 'Train' }), prop: 'name', mutate: m => { m.metadata.name = 'Train'; } },
  { rule: 'cronjob.name.too-long', build: nightly, bad: () => ({ name: 'a'.repeat(53) }), prop: 'name', mutate: m => { m.metadata.name = 'a'.repeat(53); } },
  { rule: 'job.name.indexed-hostname', build: shards, bad: () => ({ name: 'a'.repeat(62) }), prop: 'name', mutate: m => { m.metadata.name = 'a'.repeat(62); } },
  { rule: 'metadata.namespace.invalid', build: training, bad: () => ({ namespace: 'a.b' }), prop: 'namespace', mutate: m => { m.metadata.namespace = 'a.b'; } },
  { rule: 'metadata.labels.invalid', build: training, bad: () => ({ labels: { team: 'machine learning' } }), prop: 'labels.team', mutate: m => { m.metadata.labels.team = 'machine learning'; } },
  { rule: 'metadata.annotations.invalid', build: training, bad: () => ({ annotations: { 'bad key': 'x' } }), prop: 'annotations.bad key', mutate: m => { m.metadata.annotations = { 'bad key': 'x' }; } },
  { rule: 'job.template.reserved-labels', build: training, bad: () => ({ podLabels: { 'job-name': 'other' } }), prop: 'podLabels.job-name', mutate: m => { m.spec.template.metadata.labels['job-name'] = 'other'; } },
  { rule: 'spec.negative', build: training, bad: () => ({ backoffLimit: -1 }), prop: 'backoffLimit', mutate: m => { m.spec.backoffLimit = -1; } },
  { rule: 'job.restart-policy', build: training, bad: () => ({ restartPolicy: kplus.RestartPolicy.ALWAYS }), prop: 'restartPolicy', mutate: m => { pod(m).restartPolicy = 'Always'; } },
  { rule: 'job.pod-failure-policy.restart-policy', build: training, bad: () => ({ restartPolicy: kplus.RestartPolicy.ON_FAILURE, failFastExitCodes: [2] }), prop: 'failFastExitCodes', mutate: m => { pod(m).restartPolicy = 'OnFailure'; } },
  {
    rule: 'job.pod-failure-policy.exit-codes',
    build: training,
    bad: () => ({ failFastExitCodes: [0, 2] }),
    prop: 'failFastExitCodes',
    mutate: m => {
      m.spec.podFailurePolicy.rules.unshift({ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [0, 2] } });
    },
  },
  {
    rule: 'job.per-index',
    build: shards,
    bad: () => ({ enableAlphaBackoffLimitPerIndex: true, backoffLimitPerShard: 1, maxFailedShards: 11 }),
    prop: 'maxFailedShards',
    mutate: m => {
      Object.assign(m.spec, { backoffLimitPerIndex: 1, maxFailedIndexes: 11 });
    },
  },
  { rule: 'cronjob.schedule', build: nightly, bad: () => ({ schedule: Schedule.expression('0 0 31 2 *') }), prop: 'schedule', mutate: m => { m.spec.schedule = '0 0 31 2 *'; } },
  { rule: 'cronjob.time-zone', build: nightly, bad: () => ({ timeZone: 'europe/berlin' }), prop: 'timeZone', mutate: m => { m.spec.timeZone = 'europe/berlin'; } },
  { rule: 'cronjob.concurrency-policy', build: nightly, bad: () => ({ concurrencyPolicy: 'Skip' }), prop: 'concurrencyPolicy', mutate: m => { m.spec.concurrencyPolicy = 'Skip'; } },
  { rule: 'pod.containers', build: training, bad: () => ({ containerName: 'Main' }), prop: 'containerName', mutate: m => { main(m).name = 'Main'; } },
  { rule: 'pod.volumes', build: training, bad: c => ({ volumes: [kplus.Volume.fromEmptyDir(c, 'v', 'Data')] }), prop: 'volumes[0].name', mutate: m => { pod(m).volumes.push({ name: 'Data', emptyDir: {} }); } },
  {
    rule: 'pod.tolerations',
    build: training,
    bad: () => ({ tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }] }),
    prop: 'tolerations[0].value',
    mutate: m => {
      pod(m).tolerations = [{ key: 'a', operator: 'Exists', value: 'x' }];
    },
  },
  { rule: 'pod.node-selector', build: training, bad: () => ({ nodeSelector: { pool: 'gpu pool' } }), prop: 'nodeSelector.pool', mutate: m => { pod(m).nodeSelector = { pool: 'gpu pool' }; } },
  { rule: 'pod.names', build: training, bad: () => ({ priorityClassName: 'High' }), prop: 'priorityClassName', mutate: m => { pod(m).priorityClassName = 'High'; } },
  { rule: 'pod.names', build: training, bad: c => ({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(c, 'sa', 'Bad_SA') }), prop: 'serviceAccount', mutate: m => { pod(m).serviceAccountName = 'Bad_SA'; } },
  { rule: 'pod.security-context', build: training, bad: () => ({ fsGroup: 2 ** 31 }), prop: 'fsGroup', mutate: m => { pod(m).securityContext.fsGroup = 2 ** 31; } },
  { rule: 'container.image', build: training, bad: () => ({ image: 'python:3.12 ' }), prop: 'image', mutate: m => { main(m).image = 'python:3.12 '; } },
  { rule: 'container.image-pull-policy', build: training, bad: () => ({ imagePullPolicy: 'Sometimes' }), prop: 'imagePullPolicy', mutate: m => { main(m).imagePullPolicy = 'Sometimes'; } },
  { rule: 'container.env', build: training, bad: () => ({ env: { '1X': kplus.EnvValue.fromValue('a') } }), prop: 'env.1X', mutate: m => { main(m).env.push({ name: '1X', value: 'a' }); } },
  {
    rule: 'container.env',
    build: training,
    bad: c => ({ env: { TOKEN: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(c, 's', 'token'), key: '..' }) } }),
    prop: 'env.TOKEN',
    mutate: m => {
      main(m).env.push({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: '..' } } });
    },
  },
  {
    rule: 'container.env-from',
    build: training,
    bad: c => ({ envFrom: [kplus.Env.fromSecret(kplus.Secret.fromSecretName(c, 's', 'Bad_Name'))] }),
    prop: 'envFrom[0]',
    mutate: m => {
      main(m).envFrom = [{ secretRef: { name: 'Bad_Name' } }];
    },
  },
  {
    rule: 'container.resources.request-over-limit',
    build: training,
    bad: () => ({ memory: Size.gibibytes(2), memoryLimit: Size.gibibytes(1) }),
    prop: 'memory',
    mutate: m => {
      main(m).resources.requests.memory = '2Gi';
    },
  },
  { rule: 'container.resources.quantity', build: training, bad: () => ({ cpu: kplus.Cpu.millis(-5) }), prop: 'cpu', mutate: m => { main(m).resources.requests.cpu = '-5m'; } },
  {
    rule: 'container.resources.name',
    build: training,
    bad: () => ({ extendedResources: { fpga: 1 } }),
    prop: 'extendedResources.fpga',
    mutate: m => {
      main(m).resources.requests.fpga = 1;
      main(m).resources.limits.fpga = 1;
    },
  },
  {
    rule: 'container.resources.extended',
    build: training,
    bad: () => ({ gpu: Gpu.nvidia(1.5) }),
    prop: 'gpu.count',
    mutate: m => {
      main(m).resources.requests['nvidia.com/gpu'] = '1.5';
      main(m).resources.limits['nvidia.com/gpu'] = '1.5';
    },
  },
  {
    rule: 'container.volume-mounts',
    build: training,
    bad: c => ({ volumeMounts: [{ volume: kplus.Volume.fromEmptyDir(c, 'v', 'data'), path: '/data', subPath: '../x' }] }),
    prop: 'volumeMounts[0].subPath',
    mutate: m => {
      pod(m).volumes.push({ name: 'data', emptyDir: {} });
      main(m).volumeMounts.push({ name: 'data', mountPath: '/data', subPath: '../x' });
    },
  },
];

describe('props validation and manifest rules agree', () => {
  test.each(AGREEMENTS.map(a => [a.rule, a.prop, a] as const))('%s (%s)', (ruleId, prop, a) => {
    // GIVEN the construct's clean manifest
    const clean = Testing.chart();
    a.build(clean, {});
    const [manifest] = Testing.synth(clean);
    expect(checkManifest(manifest).findings).toEqual([]);

    // WHEN the construct gets the bad prop, THEN it refuses it in the standard form, naming the prop
    const chart = Testing.chart();
    const escaped = prop.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(() => a.build(chart, a.bad(chart))).toThrow(new RegExp(`^\\w+ 'test/job': '${escaped}' \\(.*\\) must be .+; .+`, 's'));

    // WHEN the manifest holds the same value, THEN the rule flags it
    a.mutate(manifest);
    expect(checkManifest(manifest).findings.filter(f => f.severity === 'error').map(f => f.ruleId)).toContain(ruleId);
  });
});
