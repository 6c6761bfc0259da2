/**
 * Internal: a container's `env` and `envFrom`, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidateEnv, validateEnvVarValueFrom,
 * validateObjectFieldSelector (with pods.ConvertDownwardAPIFieldLabel and
 * fieldpath.SplitMaybeSubscriptedPath), validateContainerResourceFieldSelector,
 * validateContainerResourceDivisor, validateConfigMapKeySelector, validateSecretKeySelector,
 * ValidateEnvFrom.
 */
import { isConfigMapKey, isDns1123Subdomain, isEnvVarName, isQualifiedName } from '../_validate';
import { Obj, Report, boolAt, child, listAt, objAt, objectItems, strAt, v } from './context';
import { decodeQuantity, unitString } from './quantity';

/**
 * validEnvDownwardAPIFieldPathExpressions (1.28). `status.hostIPs` is accepted only with the
 * alpha PodHostIPs gate (1.28; on by default from 1.29), so it is refused here.
 */
const ENV_FIELD_PATHS = new Set(['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs']);
/** validContainerResourceFieldPathExpressions; `requests.hugepages-*` and `limits.hugepages-*` too (DownwardAPIHugePages, GA). */
const ENV_RESOURCES = new Set(['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);
const HUGEPAGES_RESOURCE = /^(requests|limits)\.hugepages-/;
const CPU_RESOURCES = new Set(['limits.cpu', 'requests.cpu']);
const BYTE_RESOURCES = new Set(['limits.memory', 'requests.memory', 'limits.ephemeral-storage', 'requests.ephemeral-storage']);
/** validContainerResourceDivisorFor*: the divisors' canonical forms (Quantity.String()). */
const CPU_DIVISORS = new Set(['1m', '1']);
const BYTE_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
const SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];

/** ValidateEnv. */
export function checkEnv(r: Report, c: Obj, path: string): void {
  objectItems(r, listAt(r, c, 'env', path), child(path, 'env')).forEach(([e, at]) => {
    const name = strAt(r, e, 'name', at);
    if (name === undefined || name === '') {
      r.add('container.env', child(at, 'name'), 'the variable has no name');
    } else if (!isEnvVarName(name)) {
      r.add('container.env', child(at, 'name'), `${v(name)} must be a valid environment variable name (letters, digits, '_', '-' or '.', not starting with a digit; not '.' and not starting with '..')`);
    }
    const value = strAt(r, e, 'value', at);
    const from = objAt(r, e, 'valueFrom', at);
    if (from !== undefined) checkValueFrom(r, from, at, value ?? '');
  });
}

/** validateEnvVarValueFrom. */
function checkValueFrom(r: Report, from: Obj, envAt: string, value: string): void {
  const at = child(envAt, 'valueFrom');
  const sources = SOURCES.filter(k => from[k] !== undefined && from[k] !== null);
  if (sources.length === 0) {
    r.add('container.env', at, 'valueFrom must have one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef');
  } else if (value !== '') {
    r.add('container.env', child(envAt, 'value'), 'value must be empty when valueFrom is set');
  } else if (sources.length > 1) {
    r.add('container.env', at, `valueFrom has ${sources.join(' and ')}; only one source is allowed`);
  }
  const field = objAt(r, from, 'fieldRef', at);
  if (field) checkFieldRef(r, field, child(at, 'fieldRef'));
  const res = objAt(r, from, 'resourceFieldRef', at);
  if (res) checkResourceFieldRef(r, res, child(at, 'resourceFieldRef'));
  for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
    const sel = objAt(r, from, ref, at);
    if (!sel) continue;
    const refAt = child(at, ref);
    // validateConfigMapKeySelector / validateSecretKeySelector: the name is checked even when empty.
    const refName = strAt(r, sel, 'name', refAt) ?? '';
    if (!isDns1123Subdomain(refName)) {
      r.add('container.env', child(refAt, 'name'), `${v(refName)} must be the DNS-1123 name of a ${ref === 'secretKeyRef' ? 'Secret' : 'ConfigMap'}`);
    }
    const key = strAt(r, sel, 'key', refAt) ?? '';
    if (!isConfigMapKey(key)) {
      r.add('container.env', child(refAt, 'key'), key === '' ? 'the key is required' : `${v(key)} must be a key (at most 253 letters, digits, '-', '_' or '.'; not '.' and not starting with '..')`);
    }
    boolAt(r, sel, 'optional', refAt);
  }
}

