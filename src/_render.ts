/**
 * Internal: the one renderer. Every construct (and the CronJob's job template) goes through
 * `renderJob`, which validates the props and builds the pod template and the JobSpec. Nothing
 * else renders a pod spec.
 */
import { ApiObject, Duration, Names, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Where, checkAnnotations, checkDnsLabel, checkDuration, checkEnvNames, checkExclusive, checkImage, checkInteger,
  checkLabels, checkObjectName, checkQuantity, checkRequestWithinLimit, fail, isConfigMapKey, isDns1123Subdomain, isEnvVarName, isLabelValue,
  isPinnedImage, isQualifiedName, quantityValue, show,
} from './_validate';
import { Defaults } from './defaults';
import { Gpu } from './gpu';
import { BatchJobOptions, InitContainer, PodSecurity, Toleration, TolerationOperator, VolumeMount } from './job-options';

const k8s = kplus.k8s;
type JobSpec = kplus.k8s.JobSpec;
type PodFailurePolicyRule = kplus.k8s.PodFailurePolicyRule;

/** What differs between the constructs that share this renderer. */
export interface JobShape {
  /** `app.kubernetes.io/component` value. */
  readonly component: string;
  /** The construct's own default backoff limit (else `Defaults.BACKOFF_LIMIT`). */
  readonly backoffLimit?: number;
  /** The construct's own default active deadline (else `Defaults.ACTIVE_DEADLINE`). */
  readonly activeDeadline?: Duration;
  /** The construct's own default memory request (else `Defaults.MEMORY_REQUEST`). */
  readonly memory?: Size;
  /** The construct's own default CPU request (else `Defaults.CPU_REQUEST`). */
  readonly cpu?: kplus.Cpu;
  readonly completions?: number;
  readonly parallelism?: number;
  readonly completionMode?: 'Indexed' | 'NonIndexed';
  readonly backoffLimitPerIndex?: number;
  readonly maxFailedIndexes?: number;
  /**
   * Env vars the construct adds to the main container, first, so that the user's env values can
   * refer to them as `$(NAME)` (Kubernetes expands only variables defined earlier in the list).
   */
  readonly extraEnv?: kplus.k8s.EnvVar[];
  /** Pod failure policy rules placed after the fail-fast rules and before the disruption rule. */
  readonly podFailureRules?: PodFailurePolicyRule[];
  /**
   * Characters appended to the Job name in pod hostnames: an Indexed Job's pods are named
   * `<job name>-<index>`, which must be a DNS-1123 label (ValidateJob, 1.28), so the name limit
   * shrinks by this much and the name may not contain '.'.
   */
  readonly hostnameSuffixLength?: number;
}

/** The result: metadata pieces and the JobSpec. */
export interface RenderedJob {
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
  readonly spec: JobSpec;
}

/** Largest number of pod failure policy rules the API server accepts. */
export const MAX_POD_FAILURE_POLICY_RULES = 20;
/** Largest number of exit codes in one rule. */
export const MAX_EXIT_CODE_VALUES = 255;

/**
 * Validates `props` and renders the Job's name, labels and spec.
 *
 * @param scope the construct (its path is named in every error)
 * @param kind the construct kind for error messages
 * @param props the user's props
 * @param shape what the construct adds
 * @param maxNameLength the kind's name length limit (63 for Job, 52 for CronJob)
 */
