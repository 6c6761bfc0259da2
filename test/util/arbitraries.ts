/**
 * fast-check generators for the props of every construct, as plain-data "recipes" (printable
 * and shrinkable); `test/util/property.ts` turns a recipe into props inside a chart.
 *
 * Each value is usually absent or ordinary, sometimes a boundary value that is still valid
 * (63-character names, uid 0, 1m of CPU...) and sometimes invalid, so that a case is accepted
 * about half the time.
 */
import * as fc from 'fast-check';

/** Mostly `ordinary`, sometimes `edge` (boundaries and invalid values). */
function mix<T>(ordinary: fc.Arbitrary<T>, edge: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 18, arbitrary: ordinary }, { weight: 2, arbitrary: edge });
}

/** An optional prop: left out four times in five. */
function sometimes<T>(x: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: x });
}

/** A record whose every field is `sometimes` present. */
type Optional<T> = { [K in keyof T]?: T[K] extends fc.Arbitrary<infer U> ? U : never };
function props<T extends { [key: string]: fc.Arbitrary<unknown> }>(fields: T): fc.Arbitrary<Optional<T>> {
  const optional: { [key: string]: fc.Arbitrary<unknown> } = {};
  for (const [k, v] of Object.entries(fields)) optional[k] = sometimes(v);
  return fc.record(optional) as any;
}

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
const longName = fc.integer({ min: 40, max: 70 }).map(n => 'n'.repeat(n));
const badName = fc.constantFrom('Train', 'a_b', '-a', 'a-', '', 'a b', 'ä', 'a..b', 'x'.repeat(254));

export const name = mix(dnsLabel, fc.oneof(longName, badName, fc.constantFrom('a.b', 'x'.repeat(63), 'x'.repeat(52), 'x'.repeat(51))));
export const constructId = mix(fc.constantFrom('job', 'train', 'Nightly', 'shards'),
  fc.constantFrom('Job_1', 'x'.repeat(80), 'x y', 'ü', 'a.b', '123', '--'));

const labelKey = mix(fc.constantFrom('team', 'example.com/team', 'tier', 'app'),
  fc.constantFrom('a/b/c', '-x', 'x'.repeat(64), 'bad key', 'app.kubernetes.io/name', 'app.kubernetes.io/instance',
    'batch.kubernetes.io/job-name', 'job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'Example.com/x', ''));
const labelValue = mix(fc.constantFrom('ml', 'a-b', 'v1.2'), fc.constantFrom('', 'x'.repeat(63), 'x'.repeat(64), 'a b', '-a', 'a:b'));
export const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 2 });
const annotationKey = mix(fc.constantFrom('example.com/owner', 'note'), fc.constantFrom('Example.com/Owner', 'bad key', 'a/b/c', ''));
export const annotations = fc.dictionary(annotationKey, mix(fc.string({ maxLength: 20 }), fc.constantFrom('x'.repeat(300 * 1024))), { maxKeys: 2 });

export const image = mix(fc.constantFrom('python:3.12', 'perl:5.34', 'registry.example.com:5000/team/img:1.0',
  `img@sha256:${'a'.repeat(64)}`, 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime'),
fc.constantFrom('python', 'python:latest', ' python:3.12', 'python:3.12 ', '', 'localhost:5000/img'));

const envName = mix(fc.constantFrom('DATA_DIR', 'a.b', 'LOG_LEVEL'), fc.constantFrom('-x', '1X', 'HOME', 'JOB_COMPLETION_INDEX', 'SHARD_INDEX', 'SHARD_COUNT', '', 'A=B', 'a b'));
export const env = fc.dictionary(envName, fc.oneof(
  fc.record({ kind: fc.constant('value' as const), value: fc.string({ maxLength: 10 }) }),
  fc.record({ kind: fc.constant('secret' as const), secret: mix(dnsLabel, fc.constantFrom('Bad_Secret')), key: mix(fc.constantFrom('token'), fc.constantFrom('bad key', '..')) }),
  fc.record({ kind: fc.constant('field' as const), value: fc.constant('') }),
), { maxKeys: 3 });

export const cpu = fc.oneof(
  fc.record({ millis: mix(fc.integer({ min: 1, max: 8000 }), fc.constantFrom(0, -1, 0.5, 1)) }),
  fc.record({ units: mix(fc.constantFrom(0.25, 1, 2, 16), fc.constantFrom(0, -2, 1e-4)) }),
);
export const size = fc.oneof(
  fc.record({ mebibytes: mix(fc.integer({ min: 1, max: 16384 }), fc.constantFrom(0, 0.5, 1)) }),
  fc.record({ gibibytes: mix(fc.constantFrom(1, 2, 4, 64), fc.constantFrom(0, 0.001, 1024 * 1024)) }),
);

const resourceName = mix(fc.constantFrom('example.com/fpga', 'vendor.io/nic'), fc.constantFrom('fpga', 'kubernetes.io/x', 'nvidia.com/gpu', 'requests.x/y', 'a b/c'));
export const extendedResources = fc.dictionary(resourceName, mix(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, -1, 0.5)), { maxKeys: 2 });

