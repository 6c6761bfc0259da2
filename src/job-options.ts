import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { InitContainer, PodSecurity, SidecarContainer, Toleration, VolumeMount } from './container-options';
import { Gpu } from './gpu';
import { PodReplacementPolicy, PodResources } from './job-features';
import { KubernetesVersion } from './kubernetes-version';
import { PlacementOptions } from './placement';
import { RerunStrategy } from './rerun';


/**
 * Props shared by every cdk8s-batch construct: the pod, its main container and the Job
 * lifecycle. Defaults come from `Defaults` (see `src/defaults.ts`).
 */
export interface BatchJobOptions extends PlacementOptions {
  // ----------------------------------------------------------------------------------------------
  // Metadata
  // ----------------------------------------------------------------------------------------------

  /**
   * `metadata.name` of the object. Must be a DNS-1123 name within the kind's length limit.
   * @default - a unique name generated from the construct path, within the length limit
   */
  readonly name?: string;

  /**
   * `metadata.namespace`.
   * @default - no namespace (the one `kubectl` or the GitOps tool applies to)
   */
  readonly namespace?: string;

  /**
   * Extra labels on the object and its pod template.
   * @default - only the recommended labels
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations on the object.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Extra labels on the pod template only.
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Annotations on the pod template.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Add the recommended `app.kubernetes.io/*` labels (name, instance, component, managed-by) to
   * the object and its pod template.
   * @default Defaults.RECOMMENDED_LABELS
   */
  readonly recommendedLabels?: boolean;

  /**
   * Value of the `app.kubernetes.io/name` label.
   * @default - the construct id, as a label value
   */
  readonly appName?: string;

  // ----------------------------------------------------------------------------------------------
  // Main container
  // ----------------------------------------------------------------------------------------------

  /** Container image, pinned to a tag other than `latest` or a digest, e.g. `python:3.12`. */
  readonly image: string;

  /**
   * Accept an image with no tag or with the `latest` tag (its pull policy then defaults to
   * `Always`).
   * @default false
   */
  readonly allowUnpinnedImage?: boolean;

  /**
   * Image pull policy.
   * @default Defaults.IMAGE_PULL_POLICY (IfNotPresent), or Defaults.UNPINNED_IMAGE_PULL_POLICY (Always) for an unpinned image
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Secrets holding registry credentials.
   * @default - none
   */
  readonly imagePullSecrets?: kplus.ISecret[];

  /**
   * Name of the main container.
   * @default Defaults.CONTAINER_NAME
   */
  readonly containerName?: string;

  /**
   * Entrypoint of the main container.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments of the main container.
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Working directory of the main container.
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;

  /**
   * Environment variables: plain values (`EnvValue.fromValue`) or values from Secrets and
   * ConfigMaps (`EnvValue.fromSecretValue`, `EnvValue.fromConfigMap`).
   * @default - none (plus `HOME`, see `Defaults.HOME_DIR`)
   */
  readonly env?: { [name: string]: kplus.EnvValue };

  /**
   * Whole Secrets or ConfigMaps exposed as environment variables (`kplus.Env.fromSecret`,
   * `kplus.Env.fromConfigMap`).
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

  /**
   * CPU request.
   * @default Defaults.CPU_REQUEST; with a `gpu`, Defaults.GPU_JOB_CPU_PER_GPU per GPU (at most `cpuLimit`)
   */
  readonly cpu?: kplus.Cpu;

  /**
   * CPU limit.
   * @default - no CPU limit (no throttling; the request still reserves CPU)
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * Memory request.
   * @default Defaults.MEMORY_REQUEST; with a `gpu`, Defaults.GPU_JOB_MEMORY_PER_GPU per GPU (at most `memoryLimit`)
   */
  readonly memory?: Size;

  /**
   * Memory limit.
   * @default - equal to the memory request
   */
  readonly memoryLimit?: Size;

  /**
   * Leave the memory limit out.
   * @default false
   */
  readonly disableMemoryLimit?: boolean;

  /**
   * Ephemeral-storage request.
   * @default - none
   */
  readonly ephemeralStorage?: Size;

  /**
   * Ephemeral-storage limit.
   * @default - none
   */
  readonly ephemeralStorageLimit?: Size;

  /**
   * Extended resources of the main container, in whole units (requests equal limits), e.g.
   * `{ 'example.com/fpga': 1 }`. Use `gpu` for GPUs.
   * @default - none
   */
  readonly extendedResources?: { [resource: string]: number };