export function renderJob(scope: Construct, kind: string, props: BatchJobOptions, shape: JobShape, maxNameLength: number): RenderedJob {
  const where: Where = { kind, path: scope.node.path };

  // ---- metadata -------------------------------------------------------------------------------
  const hostnameSuffix = shape.hostnameSuffixLength ?? 0;
  const nameLimit = maxNameLength - hostnameSuffix;
  if (hostnameSuffix > 0 && props.name !== undefined && (props.name.length > nameLimit || props.name.includes('.'))) {
    // ValidateJob (1.28): `<name>-<completions - 1>` must be a DNS-1123 label.
    fail(where, 'name', props.name, `a DNS-1123 label (no '.') of at most ${nameLimit} characters (it has ${props.name.length}): `
      + `pod hostnames are '<job name>-<index>', and the index adds up to ${hostnameSuffix} characters`,
    'shorten it, or leave it out to get a generated name that fits');
  }
  checkObjectName(where, 'name', props.name, nameLimit);
  checkDnsLabel(where, 'namespace', props.namespace);
  checkLabels(where, 'labels', props.labels);
  checkLabels(where, 'podLabels', props.podLabels);
  checkReservedPodLabels(where, props);
  checkAnnotations(where, 'annotations', props.annotations);
  checkAnnotations(where, 'podAnnotations', props.podAnnotations);
  const name = props.name ?? generatedName(scope, nameLimit);
  const labels: { [key: string]: string } = {};
  if (props.recommendedLabels ?? Defaults.RECOMMENDED_LABELS) {
    const appName = props.appName ?? Names.toLabelValue(scope, { includeHash: false });
    if (!isLabelValue(appName)) {
      fail(where, 'appName', appName, 'a valid label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')', 'e.g. \'resnet-training\'');
    }
    labels['app.kubernetes.io/name'] = appName;
    labels['app.kubernetes.io/instance'] = name;
    labels['app.kubernetes.io/component'] = shape.component;
    labels['app.kubernetes.io/managed-by'] = Defaults.MANAGED_BY;
  } else if (props.appName !== undefined) {
    fail(where, 'appName', props.appName, 'left out when \'recommendedLabels\' is false', 'remove one of the two');
  }
  Object.assign(labels, props.labels ?? {});
  const podLabels = { ...labels, ...(props.podLabels ?? {}) };

  // ---- job lifecycle --------------------------------------------------------------------------
  checkInteger(where, 'backoffLimit', props.backoffLimit, 0, 2 ** 31 - 1, 'use 0 for no retries');
  checkDuration(where, 'activeDeadline', props.activeDeadline, 1, 'e.g. Duration.hours(6)');
  checkDuration(where, 'ttlAfterFinished', props.ttlAfterFinished, 0, 'e.g. Duration.days(1); Duration.seconds(0) deletes at once');
  checkExclusive(where, 'activeDeadline', props.activeDeadline, 'disableActiveDeadline', props.disableActiveDeadline);
  checkExclusive(where, 'ttlAfterFinished', props.ttlAfterFinished, 'disableTtl', props.disableTtl);

  const restartPolicy = props.restartPolicy ?? Defaults.RESTART_POLICY;
  if (restartPolicy === kplus.RestartPolicy.ALWAYS) {
    fail(where, 'restartPolicy', restartPolicy, '\'Never\' or \'OnFailure\' (a Job\'s pods run to completion)', 'use RestartPolicy.NEVER');
  }
  if (shape.backoffLimitPerIndex !== undefined && restartPolicy !== kplus.RestartPolicy.NEVER) {
    // JobSpec.backoffLimitPerIndex (1.28 API): only with restart policy Never, since a shard's
    // failures are counted in failed pods.
    fail(where, 'restartPolicy', restartPolicy, '\'Never\' with a per-shard backoff limit (\'backoffLimitPerShard\')',
      'use RestartPolicy.NEVER (the default), or remove backoffLimitPerShard');
  }

  const pod = renderPod(where, props, shape, restartPolicy);
  const podFailurePolicy = renderPodFailurePolicy(where, props, shape, restartPolicy, pod.mainContainerName);

  const activeDeadline = props.disableActiveDeadline ? undefined : (props.activeDeadline ?? shape.activeDeadline ?? Defaults.ACTIVE_DEADLINE);
  const ttl = props.disableTtl ? undefined : (props.ttlAfterFinished ?? Defaults.TTL_AFTER_FINISHED);

  const spec: JobSpec = {
    activeDeadlineSeconds: activeDeadline?.toSeconds(),
    backoffLimit: props.backoffLimit ?? shape.backoffLimit ?? Defaults.BACKOFF_LIMIT,
    backoffLimitPerIndex: shape.backoffLimitPerIndex,
    completionMode: shape.completionMode,
    completions: shape.completions,
    maxFailedIndexes: shape.maxFailedIndexes,
    parallelism: shape.parallelism,
    podFailurePolicy,
    suspend: props.suspend ?? Defaults.SUSPEND,
    ttlSecondsAfterFinished: ttl?.toSeconds(),
    template: {
      metadata: {
        labels: podLabels,
        annotations: props.podAnnotations,
      },
      spec: pod.spec,
    },
  };
  return { name, labels, annotations: props.annotations, spec };
}

// -------------------------------------------------------------------------------------------------
// Pod
// -------------------------------------------------------------------------------------------------

interface RenderedPod {
  readonly spec: kplus.k8s.PodSpec;
  readonly mainContainerName: string;
}

