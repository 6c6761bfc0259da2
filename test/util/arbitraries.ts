/**
 * fast-check generators for the props of every construct, as plain-data "recipes" (printable,
 * shrinkable and reproducible); `test/util/property.ts` turns a recipe into real props inside a
 * chart.
 *
 * A value of a class is written as a factory call, `{ $call: 'Volume.fromNfs', args: [...] }`,
 * which the harness makes with the REAL class of cdk8s / cdk8s-plus-28 / cdk8s-batch (see
 * `FACTORIES` in property.ts; factories that need a scope get the chart and a fresh id).
 *
 * Two families of cases:
 *
 * - **typed** (`TYPED`): what TypeScript accepts. Each prop is usually absent or ordinary,
 *   sometimes a boundary or invalid value (63-character names, uid 0, `Duration.millis(1.5)`,
 *   `Size.kibibytes(1)`, `Cpu.units(1e-7)`, NaN...), so that about a third to a half of the cases
 *   are accepted. `VALID` is the same generators without the wild values.
 * - **misuse** (`misuseCases`): what a JavaScript or Python caller can pass although the types
 *   forbid it: `null`, wrong primitives, a string or an object where an array goes, an array or a
 *   string where a map goes, NaN/Infinity, `{ seconds: 5 }` for a `Duration`, misspelled props.
 *   Each is built on a minimal valid baseline and must be rejected.
 *
 * `PROP_TYPES` lists every props struct with the type of each prop; the coverage test
 * (test/property-coverage.test.ts) checks it against the jsii assembly, and checks that the
 * generators produce every prop, factory, option and enum member the assembly reaches.
 */
import * as fc from 'fast-check';

// -------------------------------------------------------------------------------------------------
// Recipes
// -------------------------------------------------------------------------------------------------

/** A call of a factory of a real class (or `Class.new` for a constructor). */
export interface Call {
  readonly $call: string;
  readonly args: readonly unknown[];
}

/** A factory call; trailing `undefined` arguments are left out (the parameter is omitted). */
export function call(name: string, ...args: unknown[]): Call {
  const a = [...args];
  while (a.length > 0 && a[a.length - 1] === undefined) a.pop();
  return { $call: name, args: a };
}

export function isCall(x: unknown): x is Call {
  return typeof x === 'object' && x !== null && typeof (x as any).$call === 'string' && Array.isArray((x as any).args);
}

/** How a misuse case misuses the props. */
export interface Misuse {
  /** e.g. `null`, `string-for-array`, `unknown-prop`. */
  readonly category: string;
  /** The top-level prop replaced ('' when the whole props object is replaced). */
  readonly prop: string;
  /** Where inside it, e.g. `tolerations[0].operater`. */
  readonly at: string;
  /** The declared type of what was misused, e.g. `string[]?` (or `(none)` for an unknown prop). */
  readonly type: string;
}

/** One case: the props recipe, and for a misuse case what is wrong with it. */
export interface CaseRecipe {
  readonly props: any;
  readonly misuse?: Misuse;
}

// -------------------------------------------------------------------------------------------------
// The props structs and their types (checked against .jsii by test/property-coverage.test.ts)
// -------------------------------------------------------------------------------------------------

/**
 * Every props struct a construct takes (directly or nested), by jsii fqn: prop name -> type, in
 * the notation `string`, `number`, `boolean`, `Duration` (a class or enum, by its short name),
 * `string[]` (array), `{number}` (map of); a trailing `?` marks an optional prop.
 */
export const PROP_TYPES: { readonly [struct: string]: { readonly [prop: string]: string } } = {
  'cdk8s-batch.BatchJobOptions': {
    image: 'string',
    activeDeadline: 'Duration?',
    allowUnpinnedImage: 'boolean?',
    annotations: '{string}?',
    appName: 'string?',
    args: 'string[]?',
    automountServiceAccountToken: 'boolean?',
    backoffLimit: 'number?',
    command: 'string[]?',
    containerName: 'string?',
    cpu: 'Cpu?',
    cpuLimit: 'Cpu?',
    disableActiveDeadline: 'boolean?',
    disableMemoryLimit: 'boolean?',
    disableSharedMemory: 'boolean?',
    disableTtl: 'boolean?',
    env: '{EnvValue}?',
    envFrom: 'EnvFrom[]?',
    ephemeralStorage: 'Size?',
    ephemeralStorageLimit: 'Size?',
    extendedResources: '{number}?',
    failFastExitCodes: 'number[]?',
    fsGroup: 'number?',
    gpu: 'Gpu?',
    ignoreDisruptions: 'boolean?',
    imagePullPolicy: 'ImagePullPolicy?',
    imagePullSecrets: 'ISecret[]?',
    initContainers: 'InitContainer[]?',
    labels: '{string}?',
    memory: 'Size?',
    memoryLimit: 'Size?',
    name: 'string?',
    namespace: 'string?',
    nodeSelector: '{string}?',
    podAnnotations: '{string}?',
    podLabels: '{string}?',
    podSecurity: 'PodSecurity?',
    priorityClassName: 'string?',
    queue: 'string?',
    readOnlyRootFilesystem: 'boolean?',
    recommendedLabels: 'boolean?',
    rerunStrategy: 'RerunStrategy?',
    restartPolicy: 'RestartPolicy?',
    runAsGroup: 'number?',
    runAsUser: 'number?',
    runtimeClassName: 'string?',
    serviceAccount: 'IServiceAccount?',
    sharedMemory: 'Size?',
    suspend: 'boolean?',
    terminationGracePeriod: 'Duration?',
    tmpSizeLimit: 'Size?',
    tolerations: 'Toleration[]?',
    ttlAfterFinished: 'Duration?',
    volumeMounts: 'VolumeMount[]?',
    volumes: 'Volume[]?',
    workingDir: 'string?',
    workloadPriorityClass: 'string?',
    featureGates: 'string[]?',
    kubernetesVersion: 'KubernetesVersion?',
    managedBy: 'string?',
    podReplacementPolicy: 'PodReplacementPolicy?',
    podResources: 'PodResources?',
    sidecars: 'SidecarContainer[]?',
  },
  'cdk8s-batch.ShardingOptions': {
    backoffLimitPerShard: 'number?',
    completions: 'number?',
    disableBackoffLimitPerShard: 'boolean?',
    disableShardEnv: 'boolean?',
    enableAlphaBackoffLimitPerIndex: 'boolean?',
    failShardExitCodes: 'number[]?',
    minParallelism: 'number?',
    maxFailedShards: 'number?',
    mode: 'ShardMode?',
    parallelism: 'number?',
    shardCountEnv: 'string?',
    shardIndexEnv: 'string?',
    shards: 'number?',
    successPolicy: 'SuccessPolicyRule[]?',
  },
  'cdk8s-batch.NightlyCronJobProps': {
    concurrencyPolicy: 'ConcurrencyPolicy?',
    failedJobsHistoryLimit: 'number?',
    jobAnnotations: '{string}?',
    jobLabels: '{string}?',
    schedule: 'Schedule?',
    sharding: 'ShardingOptions?',
    startingDeadline: 'Duration?',
    successfulJobsHistoryLimit: 'number?',
    suspendSchedule: 'boolean?',
    timeZone: 'string?',
  },
  'cdk8s-batch.InitContainer': {
    image: 'string',
    name: 'string',
    args: 'string[]?',
    command: 'string[]?',
    cpu: 'Cpu?',
    env: '{EnvValue}?',
    extendedResources: '{number}?',
    memory: 'Size?',
    volumeMounts: 'VolumeMount[]?',
  },
  'cdk8s-batch.SidecarContainer': {},
  'cdk8s-batch.SuccessPolicyRule': { succeededCount: 'number?', succeededIndexes: 'string?' },
  'cdk8s-batch.PodResources': { cpu: 'Cpu?', cpuLimit: 'Cpu?', memory: 'Size?', memoryLimit: 'Size?' },
  'cdk8s-batch.VolumeMount': {
    path: 'string',
    volume: 'Volume',
    readOnly: 'boolean?',
    subPath: 'string?',
  },
  'cdk8s-batch.Toleration': {
    effect: 'TaintEffect?',
    key: 'string?',
    operator: 'TolerationOperator?',
    tolerationSeconds: 'Duration?',
    value: 'string?',
  },
  'cdk8s-batch.GpuOptions': {
    product: 'string?',
    productLabelKey: 'string?',
    runtimeClassName: 'string?',
    tolerateTaint: 'boolean?',
  },
  'cdk8s-batch.CustomGpuOptions': {
    taintKey: 'string?',
  },
  'cdk8s-batch.PlacementOptions': {
    nodeAffinity: 'NodeLabelQuery[]?',
    podAntiAffinity: 'PodAntiAffinity[]?',
    ports: 'ContainerPort[]?',
    preferredNodeAffinity: 'PreferredNodeAffinity[]?',
    topologySpread: 'TopologySpread[]?',
  },
  'cdk8s-batch.PreferredNodeAffinity': { labels: 'NodeLabelQuery[]', weight: 'number' },
  'cdk8s-batch.PodAntiAffinity': { podLabels: '{string}?', topology: 'Topology?', weight: 'number?' },
  'cdk8s-batch.TopologySpread': { topology: 'Topology', maxSkew: 'number?', minDomains: 'number?', podLabels: '{string}?', scheduleAnyway: 'boolean?' },
  'cdk8s-batch.ContainerPort': { number: 'number', name: 'string?', protocol: 'Protocol?' },
  'cdk8s-batch.DistributedTrainingJobProps': {
    nodes: 'number', elastic: 'ElasticRendezvous?', nprocPerNode: 'number?', port: 'number?', successPolicy: 'SuccessPolicyRule[]?',
  },
  'cdk8s-batch.ElasticRendezvous': { maxRestarts: 'number?', minNodes: 'number?' },
  'cdk8s-batch.HyperparameterSweepProps': {
    disableBackoffLimitPerTrial: 'boolean?',
    enableAlphaBackoffLimitPerIndex: 'boolean?',
    successPolicy: 'SuccessPolicyRule[]?',
    grid: '{string[]}?',
    layout: 'SweepLayout?',
    maxConcurrentTrials: 'number?',
    paramEnvPrefix: 'string?',
    trials: '{string}[]?',
  },
};

