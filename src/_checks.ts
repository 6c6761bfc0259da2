/**
 * Internal: the props checks of every Job a construct renders (step 2 of 3: the runtime types,
 * src/_props.ts; these checks; the renderer, src/_render.ts; and the final gate, src/_gate.ts).
 *
 * Each check names the prop as the user wrote it and says how to fix it. The checks are grouped
 * in sections that do not depend on each other, and every failing section is reported: one
 * synthesis shows all problems of a construct at once. Nothing here renders; the renderer never
 * checks.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkManagedBy, checkPodReplacementPolicy, checkPodResources } from './_features';
import { withGpuSizing } from './_gpu-sizing';
import { PRIORITY_CLASS_LABEL, QUEUE_LABEL, checkQueueNames } from './_kueue';
import { checkPlacement } from './_placement';
import { checkPodFailurePolicy } from './_pod-failure-policy';
import { checkEnv, checkEnvFrom, checkToleration } from './_pod-fields';
import type { JobShape } from './_render';
import { NVIDIA_VISIBLE_DEVICES, ResourceInput, checkGpu, checkGpuPlacement, checkResourceProps, isGpuResource, resolveSharedMemory } from './_resources';
import { requireFeature } from './_target';
import {
  CONTROLLER_UID_LABELS, JOB_NAME_LABELS, Problems, Where, checkAnnotations, checkDnsLabel, checkDuration, checkExclusive, checkImage,
  checkInstance, checkInteger, checkLabels, checkObjectName, checkQuantity, fail, isDns1123Subdomain, isLabelValue, quantityValue,
} from './_validate';
import { checkMounts, checkVolumes } from './_volumes';
import { InitContainer, PodSecurity } from './container-options';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';
import { RerunMode } from './rerun';
import { enabled } from './rules/versions';

const MAX_INT32 = 2 ** 31 - 1;

/** Characters `RerunStrategy.contentHash()` adds to a name: '-' and 8 hex digits. */
export const CONTENT_HASH_SUFFIX_LENGTH = 9;
const RESERVED_POD_LABELS = [...JOB_NAME_LABELS, ...CONTROLLER_UID_LABELS];

/**
 * Checks the props of a Job (or a CronJob's job template) and throws one `BatchValidationError`
 * with every problem found.
 *
 * @param where the construct kind and path
 * @param props the user's props (their runtime types are already checked)
 * @param shape what the construct adds
 * @param maxNameLength the kind's name length limit
 */
export function checkJobProps(where: Where, props: BatchJobOptions, shape: JobShape, maxNameLength: number, chartNamespace?: string): void {
  shape = withGpuSizing(props, shape);
  const problems = new Problems();
  problems.check(() => checkMetadata(where, props, shape, maxNameLength));
  problems.check(() => checkLifecycle(where, props, shape));
  problems.check(() => checkPodSecurity(where, props));
  const gpuOk = problems.check(() => {
    if (props.gpu !== undefined) checkGpu(where, props.gpu);
  });
  problems.check(() => checkVolumes(where, props, isRestricted(props), readOnlyRoot(props), gpuOk ? sharedMemory(where, props, shape) : undefined));
  problems.check(() => checkMainContainer(where, props, shape, gpuOk));
  if (gpuOk) problems.check(() => checkMainResources(where, props, shape));
  problems.check(() => {
    if (props.sidecars !== undefined && props.sidecars.length > 0) requireFeature(where, shape.target, 'sidecars', props.sidecars);
  });
  (props.sidecars ?? []).forEach((sidecar, i) => problems.check(() => checkInitContainer(where, `sidecars[${i}]`, sidecar, props, shape)));
  (props.initContainers ?? []).forEach((init, i) => problems.check(() => checkInitContainer(where, `initContainers[${i}]`, init, props, shape)));
  problems.check(() => {
    const names = new Set([props.containerName ?? Defaults.CONTAINER_NAME]);
    for (const [prop, list] of [['sidecars', props.sidecars], ['initContainers', props.initContainers]] as const) {
      (list ?? []).forEach((c, i) => {
        if (names.has(c.name)) fail(where, `${prop}[${i}].name`, c.name, 'unique among the pod\'s containers (main, sidecars and init containers)', `rename this ${prop === 'sidecars' ? 'sidecar' : 'init container'}`);
        names.add(c.name);
      });
    }
  });
  problems.check(() => checkPodReplacementPolicy(where, props, shape, restartPolicyOf(props)));
  problems.check(() => checkManagedBy(where, shape.target, props.managedBy));
  if (gpuOk) {
    problems.check(() => checkPodResources(where, shape.target, props.podResources, {
      main: mainResourceInput(props, shape),
      sidecars: (props.sidecars ?? []).map(initResourceInput),
      inits: (props.initContainers ?? []).map(initResourceInput),
    }));
  }
  if (gpuOk) problems.check(() => checkScheduling(where, props, chartNamespace));
  problems.check(() => checkPodFailurePolicy(where, props, shape.podFailureRules ?? [], restartPolicyOf(props)));
  problems.check(() => checkPlacement(where, props, shape));
  problems.check(() => checkQueueing(where, props, shape));
  problems.check(() => checkRerun(where, props, maxNameLength - (shape.hostnameSuffixLength ?? 0)));
  problems.throwIfAny();
}

