import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * When the Job controller creates a replacement for a pod that is going away (see
 * docs/kubernetes-versions.md for the versions that keep the field).
 */
export enum PodReplacementPolicy {
  /**
   * As soon as the old pod is terminating or failed: the replacement may run beside the old pod
   * while it shuts down (Kubernetes' default without a pod failure policy).
   */
  TERMINATING_OR_FAILED = 'TerminatingOrFailed',

  /**
   * Only once the old pod has fully terminated (phase `Failed`): never two pods of one index at
   * once, so a replacement never waits for, or competes for, the GPUs, ports or hostname the old
   * pod still holds. Required whenever the Job has a pod failure policy.
   */
  FAILED = 'Failed',
}

/**
 * One rule of a Job's success policy (`spec.successPolicy.rules[]`, Indexed Jobs only): the Job
 * succeeds as soon as any rule is met, and its remaining pods are stopped. Give
 * `succeededIndexes`, `succeededCount`, or both (then `succeededCount` of those indexes).
 */
export interface SuccessPolicyRule {
  /**
   * Indexes that must succeed, as a list of indexes and ranges in increasing order, e.g. `'0'`
   * (the leader) or `'0-3,7'`. Each index is below the Job's completions.
   * @default - any index counts (with `succeededCount`)
   */
  readonly succeededIndexes?: string;

  /**
   * How many indexes (of `succeededIndexes`, if given) must succeed, at most the Job's
   * completions.
   * @default - every index of `succeededIndexes`
   */
  readonly succeededCount?: number;
}

/**
 * Pod-level resources (`spec.resources` of the pod): a CPU and memory budget the pod's
 * containers share. Each container keeps its own requests (and memory limit) as well: the pod's
 * requests must be at least the containers' together, and no container's limit may exceed the
 * pod's.
 */
export interface PodResources {
  /**
   * CPU request of the whole pod.
   * @default - none (the sum of the containers' requests)
   */
  readonly cpu?: kplus.Cpu;

  /**
   * CPU limit of the whole pod.
   * @default - none
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * Memory request of the whole pod.
   * @default - none (the sum of the containers' requests)
   */
  readonly memory?: Size;

  /**
   * Memory limit of the whole pod.
   * @default - none
   */
  readonly memoryLimit?: Size;
}
