/**
 * The renderer hands its typed structs to the gated object, which turns them into manifest JSON
 * itself (`manifestJson`) instead of through cdk8s-plus-28's generated `k8s.toJson_*` converters.
 * These tests hold the two to the same output: for richly configured jobs of every feature that
 * reaches the spec (volumes of every cdk8s-plus kind, env values of every source, init containers,
 * sidecars, GPUs, placement, newer fields), the spec the gate gets equals what the converters give
 * for the fields they know, plus the newer fields they do not.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BatchJobOptions, Gpu, KubernetesVersion, PodSecurity, TolerationOperator } from '../src';
import { manifestJson } from '../src/_gate';
import { jobSpecToJson, renderJob } from '../src/_render';
import { target } from '../src/rules/versions';

const k8s = kplus.k8s;

/** What the converters give, with the fields newer than their 1.28 types copied over as they are. */
function viaConverters(spec: kplus.k8s.JobSpec): unknown {
  const json = k8s.toJson_JobSpec(spec) as any;
  const newer = spec as { successPolicy?: unknown; managedBy?: string };
  if (newer.successPolicy !== undefined) json.successPolicy = newer.successPolicy;
  if (newer.managedBy !== undefined) json.managedBy = newer.managedBy;
  const resources = (spec.template.spec as { resources?: kplus.k8s.ResourceRequirements } | undefined)?.resources;
  if (resources !== undefined) json.template.spec.resources = k8s.toJson_ResourceRequirements(resources);
  return json;
}

/** JSON text round trip: `undefined` fields gone, as in the YAML. */
const asJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function render(build: (chart: Chart) => BatchJobOptions, version = '1.28', shape: object = {}) {
  const chart = new Chart(new App(), 'test');
  const scope = new Construct(chart, 'job');
  return renderJob(scope, 'TrainingJob', build(chart), { component: 'training', target: target(version), ...shape }, 63);
}

function rich(chart: Chart): BatchJobOptions {
  const secret = kplus.Secret.fromSecretName(chart, 'secret', 'credentials');
  const configMap = kplus.ConfigMap.fromConfigMapName(chart, 'cm', 'settings');
  const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'pvc', 'datasets');
  const volumes = [
    kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch', { sizeLimit: Size.gibibytes(20), medium: kplus.EmptyDirMedium.MEMORY }),
    kplus.Volume.fromSecret(chart, 'secret-vol', secret, { name: 'creds', defaultMode: 0o400, items: { token: { path: 'token', mode: 0o400 } } }),
    kplus.Volume.fromConfigMap(chart, 'cm-vol', configMap, { name: 'settings' }),
    kplus.Volume.fromPersistentVolumeClaim(chart, 'pvc-vol', claim, { name: 'data', readOnly: true }),
    kplus.Volume.fromAwsElasticBlockStore(chart, 'ebs', 'vol-0123', { name: 'ebs', fsType: 'ext4', partition: 1 }),
    kplus.Volume.fromAzureDisk(chart, 'azure', 'disk', 'https://example.blob.core.windows.net/vhds/disk.vhd', { name: 'azure' }),
    kplus.Volume.fromGcePersistentDisk(chart, 'gce', 'pd-1', { name: 'gce', fsType: 'ext4' }),
    kplus.Volume.fromNfs(chart, 'nfs', 'nfs', { server: 'nfs.example.com', path: '/exports' }),
    kplus.Volume.fromCsi(chart, 'csi', 'secrets-store.csi.k8s.io', { name: 'csi', readOnly: true, attributes: { secretProviderClass: 'vault' } }),
  ];
  return {
    image: 'python:3.12@sha256:' + 'a'.repeat(64),
    command: ['python', 'train.py'],
    args: ['--epochs', '3'],
    workingDir: '/work',
    env: {
      PLAIN: kplus.EnvValue.fromValue('1'),
      TOKEN: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }, { optional: true }),
      MODE: kplus.EnvValue.fromConfigMap(configMap, 'mode'),
      NODE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
      MEM: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_LIMIT, { divisor: '1Mi' }),
    },
    envFrom: [kplus.Env.fromSecret(secret), kplus.Env.fromConfigMap(configMap, 'CM_')],
    cpu: kplus.Cpu.millis(1500),
    cpuLimit: kplus.Cpu.units(2),
    memory: Size.gibibytes(8),
    ephemeralStorage: Size.gibibytes(10),
    extendedResources: { 'example.com/fpga': 1 },
    gpu: Gpu.nvidia(2),
    volumes,
    volumeMounts: volumes.map((volume, i) => ({ volume, path: `/mnt/v${i}`, readOnly: i % 2 === 0 })),
    initContainers: [{ name: 'fetch', image: 'busybox:1.36', command: ['sh', '-c', 'true'], cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(64), volumeMounts: [{ volume: volumes[0], path: '/scratch' }] }],
    nodeSelector: { pool: 'training' },
    tolerations: [{ key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'ml', effect: kplus.TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) }],
    nodeAffinity: [kplus.NodeLabelQuery.in('node.kubernetes.io/instance-type', ['p4d.24xlarge'])],
    preferredNodeAffinity: [{ weight: 10, labels: [kplus.NodeLabelQuery.exists('fast-disk')] }],
    podAntiAffinity: [{ topology: kplus.Topology.HOSTNAME }],
    topologySpread: [{ topology: kplus.Topology.ZONE, maxSkew: 1, minDomains: 2 }],
    ports: [{ number: 8080, name: 'metrics' }],
    priorityClassName: 'batch',
    runtimeClassName: 'nvidia',
    terminationGracePeriod: Duration.seconds(45),
    podLabels: { team: 'vision' },
    podAnnotations: { 'example.com/note': 'x' },
    failFastExitCodes: [3, 4],
    queue: 'team-a',
    // The volumes of other storage back ends (awsElasticBlockStore, azureDisk...) are not in the restricted profile.
    podSecurity: PodSecurity.NONE,
  };
}