/** The pod's restart policy. */
export function restartPolicyOf(props: BatchJobOptions): kplus.RestartPolicy {
  return props.restartPolicy ?? Defaults.RESTART_POLICY;
}

/** Whether the pod gets the restricted profile. */
export function isRestricted(props: BatchJobOptions): boolean {
  return (props.podSecurity ?? PodSecurity.RESTRICTED) === PodSecurity.RESTRICTED;
}

/** Whether the root filesystem is read-only (and so a writable `/tmp` is added). */
export function readOnlyRoot(props: BatchJobOptions): boolean {
  return isRestricted(props) && (props.readOnlyRootFilesystem ?? Defaults.READ_ONLY_ROOT_FILESYSTEM);
}

/** The resource props of the main container: the user's, else the construct's defaults. */
export function mainResourceInput(props: BatchJobOptions, shape: JobShape): ResourceInput {
  return {
    cpu: props.cpu ?? shape.cpu,
    cpuLimit: props.cpuLimit,
    memory: props.memory ?? shape.memory,
    memoryLimit: props.memoryLimit,
    disableMemoryLimit: props.disableMemoryLimit,
    ephemeralStorage: props.ephemeralStorage,
    ephemeralStorageLimit: props.ephemeralStorageLimit,
    extendedResources: props.extendedResources,
    gpu: props.gpu,
  };
}

/** The resource props of an init container or a sidecar. */
function initResourceInput(init: InitContainer): ResourceInput {
  return { cpu: init.cpu, memory: init.memory, extendedResources: init.extendedResources };
}

/** The `/dev/shm` size of the main container, checked. */
export function sharedMemory(where: Where, props: BatchJobOptions, shape: JobShape): Size | undefined {
  return resolveSharedMemory(where, props, props.memory ?? shape.memory, props.gpu);
}

// -------------------------------------------------------------------------------------------------
// Sections
// -------------------------------------------------------------------------------------------------

function checkMetadata(where: Where, props: BatchJobOptions, shape: JobShape, maxNameLength: number): void {
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
  for (const [prop, labels] of [['labels', props.labels], ['podLabels', props.podLabels]] as const) {
    for (const key of Object.keys(labels ?? {})) {
      if (RESERVED_POD_LABELS.includes(key)) {
        fail(where, `${prop}.${key}`, key, 'left to the Job controller, which sets it on every pod to the Job\'s name or uid',
          'remove it, and select the pods by another label');
      }
    }
  }
  checkAnnotations(where, 'annotations', props.annotations);
  checkAnnotations(where, 'podAnnotations', props.podAnnotations);
  if (props.recommendedLabels ?? Defaults.RECOMMENDED_LABELS) {
    if (props.appName !== undefined && !isLabelValue(props.appName)) {
      fail(where, 'appName', props.appName, 'a valid label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')', 'e.g. \'resnet-training\'');
    }
  } else if (props.appName !== undefined) {
    fail(where, 'appName', props.appName, 'left out when \'recommendedLabels\' is false', 'remove one of the two');
  }
}

