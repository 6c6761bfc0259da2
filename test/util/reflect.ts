/**
 * "Nothing silently dropped": for a case a construct accepted, every prop it was given must show
 * in what it synthesized. `reflected(kind, props, manifests)` lists the props that do not (one
 * problem per line, each starting with `not reflected: <prop>` or `unknown prop`).
 *
 * `REFLECTED` says, for every prop of every props struct, how it is checked; the coverage test
 * (test/property-coverage.test.ts) fails when a prop has no entry.
 */
import * as kplus from 'cdk8s-plus-28';
import { PROPS_STRUCT, structProps } from './arbitraries';
import { restrictedViolations } from './pss';
import { Defaults, Gpu, Schedule } from '../../src';
import { isPinnedImage, quantityValue } from '../../src/_validate';

const k8s = kplus.k8s;

/** How each prop is checked: `output` (compared with the manifest), or why it cannot be. */
export const REFLECTED: { readonly [struct: string]: { readonly [prop: string]: string } } = {
  'cdk8s-batch.BatchJobOptions': {
    image: 'output',
    activeDeadline: 'output',
    allowUnpinnedImage: 'behaviour only: allows an unpinned image (and defaults its pull policy to Always, checked)',
    annotations: 'output',
    appName: 'output',
    args: 'output',
    automountServiceAccountToken: 'output',
    backoffLimit: 'output',
    command: 'output',
    containerName: 'output',
    cpu: 'output',
    cpuLimit: 'output',
    disableActiveDeadline: 'output',
    disableMemoryLimit: 'output',
    disableSharedMemory: 'output',
    disableTtl: 'output',
    env: 'output',
    envFrom: 'output',
    ephemeralStorage: 'output',
    ephemeralStorageLimit: 'output',
    extendedResources: 'output',
    failFastExitCodes: 'output',
    fsGroup: 'output',
    gpu: 'output',
    ignoreDisruptions: 'output',
    imagePullPolicy: 'output',
    imagePullSecrets: 'output',
    initContainers: 'output',
    labels: 'output',
    memory: 'output',
    memoryLimit: 'output',
    name: 'output',
    namespace: 'output',
    nodeSelector: 'output',
    podAnnotations: 'output',
    podLabels: 'output',
    podSecurity: 'output',
    priorityClassName: 'output',
    queue: 'output',
    readOnlyRootFilesystem: 'output',
    recommendedLabels: 'output',
    rerunStrategy: 'output',
    restartPolicy: 'output',
    runAsGroup: 'output',
    runAsUser: 'output',
    runtimeClassName: 'output',
    serviceAccount: 'output',
    sharedMemory: 'output',
    suspend: 'output',
    terminationGracePeriod: 'output',
    tmpSizeLimit: 'output',
    tolerations: 'output',
    ttlAfterFinished: 'output',
    volumeMounts: 'output',
    volumes: 'output',
    workingDir: 'output',
    workloadPriorityClass: 'output',
    featureGates: 'output: the defaults their gates turn on (a GPU job\'s podReplacementPolicy)',
    kubernetesVersion: 'output: the defaults that change with the version (a GPU job\'s podReplacementPolicy)',
    managedBy: 'output',
    podReplacementPolicy: 'output',
    podResources: 'output',
    sidecars: 'output',
  },
  'cdk8s-batch.ShardingOptions': {
    backoffLimitPerShard: 'output',
    completions: 'output',
    disableBackoffLimitPerShard: 'output',
    disableShardEnv: 'output',
    enableAlphaBackoffLimitPerIndex: 'behaviour only: an opt-in for the alpha fields (checked through them)',
    failShardExitCodes: 'output',
    minParallelism: 'output',
    maxFailedShards: 'output',
    mode: 'output',
    parallelism: 'output',
    shardCountEnv: 'output',
    shardIndexEnv: 'output',
    shards: 'output',
    successPolicy: 'output',
  },
  'cdk8s-batch.NightlyCronJobProps': {
    concurrencyPolicy: 'output',
    failedJobsHistoryLimit: 'output',
    jobAnnotations: 'output',
    jobLabels: 'output',
    schedule: 'output',
    sharding: 'output',
    startingDeadline: 'output',
    successfulJobsHistoryLimit: 'output',
    suspendSchedule: 'output',
    timeZone: 'output',
  },
  'cdk8s-batch.InitContainer': {
    image: 'output',
    name: 'output',
    args: 'output',
    command: 'output',
    cpu: 'output',
    env: 'output',
    extendedResources: 'output',
    memory: 'output',
    volumeMounts: 'output',
  },
  'cdk8s-batch.SidecarContainer': {},
  'cdk8s-batch.SuccessPolicyRule': { succeededCount: 'output', succeededIndexes: 'output' },
  'cdk8s-batch.PodResources': { cpu: 'output', cpuLimit: 'output', memory: 'output', memoryLimit: 'output' },
  'cdk8s-batch.VolumeMount': { path: 'output', volume: 'output', readOnly: 'output', subPath: 'output' },
  'cdk8s-batch.Toleration': { effect: 'output', key: 'output', operator: 'output', tolerationSeconds: 'output', value: 'output' },
  'cdk8s-batch.GpuOptions': { product: 'output', productLabelKey: 'output', runtimeClassName: 'output', tolerateTaint: 'output' },
  'cdk8s-batch.CustomGpuOptions': { taintKey: 'output' },
  'cdk8s-batch.PlacementOptions': { nodeAffinity: 'output', podAntiAffinity: 'output', ports: 'output', preferredNodeAffinity: 'output', topologySpread: 'output' },
  'cdk8s-batch.PreferredNodeAffinity': { labels: 'output', weight: 'output' },
  'cdk8s-batch.PodAntiAffinity': { podLabels: 'output', topology: 'output', weight: 'output' },
  'cdk8s-batch.TopologySpread': { topology: 'output', maxSkew: 'output', minDomains: 'output', podLabels: 'output', scheduleAnyway: 'output' },
  'cdk8s-batch.ContainerPort': { number: 'output', name: 'output', protocol: 'output' },
  'cdk8s-batch.DistributedTrainingJobProps': { nodes: 'output', elastic: 'output', nprocPerNode: 'output', port: 'output', successPolicy: 'output' },
  'cdk8s-batch.ElasticRendezvous': { maxRestarts: 'output', minNodes: 'output' },
  'cdk8s-batch.HyperparameterSweepProps': {
    enableAlphaBackoffLimitPerIndex: 'output',
    grid: 'output',
    layout: 'output',
    maxConcurrentTrials: 'output',
    paramEnvPrefix: 'output',
    trials: 'output',
    disableBackoffLimitPerTrial: 'output',
    successPolicy: 'output',
  },
};

