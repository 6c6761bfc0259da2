/**
 * Internal: Kueue, the queue of batch work on shared (GPU) clusters. The label and annotation
 * names are Kueue's own (sigs.k8s.io/kueue `pkg/constants` and the batch/Job integration); the
 * checks are those of Kueue's Job webhook that a manifest can fail.
 */
import { Where, fail, isDns1123Subdomain, isLabelValue } from './_validate';

/** The label that puts a Job in a LocalQueue (Kueue `constants.QueueLabel`). */
export const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** The label that names the Job's WorkloadPriorityClass (Kueue `constants.WorkloadPriorityClassLabel`). */
export const PRIORITY_CLASS_LABEL = 'kueue.x-k8s.io/priority-class';

/** The annotation that allows partial admission of a Job with at least this parallelism (Kueue batch/Job integration). */
export const MIN_PARALLELISM_ANNOTATION = 'kueue.x-k8s.io/job-min-parallelism';

/**
 * The LocalQueue and WorkloadPriorityClass names: object names (DNS-1123 subdomains) that are also
 * label values (at most 63 characters).
 */
export function checkQueueNames(where: Where, queue: string | undefined, priorityClass: string | undefined): void {
  for (const [prop, value, what] of [['queue', queue, 'LocalQueue'], ['workloadPriorityClass', priorityClass, 'WorkloadPriorityClass']] as const) {
    if (value !== undefined && !(isDns1123Subdomain(value) && isLabelValue(value))) {
      fail(where, prop, value, `the name of a Kueue ${what}: a DNS-1123 name of at most 63 characters (it is written as a label value)`,
        `use the ${what}'s metadata.name, e.g. 'team-a'`);
    }
  }
  if (priorityClass !== undefined && queue === undefined) {
    fail(where, 'workloadPriorityClass', priorityClass, 'used with \'queue\' (Kueue reads it only from queued Jobs)', 'set queue too, or remove it');
  }
}

/** What queueing adds to a Job's metadata. */
export function kueueLabels(queue: string | undefined, priorityClass: string | undefined): { [key: string]: string } {
  const labels: { [key: string]: string } = {};
  if (queue !== undefined) labels[QUEUE_LABEL] = queue;
  if (priorityClass !== undefined) labels[PRIORITY_CLASS_LABEL] = priorityClass;
  return labels;
}