function checkLifecycle(where: Where, props: BatchJobOptions, shape: JobShape): void {
  checkInteger(where, 'backoffLimit', props.backoffLimit, 0, MAX_INT32, 'use 0 for no retries');
  checkDuration(where, 'activeDeadline', props.activeDeadline, 1, 'e.g. Duration.hours(6)');
  checkDuration(where, 'ttlAfterFinished', props.ttlAfterFinished, 0, 'e.g. Duration.days(1); Duration.seconds(0) deletes at once');
  checkExclusive(where, 'activeDeadline', props.activeDeadline, 'disableActiveDeadline', props.disableActiveDeadline);
  checkExclusive(where, 'ttlAfterFinished', props.ttlAfterFinished, 'disableTtl', props.disableTtl);
  const restartPolicy = restartPolicyOf(props);
  if (restartPolicy === kplus.RestartPolicy.ALWAYS) {
    fail(where, 'restartPolicy', restartPolicy, '\'Never\' or \'OnFailure\' (a Job\'s pods run to completion)', 'use RestartPolicy.NEVER');
  }
  if (shape.backoffLimitPerIndex !== undefined && restartPolicy !== kplus.RestartPolicy.NEVER) {
    // JobSpec.backoffLimitPerIndex (1.28 API): only with restart policy Never, since a shard's
    // failures are counted in failed pods.
    fail(where, 'restartPolicy', restartPolicy, '\'Never\' with a per-shard backoff limit (\'backoffLimitPerShard\')',
      'use RestartPolicy.NEVER (the default), or remove backoffLimitPerShard');
  }
  checkDuration(where, 'terminationGracePeriod', props.terminationGracePeriod, 0, 'e.g. Duration.seconds(60)');
}

function checkPodSecurity(where: Where, props: BatchJobOptions): void {
  if (!isRestricted(props)) {
    for (const [prop, value] of Object.entries({
      runAsUser: props.runAsUser, runAsGroup: props.runAsGroup, fsGroup: props.fsGroup, readOnlyRootFilesystem: props.readOnlyRootFilesystem,
    })) {
      if (value !== undefined) {
        fail(where, prop, value, 'left out when \'podSecurity\' is PodSecurity.NONE', 'remove it, or use PodSecurity.RESTRICTED');
      }
    }
  }
  checkInteger(where, 'runAsUser', props.runAsUser, 1, MAX_INT32, 'the restricted profile runs as a non-root user: pick a uid such as 1000');
  checkInteger(where, 'runAsGroup', props.runAsGroup, 0, MAX_INT32, 'e.g. 1000');
  checkInteger(where, 'fsGroup', props.fsGroup, 0, MAX_INT32, 'e.g. 1000');
  if (props.tmpSizeLimit !== undefined && !readOnlyRoot(props)) {
    fail(where, 'tmpSizeLimit', props.tmpSizeLimit, 'left out when the root filesystem is writable (no /tmp volume is added)', 'remove it');
  }
  checkInstance(where, 'tmpSizeLimit', props.tmpSizeLimit, Size, 'a cdk8s Size', 'Size.gibibytes(10)', 'cdk8s');
  checkQuantity(where, 'tmpSizeLimit', props.tmpSizeLimit?.asString(), true);
}

function checkMainContainer(where: Where, props: BatchJobOptions, shape: JobShape, gpuOk: boolean): void {
  checkDnsLabel(where, 'containerName', props.containerName);
  checkMounts(where, 'volumeMounts', props.volumeMounts, builtInMountPaths(where, props, shape));
  const relaxed = relaxedEnvNames(shape);
  const names = checkEnv(where, 'env', props.env, relaxed);
  if (gpuOk && props.gpu?.resourceName.startsWith('nvidia.com/') && names.includes(NVIDIA_VISIBLE_DEVICES)) {
    fail(where, `env.${NVIDIA_VISIBLE_DEVICES}`, props.env![NVIDIA_VISIBLE_DEVICES].value ?? '(from a source)',
      'left unset with \'gpu\': the NVIDIA device plugin sets it to the GPUs allocated to the container, and a value of your own exposes other GPUs',
      'remove it; use CUDA_VISIBLE_DEVICES to pick among the allocated GPUs');
  }
  for (const extra of shape.extraEnv ?? []) {
    if (names.includes(extra.name)) {
      fail(where, `env.${extra.name}`, extra.name, `left to ${where.kind}, which sets it`, 'rename your variable, or change the name the construct uses');
    }
  }
  (props.envFrom ?? []).forEach((e, i) => checkEnvFrom(where, `envFrom[${i}]`, e._toKube(), relaxed));
  checkImage(where, 'image', props.image, props.allowUnpinnedImage ?? false);
  const pullPolicies = Object.values(kplus.ImagePullPolicy) as string[];
  if (props.imagePullPolicy !== undefined && !pullPolicies.includes(props.imagePullPolicy)) {
    fail(where, 'imagePullPolicy', props.imagePullPolicy, `one of ${pullPolicies.join(', ')}`, 'e.g. ImagePullPolicy.IF_NOT_PRESENT');
  }
}