/** Structs that extend others (jsii `interfaces`). */
export const STRUCT_BASES: { readonly [struct: string]: readonly string[] } = {
  'cdk8s-batch.TrainingJobProps': ['cdk8s-batch.BatchJobOptions'],
  'cdk8s-batch.GpuJobProps': ['cdk8s-batch.BatchJobOptions'],
  'cdk8s-batch.ParallelShardJobProps': ['cdk8s-batch.BatchJobOptions', 'cdk8s-batch.ShardingOptions'],
  'cdk8s-batch.NightlyCronJobProps': ['cdk8s-batch.BatchJobOptions'],
  'cdk8s-batch.CustomGpuOptions': ['cdk8s-batch.GpuOptions'],
  'cdk8s-batch.BatchJobOptions': ['cdk8s-batch.PlacementOptions'],
  'cdk8s-batch.DistributedTrainingJobProps': ['cdk8s-batch.BatchJobOptions'],
  'cdk8s-batch.HyperparameterSweepProps': ['cdk8s-batch.BatchJobOptions'],
  'cdk8s-batch.SidecarContainer': ['cdk8s-batch.InitContainer'],
};

/** Every prop of a struct, inherited ones included: name -> [type, declaring struct]. */
export function structProps(fqn: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const base of STRUCT_BASES[fqn] ?? []) for (const [k, v] of structProps(base)) out.set(k, v);
  for (const [k, v] of Object.entries(PROP_TYPES[fqn] ?? {})) out.set(k, [v, fqn]);
  return out;
}

/** The enum values the generators use (the values of the real enums; the coverage test checks them). */
export const ENUM_VALUES = {
  ImagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
  RestartPolicy: ['Always', 'OnFailure', 'Never'],
  PodSecurity: ['restricted', 'none'],
  ShardMode: ['Indexed', 'Completions', 'WorkQueue'],
  ConcurrencyPolicy: ['Allow', 'Forbid', 'Replace'],
  TaintEffect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  TolerationOperator: ['Equal', 'Exists'],
  EmptyDirMedium: ['', 'Memory'],
  HostPathVolumeType: ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'],
  AzureDiskPersistentVolumeCachingMode: ['None', 'ReadOnly', 'ReadWrite'],
  AzureDiskPersistentVolumeKind: ['Shared', 'Dedicated', 'Managed'],
  EnvFieldPaths: ['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations', 'status.podIP',
    'spec.serviceAccountName', 'spec.nodeName', 'status.hostIP', 'status.podIPs'],
  ResourceFieldPaths: ['limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory', 'limits.ephemeral-storage', 'requests.ephemeral-storage'],
  WeekDay: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  Protocol: ['TCP', 'UDP', 'SCTP'],
  SweepLayout: ['JobPerTrial', 'Indexed'],
  ArgoCdHookPhase: ['PreSync', 'Sync', 'PostSync'],
  KubernetesVersion: ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'],
  PodReplacementPolicy: ['TerminatingOrFailed', 'Failed'],
} as const;

/** The feature gates of the newer batch features (src/rules/versions.ts knows them), for `featureGates`. */
export const FEATURE_GATES = ['JobBackoffLimitPerIndex', 'JobPodReplacementPolicy', 'JobSuccessPolicy', 'JobManagedBy', 'SidecarContainers', 'PodLevelResources'] as const;

/** Environment variables `EnvValue.fromProcess` reads (property.ts sets the first two). */
export const PROCESS_ENV = { set: 'CDK8S_BATCH_PROPERTY_SET', empty: 'CDK8S_BATCH_PROPERTY_EMPTY', unset: 'CDK8S_BATCH_PROPERTY_UNSET' } as const;

// -------------------------------------------------------------------------------------------------
// Typed generators
// -------------------------------------------------------------------------------------------------

