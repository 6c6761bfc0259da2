/**
 * Internal: container rules (image, pull policy, ports, env, resources, mounts, security
 * context), ported from the container parts of kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28).
 */
import {
  isConfigMapKey, isDns1123Subdomain, isEnvVarName, isExtendedResourceName, isHugePagesResourceName, isNativeResourceName,
  isPortName, isQualifiedName, isQuantity, isValidId, quantityValue,
} from '../_validate';
import { Obj, Report, boolAt, child, index, intAt, listAt, objAt, objectItems, quantityString, strAt, v } from './context';

/** What a container's checks need to know about its pod. */
export interface PodFacts {
  /** Names of the pod's volumes. */
  readonly volumes: Set<string>;
  /** `hostPort/protocol` pairs already used by earlier containers. */
  readonly hostPorts: Set<string>;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MOUNT_PROPAGATION = ['None', 'HostToContainer', 'Bidirectional'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
/** validEnvDownwardAPIFieldPathExpressions (1.28; status.hostIPs is alpha and off). */
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'];
const ENV_RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

/** Checks one container or init container. */
export function checkContainer(r: Report, c: Obj, path: string, pod: PodFacts, init: boolean): void {
  // validateContainers: image is required. validateContainersOnlyForPod: no surrounding whitespace
  // (the Job is accepted, but every pod it creates is refused).
  const image = strAt(r, c, 'image', path);
  if (image === undefined || image === '') {
    r.add('container.image', child(path, 'image'), 'the container has no image');
  } else if (image.trim() !== image) {
    r.add('container.image', child(path, 'image'), `${v(image)} must not have leading or trailing whitespace (the Job is accepted, but its pods are refused)`);
  }
  // validatePullPolicy
  const pull = strAt(r, c, 'imagePullPolicy', path);
  if (pull !== undefined && pull !== '' && !PULL_POLICIES.includes(pull)) {
    r.add('container.image-pull-policy', child(path, 'imagePullPolicy'), `${v(pull)} must be one of ${PULL_POLICIES.join(', ')}`);
  }
  const tmp = strAt(r, c, 'terminationMessagePolicy', path);
  if (tmp !== undefined && tmp !== '' && !TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    r.add('pod.fields', child(path, 'terminationMessagePolicy'), `${v(tmp)} must be File or FallbackToLogsOnError`);
  }
  // validateContainers / validateInitContainers: restartPolicy.
  const restart = strAt(r, c, 'restartPolicy', path);
  if (restart !== undefined) {
    if (!init) {
      r.add('container.restart-policy', child(path, 'restartPolicy'), `${v(restart)}: only init containers may set a restartPolicy`);
    } else if (restart !== 'Always') {
      r.add('container.restart-policy', child(path, 'restartPolicy'), `${v(restart)} must be Always (the only value for an init container)`);
    } else {
      r.add('practice.alpha-field', child(path, 'restartPolicy'), 'restartPolicy: Always on an init container (a sidecar) is alpha in 1.28 (SidecarContainers): without the feature gate it is dropped and the init container must exit before the main container starts');
    }
  }
  for (const key of ['command', 'args']) {
    listAt(r, c, key, path).forEach((x, i) => {
      if (typeof x !== 'string') r.add('object.field-type', index(child(path, key), i), `${v(x)} must be a string (quote it)`);
    });
  }
  strAt(r, c, 'workingDir', path);
  checkPorts(r, c, path, pod);
  checkEnv(r, c, path);
  checkEnvFrom(r, c, path);
  checkResources(r, objAt(r, c, 'resources', path), child(path, 'resources'));
  checkMounts(r, c, path, pod);
  checkContainerSecurityContext(r, objAt(r, c, 'securityContext', path), child(path, 'securityContext'));
}

/** validateContainerPorts, AccumulateUniqueHostPorts. */
function checkPorts(r: Report, c: Obj, path: string, pod: PodFacts): void {
  const names = new Set<string>();
  objectItems(r, listAt(r, c, 'ports', path), child(path, 'ports')).forEach(([p, at]) => {
    const port = intAt(r, p, 'containerPort', at);
    if (port === undefined) {
      if (p.containerPort === undefined) r.add('container.ports', child(at, 'containerPort'), 'containerPort is required');
    } else if (port < 1 || port > 65535) {
      r.add('container.ports', child(at, 'containerPort'), `${port} must be from 1 to 65535`);
    }
    const hostPort = intAt(r, p, 'hostPort', at);
    if (hostPort !== undefined && hostPort !== 0 && (hostPort < 1 || hostPort > 65535)) {
      r.add('container.ports', child(at, 'hostPort'), `${hostPort} must be from 1 to 65535 (or 0)`);
    }
    const protocol = strAt(r, p, 'protocol', at) ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      r.add('container.ports', child(at, 'protocol'), `${v(protocol)} must be one of ${PROTOCOLS.join(', ')}`);
    }
    const name = strAt(r, p, 'name', at);
    if (name !== undefined && name !== '') {
      if (!isPortName(name)) {
        r.add('container.ports', child(at, 'name'), `${v(name)} must be an IANA service name (at most 15 lowercase letters, digits and '-', with a letter, no '--')`);
      } else if (names.has(name)) {
        r.add('container.ports', child(at, 'name'), `${v(name)} is used by another port of the container`);
      }
      names.add(name);
    }
    if (hostPort) {
      const key = `${hostPort}/${protocol}`;
      if (pod.hostPorts.has(key)) r.add('container.ports', child(at, 'hostPort'), `host port ${key} is used twice in the pod`);
      pod.hostPorts.add(key);
    }
  });
}

/** ValidateEnv / validateEnvVarValueFrom. */
function checkEnv(r: Report, c: Obj, path: string): void {
  objectItems(r, listAt(r, c, 'env', path), child(path, 'env')).forEach(([e, at]) => {
    const name = strAt(r, e, 'name', at);
    if (name === undefined || name === '') {
      r.add('container.env', child(at, 'name'), 'the variable has no name');
    } else if (!isEnvVarName(name)) {
      r.add('container.env', child(at, 'name'), `${v(name)} must be a valid environment variable name (letters, digits, '_', '-' or '.', not starting with a digit)`);
    }
    const value = strAt(r, e, 'value', at);
    const from = objAt(r, e, 'valueFrom', at);
    if (from === undefined) return;
    const fromAt = child(at, 'valueFrom');
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(k => from[k] !== undefined && from[k] !== null);
    if (sources.length !== 1) {
      r.add('container.env', fromAt, sources.length === 0
        ? 'valueFrom must have one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef'
        : `valueFrom has ${sources.join(' and ')}; only one source is allowed`);
    }
    if (sources.length > 0 && value !== undefined && value !== '') {
      r.add('container.env', child(at, 'value'), 'value must be empty when valueFrom is set');
    }
    const field = objAt(r, from, 'fieldRef', fromAt);
    if (field) {
      const fp = strAt(r, field, 'fieldPath', child(fromAt, 'fieldRef'));
      const subscript = fp !== undefined && /^metadata\.(labels|annotations)\['[^']+'\]$/.test(fp);
      if (fp === undefined || (!ENV_FIELD_PATHS.includes(fp) && !subscript)) {
        r.add('container.env', child(child(fromAt, 'fieldRef'), 'fieldPath'), `${v(fp)} must be one of ${ENV_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']`);
      }
    }
    const res = objAt(r, from, 'resourceFieldRef', fromAt);
    if (res) {
      const resource = strAt(r, res, 'resource', child(fromAt, 'resourceFieldRef'));
      const huge = resource !== undefined && /^(limits|requests)\.hugepages-/.test(resource);
      if (resource === undefined || (!ENV_RESOURCE_FIELDS.includes(resource) && !huge)) {
        r.add('container.env', child(child(fromAt, 'resourceFieldRef'), 'resource'), `${v(resource)} must be one of ${ENV_RESOURCE_FIELDS.join(', ')}`);
      }
    }
    for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
      const sel = objAt(r, from, ref, fromAt);
      if (!sel) continue;
      const refAt = child(fromAt, ref);
      const refName = strAt(r, sel, 'name', refAt) ?? '';
      if (!isDns1123Subdomain(refName)) {
        r.add('container.env', child(refAt, 'name'), `${v(refName)} must be the DNS-1123 name of a ${ref === 'secretKeyRef' ? 'Secret' : 'ConfigMap'}`);
      }
      const key = strAt(r, sel, 'key', refAt) ?? '';
      if (!isConfigMapKey(key)) {
        r.add('container.env', child(refAt, 'key'), `${v(key)} must be a key (letters, digits, '-', '_' or '.')`);
      }
      boolAt(r, sel, 'optional', refAt);
    }
  });
}