function checkMainResources(where: Where, props: BatchJobOptions, shape: JobShape): void {
  const limits = checkResourceProps(where, '', mainResourceInput(props, shape));
  const shm = sharedMemory(where, props, shape);
  if (shm && limits.memory !== undefined && quantityValue(shm.asString()) >= quantityValue(limits.memory)) {
    fail(where, 'sharedMemory', shm, `smaller than the memory limit (${limits.memory}), which it counts within`,
      'raise \'memory\'/\'memoryLimit\' or lower \'sharedMemory\'');
  }
}

/** Mount paths the construct adds to the main container: `/tmp`, and `/dev/shm` when it gets one. */
function builtInMountPaths(where: Where, props: BatchJobOptions, shape: JobShape): string[] {
  const paths: string[] = [];
  if (readOnlyRoot(props)) paths.push(Defaults.TMP_MOUNT_PATH);
  let shm: Size | undefined;
  try {
    shm = sharedMemory(where, props, shape);
  } catch {
    // reported by its own section
  }
  if (shm) paths.push(Defaults.SHM_MOUNT_PATH);
  return paths;
}

/** Whether the target's API server takes relaxed env var names (RelaxedEnvironmentVariableValidation). */
function relaxedEnvNames(shape: JobShape): boolean {
  return enabled('RelaxedEnvironmentVariableValidation', shape.target);
}

function checkInitContainer(where: Where, prop: string, init: InitContainer, props: BatchJobOptions, shape: JobShape): void {
  checkDnsLabel(where, `${prop}.name`, init.name);
  checkImage(where, `${prop}.image`, init.image, props.allowUnpinnedImage ?? false);
  for (const resource of Object.keys(init.extendedResources ?? {})) {
    if (isGpuResource(resource, props.gpu)) {
      const why = prop.startsWith('sidecars') ? 'a sidecar holding a GPU keeps it from the main container for the pod\'s whole life'
        : 'an init container holding a GPU blocks it for the whole pod start-up';
      fail(where, `${prop}.extendedResources`, resource, `free of GPU resources (${why})`,
        'request GPUs through the job\'s \'gpu\' prop, for the main container');
    }
  }
  checkMounts(where, `${prop}.volumeMounts`, init.volumeMounts, readOnlyRoot(props) ? [Defaults.TMP_MOUNT_PATH] : []);
  checkEnv(where, `${prop}.env`, init.env, relaxedEnvNames(shape));
  checkResourceProps(where, `${prop}.`, initResourceInput(init));
}

function checkScheduling(where: Where, props: BatchJobOptions, chartNamespace: string | undefined): void {
  checkLabels(where, 'nodeSelector', props.nodeSelector);
  (props.tolerations ?? []).forEach((t, i) => checkToleration(where, `tolerations[${i}]`, t));
  const gpu = props.gpu;
  if (gpu) {
    checkGpuPlacement(where, gpu, props.nodeSelector ?? {});
    const gpuClass = gpu.options.runtimeClassName;
    if (gpuClass !== undefined && props.runtimeClassName !== undefined && props.runtimeClassName !== gpuClass) {
      fail(where, 'runtimeClassName', props.runtimeClassName, `the same as the GPU's runtimeClassName (${gpuClass})`, 'set it in one place');
    }
  }
  // A pod can only use a service account of its own namespace.
  const account = props.serviceAccount as { toSubjectConfiguration?: () => { namespace?: unknown } } | undefined;
  const accountNamespace = typeof account?.toSubjectConfiguration === 'function' ? account.toSubjectConfiguration().namespace : undefined;
  const namespace = props.namespace ?? chartNamespace;
  if (typeof accountNamespace === 'string' && namespace !== undefined && accountNamespace !== namespace) {
    fail(where, 'serviceAccount', props.serviceAccount!.name,
      `a service account of the Job's namespace (${JSON.stringify(namespace)}), not of ${JSON.stringify(accountNamespace)}: a pod can only use a service account of its own namespace`,
      'use a service account in the Job\'s namespace, or run the Job in the service account\'s');
  }
  const runtimeClassName = props.runtimeClassName ?? gpu?.options.runtimeClassName;
  for (const [prop, value] of [['priorityClassName', props.priorityClassName], ['runtimeClassName', runtimeClassName], ['serviceAccount', props.serviceAccount?.name]] as const) {
    if (value !== undefined && !isDns1123Subdomain(value)) {
      fail(where, prop, value, 'a DNS-1123 name', `use the name of an existing ${prop === 'serviceAccount' ? 'service account, e.g. \'trainer\'' : 'class, e.g. \'high-priority\''}`);
    }
  }
}

