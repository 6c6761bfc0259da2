import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { internals } from './_lazy';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';
import { ShardingOptions } from './sharding';

/**
 * Props of a `ParallelShardJob`: the pod and Job props every cdk8s-batch construct takes, and
 * how the work is split across pods.
 */
export interface ParallelShardJobProps extends BatchJobOptions, ShardingOptions {}

/**
 * A Job whose work is split across many pods, in one of three shapes (`ShardMode`):
 *
 * - `INDEXED` (the default): `shards` pods, each told its shard index through
 *   `JOB_COMPLETION_INDEX`, `SHARD_INDEX` and `SHARD_COUNT`, e.g. batch inference over files
 *   split by index; with per-shard retries (`Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX` each by
 *   default from Kubernetes 1.29; alpha and opt-in on 1.28) and an optional success policy;
 * - `COMPLETIONS`: `completions` interchangeable pods must succeed, `parallelism` at a time;
 * - `WORK_QUEUE`: `parallelism` workers drain a queue; done when one of them succeeds.
 *
 * It gets every default of `TrainingJob` (TTL, active deadline, disruptions ignored, requests
 * and memory limit, restricted pod security...) and a total `backoffLimit` that grows with the
 * number of pods (see `Defaults.SHARD_BACKOFF_FRACTION`).
 *
 * The Job is the child named `Resource`: `ApiObject.of(job)` returns it for escape hatches.
 *
 * @example
 * new ParallelShardJob(chart, 'infer', {
 *   image: 'ghcr.io/acme/infer:1.4.0',
 *   command: ['sh', '-c', 'python infer.py --shard $SHARD_INDEX --of $SHARD_COUNT'],
 *   shards: 100,
 * });
 */
export class ParallelShardJob extends Construct {
  /** The Job's `metadata.name`. */
  public readonly name: string;

  /** The batch/v1 Job (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ParallelShardJobProps) {
    super(scope, id);
    const {
      applyDefaults, checkJobProps, checkPropTypes, indexedHostnameSuffixLength, newKubeJob, renderJob, resolveTarget, restartPolicyOf,
      shardJobShape, withGates, withOtherProblems,
    } = internals();
    const kind = 'ParallelShardJob';
    const where = { kind, path: this.node.path };
    checkPropTypes(where, props, 'cdk8s-batch.ParallelShardJobProps');
    props = applyDefaults(this, props);
    const defaultsTarget = resolveTarget(this, where, props);
    // enableAlphaBackoffLimitPerIndex: the per-shard fields may be written on 1.28 (the defaults stay those of the version).
    const target = props.enableAlphaBackoffLimitPerIndex ? withGates(defaultsTarget, ['JobBackoffLimitPerIndex']) : defaultsTarget;
    const shape = withOtherProblems(where,
      () => shardJobShape(where, props, props.containerName ?? Defaults.CONTAINER_NAME,
        { target, defaultsTarget, restartPolicy: restartPolicyOf(props) }),
      () => checkJobProps(where, props, { component: 'batch', target }, Defaults.MAX_JOB_NAME_LENGTH));
    const rendered = renderJob(this, kind, props,
      { component: 'batch', target, ...shape, hostnameSuffixLength: indexedHostnameSuffixLength(shape) }, Defaults.MAX_JOB_NAME_LENGTH);
    this.name = rendered.name;
    this.apiObject = newKubeJob(this, kind, rendered, props.namespace);
  }
}
