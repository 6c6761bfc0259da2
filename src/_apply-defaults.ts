/**
 * Internal: the `BatchDefaults` that apply to a construct, merged into its props.
 */
import { Construct } from 'constructs';
import { markBatchConstruct } from './_batch-constructs';
import { BatchDefaults } from './batch-defaults';

/**
 * The props of a construct with the `BatchDefaults` that apply to it merged in (its own props
 * win; labels and annotations merge key by key). Called by every construct right after its
 * props' types are checked.
 */
export function applyDefaults<T extends object>(scope: Construct, props: T): T {
  markBatchConstruct(scope);
  const d = BatchDefaults.of(scope);
  if (Object.keys(d).length === 0) return props;
  const p = props as { [key: string]: unknown };
  const merged: { [key: string]: unknown } = { ...p };
  for (const key of ['queue', 'workloadPriorityClass', 'rerunStrategy', 'namespace', 'imagePullSecrets', 'kubernetesVersion', 'featureGates'] as const) {
    if (merged[key] === undefined && d[key] !== undefined) merged[key] = d[key];
  }
  if (d.labels) merged.labels = { ...d.labels, ...(p.labels as object ?? {}) };
  if (d.annotations) merged.annotations = { ...d.annotations, ...(p.annotations as object ?? {}) };
  return merged as T;
}
