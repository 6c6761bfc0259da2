import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PodReplacementPolicy } from './job-features';
import { KubernetesVersion } from './kubernetes-version';
import { ShardMode } from './sharding';
import { SweepLayout } from './sweep-options';

/**
 * Every best-practice default of cdk8s-batch, in one place.
 *
 * Constructs only ever read these values (`props.x ?? Defaults.X`); the `@default` tags of the
 * props name the same constants, and a test keeps the two in sync. Each default can be changed
 * through the prop that names it, and those that can be switched off say how.
 */
export class Defaults {
  // ---------------------------------------------------------------------------------------------
  // Job lifecycle
  // ---------------------------------------------------------------------------------------------

  /**
   * Pod failures (not counting disruptions, see `IGNORE_DISRUPTIONS`) a Job tolerates before it
   * is marked failed. Kubernetes' own default of 6 retries an expensive training run six times;
   * three covers a flaky node or registry without burning a day of compute.
   */
  public static readonly BACKOFF_LIMIT = 3;

  /**
   * Wall-clock limit of a Job, retries included. Every Job gets one so a hung process can never
   * hold nodes forever. One day fits most training and batch work; raise it for longer runs.
   */
  public static readonly ACTIVE_DEADLINE = Duration.hours(24);

  /**
   * How long a finished Job (and its pods, and so their logs) is kept before the TTL controller
   * deletes it: one day, long enough to read logs the morning after.
   */
  public static readonly TTL_AFTER_FINISHED = Duration.days(1);

  /**
   * Preemption, node drains and evictions (the `DisruptionTarget` pod condition) do not count
   * against `backoffLimit`: the pod is simply recreated.
   */
  public static readonly IGNORE_DISRUPTIONS = true;

  /** Jobs start immediately unless suspended. */
  public static readonly SUSPEND = false;

  /**
   * `Never`: a failed container leaves its pod (and its logs) behind and a new pod is created.
   * It is also what a pod failure policy requires.
   */
  public static readonly RESTART_POLICY = kplus.RestartPolicy.NEVER;

  // ---------------------------------------------------------------------------------------------
  // Container
  // ---------------------------------------------------------------------------------------------

  /** Name of the main container (what `kubectl logs job/<name>` shows). */
  public static readonly CONTAINER_NAME = 'main';

  /**
   * CPU request: half a core, enough for a script to start, so the scheduler never places the
   * pod on a full node.
   */
  public static readonly CPU_REQUEST = kplus.Cpu.millis(500);

  /** Memory request: 1 GiB. The memory limit defaults to the request (no overcommit of memory). */
  public static readonly MEMORY_REQUEST = Size.gibibytes(1);

  /**
   * Pull policy for pinned images (a tag other than `latest`, or a digest): the node's cached
   * copy is used when present.
   */
  public static readonly IMAGE_PULL_POLICY = kplus.ImagePullPolicy.IF_NOT_PRESENT;

  /**
   * Pull policy for unpinned images (`:latest` or no tag), which are only accepted with
   * `allowUnpinnedImage: true`: always pull, as Kubernetes itself does for them.
   */
  public static readonly UNPINNED_IMAGE_PULL_POLICY = kplus.ImagePullPolicy.ALWAYS;

  /**
   * `HOME` given to the main container when the root filesystem is read-only, so tools that
   * cache under `$HOME` (pip, torch hub, matplotlib, Hugging Face) can write. A `HOME` in `env`
   * wins.
   */
  public static readonly HOME_DIR = '/tmp';

  // ---------------------------------------------------------------------------------------------
  // Pod security (Pod Security Standard "restricted")
  // ---------------------------------------------------------------------------------------------

  /**
   * Numeric user the pod runs as. Root-based images (`python`, `perl`, `pytorch/pytorch`) start
   * as this user without a `USER` line of their own.
   */
  public static readonly RUN_AS_USER = 1000;

  /** Numeric primary group of the pod's processes. */
  public static readonly RUN_AS_GROUP = 1000;

  /** Group that owns mounted volumes (PVCs, emptyDirs), so the non-root user can write them. */
  public static readonly FS_GROUP = 1000;

  /** Root filesystem mounted read-only; `/tmp` is a writable emptyDir (see `TMP_MOUNT_PATH`). */
  public static readonly READ_ONLY_ROOT_FILESYSTEM = true;

  /** Where the writable scratch emptyDir is mounted when the root filesystem is read-only. */
  public static readonly TMP_MOUNT_PATH = '/tmp';

  /** Name of the writable scratch emptyDir volume. */
  public static readonly TMP_VOLUME_NAME = 'tmp';

  /** Name of the memory-backed `/dev/shm` volume. */
  public static readonly SHM_VOLUME_NAME = 'dshm';