  /**
   * GPUs for the main container (requests equal limits), with the vendor's toleration, an
   * optional product node selector and RuntimeClass, and a memory-backed `/dev/shm` (see
   * `sharedMemory`). Required by `GpuJob`.
   * @default - no GPU (a GpuJob requires one)
   */
  readonly gpu?: Gpu;

  /**
   * Volumes mounted into the main container.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];

  /**
   * Extra pod volumes that no mount of the main container names (e.g. for init containers).
   * @default - none
   */
  readonly volumes?: kplus.Volume[];

  /**
   * Size of a memory-backed `/dev/shm` (PyTorch data loaders need more than the 64 MiB a
   * container gets). Files in it count within the memory limit of the container that writes
   * them, so it must be smaller than that limit.
   * @default - none without a GPU; with one, Defaults.SHM_PER_GPU per GPU, at most Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT of the memory limit
   */
  readonly sharedMemory?: Size;

  /**
   * Leave out the memory-backed `/dev/shm` that a GPU job gets by default.
   * @default false
   */
  readonly disableSharedMemory?: boolean;

  /**
   * Containers that run to completion, in order, before the main container.
   * @default - none
   */
  readonly initContainers?: InitContainer[];

  /**
   * Sidecars: containers that start before `initContainers` (so they serve them too) and run
   * beside the main container until it finishes, without blocking the Job's completion (init
   * containers with `restartPolicy: Always`). Names are unique among all the pod's containers.
   * Kubernetes 1.29 or later (1.28 with the `SidecarContainers` feature gate).
   * @default - none
   */
  readonly sidecars?: SidecarContainer[];

  // ----------------------------------------------------------------------------------------------
  // Pod
  // ----------------------------------------------------------------------------------------------

  /**
   * Service account the pod runs as.
   * @default - the namespace's default service account
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * Mount the service account token.
   * @default - Defaults.AUTOMOUNT_SERVICE_ACCOUNT_TOKEN (false), or true when `serviceAccount` is set
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Node labels the pod requires.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations for tainted nodes.
   * @default - none (plus the GPU vendor's toleration with `gpu`)
   */
  readonly tolerations?: Toleration[];

  /**
   * PriorityClass of the pod.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * RuntimeClass of the pod (e.g. `nvidia`).
   * @default - the cluster's default runtime (or the GPU's runtime class)
   */
  readonly runtimeClassName?: string;

  /**
   * Restart policy of the pod. `Always` is not allowed for Jobs.
   * @default Defaults.RESTART_POLICY
   */
  readonly restartPolicy?: kplus.RestartPolicy;

  /**
   * Time between SIGTERM and SIGKILL when a pod is stopped (to save a checkpoint).
   * @default - Kubernetes' default (30 seconds)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Security posture of the pod.
   * @default PodSecurity.RESTRICTED
   */
  readonly podSecurity?: PodSecurity;

  /**
   * Numeric user id the containers run as (not 0).
   * @default Defaults.RUN_AS_USER
   */
  readonly runAsUser?: number;

  /**
   * Numeric group id the containers run as.
   * @default Defaults.RUN_AS_GROUP
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns mounted volumes.
   * @default Defaults.FS_GROUP
   */
  readonly fsGroup?: number;

  /**
   * Mount the root filesystem read-only (a writable emptyDir is mounted at `/tmp`).
   * @default Defaults.READ_ONLY_ROOT_FILESYSTEM
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Pod-level resources (`spec.resources`): a CPU and memory budget the pod's containers share.
   * Kubernetes 1.34 or later (1.32 and 1.33 with the `PodLevelResources` feature gate).
   * @default - none (only container-level resources)
   */
  readonly podResources?: PodResources;

  /**
   * Size limit of the writable `/tmp` emptyDir.
   * @default - no limit (bounded by the node's ephemeral storage)
   */
  readonly tmpSizeLimit?: Size;

  // ----------------------------------------------------------------------------------------------
  // Job
  // ----------------------------------------------------------------------------------------------

  /**
   * Pod failures tolerated before the Job fails.
   * @default Defaults.BACKOFF_LIMIT
   */
  readonly backoffLimit?: number;

  /**
   * Wall-clock limit of the Job, retries included (whole seconds, at least 1s).
   * @default Defaults.ACTIVE_DEADLINE; for a GpuJob, Defaults.GPU_JOB_ACTIVE_DEADLINE
   */
  readonly activeDeadline?: Duration;

  /**
   * Leave out the active deadline (the Job may run forever).
   * @default false
   */
  readonly disableActiveDeadline?: boolean;