export const gpu = fc.tuple(
  fc.constantFrom('nvidia', 'nvidiaMig', 'amd', 'intel', 'custom'),
  mix(fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, -1, 1.5, 1000)),
  props({
    profile: mix(fc.constantFrom('1g.10gb', '3g.40gb'), fc.constantFrom('bad', '1g', '7g.80gb ')),
    resource: mix(fc.constantFrom('example.com/tpu', 'habana.ai/gaudi'), fc.constantFrom('tpu', 'kubernetes.io/gpu', 'Bad/x')),
    product: mix(fc.constantFrom('NVIDIA-A100-SXM4-80GB', 'Tesla-T4'), fc.constantFrom('A100 80GB', '', 'x'.repeat(64))),
    productLabelKey: mix(fc.constantFrom('example.com/product'), fc.constantFrom('bad key')),
    tolerateTaint: fc.boolean(),
    runtimeClassName: mix(fc.constantFrom('nvidia'), fc.constantFrom('Nvidia', '')),
  }),
).map(([vendor, count, options]) => ({ ...options, vendor, count }));

const volumeName = mix(fc.constantFrom('data', 'cache', 'models'), fc.constantFrom('tmp', 'dshm', 'Data', 'x'.repeat(64), ''));
export const volume = fc.record({ kind: fc.constantFrom('emptyDir', 'pvc', 'configMap', 'secret'), name: volumeName });
export const mount = fc.record({
  volume,
  path: mix(fc.constantFrom('/data', '/models', '/cache'), fc.constantFrom('data', '/tmp', '/dev/shm', '/data/', '/', '')),
  readOnly: fc.option(fc.boolean(), { nil: undefined }),
  subPath: fc.option(mix(fc.constantFrom('a', 'run-1/ckpt'), fc.constantFrom('/a', '../a', 'a/../../b')), { nil: undefined }),
}, { requiredKeys: ['volume', 'path'] });

