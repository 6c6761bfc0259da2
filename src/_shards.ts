/**
 * Internal: turns `ShardingOptions` into the pieces of a `JobShape` (completions, parallelism,
 * completion mode, per-index limits, shard env vars, FailIndex rule, backoff limit default).
 * `ParallelShardJob` and a sharded `NightlyCronJob` both call `shardJobShape` and then
 * `renderJob`; nothing here renders a pod or a JobSpec.
 */
import * as kplus from 'cdk8s-plus-28';
import { checkSuccessPolicy } from './_features';
import { checkExitCodes, exitCodeRule } from './_pod-failure-policy';
import { JobShape } from './_render';
import { propEnabled, requireFeature } from './_target';
import { MAX_FAILED_INDEXES, MAX_INDEXED_COMPLETIONS, MAX_INDEXED_PARALLELISM, Where, checkExclusive, checkInteger, envVarNameProblem, fail } from './_validate';
import { Defaults } from './defaults';
import { Target, enabled } from './rules/versions';
import { ShardMode, ShardingOptions } from './sharding';

/** Largest int32: the API's bound on counts such as `completions` and `backoffLimit`. */
const MAX_INT32 = 2 ** 31 - 1;

/** The pod annotation the Job controller sets to the pod's completion index (Indexed mode). */
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
/** The env var the Job controller sets to the completion index (Indexed mode). */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

const MODE_NAMES: { [mode: string]: string } = {
  [ShardMode.INDEXED]: 'ShardMode.INDEXED',
  [ShardMode.COMPLETIONS]: 'ShardMode.COMPLETIONS',
  [ShardMode.WORK_QUEUE]: 'ShardMode.WORK_QUEUE',
};

/** What the shards' defaults depend on besides the sharding options. */
export interface ShardContext {
  /** The target (with the gate of `enableAlphaBackoffLimitPerIndex`, when set): what may be written. */
  readonly target: Target;
  /**
   * The target without the legacy opt-in: where the defaults apply. The opt-in lets 1.28 users
   * write the per-shard fields; it does not change the output of shards that do not set them.
   */
  readonly defaultsTarget: Target;
  /** The pod's restart policy: per-shard limits need Never. */
  readonly restartPolicy: kplus.RestartPolicy;
}

/**
 * Validates `options` (errors name the props as the user wrote them) and returns what sharding
 * adds to a Job: completions, parallelism, completion mode, per-index limits (by default where
 * the target keeps them, see `Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX`), the success policy, the
 * shard env vars, the `FailIndex` rule and the default total `backoffLimit`.
 *
 * @param where the construct kind and path, for error messages
 * @param options the user's sharding options
 * @param containerName the main container's name (the FailIndex rule names it)
 * @param context the target and the restart policy
 */
