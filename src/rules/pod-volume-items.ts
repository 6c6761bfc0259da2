/**
 * Internal: the parts of pod volumes that hold files and claims, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): validateKeyToPath, ValidateLocalNonReservedPath,
 * validateDownwardAPIVolumeFile, validateObjectFieldSelector, validateContainerResourceFieldSelector,
 * validateProjectionSources, validateEphemeralVolumeSource, ValidatePersistentVolumeClaimSpec.
 * Every finding is `pod.volumes`.
 */
import { isDns1123Subdomain, isQualifiedName, isQuantity, quantityValue } from '../_validate';
import { Obj, Report, boolAt, child, index, intAt, isObj, listAt, objAt, objectItems, quantityString, strAt, v } from './context';
import { checkAnnotationsAt, checkLabelsAt } from './meta';
import { checkLabelSelector } from './pod-scheduling';

export const ID = 'pod.volumes';

/** fileModeErrorMsg: a mode is 0 to 0777 (octal). */
const MAX_MODE = 0o777;
/** validVolumeDownwardAPIFieldPathExpressions. */
const VOLUME_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'];
/** validContainerResourceFieldPathExpressions (plus the hugepages prefixes). */
const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const HUGEPAGES_FIELD = /^(requests|limits)\.hugepages-/;
/** supportedAccessModes, supportedVolumeModes (PersistentVolumeClaimSpec). */
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const QUANTITY_SUFFIX = /(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])$/;
const SUBSCRIPTED = /^(.+?)\['(.*)'\]$/;

/** A string field that must be set and not empty; returns it. */
export function required(r: Report, s: Obj, key: string, at: string): string | undefined {
  const x = strAt(r, s, key, at);
  if (x === '' || (x === undefined && (s[key] === undefined || s[key] === null))) {
    r.add(ID, child(at, key), `${key} is required`);
  }
  return x || undefined;
}


/** A file mode from 0 to 0777 (fileModeErrorMsg). */
export function mode(r: Report, s: Obj, key: string, at: string): void {
  const m = intAt(r, s, key, at);
  if (m !== undefined && (m < 0 || m > MAX_MODE)) {
    r.add(ID, child(at, key), `${m} must be a file mode from 0 to 0777 octal (511 in decimal; YAML 0644 is octal, JSON needs 420)`);
  }
}


/** validatePathNoBacksteps: no '..' element (split on '/', as on a Linux API server). */
export function hasBackstep(p: string): boolean {
  return p === '..' || p.startsWith('../') || p.endsWith('/..') || p.includes('/../');
}

/**
 * validateLocalDescendingPath (relative, no '..' element) and, with `nonReserved`,
 * ValidateLocalNonReservedPath (not starting with '..' either).
 */
export function localPath(r: Report, p: string, at: string, nonReserved: boolean): void {
  if (p.startsWith('/')) r.add(ID, at, `${v(p)} must be a relative path`);
  if (hasBackstep(p)) r.add(ID, at, `${v(p)} must not contain '..'`);
  else if (nonReserved && p.startsWith('..')) r.add(ID, at, `${v(p)} must not start with '..'`);
}

/**
 * validateKeyToPath on each of `items`: a key (any non-empty string), a local non-reserved
 * path, a file mode. `paths` collects the paths of a projected volume (conflicting duplicates).
 */
export function keyToPaths(r: Report, s: Obj, at: string, paths: Map<string, string> | undefined): void {
  objectItems(r, listAt(r, s, 'items', at), child(at, 'items')).forEach(([item, iAt]) => {
    required(r, item, 'key', iAt);
    const p = required(r, item, 'path', iAt);
    if (p) {
      localPath(r, p, child(iAt, 'path'), true);
      uniquePath(r, paths, p, child(iAt, 'path'));
    }
    mode(r, item, 'mode', iAt);
  });
}

/** validateProjectionSources: the paths of a projected volume's sources do not conflict. */
function uniquePath(r: Report, paths: Map<string, string> | undefined, p: string, at: string): void {
  if (!paths) return;
  const first = paths.get(p);
  if (first !== undefined) r.add(ID, at, `${v(p)} is also the path of ${first}; the paths of a projected volume must not conflict`);
  else paths.set(p, at);
}

/** validateDownwardAPIVolumeFile. */
export function downwardAPIFile(r: Report, file: Obj, at: string, paths?: Map<string, string>): void {
  const p = required(r, file, 'path', at);
  if (p) {
    localPath(r, p, child(at, 'path'), true);
    uniquePath(r, paths, p, child(at, 'path'));
  }
  mode(r, file, 'mode', at);
  const fieldRef = objAt(r, file, 'fieldRef', at);
  const resourceRef = objAt(r, file, 'resourceFieldRef', at);
  if (fieldRef && resourceRef) {
    r.add(ID, at, 'fieldRef and resourceFieldRef cannot both be set');
  } else if (!fieldRef && !resourceRef) {
    r.add(ID, at, 'one of fieldRef and resourceFieldRef is required');
  }
  if (fieldRef) objectFieldSelector(r, fieldRef, child(at, 'fieldRef'));
  else if (resourceRef) resourceFieldSelector(r, resourceRef, child(at, 'resourceFieldRef'));
}