function renderPod(where: Where, props: BatchJobOptions, shape: JobShape, restartPolicy: kplus.RestartPolicy): RenderedPod {
  const security = props.podSecurity ?? PodSecurity.RESTRICTED;
  const restricted = security === PodSecurity.RESTRICTED;
  if (!restricted) {
    for (const [prop, value] of Object.entries({
      runAsUser: props.runAsUser, runAsGroup: props.runAsGroup, fsGroup: props.fsGroup, readOnlyRootFilesystem: props.readOnlyRootFilesystem,
    })) {
      if (value !== undefined) {
        fail(where, prop, value, 'left out when \'podSecurity\' is PodSecurity.NONE', 'remove it, or use PodSecurity.RESTRICTED');
      }
    }
  }
  checkInteger(where, 'runAsUser', props.runAsUser, 1, 2 ** 31 - 1, 'the restricted profile runs as a non-root user: pick a uid such as 1000');
  checkInteger(where, 'runAsGroup', props.runAsGroup, 0, 2 ** 31 - 1, 'e.g. 1000');
  checkInteger(where, 'fsGroup', props.fsGroup, 0, 2 ** 31 - 1, 'e.g. 1000');
  const readOnlyRoot = restricted && (props.readOnlyRootFilesystem ?? Defaults.READ_ONLY_ROOT_FILESYSTEM);
  if (props.tmpSizeLimit !== undefined && !readOnlyRoot) {
    fail(where, 'tmpSizeLimit', props.tmpSizeLimit, 'left out when the root filesystem is writable (no /tmp volume is added)', 'remove it');
  }
  checkQuantity(where, 'tmpSizeLimit', props.tmpSizeLimit?.asString(), true);

  // ---- volumes ----------------------------------------------------------------------------------
  const volumes = new VolumeSet(where);
  const gpu = props.gpu;
  if (gpu !== undefined) checkGpu(where, gpu);
  const shm = resolveSharedMemory(where, props, props.memory ?? shape.memory, gpu);
  if (readOnlyRoot) {
    volumes.addBuiltIn(Defaults.TMP_VOLUME_NAME, { emptyDir: { sizeLimit: sizeQuantity(props.tmpSizeLimit) } });
  }
  if (shm) {
    volumes.addBuiltIn(Defaults.SHM_VOLUME_NAME, { emptyDir: { medium: 'Memory', sizeLimit: sizeQuantity(shm) } });
  }
  for (const [i, v] of (props.volumes ?? []).entries()) {
    volumes.add(`volumes[${i}]`, v);
  }

  // ---- containers -------------------------------------------------------------------------------
  const containerName = props.containerName ?? Defaults.CONTAINER_NAME;
  checkDnsLabel(where, 'containerName', props.containerName);
  const containerNames = new Set<string>([containerName]);
  const initContainers = (props.initContainers ?? []).map((init, i) =>
    renderInitContainer(where, `initContainers[${i}]`, init, props, restricted, readOnlyRoot, volumes, containerNames, gpu));

  const mainMounts: kplus.k8s.VolumeMount[] = [];
  if (readOnlyRoot) mainMounts.push({ name: Defaults.TMP_VOLUME_NAME, mountPath: Defaults.TMP_MOUNT_PATH });
  if (shm) mainMounts.push({ name: Defaults.SHM_VOLUME_NAME, mountPath: Defaults.SHM_MOUNT_PATH });
  mainMounts.push(...renderMounts(where, 'volumeMounts', props.volumeMounts, volumes, mainMounts));

  const env = renderEnv(where, 'env', props.env);
  if (gpu?.resourceName.startsWith('nvidia.com/') && env.some(e => e.name === NVIDIA_VISIBLE_DEVICES)) {
    fail(where, `env.${NVIDIA_VISIBLE_DEVICES}`, props.env![NVIDIA_VISIBLE_DEVICES].value ?? '(from a source)',
      'left unset with \'gpu\': the NVIDIA device plugin sets it to the GPUs allocated to the container, and a value of your own exposes other GPUs',
      'remove it; use CUDA_VISIBLE_DEVICES to pick among the allocated GPUs');
  }
  if (readOnlyRoot && !env.some(e => e.name === 'HOME')) {
    env.push({ name: 'HOME', value: Defaults.HOME_DIR });
  }
  for (const extra of shape.extraEnv ?? []) {
    if (env.some(e => e.name === extra.name)) {
      fail(where, `env.${extra.name}`, extra.name, `left to ${where.kind}, which sets it`, 'rename your variable, or change the name the construct uses');
    }
  }
  env.unshift(...(shape.extraEnv ?? []));

  const resources = renderResources(where, '', {
    cpu: props.cpu ?? shape.cpu,
    cpuLimit: props.cpuLimit,
    memory: props.memory ?? shape.memory,
    memoryLimit: props.memoryLimit,
    disableMemoryLimit: props.disableMemoryLimit,
    ephemeralStorage: props.ephemeralStorage,
    ephemeralStorageLimit: props.ephemeralStorageLimit,
    extendedResources: props.extendedResources,
    gpu,
  });
  if (shm && resources.limits?.memory) {
    const limit = quantityValue(resources.limits.memory.value as string);
    if (quantityValue(shm.asString()) >= limit) {
      fail(where, 'sharedMemory', shm, `smaller than the memory limit (${resources.limits.memory.value}), which it counts within`,
        'raise \'memory\'/\'memoryLimit\' or lower \'sharedMemory\'');
    }
  }

  checkImage(where, 'image', props.image, props.allowUnpinnedImage ?? false);
  const pullPolicies = Object.values(kplus.ImagePullPolicy) as string[];
  if (props.imagePullPolicy !== undefined && !pullPolicies.includes(props.imagePullPolicy)) {
    fail(where, 'imagePullPolicy', props.imagePullPolicy, `one of ${pullPolicies.join(', ')}`, 'e.g. ImagePullPolicy.IF_NOT_PRESENT');
  }
  const main: kplus.k8s.Container = {
    name: containerName,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy ?? defaultPullPolicy(props.image),
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    env: env.length ? env : undefined,
    envFrom: props.envFrom?.length ? props.envFrom.map((e, i) => checkEnvFrom(where, `envFrom[${i}]`, e._toKube())) : undefined,
    resources,
    securityContext: restricted ? containerSecurityContext(readOnlyRoot) : undefined,
    volumeMounts: mainMounts.length ? mainMounts : undefined,
  };
  checkStrings(where, 'command', props.command);
  checkStrings(where, 'args', props.args);

  // ---- scheduling -------------------------------------------------------------------------------
  checkLabels(where, 'nodeSelector', props.nodeSelector);
  const nodeSelector: { [key: string]: string } = { ...(props.nodeSelector ?? {}) };
  const tolerations = (props.tolerations ?? []).map((t, i) => renderToleration(where, `tolerations[${i}]`, t));
  let runtimeClassName = props.runtimeClassName;
  if (gpu) {
    const gpuPlacement = renderGpuPlacement(where, gpu, nodeSelector);
    Object.assign(nodeSelector, gpuPlacement.nodeSelector);
    if (gpuPlacement.toleration && !tolerations.some(t => t.key === gpuPlacement.toleration!.key && t.effect === gpuPlacement.toleration!.effect)) {
      tolerations.push(gpuPlacement.toleration);
    }
    if (gpu.options.runtimeClassName !== undefined) {
      if (props.runtimeClassName !== undefined && props.runtimeClassName !== gpu.options.runtimeClassName) {
        fail(where, 'runtimeClassName', props.runtimeClassName, `the same as the GPU's runtimeClassName (${gpu.options.runtimeClassName})`, 'set it in one place');
      }
      runtimeClassName = gpu.options.runtimeClassName;
    }
  }
  for (const [prop, value] of [['priorityClassName', props.priorityClassName], ['runtimeClassName', runtimeClassName], ['serviceAccount', props.serviceAccount?.name]] as const) {
    if (value !== undefined && !isDns1123Subdomain(value)) {
      fail(where, prop, value, 'a DNS-1123 name', `use the name of an existing ${prop === 'serviceAccount' ? 'service account, e.g. \'trainer\'' : 'class, e.g. \'high-priority\''}`);
    }
  }
  checkDuration(where, 'terminationGracePeriod', props.terminationGracePeriod, 0, 'e.g. Duration.seconds(60)');

  const automount = props.automountServiceAccountToken ?? (props.serviceAccount ? true : Defaults.AUTOMOUNT_SERVICE_ACCOUNT_TOKEN);
  const spec: kplus.k8s.PodSpec = {
    automountServiceAccountToken: automount,
    containers: [main],
    imagePullSecrets: props.imagePullSecrets?.length ? props.imagePullSecrets.map(s => ({ name: s.name })) : undefined,
    initContainers: initContainers.length ? initContainers : undefined,
    nodeSelector: Object.keys(nodeSelector).length ? nodeSelector : undefined,
    priorityClassName: props.priorityClassName,
    restartPolicy,
    runtimeClassName,
    securityContext: restricted ? {
      runAsNonRoot: true,
      runAsUser: props.runAsUser ?? Defaults.RUN_AS_USER,
      runAsGroup: props.runAsGroup ?? Defaults.RUN_AS_GROUP,
      fsGroup: props.fsGroup ?? Defaults.FS_GROUP,
      seccompProfile: { type: 'RuntimeDefault' },
    } : undefined,
    serviceAccountName: props.serviceAccount?.name,
    terminationGracePeriodSeconds: props.terminationGracePeriod?.toSeconds(),
    tolerations: tolerations.length ? tolerations : undefined,
    volumes: volumes.toKube(),
  };
  return { spec, mainContainerName: containerName };
}