export function shardJobShape(where: Where, options: ShardingOptions, containerName: string, context: ShardContext): Omit<JobShape, 'component' | 'target'> {
  const mode = options.mode ?? Defaults.SHARD_MODE;
  if (!Object.prototype.hasOwnProperty.call(MODE_NAMES, mode)) {
    fail(where, 'mode', mode, `one of ${Object.values(MODE_NAMES).join(', ')}`, 'e.g. mode: ShardMode.INDEXED');
  }
  const modeName = MODE_NAMES[mode];
  const indexed = mode === ShardMode.INDEXED;

  // ---- which count goes with which mode -------------------------------------------------------
  only(where, 'shards', options.shards, indexed, modeName, 'use \'completions\' for ShardMode.COMPLETIONS; a work queue has no count');
  only(where, 'completions', options.completions, mode === ShardMode.COMPLETIONS, modeName,
    indexed ? 'use \'shards\' for ShardMode.INDEXED' : 'a work queue has no completion count: it is done when one worker succeeds');
  for (const [prop, value] of [
    ['shardIndexEnv', options.shardIndexEnv], ['shardCountEnv', options.shardCountEnv], ['disableShardEnv', options.disableShardEnv],
    ['backoffLimitPerShard', options.backoffLimitPerShard], ['maxFailedShards', options.maxFailedShards],
    ['failShardExitCodes', options.failShardExitCodes], ['disableBackoffLimitPerShard', options.disableBackoffLimitPerShard],
  ] as const) {
    // ValidateJobSpec (1.28): backoffLimitPerIndex and maxFailedIndexes require completionMode Indexed.
    only(where, prop, value, indexed, modeName, 'only Indexed shards have an index (use mode: ShardMode.INDEXED)');
  }

  // ---- counts ---------------------------------------------------------------------------------
  // ValidateJobSpec (1.28): completions and parallelism are non-negative int32; an Indexed Job
  // needs completions, at most completionsSoftLimit (1e5), and parallelism at most
  // parallelismLimitForHighCompletions (1e5). cdk8s-batch asks for at least 1 of each: a count
  // of 0 is a Job that does nothing.
  const countMax = indexed ? MAX_INDEXED_COMPLETIONS : MAX_INT32;
  let countProp: string | undefined;
  let count: number | undefined;
  if (indexed) {
    countProp = 'shards';
    count = required(where, 'shards', options.shards, modeName, 'e.g. shards: 100');
  } else if (mode === ShardMode.COMPLETIONS) {
    countProp = 'completions';
    count = required(where, 'completions', options.completions, modeName, 'e.g. completions: 5');
  }
  if (countProp !== undefined) {
    checkInteger(where, countProp, count, 1, countMax, `e.g. ${countProp}: 10`);
  }

  const parallelismMax = indexed ? MAX_INDEXED_PARALLELISM : MAX_INT32;
  checkInteger(where, 'parallelism', options.parallelism, 1, parallelismMax, 'e.g. parallelism: 10; use 1 to run pods one after another');
  if (options.parallelism !== undefined && count !== undefined && options.parallelism > count) {
    // Kubernetes would accept it and never start the extra pods; it is rejected so the manifest
    // says what actually runs.
    fail(where, 'parallelism', options.parallelism, `at most '${countProp}' (${count}): no more pods than that can run at once`,
      `lower 'parallelism' to ${count} or less`);
  }
  const parallelism = options.parallelism ?? Math.min(Defaults.SHARD_PARALLELISM, count ?? Defaults.SHARD_PARALLELISM);
  const pods = count ?? parallelism;

  // ---- per-shard failures (JobBackoffLimitPerIndex: alpha in 1.28, on by default from 1.29) -------
  const target = context.target;
  for (const [prop, value] of [
    ['backoffLimitPerShard', options.backoffLimitPerShard], ['maxFailedShards', options.maxFailedShards], ['failShardExitCodes', options.failShardExitCodes],
  ] as const) {
    if (value !== undefined) requireFeature(where, target, prop, value, 'enableAlphaBackoffLimitPerIndex');
  }
  checkExclusive(where, 'backoffLimitPerShard', options.backoffLimitPerShard, 'disableBackoffLimitPerShard', options.disableBackoffLimitPerShard);
  // The default: where the target keeps the field, and the restart policy allows it.
  const defaultPerShard = indexed && !options.disableBackoffLimitPerShard && context.restartPolicy === kplus.RestartPolicy.NEVER
    && propEnabled('backoffLimitPerShard', context.defaultsTarget);
  const perShard = options.backoffLimitPerShard ?? (defaultPerShard ? Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX : undefined);
  const maxFailed = options.maxFailedShards;
  const failShard = options.failShardExitCodes;
  checkSuccessPolicy(where, target, 'successPolicy', options.successPolicy, count, indexed ? undefined : {
    rule: `left out with ${modeName}`, fix: 'only Indexed shards have indexes to succeed (use mode: ShardMode.INDEXED)',
  });
  // ValidateJobSpec (1.28): backoffLimitPerIndex is a non-negative int32.
  checkInteger(where, 'backoffLimitPerShard', perShard, 0, MAX_INT32, 'e.g. backoffLimitPerShard: 2; use 0 for no retries');
  if (maxFailed !== undefined) {
    // ValidateJobSpec (1.28): maxFailedIndexes requires backoffLimitPerIndex, is non-negative, at
    // most maxFailedIndexesLimit (1e5) and at most completions.
    if (perShard === undefined) {
      fail(where, 'maxFailedShards', maxFailed, 'used together with \'backoffLimitPerShard\'', options.disableBackoffLimitPerShard
        ? 'remove disableBackoffLimitPerShard, or maxFailedShards' : 'set backoffLimitPerShard too, e.g. backoffLimitPerShard: 1');
    }
    checkInteger(where, 'maxFailedShards', maxFailed, 0, MAX_FAILED_INDEXES, 'e.g. maxFailedShards: 5');
    if (maxFailed > count!) {
      fail(where, 'maxFailedShards', maxFailed, `at most 'shards' (${count})`, `lower it to ${count} or less`);
    }
  }

  // ---- env ------------------------------------------------------------------------------------
  const extraEnv: kplus.k8s.EnvVar[] = [];
  if (indexed && !options.disableShardEnv) {
    const indexEnv = options.shardIndexEnv ?? Defaults.SHARD_INDEX_ENV;
    const countEnv = options.shardCountEnv ?? Defaults.SHARD_COUNT_ENV;
    const relaxed = enabled('RelaxedEnvironmentVariableValidation', context.target);
    checkShardEnvName(where, 'shardIndexEnv', indexEnv, relaxed);
    checkShardEnvName(where, 'shardCountEnv', countEnv, relaxed);
    if (indexEnv === countEnv) {
      fail(where, 'shardCountEnv', countEnv, `different from 'shardIndexEnv' (${indexEnv})`, 'give the two variables different names');
    }
    extraEnv.push(
      { name: indexEnv, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } },
      { name: countEnv, value: String(count) },
    );
  } else if (options.disableShardEnv) {
    for (const [prop, value] of [['shardIndexEnv', options.shardIndexEnv], ['shardCountEnv', options.shardCountEnv]] as const) {
      if (value !== undefined) {
        fail(where, prop, value, 'left out when \'disableShardEnv\' is true', 'remove one of the two');
      }
    }
  }

  // ---- FailIndex rule -----------------------------------------------------------------------------
  const podFailureRules: kplus.k8s.PodFailurePolicyRule[] = [];
  if (failShard !== undefined && failShard.length > 0) {
    // validatePodFailurePolicyRule (1.28): the FailIndex action is allowed only when
    // backoffLimitPerIndex is set.
    if (perShard === undefined) {
      fail(where, 'failShardExitCodes', failShard, 'used together with \'backoffLimitPerShard\' (failing one shard needs a per-shard limit)',
        options.disableBackoffLimitPerShard ? 'remove disableBackoffLimitPerShard, or failShardExitCodes' : 'set backoffLimitPerShard too, e.g. backoffLimitPerShard: 1');
    }
    // validatePodFailurePolicyRuleOnExitCodes (1.28): values unique, 0 not allowed with In.
    checkExitCodes(where, 'failShardExitCodes', failShard);
    podFailureRules.push(exitCodeRule('FailIndex', containerName, failShard));
  }

  // ---- total backoff limit default (see Defaults.SHARD_BACKOFF_FRACTION) ------------------------
  const backoffLimit = perShard !== undefined
    ? Math.min((perShard + 1) * count!, MAX_INT32)
    : Math.max(Defaults.BACKOFF_LIMIT, Math.ceil(pods * Defaults.SHARD_BACKOFF_FRACTION));

  // Kueue partial admission (checked against the pods at once with the Job's other props).
  checkInteger(where, 'minParallelism', options.minParallelism, 0, MAX_INT32, 'e.g. minParallelism: 2');

  return {
    minParallelism: options.minParallelism,
    completions: count,
    parallelism,
    completionMode: indexed ? 'Indexed' : 'NonIndexed',
    backoffLimitPerIndex: perShard,
    maxFailedIndexes: maxFailed,
    successPolicy: options.successPolicy,
    extraEnv: extraEnv.length ? extraEnv : undefined,
    podFailureRules: podFailureRules.length ? podFailureRules : undefined,
    backoffLimit,
  };
}