/** The arbitraries of one family; `edge` is the weight (out of 20) of wild values per prop. */
function makeArbitraries(edge: number) {
  /** Mostly `ordinary`, sometimes `wild` (boundaries and invalid values); never wild when edge is 0. */
  function mix<T>(ordinary: fc.Arbitrary<T>, wild: fc.Arbitrary<T>): fc.Arbitrary<T> {
    return edge === 0 ? ordinary : fc.oneof({ withCrossShrink: true }, { weight: 20 - edge, arbitrary: ordinary }, { weight: edge, arbitrary: wild });
  }
  const some = (...values: unknown[]) => fc.constantFrom(...values) as fc.Arbitrary<any>;
  /** An optional value: left out four times in five. */
  function sometimes<T>(x: fc.Arbitrary<T>, weight = 4): fc.Arbitrary<T | undefined> {
    return fc.oneof({ withCrossShrink: true }, { weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: x });
  }
  /** A record whose every field is `sometimes` present. */
  function props<T extends { [key: string]: fc.Arbitrary<unknown> }>(fields: T, weight = 4): fc.Arbitrary<any> {
    const optional: { [key: string]: fc.Arbitrary<unknown> } = {};
    for (const [k, v] of Object.entries(fields)) optional[k] = sometimes(v, weight);
    return fc.record(optional);
  }
  /** Options of a factory: left out, or some of the fields (all maybe undefined). */
  const options = (fields: { [key: string]: fc.Arbitrary<unknown> }) => fc.option(props(fields, 1), { nil: undefined, freq: 2 });

  // ---- names and metadata ------------------------------------------------------------------------
  const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
  const badName = some('Train', 'a_b', '-a', 'a-', '', 'a b', 'ä', 'a..b', 'x'.repeat(254));
  const name = mix(dnsLabel, fc.oneof(fc.integer({ min: 40, max: 70 }).map(n => 'n'.repeat(n)), badName,
    some('a.b', 'x'.repeat(63), 'x'.repeat(52), 'x'.repeat(51))));
  const refName = mix(some('creds', 'settings', 'db-secret', 'regcred', 'trainer'), some('Bad_Name', '', 'a b', 'x'.repeat(254), 'a.b'));
  const labelKey = mix(some('team', 'example.com/team', 'tier', 'app'),
    some('a/b/c', '-x', 'x'.repeat(64), 'bad key', 'app.kubernetes.io/name', 'app.kubernetes.io/instance',
      'batch.kubernetes.io/job-name', 'job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'Example.com/x', ''));
  const labelValue = mix(some('ml', 'a-b', 'v1.2'), some('', 'x'.repeat(63), 'x'.repeat(64), 'a b', '-a', 'a:b'));
  const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 2 });
  const annotationKey = mix(some('example.com/owner', 'note'), some('Example.com/Owner', 'bad key', 'a/b/c', ''));
  const annotations = fc.dictionary(annotationKey, mix(fc.string({ maxLength: 20 }), some('x'.repeat(300 * 1024), '', 'multi\nline')), { maxKeys: 2 });
  const image = mix(some('python:3.12', 'perl:5.34', 'registry.example.com:5000/team/img:1.0',
    `img@sha256:${'a'.repeat(64)}`, 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', 'busybox:1.36'),
  some('python', 'python:latest', ' python:3.12', 'python:3.12 ', '', 'localhost:5000/img', 'Python:3.12', 'a b:1'));
  const constructId = mix(some('job', 'train', 'Nightly', 'shards'), some('Job_1', 'x'.repeat(80), 'x y', 'ü', 'a.b', '123', '--'));
  const int = (min: number, max: number, ...wild: number[]) => mix(fc.integer({ min, max }), some(...wild, NaN, Infinity));
  const strings = (s: fc.Arbitrary<string>) => fc.array(s, { maxLength: 3 });
  const word = mix(some('python', 'train.py', '--epochs', '3', 'sh', '-c', 'echo $(HOME)'), fc.string({ maxLength: 8 }));

  // ---- value classes -----------------------------------------------------------------------------
  const duration = mix(
    fc.oneof(
      fc.integer({ min: 1, max: 7 * 86400 }).map(n => call('Duration.seconds', n)),
      fc.integer({ min: 1, max: 600 }).map(n => call('Duration.minutes', n)),
      fc.integer({ min: 1, max: 72 }).map(n => call('Duration.hours', n)),
      fc.integer({ min: 1, max: 7 }).map(n => call('Duration.days', n)),
      fc.integer({ min: 1, max: 3600 }).map(n => call('Duration.millis', n * 1000)),
      some('PT1H', 'PT1H30M', 'PT45S', 'PT2D').map(s => call('Duration.parse', s)),
    ),
    fc.tuple(some('millis', 'seconds', 'minutes', 'hours', 'days'),
      some(0, 0.5, 1.5, 0.001, 1e-9, 999, 1500, 2 ** 31 - 1, 2 ** 31, 1e15, NaN, Infinity, -1))
      .map(([unit, n]) => call(`Duration.${unit}`, n)),
  );
  const sizeUnits = some('kibibytes', 'mebibytes', 'gibibytes', 'tebibytes', 'pebibyte');
  const size = mix(
    fc.oneof(
      fc.integer({ min: 1, max: 16384 }).map(n => call('Size.mebibytes', n)),
      fc.integer({ min: 1, max: 64 }).map(n => call('Size.gibibytes', n)),
    ),
    fc.tuple(sizeUnits, some(0, 0.5, 1.5, 1, 0.001, 1024 * 1024, 1e21, NaN, Infinity)).map(([unit, n]) => call(`Size.${unit}`, n)),
  );
  /** A size the emptyDir factory takes (it converts to whole MiB, and throws otherwise). */
  const emptyDirSize = mix(fc.integer({ min: 1, max: 4096 }).map(n => call('Size.mebibytes', n)),
    fc.oneof(some(0, 1, 2).map(n => call('Size.gibibytes', n)), some(1024, 512).map(n => call('Size.kibibytes', n))));
  const cpu = mix(
    fc.oneof(
      fc.integer({ min: 1, max: 8000 }).map(n => call('Cpu.millis', n)),
      some(0.25, 0.5, 1, 2, 4, 16).map(n => call('Cpu.units', n)),
    ),
    fc.oneof(
      some(0, 1, 0.5, 1.5, 999.9, 1e6, 1e21, NaN, Infinity, -1).map(n => call('Cpu.millis', n)),
      some(0, 1e-4, 1e-7, 1 / 3, 2.5, 1e21, -2, NaN, Infinity).map(n => call('Cpu.units', n)),
    ),
  );
  const secret = refName.map(n => call('Secret.fromSecretName', n));
  const configMap = refName.map(n => call('ConfigMap.fromConfigMapName', n));

  // ---- env -------------------------------------------------------------------------------------
  const envName = mix(some('DATA_DIR', 'a.b', 'LOG_LEVEL', 'X'), some('-x', '1X', 'HOME', 'JOB_COMPLETION_INDEX', 'SHARD_INDEX',
    'SHARD_COUNT', '', 'A=B', 'a b', 'NVIDIA_VISIBLE_DEVICES'));
  const key = mix(some('token', 'password', 'app.yaml', 'a_b-c.d'), some('bad key', '..', '', 'a/b', 'x'.repeat(254)));
  const optional = fc.option(fc.boolean(), { nil: undefined });
  const envValue = fc.oneof(
    fc.string({ maxLength: 10 }).map(s => call('EnvValue.fromValue', s)),
    fc.tuple(configMap, key, options({ optional })).map(([cm, k, o]) => call('EnvValue.fromConfigMap', cm, k, o)),
    fc.tuple(secret, key, options({ optional })).map(([s, k, o]) => call('EnvValue.fromSecretValue', { secret: s, key: k }, o)),
    fc.tuple(some(...ENUM_VALUES.EnvFieldPaths), mix(some('v1'), some('v2', 'batch/v1', '')), mix(some('team', 'example.com/owner'), some('bad key', '', "a']")),
      fc.boolean(), fc.boolean())
      .map(([path, apiVersion, k, withApi, withKey]) => {
        // POD_LABEL and POD_ANNOTATION need a key (the factory throws without one).
        const needsKey = path === 'metadata.labels' || path === 'metadata.annotations';
        const o = { apiVersion: withApi ? apiVersion : undefined, key: needsKey || withKey ? k : undefined };
        return call('EnvValue.fromFieldRef', path, o.apiVersion === undefined && o.key === undefined ? undefined : o);
      }),
    fc.tuple(some(...ENUM_VALUES.ResourceFieldPaths), options({
      divisor: mix(some('1', '1m', '1Mi', '1Gi', '1k'), some('bad', '0', '1.5', '-1', '2m', '')),
      container: mix(some('main'), some('other', 'Main')).map(n => call('Container.new', { image: 'python:3.12', name: n })),
    })).map(([path, o]) => call('EnvValue.fromResource', path, o)),
    fc.tuple(some(PROCESS_ENV.set, PROCESS_ENV.empty, PROCESS_ENV.unset), options({ required: fc.boolean() }))
      .map(([k, o]) => call('EnvValue.fromProcess', k, o)),
  );
  const env = fc.dictionary(envName, envValue, { maxKeys: 3 });
  const envPrefix = mix(some('DB_', 'APP_', 'cfg.'), some('1X', 'a b', '', '='));
  const envFrom = fc.oneof(
    fc.tuple(configMap, fc.option(envPrefix, { nil: undefined })).map(([cm, p]) => call('Env.fromConfigMap', cm, p)),
    secret.map(s => call('Env.fromSecret', s)),
  );

  // ---- resources and GPUs ---------------------------------------------------------------------------
  const resourceName = mix(some('example.com/fpga', 'vendor.io/nic'), some('fpga', 'kubernetes.io/x', 'nvidia.com/gpu', 'requests.x/y', 'a b/c', 'amd.com/gpu'));
  const extendedResources = fc.dictionary(resourceName, int(1, 4, 0, -1, 0.5), { maxKeys: 2 });
  const gpuOptions = {
    product: mix(some('NVIDIA-A100-SXM4-80GB', 'Tesla-T4'), some('A100 80GB', '', 'x'.repeat(64))),
    productLabelKey: mix(some('example.com/product', 'cloud.google.com/gke-accelerator'), some('bad key', '')),
    tolerateTaint: fc.boolean(),
    runtimeClassName: mix(some('nvidia'), some('Nvidia', '')),
  };
  const gpuCount = int(1, 8, 0, -1, 1.5, 1000);
  const gpu = fc.oneof(
    fc.tuple(some('nvidia', 'amd', 'intel', 'intelXe'), gpuCount, options(gpuOptions)).map(([f, n, o]) => call(`Gpu.${f}`, n, o)),
    fc.tuple(mix(some('1g.10gb', '3g.40gb', '1g.10gb+me', '2g.20gb', '7g.80gb'), some('bad', '1g', '7g.80gb ', '1c.1g.10gb', '5g.50gb')), gpuCount, options(gpuOptions))
      .map(([p, n, o]) => call('Gpu.nvidiaMig', p, n, o)),
    fc.tuple(mix(some('example.com/tpu', 'habana.ai/gaudi', 'nvidia.com/gpu.shared'), some('tpu', 'kubernetes.io/gpu', 'Bad/x')), gpuCount,
      options({ ...gpuOptions, taintKey: mix(some('nvidia.com/gpu', 'example.com/tpu'), some('bad key', '')) }))
      .map(([r, n, o]) => call('Gpu.custom', r, n, o)),
  );

  // ---- volumes -------------------------------------------------------------------------------------
  const volumeName = mix(some('data', 'cache', 'models', 'scratch'), some('tmp', 'dshm', 'Data', 'x'.repeat(64), '', 'a.b'));
  const mode = mix(some(0o644, 0o400, 0o600, 0o777, 0), some(0o1000, -1, 1.5, NaN));
  const items = fc.dictionary(key, fc.record({
    path: mix(some('app.yaml', 'conf/app.yaml'), some('/abs', '../x', '', 'a/../../b')),
    mode: fc.option(mode, { nil: undefined }),
  }, { requiredKeys: ['path'] }), { maxKeys: 2 });
  const fsType = mix(some('ext4', 'xfs'), some('', 'Ext4 '));
  const partition = int(1, 4, 0, -1, 1.5);
  const readOnly = fc.boolean();
  const pvcName = refName.map(n => call('PersistentVolumeClaim.fromClaimName', n));
  const volume = fc.oneof(
    fc.tuple(volumeName, options({ medium: some(...ENUM_VALUES.EmptyDirMedium), sizeLimit: emptyDirSize }))
      .map(([n, o]) => call('Volume.fromEmptyDir', n, o)),
    fc.tuple(configMap, options({ name: volumeName, defaultMode: mode, optional: fc.boolean(), items }))
      .map(([cm, o]) => call('Volume.fromConfigMap', cm, o)),
    fc.tuple(secret, options({ name: volumeName, defaultMode: mode, optional: fc.boolean(), items }))
      .map(([s, o]) => call('Volume.fromSecret', s, o)),
    fc.tuple(pvcName, options({ name: volumeName, readOnly })).map(([c, o]) => call('Volume.fromPersistentVolumeClaim', c, o)),
    fc.tuple(volumeName, props({ type: some(...ENUM_VALUES.HostPathVolumeType) }, 1),
      mix(some('/var/data', '/mnt/models'), some('relative', '', '/a/../b'))).map(([n, o, p]) => call('Volume.fromHostPath', n, { ...o, path: p })),
    fc.tuple(volumeName, mix(some('nfs.example.com', '10.0.0.2'), some('', 'bad host')), mix(some('/exports/data'), some('', 'relative')),
      fc.option(readOnly, { nil: undefined })).map(([n, server, p, ro]) => call('Volume.fromNfs', n, { server, path: p, readOnly: ro })),
    fc.tuple(mix(some('ebs.csi.aws.com', 'secrets-store.csi.k8s.io'), some('', 'Bad_Driver', 'x'.repeat(64))), options({
      name: volumeName, fsType, readOnly, attributes: fc.dictionary(some('secretProviderClass', 'example.com/x'), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
    })).map(([d, o]) => call('Volume.fromCsi', d, o)),
    fc.tuple(mix(some('vol-0abc123', 'vol-1'), some('vol_X', '')), options({ name: volumeName, fsType, partition, readOnly }))
      .map(([v, o]) => call('Volume.fromAwsElasticBlockStore', v, o)),
    fc.tuple(mix(some('disk-1', 'pd-data'), some('Disk_1', '')), options({ name: volumeName, fsType, partition, readOnly }))
      .map(([p, o]) => call('Volume.fromGcePersistentDisk', p, o)),
    fc.tuple(mix(some('disk1', 'models'), some('', 'Disk 1')), mix(some('https://example.blob.core.windows.net/vhds/disk1.vhd'), some('', 'not a uri')),
      options({
        name: volumeName,
        cachingMode: some(...ENUM_VALUES.AzureDiskPersistentVolumeCachingMode),
        fsType,
        kind: some(...ENUM_VALUES.AzureDiskPersistentVolumeKind),
        readOnly,
      }))
      .map(([d, u, o]) => call('Volume.fromAzureDisk', d, u, o)),
  );
  const mount = fc.record({
    volume,
    path: mix(some('/data', '/models', '/cache', '/etc/app'), some('data', '/tmp', '/dev/shm', '/data/', '/', '')),
    readOnly: fc.option(fc.boolean(), { nil: undefined }),
    subPath: fc.option(mix(some('a', 'run-1/ckpt'), some('/a', '../a', 'a/../../b', '')), { nil: undefined }),
  }, { requiredKeys: ['volume', 'path'] });

  // ---- pod ---------------------------------------------------------------------------------------------
  const toleration = fc.record({
    key: fc.option(mix(some('example.com/pool', 'dedicated'), some('bad key', 'a/b/c', '')), { nil: undefined }),
    operator: fc.option(mix(some(...ENUM_VALUES.TolerationOperator), some('exists', 'In')), { nil: undefined }),
    value: fc.option(mix(some('gpu', 'batch'), some('a b', '')), { nil: undefined }),
    effect: fc.option(mix(some(...ENUM_VALUES.TaintEffect), some('noschedule', 'Evict')), { nil: undefined }),
    tolerationSeconds: fc.option(duration, { nil: undefined }),
  }, { requiredKeys: [] });
  const id = int(1, 65532, 0, -1, 1.5, 2 ** 31 - 1, 2 ** 31);
  const exitCodes = mix(fc.array(int(1, 255, 0, -1, 256, 1.5), { maxLength: 4 }),
    some([2, 2], Array.from({ length: 255 }, (_, i) => i + 1), Array.from({ length: 256 }, (_, i) => i)));
  // An InitContainer or a SidecarContainer (the same fields), with the names given.
  const extraContainer = (names: fc.Arbitrary<unknown>) => fc.record({
    name: names,
    image,
    command: strings(word),
    args: strings(word),
    env,
    cpu,
    memory: size,
    volumeMounts: fc.array(mount, { maxLength: 1 }),
    extendedResources,
  }, { requiredKeys: ['name', 'image'] });
  const initContainer = extraContainer(mix(some('fetch', 'prepare'), some('main', 'Fetch', '')));
  const serviceAccount = fc.tuple(refName, options({ namespaceName: mix(some('default', 'ml'), some('Bad_NS')) }))
    .map(([n, o]) => call('ServiceAccount.fromServiceAccountName', n, o));

  // ---- Kubernetes version and the newer batch features -------------------------------------------------
  const kubernetesVersion = mix(some(...ENUM_VALUES.KubernetesVersion), some('1.27', '1.37', 'v1.33', '1.3'));
  const featureGates = fc.array(mix(some(...FEATURE_GATES), some('JobSucessPolicy', 'jobsuccesspolicy', 'SomethingElse', '')), { maxLength: 2 });
  const podReplacementPolicy = mix(some(...ENUM_VALUES.PodReplacementPolicy), some('failed', 'Always'));
  const managedBy = mix(some('kueue.x-k8s.io/multikueue', 'batch.kubernetes.io/job-controller', 'example.com/ctrl'),
    some('kueue', '/x', 'a/', 'Bad.io/x', `example.com/${'x'.repeat(60)}`, 'a b/c', ''));
  const sidecar = extraContainer(mix(some('shipper', 'loader'), some('main', 'fetch', 'Shipper', '')));
  const podResources = fc.record({ cpu, cpuLimit: cpu, memory: size, memoryLimit: size }, { requiredKeys: [] });
  const successRule = fc.record({
    succeededIndexes: mix(some('0', '0-1', '0,2', '1'), some('', '1-0', '0,0', 'a', '0-1-2', '99999', '-1', '0, 1')),
    succeededCount: int(1, 3, 0, -1, 1.5, 1000),
  }, { requiredKeys: [] });
  const successPolicy = fc.array(successRule, { maxLength: 2 });
  /**
   * The props of the newer features: rarer than the others (on 1.28 most of them are refused, and
   * the typed families must still be accepted a fair share of the time).
   */
  const newer = props({
    kubernetesVersion, featureGates, podReplacementPolicy, managedBy, sidecars: fc.array(sidecar, { maxLength: 2 }), podResources,
  }, 40);

  // ---- placement (PlacementOptions) ------------------------------------------------------------------
  const nodeLabelKey = mix(some('node.kubernetes.io/instance-type', 'example.com/pool', 'topology.kubernetes.io/zone'), some('bad key', '', 'a/b/c'));
  const nodeLabelValue = mix(some('p4d.24xlarge', 'spot', 'us-east-1a', '4'), some('', 'a b', 'many'));
  const nodeLabelQuery = fc.oneof(
    fc.tuple(nodeLabelKey, nodeLabelValue).map(([k, v]) => call('NodeLabelQuery.is', k, v)),
    fc.tuple(some('in', 'notIn'), nodeLabelKey, fc.array(nodeLabelValue, { maxLength: 2 })).map(([f, k, v]) => call(`NodeLabelQuery.${f}`, k, v)),
    fc.tuple(some('exists', 'doesNotExist'), nodeLabelKey).map(([f, k]) => call(`NodeLabelQuery.${f}`, k)),
    fc.tuple(some('gt', 'lt'), nodeLabelKey, mix(some(['3'], ['100'], ['-1']), some([], ['1', '2'], ['x']))).map(([f, k, v]) => call(`NodeLabelQuery.${f}`, k, v)),
  );
  const topology = mix(some('kubernetes.io/hostname', 'topology.kubernetes.io/zone', 'example.com/rack'), some('bad key', '')).map(k => call('Topology.custom', k));
  const weight = int(1, 100, 0, 101, 1.5);
  const placement = {
    nodeAffinity: fc.array(nodeLabelQuery, { maxLength: 2 }),
    preferredNodeAffinity: fc.array(fc.record({ weight, labels: fc.array(nodeLabelQuery, { maxLength: 2 }) }), { maxLength: 2 }),
    podAntiAffinity: fc.array(fc.record({ topology, podLabels: labels, weight }, { requiredKeys: [] }), { maxLength: 2 }),
    topologySpread: fc.array(fc.record({
      topology, maxSkew: int(1, 3, 0, -1), scheduleAnyway: fc.boolean(), minDomains: int(1, 3, 0), podLabels: labels,
    }, { requiredKeys: ['topology'] }), { maxLength: 2 }),
    ports: fc.array(fc.record({
      number: int(1, 65535, 0, 65536, 29500),
      name: mix(some('metrics', 'debug', 'http'), some('HTTP', 'a--b', 'x'.repeat(16), '1234', 'rdzv')),
      protocol: mix(some(...ENUM_VALUES.Protocol), some('HTTP', 'tcp')),
    }, { requiredKeys: ['number'] }), { maxLength: 2 }),
  };

  /** `BatchJobOptions`: `image`, and every other prop sometimes. */
  const batchJobOptions = fc.tuple(image, props({
    ...placement,
    name,
    namespace: mix(dnsLabel, some('a.b', 'NS', 'x'.repeat(64))),
    labels,
    podLabels: labels,
    annotations,
    podAnnotations: annotations,
    recommendedLabels: fc.boolean(),
    appName: mix(dnsLabel, some('a b', 'x'.repeat(64), '')),
    allowUnpinnedImage: fc.boolean(),
    imagePullPolicy: mix(some(...ENUM_VALUES.ImagePullPolicy), some('Sometimes', 'always')),
    imagePullSecrets: fc.array(secret, { maxLength: 2 }),
    containerName: mix(dnsLabel, some('Main', 'x'.repeat(64), '')),
    command: strings(word),
    args: strings(word),
    workingDir: mix(some('/work', '/app'), some('relative', '', '/a b')),
    env,
    envFrom: fc.array(envFrom, { maxLength: 2 }),
    cpu,
    cpuLimit: cpu,
    memory: size,
    memoryLimit: size,
    disableMemoryLimit: fc.boolean(),
    ephemeralStorage: size,
    ephemeralStorageLimit: size,
    extendedResources,
    gpu,
    volumeMounts: fc.array(mount, { maxLength: 3 }),
    volumes: fc.array(volume, { maxLength: 2 }),
    sharedMemory: mix(fc.integer({ min: 65, max: 512 }).map(n => call('Size.mebibytes', n)), size),
    disableSharedMemory: fc.boolean(),
    initContainers: fc.array(initContainer, { maxLength: 2 }),
    serviceAccount,
    automountServiceAccountToken: fc.boolean(),
    nodeSelector: labels,
    tolerations: fc.array(toleration, { maxLength: 2 }),
    priorityClassName: mix(dnsLabel, some('High', '')),
    runtimeClassName: mix(dnsLabel, some('Kata', '')),
    restartPolicy: mix(some('Never', 'OnFailure'), some('Always', 'never')),
    terminationGracePeriod: duration,
    podSecurity: mix(some(...ENUM_VALUES.PodSecurity), some('Restricted', 'baseline')),
    runAsUser: id,
    runAsGroup: id,
    fsGroup: id,
    readOnlyRootFilesystem: fc.boolean(),
    tmpSizeLimit: size,
    backoffLimit: int(0, 10, -1, 2.5, 2 ** 31),
    activeDeadline: duration,
    disableActiveDeadline: fc.boolean(),
    ttlAfterFinished: duration,
    disableTtl: fc.boolean(),
    failFastExitCodes: exitCodes,
    ignoreDisruptions: fc.boolean(),
    suspend: fc.boolean(),
    queue: mix(some('team-a', 'gpu.batch'), some('Team_A', '', 'q'.repeat(64))),
    workloadPriorityClass: mix(some('high', 'low'), some('High', '')),
    rerunStrategy: fc.oneof(
      some(call('RerunStrategy.stableName'), call('RerunStrategy.contentHash'), call('RerunStrategy.fluxForce')),
      fc.option(fc.boolean(), { nil: undefined }).map(force => call('RerunStrategy.argoCdReplace', force)),
      fc.option(some(...ENUM_VALUES.ArgoCdHookPhase), { nil: undefined }).map(phase => call('RerunStrategy.argoCdHook', phase)),
    ),
  }, 6), newer).map(([img, rest, newest]) => ({
    ...rest,
    ...newest,
    image: img,
    // A priority class is usually given with its queue (alone, it is refused: unit-tested in test/kueue-gitops.test.ts).
    ...(rest.workloadPriorityClass !== undefined && rest.queue === undefined && rest.workloadPriorityClass.length % 4 !== 0 ? { queue: 'team-a' } : {}),
  }));

  // ---- sharding --------------------------------------------------------------------------------------
  const shardFields = {
    shards: int(1, 200, 0, -1, 1.5, 100000, 100001, 1000000),
    completions: int(1, 200, 0, -1, 1.5),
    parallelism: int(1, 50, 0, -1, 100001, 1.5),
    shardIndexEnv: mix(some('SHARD', 'WORKER_INDEX'), some('1X', '', 'JOB_COMPLETION_INDEX')),
    shardCountEnv: mix(some('NUM_SHARDS'), some('SHARD_INDEX', '-')),
    disableShardEnv: fc.boolean(),
    enableAlphaBackoffLimitPerIndex: fc.boolean(),
    backoffLimitPerShard: int(0, 5, -1, 1.5),
    disableBackoffLimitPerShard: fc.boolean(),
    maxFailedShards: int(0, 10, -1, 100001),
    failShardExitCodes: exitCodes,
    minParallelism: int(1, 4, 0, -1, 100),
  };
  const { shards, completions, parallelism, shardIndexEnv, shardCountEnv, disableShardEnv, ...alpha } = shardFields;
  /** A success policy of the shards: rarer (refused before 1.30). */
  const shardSuccess = props({ successPolicy }, 10);
  /** `ShardingOptions`: usually the props that belong to the mode, sometimes any mix. */
  const sharding = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constant('Indexed'), shards, props({ parallelism, shardIndexEnv, shardCountEnv, disableShardEnv, ...alpha }), shardSuccess)
        .map(([m, n, rest, more]) => ({ ...rest, ...more, mode: m, shards: n })),
    },
    { weight: 2, arbitrary: fc.tuple(fc.constant(undefined), shards, props({ parallelism })).map(([m, n, r]) => ({ ...r, mode: m, shards: n })) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('Completions'), completions, props({ parallelism })).map(([m, n, rest]) => ({ ...rest, mode: m, completions: n })) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('WorkQueue'), props({ parallelism })).map(([m, rest]) => ({ ...rest, mode: m })) },
    {
      weight: 1,
      arbitrary: fc.tuple(mix(some(...ENUM_VALUES.ShardMode), some('Sharded', 'indexed')), props(shardFields), shardSuccess)
        .map(([m, rest, more]) => ({ ...rest, ...more, mode: m })),
    },
  );

  // ---- schedules ---------------------------------------------------------------------------------------
  const hour = fc.option(int(0, 23, 24, -1, 1.5), { nil: undefined });
  const minute = fc.option(int(0, 59, 60, -1, 0.5), { nil: undefined });
  const cronField = (ordinary: string[], wild: string[]) => fc.option(mix(some(...ordinary), some(...wild)), { nil: undefined });
  const cron = fc.oneof(
    some('everyMinute', 'hourly', 'daily', 'weekly', 'monthly', 'annually').map(f => call(`Cron.${f}`)),
    fc.record({
      minute: cronField(['0', '30', '*/15'], ['61', 'x']),
      hour: cronField(['2', '*/6', '1-5'], ['25']),
      day: cronField(['1', '15'], ['31', '0']),
      month: cronField(['*', '1', 'JAN'], ['13']),
      weekDay: cronField(['MON', '1-5', 'SUN'], ['8', 'MONDAY']),
    }, { requiredKeys: [] }).map(o => call('Cron.schedule', o)),
  );
  const schedule = fc.oneof(
    fc.tuple(some('nightly', 'daily'), hour, minute).map(([f, h, m]) => call(`Schedule.${f}`, h, m)),
    minute.map(m => call('Schedule.hourly', m)),
    fc.tuple(fc.option(mix(some(...ENUM_VALUES.WeekDay), some('Sun', '7', 'MONDAY')), { nil: undefined }), hour, minute)
      .map(([d, h, m]) => call('Schedule.weekly', d, h, m)),
    fc.tuple(fc.option(int(1, 28, 29, 31, 0), { nil: undefined }), hour, minute).map(([d, h, m]) => call('Schedule.monthly', d, h, m)),
    mix(some('*/15 * * * *', '0 2 * * *', '0 0 1 */3 *', '30 4 * * MON-FRI', '@daily', '@hourly', '@every 2h', '0 22-23,0-2 * * *'),
      some('* * * * *', '0 0 31 2 *', '@every 30s', 'CRON_TZ=UTC 0 2 * * *', 'TZ=Europe/Berlin 0 2 * * *', '0 2 * * * *', '61 * * * *',
        '0 0 * * 7', '', '@reboot', ' @daily', '0 */0 * * *')).map(e => call('Schedule.expression', e)),
    cron.map(c => call('Schedule.fromCron', c)),
  );

  /** The props a `NightlyCronJob` adds. */
  const nightly = props({
    schedule,
    timeZone: mix(some('UTC', 'Europe/Berlin', 'America/New_York', 'Etc/UTC', 'US/Eastern'), some('Local', 'europe/berlin', '', 'Mars/Base', 'UTC+1')),
    concurrencyPolicy: mix(some(...ENUM_VALUES.ConcurrencyPolicy), some('Skip', 'forbid')),
    startingDeadline: duration,
    successfulJobsHistoryLimit: int(0, 3, -1, 1.5, 10),
    failedJobsHistoryLimit: int(0, 3, -1, 10),
    suspendSchedule: fc.boolean(),
    jobLabels: labels,
    jobAnnotations: annotations,
    sharding,
  }, 3);

  /** The props a `DistributedTrainingJob` adds (`nodes` always). */
  const distributed = fc.tuple(int(1, 6, 0, -1, 1.5, 100001), props({
    port: int(1, 65535, 0, 65536),
    nprocPerNode: int(1, 8, 0),
    elastic: fc.record({ minNodes: int(1, 4, 0, 9), maxRestarts: int(0, 5, -1) }, { requiredKeys: [] }),
  }, 2), props({ successPolicy }, 10)).map(([nodes, rest, more]) => ({ ...rest, ...more, nodes }));

  /** The props a `HyperparameterSweep` adds: usually a grid or a list with one layout's props. */
  const paramName = mix(some('lr', 'learning_rate', 'batch-size', 'model.dropout', 'opt'), some('a b', '', '-x', 'x'.repeat(64), 'id'));
  const paramValue = mix(some('1e-4', '0.1', '32', 'adam', 'it\'s'), fc.string({ maxLength: 6 }));
  const grid = mix(fc.dictionary(paramName, fc.uniqueArray(paramValue, { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 2 }),
    fc.dictionary(paramName, fc.array(paramValue, { maxLength: 3 }), { maxKeys: 2 }));
  const trialList = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.uniqueArray(paramName, { minLength: 1, maxLength: 2 }),
        fc.uniqueArray(fc.array(paramValue, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4, selector: r => JSON.stringify(r) }))
        .map(([names, rows]) => rows.map(r => Object.fromEntries(names.map((n, i) => [n, r[i]])))),
    },
    { weight: 1, arbitrary: fc.array(fc.dictionary(paramName, paramValue, { maxKeys: 2 }), { maxLength: 3 }) },
  );
  const trialSource = fc.oneof(
    { weight: 6, arbitrary: grid.map(g => ({ grid: g })) },
    { weight: 4, arbitrary: trialList.map(t => ({ trials: t })) },
    { weight: 1, arbitrary: fc.record({ grid, trials: trialList }, { requiredKeys: [] }) },
  );
  const paramEnvPrefix = mix(some('PARAM_', 'HP_', '_'), some('1X', 'a-b', '', 'TRIAL_'));
  const sweep = fc.tuple(trialSource, fc.oneof(
    { weight: 3, arbitrary: props({ paramEnvPrefix }, 2) },
    {
      weight: 2,
      arbitrary: fc.tuple(some(['python', 'train.py'], ['sh', '-c', 'python train.py --lr "$PARAM_LR"']),
        props({ paramEnvPrefix, maxConcurrentTrials: int(1, 4, 0, 10), enableAlphaBackoffLimitPerIndex: fc.boolean() }, 1),
        props({ successPolicy, disableBackoffLimitPerTrial: fc.boolean() }, 10))
        .map(([command, rest, more]) => ({ ...rest, ...more, layout: 'Indexed', command })),
    },
    {
      weight: 1,
      arbitrary: props({
        paramEnvPrefix,
        layout: mix(some(...ENUM_VALUES.SweepLayout), some('indexed', 'PerTrial')),
        maxConcurrentTrials: int(1, 4, 0),
        enableAlphaBackoffLimitPerIndex: fc.boolean(),
      }, 1),
    },
  )).map(([source, rest]) => ({ ...rest, ...source }));

  return {
    sweep,
    distributed,
    name,
    constructId,
    labels,
    annotations,
    image,
    env,
    envValue,
    envFrom,
    cpu,
    size,
    duration,
    extendedResources,
    gpu,
    volume,
    mount,
    toleration,
    initContainer,
    serviceAccount,
    batchJobOptions,
    sharding,
    schedule,
    nightly,
  };
}

