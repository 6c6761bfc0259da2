import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

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

  /** Tolerate the GPU vendor's `NoSchedule` taint, which managed GPU node pools carry. */
  public static readonly GPU_TOLERATE_TAINT = true;

  /**
   * Memory-backed `/dev/shm` per GPU for jobs with a GPU (PyTorch data loader workers pass
   * batches through shared memory; the container default of 64 MiB crashes them with
   * "Bus error"). It counts within the memory limit, so it is capped at half of it.
   */
  public static readonly SHM_PER_GPU = Size.gibibytes(2);

  // ---------------------------------------------------------------------------------------------
  // Labels
  // ---------------------------------------------------------------------------------------------

  /** Recommended `app.kubernetes.io/*` labels on the Job and on its pod template. */
  public static readonly RECOMMENDED_LABELS = true;

  /** Value of the `app.kubernetes.io/managed-by` label. */
  public static readonly MANAGED_BY = 'cdk8s-batch';

  // ---------------------------------------------------------------------------------------------
  // Validation limits (Kubernetes 1.28 API server)
  // ---------------------------------------------------------------------------------------------

  /** Longest Job name: the name becomes the `batch.kubernetes.io/job-name` pod label value. */
  public static readonly MAX_JOB_NAME_LENGTH = 63;

  private constructor() {}
}