function defaultPullPolicy(image: string): string {
  return isPinnedImage(image) ? Defaults.IMAGE_PULL_POLICY : Defaults.UNPINNED_IMAGE_PULL_POLICY;
}

function containerSecurityContext(readOnlyRoot: boolean): kplus.k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: readOnlyRoot,
    runAsNonRoot: true,
  };
}

function checkStrings(where: Where, prop: string, values: string[] | undefined): void {
  for (const [i, v] of (values ?? []).entries()) {
    if (typeof v !== 'string') fail(where, `${prop}[${i}]`, v, 'a string', 'quote it');
  }
}

function sizeQuantity(size: Size | undefined): kplus.k8s.Quantity | undefined {
  return size ? k8s.Quantity.fromString(size.asString()) : undefined;
}

// -------------------------------------------------------------------------------------------------
// Init containers
// -------------------------------------------------------------------------------------------------

function renderInitContainer(
  where: Where, prop: string, init: InitContainer, props: BatchJobOptions, restricted: boolean, readOnlyRoot: boolean,
  volumes: VolumeSet, names: Set<string>, gpu: Gpu | undefined,
): kplus.k8s.Container {
  checkDnsLabel(where, `${prop}.name`, init.name);
  if (names.has(init.name)) {
    fail(where, `${prop}.name`, init.name, 'unique among the pod\'s containers', 'rename this init container');
  }
  names.add(init.name);
  checkImage(where, `${prop}.image`, init.image, props.allowUnpinnedImage ?? false);
  for (const resource of Object.keys(init.extendedResources ?? {})) {
    if (isGpuResource(resource, gpu)) {
      fail(where, `${prop}.extendedResources`, resource, 'free of GPU resources (an init container holding a GPU blocks it for the whole pod start-up)',
        'request GPUs through the job\'s \'gpu\' prop, for the main container');
    }
  }
  const mounts: kplus.k8s.VolumeMount[] = [];
  if (readOnlyRoot) mounts.push({ name: Defaults.TMP_VOLUME_NAME, mountPath: Defaults.TMP_MOUNT_PATH });
  mounts.push(...renderMounts(where, `${prop}.volumeMounts`, init.volumeMounts, volumes, mounts));
  const env = renderEnv(where, `${prop}.env`, init.env);
  if (readOnlyRoot && !env.some(e => e.name === 'HOME')) env.push({ name: 'HOME', value: Defaults.HOME_DIR });
  checkStrings(where, `${prop}.command`, init.command);
  checkStrings(where, `${prop}.args`, init.args);
  return {
    name: init.name,
    image: init.image,
    imagePullPolicy: defaultPullPolicy(init.image),
    command: init.command,
    args: init.args,
    env: env.length ? env : undefined,
    resources: renderResources(where, `${prop}.`, { cpu: init.cpu, memory: init.memory, extendedResources: init.extendedResources }),
    securityContext: restricted ? containerSecurityContext(readOnlyRoot) : undefined,
    volumeMounts: mounts.length ? mounts : undefined,
  };
}

/**
 * GPU resources of the NVIDIA (whole, time-sliced `gpu.shared`, MIG), AMD and Intel device
 * plugins (Intel's `gpu.intel.com/*` includes the millicores/memory.max/tiles of fractional use).
 */
const KNOWN_GPU_RESOURCES = /^(nvidia\.com\/(gpu(\..+)?|mig-.+)|amd\.com\/gpu|gpu\.intel\.com\/.+)$/;

/**
 * Set by the NVIDIA device plugin (envvar device-list strategy) to the GPUs allocated to the
 * container; cdk8s-batch never sets it, and rejects a value of the user's beside `gpu`.
 */
const NVIDIA_VISIBLE_DEVICES = 'NVIDIA_VISIBLE_DEVICES';

function isGpuResource(resource: string, gpu: Gpu | undefined): boolean {
  return KNOWN_GPU_RESOURCES.test(resource) || resource === gpu?.resourceName;
}

// -------------------------------------------------------------------------------------------------
// Env
// -------------------------------------------------------------------------------------------------

function renderEnv(where: Where, prop: string, env: { [name: string]: kplus.EnvValue } | undefined): kplus.k8s.EnvVar[] {
  const names = Object.keys(env ?? {});
  checkEnvNames(where, prop, names);
  return names.map(name => {
    const v = env![name];
    if (!(v instanceof kplus.EnvValue)) {
      fail(where, `${prop}.${name}`, v, 'an EnvValue', `use EnvValue.fromValue(${JSON.stringify(String(v))})`);
    }
    checkKeyRef(where, `${prop}.${name}`, v.valueFrom?.secretKeyRef, 'Secret');
    checkKeyRef(where, `${prop}.${name}`, v.valueFrom?.configMapKeyRef, 'ConfigMap');
    return { name, value: v.value, valueFrom: v.valueFrom };
  });
}