/** validateObjectFieldSelector with the env expressions (apiVersion defaults to v1). */
function checkFieldRef(r: Report, field: Obj, at: string): void {
  const apiVersion = strAt(r, field, 'apiVersion', at);
  const fieldPath = strAt(r, field, 'fieldPath', at);
  const pathAt = child(at, 'fieldPath');
  if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== 'v1') {
    r.add('container.env', child(at, 'apiVersion'), `${v(apiVersion)} is not a supported version`, 'use apiVersion v1, or leave it out');
    return;
  }
  if (fieldPath === undefined || fieldPath === '') {
    r.add('container.env', pathAt, 'fieldPath is required');
    return;
  }
  const subscripted = splitSubscript(fieldPath);
  if (subscripted) {
    const [base, key] = subscripted;
    if (base !== 'metadata.labels' && base !== 'metadata.annotations') {
      r.add('container.env', pathAt, `${v(fieldPath)}: only metadata.labels and metadata.annotations take a ['<key>'] subscript`);
    } else if (!isQualifiedName(base === 'metadata.annotations' ? key.toLowerCase() : key)) {
      r.add('container.env', pathAt, `${v(key)} must be a valid ${base === 'metadata.labels' ? 'label' : 'annotation'} key ([prefix/]name)`,
        `name an existing key, e.g. ${base}['app.kubernetes.io/name']`);
    }
    return;
  }
  // ConvertDownwardAPIFieldLabel turns `spec.host` into `spec.nodeName` (compatibility with old clients).
  if (!ENV_FIELD_PATHS.has(fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath)) {
    const alpha = fieldPath === 'status.hostIPs' ? ' (status.hostIPs needs the alpha PodHostIPs feature gate in 1.28)' : '';
    r.add('container.env', pathAt, `${v(fieldPath)} must be one of ${[...ENV_FIELD_PATHS].join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']${alpha}`);
  }
}

/** fieldpath.SplitMaybeSubscriptedPath: `<path>['<subscript>']`, or undefined. */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith('\']')) return undefined;
  const s = fieldPath.slice(0, -2);
  const open = s.indexOf('[\'');
  if (open <= 0) return undefined;
  return [s.slice(0, open), s.slice(open + 2)];
}

/** validateContainerResourceFieldSelector (containerName is optional in env) and validateContainerResourceDivisor. */
function checkResourceFieldRef(r: Report, res: Obj, at: string): void {
  const resource = strAt(r, res, 'resource', at);
  strAt(r, res, 'containerName', at);
  if (resource === undefined || resource === '') {
    r.add('container.env', child(at, 'resource'), 'resource is required');
  } else if (!ENV_RESOURCES.has(resource) && !HUGEPAGES_RESOURCE.test(resource)) {
    r.add('container.env', child(at, 'resource'), `${v(resource)} must be one of ${[...ENV_RESOURCES].join(', ')}, requests.hugepages-<size>, limits.hugepages-<size>`);
  }
  const raw = res.divisor;
  if (raw === undefined) return;
  const divisor = decodeQuantity(raw);
  if (divisor === undefined) {
    r.add('container.env', child(at, 'divisor'), `${v(raw)} must be a quantity such as 1m, 1 or 1Mi`);
    return;
  }
  if (divisor.sign === 0 || resource === undefined) return;
  const cpu = CPU_RESOURCES.has(resource);
  if (!cpu && !BYTE_RESOURCES.has(resource) && !HUGEPAGES_RESOURCE.test(resource)) return;
  const allowed = cpu ? CPU_DIVISORS : BYTE_DIVISORS;
  const canonical = unitString(divisor);
  if (canonical === undefined || !allowed.has(canonical)) {
    const read = canonical === undefined ? ' (not a unit)' : canonical !== raw ? ` (read as ${v(canonical)})` : '';
    r.add('container.env', child(at, 'divisor'), `${v(raw)}${read} must be one of ${[...allowed].join(', ')} for ${resource}`,
      `write the divisor as one of ${[...allowed].join(', ')}, e.g. ${cpu ? '1m' : '1Mi'}`);
  }
}

/** ValidateEnvFrom (names as ValidateConfigMapName / ValidateSecretName with prefix: a trailing '-' is allowed). */
export function checkEnvFrom(r: Report, c: Obj, path: string): void {
  objectItems(r, listAt(r, c, 'envFrom', path), child(path, 'envFrom')).forEach(([e, at]) => {
    const prefix = strAt(r, e, 'prefix', at);
    if (prefix !== undefined && prefix !== '' && !isEnvVarName(prefix)) {
      r.add('container.env-from', child(at, 'prefix'), `${v(prefix)} must be a valid environment variable name`);
    }
    const sources = ['configMapRef', 'secretRef'].filter(k => e[k] !== undefined && e[k] !== null);
    if (sources.length !== 1) {
      r.add('container.env-from', at, sources.length === 0 ? 'envFrom needs configMapRef or secretRef' : 'envFrom may have only one of configMapRef and secretRef');
    }
    for (const ref of sources) {
      const sel = objAt(r, e, ref, at);
      if (!sel) continue;
      const refName = strAt(r, sel, 'name', child(at, ref)) ?? '';
      if (refName === '' || !isDns1123Subdomain(maskTrailingDash(refName))) {
        r.add('container.env-from', child(child(at, ref), 'name'), `${v(refName)} must be the DNS-1123 name of a ${ref === 'secretRef' ? 'Secret' : 'ConfigMap'}`);
      }
      boolAt(r, sel, 'optional', child(at, ref));
    }
  });
}

/** maskTrailingDash (apimachinery NameIsDNSSubdomain with prefix): drops the last two characters of a name ending in '-' and appends 'a'. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}
