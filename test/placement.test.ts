import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Defaults, Gpu, NightlyCronJob, ParallelShardJob, TrainingJob, TrainingJobProps } from '../src';
import { building, mainContainer as main, podSpec, synthOne } from './util/synth';

const { NodeLabelQuery, Topology } = kplus;

function synthJob(props: Partial<TrainingJobProps> = {}): any {
  return synthOne(chart => new TrainingJob(chart, 'train', { image: 'python:3.12', name: 'train', ...props }));
}

function build(props: Partial<TrainingJobProps>): () => void {
  return building(chart => new TrainingJob(chart, 'train', { image: 'python:3.12', ...props }));
}

const WHERE = /TrainingJob 'test\/train': /;

describe('placement defaults', () => {
  test('every placement prop, rendered', () => {
    // GIVEN / WHEN
    const job = synthJob({
      nodeAffinity: [NodeLabelQuery.in('node.kubernetes.io/instance-type', ['p4d.24xlarge', 'p5.48xlarge'])],
      preferredNodeAffinity: [{ weight: 50, labels: [NodeLabelQuery.is('cloud.google.com/gke-spot', 'true')] }],
      podAntiAffinity: [{}],
      topologySpread: [{ topology: Topology.ZONE }],
      ports: [{ number: 9090, name: 'metrics' }],
    });
    // THEN
    expect(podSpec(job)).toMatchSnapshot();
  });

  test('none by default: no affinity, spread, ports or subdomain', () => {
    const spec = podSpec(synthJob());
    for (const field of ['affinity', 'topologySpreadConstraints', 'subdomain']) expect(spec[field]).toBeUndefined();
    expect(main(synthJob()).ports).toBeUndefined();
  });

  test('pod anti-affinity: one pod per node (Defaults.ANTI_AFFINITY_TOPOLOGY_KEY) among the construct\'s own pods', () => {
    const spec = podSpec(synthJob({ podAntiAffinity: [{}] }));
    expect(Defaults.ANTI_AFFINITY_TOPOLOGY_KEY).toBe('kubernetes.io/hostname');
    expect(spec.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: Defaults.ANTI_AFFINITY_TOPOLOGY_KEY, labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'train' } } },
        ],
      },
    });
  });

  test('topology spread: Defaults.TOPOLOGY_SPREAD_MAX_SKEW, DoNotSchedule, the construct\'s own pods', () => {
    const spec = podSpec(synthJob({ topologySpread: [{ topology: Topology.ZONE }] }));
    expect(Defaults.TOPOLOGY_SPREAD_MAX_SKEW).toBe(1);
    expect(spec.topologySpreadConstraints).toEqual([{
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: Defaults.TOPOLOGY_SPREAD_MAX_SKEW,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'train' } },
    }]);
  });

  test('ports: protocol Defaults.PORT_PROTOCOL unless given', () => {
    expect(main(synthJob({ ports: [{ number: 8080 }, { number: 5353, name: 'dns', protocol: kplus.Protocol.UDP }] })).ports).toEqual([
      { containerPort: 8080, protocol: Defaults.PORT_PROTOCOL },
      { containerPort: 5353, name: 'dns', protocol: 'UDP' },
    ]);
    expect(Defaults.PORT_PROTOCOL).toBe('TCP');
  });
});

describe('placement props', () => {
  test('node affinity: required queries in one term, preferences with weights', () => {
    const spec = podSpec(synthJob({
      nodeAffinity: [NodeLabelQuery.exists('example.com/fast-network'), NodeLabelQuery.gt('example.com/gpu-count', ['3'])],
      preferredNodeAffinity: [{ weight: 10, labels: [NodeLabelQuery.notIn('example.com/pool', ['spot'])] }],
    }));
    expect(spec.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{
          matchExpressions: [
            { key: 'example.com/fast-network', operator: 'Exists' },
            { key: 'example.com/gpu-count', operator: 'Gt', values: ['3'] },
          ],
        }],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 10, preference: { matchExpressions: [{ key: 'example.com/pool', operator: 'NotIn', values: ['spot'] }] } },
      ],
    });
  });

  test('pod anti-affinity: a weighted preference, another topology, other pods', () => {
    const spec = podSpec(synthJob({ podAntiAffinity: [{ weight: 80, topology: Topology.ZONE, podLabels: { app: 'db' } }] }));
    expect(spec.affinity.podAntiAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 80,
        podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'db' } } },
      }],
    });
  });

  test('topology spread: scheduleAnyway, maxSkew, minDomains, other pods', () => {
    const spec = podSpec(synthJob({
      topologySpread: [
        { topology: Topology.HOSTNAME, scheduleAnyway: true, maxSkew: 2, podLabels: { team: 'ml' } },
        { topology: Topology.ZONE, minDomains: 3 },
      ],
    }));
    expect(spec.topologySpreadConstraints).toEqual([
      { topologyKey: 'kubernetes.io/hostname', maxSkew: 2, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { team: 'ml' } } },
      {
        topologyKey: 'topology.kubernetes.io/zone',
        maxSkew: 1,
        whenUnsatisfiable: 'DoNotSchedule',
        minDomains: 3,
        labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'train' } },
      },
    ]);
  });

  test('the construct\'s own pods without recommended labels: the pods\' labels', () => {
    const spec = podSpec(synthJob({ recommendedLabels: false, labels: { app: 'fit' }, podLabels: { tier: 'batch' }, podAntiAffinity: [{}] }));
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector)
      .toEqual({ matchLabels: { app: 'fit', tier: 'batch' } });
  });

  test('every construct takes them (a CronJob\'s runs share the instance label)', () => {
    const cron = synthOne(chart => new NightlyCronJob(chart, 'nightly', { name: 'nightly', image: 'python:3.12', podAntiAffinity: [{ weight: 1 }] }));
    expect(podSpec(cron).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector)
      .toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'nightly' } });
  });
});