  /**
   * How long a finished Job is kept before it is deleted (whole seconds; 0 deletes at once).
   * @default Defaults.TTL_AFTER_FINISHED
   */
  readonly ttlAfterFinished?: Duration;

  /**
   * Keep finished Jobs until they are deleted by hand (no TTL).
   * @default false
   */
  readonly disableTtl?: boolean;

  /**
   * Exit codes of the main container that fail the Job at once, without retries (e.g. a bad
   * config exits 2). Values 1 to 255.
   * @default - none
   */
  readonly failFastExitCodes?: number[];

  /**
   * Do not count disruptions (preemption, node drain, eviction) against `backoffLimit`.
   * Requires `restartPolicy: Never`.
   * @default - Defaults.IGNORE_DISRUPTIONS with restartPolicy Never; false with OnFailure
   */
  readonly ignoreDisruptions?: boolean;

  /**
   * Create the Job suspended (no pods until it is resumed). With `queue`, left out unless set:
   * Kueue suspends a queued Job itself and resumes it when it admits it, and a `suspend: false`
   * in the manifest would undo that (an error).
   * @default Defaults.SUSPEND; not written with `queue`
   */
  readonly suspend?: boolean;

  /**
   * When a failed or terminating pod is replaced: `FAILED` waits until the old pod is gone, so
   * two pods of one index never run (or hold GPUs) at once. Must be `FAILED` when the Job has a
   * pod failure policy (cdk8s-batch Jobs have one by default: see `ignoreDisruptions`).
   * Kubernetes 1.29 or later (1.28 with the `JobPodReplacementPolicy` feature gate).
   * @default - Defaults.GPU_POD_REPLACEMENT_POLICY ('Failed') from Kubernetes 1.29 for jobs with a `gpu` and for DistributedTrainingJob; not written on 1.28 (unless featureGates has JobPodReplacementPolicy) nor for other jobs
   */
  readonly podReplacementPolicy?: PodReplacementPolicy;

  /**
   * The controller that manages the Job (`spec.managedBy`), a domain-prefixed path of at most 63
   * characters, e.g. `kueue.x-k8s.io/multikueue` to hand the Job to MultiKueue. The built-in Job
   * controller then leaves it alone. Kubernetes 1.32 or later (1.30 and 1.31 with the
   * `JobManagedBy` feature gate).
   * @default - the built-in Job controller (not written)
   */
  readonly managedBy?: string;

  // ----------------------------------------------------------------------------------------------
  // Queueing (Kueue) and GitOps
  // ----------------------------------------------------------------------------------------------

  /**
   * The Kueue LocalQueue the Job waits in (the `kueue.x-k8s.io/queue-name` label; on a CronJob,
   * on each Job it creates). Kueue admits the Job when the queue's quota has room for its
   * requests (every container of a cdk8s-batch pod has CPU and memory requests).
   * @default - not queued
   */
  readonly queue?: string;

  /**
   * The Kueue WorkloadPriorityClass of the Job (the `kueue.x-k8s.io/priority-class` label):
   * decides admission order and preemption in the queue. Requires `queue`.
   * @default - Kueue's default priority
   */
  readonly workloadPriorityClass?: string;

  /**
   * How the Job runs again when it is applied by a GitOps tool (Argo CD, Flux) after a change:
   * see `RerunStrategy` and docs/gitops.md.
   * @default RerunStrategy.stableName()
   */
  readonly rerunStrategy?: RerunStrategy;

  // ----------------------------------------------------------------------------------------------
  // Kubernetes version
  // ----------------------------------------------------------------------------------------------

  /**
   * The Kubernetes version the manifests are written for: it decides which fields may be written
   * (a prop that needs a newer version is an error), the defaults that change with the version,
   * and the rules the final check applies. Wins over `BatchDefaults` and the app context key
   * `cdk8s-batch:kubernetesVersion` (see docs/kubernetes-versions.md).
   * @default - BatchDefaults' kubernetesVersion, else the `cdk8s-batch:kubernetesVersion` context, else Defaults.KUBERNETES_VERSION (1.28)
   */
  readonly kubernetesVersion?: KubernetesVersion;

  /**
   * Feature gates the cluster turned on beyond its version's defaults (upstream names, e.g.
   * `['JobSuccessPolicy']` on a 1.30 cluster): props behind an alpha or off-by-default beta gate
   * are accepted only when their gate is listed. This list replaces the one of `BatchDefaults`
   * and of the `cdk8s-batch:featureGates` context.
   * @default - BatchDefaults' featureGates, else the `cdk8s-batch:featureGates` context, else none
   */
  readonly featureGates?: string[];
}