/** Typed props, valid and wild mixed (about a third to a half accepted). */
export const TYPED = makeArbitraries(1);
/** Typed props, ordinary values only (each prop valid on its own; combinations may still be refused). */
export const VALID = makeArbitraries(0);

export const constructId = TYPED.constructId;

function propsOf(a: ReturnType<typeof makeArbitraries>) {
  return {
    TrainingJob: a.batchJobOptions,
    // A GpuJob requires a GPU: usually give one.
    GpuJob: fc.tuple(a.batchJobOptions, fc.oneof({ weight: 19, arbitrary: a.gpu }, { weight: 1, arbitrary: fc.constant(undefined) }))
      .map(([r, g]) => ({ ...r, gpu: g })),
    ParallelShardJob: fc.tuple(a.batchJobOptions, a.sharding).map(([r, s]) => ({ ...r, ...s })),
    NightlyCronJob: fc.tuple(a.batchJobOptions, a.nightly).map(([r, n]) => ({ ...r, ...n })),
    DistributedTrainingJob: fc.tuple(a.batchJobOptions, a.distributed).map(([r, d]) => ({ ...r, ...d })),
    HyperparameterSweep: fc.tuple(a.batchJobOptions, a.sweep).map(([r, w]) => ({ ...r, ...w })),
  } as const;
}