export const toleration = fc.record({
  key: fc.option(mix(fc.constantFrom('example.com/pool', 'dedicated'), fc.constantFrom('bad key', 'a/b/c')), { nil: undefined }),
  operator: fc.option(fc.constantFrom('Equal', 'Exists'), { nil: undefined }),
  value: fc.option(mix(fc.constantFrom('gpu', 'batch'), fc.constantFrom('a b', '')), { nil: undefined }),
  effect: fc.option(fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'), { nil: undefined }),
  seconds: fc.option(mix(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(1.5, 2 ** 40)), { nil: undefined }),
}, { requiredKeys: [] });

export const duration = fc.oneof(
  fc.record({ seconds: mix(fc.integer({ min: 1, max: 7 * 86400 }), fc.constantFrom(0, 0.5, 2 ** 31, 2 ** 31 - 1)) }),
  fc.record({ hours: mix(fc.constantFrom(1, 6, 24, 72), fc.constantFrom(0, 1e6)) }),
);

const id = mix(fc.constantFrom(1000, 65532, 1), fc.constantFrom(0, -1, 1.5, 2 ** 31 - 1, 2 ** 31));
const exitCodes = fc.array(mix(fc.integer({ min: 1, max: 255 }), fc.constantFrom(0, -1, 256, 1.5)), { maxLength: 4 });

export const initContainer = fc.record({
  name: mix(fc.constantFrom('fetch', 'prepare'), fc.constantFrom('main', 'Fetch', '')),
  image,
  cpu: fc.option(cpu, { nil: undefined }),
  memory: fc.option(size, { nil: undefined }),
  mounts: fc.option(fc.array(mount, { maxLength: 1 }), { nil: undefined }),
  extendedResources: fc.option(extendedResources, { nil: undefined }),
}, { requiredKeys: ['name', 'image'] });

/** The props every construct shares (`BatchJobOptions`). */
export const batchJobOptions = fc.tuple(image, props({
  name,
  namespace: mix(dnsLabel, fc.constantFrom('a.b', 'NS', 'x'.repeat(64))),
  labels,
  podLabels: labels,
  annotations,
  podAnnotations: annotations,
  recommendedLabels: fc.boolean(),
  appName: mix(dnsLabel, fc.constantFrom('a b', 'x'.repeat(64), '')),
  allowUnpinnedImage: fc.boolean(),
  imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent', 'Never', 'Sometimes'),
  containerName: mix(dnsLabel, fc.constantFrom('Main', 'x'.repeat(64), '')),
  command: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  args: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  workingDir: fc.constantFrom('/work', 'relative'),
  env,
  envFromSecret: fc.option(mix(dnsLabel, fc.constantFrom('Bad_Name')), { nil: undefined }),
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
  sharedMemory: fc.record({ mebibytes: mix(fc.integer({ min: 1, max: 512 }), fc.constantFrom(0, 0.5, 1024, 2048)) }),
  disableSharedMemory: fc.boolean(),
  initContainers: fc.array(initContainer, { maxLength: 2 }),
  serviceAccount: mix(dnsLabel, fc.constantFrom('Bad_SA')),
  automountServiceAccountToken: fc.boolean(),
  nodeSelector: labels,
  tolerations: fc.array(toleration, { maxLength: 2 }),
  priorityClassName: mix(dnsLabel, fc.constantFrom('High', '')),
  runtimeClassName: mix(dnsLabel, fc.constantFrom('Kata', '')),
  restartPolicy: mix(fc.constantFrom('Never', 'OnFailure'), fc.constantFrom('Always')),
  terminationGracePeriod: duration,
  podSecurity: fc.constantFrom('restricted', 'none'),
  runAsUser: id,
  runAsGroup: id,
  fsGroup: id,
  readOnlyRootFilesystem: fc.boolean(),
  tmpSizeLimit: size,
  backoffLimit: mix(fc.integer({ min: 0, max: 10 }), fc.constantFrom(-1, 2.5, 2 ** 31)),
  activeDeadline: duration,
  disableActiveDeadline: fc.boolean(),
  ttlAfterFinished: duration,
  disableTtl: fc.boolean(),
  failFastExitCodes: exitCodes,
  ignoreDisruptions: fc.boolean(),
  suspend: fc.boolean(),
})).map(([img, rest]) => ({ ...rest, image: img }));

/** `ShardingOptions`. */
const shardFields = {
  shards: mix(fc.integer({ min: 1, max: 200 }), fc.constantFrom(0, -1, 1.5, 100000, 100001, 1000000)),
  completions: mix(fc.integer({ min: 1, max: 200 }), fc.constantFrom(0, -1, 1.5)),
  parallelism: mix(fc.integer({ min: 1, max: 50 }), fc.constantFrom(0, -1, 100001, 1.5)),
  shardIndexEnv: mix(fc.constantFrom('SHARD', 'WORKER_INDEX'), fc.constantFrom('1X', '', 'JOB_COMPLETION_INDEX')),
  shardCountEnv: mix(fc.constantFrom('NUM_SHARDS'), fc.constantFrom('SHARD_INDEX', '-')),
  disableShardEnv: fc.boolean(),
  enableAlphaBackoffLimitPerIndex: fc.boolean(),
  backoffLimitPerShard: mix(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 1.5)),
  maxFailedShards: mix(fc.integer({ min: 0, max: 10 }), fc.constantFrom(-1, 100001)),
  failShardExitCodes: exitCodes,
};
const { shards, completions, parallelism, shardIndexEnv, shardCountEnv, disableShardEnv, ...alpha } = shardFields;