/** validateObjectFieldSelector with the volume's field paths (ConvertDownwardAPIFieldLabel). */
function objectFieldSelector(r: Report, ref: Obj, at: string): void {
  const apiVersion = strAt(r, ref, 'apiVersion', at);
  if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== 'v1') {
    r.add(ID, child(at, 'apiVersion'), `${v(apiVersion)} must be v1 (the default)`);
    return;
  }
  const fp = required(r, ref, 'fieldPath', at);
  if (!fp) return;
  const m = SUBSCRIPTED.exec(fp);
  if (m && (m[1] === 'metadata.labels' || m[1] === 'metadata.annotations')) {
    const key = m[1] === 'metadata.annotations' ? m[2].toLowerCase() : m[2];
    if (!isQualifiedName(key)) r.add(ID, child(at, 'fieldPath'), `${v(m[2])} in ${v(fp)} must be a label or annotation key`);
  } else if (!VOLUME_FIELD_PATHS.includes(fp)) {
    r.add(ID, child(at, 'fieldPath'), `${v(fp)} must be one of ${VOLUME_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>'] (in a volume)`);
  }
}

/** validateContainerResourceFieldSelector (volume: containerName required) and validateContainerResourceDivisor. */
function resourceFieldSelector(r: Report, ref: Obj, at: string): void {
  const container = strAt(r, ref, 'containerName', at);
  if (!container) {
    r.add(ID, child(at, 'containerName'), 'containerName is required in a volume');
    return;
  }
  const resource = required(r, ref, 'resource', at);
  if (!resource) return;
  if (!RESOURCE_FIELDS.includes(resource) && !HUGEPAGES_FIELD.test(resource)) {
    r.add(ID, child(at, 'resource'), `${v(resource)} must be one of ${RESOURCE_FIELDS.join(', ')} or (requests|limits).hugepages-<size>`);
    return;
  }
  const raw = ref.divisor;
  if (raw === undefined || raw === null) return;
  const q = quantityString(raw);
  const value = q !== undefined && isQuantity(q) ? quantityValue(q) : NaN;
  if (Number.isNaN(value)) {
    r.add(ID, child(at, 'divisor'), `${v(raw)} must be a quantity`);
  } else if (value !== 0 && !divisorAllowed(resource, q!, value)) {
    r.add(ID, child(at, 'divisor'), resource.endsWith('.cpu')
      ? `${v(raw)} must be 1m or 1 for ${resource}`
      : `${v(raw)} must be 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei for ${resource}`);
  }
}

/** The divisor's canonical form (resource.Quantity.String()) is one of the allowed ones. */
function divisorAllowed(resource: string, q: string, value: number): boolean {
  const suffix = QUANTITY_SUFFIX.exec(q)?.[1] ?? '';
  const close = (a: number, b: number) => Math.abs(a - b) <= b * 1e-9;
  if (/^[eE]/.test(suffix)) return close(value, 1); // DecimalExponent: only 1 prints as an allowed form
  if (resource.endsWith('.cpu')) return close(value, 1) || close(value, 0.001);
  const base = suffix.endsWith('i') ? 1024 : 1000;
  for (let p = 0; p <= 6; p++) if (close(value, base ** p)) return true;
  return false;
}

/** validateProjectionSources: each source of one kind, its items, conflicting paths. */
export function checkProjectionSources(r: Report, s: Obj, at: string): void {
  const paths = new Map<string, string>();
  objectItems(r, listAt(r, s, 'sources', at), child(at, 'sources')).forEach(([src, sAt]) => {
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken'].filter(k => src[k] !== undefined && src[k] !== null);
    if (kinds.length > 1) r.add(ID, sAt, `the source has ${kinds.join(' and ')}; each source may have only one`);
    for (const kind of ['secret', 'configMap']) {
      const ref = objAt(r, src, kind, sAt);
      if (!ref) continue;
      required(r, ref, 'name', child(sAt, kind));
      keyToPaths(r, ref, child(sAt, kind), paths);
      boolAt(r, ref, 'optional', child(sAt, kind));
    }
    const downward = objAt(r, src, 'downwardAPI', sAt);
    if (downward) {
      objectItems(r, listAt(r, downward, 'items', child(sAt, 'downwardAPI')), child(child(sAt, 'downwardAPI'), 'items'))
        .forEach(([file, fAt]) => downwardAPIFile(r, file, fAt, paths));
    }
    const token = objAt(r, src, 'serviceAccountToken', sAt);
    if (token) {
      const tAt = child(sAt, 'serviceAccountToken');
      // expirationSeconds defaults to 3600; at least 10 minutes, at most 2^32 seconds.
      const exp = intAt(r, token, 'expirationSeconds', tAt);
      if (exp !== undefined && (exp < 600 || exp > 2 ** 32)) {
        r.add(ID, child(tAt, 'expirationSeconds'), `${exp} must be from 600 (10 minutes) to 4294967296 (2^32) seconds`);
      }
      const p = required(r, token, 'path', tAt);
      if (p) localPath(r, p, child(tAt, 'path'), true);
      strAt(r, token, 'audience', tAt);
    }
  });
}


