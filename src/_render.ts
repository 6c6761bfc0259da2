/**
 * Internal: the one renderer. Every construct (and the CronJob's job template) goes through
 * `renderJob`, which validates the props and builds the pod template and the JobSpec. Nothing
 * else renders a pod spec.
 */
import { ApiObject, Duration, Names, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GatedApiObject } from './_gate';
import { renderPodFailurePolicy } from './_pod-failure-policy';
import { checkEnvFrom, renderEnv, renderToleration } from './_pod-fields';
import {
  NVIDIA_VISIBLE_DEVICES, checkGpu, isGpuResource, renderGpuPlacement, renderResources, resolveSharedMemory, sizeQuantity,
} from './_resources';
import {
  CONTROLLER_UID_LABELS, JOB_NAME_LABELS, Where, checkAnnotations, checkInstance, checkDnsLabel, checkDuration, checkExclusive,
  checkImage, checkInteger, checkLabels, checkObjectName, checkQuantity, fail, isDns1123Subdomain, isLabelValue, isPinnedImage,
  quantityValue,
} from './_validate';
import { VolumeSet, renderMounts } from './_volumes';
import { Defaults } from './defaults';
import { Gpu } from './gpu';
import { BatchJobOptions, InitContainer, PodSecurity } from './job-options';

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
  const podFailurePolicy = renderPodFailurePolicy(where, props, shape.podFailureRules ?? [], restartPolicy, pod.mainContainerName);

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
  checkInstance(where, 'tmpSizeLimit', props.tmpSizeLimit, Size, 'a cdk8s Size', 'Size.gibibytes(10)', 'cdk8s');
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

const RESERVED_POD_LABELS = [...JOB_NAME_LABELS, ...CONTROLLER_UID_LABELS];

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

/**
 * Creates the construct's `Resource` child: a batch/v1 Job. Like every object cdk8s-batch writes,
 * it is a plain `ApiObject` whose spec is already JSON, so escape-hatch patches apply to the final
 * manifest (the generated `KubeJob`/`KubeCronJob` convert their props again after the patches,
 * and so drop patched values their types do not expect: a plain quantity such as `'1'` for a GPU,
 * or a field newer than 1.28). The manifest rules check it before it exists (see `_gate.ts`).
 */
export function newKubeJob(scope: Construct, kind: string, rendered: RenderedJob, namespace: string | undefined): ApiObject {
  return newResource(scope, kind, k8s.KubeJob.GVK, rendered, namespace, k8s.toJson_JobSpec(rendered.spec));
}

/** Creates the construct's `Resource` child: a batch/v1 CronJob (see `newKubeJob`). */
export function newKubeCronJob(
  scope: Construct, kind: string, rendered: RenderedJob, namespace: string | undefined, spec: kplus.k8s.CronJobSpec,
): ApiObject {
  return newResource(scope, kind, k8s.KubeCronJob.GVK, rendered, namespace, k8s.toJson_CronJobSpec(spec));
}

function newResource(
  scope: Construct, kind: string, gvk: { apiVersion: string; kind: string }, rendered: RenderedJob, namespace: string | undefined, spec: unknown,
): ApiObject {
  return new GatedApiObject(scope, 'Resource', {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    metadata: { name: rendered.name, namespace, labels: rendered.labels, annotations: rendered.annotations },
    spec,
  }, { kind, path: scope.node.path });
}
