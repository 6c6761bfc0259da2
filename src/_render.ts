/**
 * Internal: the one renderer. Every construct (and the CronJob's job template) goes through
 * `renderJob`, which has the props checked (src/_checks.ts) and then builds the pod template and
 * the JobSpec without checking anything itself. Nothing else renders a pod spec; the final gate
 * (src/_gate.ts) checks what it built.
 */
import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, Names, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CONTENT_HASH_SUFFIX_LENGTH, checkJobProps, isRestricted, mainResourceInput, readOnlyRoot, restartPolicyOf } from './_checks';
import { podReplacementPolicyOf, renderPodResources, renderSuccessPolicy } from './_features';
import { GatedApiObject } from './_gate';
import { withGpuSizing } from './_gpu-sizing';
import { MIN_PARALLELISM_ANNOTATION, kueueLabels } from './_kueue';
import { withPlacement } from './_placement';
import { renderPodFailurePolicy } from './_pod-failure-policy';
import { renderEnv, renderToleration } from './_pod-fields';
import { renderGpuPlacement, renderResources, sharedMemorySize, sizeQuantity } from './_resources';
import { Where, isPinnedImage } from './_validate';
import { VolumeSet, renderMounts } from './_volumes';
import { InitContainer } from './container-options';
import { Defaults } from './defaults';
import { SuccessPolicyRule } from './job-features';
import { BatchJobOptions } from './job-options';
import { RerunMode } from './rerun';
import type { Target } from './rules/versions';

const k8s = kplus.k8s;
type JobSpec = kplus.k8s.JobSpec;
type PodFailurePolicyRule = kplus.k8s.PodFailurePolicyRule;

/** What differs between the constructs that share this renderer. */
export interface JobShape {
  /** `app.kubernetes.io/component` value. */
  readonly component: string;
  /** The Kubernetes version (and enabled gates) the Job is written for (src/_target.ts). */
  readonly target: Target;
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
  /** The success policy (checked by the construct; `[]` writes none). */
  readonly successPolicy?: SuccessPolicyRule[];
  /** Give the Job `Defaults.GPU_POD_REPLACEMENT_POLICY` where the target keeps it, even without a `gpu`. */
  readonly replaceFailedPods?: boolean;
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
  /** Kueue partial admission: the fewest pods at once Kueue may admit the Job with. */
  readonly minParallelism?: number;
  /** The pods' `subdomain` (a headless Service of the construct's: `<hostname>.<subdomain>` resolves). */
  readonly subdomain?: string;
  /** Ports the construct gives the main container (before the user's `ports`). */
  readonly ports?: kplus.k8s.ContainerPort[];
  /** Labels that select the construct's own pods (pod anti-affinity, topology spread); see src/_placement.ts. */
  readonly ownPodLabels?: { [key: string]: string };
}

/** The result: metadata pieces and the JobSpec. */
export interface RenderedJob {
  readonly name: string;
  /** Labels of the object (a Job, or a CronJob and the Jobs it creates) and its pods. */
  readonly labels: { [key: string]: string };
  /** The user's annotations of the object. */
  readonly annotations?: { [key: string]: string };
  /** Kueue's labels: on the Job only (a CronJob's job template), never on its pods. */
  readonly queueLabels: { [key: string]: string };
  /** Kueue's annotations: on the Job only (a CronJob's job template). */
  readonly queueAnnotations: { [key: string]: string };
  /** The re-run strategy's annotations: on a Job only. */
  readonly rerunAnnotations: { [key: string]: string };
  /** The JobSpec, with the fields newer than the 1.28 types of cdk8s-plus-28 set beside the typed ones (`NewerFields`). */
  readonly spec: JobSpec;
  /** The Kubernetes version (and enabled gates) the Job is written and checked for. */
  readonly target: Target;
}

/** Fields of a JobSpec (and its pod spec) newer than the 1.28 types of cdk8s-plus-28. */
interface NewerFields {
  successPolicy?: unknown;
  managedBy?: string;
}


/**
 * Checks `props` (src/_checks.ts; their runtime types are already checked by the construct) and
 * renders the Job's name, labels and spec. Nothing below the checks throws.
 *
 * @param scope the construct (its path is named in every error)
 * @param kind the construct kind for error messages
 * @param props the user's props
 * @param shape what the construct adds
 * @param maxNameLength the kind's name length limit (63 for Job, 52 for CronJob)
 */
