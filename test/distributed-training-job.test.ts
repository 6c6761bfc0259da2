import { ApiObject, App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Defaults, DistributedTrainingJob, DistributedTrainingJobProps, Gpu, RerunStrategy } from '../src';
import { checkPodDnsName, lastPodFqdn } from '../src/_distributed';
import { building, mainContainer as main, podSpec, synthExamples } from './util/synth';

const IMAGE = 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime';

/** Synthesizes one DistributedTrainingJob: its Job, its Service (if any) and the construct. */
function synth(props: Partial<DistributedTrainingJobProps> = {}, id = 'ddp', chart: Chart = Testing.chart()) {
  const construct = new DistributedTrainingJob(chart, id, { image: IMAGE, nodes: 2, ...props });
  const manifests = Testing.synth(chart);
  return { job: manifests.find(m => m.kind === 'Job'), service: manifests.find(m => m.kind === 'Service'), manifests, construct };
}

function build(props: Partial<DistributedTrainingJobProps>): () => void {
  return building(chart => new DistributedTrainingJob(chart, 'ddp', { image: IMAGE, nodes: 2, ...props } as DistributedTrainingJobProps));
}

/** The value of an env var of the main container (its `value`, or its `valueFrom`). */
function env(job: any, name: string): unknown {
  const e = (main(job).env ?? []).find((x: any) => x.name === name);
  return e === undefined ? undefined : e.value ?? e.valueFrom;
}

const RANK_FROM_INDEX = { fieldRef: { fieldPath: 'metadata.annotations[\'batch.kubernetes.io/job-completion-index\']' } };
const WHERE = /DistributedTrainingJob 'test\/ddp': /;

