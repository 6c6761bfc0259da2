/**
 * Internal: object metadata rules, ported from the 1.28 API server's ValidateObjectMeta
 * (k8s.io/kubernetes pkg/apis/core/validation, which wraps apimachinery's
 * `pkg/api/validation/objectmeta.go`): name and generateName, namespace, labels, annotations,
 * owner references and finalizers; and the one system field a create refuses (resourceVersion).
 * Fields the API server sets itself on create (uid, creationTimestamp, deletionTimestamp,
 * generation of a Job) are overwritten there, not refused, so they are not reported.
 *
 * Per target version (gates.ts): a Service name (and generateName) is a DNS-1035 label, or a
 * DNS-1123 label where RelaxedServiceNameValidation is on (alpha 1.34, beta 1.36:
 * ValidateServiceName becomes NameIsDNSLabel).
 */
import { MAX_ANNOTATIONS_BYTES, isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName } from '../_validate';
import { Defaults } from '../defaults';
import { Obj, Report, boolAt, child, index, isObj, listAt, objAt, strAt, stringMapAt, v } from './context';
import { gateOn } from './gates';

/** Longest Job name (the `batch.kubernetes.io/job-name` pod label value). */
export const MAX_JOB_NAME = Defaults.MAX_JOB_NAME_LENGTH;
/** Longest CronJob name (the controller appends an 11-character suffix to the Job names). */
export const MAX_CRONJOB_NAME = Defaults.MAX_CRON_JOB_NAME_LENGTH;
/** The name generator keeps at most 58 characters of `generateName` and appends 5 random ones (names.SimpleNameGenerator). */
export const MAX_GENERATED_NAME_PREFIX = 58;
const GENERATED_SUFFIX_LENGTH = 5;

/** IsDNS1035Label: a lowercase letter, then lowercase alphanumerics and '-', at most 63 characters. */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/**
 * The finalizers the API server knows by a bare name (core `IsStandardFinalizerName`:
 * `kubernetes`, and the garbage collector's `orphan` and `foregroundDeletion`).
 */
export const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** The kinds the metadata rules know, with their name rule. */
export type MetaKind = 'Job' | 'CronJob' | 'Service';

/**
 * Checks `metadata` of a Job, CronJob or Service (ValidateObjectMeta with the kind's name
 * function) and returns the name.
 */
export function checkObjectMeta(r: Report, obj: Obj, kind: MetaKind): string | undefined {
  const meta = objAt(r, obj, 'metadata', '');
  const name = strAt(r, meta, 'name', 'metadata');
  const generateName = strAt(r, meta, 'generateName', 'metadata');
  if (generateName) checkGenerateName(r, generateName, kind);
  if (name === undefined || name === '') {
    // ValidateObjectMetaAccessor: name or generateName is required (and `kubectl apply` needs a name).
    if (!generateName) r.add('metadata.name.required', 'metadata.name', 'the object has no name');
  } else {
    checkName(r, name, kind);
  }
  const namespace = strAt(r, meta, 'namespace', 'metadata');
  if (namespace !== undefined && namespace !== '' && !isDns1123Label(namespace)) {
    // validateObjectMetaAccessorWithOptsCommon (ValidateNamespaceName: NameIsDNSLabel).
    r.add('metadata.namespace.invalid', 'metadata.namespace', `${v(namespace)} must be a DNS-1123 label (at most 63 lowercase letters, digits and '-')`);
  }
  checkLabelsAt(r, meta, 'metadata');
  checkAnnotationsAt(r, meta, 'metadata');
  checkOwnerReferences(r, meta);
  checkFinalizers(r, meta);
  const resourceVersion = strAt(r, meta, 'resourceVersion', 'metadata');
  if (resourceVersion) {
    // The storage layer's Create (k8s.io/apiserver storage/etcd3 store.Create).
    r.add('metadata.resource-version', 'metadata.resourceVersion', `${v(resourceVersion)} is set: the API server refuses to create an object that has a resourceVersion ("resourceVersion should not be set on objects to be created")`);
  }
  return name || undefined;
}