describe('GPU-aware sizing for every construct', () => {
  test('a 4-GPU shard pod gets 4 x Defaults.GPU_JOB_CPU_PER_GPU CPU, 4 x Defaults.GPU_JOB_MEMORY_PER_GPU memory and a full /dev/shm', () => {
    // GIVEN / WHEN
    const job = synthOne(chart => new ParallelShardJob(chart, 'infer', { image: 'python:3.12', shards: 8, gpu: Gpu.nvidia(4) }));
    // THEN
    expect(main(job).resources).toEqual({
      requests: { 'cpu': '8', 'memory': '32Gi', 'nvidia.com/gpu': '4' },
      limits: { 'memory': '32Gi', 'nvidia.com/gpu': '4' },
    });
    expect(podSpec(job).volumes).toContainEqual({ name: Defaults.SHM_VOLUME_NAME, emptyDir: { medium: 'Memory', sizeLimit: '8Gi' } });
  });

  test('TrainingJob and NightlyCronJob too; without a GPU nothing changes', () => {
    expect(main(synthJob({ gpu: Gpu.nvidia(2) })).resources.requests).toMatchObject({ cpu: '4', memory: '16Gi' });
    const cron = synthOne(chart => new NightlyCronJob(chart, 'n', { image: 'python:3.12', gpu: Gpu.amd(1) }));
    expect(main(cron).resources.requests).toMatchObject({ cpu: '2', memory: '8Gi' });
    expect(main(synthJob()).resources.requests).toEqual({ cpu: Defaults.CPU_REQUEST.amount, memory: Defaults.MEMORY_REQUEST.asString() });
  });

  test('explicit cpu and memory win; a given limit caps the default request', () => {
    expect(main(synthJob({ gpu: Gpu.nvidia(4), cpu: kplus.Cpu.units(3), memory: Size.gibibytes(20) })).resources.requests)
      .toMatchObject({ cpu: '3', memory: '20Gi' });
    expect(main(synthJob({ gpu: Gpu.nvidia(4), cpuLimit: kplus.Cpu.units(6), memoryLimit: Size.gibibytes(24) })).resources)
      .toEqual({ requests: { 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '4' }, limits: { 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '4' } });
  });
});