  /** Where the memory-backed shared-memory volume is mounted. */
  public static readonly SHM_MOUNT_PATH = '/dev/shm';

  /**
   * The service account token is not mounted: a batch job rarely calls the Kubernetes API. When a
   * `serviceAccount` is given, the token is mounted (that is usually why one is given).
   */
  public static readonly AUTOMOUNT_SERVICE_ACCOUNT_TOKEN = false;

  // ---------------------------------------------------------------------------------------------
  // GPUs
  // ---------------------------------------------------------------------------------------------

  /**
   * Tolerate the GPU taint (`<resource>:NoSchedule`, operator `Exists`) that keeps other pods
   * off GPU nodes (GKE puts `nvidia.com/gpu=present:NoSchedule` on GPU node pools): a pod that
   * asks for GPUs belongs there.
   */
  public static readonly GPU_TOLERATE_TAINT = true;

  /**
   * Memory-backed `/dev/shm` per requested GPU (or MIG slice): PyTorch data loader workers pass
   * batches through shared memory, and a container's own `/dev/shm` is only 64 MiB, which
   * crashes them with "Bus error". 2 GiB per GPU holds a few prefetched batches of images per
   * worker; 8 GPUs get 16 GiB.
   */
  public static readonly SHM_PER_GPU = Size.gibibytes(2);

  /**
   * The default `/dev/shm` is capped at this fraction of the memory limit: files in a
   * memory-backed emptyDir are charged to the memory of the container that writes them, so the
   * rest is left to the process itself. An explicit `sharedMemory` is not capped (only required
   * to be below the limit).
   */
  public static readonly SHM_MAX_FRACTION_OF_MEMORY_LIMIT = 0.5;

  /**
   * Active deadline of a `GpuJob`: three days, room for multi-day fine-tuning, while a hung
   * collective (an NCCL wait that never returns) still frees its GPUs.
   */
  public static readonly GPU_JOB_ACTIVE_DEADLINE = Duration.hours(72);

  /**
   * Memory request (and limit) per GPU of a pod with GPUs (every construct's `gpu`): the CUDA context, the model's host copy,
   * data loader workers and the default `/dev/shm` (which takes at most half of it). Fits the
   * host memory per GPU of common GPU machines (16 GiB or more per GPU).
   */
  public static readonly GPU_JOB_MEMORY_PER_GPU = Size.gibibytes(8);

  /**
   * CPU request per GPU of a pod with GPUs (every construct's `gpu`): data loading and augmentation run on the CPU, and a GPU
   * fed by half a core sits idle. Common GPU machines have 4 or more vCPUs per GPU. No CPU limit.
   */
  public static readonly GPU_JOB_CPU_PER_GPU = kplus.Cpu.units(2);

  // ---------------------------------------------------------------------------------------------
  // Labels
  // ---------------------------------------------------------------------------------------------

  /** Recommended `app.kubernetes.io/*` labels on the Job and on its pod template. */
  public static readonly RECOMMENDED_LABELS = true;

  /** Value of the `app.kubernetes.io/managed-by` label. */
  public static readonly MANAGED_BY = 'cdk8s-batch';

  // ---------------------------------------------------------------------------------------------
  // Sharding (ParallelShardJob, and sharded NightlyCronJobs)
  // ---------------------------------------------------------------------------------------------

  /** Indexed shards: each pod is told its shard, the common case for splitting static data. */
  public static readonly SHARD_MODE = ShardMode.INDEXED;

  /**
   * Pods running at once: a work queue's workers, and the cap on the default for shards and
   * completions (never more than there are). Ten pods with the default requests fit a small
   * cluster and keep a 10,000-shard Job from flooding the scheduler with pending pods.
   */
  public static readonly SHARD_PARALLELISM = 10;

  /**
   * A sharded Job's total `backoffLimit` is `max(BACKOFF_LIMIT, ceil(pods x 0.1))` (pods:
   * shards, completions or workers): a few flaky shards do not fail a 1,000-shard run, a broken
   * image still stops it after a tenth of its pods. With `backoffLimitPerShard` it is
   * `(backoffLimitPerShard + 1) x shards`: never before the per-shard limits, yet bounded where
   * a cluster drops them.
   */
  public static readonly SHARD_BACKOFF_FRACTION = 0.1;

  /**
   * Env var with the pod's shard index (what a script passes as `--shard $SHARD_INDEX`);
   * `JOB_COMPLETION_INDEX`, set by Kubernetes, holds the same value.
   */
  public static readonly SHARD_INDEX_ENV = 'SHARD_INDEX';

  /** Env var with the number of shards, so a script can compute its slice without a second flag. */
  public static readonly SHARD_COUNT_ENV = 'SHARD_COUNT';

