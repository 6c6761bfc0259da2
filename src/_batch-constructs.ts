/**
 * Internal: which constructs are cdk8s-batch constructs (so that `BatchDefaults` can tell when it
 * is created too late for one of them).
 */
import { IConstruct } from 'constructs';

const BATCH_CONSTRUCTS = new WeakSet<IConstruct>();

/** Marks a cdk8s-batch construct. */
export function markBatchConstruct(c: IConstruct): void {
  BATCH_CONSTRUCTS.add(c);
}

/** Whether `c` is a cdk8s-batch construct. */
export function isBatchConstruct(c: IConstruct): boolean {
  return BATCH_CONSTRUCTS.has(c);
}