/** validateEphemeralVolumeSource / ValidatePersistentVolumeClaimTemplate. */
export function checkEphemeral(r: Report, s: Obj, at: string): void {
  const template = objAt(r, s, 'volumeClaimTemplate', at);
  if (!template) {
    r.add(ID, child(at, 'volumeClaimTemplate'), 'volumeClaimTemplate is required');
    return;
  }
  const tAt = child(at, 'volumeClaimTemplate');
  // ValidateTemplateObjectMeta: only labels and annotations.
  const meta = objAt(r, template, 'metadata', tAt);
  const mAt = child(tAt, 'metadata');
  for (const key of Object.keys(meta ?? {})) {
    if (key !== 'labels' && key !== 'annotations') r.add(ID, child(mAt, key), `${key} cannot be set in a volume claim template (only labels and annotations)`);
  }
  checkLabelsAt(r, meta, mAt, ID);
  checkAnnotationsAt(r, meta, mAt);
  claimSpec(r, objAt(r, template, 'spec', tAt), child(tAt, 'spec'));
}

/** ValidatePersistentVolumeClaimSpec. */
function claimSpec(r: Report, spec: Obj | undefined, at: string): void {
  const modes = listAt(r, spec, 'accessModes', at);
  if (modes.length === 0) r.add(ID, child(at, 'accessModes'), 'at least one access mode is required');
  modes.forEach((m, i) => {
    if (typeof m !== 'string' || !ACCESS_MODES.includes(m)) r.add(ID, index(child(at, 'accessModes'), i), `${v(m)} must be one of ${ACCESS_MODES.join(', ')}`);
  });
  if (modes.includes('ReadWriteOncePod') && modes.some(m => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string))) {
    r.add(ID, child(at, 'accessModes'), 'ReadWriteOncePod cannot be used with other access modes');
  }
  const selector = objAt(r, spec, 'selector', at);
  if (selector) checkLabelSelector(r, selector, child(at, 'selector'), ID);
  const requests = objAt(r, objAt(r, spec, 'resources', at), 'requests', child(at, 'resources'));
  const storageAt = child(child(child(at, 'resources'), 'requests'), 'storage');
  const raw = requests?.storage;
  if (raw === undefined || raw === null) {
    r.add(ID, storageAt, 'resources.requests.storage is required');
  } else {
    const q = quantityString(raw);
    if (q === undefined || !isQuantity(q) || !(quantityValue(q) > 0)) r.add(ID, storageAt, `${v(raw)} must be a positive quantity such as 10Gi`);
  }
  const sc = strAt(r, spec, 'storageClassName', at);
  if (sc && !isDns1123Subdomain(sc)) r.add(ID, child(at, 'storageClassName'), `${v(sc)} must be the DNS-1123 name of a StorageClass`);
  const vm = strAt(r, spec, 'volumeMode', at);
  if (vm !== undefined && !VOLUME_MODES.includes(vm)) r.add(ID, child(at, 'volumeMode'), `${v(vm)} must be Block or Filesystem`);
  for (const key of ['dataSource', 'dataSourceRef']) {
    // validateDataSource / validateDataSourceRef.
    const ref = objAt(r, spec, key, at);
    if (!ref) continue;
    const kind = required(r, ref, 'kind', child(at, key));
    required(r, ref, 'name', child(at, key));
    if (kind && !strAt(r, ref, 'apiGroup', child(at, key)) && kind !== 'PersistentVolumeClaim') {
      r.add(ID, child(child(at, key), 'kind'), `${v(kind)} must be PersistentVolumeClaim when apiGroup is empty`);
    }
  }
  const ds = isObj(spec?.dataSource) ? spec!.dataSource as Obj : undefined;
  const dsr = isObj(spec?.dataSourceRef) ? spec!.dataSourceRef as Obj : undefined;
  if (ds && dsr) {
    if (dsr.namespace) {
      r.add(ID, child(at, 'dataSource'), 'dataSource cannot be set when dataSourceRef.namespace is set');
    } else if ((ds.apiGroup ?? '') !== (dsr.apiGroup ?? '') || ds.kind !== dsr.kind || ds.name !== dsr.name) {
      r.add(ID, child(at, 'dataSource'), 'dataSource must match dataSourceRef');
    }
  }
}