/** Props recipes of each construct, typed (valid and wild values). */
export const typedProps = propsOf(TYPED);
/** Props recipes of each construct, ordinary values only. */
export const validProps = propsOf(VALID);

// -------------------------------------------------------------------------------------------------
// JavaScript-style misuse
// -------------------------------------------------------------------------------------------------

/** The props struct of each construct. */
export const PROPS_STRUCT = {
  TrainingJob: 'cdk8s-batch.TrainingJobProps',
  GpuJob: 'cdk8s-batch.GpuJobProps',
  ParallelShardJob: 'cdk8s-batch.ParallelShardJobProps',
  NightlyCronJob: 'cdk8s-batch.NightlyCronJobProps',
  DistributedTrainingJob: 'cdk8s-batch.DistributedTrainingJobProps',
  HyperparameterSweep: 'cdk8s-batch.HyperparameterSweepProps',
} as const;
export type Kind = keyof typeof PROPS_STRUCT;

/** The smallest valid props of each construct: a misuse case changes one prop of these. */
export const BASELINE: { readonly [K in Kind]: any } = {
  TrainingJob: { image: 'python:3.12' },
  GpuJob: { image: 'python:3.12', gpu: call('Gpu.nvidia', 1) },
  ParallelShardJob: { image: 'python:3.12', shards: 4 },
  NightlyCronJob: { image: 'python:3.12' },
  DistributedTrainingJob: { image: 'python:3.12', nodes: 2 },
  HyperparameterSweep: { image: 'python:3.12', command: ['python', 'train.py'], grid: { lr: ['1', '2'] } },
};

