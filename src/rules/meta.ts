/**
 * Internal: object metadata rules (names, namespaces, labels, annotations).
 */
import { MAX_ANNOTATIONS_BYTES, isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName } from '../_validate';
import { Defaults } from '../defaults';
import { Obj, Report, child, objAt, strAt, stringMapAt, v } from './context';

/** Longest Job name (the `batch.kubernetes.io/job-name` pod label value). */
export const MAX_JOB_NAME = Defaults.MAX_JOB_NAME_LENGTH;
/** Longest CronJob name (the controller appends an 11-character suffix to the Job names). */
export const MAX_CRONJOB_NAME = Defaults.MAX_CRON_JOB_NAME_LENGTH;

/**
 * Checks `metadata` of a Job or CronJob (ValidateObjectMeta) and returns the name.
 */
export function checkObjectMeta(r: Report, obj: Obj, kind: 'Job' | 'CronJob'): string | undefined {
  const meta = objAt(r, obj, 'metadata', '');
  const name = strAt(r, meta, 'name', 'metadata');
  const generateName = strAt(r, meta, 'generateName', 'metadata');
  if (name === undefined || name === '') {
    // ValidateObjectMeta: name or generateName is required (and `kubectl apply` needs a name).
    if (!generateName) r.add('metadata.name.required', 'metadata.name', 'the object has no name');
  } else {
    // ValidateObjectMeta with ValidateReplicationControllerName (NameIsDNSSubdomain).
    if (!isDns1123Subdomain(name)) {
      r.add('metadata.name.invalid', 'metadata.name', `${v(name)} must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)`);
    }
    if (kind === 'Job' && name.length > MAX_JOB_NAME) {
      // validateGeneratedSelector / ValidateLabels: the name is the job-name pod label value.
      r.add('job.name.too-long', 'metadata.name', `${v(name)} has ${name.length} characters; a Job name must have at most ${MAX_JOB_NAME} (it becomes a label value)`);
    }
    if (kind === 'CronJob' && name.length > MAX_CRONJOB_NAME) {
      // ValidateCronJobCreate: 63 - 11 characters.
      r.add('cronjob.name.too-long', 'metadata.name', `${v(name)} has ${name.length} characters; a CronJob name must have at most ${MAX_CRONJOB_NAME}`);
    }
  }
  const namespace = strAt(r, meta, 'namespace', 'metadata');
  if (namespace !== undefined && namespace !== '' && !isDns1123Label(namespace)) {
    // ValidateObjectMeta (ValidateNamespaceName).
    r.add('metadata.namespace.invalid', 'metadata.namespace', `${v(namespace)} must be a DNS-1123 label (at most 63 lowercase letters, digits and '-')`);
  }
  checkLabelsAt(r, meta, 'metadata');
  checkAnnotationsAt(r, meta, 'metadata');
  return name || undefined;
}

/** Checks `<path>.labels` (ValidateLabels). */
export function checkLabelsAt(r: Report, meta: Obj | undefined, path: string, ruleId = 'metadata.labels.invalid', field = 'labels'): Map<string, string> {
  const labels = stringMapAt(r, meta, field, path);
  for (const [key, value] of labels) {
    const at = child(child(path, field), key);
    if (!isQualifiedName(key)) {
      r.add(ruleId, at, `key ${v(key)} must be a qualified name ([prefix/]name; name at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric; prefix a DNS subdomain)`);
    }
    if (!isLabelValue(value)) {
      r.add(ruleId, at, `value ${v(value)} must be a valid label value (at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric, or empty)`);
    }
  }
  return labels;
}

/** Checks `<path>.annotations` (ValidateAnnotations, ValidateAnnotationsSize). */
export function checkAnnotationsAt(r: Report, meta: Obj | undefined, path: string): void {
  const annotations = stringMapAt(r, meta, 'annotations', path);
  let total = 0;
  for (const [key, value] of annotations) {
    if (!isQualifiedName(key.toLowerCase())) {
      r.add('metadata.annotations.invalid', child(child(path, 'annotations'), key), `key ${v(key)} must be a qualified name ([prefix/]name)`);
    }
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (total > MAX_ANNOTATIONS_BYTES) {
    r.add('metadata.annotations.too-large', child(path, 'annotations'), `the annotations total ${total} bytes; at most ${MAX_ANNOTATIONS_BYTES} are allowed`);
  }
}