describe('DistributedTrainingJob defaults', () => {
  test('default manifests: an Indexed Job and its headless Service', () => {
    // GIVEN / WHEN
    const { manifests } = synth({ name: 'ddp', command: ['torchrun', 'train.py'], gpu: Gpu.nvidia(4) });
    // THEN
    expect(manifests).toMatchSnapshot();
  });

  test('an Indexed Job with completions = parallelism = nodes', () => {
    const { job } = synth({ nodes: 3 });
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
  });

  test('a headless Service that selects exactly the Job\'s pods and publishes them before they are Ready', () => {
    // GIVEN / WHEN
    const { job, service, construct } = synth({ name: 'llama' });
    // THEN
    expect(service.spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'batch.kubernetes.io/job-name': 'llama' },
      ports: [{ name: Defaults.DISTRIBUTED_PORT_NAME, port: Defaults.DISTRIBUTED_PORT, targetPort: Defaults.DISTRIBUTED_PORT, protocol: 'TCP' }],
    });
    expect(service.metadata.name).toBe('llama');
    expect(podSpec(job).subdomain).toBe(service.metadata.name);
    expect(construct.serviceName).toBe('llama');
    expect(construct.name).toBe(job.metadata.name);
    expect(construct.masterAddress).toBe('llama-0.llama');
    // The Service's labels are the Job's, without Kueue's.
    expect(service.metadata.labels).toEqual(job.metadata.labels);
  });

  test('torchrun env for a static rendezvous: rank from the completion index, rank 0 at <job>-0.<service>', () => {
    const { job } = synth({ name: 'ddp', gpu: Gpu.nvidia(4) });
    expect(main(job).env.slice(0, 9)).toEqual([
      { name: 'PET_NNODES', value: '2' },
      { name: 'PET_NPROC_PER_NODE', value: '4' },
      { name: 'PET_NODE_RANK', valueFrom: RANK_FROM_INDEX },
      { name: 'PET_MASTER_ADDR', value: 'ddp-0.ddp' },
      { name: 'PET_MASTER_PORT', value: String(Defaults.DISTRIBUTED_PORT) },
      { name: 'MASTER_ADDR', value: 'ddp-0.ddp' },
      { name: 'MASTER_PORT', value: '29500' },
      { name: 'WORLD_SIZE', value: '8' },
      { name: 'NODE_RANK', valueFrom: RANK_FROM_INDEX },
    ]);
    expect(Defaults.DISTRIBUTED_PORT).toBe(29500);
  });

  test('the rendezvous port on the main container', () => {
    const { job } = synth();
    expect(main(job).ports).toEqual([{ name: 'rdzv', containerPort: Defaults.DISTRIBUTED_PORT, protocol: 'TCP' }]);
  });

  test('gang failure: a static rendezvous fails the Job on the first failed worker; disruptions are ignored', () => {
    const { job } = synth();
    expect(job.spec.backoffLimit).toBe(Defaults.DISTRIBUTED_STATIC_BACKOFF_LIMIT);
    expect(Defaults.DISTRIBUTED_STATIC_BACKOFF_LIMIT).toBe(0);
    expect(job.spec.podFailurePolicy).toEqual({ rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
  });

  test('nprocPerNode defaults to the GPU count, else 1', () => {
    expect(env(synth({ gpu: Gpu.nvidia(8) }).job, 'PET_NPROC_PER_NODE')).toBe('8');
    expect(env(synth({ gpu: Gpu.nvidiaMig('1g.10gb', 2) }).job, 'PET_NPROC_PER_NODE')).toBe('2');
    expect(env(synth().job, 'PET_NPROC_PER_NODE')).toBe('1');
    expect(env(synth().job, 'WORLD_SIZE')).toBe('2');
  });

  test('the GPU defaults of GpuJob, per node: CPU, memory, /dev/shm, toleration, deadline', () => {
    const { job } = synth({ gpu: Gpu.nvidia(4, { product: 'NVIDIA-A100-SXM4-80GB' }) });
    expect(main(job).resources).toEqual({
      requests: { 'cpu': '8', 'memory': '32Gi', 'nvidia.com/gpu': '4' },
      limits: { 'memory': '32Gi', 'nvidia.com/gpu': '4' },
    });
    expect(podSpec(job).volumes).toContainEqual({ name: Defaults.SHM_VOLUME_NAME, emptyDir: { medium: 'Memory', sizeLimit: '8Gi' } });
    expect(podSpec(job).tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(podSpec(job).nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
    expect(job.spec.activeDeadlineSeconds).toBe(Defaults.GPU_JOB_ACTIVE_DEADLINE.toSeconds());
  });

  test('without a GPU: the generic defaults and deadline', () => {
    const { job } = synth();
    expect(main(job).resources.requests).toEqual({ cpu: Defaults.CPU_REQUEST.amount, memory: Defaults.MEMORY_REQUEST.asString() });
    expect(job.spec.activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
  });

  test('restricted pod security, TTL, component label', () => {
    const { job } = synth();
    expect(podSpec(job).securityContext.runAsNonRoot).toBe(true);
    expect(main(job).securityContext.readOnlyRootFilesystem).toBe(true);
    expect(job.spec.ttlSecondsAfterFinished).toBe(Defaults.TTL_AFTER_FINISHED.toSeconds());
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('distributed-training');
  });

  test('generated names: a DNS-1035 label that leaves room for the largest index, also from a chart id starting with a digit', () => {
    for (const [chartId, id, nodes] of [['c', 'x'.repeat(120), 1000], ['123', 'ddp', 2]] as const) {
      const app = Testing.app();
      const { job, service } = synth({ nodes }, id, new Chart(app, chartId));
      expect(job.metadata.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expect(`${job.metadata.name}-${nodes - 1}`.length).toBeLessThanOrEqual(63);
      expect(service.metadata.name).toBe(job.metadata.name);
    }
  });

  test('every pod\'s DNS name fits: 209 characters at most, with the longest names and namespace', () => {
    const name = 'a'.repeat(60);
    const fqdn = lastPodFqdn(name, name, 1000, undefined);
    expect(fqdn.length).toBe(60 + 4 + 1 + 60 + 1 + 63 + 18);
    expect(fqdn.length).toBeLessThanOrEqual(253);
  });

  test('the Job is the child named Resource, the Service the child named Service', () => {
    const chart = Testing.chart();
    const job = new DistributedTrainingJob(chart, 'ddp', { image: IMAGE, nodes: 2 });
    expect(ApiObject.of(job)).toBe(job.apiObject);
    expect(job.node.findChild('Service')).toBe(job.service);
  });
});

describe('DistributedTrainingJob props', () => {
  test('elastic: c10d rendezvous env, min:max nodes, restart budget as the backoff limit', () => {
    // GIVEN / WHEN
    const { job } = synth({ name: 'elastic', nodes: 4, elastic: { minNodes: 2, maxRestarts: 5 } });
    // THEN
    expect(main(job).env.slice(0, 8)).toEqual([
      { name: 'PET_NNODES', value: '2:4' },
      { name: 'PET_NPROC_PER_NODE', value: '1' },
      { name: 'PET_RDZV_BACKEND', value: 'c10d' },
      { name: 'PET_RDZV_ENDPOINT', value: 'elastic-0.elastic:29500' },
      { name: 'PET_RDZV_ID', value: 'elastic' },
      { name: 'PET_MAX_RESTARTS', value: '5' },
      { name: 'MASTER_ADDR', value: 'elastic-0.elastic' },
      { name: 'MASTER_PORT', value: '29500' },
    ]);
    expect(env(job, 'PET_NODE_RANK')).toBeUndefined();
    expect(job.spec.backoffLimit).toBe(5);
  });

  test('elastic defaults: min nodes = nodes, Defaults.ELASTIC_MAX_RESTARTS', () => {
    const { job } = synth({ nodes: 3, elastic: {} });
    expect(env(job, 'PET_NNODES')).toBe('3:3');
    expect(env(job, 'PET_MAX_RESTARTS')).toBe(String(Defaults.ELASTIC_MAX_RESTARTS));
    expect(job.spec.backoffLimit).toBe(Defaults.ELASTIC_MAX_RESTARTS);
  });

  test('port and nprocPerNode', () => {
    const { job, service } = synth({ name: 'ddp', port: 23456, nprocPerNode: 2, gpu: Gpu.nvidia(4) });
    expect(env(job, 'PET_MASTER_PORT')).toBe('23456');
    expect(env(job, 'PET_NPROC_PER_NODE')).toBe('2');
    expect(env(job, 'WORLD_SIZE')).toBe('4');
    expect(main(job).ports[0].containerPort).toBe(23456);
    expect(service.spec.ports[0]).toMatchObject({ port: 23456, targetPort: 23456 });
  });

  test('nodes: 1 is a single-pod Job without a Service, rank 0 on localhost', () => {
    const { job, service, manifests, construct } = synth({ nodes: 1, gpu: Gpu.nvidia(8) });
    expect(manifests).toHaveLength(1);
    expect(service).toBeUndefined();
    expect(construct.service).toBeUndefined();
    expect(construct.serviceName).toBeUndefined();
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.completionMode).toBeUndefined();
    expect(job.spec.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
    expect(podSpec(job).subdomain).toBeUndefined();
    expect(env(job, 'PET_MASTER_ADDR')).toBe('localhost');
    expect(env(job, 'PET_NODE_RANK')).toBe('0');
    expect(env(job, 'WORLD_SIZE')).toBe('8');
  });

  test('the shared props still apply: backoffLimit, cpu, memory, deadline, namespace, labels, user env after the construct\'s', () => {
    const { job, service } = synth({
      backoffLimit: 2,
      cpu: kplus.Cpu.units(6),
      memory: Size.gibibytes(40),
      gpu: Gpu.nvidia(4),
      activeDeadline: Duration.hours(5),
      namespace: 'ml',
      labels: { team: 'llm' },
      env: { NCCL_DEBUG: kplus.EnvValue.fromValue('INFO') },
    });
    expect(job.spec.backoffLimit).toBe(2);
    expect(main(job).resources.requests).toMatchObject({ cpu: '6', memory: '40Gi' });
    expect(job.spec.activeDeadlineSeconds).toBe(5 * 3600);
    expect(service.metadata.namespace).toBe('ml');
    expect(service.metadata.labels.team).toBe('llm');
    expect(env(job, 'NCCL_DEBUG')).toBe('INFO');
  });

  test('placement: one worker per node with podAntiAffinity [{}] (the Job\'s own pods), and extra ports', () => {
    const { job } = synth({ name: 'ddp', podAntiAffinity: [{}], ports: [{ number: 9090, name: 'metrics' }] });
    expect(podSpec(job).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { 'batch.kubernetes.io/job-name': 'ddp' } }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(main(job).ports).toEqual([
      { name: 'rdzv', containerPort: 29500, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
  });

  test('a Kueue queue labels the Job (admitted as a whole), not the Service', () => {
    const { job, service } = synth({ queue: 'gpu-queue' });
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('gpu-queue');
    expect(service.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    const yaml = () => {
      const app = new App({ outdir: '/tmp/cdk8s-batch-dtj' });
      new DistributedTrainingJob(new Chart(app, 'c'), 'ddp', { image: IMAGE, nodes: 4, gpu: Gpu.nvidia(8) });
      return app.synthYaml();
    };
    expect(yaml()).toEqual(yaml());
  });
});

describe('DistributedTrainingJob validation', () => {
  test.each([
    ['nodes below 1', { nodes: 0 }, /'nodes' \(0\) must be an integer from 1 to 100000/],
    ['nodes not whole', { nodes: 1.5 }, /'nodes' \(1.5\) must be an integer from 1 to 100000/],
    ['port out of range', { port: 70000 }, /'port' \(70000\) must be an integer from 1 to 65535/],
    ['nprocPerNode below 1', { nprocPerNode: 0 }, /'nprocPerNode' \(0\) must be an integer from 1 to 2147483647/],
    ['negative restart budget', { elastic: { maxRestarts: -1 } }, /'elastic.maxRestarts' \(-1\) must be an integer from 0 to 2147483647/],
    ['min nodes below 1', { elastic: { minNodes: 0 } }, /'elastic.minNodes' \(0\) must be an integer from 1 to 100000/],
    ['min nodes above nodes', { nodes: 2, elastic: { minNodes: 3 } }, /'elastic.minNodes' \(3\) must be at most 'nodes' \(2\)/],
    ['a name that is no Service name', { name: '1ddp' }, /'name' \("1ddp"\) must be starting with a lowercase letter: it also names the headless Service/],
    ['a name too long for the pods\' hostnames', { name: 'a'.repeat(62) }, /'name' \("a+"\) must be a DNS-1123 label \(no '.'\) of at most 61 characters/],
    ['an env var the construct sets', { env: { PET_NNODES: kplus.EnvValue.fromValue('3') } }, /'env.PET_NNODES' \("PET_NNODES"\) must be left to DistributedTrainingJob, which sets it/],
    ['a port taken by the rendezvous', { ports: [{ number: 29500 }] }, /'ports\[0\].number' \(29500\) must be a port not already used with TCP \(the construct's own 'rdzv' port is\)/],
    ['a port name taken by the rendezvous', { ports: [{ number: 1234, name: 'rdzv' }] }, /'ports\[0\].name' \("rdzv"\) must be unique among the container's ports/],
    ['a re-run strategy that renames the Job', { rerunStrategy: RerunStrategy.contentHash() }, /'rerunStrategy' \(.*\) must be one that keeps the Job's name/],
  ] as Array<[string, Partial<DistributedTrainingJobProps>, RegExp]>)('fails on %s', (_case, props, message) => {
    expect(build(props)).toThrow(message);
    expect(build(props)).toThrow(WHERE);
  });

  test('fails without nodes (plain JavaScript)', () => {
    expect(build({ nodes: undefined })).toThrow(/'nodes' \(undefined\) must be set: it is required/);
  });

  test('reports its own problems with those of the shared props', () => {
    expect(build({ nodes: 0, backoffLimit: -1 })).toThrow(/'nodes' \(0\)[\s\S]*'backoffLimit' \(-1\)/);
  });

  test('the pod DNS name check fires on a name that does not fit', () => {
    const where = { kind: 'DistributedTrainingJob', path: 'test/ddp' };
    expect(() => checkPodDnsName(where, 'a'.repeat(63), 'b'.repeat(100), 2, 'ml'))
      .toThrow(/'name' \("a+"\) must be short enough for the pods' DNS names/);
    expect(() => checkPodDnsName(where, 'a'.repeat(61), 'a'.repeat(61), 10, 'x'.repeat(63))).not.toThrow();
  });
});

describe('the examples app', () => {
  test('holds an Indexed Job of 2 x 4 GPUs whose pods get a headless Service selecting exactly them, rank 0 at <job>-0.<service>', () => {
    // GIVEN / WHEN (every manifest passes the 1.28 schema strictly and the rules: test/util/setup.ts)
    const manifests = synthExamples().byChart.get('torchrun-2x4')!;
    const job = manifests.find(m => m.kind === 'Job');
    const service = manifests.find(m => m.kind === 'Service');
    // THEN
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 2, parallelism: 2 });
    expect(main(job).resources.limits['nvidia.com/gpu']).toBe('4');
    expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: { 'batch.kubernetes.io/job-name': job.metadata.name } });
    expect(podSpec(job).subdomain).toBe(service.metadata.name);
    const master = `${job.metadata.name}-0.${service.metadata.name}`;
    expect(env(job, 'PET_MASTER_ADDR')).toBe(master);
    expect(env(job, 'MASTER_ADDR')).toBe(master);
    expect(env(job, 'PET_MASTER_PORT')).toBe(String(service.spec.ports[0].port));
    expect(env(job, 'PET_NNODES')).toBe('2');
    expect(env(job, 'PET_NPROC_PER_NODE')).toBe('4');
  });

  test('holds a sweep of 24 trials with distinct parameters', () => {
    const jobs = synthExamples().byChart.get('resnet-sweep')!;
    expect(jobs).toHaveLength(24);
    const params = jobs.map(j => j.spec.template.metadata.annotations['cdk8s-batch.dev/parameters']);
    expect(new Set(params).size).toBe(24);
    expect(new Set(jobs.map(j => j.metadata.labels['cdk8s-batch.dev/trial'])).size).toBe(24);
    for (const j of jobs) expect(j.metadata.labels['cdk8s-batch.dev/sweep']).toBe('resnet-sweep');
  });
});
