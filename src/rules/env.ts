/**
 * Internal: a container's `env` and `envFrom`, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidateEnv, validateEnvVarValueFrom,
 * validateObjectFieldSelector (with pods.ConvertDownwardAPIFieldLabel and
 * fieldpath.SplitMaybeSubscriptedPath), validateContainerResourceFieldSelector,
 * validateContainerResourceDivisor, validateConfigMapKeySelector, validateSecretKeySelector,
 * ValidateEnvFrom.
 *
 * Per target version (gates.ts), the changes between 1.28 and 1.36:
 * - env names and envFrom prefixes (RelaxedEnvironmentVariableValidation: alpha 1.30, beta 1.32,
 *   GA 1.34): where it is on, IsRelaxedEnvVarName (printable ASCII but '=') instead of IsEnvVarName.
 * - the fieldPath status.hostIPs (PodHostIPs: alpha 1.28, beta 1.29, GA 1.30):
 *   validEnvDownwardAPIFieldPathExpressions has it where the gate is on.
 * - valueFrom.fileKeyRef (1.34, EnvFiles: alpha 1.34, beta 1.35): a fifth source; where the gate is
 *   on its volumeName, path and key are required.
 */
import { isConfigMapKey, isDns1123Subdomain, envVarNameProblem, isQualifiedName } from '../_validate';
import { Obj, Report, boolAt, child, listAt, objAt, objectItems, strAt, v } from './context';
import { fieldGate, gateOn, gateState } from './gates';
import { decodeQuantity, unitString } from './quantity';

/**
 * validEnvDownwardAPIFieldPathExpressions (1.28). `status.hostIPs` is accepted only where the
 * PodHostIPs gate is on (alpha in 1.28, on by default from 1.29).
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
/** ValidateEnv / ValidateEnvFrom's name test at the target (shared with the props checks). */
function envNameProblem(r: Report, name: string): string | undefined {
  return envVarNameProblem(name, gateOn(r, 'RelaxedEnvironmentVariableValidation'));
}

/** ValidateEnv. */
export function checkEnv(r: Report, c: Obj, path: string): void {
  objectItems(r, listAt(r, c, 'env', path), child(path, 'env')).forEach(([e, at]) => {
    const name = strAt(r, e, 'name', at);
    const problem = name ? envNameProblem(r, name) : undefined;
    if (name === undefined || name === '') {
      r.add('container.env', child(at, 'name'), 'the variable has no name');
    } else if (problem) {
      r.add('container.env', child(at, 'name'), `${v(name)} must be ${problem}`);
    }
    const value = strAt(r, e, 'value', at);
    const from = objAt(r, e, 'valueFrom', at);
    if (from !== undefined) checkValueFrom(r, from, at, value ?? '');
  });
}

/** validateEnvVarValueFrom. */
function checkValueFrom(r: Report, from: Obj, envAt: string, value: string): void {
  const at = child(envAt, 'valueFrom');
  // fileKeyRef (1.34, EnvFiles) is a fifth source where the field exists.
  const all = gateState(r, 'EnvFiles') === 'none' ? SOURCES : [...SOURCES, 'fileKeyRef'];
  const sources = all.filter(k => from[k] !== undefined && from[k] !== null);
  if (sources.length === 0) {
    r.add('container.env', at, `valueFrom must have one of ${all.join(', ')}`);
  } else if (value !== '') {
    r.add('container.env', child(envAt, 'value'), 'value must be empty when valueFrom is set');
  } else if (sources.length > 1) {
    r.add('container.env', at, `valueFrom has ${sources.join(' and ')}; only one source is allowed`);
  }
  const file = objAt(r, from, 'fileKeyRef', at);
  if (file && gateState(r, 'EnvFiles') !== 'none' && fieldGate(r, 'EnvFiles', child(at, 'fileKeyRef'), 'fileKeyRef', ': the variable is then left without a source, which is refused') === 'on') {
    for (const key of ['volumeName', 'path', 'key']) {
      const x = strAt(r, file, key, child(at, 'fileKeyRef'));
      if (!x) r.add('container.env', child(child(at, 'fileKeyRef'), key), `${key} is required`);
    }
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
  const hostIPs = gateOn(r, 'PodHostIPs');
  const known = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  if (!ENV_FIELD_PATHS.has(known) && !(hostIPs && known === 'status.hostIPs')) {
    const alpha = fieldPath === 'status.hostIPs' ? ` (status.hostIPs needs the PodHostIPs feature gate, alpha in Kubernetes 1.${r.target.minor}; it is on by default from 1.29)` : '';
    const paths = hostIPs ? [...ENV_FIELD_PATHS, 'status.hostIPs'] : [...ENV_FIELD_PATHS];
    r.add('container.env', pathAt, `${v(fieldPath)} must be one of ${paths.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']${alpha}`);
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
    const problem = prefix ? envNameProblem(r, prefix) : undefined;
    if (problem) {
      r.add('container.env-from', child(at, 'prefix'), `${v(prefix)} must be ${problem}`);
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