  // ---------------------------------------------------------------------------------------------
  // CronJob (NightlyCronJob)
  // ---------------------------------------------------------------------------------------------

  /**
   * Hour of `Schedule.nightly()`, the schedule of a NightlyCronJob without one: 02:00, after the
   * day's data has landed and before the working day, clear of the midnight peak of other jobs.
   */
  public static readonly NIGHTLY_HOUR = 2;

  /** Minute of `Schedule.nightly()`. */
  public static readonly NIGHTLY_MINUTE = 0;

  /**
   * Time zone of the schedule, always written out: without one, runs follow whatever time zone
   * the kube-controller-manager happens to use. UTC never shifts with daylight saving.
   */
  public static readonly CRON_TIME_ZONE = 'UTC';

  /** `Forbid`: no run starts while the previous one is still active, so runs never overlap. */
  public static readonly CRON_CONCURRENCY_POLICY = kplus.ConcurrencyPolicy.FORBID;

  /**
   * A run that could not start on time (controller restart, leader election, a previous run
   * still finishing) may still start this long after its time; a deadline of seconds skips it.
   */
  public static readonly CRON_STARTING_DEADLINE = Duration.minutes(15);

  /** Successful Jobs the CronJob keeps (the Jobs' TTL may delete them sooner). */
  public static readonly CRON_SUCCESSFUL_JOBS_HISTORY_LIMIT = 3;

  /**
   * Failed Jobs the CronJob keeps (the Jobs' TTL may delete them sooner): three, to tell a flaky
   * run from a broken one.
   */
  public static readonly CRON_FAILED_JOBS_HISTORY_LIMIT = 3;

  /** The schedule is active: a Job is created at every scheduled time. */
  public static readonly CRON_SUSPEND = false;

  // ---------------------------------------------------------------------------------------------
  // Validation limits (Kubernetes 1.28 API server)
  // ---------------------------------------------------------------------------------------------

  /** Longest Job name: the name becomes the `batch.kubernetes.io/job-name` pod label value. */
  public static readonly MAX_JOB_NAME_LENGTH = 63;

  /**
   * Longest CronJob name (ValidateCronJobCreate): 63 minus 11 characters reserved for the suffix
   * the controller appends to name each Job (`-<minutes since 1970>` in 1.28).
   */
  public static readonly MAX_CRON_JOB_NAME_LENGTH = 52;

  // ---------------------------------------------------------------------------------------------
  // Multi-node training, sweeps and placement (DistributedTrainingJob, HyperparameterSweep,
  // PlacementOptions)
  // ---------------------------------------------------------------------------------------------

  /**
   * Rendezvous port of a `DistributedTrainingJob`: torchrun's own default (`--master-port`,
   * and the c10d store), so a script that hard-codes it still works.
   */
  public static readonly DISTRIBUTED_PORT = 29500;

  /** Name of the rendezvous port, on the container and on the headless Service. */
  public static readonly DISTRIBUTED_PORT_NAME = 'rdzv';

  /**
   * `backoffLimit` of a `DistributedTrainingJob` with a static rendezvous: 0. The workers of a
   * static gang cannot go on without one of them, and a lone replacement pod cannot rejoin a
   * rendezvous the others have left, so the first failed worker fails the Job (and frees every
   * node) at once; resume from a checkpoint with a new Job.
   */
  public static readonly DISTRIBUTED_STATIC_BACKOFF_LIMIT = 0;

  /**
   * Restart budget of an elastic (c10d) rendezvous: torchrun's `--max-restarts` (worker-group
   * restarts, e.g. after a node joins or leaves) and the Job's `backoffLimit` (replacement
   * pods). Three covers a preempted or failed node or two without looping on a broken script.
   */
  public static readonly ELASTIC_MAX_RESTARTS = 3;

  /**
   * Trial layout of a `HyperparameterSweep`: one Job per trial, the only layout in which one
   * trial's failures never stop another on a Kubernetes 1.28 cluster without alpha feature gates
   * (an Indexed Job shares one `backoffLimit` among its indexes there).
   */
  public static readonly SWEEP_LAYOUT = SweepLayout.JOB_PER_TRIAL;

  /**
   * Trials running at once in an Indexed sweep (its `parallelism`): four, since trials are
   * usually GPU jobs and a sweep should leave GPUs to others; never more than there are trials.
   */
  public static readonly SWEEP_MAX_CONCURRENT_TRIALS = 4;

  /**
   * Prefix of the env vars that carry a trial's parameters: `learning_rate` becomes
   * `PARAM_LEARNING_RATE` (upper case, '-' and '.' as '_'), usable in args as
   * `$(PARAM_LEARNING_RATE)`.
   */
  public static readonly SWEEP_PARAM_ENV_PREFIX = 'PARAM_';