/** validateSecretKeySelector / validateConfigMapKeySelector (1.28): a DNS-1123 name and a valid key. */
function checkKeyRef(where: Where, prop: string, ref: { name?: string; key: string } | undefined, kind: string): void {
  if (ref === undefined) return;
  if (!isDns1123Subdomain(ref.name ?? '')) {
    fail(where, prop, ref.name, `the DNS-1123 name of a ${kind}`, `use the ${kind}'s metadata.name, e.g. 'credentials'`);
  }
  if (!isConfigMapKey(ref.key)) {
    fail(where, prop, ref.key, `a ${kind} key (at most 253 letters, digits, '-', '_' or '.', not '.' or '..')`, 'e.g. \'token\'');
  }
}

/** ValidateEnvFrom (1.28): a DNS-1123 Secret or ConfigMap name, and a prefix that is a valid env var name. */
function checkEnvFrom(where: Where, prop: string, source: kplus.k8s.EnvFromSource): kplus.k8s.EnvFromSource {
  const refName = source.secretRef?.name ?? source.configMapRef?.name;
  if (!isDns1123Subdomain(refName ?? '')) {
    fail(where, prop, refName, `the DNS-1123 name of a ${source.secretRef ? 'Secret' : 'ConfigMap'}`, 'e.g. \'settings\'');
  }
  if (source.prefix !== undefined && source.prefix !== '' && !isEnvVarName(source.prefix)) {
    fail(where, `${prop}.prefix`, source.prefix, 'a valid environment variable name prefix', 'e.g. \'DB_\'');
  }
  return source;
}

/** Labels the Job controller sets on every pod (validateGeneratedSelector, 1.28). */
const RESERVED_POD_LABELS = ['job-name', 'controller-uid', 'batch.kubernetes.io/job-name', 'batch.kubernetes.io/controller-uid'];

function checkReservedPodLabels(where: Where, props: BatchJobOptions): void {
  for (const [prop, labels] of [['labels', props.labels], ['podLabels', props.podLabels]] as const) {
    for (const key of Object.keys(labels ?? {})) {
      if (RESERVED_POD_LABELS.includes(key)) {
        fail(where, `${prop}.${key}`, key, 'left to the Job controller, which sets it on every pod to the Job\'s name or uid',
          'remove it, and select the pods by another label');
      }
    }
  }
}

/**
 * A generated name: cdk8s `Names.toDnsLabel` keeps '_' and '.' of construct ids, which a Job
 * name (a label value and, for Indexed Jobs, a hostname) cannot hold; they become '-'.
 */