/** ValidateEnvFrom. */
function checkEnvFrom(r: Report, c: Obj, path: string): void {
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
      const refName = strAt(r, sel, 'name', child(at, ref)) ?? '';
      if (sel && !isDns1123Subdomain(refName)) {
        r.add('container.env-from', child(child(at, ref), 'name'), `${v(refName)} must be the DNS-1123 name of a ${ref === 'secretRef' ? 'Secret' : 'ConfigMap'}`);
      }
    }
  });
}

/** Whether a resource can be overcommitted (IsOvercommitAllowed): native and not hugepages. */
function overcommitAllowed(name: string): boolean {
  return isNativeResourceName(name) && !isHugePagesResourceName(name);
}

/** validateContainerResourceName. */
function validResourceName(name: string): boolean {
  if (!isQualifiedName(name)) return false;
  if (!name.includes('/')) return STANDARD_CONTAINER_RESOURCES.includes(name) || isHugePagesResourceName(name);
  return isNativeResourceName(name) || isExtendedResourceName(name);
}

/** ValidateResourceRequirements (requests <= limits; extended resources whole, with limits, requests == limits). */
export function checkResources(r: Report, res: Obj | undefined, path: string): void {
  const read = (key: 'requests' | 'limits'): Map<string, number> => {
    const out = new Map<string, number>();
    const m = objAt(r, res, key, path);
    for (const [name, raw] of Object.entries(m ?? {})) {
      const at = child(child(path, key), name);
      if (!validResourceName(name)) {
        r.add('container.resources.name', at, `${v(name)} must be a standard resource (cpu, memory, ephemeral-storage, hugepages-<size>) or an extended resource with a domain prefix outside kubernetes.io`);
      }
      const q = quantityString(raw);
      if (q === undefined || !isQuantity(q) || !Number.isFinite(quantityValue(q))) {
        r.add('container.resources.quantity', at, `${v(raw)} must be a quantity such as 500m, 2 or 4Gi`);
        continue;
      }
      const value = quantityValue(q);
      if (value < 0) {
        r.add('container.resources.quantity', at, `${v(raw)} must not be negative`);
        continue;
      }
      if (isExtendedResourceName(name) && !isWhole(value)) {
        r.add('container.resources.extended', at, `${v(raw)} must be a whole number (${name} is an extended resource)`);
      }
      out.set(name, value);
    }
    return out;
  };
  const limits = read('limits');
  const requests = read('requests');
  for (const [name, request] of requests) {
    const at = child(child(path, 'requests'), name);
    const limit = limits.get(name);
    if (limit === undefined) {
      if (!overcommitAllowed(name)) {
        r.add('container.resources.extended', child(child(path, 'limits'), name), `${name} is requested without a limit; requests and limits of ${name} must be set and equal`);
      }
    } else if (!overcommitAllowed(name) && !sameQuantity(request, limit)) {
      r.add('container.resources.extended', at, `${name} request (${fmt(request)}) must equal its limit (${fmt(limit)})`);
    } else if (request > limit && !sameQuantity(request, limit)) {
      r.add('container.resources.request-over-limit', at, `${name} request (${fmt(request)}) must be at most its limit (${fmt(limit)})`);
    }
  }
  const all = [...limits.keys(), ...requests.keys()];
  if (all.some(isHugePagesResourceName) && !all.some(n => n === 'cpu' || n === 'memory')) {
    r.add('container.resources.extended', path, 'hugepages require a cpu or memory request or limit');
  }
}