/** Props that only make sense beside others: what the baseline adds when one of them is misused. */
const CONTEXT: { readonly [prop: string]: object } = {
  completions: { mode: 'Completions', shards: undefined },
  backoffLimitPerShard: { enableAlphaBackoffLimitPerIndex: true },
  maxFailedShards: { enableAlphaBackoffLimitPerIndex: true, backoffLimitPerShard: 1 },
  failShardExitCodes: { enableAlphaBackoffLimitPerIndex: true, backoffLimitPerShard: 1 },
};

/** A valid example of each struct used inside misuse values (a struct misused one field at a time). */
const STRUCT_EXAMPLES: { readonly [struct: string]: any } = {
  'cdk8s-batch.ShardingOptions': { shards: 4 },
  'cdk8s-batch.InitContainer': { name: 'fetch', image: 'busybox:1.36' },
  'cdk8s-batch.VolumeMount': { volume: call('Volume.fromEmptyDir', 'scratch'), path: '/scratch' },
  'cdk8s-batch.Toleration': { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoExecute' },
  'cdk8s-batch.GpuOptions': { product: 'Tesla-T4' },
  'cdk8s-batch.PreferredNodeAffinity': { weight: 10, labels: [call('NodeLabelQuery.exists', 'example.com/pool')] },
  'cdk8s-batch.PodAntiAffinity': { weight: 10 },
  'cdk8s-batch.TopologySpread': { topology: call('Topology.custom', 'topology.kubernetes.io/zone') },
  'cdk8s-batch.ContainerPort': { number: 9090, name: 'metrics' },
  'cdk8s-batch.ElasticRendezvous': { maxRestarts: 1 },
  'cdk8s-batch.SidecarContainer': { name: 'shipper', image: 'busybox:1.36' },
  'cdk8s-batch.SuccessPolicyRule': { succeededIndexes: '0' },
  'cdk8s-batch.PodResources': { memoryLimit: call('Size.gibibytes', 8) },
};

/** A valid example of each type (for the good elements around a bad one). */
function example(type: string): unknown {
  const t = type.replace(/\?$/, '');
  if (t.endsWith('[]')) return [example(t.slice(0, -2))];
  if (t.startsWith('{')) return { a: example(t.slice(1, -1)) };
  const examples: { [t: string]: unknown } = {
    string: 'x',
    number: 1,
    boolean: true,
    Duration: call('Duration.minutes', 5),
    Size: call('Size.gibibytes', 1),
    Cpu: call('Cpu.millis', 500),
    EnvValue: call('EnvValue.fromValue', 'v'),
    EnvFrom: call('Env.fromSecret', call('Secret.fromSecretName', 'creds')),
    Volume: call('Volume.fromEmptyDir', 'scratch'),
    ISecret: call('Secret.fromSecretName', 'regcred'),
    NodeLabelQuery: call('NodeLabelQuery.exists', 'example.com/pool'),
    Topology: call('Topology.custom', 'kubernetes.io/hostname'),
  };
  const struct = Object.keys(STRUCT_EXAMPLES).find(s => s.endsWith(`.${t}`));
  return struct ? STRUCT_EXAMPLES[struct] : examples[t];
}

interface Wrong {
  readonly category: string;
  readonly value: unknown;
  /** Where inside the prop, appended to its name (e.g. `[0]`, `.a`, `.count`). */
  readonly at?: string;
}

/** Misspelled and made-up prop names, per struct. */
const UNKNOWN_PROPS: { readonly [struct: string]: Array<[string, unknown]> } = {
  'cdk8s-batch.BatchJobOptions': [['backOffLimit', 3], ['imagee', 'python:3.12'], ['ttlSecondsAfterFinished', 100], ['activeDeadlineSeconds', 600],
    ['serviceAccountName', 'trainer'], ['nodeSelectors', { disk: 'ssd' }], ['restartpolicy', 'Never'], ['Image', 'python:3.12'],
    ['resources', { limits: { cpu: '1' } }], ['cpuRequest', '500m'], ['envVars', { A: 'b' }], ['podAnnotation', { a: 'b' }], ['volume', []],
    ['tolerationSeconds', 30], ['imagePullSecret', 'regcred'], ['securityContext', { runAsUser: 1000 }]],
  'cdk8s-batch.ShardingOptions': [['shard', 3], ['completionMode', 'Indexed'], ['parallel', 2], ['maxFailedIndexes', 1], ['backoffLimitPerIndex', 1]],
  'cdk8s-batch.NightlyCronJobProps': [['timezone', 'UTC'], ['cron', '0 2 * * *'], ['concurrency', 'Forbid'], ['startingDeadlineSeconds', 300],
    ['successfulJobsHistory', 1], ['suspendCron', true]],
  'cdk8s-batch.InitContainer': [['imagee', 'busybox:1.36'], ['mounts', []], ['workingDir', '/work']],
  'cdk8s-batch.VolumeMount': [['mountPath', '/data'], ['readonly', true], ['sub_path', 'a']],
  'cdk8s-batch.Toleration': [['operater', 'Exists'], ['seconds', 30], ['effects', 'NoSchedule']],
  'cdk8s-batch.GpuOptions': [['prodcut', 'Tesla-T4'], ['tolerateTaints', false]],
  'cdk8s-batch.DistributedTrainingJobProps': [['node', 2], ['nnodes', 2], ['masterPort', 29500], ['replicas', 2]],
  'cdk8s-batch.ContainerPort': [['containerPort', 80], ['port', 80]],
  'cdk8s-batch.TopologySpread': [['topologyKey', 'kubernetes.io/hostname'], ['whenUnsatisfiable', 'DoNotSchedule']],
  'cdk8s-batch.ElasticRendezvous': [['max_restarts', 3], ['minReplicas', 1]],
  'cdk8s-batch.HyperparameterSweepProps': [['params', { lr: ['1'] }], ['parallelism', 2], ['maxConcurrent', 2], ['paramPrefix', 'P_']],
  'cdk8s-batch.SidecarContainer': [['restartPolicy', 'Always'], ['imagee', 'busybox:1.36']],
  'cdk8s-batch.SuccessPolicyRule': [['succeededIndex', '0'], ['count', 1]],
  'cdk8s-batch.PodResources': [['limits', { cpu: '1' }], ['memoryLimits', '8Gi']],
};

/** Wrong values for a prop of `type` (the declared type of the prop, e.g. `string[]?`). */
function wrongValues(type: string, depth = 0): Wrong[] {
  const t = type.replace(/\?$/, '');
  const out: Wrong[] = [{ category: 'null', value: null }];
  if (!type.endsWith('?')) out.push({ category: 'missing-required', value: undefined });
  if (t === 'string') {
    out.push({ category: 'number-for-string', value: 42 }, { category: 'number-for-string', value: 3.12 },
      { category: 'boolean-for-string', value: true }, { category: 'array-for-string', value: ['x'] }, { category: 'object-for-string', value: {} });
  } else if (t === 'number') {
    out.push({ category: 'string-for-number', value: '3' }, { category: 'string-for-number', value: '' }, { category: 'nan-infinity', value: NaN },
      { category: 'nan-infinity', value: Infinity }, { category: 'nan-infinity', value: -Infinity }, { category: 'boolean-for-number', value: true },
      { category: 'array-for-number', value: [1] });
  } else if (t === 'boolean') {
    out.push({ category: 'string-for-boolean', value: 'false' }, { category: 'string-for-boolean', value: 'true' },
      { category: 'number-for-boolean', value: 0 }, { category: 'number-for-boolean', value: 1 });
  } else if (t.endsWith('[]')) {
    const elem = t.slice(0, -2);
    const asText = elem === 'string' ? 'python train.py' : elem === 'number' ? '2' : 'x';
    out.push({ category: 'string-for-array', value: asText }, { category: 'object-for-array', value: { 0: example(elem) } },
      { category: 'number-for-array', value: 1 });
    if (depth === 0) {
      // One good element, then a bad one (a struct element is whole, with one bad field).
      for (const w of wrongValues(elem, depth + 1)) out.push({ category: `${w.category} (element)`, value: [example(elem), w.value], at: `[1]${w.at ?? ''}` });
    }
  } else if (t.startsWith('{')) {
    const elem = t.slice(1, -1);
    out.push({ category: 'array-for-map', value: elem === 'string' ? ['a=b'] : [example(elem)] }, { category: 'string-for-map', value: 'a=b' });
    if (depth === 0) {
      for (const w of wrongValues(elem, depth + 1)) out.push({ category: `${w.category} (map value)`, value: { a: w.value }, at: '.a' });
    }
  } else if (t === 'Duration') {
    out.push({ category: 'plain-object-for-class', value: { seconds: 5 } }, { category: 'plain-object-for-class', value: { amount: 1, unit: 'hours' } },
      { category: 'number-for-class', value: 3600 }, { category: 'string-for-class', value: '1h' },
      { category: 'factory-argument', value: call('Duration.seconds', '30') });
  } else if (t === 'Size') {
    out.push({ category: 'plain-object-for-class', value: { gibibytes: 4 } }, { category: 'string-for-class', value: '4Gi' }, { category: 'number-for-class', value: 4096 });
  } else if (t === 'Cpu') {
    out.push({ category: 'plain-object-for-class', value: { millis: 500 } }, { category: 'string-for-class', value: '500m' }, { category: 'number-for-class', value: 0.5 });
  } else if (t === 'Gpu') {
    out.push({ category: 'plain-object-for-class', value: { count: 1, resourceName: 'nvidia.com/gpu' } }, { category: 'string-for-class', value: 'nvidia.com/gpu' },
      { category: 'number-for-class', value: 1 }, { category: 'factory-argument', value: call('Gpu.nvidia', '1') },
      { category: 'factory-argument', value: call('Gpu.custom', 5, 1) }, { category: 'factory-argument', value: call('Gpu.nvidiaMig', 1, 1) });
    for (const [prop, [ptype]] of structProps('cdk8s-batch.CustomGpuOptions')) {
      for (const w of wrongValues(ptype, 1).filter(x => x.category !== 'null')) {
        out.push({ category: `factory-option: ${w.category}`, value: call('Gpu.custom', 'example.com/tpu', 1, { [prop]: w.value }), at: `.options.${prop}` });
      }
    }
    for (const [prop, value] of UNKNOWN_PROPS['cdk8s-batch.GpuOptions']) {
      out.push({ category: 'unknown-prop (factory option)', value: call('Gpu.nvidia', 1, { [prop]: value }), at: `.options.${prop}` });
    }
  } else if (t === 'RerunStrategy') {
    out.push({ category: 'string-for-class', value: 'contentHash' }, { category: 'plain-object-for-class', value: { mode: 'ContentHash', annotations: {} } },
      { category: 'factory-argument', value: call('RerunStrategy.argoCdHook', 'presync') }, { category: 'factory-argument', value: call('RerunStrategy.argoCdReplace', 'yes') });
  } else if (t === 'Schedule') {
    out.push({ category: 'string-for-class', value: '0 2 * * *' }, { category: 'plain-object-for-class', value: { expressionString: '0 2 * * *' } },
      { category: 'factory-argument', value: call('Schedule.nightly', '2') }, { category: 'factory-argument', value: call('Schedule.expression', 5) },
      { category: 'factory-argument', value: call('Schedule.weekly', 'monday') }, { category: 'factory-argument', value: call('Schedule.nightly', NaN) },
      { category: 'factory-argument', value: call('Schedule.monthly', '1') }, { category: 'factory-argument', value: call('Schedule.daily', 2, Infinity) });
  } else if (t === 'EnvValue') {
    out.push({ category: 'string-for-class', value: 'value' }, { category: 'number-for-class', value: 8080 }, { category: 'plain-object-for-class', value: { value: 'x' } },
      { category: 'factory-argument', value: call('EnvValue.fromValue', 8080) }, { category: 'factory-argument', value: call('EnvValue.fromValue', null) },
      { category: 'factory-argument', value: call('EnvValue.fromValue', true) });
  } else if (t === 'EnvFrom') {
    out.push({ category: 'plain-object-for-class', value: { secretRef: { name: 'creds' } } }, { category: 'string-for-class', value: 'creds' });
  } else if (t === 'Volume') {
    out.push({ category: 'plain-object-for-class', value: { name: 'data', emptyDir: {} } }, { category: 'string-for-class', value: 'data' });
  } else if (t === 'ISecret') {
    out.push({ category: 'string-for-class', value: 'regcred' }, { category: 'number-for-class', value: 1 });
  } else if (t === 'NodeLabelQuery') {
    out.push({ category: 'plain-object-for-class', value: { key: 'example.com/pool', operator: 'In', values: ['a'] } },
      { category: 'string-for-class', value: 'example.com/pool=a' }, { category: 'factory-argument', value: call('NodeLabelQuery.in', 'example.com/pool', 'a') },
      { category: 'factory-argument', value: call('NodeLabelQuery.is', 5, 'a') });
  } else if (t === 'Topology') {
    out.push({ category: 'string-for-class', value: 'kubernetes.io/hostname' }, { category: 'plain-object-for-class', value: { key: 'kubernetes.io/hostname' } },
      { category: 'factory-argument', value: call('Topology.custom', 5) });
  } else if (t === 'IServiceAccount') {
    out.push({ category: 'string-for-class', value: 'trainer' }, { category: 'plain-object-for-class', value: { serviceAccountName: 'trainer' } });
  } else if (t === 'KubernetesVersion') {
    // What a Python or YAML-minded caller writes: a number, a version the library does not know.
    out.push({ category: 'number-for-enum', value: 1.33 }, { category: 'wrong-enum-string', value: '1.27' }, { category: 'wrong-enum-string', value: 'v1.33' },
      { category: 'wrong-enum-string', value: 'V1_33' });
  } else if (t in ENUM_VALUES) {
    // Another letter case of a member, the member's name instead of its value (as a Python caller
    // might write), a made-up value, and a number.
    const values = (ENUM_VALUES as any)[t] as string[];
    const v = values.find(x => x !== '') ?? 'x';
    const wrong = [v.toLowerCase(), v.toUpperCase(), `${v[0].toUpperCase()}${v.slice(1)}`, v.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), 'Sometimes']
      .filter((x, i, all) => !values.includes(x) && all.indexOf(x) === i);
    out.push(...wrong.map(value => ({ category: 'wrong-enum-string', value })), { category: 'number-for-enum', value: 0 });
  } else {
    const struct = Object.keys(PROP_TYPES).find(s => s.endsWith(`.${t}`));
    if (struct) {
      out.push({ category: 'string-for-struct', value: 'x' }, { category: 'array-for-struct', value: [STRUCT_EXAMPLES[struct]] });
      if (depth <= 1) {
        for (const [prop, [ptype]] of structProps(struct)) {
          for (const w of wrongValues(ptype, depth + 1)) {
            const value = { ...STRUCT_EXAMPLES[struct], ...(CONTEXT[prop] ?? {}), [prop]: w.value };
            out.push({ category: `${w.category} (nested)`, value, at: `.${prop}${w.at ?? ''}` });
          }
        }
        for (const [prop, value] of UNKNOWN_PROPS[struct] ?? []) {
          out.push({ category: 'unknown-prop (nested)', value: { ...STRUCT_EXAMPLES[struct], [prop]: value }, at: `.${prop}` });
        }
      }
    }
  }
  return out;
}