function generatedName(scope: Construct, maxLength: number): string {
  return Names.toDnsLabel(scope, { maxLen: maxLength }).replace(/[^a-z0-9-]/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

// -------------------------------------------------------------------------------------------------
// Resources
// -------------------------------------------------------------------------------------------------

interface ResourceInput {
  readonly cpu?: kplus.Cpu;
  readonly cpuLimit?: kplus.Cpu;
  readonly memory?: Size;
  readonly memoryLimit?: Size;
  readonly disableMemoryLimit?: boolean;
  readonly ephemeralStorage?: Size;
  readonly ephemeralStorageLimit?: Size;
  readonly extendedResources?: { [resource: string]: number };
  readonly gpu?: Gpu;
}

function renderResources(where: Where, prefix: string, r: ResourceInput): kplus.k8s.ResourceRequirements {
  checkExclusive(where, `${prefix}memoryLimit`, r.memoryLimit, `${prefix}disableMemoryLimit`, r.disableMemoryLimit);
  const cpu = (r.cpu ?? Defaults.CPU_REQUEST).amount;
  const cpuLimit = r.cpuLimit?.amount;
  const memory = (r.memory ?? Defaults.MEMORY_REQUEST).asString();
  const memoryLimit = r.disableMemoryLimit ? undefined : (r.memoryLimit?.asString() ?? memory);
  const eph = r.ephemeralStorage?.asString();
  const ephLimit = r.ephemeralStorageLimit?.asString();
  checkQuantity(where, `${prefix}cpu`, cpu, true);
  checkQuantity(where, `${prefix}cpuLimit`, cpuLimit, true);
  checkQuantity(where, `${prefix}memory`, memory, true);
  checkQuantity(where, `${prefix}memoryLimit`, memoryLimit, true);
  checkQuantity(where, `${prefix}ephemeralStorage`, eph, true);
  checkQuantity(where, `${prefix}ephemeralStorageLimit`, ephLimit, true);
  checkRequestWithinLimit(where, `${prefix}cpu`, cpu, `${prefix}cpuLimit`, cpuLimit);
  checkRequestWithinLimit(where, `${prefix}memory`, memory, `${prefix}memoryLimit`, memoryLimit);
  checkRequestWithinLimit(where, `${prefix}ephemeralStorage`, eph, `${prefix}ephemeralStorageLimit`, ephLimit);

  const requests: { [key: string]: kplus.k8s.Quantity } = { cpu: q(cpu), memory: q(memory) };
  const limits: { [key: string]: kplus.k8s.Quantity } = {};
  if (cpuLimit) limits.cpu = q(cpuLimit);
  if (memoryLimit) limits.memory = q(memoryLimit);
  if (eph) requests['ephemeral-storage'] = q(eph);
  if (ephLimit) limits['ephemeral-storage'] = q(ephLimit);

  const extended: Array<[string, number, string]> = Object.entries(r.extendedResources ?? {})
    .map(([name, count]) => [name, count, `${prefix}extendedResources.${name}`]);
  for (const name of Object.keys(r.extendedResources ?? {})) {
    // GPUs only through `gpu`: it sets requests == limits and adds the placement and /dev/shm
    // that a GPU pod needs; a second GPU resource beside it would be a different kind of GPU.
    if (r.gpu && name === r.gpu.resourceName) {
      fail(where, `${prefix}extendedResources.${name}`, r.extendedResources![name],
        `left out when 'gpu' is set (gpu: ${r.gpu.toString()}), which already requests it`, 'request GPUs only through \'gpu\'');
    }
    if (isGpuResource(name, r.gpu)) {
      fail(where, `${prefix}extendedResources.${name}`, r.extendedResources![name],
        r.gpu ? `left out when 'gpu' is set (gpu: ${r.gpu.toString()}): a pod gets GPUs of one kind`
          : 'requested through \'gpu\', which also adds the GPU toleration, product selector and /dev/shm',
        r.gpu ? 'request GPUs only through \'gpu\'' : 'e.g. gpu: Gpu.nvidia(1), or Gpu.custom(name, count) for another device');
    }
  }
  if (r.gpu) {
    extended.push([r.gpu.resourceName, r.gpu.count, 'gpu']);
  }
  for (const [name, count, prop] of extended) {
    if (!isExtendedResourceName(name)) {
      fail(where, prop, name, 'an extended resource name (a domain-prefixed name outside kubernetes.io, e.g. \'example.com/fpga\')',
        'use the name the device plugin advertises');
    }
    if (!Number.isInteger(count) || count < 1) {
      fail(where, prop, count, 'a whole number of at least 1 (extended resources cannot be shared or overcommitted)', 'e.g. 1');
    }
    requests[name] = q(String(count));
    limits[name] = q(String(count));
  }
  return { requests, limits: Object.keys(limits).length ? limits : undefined };
}

function q(value: string): kplus.k8s.Quantity {
  return k8s.Quantity.fromString(value);
}

/** IsExtendedResourceName (1.28 core/helper): a qualified name with a prefix outside kubernetes.io. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/') || name.startsWith('requests.')) return false;
  return isQualifiedName(name) && isQualifiedName(`requests.${name}`);
}

/**
 * A MIG GPU-instance profile as the NVIDIA device plugin advertises it with the "mixed" strategy:
 * parseMigProfile (go-nvlib pkg/nvlib/device/mig_profile.go) reads `[<c>c.]<g>g.<gb>gb` with
 * `+<attr>` or `-<attr>` attributes, and AddDefaultResourcesToConfig (k8s-device-plugin
 * internal/rm/rm.go) advertises only profiles whose compute slices equal their GPU slices (no
 * `<c>c.` prefix), as `mig-<profile>` with `+` replaced by `.`. The GPU-instance slice counts are
 * those NewMigProfile knows (1, 2, 3, 4, 6, 7, 8); the attributes those NVML reports (`me`,
 * `me.all`, `gfx`, and `-me`). The `.`-spelling of the resource name is accepted too.
 */
const MIG_PROFILE = /^([1-9]\d*)g\.([1-9]\d*)gb(?:[+.](?:me|me\.all|gfx)|-me)?$/;
const MIG_GPU_INSTANCE_SLICES = new Set([1, 2, 3, 4, 6, 7, 8]);

/** Checks a `Gpu` (the value class holds what it was given; the rules live here). */
function checkGpu(where: Where, gpu: Gpu): void {
  if (!(gpu instanceof Gpu)) {
    fail(where, 'gpu', gpu, 'a Gpu', 'e.g. Gpu.nvidia(1)');
  }
  // ValidateResourceQuantityValue (1.28 core validation): extended resources are integers;
  // zero would request nothing, so at least one.
  if (typeof gpu.count !== 'number' || !Number.isInteger(gpu.count) || gpu.count < 1) {
    fail(where, 'gpu.count', gpu.count, 'a whole number of at least 1 (a device plugin hands out whole devices)',
      'e.g. Gpu.nvidia(1); for a slice of a GPU use Gpu.nvidiaMig(\'1g.10gb\', 1)');
  }
  if (gpu.migProfile !== undefined) {
    const profile = gpu.migProfile;
    const m = typeof profile === 'string' ? MIG_PROFILE.exec(profile) : null;
    if (typeof profile === 'string' && /^[1-9]\d*c\./.test(profile)) {
      fail(where, 'gpu.profile', profile, 'a GPU-instance profile without a compute-instance prefix (\'<slices>g.<memory>gb\'): '
        + 'the device plugin does not advertise compute-instance profiles', 'e.g. Gpu.nvidiaMig(\'1g.10gb\', 1)');
    }
    if (!m || !MIG_GPU_INSTANCE_SLICES.has(Number(m[1]))) {
      fail(where, 'gpu.profile', profile, 'a MIG profile \'<slices>g.<memory>gb\' with 1, 2, 3, 4, 6, 7 or 8 slices, '
        + 'optionally with \'+me\', \'+me.all\', \'+gfx\' or \'-me\'',
      'copy it from `nvidia-smi mig -lgip` or the node\'s nvidia.com/mig-* resources, e.g. \'1g.10gb\', \'3g.40gb\' or \'1g.10gb+me\'');
    }
  }
  if (typeof gpu.resourceName !== 'string' || !isExtendedResourceName(gpu.resourceName)) {
    fail(where, 'gpu.resourceName', gpu.resourceName,
      'an extended resource name (a domain-prefixed name outside kubernetes.io, e.g. \'example.com/gpu\')', 'use the name the device plugin advertises');
  }
  if (typeof gpu.taintKey !== 'string' || !isQualifiedName(gpu.taintKey)) {
    fail(where, 'gpu.taintKey', gpu.taintKey, 'a valid taint key ([prefix/]name)', 'e.g. \'nvidia.com/gpu\'');
  }
  if (gpu.productLabelKey !== undefined && (typeof gpu.productLabelKey !== 'string' || !isQualifiedName(gpu.productLabelKey))) {
    fail(where, 'gpu.productLabelKey', gpu.productLabelKey, 'a valid label key ([prefix/]name)', 'e.g. \'nvidia.com/gpu.product\'');
  }
}

function renderGpuPlacement(where: Where, gpu: Gpu, userSelector: { [key: string]: string }):
{ nodeSelector: { [key: string]: string }; toleration?: kplus.k8s.Toleration } {
  const nodeSelector: { [key: string]: string } = {};
  const product = gpu.options.product;
  if (product !== undefined) {
    if (!gpu.productLabelKey) {
      fail(where, 'gpu.product', product, 'left out for a GPU without a product label key', 'set \'productLabelKey\' in Gpu.custom(), or use \'nodeSelector\'');
    }
    // ValidateNodeSelector -> ValidateLabels (1.28): the value must be a label value; an empty
    // one would select nodes that have the label with no value, never a GPU model.
    if (typeof product !== 'string' || !isLabelValue(product) || product === '') {
      fail(where, 'gpu.product', product, 'a valid label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')', 'copy the value of the node\'s product label, e.g. \'NVIDIA-A100-SXM4-80GB\'');
    }
    const existing = userSelector[gpu.productLabelKey];
    if (existing !== undefined && existing !== product) {
      fail(where, `nodeSelector.${gpu.productLabelKey}`, existing, `the same as the GPU's product (${product})`, 'set the product in one place');
    }
    nodeSelector[gpu.productLabelKey] = product;
  }
  const tolerate = gpu.options.tolerateTaint ?? Defaults.GPU_TOLERATE_TAINT;
  return {
    nodeSelector,
    toleration: tolerate ? { key: gpu.taintKey, operator: 'Exists', effect: 'NoSchedule' } : undefined,
  };
}

/** The `/dev/shm` a container gets from its runtime without a volume (Docker and containerd: 64 MiB). */
const RUNTIME_SHM_MIB = 64;

/**
 * The memory-backed `/dev/shm`: `sharedMemory` when given; with a GPU, `Defaults.SHM_PER_GPU` per
 * device, capped at `Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT` of the memory limit (tmpfs pages
 * are charged to the memory cgroup of the writing container, and the kubelet sizes the tmpfs to
 * at most the pod's memory limit: calculateEmptyDirMemorySize, pkg/volume/emptydir). A cap below
 * the runtime's own 64 MiB adds nothing, so no volume is added then.
 */
function resolveSharedMemory(where: Where, props: BatchJobOptions, memory: Size | undefined, gpu: Gpu | undefined): Size | undefined {
  checkExclusive(where, 'sharedMemory', props.sharedMemory, 'disableSharedMemory', props.disableSharedMemory);
  if (props.disableSharedMemory) return undefined;
  if (props.sharedMemory !== undefined) {
    checkQuantity(where, 'sharedMemory', props.sharedMemory.asString(), true);
    return props.sharedMemory;
  }
  if (!gpu) return undefined;
  const wanted = Defaults.SHM_PER_GPU.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }) * gpu.count;
  const memoryLimit = props.disableMemoryLimit ? undefined : (props.memoryLimit ?? memory ?? Defaults.MEMORY_REQUEST);
  const cap = memoryLimit
    ? Math.floor(memoryLimit.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }) * Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT)
    : wanted;
  const mib = Math.min(wanted, cap);
  return mib > RUNTIME_SHM_MIB ? mebibytes(mib) : undefined;
}

