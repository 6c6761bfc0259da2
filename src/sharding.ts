import { SuccessPolicyRule } from './job-features';

/**
 * How the work of a Job is split across its pods.
 */
export enum ShardMode {
  /**
   * `completionMode: Indexed`: `shards` pods, one per shard index 0..shards-1. Each pod learns
   * its index (`JOB_COMPLETION_INDEX`, plus `SHARD_INDEX` and `SHARD_COUNT`) and the Job is done
   * when every index has succeeded once. For static data split by index: batch inference over
   * files or row ranges, distributed preprocessing.
   */
  INDEXED = 'Indexed',

  /**
   * `completions` interchangeable pods must succeed, `parallelism` at a time. Pods are not told
   * which part of the work is theirs: each one claims work on its own (e.g. one message per pod).
   */
  COMPLETIONS = 'Completions',

  /**
   * A work queue: `parallelism` workers pull items from a queue until it is empty. There is no
   * completion count; the Job is done as soon as one pod succeeds and the others have stopped,
   * so a worker must exit 0 only when the queue is empty.
   */
  WORK_QUEUE = 'WorkQueue',
}

/**
 * How a Job's work is split across pods (see `ShardMode`), and how failures of single shards
 * are handled.
 *
 * The per-shard failure fields (`backoffLimitPerShard`, `maxFailedShards`,
 * `failShardExitCodes`) use the feature `JobBackoffLimitPerIndex`: on by default from Kubernetes
 * 1.29 (and then shards get `Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX` retries each by default),
 * alpha in 1.28, where they require the gate in `featureGates` or
 * `enableAlphaBackoffLimitPerIndex: true`. See docs/parallel-shard-job.md for what a cluster
 * without the gate does with them.
 */
export interface ShardingOptions {
  /**
   * How the work is split.
   * @default Defaults.SHARD_MODE
   */
  readonly mode?: ShardMode;

  /**
   * Number of shards (`completions` of an Indexed Job), 1 to 100,000. Required with
   * `ShardMode.INDEXED`, and only allowed with it.
   * @default - none; required with ShardMode.INDEXED
   */
  readonly shards?: number;

  /**
   * Number of pods that must succeed. Required with `ShardMode.COMPLETIONS`, and only allowed
   * with it.
   * @default - none; required with ShardMode.COMPLETIONS
   */
  readonly completions?: number;

  /**
   * Pods running at once. At most `shards` (or `completions`); at most 100,000 with
   * `ShardMode.INDEXED`. Use 1 to run pods one after another.
   * @default - the smaller of Defaults.SHARD_PARALLELISM and `shards` (or `completions`); Defaults.SHARD_PARALLELISM workers for ShardMode.WORK_QUEUE
   */
  readonly parallelism?: number;

  /**
   * Name of the environment variable holding the pod's shard index (0 to `shards` - 1), read
   * from the pod's `batch.kubernetes.io/job-completion-index` annotation. `ShardMode.INDEXED`
   * only. Kubernetes also sets `JOB_COMPLETION_INDEX` itself.
   * @default Defaults.SHARD_INDEX_ENV
   */
  readonly shardIndexEnv?: string;

  /**
   * Name of the environment variable holding the number of shards. `ShardMode.INDEXED` only.
   * @default Defaults.SHARD_COUNT_ENV
   */
  readonly shardCountEnv?: string;

  /**
   * Leave out the shard index and shard count environment variables (`JOB_COMPLETION_INDEX`,
   * set by Kubernetes, remains).
   * @default false
   */
  readonly disableShardEnv?: boolean;

  /**
   * On Kubernetes 1.28: opt in to the alpha per-shard failure fields (`backoffLimitPerShard`,
   * `maxFailedShards`, `failShardExitCodes`, and the per-shard default), the same as listing
   * `JobBackoffLimitPerIndex` in `featureGates`. The gate is off by default in 1.28: an API
   * server without it accepts the Job but drops `backoffLimitPerIndex`, `maxFailedIndexes` and
   * the `FailIndex` rules without an error, so every failure then counts against the Job's total
   * `backoffLimit`. Not needed from 1.29, where the gate is on by default.
   * @default false
   */
  readonly enableAlphaBackoffLimitPerIndex?: boolean;

  /**
   * Retries of each shard before that shard (only) is marked failed (`backoffLimitPerIndex`);
   * the other shards keep running. `ShardMode.INDEXED` only, with restartPolicy Never.
   * Kubernetes 1.29 or later (1.28 with the gate, see `enableAlphaBackoffLimitPerIndex`).
   * @default - Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX (1) from Kubernetes 1.29 with ShardMode.INDEXED and restartPolicy Never; on 1.28 none: every failure counts against the Job's `backoffLimit`
   */
  readonly backoffLimitPerShard?: number;

  /**
   * Leave out the per-shard retries a target of Kubernetes 1.29 or later gives Indexed shards by
   * default (`Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX`): every failure then counts against the
   * Job's `backoffLimit`, as on 1.28.
   * @default false
   */
  readonly disableBackoffLimitPerShard?: boolean;

  /**
   * Failed shards the Job tolerates; one more fails the whole Job at once
   * (`maxFailedIndexes`). At most `shards`. Requires `backoffLimitPerShard`; same versions.
   * @default - no cap: every shard runs, and the Job fails at the end if any shard failed
   */
  readonly maxFailedShards?: number;

  /**
   * Exit codes of the main container that fail only that shard, without retrying it (a
   * `FailIndex` rule), e.g. a shard whose input is corrupt. Values 1 to 255, none also in
   * `failFastExitCodes`. Requires `backoffLimitPerShard`; same versions.
   * @default - none
   */
  readonly failShardExitCodes?: number[];

  /**
   * When the Job succeeds before every shard has (`spec.successPolicy`): as soon as one rule is
   * met, e.g. `[{ succeededCount: 90 }]` (any 90 shards) or `[{ succeededIndexes: '0' }]`; the
   * remaining pods are stopped. `ShardMode.INDEXED` only. Kubernetes 1.31 or later (1.30 with the
   * `JobSuccessPolicy` feature gate).
   * @default - every shard must succeed
   */
  readonly successPolicy?: SuccessPolicyRule[];

  /**
   * Kueue partial admission: when the queue has no room for `parallelism` pods, Kueue may admit
   * the Job with fewer, but at least this many, running at once (the
   * `kueue.x-k8s.io/job-min-parallelism` annotation). Requires `queue`; from 1 to one less than
   * the pods that would run at once.
   * @default - all or nothing
   */
  readonly minParallelism?: number;
}