/** A JSON value with keys sorted and undefined left out, for comparisons. */
function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.keys(x).sort().filter(k => x[k] !== undefined).map(k => [k, x[k]])) : x));
}
const same = (a: unknown, b: unknown) => canon(a) === canon(b);
const show = (v: unknown) => (v === undefined ? 'absent' : canon(v));

/** Two quantities are equal (the same text, or the same amount). */
function sameQuantity(given: string | undefined, written: unknown): boolean {
  if (given === undefined) return written === undefined;
  if (typeof written !== 'string' && typeof written !== 'number') return false;
  return given === String(written) || quantityValue(given) === quantityValue(String(written));
}

const isClass = (v: unknown, cls: Function): boolean => v instanceof cls;

interface Ctx {
  readonly kind: string;
  readonly props: any;
  readonly top: any;
  readonly jobSpec: any;
  readonly template: any;
  readonly podSpec: any;
  readonly main: any;
  readonly problems: string[];
  /** Every manifest of the case (a sweep writes a Job per trial). */
  readonly manifests: any[];
  /** The app's target version (the `cdk8s-batch:kubernetesVersion` context), if set. */
  readonly contextVersion?: string;
}

function problem(ctx: Ctx, prop: string, given: unknown, where: string, found: unknown): void {
  ctx.problems.push(`not reflected: ${prop} — given ${given}, but ${where} is ${show(found)}`);
}

function expectEq(ctx: Ctx, prop: string, given: unknown, where: string, found: unknown): void {
  if (!same(given, found)) problem(ctx, prop, canon(given), where, found);
}

function envOf(container: any): any[] {
  return Array.isArray(container?.env) ? container.env : [];
}

function checkEnv(ctx: Ctx, prop: string, env: any, container: any, where: string): void {
  if (typeof env !== 'object' || env === null) return;
  for (const [name, ev] of Object.entries<any>(env)) {
    const written = envOf(container).find(e => e?.name === name);
    if (!written) {
      problem(ctx, `${prop}.${name}`, 'an env var', `${where}.env[name=${name}]`, undefined);
      continue;
    }
    if (!isClass(ev, kplus.EnvValue)) continue;
    if (ev.value !== undefined) expectEq(ctx, `${prop}.${name}`, ev.value, `${where}.env[${name}].value`, written.value);
    if (ev.valueFrom !== undefined) expectEq(ctx, `${prop}.${name}`, k8s.toJson_EnvVarSource(ev.valueFrom), `${where}.env[${name}].valueFrom`, written.valueFrom);
  }
}

function checkMounts(ctx: Ctx, prop: string, mounts: any, container: any, where: string): void {
  if (!Array.isArray(mounts)) return;
  mounts.forEach((m, i) => {
    if (!m || !isClass(m.volume, kplus.Volume)) return;
    const p = `${prop}[${i}]`;
    const written = (container?.volumeMounts ?? []).find((w: any) => w?.name === m.volume.name && w?.mountPath === m.path);
    if (!written) {
      problem(ctx, p, `${m.volume.name} at ${m.path}`, `${where}.volumeMounts`, container?.volumeMounts);
      return;
    }
    if (m.readOnly === true && written.readOnly !== true) problem(ctx, `${p}.readOnly`, 'true', `${where}.volumeMounts[${m.path}].readOnly`, written.readOnly);
    if (m.readOnly === false && written.readOnly === true) problem(ctx, `${p}.readOnly`, 'false', `${where}.volumeMounts[${m.path}].readOnly`, written.readOnly);
    if (m.subPath !== undefined) expectEq(ctx, `${p}.subPath`, m.subPath, `${where}.volumeMounts[${m.path}].subPath`, written.subPath);
    checkVolume(ctx, `${p}.volume`, m.volume);
  });
}

function checkVolume(ctx: Ctx, prop: string, v: kplus.Volume): void {
  const written = (ctx.podSpec?.volumes ?? []).find((w: any) => w?.name === v.name);
  expectEq(ctx, prop, k8s.toJson_Volume(v._toKube()), `spec.volumes[name=${v.name}]`, written);
}

function checkResources(ctx: Ctx, prefix: string, r: any, container: any, where: string): void {
  const req = container?.resources?.requests ?? {};
  const lim = container?.resources?.limits ?? {};
  const q = (prop: string, given: any, map: any, key: string, side: string) => {
    if (given === undefined) return;
    const text = isClass(given, kplus.Cpu) ? given.amount : typeof given?.asString === 'function' ? given.asString() : undefined;
    if (text === undefined) return;
    if (!sameQuantity(text, map[key])) problem(ctx, `${prefix}${prop}`, text, `${where}.resources.${side}.${key}`, map[key]);
  };
  q('cpu', r.cpu, req, 'cpu', 'requests');
  q('cpuLimit', r.cpuLimit, lim, 'cpu', 'limits');
  q('memory', r.memory, req, 'memory', 'requests');
  q('memoryLimit', r.memoryLimit, lim, 'memory', 'limits');
  q('ephemeralStorage', r.ephemeralStorage, req, 'ephemeral-storage', 'requests');
  q('ephemeralStorageLimit', r.ephemeralStorageLimit, lim, 'ephemeral-storage', 'limits');
  if (r.disableMemoryLimit === true && lim.memory !== undefined) problem(ctx, `${prefix}disableMemoryLimit`, 'true', `${where}.resources.limits.memory`, lim.memory);
  if (r.extendedResources && typeof r.extendedResources === 'object') {
    for (const [name, n] of Object.entries<any>(r.extendedResources)) {
      if (!sameQuantity(String(n), req[name]) || !sameQuantity(String(n), lim[name])) {
        problem(ctx, `${prefix}extendedResources.${name}`, String(n), `${where}.resources requests/limits[${name}]`, [req[name], lim[name]]);
      }
    }
  }
}

function rules(ctx: Ctx): any[] {
  return Array.isArray(ctx.jobSpec?.podFailurePolicy?.rules) ? ctx.jobSpec.podFailurePolicy.rules : [];
}