/** A size of whole MiB, written in GiB when it is a whole number of them (`16Gi`, not `16384Mi`). */
export function mebibytes(mib: number): Size {
  return mib % 1024 === 0 ? Size.gibibytes(mib / 1024) : Size.mebibytes(mib);
}

// -------------------------------------------------------------------------------------------------
// Volumes
// -------------------------------------------------------------------------------------------------

class VolumeSet {
  private readonly byName = new Map<string, { volume?: kplus.Volume; kube: kplus.k8s.Volume; prop: string }>();
  constructor(private readonly where: Where) {}

  public addBuiltIn(name: string, source: Omit<kplus.k8s.Volume, 'name'>): void {
    this.byName.set(name, { kube: { name, ...source }, prop: '(built-in)' });
  }

  public add(prop: string, volume: kplus.Volume): string {
    if (!(volume instanceof kplus.Volume)) {
      fail(this.where, prop, volume, 'a kplus.Volume', 'e.g. Volume.fromPersistentVolumeClaim(this, \'data\', claim)');
    }
    const existing = this.byName.get(volume.name);
    if (existing) {
      if (existing.volume === volume) return volume.name;
      const why = existing.volume ? `another volume (${existing.prop}) already has that name` : 'the name is used by a volume the construct adds';
      fail(this.where, prop, volume.name, `a unique volume name: ${why}`, 'give the volume another name');
    }
    checkDnsLabel(this.where, `${prop}.name`, volume.name);
    this.byName.set(volume.name, { volume, kube: volume._toKube(), prop });
    return volume.name;
  }

  public toKube(): kplus.k8s.Volume[] | undefined {
    const all = [...this.byName.values()].map(v => v.kube);
    return all.length ? all : undefined;
  }
}