  /** Env var with the trial's stable id (also its `cdk8s-batch.dev/trial` label). */
  public static readonly SWEEP_TRIAL_ID_ENV = 'TRIAL_ID';

  /** Env var with the trial's position in the sweep (its completion index in an Indexed sweep). */
  public static readonly SWEEP_TRIAL_INDEX_ENV = 'TRIAL_INDEX';

  /** Where an Indexed sweep mounts its parameter table (one `<index>.env` file per trial). */
  public static readonly SWEEP_PARAMS_MOUNT_PATH = '/etc/cdk8s-batch/sweep';

  /** Name of the volume of an Indexed sweep's parameter table. */
  public static readonly SWEEP_PARAMS_VOLUME_NAME = 'sweep-params';

  /**
   * Protocol of a container port: TCP, Kubernetes' own default, written out (server-side apply
   * keys container ports by number and protocol).
   */
  public static readonly PORT_PROTOCOL = kplus.Protocol.TCP;

  /** Topology key of a pod anti-affinity term without one: the node (`kubernetes.io/hostname`). */
  public static readonly ANTI_AFFINITY_TOPOLOGY_KEY = 'kubernetes.io/hostname';

  /** `maxSkew` of a topology spread constraint: 1, as even as the domains allow. */
  public static readonly TOPOLOGY_SPREAD_MAX_SKEW = 1;

  // ---------------------------------------------------------------------------------------------
  // Kubernetes versions: the target, and the defaults that change with it (docs/kubernetes-versions.md)
  // ---------------------------------------------------------------------------------------------

  /**
   * The Kubernetes version manifests are written for when neither the construct, `BatchDefaults`
   * nor the `cdk8s-batch:kubernetesVersion` context names one: 1.28, the API level of
   * cdk8s-plus-28 and the oldest version the rules know, so the output applies to any cluster
   * from 1.28 on. A newer target unlocks the newer fields and the defaults below.
   */
  public static readonly KUBERNETES_VERSION = KubernetesVersion.V1_28;

  /**
   * `podReplacementPolicy` of a Job that requests GPUs (any construct's `gpu`) and of every
   * `DistributedTrainingJob`, from Kubernetes 1.29 (JobPodReplacementPolicy on by default; on 1.28
   * only with the gate in `featureGates`): a replacement pod starts only once the old one is
   * gone, so two pods of one index never run at once, never wait for the GPUs the old pod still
   * holds, and a worker's hostname never points at two pods. Not written on 1.28.
   */
  public static readonly GPU_POD_REPLACEMENT_POLICY = PodReplacementPolicy.FAILED;

  /**
   * Retries of each shard of an Indexed `ParallelShardJob` (its `backoffLimitPerIndex`), from
   * Kubernetes 1.29 (JobBackoffLimitPerIndex on by default; on 1.28 only with the gate or
   * `enableAlphaBackoffLimitPerIndex`): one retry covers a flaky node or registry (disruptions
   * never count), and a shard that fails twice fails alone while the others finish, instead of
   * using up a budget all shards share. Not written on 1.28, nor with restartPolicy OnFailure.
   */
  public static readonly SHARD_BACKOFF_LIMIT_PER_INDEX = 1;

  /**
   * Retries of each trial of an Indexed `HyperparameterSweep` (its `backoffLimitPerIndex`; an
   * explicit `backoffLimit` is used instead), from Kubernetes 1.29 (as
   * `SHARD_BACKOFF_LIMIT_PER_INDEX`): a trial is a training run of its own, so it gets
   * `BACKOFF_LIMIT`'s three retries, and a trial that keeps failing fails alone instead of
   * failing the sweep. Not written on 1.28.
   */
  public static readonly SWEEP_BACKOFF_LIMIT_PER_TRIAL = 3;

  /**
   * `succeededIndexes` of the `successPolicy` of a multi-node `DistributedTrainingJob`, from
   * Kubernetes 1.31 (JobSuccessPolicy on by default; on 1.30 only with the gate in
   * `featureGates`): the Job succeeds once the leader (index 0, which hosts the rendezvous) has
   * succeeded, and its other pods are stopped. torchrun's agents exit together when training
   * ends, and a static job's ranks pass a final barrier first, so the leader's success means the
   * run is done; it also ends a run whose other workers hang on exit (an NCCL teardown), and, with
   * an elastic rendezvous, a replacement pod still waiting to rejoin a finished run no longer
   * fails the Job. Set `successPolicy: []` when other ranks still work after the leader exits
   * (e.g. each uploads its own results). Not written before 1.31 (without the gate).
   */
  public static readonly DISTRIBUTED_SUCCEEDED_INDEXES = '0';

  private constructor() {}
}