/** Every misuse of one construct's props: one prop (or the props object) replaced by a wrong value. */
export function misuseCandidates(kind: Kind): Array<{ props: any; misuse: Misuse }> {
  const struct = PROPS_STRUCT[kind];
  const out: Array<{ props: any; misuse: Misuse }> = [];
  for (const [prop, [type, declaredBy]] of structProps(struct)) {
    for (const w of wrongValues(type)) {
      out.push({
        props: { ...BASELINE[kind], ...(CONTEXT[prop] ?? {}), [prop]: w.value },
        misuse: { category: w.category, prop, at: `${prop}${w.at ?? ''}`, type: `${type} (${declaredBy.replace(/^cdk8s-batch\./, '')})` },
      });
    }
  }
  const structs = [...new Set([struct, ...(STRUCT_BASES[struct] ?? [])])];
  for (const s of structs) {
    for (const [prop, value] of UNKNOWN_PROPS[s] ?? []) {
      out.push({ props: { ...BASELINE[kind], [prop]: value }, misuse: { category: 'unknown-prop', prop, at: prop, type: '(none)' } });
    }
  }
  for (const value of [null, undefined, 'python:3.12', ['python:3.12'], 42]) {
    out.push({ props: value, misuse: { category: 'props-not-object', prop: '', at: '(props)', type: struct } });
  }
  return out;
}

/**
 * Misuse cases of one construct: a misuse candidate on the smallest valid props, or on random
 * ordinary props (where another prop may be what gets rejected: `masked` in the tally).
 */
export function misuseCases(kind: Kind): fc.Arbitrary<CaseRecipe> {
  const candidates = misuseCandidates(kind);
  const onValid = fc.tuple(validProps[kind], fc.constantFrom(...candidates)).map(([base, c]) =>
    (typeof c.props === 'object' && c.props !== null && !Array.isArray(c.props) ? { props: { ...base, ...c.props }, misuse: c.misuse } : c));
  return fc.oneof(fc.constantFrom(...candidates), onValid);
}

/** All cases of a construct: typed (three in four) and misuse (one in four). */
export function allCases(kind: Kind): fc.Arbitrary<CaseRecipe> {
  return fc.oneof(
    { weight: 3, arbitrary: typedProps[kind].map(p => ({ props: p }) as CaseRecipe) },
    { weight: 1, arbitrary: misuseCases(kind) },
  );
}