export function renderJob(scope: Construct, kind: string, props: BatchJobOptions, shape: JobShape, maxNameLength: number): RenderedJob {
  const where: Where = { kind, path: scope.node.path };
  shape = withGpuSizing(props, shape);
  checkJobProps(where, props, shape, maxNameLength, Chart.of(scope).namespace);
  const nameLimit = maxNameLength - (shape.hostnameSuffixLength ?? 0);
  if (props.rerunStrategy?.mode !== RerunMode.CONTENT_HASH) {
    return renderNamed(scope, props, shape, props.name ?? generatedName(scope, nameLimit));
  }
  // Content-addressed: the name ends in a hash of what the Job would be under its base name.
  const base = props.name ?? generatedName(scope, nameLimit - CONTENT_HASH_SUFFIX_LENGTH);
  const draft = renderNamed(scope, props, shape, base);
  return renderNamed(scope, props, shape, `${base}-${contentHash(draft)}`);
}

/** 8 hex digits of the SHA-256 of the rendered Job (keys sorted: the same on every machine). */
function contentHash(job: RenderedJob): string {
  const { name: _name, target: _target, ...rest } = job;
  return createHash('sha256').update(stableJson(rest)).digest('hex').slice(0, 8);
}

/** JSON with object keys sorted and `undefined` left out. */
function stableJson(x: unknown): string {
  return JSON.stringify(x, (_k, value) => (value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).sort().filter(k => value[k] !== undefined).map(k => [k, value[k]]))
    : value));
}

/** Renders the Job under `name` (the props are checked). */
function renderNamed(scope: Construct, props: BatchJobOptions, shape: JobShape, name: string): RenderedJob {
  // ---- metadata -------------------------------------------------------------------------------
  const labels: { [key: string]: string } = {};
  if (props.recommendedLabels ?? Defaults.RECOMMENDED_LABELS) {
    labels['app.kubernetes.io/name'] = props.appName ?? generatedAppName(scope, name);
    labels['app.kubernetes.io/instance'] = name;
    labels['app.kubernetes.io/component'] = shape.component;
    labels['app.kubernetes.io/managed-by'] = Defaults.MANAGED_BY;
  }
  Object.assign(labels, props.labels ?? {});
  const podLabels = { ...labels, ...(props.podLabels ?? {}) };

  // ---- job lifecycle --------------------------------------------------------------------------
  const restartPolicy = restartPolicyOf(props);
  const pod = withPlacement(renderPod(props, shape, restartPolicy), props, shape, podLabels);
  const activeDeadline = props.disableActiveDeadline ? undefined : (props.activeDeadline ?? shape.activeDeadline ?? Defaults.ACTIVE_DEADLINE);
  // A GitOps tool that keeps the Job in its live state re-creates it when a TTL deletes it.
  const ttlDefault = props.rerunStrategy?.keepsJobInLiveState ? undefined : Defaults.TTL_AFTER_FINISHED;
  const ttl = props.disableTtl ? undefined : (props.ttlAfterFinished ?? ttlDefault);

  const spec: JobSpec = {
    activeDeadlineSeconds: activeDeadline?.toSeconds(),
    backoffLimit: props.backoffLimit ?? shape.backoffLimit ?? Defaults.BACKOFF_LIMIT,
    backoffLimitPerIndex: shape.backoffLimitPerIndex,
    completionMode: shape.completionMode,
    completions: shape.completions,
    maxFailedIndexes: shape.maxFailedIndexes,
    parallelism: shape.parallelism,
    podFailurePolicy: renderPodFailurePolicy(props, shape.podFailureRules ?? [], restartPolicy, pod.mainContainerName),
    podReplacementPolicy: podReplacementPolicyOf(props, shape),
    // A queued Job is suspended and resumed by Kueue: written only when set.
    suspend: props.suspend ?? (props.queue !== undefined ? undefined : Defaults.SUSPEND),
    ttlSecondsAfterFinished: ttl?.toSeconds(),
    template: {
      metadata: {
        labels: podLabels,
        annotations: props.podAnnotations,
      },
      spec: pod.spec,
    },
  };
  const newer: NewerFields = spec as NewerFields;
  if (shape.successPolicy?.length) newer.successPolicy = renderSuccessPolicy(shape.successPolicy);
  if (props.managedBy !== undefined) newer.managedBy = props.managedBy;
  const queueAnnotations: { [key: string]: string } = {};
  if (shape.minParallelism !== undefined) queueAnnotations[MIN_PARALLELISM_ANNOTATION] = String(shape.minParallelism);
  return {
    name,
    labels,
    annotations: props.annotations,
    queueLabels: kueueLabels(props.queue, props.workloadPriorityClass),
    queueAnnotations,
    rerunAnnotations: props.rerunStrategy?.annotations ?? {},
    spec,
    target: shape.target,
  };
}

// -------------------------------------------------------------------------------------------------
// Pod
// -------------------------------------------------------------------------------------------------

interface RenderedPod {
  readonly spec: kplus.k8s.PodSpec;
  readonly mainContainerName: string;
}