/** `ShardingOptions`: usually the props that belong to the mode, sometimes any mix. */
export const sharding = fc.oneof(
  fc.tuple(fc.constant('Indexed'), shards, props({ parallelism, shardIndexEnv, shardCountEnv, disableShardEnv, ...alpha }))
    .map(([mode, n, rest]) => ({ ...rest, mode, shards: n })),
  fc.tuple(fc.constant(undefined), shards, props({ parallelism })).map(([mode, n, rest]) => ({ ...rest, mode, shards: n })),
  fc.tuple(fc.constant('Completions'), completions, props({ parallelism })).map(([mode, n, rest]) => ({ ...rest, mode, completions: n })),
  fc.tuple(fc.constant('WorkQueue'), props({ parallelism })).map(([mode, rest]) => ({ ...rest, mode })),
  fc.tuple(fc.constantFrom('Indexed', 'Completions', 'WorkQueue', 'Sharded'), props(shardFields)).map(([mode, rest]) => ({ ...rest, mode })),
);

/** Which `Schedule` factory, with which arguments. */
export const schedule = fc.oneof(
  fc.record({ factory: fc.constantFrom('nightly', 'daily'), hour: fc.option(mix(fc.integer({ min: 0, max: 23 }), fc.constantFrom(24, -1, 1.5)), { nil: undefined }), minute: fc.option(mix(fc.integer({ min: 0, max: 59 }), fc.constantFrom(60, -1)), { nil: undefined }) }),
  fc.record({ factory: fc.constant('hourly'), minute: fc.option(mix(fc.integer({ min: 0, max: 59 }), fc.constantFrom(60, 0.5)), { nil: undefined }) }),
  fc.record({ factory: fc.constant('weekly'), day: fc.option(fc.constantFrom('SUN', 'MON', 'SAT', 'Sun', '7'), { nil: undefined }), hour: fc.option(fc.integer({ min: 0, max: 23 }), { nil: undefined }) }),
  fc.record({ factory: fc.constant('monthly'), day: fc.option(mix(fc.integer({ min: 1, max: 28 }), fc.constantFrom(29, 31, 0)), { nil: undefined }) }),
  fc.record({
    factory: fc.constant('expression'),
    expression: mix(fc.constantFrom('*/15 * * * *', '0 2 * * *', '0 0 1 */3 *', '30 4 * * MON-FRI', '@daily', '@hourly', '@every 2h', '0 22-23,0-2 * * *'),
      fc.constantFrom('* * * * *', '0 0 31 2 *', '@every 30s', 'CRON_TZ=UTC 0 2 * * *', '0 2 * * * *', '61 * * * *', '0 0 * * 7', '', '@reboot', ' @daily', '0 */0 * * *')),
  }),
);

/** The props a `NightlyCronJob` adds. */
export const nightly = props({
  schedule,
  timeZone: mix(fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Etc/UTC', 'US/Eastern'), fc.constantFrom('Local', 'europe/berlin', '', 'Mars/Base', 'UTC+1')),
  concurrencyPolicy: fc.constantFrom('Forbid', 'Allow', 'Replace', 'Skip'),
  startingDeadline: duration,
  successfulJobsHistoryLimit: mix(fc.integer({ min: 0, max: 10 }), fc.constantFrom(-1, 1.5)),
  failedJobsHistoryLimit: mix(fc.integer({ min: 0, max: 10 }), fc.constantFrom(-1)),
  suspendSchedule: fc.boolean(),
  jobLabels: labels,
  jobAnnotations: annotations,
  sharding,
});

export type BatchRecipe = typeof batchJobOptions extends fc.Arbitrary<infer T> ? T : never;
export type ShardingRecipe = typeof sharding extends fc.Arbitrary<infer T> ? T : never;
export type NightlyRecipe = typeof nightly extends fc.Arbitrary<infer T> ? T : never;
export type GpuRecipe = typeof gpu extends fc.Arbitrary<infer T> ? T : never;