/** Kueue: names, the labels set once, no `suspend: false`, partial admission within its range. */
function checkQueueing(where: Where, props: BatchJobOptions, shape: JobShape): void {
  checkQueueNames(where, props.queue, props.workloadPriorityClass);
  for (const [label, prop] of [[QUEUE_LABEL, 'queue'], [PRIORITY_CLASS_LABEL, 'workloadPriorityClass']] as const) {
    for (const labelsProp of ['labels', 'podLabels'] as const) {
      const value = props[labelsProp]?.[label];
      if (value !== undefined) {
        fail(where, `${labelsProp}.${label}`, value, `set through the '${prop}' prop: it labels the Job only (not its pods) and leaves 'suspend' to Kueue`,
          `use ${prop}: ${JSON.stringify(value)}`);
      }
    }
  }
  if (props.queue !== undefined && props.suspend === false) {
    fail(where, 'suspend', false, 'left out for a queued Job: Kueue suspends it when it is created and resumes it when it admits it; '
      + 'a `suspend: false` in the manifest starts it outside the queue, and a GitOps tool would undo Kueue\'s suspend as drift', 'remove suspend');
  }
  if (shape.minParallelism !== undefined) {
    const prop = 'minParallelism';
    if (props.queue === undefined) {
      fail(where, prop, shape.minParallelism, 'used with \'queue\' (partial admission is Kueue\'s)', 'set queue too, or remove minParallelism');
    }
    // Kueue's Job webhook: 0 < min < the pods that would run at once (parallelism, at most completions).
    const pods = Math.min(shape.parallelism ?? 1, shape.completions ?? Number.MAX_SAFE_INTEGER);
    if (shape.minParallelism < 1 || shape.minParallelism >= pods) {
      fail(where, prop, shape.minParallelism, `from 1 to ${pods - 1}, fewer than the ${pods} pods that run at once (Kueue's Job webhook refuses other values)`,
        pods > 1 ? `e.g. minParallelism: ${Math.max(1, Math.floor(pods / 2))}` : 'raise parallelism above 1, or remove minParallelism');
    }
  }
}

/** Re-run strategies: a name that leaves room for the hash, and no TTL that a GitOps tool would undo. */
function checkRerun(where: Where, props: BatchJobOptions, nameLimit: number): void {
  const strategy = props.rerunStrategy;
  if (strategy === undefined) return;
  if (strategy._problem !== undefined) {
    fail(where, 'rerunStrategy', strategy, `made with valid arguments: ${strategy._problem}`, 'e.g. RerunStrategy.argoCdReplace(true) or RerunStrategy.argoCdHook(ArgoCdHookPhase.PRE_SYNC)');
  }
  if (strategy.mode === RerunMode.CONTENT_HASH && props.name !== undefined && props.name.length + CONTENT_HASH_SUFFIX_LENGTH > nameLimit) {
    fail(where, 'name', props.name, `at most ${nameLimit - CONTENT_HASH_SUFFIX_LENGTH} characters with RerunStrategy.contentHash(), which appends '-' and 8 hex digits`,
      'shorten it, or leave it out to get a generated name that fits');
  }
  if (strategy.keepsJobInLiveState && props.ttlAfterFinished !== undefined) {
    fail(where, 'ttlAfterFinished', props.ttlAfterFinished,
      `left out with ${strategy.toString()}: a self-healing GitOps tool re-creates a Job its TTL deleted, and the Job runs again`,
      'remove ttlAfterFinished (the strategy turns the TTL off; the GitOps tool prunes old Jobs), or use RerunStrategy.argoCdHook()');
  }
}