function checkExitCodes(ctx: Ctx, prop: string, codes: any, action: string): void {
  if (!Array.isArray(codes) || codes.length === 0) return;
  const rule = rules(ctx).find(r => r?.action === action && r?.onExitCodes?.operator === 'In');
  const values: unknown[] = rule?.onExitCodes?.values ?? [];
  if (!codes.every(c => values.includes(c))) problem(ctx, prop, canon(codes), `the ${action} rule's exit codes`, rule?.onExitCodes?.values);
}

function checkSharding(ctx: Ctx, prefix: string, s: any): void {
  if (typeof s !== 'object' || s === null) return;
  const mode = s.mode ?? Defaults.SHARD_MODE;
  const j = ctx.jobSpec ?? {};
  if (s.mode !== undefined) expectEq(ctx, `${prefix}mode`, mode === 'Indexed' ? 'Indexed' : 'NonIndexed', 'spec.completionMode', j.completionMode);
  if (s.shards !== undefined) expectEq(ctx, `${prefix}shards`, s.shards, 'spec.completions', j.completions);
  if (s.completions !== undefined) expectEq(ctx, `${prefix}completions`, s.completions, 'spec.completions', j.completions);
  if (s.parallelism !== undefined) expectEq(ctx, `${prefix}parallelism`, s.parallelism, 'spec.parallelism', j.parallelism);
  if (s.minParallelism !== undefined) {
    expectEq(ctx, `${prefix}minParallelism`, String(s.minParallelism), 'the Job\'s kueue.x-k8s.io/job-min-parallelism annotation',
      jobMeta(ctx).annotations?.['kueue.x-k8s.io/job-min-parallelism']);
  }
  const env = envOf(ctx.main);
  if (mode === 'Indexed' && !s.disableShardEnv) {
    const indexEnv = s.shardIndexEnv ?? Defaults.SHARD_INDEX_ENV;
    const countEnv = s.shardCountEnv ?? Defaults.SHARD_COUNT_ENV;
    if (!env.some(e => e?.name === indexEnv)) problem(ctx, `${prefix}shardIndexEnv`, indexEnv, 'the main container env', env.map(e => e?.name));
    const count = env.find(e => e?.name === countEnv);
    if (!count || count.value !== String(s.shards)) problem(ctx, `${prefix}shardCountEnv`, `${countEnv}=${s.shards}`, `env ${countEnv}`, count);
  }
  if (s.disableShardEnv === true) {
    const userEnv = Object.keys(ctx.props.env ?? {});
    for (const n of [Defaults.SHARD_INDEX_ENV, Defaults.SHARD_COUNT_ENV]) {
      if (!userEnv.includes(n) && env.some(e => e?.name === n)) problem(ctx, `${prefix}disableShardEnv`, 'true', `env ${n}`, env.find(e => e?.name === n));
    }
  }
  if (s.backoffLimitPerShard !== undefined) expectEq(ctx, `${prefix}backoffLimitPerShard`, s.backoffLimitPerShard, 'spec.backoffLimitPerIndex', j.backoffLimitPerIndex);
  if (s.disableBackoffLimitPerShard === true) expectEq(ctx, `${prefix}disableBackoffLimitPerShard`, undefined, 'spec.backoffLimitPerIndex', j.backoffLimitPerIndex);
  checkSuccessPolicy(ctx, `${prefix}successPolicy`, s.successPolicy);
  if (s.maxFailedShards !== undefined) expectEq(ctx, `${prefix}maxFailedShards`, s.maxFailedShards, 'spec.maxFailedIndexes', j.maxFailedIndexes);
  checkExitCodes(ctx, `${prefix}failShardExitCodes`, s.failShardExitCodes, 'FailIndex');
}

/**
 * Init containers, or sidecars: each is an init container of the same name (a sidecar with
 * `restartPolicy: Always`, before every ordinary init container) with the fields given.
 */
function checkInitContainers(ctx: Ctx, prop: 'initContainers' | 'sidecars', v: any): void {
  if (!Array.isArray(v)) return;
  const written: any[] = pod(ctx).initContainers ?? [];
  const firstOrdinary = written.findIndex(c => c?.restartPolicy !== 'Always');
  v.forEach((ic, i) => {
    if (typeof ic !== 'object' || ic === null) return;
    const p = `${prop}[${i}]`;
    const at = written.findIndex((c: any) => c?.name === ic.name);
    const w = written[at];
    if (!w) {
      problem(ctx, p, JSON.stringify(ic.name), `spec.initContainers[name=${ic.name}]`, undefined);
      return;
    }
    if (prop === 'sidecars') {
      expectEq(ctx, `${p}`, 'Always', `initContainers[${ic.name}].restartPolicy`, w.restartPolicy);
      if (firstOrdinary >= 0 && at > firstOrdinary) problem(ctx, p, 'before the ordinary init containers', 'its position in spec.initContainers', at);
    } else if (w.restartPolicy !== undefined) {
      problem(ctx, p, 'an init container that runs to completion', `initContainers[${ic.name}].restartPolicy`, w.restartPolicy);
    }
    expectEq(ctx, `${p}.image`, ic.image, `initContainers[${ic.name}].image`, w.image);
    for (const f of ['command', 'args'] as const) {
      if (ic[f] !== undefined && !(Array.isArray(ic[f]) && ic[f].length === 0 && (w[f] === undefined || same(w[f], [])))) {
        expectEq(ctx, `${p}.${f}`, ic[f], `initContainers[${ic.name}].${f}`, w[f]);
      }
    }
    checkEnv(ctx, `${p}.env`, ic.env, w, `initContainers[${ic.name}]`);
    checkResources(ctx, `${p}.`, { cpu: ic.cpu, memory: ic.memory, extendedResources: ic.extendedResources }, w, `initContainers[${ic.name}]`);
    checkMounts(ctx, `${p}.volumeMounts`, ic.volumeMounts, w, `initContainers[${ic.name}]`);
  });
}

/** The minor version of the case's target: its `kubernetesVersion`, else the app's, else 28. */
function minorOf(ctx: Ctx): number {
  return Number(String(ctx.props.kubernetesVersion ?? ctx.contextVersion ?? '1.28').split('.')[1]);
}

/**
 * The version-dependent default of a GPU job and a DistributedTrainingJob: `podReplacementPolicy:
 * Failed` from 1.29, or on 1.28 with the JobPodReplacementPolicy gate (docs/kubernetes-versions.md).
 */