function isWhole(x: number): boolean {
  return Math.abs(x - Math.round(x)) < 1e-9;
}

function sameQuantity(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= Math.max(Math.abs(a), Math.abs(b)) * 1e-12;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/** ValidateVolumeMounts. */
function checkMounts(r: Report, c: Obj, path: string, pod: PodFacts): void {
  const paths = new Set<string>();
  objectItems(r, listAt(r, c, 'volumeMounts', path), child(path, 'volumeMounts')).forEach(([m, at]) => {
    const name = strAt(r, m, 'name', at);
    if (name === undefined || name === '') {
      r.add('container.volume-mounts', child(at, 'name'), 'the mount names no volume');
    } else if (!pod.volumes.has(name)) {
      r.add('container.volume-mounts', child(at, 'name'), `${v(name)} is not a volume of the pod`);
    }
    const mountPath = strAt(r, m, 'mountPath', at);
    if (mountPath === undefined || mountPath === '') {
      r.add('container.volume-mounts', child(at, 'mountPath'), 'mountPath is required');
    } else if (paths.has(mountPath)) {
      r.add('container.volume-mounts', child(at, 'mountPath'), `${v(mountPath)} must be unique among the container's mounts`);
    } else {
      paths.add(mountPath);
    }
    const subPath = strAt(r, m, 'subPath', at);
    if (subPath !== undefined && subPath !== '' && (subPath.startsWith('/') || subPath.split(/[\\/]/).includes('..'))) {
      r.add('container.volume-mounts', child(at, 'subPath'), `${v(subPath)} must be a relative path without '..'`);
    }
    const subPathExpr = strAt(r, m, 'subPathExpr', at);
    if (subPath && subPathExpr) {
      r.add('container.volume-mounts', child(at, 'subPathExpr'), 'subPath and subPathExpr cannot be used together');
    }
    const propagation = strAt(r, m, 'mountPropagation', at);
    if (propagation !== undefined && !MOUNT_PROPAGATION.includes(propagation)) {
      r.add('container.volume-mounts', child(at, 'mountPropagation'), `${v(propagation)} must be one of ${MOUNT_PROPAGATION.join(', ')}`);
    }
    boolAt(r, m, 'readOnly', at);
  });
}

/** ValidateSecurityContext (container level). */
function checkContainerSecurityContext(r: Report, sc: Obj | undefined, path: string): void {
  if (!sc) return;
  checkIds(r, sc, path, 'container.security-context');
  const privileged = boolAt(r, sc, 'privileged', path);
  const escalation = boolAt(r, sc, 'allowPrivilegeEscalation', path);
  boolAt(r, sc, 'runAsNonRoot', path);
  boolAt(r, sc, 'readOnlyRootFilesystem', path);
  const caps = objAt(r, sc, 'capabilities', path);
  const add = listAt(r, caps, 'add', child(path, 'capabilities'));
  listAt(r, caps, 'drop', child(path, 'capabilities'));
  if (escalation === false) {
    if (privileged === true) {
      r.add('container.security-context', child(path, 'allowPrivilegeEscalation'), 'allowPrivilegeEscalation cannot be false when privileged is true');
    }
    if (add.includes('CAP_SYS_ADMIN')) {
      r.add('container.security-context', child(path, 'allowPrivilegeEscalation'), 'allowPrivilegeEscalation cannot be false when CAP_SYS_ADMIN is added');
    }
  }
  checkSeccomp(r, sc, path, 'container.security-context');
}

/** IsValidUserID / IsValidGroupID on runAsUser and runAsGroup. */
export function checkIds(r: Report, sc: Obj, path: string, ruleId: string, fields = ['runAsUser', 'runAsGroup']): void {
  for (const field of fields) {
    const id = intAt(r, sc, field, path);
    if (id !== undefined && !isValidId(id)) {
      r.add(ruleId, child(path, field), `${id} must be from 0 to 2147483647`);
    }
  }
}

/** validateSeccompProfileField. */
export function checkSeccomp(r: Report, sc: Obj, path: string, ruleId: string): void {
  const profile = objAt(r, sc, 'seccompProfile', path);
  if (!profile) return;
  const at = child(path, 'seccompProfile');
  const type = strAt(r, profile, 'type', at);
  const localhost = strAt(r, profile, 'localhostProfile', at);
  if (type === undefined || !['RuntimeDefault', 'Unconfined', 'Localhost'].includes(type)) {
    r.add(ruleId, child(at, 'type'), `${v(type)} must be RuntimeDefault, Localhost or Unconfined`);
  } else if (type === 'Localhost' && !localhost) {
    r.add(ruleId, child(at, 'localhostProfile'), 'localhostProfile is required with type Localhost');
  } else if (type !== 'Localhost' && localhost !== undefined) {
    r.add(ruleId, child(at, 'localhostProfile'), 'localhostProfile can only be set with type Localhost');
  }
}