describe('placement validation', () => {
  test.each([
    ['a node label key', { nodeAffinity: [NodeLabelQuery.is('bad key', 'x')] }, /'nodeAffinity\[0\]' \("bad key"\) must be a NodeLabelQuery on a valid node label key/],
    ['In without values', { nodeAffinity: [NodeLabelQuery.in('example.com/pool', [])] }, /'nodeAffinity\[0\]' \("example.com\/pool In \[\]"\) must be a NodeLabelQuery with at least one value for In/],
    ['Gt with two values', { nodeAffinity: [NodeLabelQuery.gt('example.com/n', ['1', '2'])] }, /must be a NodeLabelQuery with exactly one value for Gt/],
    ['Lt with a value that is no integer', { nodeAffinity: [NodeLabelQuery.lt('example.com/n', ['many'])] }, /'nodeAffinity\[0\]' \("many"\) must be an integer for Lt/],
    ['a value that is no string', { nodeAffinity: [NodeLabelQuery.in('example.com/n', [4 as any])] }, /'nodeAffinity\[0\]' \(\[4\]\) must be a NodeLabelQuery whose values are a list of strings/],
    ['a preference weight', { preferredNodeAffinity: [{ weight: 0, labels: [NodeLabelQuery.exists('a')] }] }, /'preferredNodeAffinity\[0\].weight' \(0\) must be an integer from 1 to 100/],
    ['a preference without labels', { preferredNodeAffinity: [{ weight: 5, labels: [] }] }, /'preferredNodeAffinity\[0\].labels' \(\[\]\) must be at least one NodeLabelQuery/],
    ['a preference label key', { preferredNodeAffinity: [{ weight: 5, labels: [NodeLabelQuery.exists('a/b/c')] }] }, /'preferredNodeAffinity\[0\].labels\[0\]' \("a\/b\/c"\)/],
    ['an anti-affinity topology', { podAntiAffinity: [{ topology: Topology.custom('bad key') }] }, /'podAntiAffinity\[0\].topology' \("bad key"\) must be a Topology with a valid node label key/],
    ['an anti-affinity weight', { podAntiAffinity: [{ weight: 101 }] }, /'podAntiAffinity\[0\].weight' \(101\) must be an integer from 1 to 100/],
    ['anti-affinity pod labels', { podAntiAffinity: [{ podLabels: { app: 'a b' } }] }, /'podAntiAffinity\[0\].podLabels.app' \("a b"\) must be a valid label value/],
    ['empty anti-affinity pod labels', { podAntiAffinity: [{ podLabels: {} }] }, /'podAntiAffinity\[0\].podLabels' \(\{\}\) must be at least one label/],
    ['own pods without any label', { recommendedLabels: false, podAntiAffinity: [{}] }, /'podAntiAffinity\[0\].podLabels' \(undefined\) must be set when the pods have no labels of their own/],
    ['a spread maxSkew', { topologySpread: [{ topology: Topology.ZONE, maxSkew: 0 }] }, /'topologySpread\[0\].maxSkew' \(0\) must be an integer from 1/],
    ['a spread minDomains', { topologySpread: [{ topology: Topology.ZONE, minDomains: 0 }] }, /'topologySpread\[0\].minDomains' \(0\) must be an integer from 1/],
    ['minDomains with scheduleAnyway', { topologySpread: [{ topology: Topology.ZONE, minDomains: 2, scheduleAnyway: true }] }, /'topologySpread\[0\].minDomains' \(2\) must be left out with 'scheduleAnyway: true'/],
    ['a spread topology', { topologySpread: [{ topology: Topology.custom('') }] }, /'topologySpread\[0\].topology' \(""\) must be a Topology with a valid node label key/],
    ['spread pod labels', { topologySpread: [{ topology: Topology.ZONE, podLabels: { 'bad key': 'x' } }] }, /'topologySpread\[0\].podLabels.bad key' \("bad key"\) must be a valid label key/],
    ['two spreads on one topology', { topologySpread: [{ topology: Topology.ZONE }, { topology: Topology.ZONE, maxSkew: 2 }] }, /'topologySpread\[1\].topology' \("topology.kubernetes.io\/zone"\) must be a topology not already spread on/],
    ['a port number', { ports: [{ number: 0 }] }, /'ports\[0\].number' \(0\) must be an integer from 1 to 65535/],
    ['a port name', { ports: [{ number: 80, name: 'HTTP_port' }] }, /'ports\[0\].name' \("HTTP_port"\) must be an IANA service name/],
    ['a port protocol', { ports: [{ number: 80, protocol: 'HTTP' as any }] }, /'ports\[0\].protocol' \("HTTP"\) must be one of 'TCP', 'UDP', 'SCTP'/],
    ['two ports with one name', { ports: [{ number: 80, name: 'web' }, { number: 81, name: 'web' }] }, /'ports\[1\].name' \("web"\) must be unique among the container's ports \(ports\[0\] has it\)/],
    ['two ports with one number', { ports: [{ number: 80 }, { number: 80, protocol: kplus.Protocol.TCP }] }, /'ports\[1\].number' \(80\) must be a port not already used with TCP \(ports\[0\] is\)/],
    ['a plain object for a NodeLabelQuery', { nodeAffinity: [{ key: 'a', operator: 'In' } as any] }, /'nodeAffinity\[0\]' \(.*\) must be a cdk8s-plus-28 NodeLabelQuery/],
  ] as Array<[string, Partial<TrainingJobProps>, RegExp]>)('fails on %s', (_case, props, message) => {
    expect(build(props)).toThrow(message);
    expect(build(props)).toThrow(WHERE);
  });

  test('the same port number with another protocol is fine', () => {
    expect(main(synthJob({ ports: [{ number: 53 }, { number: 53, protocol: kplus.Protocol.UDP }] })).ports).toHaveLength(2);
  });
});