function checkReplacementDefault(prop: string): Check {
  return ctx => {
    if (ctx.props.podReplacementPolicy !== undefined) return;
    const wants = ctx.props.gpu !== undefined || ctx.kind === 'DistributedTrainingJob';
    const minor = minorOf(ctx);
    const on = minor >= 29 || (Array.isArray(ctx.props.featureGates) && ctx.props.featureGates.includes('JobPodReplacementPolicy'));
    expectEq(ctx, prop, wants && on ? 'Failed' : undefined, `spec.podReplacementPolicy (${wants ? 'a GPU or distributed job' : 'no GPU'}, target 1.${minor})`,
      ctx.jobSpec?.podReplacementPolicy);
  };
}

/** A success policy: the rules as given, none for `[]`. */
function checkSuccessPolicy(ctx: Ctx, prop: string, v: any): void {
  if (!Array.isArray(v)) return;
  const want = v.length ? { rules: v.map((r: any) => ({ succeededIndexes: r?.succeededIndexes, succeededCount: r?.succeededCount })) } : undefined;
  expectEq(ctx, prop, want, 'spec.successPolicy', ctx.jobSpec?.successPolicy);
}

type Check = (ctx: Ctx, v: any) => void;
const meta = (ctx: Ctx) => ctx.top?.metadata ?? {};
/** The metadata of the Job: the object's, or a CronJob's job template's. */
const jobMeta = (ctx: Ctx) => (ctx.kind === 'NightlyCronJob' ? ctx.top?.spec?.jobTemplate?.metadata ?? {} : meta(ctx));
const podMeta = (ctx: Ctx) => ctx.template?.metadata ?? {};
const pod = (ctx: Ctx) => ctx.podSpec ?? {};
const sec = (ctx: Ctx) => ctx.podSpec?.securityContext ?? {};
const field = (path: string, read: (ctx: Ctx) => any, key: string, conv: (v: any) => unknown = v => v): Check =>
  (ctx, v) => expectEq(ctx, path.split(' ')[0], conv(v), path.split(' ')[1] ?? key, read(ctx)?.[key]);
const seconds = (v: any) => (typeof v?.toSeconds === 'function' ? v.toSeconds() : v);
const mapIn = (prop: string, read: (ctx: Ctx) => any, where: string, expected?: (ctx: Ctx, k: string, v: string) => string): Check => (ctx, m) => {
  if (typeof m !== 'object' || m === null) return;
  for (const [k, v] of Object.entries<any>(m)) {
    const want = expected ? expected(ctx, k, v) : v;
    const got = read(ctx)?.[k];
    if (got !== want) problem(ctx, `${prop}.${k}`, JSON.stringify(want), `${where}[${k}]`, got);
  }
};