describe('the spec the gate gets is what cdk8s-plus-28\'s converters give', () => {
  test('a job with every kind of volume, env value, init container, GPU and placement', () => {
    const spec = render(rich).spec;
    expect(asJson(manifestJson(jobSpecToJson(spec)))).toEqual(asJson(viaConverters(spec)));
    // The fields whose TypeScript names differ from their JSON names come out under the JSON ones.
    const volumes = (manifestJson(jobSpecToJson(spec)) as any).template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'ebs').awsElasticBlockStore).toEqual({ volumeID: 'vol-0123', fsType: 'ext4', partition: 1, readOnly: false });
    expect(volumes.find((v: any) => v.name === 'azure').azureDisk).toMatchObject({ diskURI: 'https://example.blob.core.windows.net/vhds/disk.vhd' });
    expect(JSON.stringify(volumes)).not.toMatch(/volumeId|diskUri/);
  });

  test('quantities become their values; nothing is left of undefined fields', () => {
    const spec = render(rich).spec;
    const json = manifestJson(jobSpecToJson(spec)) as any;
    const main = json.template.spec.containers[0];
    expect(main.resources.requests.cpu).toBe('1500m');
    expect(main.resources.limits['nvidia.com/gpu']).toBe('2');
    expect(main.env.find((e: any) => e.name === 'MEM').valueFrom.resourceFieldRef.divisor).toBe('1Mi');
    expect(json.template.spec.volumes.find((v: any) => v.name === 'scratch').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '20480Mi' });
    const undefinedAt: string[] = [];
    const walk = (x: any, at: string): void => {
      if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) (v === undefined ? undefinedAt.push(`${at}.${k}`) : walk(v, `${at}.${k}`));
    };
    walk(json, 'spec');
    expect(undefinedAt).toEqual([]);
  });

  test('the fields newer than 1.28 (success policy, managedBy, pod-level resources, sidecars) at 1.34', () => {
    const spec = render(chart => ({
      ...rich(chart),
      kubernetesVersion: KubernetesVersion.V1_34,
      featureGates: ['PodLevelResources'],
      managedBy: 'kueue.x-k8s.io/multikueue',
      podResources: { cpu: kplus.Cpu.units(4), memory: Size.gibibytes(16) },
      sidecars: [{ name: 'logs', image: 'fluent/fluent-bit:3.0', cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(64) }],
    }), '1.34', { completions: 4, parallelism: 4, completionMode: 'Indexed', successPolicy: [{ succeededIndexes: '0' }] }).spec;
    const json = manifestJson(jobSpecToJson(spec)) as any;
    expect(asJson(json)).toEqual(asJson(viaConverters(spec)));
    expect(json.managedBy).toBe('kueue.x-k8s.io/multikueue');
    expect(json.successPolicy).toEqual({ rules: [{ succeededIndexes: '0' }] });
    expect(json.template.spec.resources).toEqual({ requests: { cpu: '4', memory: '16Gi' } });
    expect(json.template.spec.initContainers[0]).toMatchObject({ name: 'logs', restartPolicy: 'Always' });
  });

  test('a value manifestJson does not know (a cdk8s Lazy) is kept for cdk8s to resolve', () => {
    const lazy = { produce: () => 'x' };
    class Opaque { constructor(public readonly v: number) {} }
    const opaque = new Opaque(1);
    expect(manifestJson({ a: lazy, b: opaque, c: [opaque] })).toEqual({ a: lazy, b: opaque, c: [opaque] });
    expect((manifestJson({ b: opaque }) as any).b).toBe(opaque);
  });
});