/**
 * What an Indexed Job's pod hostnames (`<job name>-<index>`, ValidateJob in 1.28) append to the
 * Job name: '-' and the digits of the largest index. 0 when not Indexed. A Job construct passes
 * it to `renderJob` as `hostnameSuffixLength`; a CronJob adds its own minute stamp as well.
 */
export function indexedHostnameSuffixLength(shape: Omit<JobShape, 'component' | 'target'>): number {
  if (shape.completionMode !== 'Indexed' || shape.completions === undefined || shape.completions < 1) return 0;
  return 1 + String(shape.completions - 1).length;
}

/** A prop that belongs to some modes only. */
function only(where: Where, prop: string, value: unknown, allowed: boolean, modeName: string, fix: string): void {
  if (value !== undefined && !allowed) {
    fail(where, prop, value, `left out with ${modeName}`, fix);
  }
}

function required(where: Where, prop: string, value: number | undefined, modeName: string, fix: string): number {
  if (value === undefined) {
    fail(where, prop, value, `set with ${modeName}`, fix);
  }
  return value;
}

function checkShardEnvName(where: Where, prop: string, name: string, relaxed: boolean): void {
  // validateEnv: IsEnvVarName, or IsRelaxedEnvVarName where the target has it.
  const problem = typeof name === 'string' ? envVarNameProblem(name, relaxed) : 'a string';
  if (problem !== undefined) {
    fail(where, prop, name, problem, 'e.g. \'SHARD_INDEX\'');
  }
  if (name === COMPLETION_INDEX_ENV) {
    fail(where, prop, name, `another name than ${COMPLETION_INDEX_ENV}, which Kubernetes sets itself`, 'e.g. \'SHARD_INDEX\'');
  }
}