/** The checks of the top-level props. */
const CHECKS: { [prop: string]: Check } = {
  // ---- metadata
  name: (ctx, v) => {
    // RerunStrategy.contentHash() appends '-' and 8 hex digits to the name.
    if (ctx.props.rerunStrategy?.mode === 'ContentHash') {
      if (!new RegExp(`^${v.replace(/\./g, '\\.')}-[0-9a-f]{8}$`).test(meta(ctx).name)) problem(ctx, 'name', `${JSON.stringify(v)} and a hash`, 'metadata.name', meta(ctx).name);
      return;
    }
    field('name metadata.name', meta, 'name')(ctx, v);
  },
  queue: (ctx, v) => expectEq(ctx, 'queue', v, 'the Job\'s kueue.x-k8s.io/queue-name label', jobMeta(ctx).labels?.['kueue.x-k8s.io/queue-name']),
  workloadPriorityClass: (ctx, v) => expectEq(ctx, 'workloadPriorityClass', v, 'the Job\'s kueue.x-k8s.io/priority-class label',
    jobMeta(ctx).labels?.['kueue.x-k8s.io/priority-class']),
  rerunStrategy: (ctx, v) => {
    for (const [k, value] of Object.entries<string>(v?.annotations ?? {})) {
      if (meta(ctx).annotations?.[k] !== value) problem(ctx, `rerunStrategy (annotation ${k})`, JSON.stringify(value), `metadata.annotations[${k}]`, meta(ctx).annotations?.[k]);
    }
  },
  namespace: field('namespace metadata.namespace', meta, 'namespace'),
  labels: (ctx, m) => {
    mapIn('labels', meta_ => meta(meta_).labels, 'metadata.labels')(ctx, m);
    mapIn('labels', c => podMeta(c).labels, 'pod template labels', (c, k, v) => c.props.podLabels?.[k] ?? v)(ctx, m);
    if (ctx.kind === 'NightlyCronJob') {
      mapIn('labels', c => c.top?.spec?.jobTemplate?.metadata?.labels, 'jobTemplate labels', (c, k, v) => c.props.jobLabels?.[k] ?? v)(ctx, m);
    }
  },
  podLabels: mapIn('podLabels', c => podMeta(c).labels, 'pod template labels'),
  annotations: mapIn('annotations', c => meta(c).annotations, 'metadata.annotations'),
  podAnnotations: mapIn('podAnnotations', c => podMeta(c).annotations, 'pod template annotations'),
  recommendedLabels: (ctx, v) => {
    const has = meta(ctx).labels?.['app.kubernetes.io/managed-by'] !== undefined;
    const user = ctx.props.labels?.['app.kubernetes.io/managed-by'] !== undefined;
    if (v === true && !has) problem(ctx, 'recommendedLabels', 'true', 'metadata.labels[app.kubernetes.io/managed-by]', undefined);
    if (v === false && has && !user) problem(ctx, 'recommendedLabels', 'false', 'metadata.labels[app.kubernetes.io/managed-by]', meta(ctx).labels?.['app.kubernetes.io/managed-by']);
  },
  appName: (ctx, v) => expectEq(ctx, 'appName', ctx.props.labels?.['app.kubernetes.io/name'] ?? v, 'metadata.labels[app.kubernetes.io/name]',
    meta(ctx).labels?.['app.kubernetes.io/name']),
  // ---- main container
  image: (ctx, v) => expectEq(ctx, 'image', v, 'containers[main].image', ctx.main?.image),
  allowUnpinnedImage: (ctx, v) => {
    if (v === true && ctx.props.imagePullPolicy === undefined && typeof ctx.props.image === 'string' && !isPinnedImage(ctx.props.image)) {
      expectEq(ctx, 'allowUnpinnedImage', Defaults.UNPINNED_IMAGE_PULL_POLICY, 'containers[main].imagePullPolicy', ctx.main?.imagePullPolicy);
    }
  },
  imagePullPolicy: (ctx, v) => expectEq(ctx, 'imagePullPolicy', v, 'containers[main].imagePullPolicy', ctx.main?.imagePullPolicy),
  imagePullSecrets: (ctx, v) => {
    if (!Array.isArray(v) || v.length === 0) return;
    expectEq(ctx, 'imagePullSecrets', v.map(s => ({ name: s?.name })), 'spec.imagePullSecrets', pod(ctx).imagePullSecrets);
  },
  containerName: (ctx, v) => {
    if (!ctx.main) problem(ctx, 'containerName', JSON.stringify(v), `containers[name=${v}]`, pod(ctx).containers?.map((c: any) => c?.name));
  },
  command: (ctx, v) => {
    if (Array.isArray(v) && v.length === 0 && (ctx.main?.command === undefined || same(ctx.main.command, []))) return;
    expectEq(ctx, 'command', v, 'containers[main].command', ctx.main?.command);
  },
  args: (ctx, v) => {
    if (Array.isArray(v) && v.length === 0 && (ctx.main?.args === undefined || same(ctx.main.args, []))) return;
    expectEq(ctx, 'args', v, 'containers[main].args', ctx.main?.args);
  },
  workingDir: (ctx, v) => expectEq(ctx, 'workingDir', v, 'containers[main].workingDir', ctx.main?.workingDir),
  env: (ctx, v) => checkEnv(ctx, 'env', v, ctx.main, 'containers[main]'),
  envFrom: (ctx, v) => {
    if (!Array.isArray(v)) return;
    v.forEach((e, i) => {
      if (!isClass(e, kplus.EnvFrom)) return;
      const want = k8s.toJson_EnvFromSource(e._toKube());
      if (!(ctx.main?.envFrom ?? []).some((w: any) => same(w, want))) problem(ctx, `envFrom[${i}]`, canon(want), 'containers[main].envFrom', ctx.main?.envFrom);
    });
  },
  cpu: (ctx, v) => checkResources(ctx, '', { cpu: v }, ctx.main, 'containers[main]'),
  cpuLimit: (ctx, v) => checkResources(ctx, '', { cpuLimit: v }, ctx.main, 'containers[main]'),
  memory: (ctx, v) => checkResources(ctx, '', { memory: v }, ctx.main, 'containers[main]'),
  memoryLimit: (ctx, v) => checkResources(ctx, '', { memoryLimit: v }, ctx.main, 'containers[main]'),
  disableMemoryLimit: (ctx, v) => checkResources(ctx, '', { disableMemoryLimit: v }, ctx.main, 'containers[main]'),
  ephemeralStorage: (ctx, v) => checkResources(ctx, '', { ephemeralStorage: v }, ctx.main, 'containers[main]'),
  ephemeralStorageLimit: (ctx, v) => checkResources(ctx, '', { ephemeralStorageLimit: v }, ctx.main, 'containers[main]'),
  extendedResources: (ctx, v) => checkResources(ctx, '', { extendedResources: v }, ctx.main, 'containers[main]'),
  gpu: (ctx, g) => {
    if (!isClass(g, Gpu)) return;
    checkResources(ctx, 'gpu ', { extendedResources: { [g.resourceName]: g.count } }, ctx.main, 'containers[main]');
    const o = g.options ?? {};
    if (o.product !== undefined && g.productLabelKey) expectEq(ctx, 'gpu.product', o.product, `spec.nodeSelector[${g.productLabelKey}]`, pod(ctx).nodeSelector?.[g.productLabelKey]);
    if (o.runtimeClassName !== undefined) expectEq(ctx, 'gpu.runtimeClassName', o.runtimeClassName, 'spec.runtimeClassName', pod(ctx).runtimeClassName);
    const tolerate = o.tolerateTaint ?? Defaults.GPU_TOLERATE_TAINT;
    const tol = (pod(ctx).tolerations ?? []).find((t: any) => t?.key === g.taintKey);
    if (tolerate && !tol) problem(ctx, 'gpu.tolerateTaint', 'true', `spec.tolerations[key=${g.taintKey}]`, undefined);
    const userTol = (ctx.props.tolerations ?? []).some((t: any) => t?.key === g.taintKey);
    if (!tolerate && tol && !userTol) problem(ctx, 'gpu.tolerateTaint', 'false', `spec.tolerations[key=${g.taintKey}]`, tol);
  },
  volumeMounts: (ctx, v) => checkMounts(ctx, 'volumeMounts', v, ctx.main, 'containers[main]'),
  volumes: (ctx, v) => {
    if (!Array.isArray(v)) return;
    v.forEach((vol, i) => isClass(vol, kplus.Volume) && checkVolume(ctx, `volumes[${i}]`, vol));
  },
  sharedMemory: (ctx, v) => {
    const vol = (pod(ctx).volumes ?? []).find((w: any) => w?.name === Defaults.SHM_VOLUME_NAME);
    const text = typeof v?.asString === 'function' ? v.asString() : undefined;
    if (!vol || vol.emptyDir?.medium !== 'Memory' || !sameQuantity(text, vol.emptyDir?.sizeLimit)) {
      problem(ctx, 'sharedMemory', String(text), `spec.volumes[${Defaults.SHM_VOLUME_NAME}].emptyDir`, vol?.emptyDir);
    }
  },
  disableSharedMemory: (ctx, v) => {
    const vol = (pod(ctx).volumes ?? []).find((w: any) => w?.name === Defaults.SHM_VOLUME_NAME);
    if (v === true && vol) problem(ctx, 'disableSharedMemory', 'true', `spec.volumes[${Defaults.SHM_VOLUME_NAME}]`, vol);
  },
  initContainers: (ctx, v) => checkInitContainers(ctx, 'initContainers', v),
  sidecars: (ctx, v) => checkInitContainers(ctx, 'sidecars', v),
  // ---- pod
  serviceAccount: (ctx, sa) => {
    expectEq(ctx, 'serviceAccount', sa?.name, 'spec.serviceAccountName', pod(ctx).serviceAccountName);
    const ns = sa?._namespaceName;
    if (typeof ns === 'string' && ns !== 'default' && ctx.props.namespace !== undefined && ns !== ctx.props.namespace) {
      problem(ctx, 'serviceAccount', `a service account of namespace ${ns} (namespaceName)`, 'the Job namespace, where the pod looks it up,', ctx.props.namespace);
    }
  },
  automountServiceAccountToken: field('automountServiceAccountToken spec.automountServiceAccountToken', pod, 'automountServiceAccountToken'),
  nodeSelector: mapIn('nodeSelector', c => pod(c).nodeSelector, 'spec.nodeSelector'),
  tolerations: (ctx, v) => {
    if (!Array.isArray(v)) return;
    v.forEach((t, i) => {
      if (typeof t !== 'object' || t === null) return;
      const want = { key: t.key, operator: t.operator ?? 'Equal', value: t.value, effect: t.effect, tolerationSeconds: seconds(t.tolerationSeconds) };
      if (!(pod(ctx).tolerations ?? []).some((w: any) => same(w, want))) problem(ctx, `tolerations[${i}]`, canon(want), 'spec.tolerations', pod(ctx).tolerations);
    });
  },
  priorityClassName: field('priorityClassName spec.priorityClassName', pod, 'priorityClassName'),
  runtimeClassName: field('runtimeClassName spec.runtimeClassName', pod, 'runtimeClassName'),
  restartPolicy: field('restartPolicy spec.restartPolicy', pod, 'restartPolicy'),
  terminationGracePeriod: field('terminationGracePeriod spec.terminationGracePeriodSeconds', pod, 'terminationGracePeriodSeconds', seconds),
  podSecurity: (ctx, v) => {
    const has = pod(ctx).securityContext !== undefined || ctx.main?.securityContext !== undefined;
    if (v === 'none' && has) problem(ctx, 'podSecurity', '"none"', 'the security contexts', [pod(ctx).securityContext, ctx.main?.securityContext]);
  },
  runAsUser: field('runAsUser spec.securityContext.runAsUser', sec, 'runAsUser'),
  runAsGroup: field('runAsGroup spec.securityContext.runAsGroup', sec, 'runAsGroup'),
  fsGroup: field('fsGroup spec.securityContext.fsGroup', sec, 'fsGroup'),
  readOnlyRootFilesystem: (ctx, v) => expectEq(ctx, 'readOnlyRootFilesystem', v, 'containers[main].securityContext.readOnlyRootFilesystem',
    ctx.main?.securityContext?.readOnlyRootFilesystem),
  tmpSizeLimit: (ctx, v) => {
    const vol = (pod(ctx).volumes ?? []).find((w: any) => w?.name === Defaults.TMP_VOLUME_NAME);
    const text = typeof v?.asString === 'function' ? v.asString() : undefined;
    if (!vol || !sameQuantity(text, vol.emptyDir?.sizeLimit)) problem(ctx, 'tmpSizeLimit', String(text), `spec.volumes[${Defaults.TMP_VOLUME_NAME}].emptyDir`, vol?.emptyDir);
  },
  // ---- job
  backoffLimit: (ctx, v) => expectEq(ctx, 'backoffLimit', v, 'spec.backoffLimit', ctx.jobSpec?.backoffLimit),
  activeDeadline: (ctx, v) => expectEq(ctx, 'activeDeadline', seconds(v), 'spec.activeDeadlineSeconds', ctx.jobSpec?.activeDeadlineSeconds),
  disableActiveDeadline: (ctx, v) => {
    if (v === true && ctx.jobSpec?.activeDeadlineSeconds !== undefined) problem(ctx, 'disableActiveDeadline', 'true', 'spec.activeDeadlineSeconds', ctx.jobSpec.activeDeadlineSeconds);
  },
  ttlAfterFinished: (ctx, v) => expectEq(ctx, 'ttlAfterFinished', seconds(v), 'spec.ttlSecondsAfterFinished', ctx.jobSpec?.ttlSecondsAfterFinished),
  disableTtl: (ctx, v) => {
    if (v === true && ctx.jobSpec?.ttlSecondsAfterFinished !== undefined) problem(ctx, 'disableTtl', 'true', 'spec.ttlSecondsAfterFinished', ctx.jobSpec.ttlSecondsAfterFinished);
  },
  failFastExitCodes: (ctx, v) => checkExitCodes(ctx, 'failFastExitCodes', v, 'FailJob'),
  ignoreDisruptions: (ctx, v) => {
    const rule = rules(ctx).find(r => r?.action === 'Ignore' && (r?.onPodConditions ?? []).some((c: any) => c?.type === 'DisruptionTarget'));
    if (v === true && !rule) problem(ctx, 'ignoreDisruptions', 'true', 'the Ignore rule for DisruptionTarget', undefined);
    if (v === false && rule) problem(ctx, 'ignoreDisruptions', 'false', 'the Ignore rule for DisruptionTarget', rule);
  },
  suspend: (ctx, v) => expectEq(ctx, 'suspend', v, 'spec.suspend', ctx.jobSpec?.suspend),
  podReplacementPolicy: (ctx, v) => expectEq(ctx, 'podReplacementPolicy', v, 'spec.podReplacementPolicy', ctx.jobSpec?.podReplacementPolicy),
  managedBy: (ctx, v) => expectEq(ctx, 'managedBy', v, 'spec.managedBy', ctx.jobSpec?.managedBy),
  podResources: (ctx, r) => {
    if (typeof r !== 'object' || r === null) return;
    const res = pod(ctx).resources ?? {};
    const q = (f: string, given: any, side: 'requests' | 'limits', key: string) => {
      if (given === undefined) return;
      const text = isClass(given, kplus.Cpu) ? given.amount : typeof given?.asString === 'function' ? given.asString() : undefined;
      if (text !== undefined && !sameQuantity(text, res[side]?.[key])) problem(ctx, `podResources.${f}`, text, `spec.resources.${side}.${key}`, res[side]?.[key]);
    };
    q('cpu', r.cpu, 'requests', 'cpu');
    q('cpuLimit', r.cpuLimit, 'limits', 'cpu');
    q('memory', r.memory, 'requests', 'memory');
    q('memoryLimit', r.memoryLimit, 'limits', 'memory');
  },
  kubernetesVersion: checkReplacementDefault('kubernetesVersion'),
  featureGates: checkReplacementDefault('featureGates'),
  successPolicy: (ctx, v) => checkSuccessPolicy(ctx, 'successPolicy', v),
  // ---- CronJob
  schedule: (ctx, v) => isClass(v, Schedule) && expectEq(ctx, 'schedule', v.expressionString, 'spec.schedule', ctx.top?.spec?.schedule),
  timeZone: (ctx, v) => expectEq(ctx, 'timeZone', v, 'spec.timeZone', ctx.top?.spec?.timeZone),
  concurrencyPolicy: (ctx, v) => expectEq(ctx, 'concurrencyPolicy', v, 'spec.concurrencyPolicy', ctx.top?.spec?.concurrencyPolicy),
  startingDeadline: (ctx, v) => expectEq(ctx, 'startingDeadline', seconds(v), 'spec.startingDeadlineSeconds', ctx.top?.spec?.startingDeadlineSeconds),
  successfulJobsHistoryLimit: (ctx, v) => expectEq(ctx, 'successfulJobsHistoryLimit', v, 'spec.successfulJobsHistoryLimit', ctx.top?.spec?.successfulJobsHistoryLimit),
  failedJobsHistoryLimit: (ctx, v) => expectEq(ctx, 'failedJobsHistoryLimit', v, 'spec.failedJobsHistoryLimit', ctx.top?.spec?.failedJobsHistoryLimit),
  suspendSchedule: (ctx, v) => expectEq(ctx, 'suspendSchedule', v, 'spec.suspend', ctx.top?.spec?.suspend),
  jobLabels: mapIn('jobLabels', c => c.top?.spec?.jobTemplate?.metadata?.labels, 'jobTemplate labels'),
  jobAnnotations: mapIn('jobAnnotations', c => c.top?.spec?.jobTemplate?.metadata?.annotations, 'jobTemplate annotations'),
  sharding: (ctx, v) => checkSharding(ctx, 'sharding.', v),
  // ---- placement
  nodeAffinity: (ctx, v) => {
    if (!Array.isArray(v) || v.length === 0) return;
    const terms = pod(ctx).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    expectEq(ctx, 'nodeAffinity', [{ matchExpressions: v.map(q => q._toKube()) }], 'spec.affinity.nodeAffinity.required...nodeSelectorTerms', terms);
  },
  preferredNodeAffinity: (ctx, v) => {
    if (!Array.isArray(v) || v.length === 0) return;
    expectEq(ctx, 'preferredNodeAffinity', v.map(p => ({ weight: p.weight, preference: { matchExpressions: p.labels.map((q: any) => q._toKube()) } })),
      'spec.affinity.nodeAffinity.preferred...', pod(ctx).affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  },
  podAntiAffinity: (ctx, v) => {
    if (!Array.isArray(v)) return;
    const anti = pod(ctx).affinity?.podAntiAffinity ?? {};
    v.forEach((a, i) => {
      const topologyKey = a.topology?.key ?? Defaults.ANTI_AFFINITY_TOPOLOGY_KEY;
      const terms: any[] = a.weight === undefined ? anti.requiredDuringSchedulingIgnoredDuringExecution ?? []
        : (anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((t: any) => t?.weight === a.weight).map((t: any) => t.podAffinityTerm);
      const ok = terms.some(t => t?.topologyKey === topologyKey && (a.podLabels === undefined || same(t?.labelSelector?.matchLabels, a.podLabels)));
      if (!ok) problem(ctx, `podAntiAffinity[${i}]`, canon({ topologyKey, weight: a.weight, podLabels: a.podLabels }), 'spec.affinity.podAntiAffinity', anti);
    });
  },
  topologySpread: (ctx, v) => {
    if (!Array.isArray(v)) return;
    v.forEach((t, i) => {
      const want = {
        topologyKey: t.topology?.key,
        maxSkew: t.maxSkew ?? Defaults.TOPOLOGY_SPREAD_MAX_SKEW,
        whenUnsatisfiable: t.scheduleAnyway ? 'ScheduleAnyway' : 'DoNotSchedule',
        minDomains: t.minDomains,
      };
      const ok = (pod(ctx).topologySpreadConstraints ?? []).some((c: any) => same({ ...c, labelSelector: undefined }, want)
        && (t.podLabels === undefined || same(c.labelSelector?.matchLabels, t.podLabels)));
      if (!ok) problem(ctx, `topologySpread[${i}]`, canon(want), 'spec.topologySpreadConstraints', pod(ctx).topologySpreadConstraints);
    });
  },
  ports: (ctx, v) => {
    if (!Array.isArray(v)) return;
    v.forEach((p, i) => {
      const want = { containerPort: p.number, name: p.name, protocol: p.protocol ?? Defaults.PORT_PROTOCOL };
      if (!(ctx.main?.ports ?? []).some((w: any) => same(w, want))) problem(ctx, `ports[${i}]`, canon(want), 'containers[main].ports', ctx.main?.ports);
    });
  },
  // ---- DistributedTrainingJob
  nodes: (ctx, v) => {
    if (v >= 2) expectEq(ctx, 'nodes', v, 'spec.completions', ctx.jobSpec?.completions);
    const nnodes = envOf(ctx.main).find(e => e?.name === 'PET_NNODES')?.value;
    if (typeof nnodes !== 'string' || !(nnodes === String(v) || nnodes.endsWith(`:${v}`))) problem(ctx, 'nodes', String(v), 'env PET_NNODES', nnodes);
  },
  port: (ctx, v) => expectEq(ctx, 'port', String(v), 'env MASTER_PORT', envOf(ctx.main).find(e => e?.name === 'MASTER_PORT')?.value),
  nprocPerNode: (ctx, v) => expectEq(ctx, 'nprocPerNode', String(v), 'env PET_NPROC_PER_NODE', envOf(ctx.main).find(e => e?.name === 'PET_NPROC_PER_NODE')?.value),
  elastic: (ctx, v) => {
    if (typeof v !== 'object' || v === null) return;
    const e = (name: string) => envOf(ctx.main).find(x => x?.name === name)?.value;
    expectEq(ctx, 'elastic', 'c10d', 'env PET_RDZV_BACKEND', e('PET_RDZV_BACKEND'));
    if (v.maxRestarts !== undefined) expectEq(ctx, 'elastic.maxRestarts', String(v.maxRestarts), 'env PET_MAX_RESTARTS', e('PET_MAX_RESTARTS'));
    if (v.minNodes !== undefined && !String(e('PET_NNODES')).startsWith(`${v.minNodes}:`)) problem(ctx, 'elastic.minNodes', String(v.minNodes), 'env PET_NNODES', e('PET_NNODES'));
  },
};

const SHARD_PROPS = Object.keys(REFLECTED['cdk8s-batch.ShardingOptions']);

/** A sweep's trials: the Jobs (one per trial), or the indexes of its one Indexed Job. */
function sweepTrialCount(ctx: Ctx): number {
  const jobs = ctx.manifests.filter(m => m?.kind === 'Job');
  return ctx.top?.spec?.completionMode === 'Indexed' ? ctx.top.spec.completions : jobs.length;
}

const isIndexedSweep = (ctx: Ctx) => ctx.top?.spec?.completionMode === 'Indexed';

/** The props of a HyperparameterSweep, and the shared props it writes differently. */
const SWEEP_CHECKS: { [prop: string]: Check } = {
  name: (ctx, v) => expectEq(ctx, 'name', v, 'metadata.labels[cdk8s-batch.dev/sweep]', meta(ctx).labels?.['cdk8s-batch.dev/sweep']),
  // An Indexed sweep runs command and args through its /bin/sh wrapper, unchanged.
  command: (ctx, v) => {
    if (!isIndexedSweep(ctx)) return CHECKS.command(ctx, v);
    expectEq(ctx, 'command', v, 'containers[main].command after the wrapper', ctx.main?.command?.slice(4, 4 + v.length));
  },
  args: (ctx, v) => {
    if (!isIndexedSweep(ctx)) return CHECKS.args(ctx, v);
    const n = (ctx.props.command ?? []).length;
    expectEq(ctx, 'args', v, 'containers[main].command after the wrapper and command', ctx.main?.command?.slice(4 + n));
  },
  backoffLimit: (ctx, v) => expectEq(ctx, 'backoffLimit', v, 'spec.backoffLimit (or backoffLimitPerIndex)',
    ctx.jobSpec?.backoffLimitPerIndex ?? ctx.jobSpec?.backoffLimit),
  grid: (ctx, v) => {
    const count = Object.values<string[]>(v).reduce((n, values) => n * values.length, 1);
    expectEq(ctx, 'grid', count, 'the number of trials', sweepTrialCount(ctx));
  },
  trials: (ctx, v) => expectEq(ctx, 'trials', v.length, 'the number of trials', sweepTrialCount(ctx)),
  layout: (ctx, v) => expectEq(ctx, 'layout', v === 'Indexed', 'an Indexed Job', isIndexedSweep(ctx)),
  maxConcurrentTrials: (ctx, v) => expectEq(ctx, 'maxConcurrentTrials', v, 'spec.parallelism', ctx.jobSpec?.parallelism),
  // true sets per-trial limits; false leaves them to the target's default.
  enableAlphaBackoffLimitPerIndex: (ctx, v) => v === true && expectEq(ctx, 'enableAlphaBackoffLimitPerIndex', v, 'spec.backoffLimitPerIndex is set',
    ctx.jobSpec?.backoffLimitPerIndex !== undefined),
  disableBackoffLimitPerTrial: (ctx, v) => v === true && expectEq(ctx, 'disableBackoffLimitPerTrial', undefined, 'spec.backoffLimitPerIndex',
    ctx.jobSpec?.backoffLimitPerIndex),
  paramEnvPrefix: (ctx, v) => {
    const names = isIndexedSweep(ctx)
      ? Object.values<string>(ctx.manifests.find(m => m?.kind === 'ConfigMap')?.data ?? {}).flatMap(text => text.split('\n').map(l => l.split('=')[0]))
      : envOf(ctx.main).map(e => e?.name);
    if (!names.some(n => typeof n === 'string' && n.startsWith(v))) problem(ctx, 'paramEnvPrefix', JSON.stringify(v), 'the parameters\' env var names', names);
  },
};

/**
 * The problems with an accepted case: props not in the construct's props struct (accepted and
 * ignored), and props whose value does not show in the manifests.
 *
 * @param kind the construct (`TrainingJob`, `GpuJob`, `ParallelShardJob`, `NightlyCronJob`)
 * @param props the props the construct was given (real objects)
 * @param manifests what the chart synthesized
 * @param contextVersion the app's target version (the `cdk8s-batch:kubernetesVersion` context), if set
 */
export function reflected(kind: string, props: any, manifests: any[], contextVersion?: string): string[] {
  if (typeof props !== 'object' || props === null || !(kind in PROPS_STRUCT)) return [];
  const known = structProps(PROPS_STRUCT[kind as keyof typeof PROPS_STRUCT]);
  const topKind = kind === 'NightlyCronJob' ? 'CronJob' : 'Job';
  const top = manifests.find(m => m?.kind === topKind);
  if (!top) return [`not reflected: no ${topKind} among the manifests`];
  const jobSpec = topKind === 'CronJob' ? top.spec?.jobTemplate?.spec : top.spec;
  const template = jobSpec?.template;
  const podSpec = template?.spec;
  const containerName = typeof props.containerName === 'string' ? props.containerName : Defaults.CONTAINER_NAME;
  const main = (podSpec?.containers ?? []).find((c: any) => c?.name === containerName);
  const ctx: Ctx = { kind, props, top, jobSpec, template, podSpec, main, problems: [], manifests, contextVersion };
  const checks = kind === 'HyperparameterSweep' ? { ...CHECKS, ...SWEEP_CHECKS } : CHECKS;
  for (const [prop, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (!known.has(prop)) {
      ctx.problems.push(`unknown prop: '${prop}' is not a prop of ${kind} and was ignored`);
      continue;
    }
    // ParallelShardJob's sharding props are checked together (checkSharding), below.
    if (SHARD_PROPS.includes(prop) && kind === 'ParallelShardJob') continue;
    checks[prop]?.(ctx, value);
  }
  if (kind === 'ParallelShardJob') checkSharding(ctx, '', props);
  // The documented default as well as the prop: "restricted" pods pass the Pod Security Standard.
  if ((props.podSecurity ?? 'restricted') === 'restricted' && podSpec) {
    const violations = restrictedViolations(podSpec, template?.metadata);
    if (violations.length) ctx.problems.push(`not reflected: podSecurity — given ${props.podSecurity === undefined ? 'nothing (default ' : ''}"restricted"${props.podSecurity === undefined ? ')' : ''}, but the pod breaks the Pod Security Standard "restricted": ${violations.join('; ')}`);
  }
  return ctx.problems;
}

/** The top-level props `reflected` has a check for (the coverage test compares them with REFLECTED). */
export const CHECKED_PROPS: readonly string[] = [...Object.keys(CHECKS), ...SHARD_PROPS];