function renderMounts(
  where: Where, prop: string, mounts: VolumeMount[] | undefined, volumes: VolumeSet, already: kplus.k8s.VolumeMount[],
): kplus.k8s.VolumeMount[] {
  const paths = new Set(already.map(m => m.mountPath));
  return (mounts ?? []).map((m, i) => {
    const p = `${prop}[${i}]`;
    const name = volumes.add(`${p}.volume`, m.volume);
    if (typeof m.path !== 'string' || !m.path.startsWith('/')) {
      fail(where, `${p}.path`, m.path, 'an absolute path', 'e.g. \'/data\'');
    }
    const normalized = m.path.replace(/\/+$/, '') || '/';
    if (paths.has(normalized)) {
      fail(where, `${p}.path`, m.path, 'unique among the container\'s mounts', 'mount each volume at its own path');
    }
    paths.add(normalized);
    if (m.subPath !== undefined && (m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
      fail(where, `${p}.subPath`, m.subPath, 'a relative path without \'..\'', 'e.g. \'checkpoints/run-1\'');
    }
    return { name, mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath };
  });
}

// -------------------------------------------------------------------------------------------------
// Tolerations
// -------------------------------------------------------------------------------------------------

function renderToleration(where: Where, prop: string, t: Toleration): kplus.k8s.Toleration {
  const operator = t.operator ?? TolerationOperator.EQUAL;
  if (t.key !== undefined && !isQualifiedName(t.key)) {
    fail(where, `${prop}.key`, t.key, 'a valid taint key ([prefix/]name)', 'e.g. \'nvidia.com/gpu\'');
  }
  if (t.key === undefined && operator !== TolerationOperator.EXISTS) {
    fail(where, `${prop}.operator`, operator, '\'Exists\' when no key is given (it then tolerates every taint)', 'set a key, or use TolerationOperator.EXISTS');
  }
  if (operator === TolerationOperator.EXISTS && t.value !== undefined && t.value !== '') {
    fail(where, `${prop}.value`, t.value, 'empty with the \'Exists\' operator', 'remove the value, or use TolerationOperator.EQUAL');
  }
  if (t.value !== undefined && !isLabelValue(t.value)) {
    fail(where, `${prop}.value`, t.value, 'a valid label value', 'e.g. \'gpu\'');
  }
  if (t.tolerationSeconds !== undefined && t.effect !== kplus.TaintEffect.NO_EXECUTE) {
    fail(where, `${prop}.tolerationSeconds`, t.tolerationSeconds, 'used only with the NoExecute effect', 'set effect: TaintEffect.NO_EXECUTE, or remove tolerationSeconds');
  }
  checkDuration(where, `${prop}.tolerationSeconds`, t.tolerationSeconds, 0, 'e.g. Duration.minutes(5)');
  return {
    key: t.key,
    operator,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds?.toSeconds(),
  };
}

// -------------------------------------------------------------------------------------------------
// Pod failure policy
// -------------------------------------------------------------------------------------------------

function renderPodFailurePolicy(
  where: Where, props: BatchJobOptions, shape: JobShape, restartPolicy: kplus.RestartPolicy, containerName: string,
): kplus.k8s.PodFailurePolicy | undefined {
  const never = restartPolicy === kplus.RestartPolicy.NEVER;
  const rules: PodFailurePolicyRule[] = [];
  const codes = props.failFastExitCodes;
  if (codes !== undefined && codes.length > 0) {
    checkExitCodes(where, 'failFastExitCodes', codes);
    rules.push(exitCodeRule('FailJob', containerName, codes));
  }
  for (const rule of shape.podFailureRules ?? []) {
    const both = (rule.onExitCodes?.values ?? []).filter(c => codes?.includes(c));
    if (rule.action === 'FailIndex' && both.length > 0) {
      fail(where, 'failFastExitCodes', codes, `free of the codes in 'failShardExitCodes' (${both.join(', ')} in both): the FailJob rule comes first, so the shard rule would never match`,
        'list each exit code in one of the two');
    }
  }
  rules.push(...(shape.podFailureRules ?? []));
  const ignoreDisruptions = props.ignoreDisruptions ?? (never ? Defaults.IGNORE_DISRUPTIONS : false);
  if (ignoreDisruptions) {
    rules.push({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
  }
  if (rules.length === 0) return undefined;
  if (!never) {
    const prop = codes?.length ? 'failFastExitCodes' : props.ignoreDisruptions ? 'ignoreDisruptions' : 'restartPolicy';
    const value = prop === 'failFastExitCodes' ? codes : prop === 'ignoreDisruptions' ? props.ignoreDisruptions : restartPolicy;
    fail(where, prop, value, 'used with restartPolicy Never (a pod failure policy requires it)', 'use RestartPolicy.NEVER, or remove the pod failure policy options');
  }
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) {
    fail(where, 'podFailurePolicy', `${rules.length} rules`, `at most ${MAX_POD_FAILURE_POLICY_RULES} rules`, 'merge exit codes into fewer rules');
  }
  return { rules };
}

/**
 * A rule matching exit codes of one container. The 1.28 OpenAPI (and so the generated type)
 * wrongly lists `onPodConditions` as required; the API server accepts a rule without it
 * (kubernetes/kubernetes#120204), so the type is widened here.
 */
export function exitCodeRule(action: string, containerName: string, codes: number[]): PodFailurePolicyRule {
  const rule = { action, onExitCodes: { containerName, operator: 'In', values: [...codes].sort((a, b) => a - b) } };
  return rule as PodFailurePolicyRule;
}

/** Exit codes for an `In` rule: whole numbers 1..255, unique, at most 255 of them. */
export function checkExitCodes(where: Where, prop: string, codes: number[]): void {
  const seen = new Set<number>();
  for (const code of codes) {
    if (!Number.isInteger(code) || code < 1 || code > 255) {
      fail(where, prop, codes, `exit codes from 1 to 255 (got ${show(code)}; 0 means success and cannot fail a pod)`, 'remove that value');
    }
    if (seen.has(code)) {
      fail(where, prop, codes, `free of duplicates (${code} appears twice)`, 'list each exit code once');
    }
    seen.add(code);
  }
  if (codes.length > MAX_EXIT_CODE_VALUES) {
    fail(where, prop, `${codes.length} values`, `at most ${MAX_EXIT_CODE_VALUES} values`, 'list fewer exit codes');
  }
}

/**
 * Creates the construct's `Resource` child: a batch/v1 Job. It is a plain `ApiObject` whose spec
 * is already JSON, so escape-hatch patches apply to the final manifest. (The generated `KubeJob`
 * converts its props again after the patches, and so drops patched values its types do not
 * expect: a plain quantity such as `'1'` for a GPU, or a field newer than 1.28.)
 */
export function newKubeJob(scope: Construct, rendered: RenderedJob, namespace: string | undefined): ApiObject {
  return new ApiObject(scope, 'Resource', {
    apiVersion: k8s.KubeJob.GVK.apiVersion,
    kind: k8s.KubeJob.GVK.kind,
    metadata: { name: rendered.name, namespace, labels: rendered.labels, annotations: rendered.annotations },
    spec: k8s.toJson_JobSpec(rendered.spec),
  });
}