/** The name rule of each kind (ValidateReplicationControllerName for batch, ValidateServiceName for Services). */
function checkName(r: Report, name: string, kind: MetaKind): void {
  if (kind === 'Service') {
    // ValidateService: ValidateServiceName (NameIsDNS1035Label; NameIsDNSLabel with RelaxedServiceNameValidation).
    if (gateOn(r, 'RelaxedServiceNameValidation')) {
      if (!isDns1123Label(name)) {
        r.add('service.name.invalid', 'metadata.name', `${v(name)} must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)`);
      }
    } else if (!isDns1035Label(name)) {
      const later = isDns1123Label(name) ? ' (a name starting with a digit is accepted where RelaxedServiceNameValidation is on: from Kubernetes 1.36, or 1.34 with the gate)' : '';
      r.add('service.name.invalid', 'metadata.name', `${v(name)} must be a DNS-1035 label (at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)${later}`);
    }
    return;
  }
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

/**
 * ValidateObjectMetaAccessor: `generateName` is checked by the kind's name function as a prefix
 * (`prefix` true: a trailing '-' is allowed, maskTrailingDash). A CronJob's generated name must
 * also fit its 52 characters.
 */
function checkGenerateName(r: Report, prefix: string, kind: MetaKind): void {
  const masked = maskTrailingDash(prefix);
  const relaxed = kind === 'Service' && gateOn(r, 'RelaxedServiceNameValidation');
  const ok = kind === 'Service' ? (relaxed ? isDns1123Label(masked) : isDns1035Label(masked)) : isDns1123Subdomain(masked);
  if (!ok) {
    const what = kind === 'Service'
      ? `a ${relaxed ? 'DNS-1123' : 'DNS-1035'} label prefix (lowercase letters, digits and '-', starting with a ${relaxed ? 'letter or digit' : 'letter'}; a trailing '-' is allowed)`
      : 'a DNS-1123 subdomain prefix (lowercase letters, digits, \'-\' and \'.\', starting with a letter or digit; a trailing \'-\' is allowed)';
    r.add('metadata.generate-name.invalid', 'metadata.generateName', `${v(prefix)} must be ${what}`);
    return;
  }
  const generated = Math.min(prefix.length, MAX_GENERATED_NAME_PREFIX) + GENERATED_SUFFIX_LENGTH;
  if (kind === 'CronJob' && generated > MAX_CRONJOB_NAME) {
    r.add('cronjob.name.too-long', 'metadata.generateName', `${v(prefix)} makes names of ${generated} characters (5 random ones are appended); a CronJob name must have at most ${MAX_CRONJOB_NAME}`);
  }
}

/** apimachinery's maskTrailingDash: a trailing '-' (and the character before it) become 'a'. */
function maskTrailingDash(name: string): string {
  if (!name.endsWith('-')) return name;
  return name.length > 1 ? `${name.slice(0, -2)}a` : '-';
}

/**
 * ValidateOwnerReferences / validateOwnerReference: each reference has an apiVersion with a
 * version, a kind, a name and a uid; a v1 Event cannot own anything (BannedOwners); at most one
 * reference has `controller: true`.
 */
function checkOwnerReferences(r: Report, meta: Obj | undefined): void {
  const path = 'metadata.ownerReferences';
  let firstController: string | undefined;
  listAt(r, meta, 'ownerReferences', 'metadata').forEach((ref, i) => {
    const at = index(path, i);
    if (!isObj(ref)) {
      r.add('object.field-type', at, `${v(ref)} must be an object`);
      return;
    }
    const apiVersion = strAt(r, ref, 'apiVersion', at) ?? '';
    const kind = strAt(r, ref, 'kind', at) ?? '';
    const name = strAt(r, ref, 'name', at) ?? '';
    const uid = strAt(r, ref, 'uid', at) ?? '';
    const controller = boolAt(r, ref, 'controller', at);
    boolAt(r, ref, 'blockOwnerDeletion', at);
    // schema.FromAPIVersionAndKind: `group/version` or `version`; anything else has no version.
    const parts = apiVersion.split('/');
    const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : '';
    if (!version) r.add('metadata.owner-references.invalid', child(at, 'apiVersion'), `${v(apiVersion)}: the version must not be empty (e.g. \`batch/v1\`)`);
    if (!kind) r.add('metadata.owner-references.invalid', child(at, 'kind'), 'the kind must not be empty');
    if (!name) r.add('metadata.owner-references.invalid', child(at, 'name'), 'the name must not be empty');
    if (!uid) r.add('metadata.owner-references.invalid', child(at, 'uid'), 'the uid must not be empty (an owner reference names an existing object by its uid)');
    if (apiVersion === 'v1' && kind === 'Event') r.add('metadata.owner-references.invalid', at, 'a v1 Event is disallowed from being an owner');
    if (controller === true) {
      const current = `${kind}/${name}`;
      if (firstController !== undefined) {
        r.add('metadata.owner-references.invalid', at, `only one reference can have controller set to true; found it for ${firstController} and ${current}`);
      } else {
        firstController = current;
      }
    }
  });
}

/**
 * ValidateFinalizers: each finalizer is a qualified name (ValidateFinalizerName), and one without
 * a '/' must be a standard one (core validateKubeFinalizerName); `orphan` and `foregroundDeletion`
 * cannot both be set.
 */
function checkFinalizers(r: Report, meta: Obj | undefined): void {
  const path = 'metadata.finalizers';
  const names = new Set<string>();
  listAt(r, meta, 'finalizers', 'metadata').forEach((f, i) => {
    const at = index(path, i);
    if (typeof f !== 'string') {
      r.add('object.field-type', at, `${v(f)} must be a string`);
      return;
    }
    names.add(f);
    if (!isQualifiedName(f)) {
      r.add('metadata.finalizers.invalid', at, `${v(f)} must be a qualified name ([prefix/]name, e.g. \`example.com/cleanup\`)`);
    } else if (!f.includes('/') && !STANDARD_FINALIZERS.includes(f)) {
      r.add('metadata.finalizers.invalid', at, `${v(f)} is neither a standard finalizer name (${STANDARD_FINALIZERS.join(', ')}) nor fully qualified (\`<domain>/<name>\`)`);
    }
  });
  if (names.has('orphan') && names.has('foregroundDeletion')) {
    r.add('metadata.finalizers.invalid', path, 'the finalizers orphan and foregroundDeletion cannot both be set');
  }
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
    // The key is lowercased first: annotation keys may use capitals where label keys may not.
    if (!isQualifiedName(key.toLowerCase())) {
      r.add('metadata.annotations.invalid', child(child(path, 'annotations'), key), `key ${v(key)} must be a qualified name ([prefix/]name)`);
    }
    // Bytes, as Go's len() counts them.
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (total > MAX_ANNOTATIONS_BYTES) {
    r.add('metadata.annotations.too-large', child(path, 'annotations'), `the annotations total ${total} bytes; at most ${MAX_ANNOTATIONS_BYTES} are allowed`);
  }
}