function renderPod(props: BatchJobOptions, shape: JobShape, restartPolicy: kplus.RestartPolicy): RenderedPod {
  const restricted = isRestricted(props);
  const readOnly = readOnlyRoot(props);
  const gpu = props.gpu;

  // ---- volumes ----------------------------------------------------------------------------------
  const volumes = new VolumeSet();
  const shm = sharedMemorySize(props, props.memory ?? shape.memory, gpu);
  if (readOnly) volumes.addBuiltIn(Defaults.TMP_VOLUME_NAME, { emptyDir: { sizeLimit: sizeQuantity(props.tmpSizeLimit) } });
  if (shm) volumes.addBuiltIn(Defaults.SHM_VOLUME_NAME, { emptyDir: { medium: 'Memory', sizeLimit: sizeQuantity(shm) } });
  volumes.addAll(props);

  // ---- containers -------------------------------------------------------------------------------
  const containerName = props.containerName ?? Defaults.CONTAINER_NAME;
  // Sidecars first: they start before the ordinary init containers, and so serve them too.
  const initContainers = [
    ...(props.sidecars ?? []).map(sidecar => ({ ...renderInitContainer(sidecar, restricted, readOnly, volumes), restartPolicy: 'Always' })),
    ...(props.initContainers ?? []).map(init => renderInitContainer(init, restricted, readOnly, volumes)),
  ];
  const mainMounts: kplus.k8s.VolumeMount[] = [];
  if (readOnly) mainMounts.push({ name: Defaults.TMP_VOLUME_NAME, mountPath: Defaults.TMP_MOUNT_PATH });
  if (shm) mainMounts.push({ name: Defaults.SHM_VOLUME_NAME, mountPath: Defaults.SHM_MOUNT_PATH });
  mainMounts.push(...renderMounts(props.volumeMounts, volumes));

  const env = renderEnv(props.env);
  if (readOnly && !env.some(e => e.name === 'HOME')) env.push({ name: 'HOME', value: Defaults.HOME_DIR });
  env.unshift(...(shape.extraEnv ?? []));

  const main: kplus.k8s.Container = {
    name: containerName,
    image: props.image,
    imagePullPolicy: props.imagePullPolicy ?? defaultPullPolicy(props.image),
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    env: env.length ? env : undefined,
    envFrom: props.envFrom?.length ? props.envFrom.map(e => e._toKube()) : undefined,
    resources: renderResources(mainResourceInput(props, shape)),
    securityContext: restricted ? containerSecurityContext(readOnly) : undefined,
    volumeMounts: mainMounts.length ? mainMounts : undefined,
  };

  // ---- scheduling -------------------------------------------------------------------------------
  const nodeSelector: { [key: string]: string } = { ...(props.nodeSelector ?? {}) };
  const tolerations = (props.tolerations ?? []).map(renderToleration);
  if (gpu) {
    const gpuPlacement = renderGpuPlacement(gpu);
    Object.assign(nodeSelector, gpuPlacement.nodeSelector);
    const t = gpuPlacement.toleration;
    if (t && !tolerations.some(x => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
  }
  const automount = props.automountServiceAccountToken ?? (props.serviceAccount ? true : Defaults.AUTOMOUNT_SERVICE_ACCOUNT_TOKEN);
  const spec: kplus.k8s.PodSpec = {
    automountServiceAccountToken: automount,
    containers: [main],
    imagePullSecrets: props.imagePullSecrets?.length ? props.imagePullSecrets.map(s => ({ name: s.name })) : undefined,
    initContainers: initContainers.length ? initContainers : undefined,
    nodeSelector: Object.keys(nodeSelector).length ? nodeSelector : undefined,
    priorityClassName: props.priorityClassName,
    restartPolicy,
    runtimeClassName: props.runtimeClassName ?? gpu?.options.runtimeClassName,
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
  // Pod-level resources: newer than cdk8s-plus-28's PodSpec type (written under its JSON name all the same).
  const podResources = renderPodResources(props.podResources);
  if (podResources) (spec as { resources?: kplus.k8s.ResourceRequirements }).resources = podResources;
  return { spec, mainContainerName: containerName };
}

function defaultPullPolicy(image: string): string {
  return isPinnedImage(image) ? Defaults.IMAGE_PULL_POLICY : Defaults.UNPINNED_IMAGE_PULL_POLICY;
}

function containerSecurityContext(readOnly: boolean): kplus.k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: readOnly,
    runAsNonRoot: true,
  };
}

function renderInitContainer(init: InitContainer, restricted: boolean, readOnly: boolean, volumes: VolumeSet): kplus.k8s.Container {
  const mounts: kplus.k8s.VolumeMount[] = [];
  if (readOnly) mounts.push({ name: Defaults.TMP_VOLUME_NAME, mountPath: Defaults.TMP_MOUNT_PATH });
  mounts.push(...renderMounts(init.volumeMounts, volumes));
  const env = renderEnv(init.env);
  if (readOnly && !env.some(e => e.name === 'HOME')) env.push({ name: 'HOME', value: Defaults.HOME_DIR });
  return {
    name: init.name,
    image: init.image,
    imagePullPolicy: defaultPullPolicy(init.image),
    command: init.command,
    args: init.args,
    env: env.length ? env : undefined,
    resources: renderResources({ cpu: init.cpu, memory: init.memory, extendedResources: init.extendedResources }),
    securityContext: restricted ? containerSecurityContext(readOnly) : undefined,
    volumeMounts: mounts.length ? mounts : undefined,
  };
}

/**
 * A generated name: cdk8s `Names.toDnsLabel` keeps '_' and '.' of construct ids, which a Job
 * name (a label value and, for Indexed Jobs, a hostname) cannot hold; they become '-'. Any
 * construct id cdk8s accepts gives a valid name (its hash part is always there).
 */
export function generatedName(scope: Construct, maxLength: number): string {
  return Names.toDnsLabel(scope, { maxLen: maxLength }).replace(/[^a-z0-9-]/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The `app.kubernetes.io/name` label: the construct path without a hash, made a valid label value
 * (cdk8s keeps characters of construct ids such as a trailing '_' or '..'); the object's name
 * when nothing is left of it.
 */
function generatedAppName(scope: Construct, objectName: string): string {
  const value = Names.toLabelValue(scope, { includeHash: false })
    .replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return value || objectName;
}

/**
 * Creates the construct's `Resource` child: a batch/v1 Job. Like every object cdk8s-batch writes,
 * it is a plain `ApiObject` whose spec is stored as manifest JSON (`manifestJson` in `_gate.ts`),
 * so escape-hatch patches apply to the final manifest (the generated `KubeJob`/`KubeCronJob`
 * convert their props again after the patches, and so drop patched values their types do not
 * expect: a plain quantity such as `'1'` for a GPU, or a field newer than 1.28). The manifest
 * rules check it before it exists (see `_gate.ts`).
 */
export function newKubeJob(scope: Construct, kind: string, rendered: RenderedJob, namespace: string | undefined, id = 'Resource'): ApiObject {
  const metadata = {
    labels: { ...rendered.labels, ...rendered.queueLabels },
    annotations: { ...rendered.annotations, ...rendered.rerunAnnotations, ...rendered.queueAnnotations },
  };
  return newResource(scope, kind, k8s.KubeJob.GVK, { ...rendered, ...metadata }, namespace, jobSpecToJson(rendered.spec), id);
}

/**
 * The JobSpec to hand to the gated object, which turns it into manifest JSON (`manifestJson` in
 * `_gate.ts`). The pod's volumes come from cdk8s-plus volumes, some of whose struct fields are
 * spelled differently in TypeScript (`volumeId` for `volumeID`): they go through cdk8s-plus's own
 * converter (all but emptyDir volumes, the built-in ones among them, whose fields have their JSON
 * names). Everything else in the spec is built here under its JSON names.
 */
export function jobSpecToJson(spec: JobSpec): JobSpec {
  const pod = spec.template.spec;
  if (!pod?.volumes?.some(v => !isEmptyDirOnly(v))) return spec;
  const volumes = pod.volumes.map(v => (isEmptyDirOnly(v) ? v : k8s.toJson_Volume(v) as kplus.k8s.Volume));
  return { ...spec, template: { ...spec.template, spec: { ...pod, volumes } } };
}

/** An emptyDir volume (the built-in `/tmp` and `/dev/shm` ones): its fields have their JSON names. */
function isEmptyDirOnly(v: kplus.k8s.Volume): boolean {
  for (const key of Object.keys(v)) if (key !== 'name' && key !== 'emptyDir' && (v as unknown as { [key: string]: unknown })[key] !== undefined) return false;
  return true;
}

/** Creates the construct's `Resource` child: a batch/v1 CronJob (see `newKubeJob`). */
export function newKubeCronJob(
  scope: Construct, kind: string, rendered: RenderedJob, namespace: string | undefined, spec: kplus.k8s.CronJobSpec,
): ApiObject {
  const json: kplus.k8s.CronJobSpec = { ...spec, jobTemplate: { ...spec.jobTemplate, spec: jobSpecToJson(spec.jobTemplate.spec!) } };
  return newResource(scope, kind, k8s.KubeCronJob.GVK, rendered, namespace, json);
}

function newResource(
  scope: Construct, kind: string, gvk: { apiVersion: string; kind: string }, rendered: RenderedJob, namespace: string | undefined, spec: unknown,
  id = 'Resource',
): ApiObject {
  return new GatedApiObject(scope, id, {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    metadata: { name: rendered.name, namespace, labels: rendered.labels, annotations: nonEmpty(rendered.annotations) },
    spec,
  }, { kind, path: scope.node.path }, rendered.target);
}

function nonEmpty(map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined;
}
