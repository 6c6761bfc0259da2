/**
 * Internal: container rules (image, pull policy, ports, resources, mounts), ported from the
 * container parts of kubernetes/kubernetes `pkg/apis/core/validation/validation.go` (1.28):
 * validateContainers, validateInitContainers, validateContainerCommon, validateContainerPorts,
 * AccumulateUniqueHostPorts, ValidateResourceRequirements, ValidateVolumeMounts. Env is in
 * env.ts, probes and lifecycle hooks in probes.ts, the security context in security.ts,
 * quantities in quantity.ts.
 *
 * Per target version (gates.ts), the changes of these functions between 1.28 and 1.36:
 * - an init container's restartPolicy: Always (SidecarContainers: alpha 1.28, beta 1.29, GA 1.33):
 *   warned about where the gate is off.
 * - a regular container's restartPolicy and restartPolicyRules (1.34, ContainerRestartRules; the
 *   RestartAllContainers action 1.35, RestartAllContainersOnContainerExits): validateContainers
 *   accepts Always, OnFailure and Never; each rule has the action Restart (or RestartAllContainers
 *   where its gate is on) and exitCodes with In or NotIn and at most 255 values, and needs the
 *   container's restartPolicy.
 * - resizePolicy (InPlacePodVerticalScaling: alpha 1.28, beta 1.33, GA 1.35): validateResizePolicy
 *   where it is on (`container.resize-policy`; NotRequired only in a Never pod from 1.33).
 * - resources.claims (DynamicResourceAllocation): validateResourceClaimNames (pod-resources.ts).
 * - volumeMounts[].recursiveReadOnly (1.30, RecursiveReadOnlyMounts): validateMountRecursiveReadOnly;
 *   subPath and subPathExpr of an image volume (1.31, ImageVolume) are refused before 1.33.
 */
import {
  isExtendedResourceName, isHugePagesResourceName, isNativeResourceName, isPortName, isQualifiedName,
} from '../_validate';
import { Obj, Report, boolAt, child, index, intAt, isObj, listAt, objAt, objectItems, strAt, v } from './context';
import { checkEnv, checkEnvFrom } from './env';
import { fieldGate, gateOn, gateState } from './gates';
import { checkContainerClaims } from './pod-resources';
import { checkProbesAndLifecycle } from './probes';
import { Quantity, compareQuantities, decodeQuantity, isDivisibleBy, isWholeQuantity, parseQuantity } from './quantity';
import { checkContainerSecurityContext, isLocalDescendingPath } from './security';

export { checkIds, checkSeccomp } from './security';

/** What a container's checks need to know about its pod. */
export interface PodFacts {
  /** Names of the pod's volumes. */
  readonly volumes: Set<string>;
  /** `protocol/hostIP/hostPort` keys already used by the pod's (regular) containers. */
  readonly hostPorts: Set<string>;
  /** Names of the pod's image volumes (ImageVolume). */
  readonly imageVolumes?: Set<string>;
  /** Names of the pod's resource claims; undefined when DynamicResourceAllocation is off. */
  readonly claims?: Set<string>;
  /** Whether the pod shares the host's user namespace, as the API server sees it (hostUsers). */
  readonly hostUsers?: boolean;
  /** The pod's restartPolicy. */
  readonly restartPolicy?: string;
  /** The pod's terminationGracePeriodSeconds after defaulting (undefined when it is not an integer). */
  readonly gracePeriod?: number;
  /** The pod's os.name. */
  readonly os?: string;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MOUNT_PROPAGATION = ['None', 'HostToContainer', 'Bidirectional'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
/** A regular container's restart policies (ContainerRestartRules, 1.34). */
const CONTAINER_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
/** validateResizePolicy: supportedResizeResources, supportedResizePolicies. */
const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];
/** validateMountRecursiveReadOnly (1.30). */
const RECURSIVE_READ_ONLY = ['Disabled', 'IfPossible', 'Enabled'];
/** The most exit codes of a restart rule (ContainerRestartRules, 1.34). */
const MAX_RESTART_RULE_EXIT_CODES = 255;
const QOS_RESOURCES = ['cpu', 'memory'];

/** Checks one container or init container. */
export function checkContainer(r: Report, c: Obj, path: string, pod: PodFacts, init: boolean): void {
  // validateContainerCommon: image is required. validateContainersOnlyForPod: no surrounding
  // whitespace (the Job is accepted, but every pod it creates is refused).
  const image = strAt(r, c, 'image', path);
  if (image === undefined || image === '') {
    r.add('container.image', child(path, 'image'), 'the container has no image');
  } else if (image.trim() !== image) {
    r.add('container.image', child(path, 'image'), `${v(image)} must not have leading or trailing whitespace (the Job is accepted, but its pods are refused)`);
  }
  // validatePullPolicy (an empty policy is defaulted from the image tag).
  const pull = strAt(r, c, 'imagePullPolicy', path);
  if (pull !== undefined && pull !== '' && !PULL_POLICIES.includes(pull)) {
    r.add('container.image-pull-policy', child(path, 'imagePullPolicy'), `${v(pull)} must be one of ${PULL_POLICIES.join(', ')}`);
  }
  const tmp = strAt(r, c, 'terminationMessagePolicy', path);
  if (tmp !== undefined && tmp !== '' && !TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    r.add('pod.fields', child(path, 'terminationMessagePolicy'), `${v(tmp)} must be File or FallbackToLogsOnError`);
  }
  checkRestartPolicy(r, c, path, init);
  for (const key of ['command', 'args']) {
    listAt(r, c, key, path).forEach((x, i) => {
      if (typeof x !== 'string') r.add('object.field-type', index(child(path, key), i), `${v(x)} must be a string (quote it)`);
    });
  }
  // No upstream limits on these (the kubelet reads terminationMessagePath, at most 4 KiB of it).
  for (const key of ['workingDir', 'terminationMessagePath']) strAt(r, c, key, path);
  for (const key of ['stdin', 'stdinOnce', 'tty']) boolAt(r, c, key, path);
  checkResizePolicy(r, c, path, pod);
  checkPorts(r, c, path, init ? new Set() : pod.hostPorts);
  checkEnv(r, c, path);
  checkEnvFrom(r, c, path);
  const res = objAt(r, c, 'resources', path);
  checkResources(r, res, child(path, 'resources'));
  checkContainerClaims(r, res, child(path, 'resources'), pod.claims);
  checkMounts(r, c, path, pod);
  checkContainerSecurityContext(r, objAt(r, c, 'securityContext', path), child(path, 'securityContext'), pod.hostUsers ?? true);
  checkProbesAndLifecycle(r, c, path, init, pod);
}

/**
 * validateContainers / validateInitContainers: restartPolicy (init containers: Always only, a
 * sidecar; regular containers: from 1.34 with ContainerRestartRules) and restartPolicyRules.
 */
function checkRestartPolicy(r: Report, c: Obj, path: string, init: boolean): void {
  const ID = 'container.restart-policy';
  const at = child(path, 'restartPolicy');
  const restart = strAt(r, c, 'restartPolicy', path);
  if (restart !== undefined) {
    if (!init) {
      const rules = gateState(r, 'ContainerRestartRules');
      if (rules === 'on') {
        if (!CONTAINER_RESTART_POLICIES.includes(restart)) r.add(ID, at, `${v(restart)} must be Always, OnFailure or Never`);
      } else if (rules === 'off') {
        fieldGate(r, 'ContainerRestartRules', at, 'restartPolicy on a regular container');
      } else {
        r.add(ID, at, `${v(restart)}: only init containers may set a restartPolicy`);
      }
    } else if (restart !== 'Always') {
      r.add(ID, at, `${v(restart)} must be Always (the only value for an init container)`);
    } else {
      fieldGate(r, 'SidecarContainers', at, 'restartPolicy: Always on an init container (a sidecar)',
        ': the init container must then exit before the main container starts, and its probes and lifecycle hooks are refused');
    }
  }
  const rules = listAt(r, c, 'restartPolicyRules', path);
  const rulesAt = child(path, 'restartPolicyRules');
  if (rules.length === 0 || fieldGate(r, 'ContainerRestartRules', rulesAt, 'restartPolicyRules') !== 'on') return;
  if (restart === undefined) r.add(ID, rulesAt, 'restartPolicyRules needs the container\'s restartPolicy', 'set the container\'s `restartPolicy` (e.g. Never) with the rules');
  const actions = gateOn(r, 'RestartAllContainersOnContainerExits') ? ['Restart', 'RestartAllContainers'] : ['Restart'];
  objectItems(r, rules, rulesAt).forEach(([rule, ruleAt]) => {
    const action = strAt(r, rule, 'action', ruleAt);
    if (action === undefined || !actions.includes(action)) r.add(ID, child(ruleAt, 'action'), `${v(action)} must be ${actions.join(' or ')}`);
    const codes = objAt(r, rule, 'exitCodes', ruleAt);
    if (!codes) {
      r.add(ID, child(ruleAt, 'exitCodes'), 'exitCodes is required (the condition of the rule)');
      return;
    }
    const codesAt = child(ruleAt, 'exitCodes');
    const operator = strAt(r, codes, 'operator', codesAt);
    if (operator !== 'In' && operator !== 'NotIn') r.add(ID, child(codesAt, 'operator'), `${v(operator)} must be In or NotIn`);
    const values = listAt(r, codes, 'values', codesAt);
    if (values.length > MAX_RESTART_RULE_EXIT_CODES) r.add(ID, child(codesAt, 'values'), `${values.length} values; at most ${MAX_RESTART_RULE_EXIT_CODES} are allowed`);
  });
}

/** validateResizePolicy (InPlacePodVerticalScaling), where the gate keeps the field. */
function checkResizePolicy(r: Report, c: Obj, path: string, pod: PodFacts): void {
  const list = listAt(r, c, 'resizePolicy', path);
  const at = child(path, 'resizePolicy');
  if (list.length === 0 || fieldGate(r, 'InPlacePodVerticalScaling', at, 'resizePolicy') !== 'on') return;
  const ID = 'container.resize-policy';
  const seen = new Set<string>();
  objectItems(r, list, at).forEach(([p, pAt]) => {
    const name = strAt(r, p, 'resourceName', pAt) ?? '';
    if (seen.has(name)) r.add(ID, child(pAt, 'resourceName'), `${v(name)} is listed twice`);
    seen.add(name);
    if (!RESIZE_RESOURCES.includes(name)) r.add(ID, child(pAt, 'resourceName'), name === '' ? 'resourceName is required (cpu or memory)' : `${v(name)} must be cpu or memory`);
    const policy = strAt(r, p, 'restartPolicy', pAt) ?? '';
    if (!RESIZE_POLICIES.includes(policy)) {
      r.add(ID, child(pAt, 'restartPolicy'), policy === '' ? 'restartPolicy is required (NotRequired or RestartContainer)' : `${v(policy)} must be NotRequired or RestartContainer`);
    } else if (r.target.minor >= 33 && pod.restartPolicy === 'Never' && policy !== 'NotRequired') {
      r.add(ID, child(pAt, 'restartPolicy'), `${v(policy)} must be NotRequired when the pod's restartPolicy is Never`);
    }
  });
}

/**
 * validateContainerPorts, and AccumulateUniqueHostPorts on `hostPorts`: shared by the regular
 * containers, fresh for each init container (they run one at a time).
 */
function checkPorts(r: Report, c: Obj, path: string, hostPorts: Set<string>): void {
  const names = new Set<string>();
  objectItems(r, listAt(r, c, 'ports', path), child(path, 'ports')).forEach(([p, at]) => {
    const name = strAt(r, p, 'name', at);
    if (name !== undefined && name !== '') {
      if (!isPortName(name)) {
        r.add('container.ports', child(at, 'name'), `${v(name)} must be an IANA service name (at most 15 lowercase letters, digits and '-', with a letter, no '--')`);
      } else if (names.has(name)) {
        r.add('container.ports', child(at, 'name'), `${v(name)} is used by another port of the container`);
      } else {
        names.add(name);
      }
    }
    const port = intAt(r, p, 'containerPort', at);
    if (port === 0 || (port === undefined && (p.containerPort === undefined || p.containerPort === null))) {
      r.add('container.ports', child(at, 'containerPort'), 'containerPort is required (from 1 to 65535)');
    } else if (port !== undefined && (port < 1 || port > 65535)) {
      r.add('container.ports', child(at, 'containerPort'), `${port} must be from 1 to 65535`);
    }
    const hostPort = intAt(r, p, 'hostPort', at);
    if (hostPort !== undefined && hostPort !== 0 && (hostPort < 1 || hostPort > 65535)) {
      r.add('container.ports', child(at, 'hostPort'), `${hostPort} must be from 1 to 65535 (or 0)`);
    }
    // An empty protocol is defaulted to TCP.
    const protocol = strAt(r, p, 'protocol', at) || 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      r.add('container.ports', child(at, 'protocol'), `${v(protocol)} must be one of ${PROTOCOLS.join(', ')}`);
    }
    const hostIP = strAt(r, p, 'hostIP', at) ?? '';
    if (hostPort) {
      const key = `${protocol}/${hostIP}/${hostPort}`;
      if (hostPorts.has(key)) r.add('container.ports', child(at, 'hostPort'), `host port ${hostPort}/${protocol}${hostIP ? ` on ${hostIP}` : ''} is used twice in the pod`);
      hostPorts.add(key);
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

/**
 * ValidateResourceRequirements: names, quantities (ValidateResourceQuantityValue), requests <=
 * limits, extended resources and hugepages with equal requests and limits, hugepages in whole
 * pages (validateResourceQuantityHugePageValue) and with cpu or memory. Exact (Quantity.Cmp).
 */
export function checkResources(r: Report, res: Obj | undefined, path: string): void {
  const given = { requests: objAt(r, res, 'requests', path) ?? {}, limits: objAt(r, res, 'limits', path) ?? {} };
  const read = (key: 'requests' | 'limits'): Map<string, [Quantity, unknown]> => {
    const out = new Map<string, [Quantity, unknown]>();
    for (const [name, raw] of Object.entries(given[key])) {
      const at = child(child(path, key), name);
      if (!validResourceName(name)) {
        r.add('container.resources.name', at, `${v(name)} must be a standard resource (cpu, memory, ephemeral-storage, hugepages-<size>) or an extended resource with a domain prefix outside kubernetes.io`);
      }
      const q = decodeQuantity(raw);
      if (q === undefined) {
        r.add('container.resources.quantity', at, `${v(raw)} must be a quantity such as 500m, 2 or 4Gi`);
        continue;
      }
      if (q.sign < 0) {
        r.add('container.resources.quantity', at, `${v(raw)} must not be negative`);
      } else if (isExtendedResourceName(name) && !isWholeQuantity(q)) {
        r.add('container.resources.extended', at, `${v(raw)} must be a whole number (${name} is an extended resource)`);
      } else if (isHugePagesResourceName(name) && !isDivisibleBy(q, parseQuantity(name.slice('hugepages-'.length)))) {
        r.add('container.resources.extended', at, `${v(raw)} must be a whole number of ${name.slice('hugepages-'.length)} pages`);
      }
      out.set(name, [q, raw]);
    }
    return out;
  };
  const limits = read('limits');
  const requests = read('requests');
  for (const [name, [request, raw]] of requests) {
    const at = child(child(path, 'requests'), name);
    const limit = limits.get(name);
    if (limit === undefined) {
      if (!overcommitAllowed(name) && !present(given.limits[name])) {
        r.add('container.resources.extended', child(child(path, 'limits'), name), `${name} is requested without a limit; requests and limits of ${name} must be set and equal`);
      }
      continue;
    }
    const cmp = compareQuantities(request, limit[0]);
    if (!overcommitAllowed(name) && cmp !== 0) {
      r.add('container.resources.extended', at, `${name} request (${v(raw)}) must equal its limit (${v(limit[1])})`);
    } else if (cmp > 0) {
      r.add('container.resources.request-over-limit', at, `${name} request (${v(raw)}) must be at most its limit (${v(limit[1])})`);
    }
  }
  const names = [...Object.keys(given.limits), ...Object.keys(given.requests)];
  if (names.some(isHugePagesResourceName) && !names.some(n => QOS_RESOURCES.includes(n))) {
    r.add('container.resources.extended', path, 'hugepages require a cpu or memory request or limit');
  }
  // resources.claims: checkContainerClaims (pod-resources.ts).
}

function present(x: unknown): boolean {
  return x !== undefined && x !== null;
}

/** ValidateVolumeMounts (and validateMountPropagation, validateLocalDescendingPath). */
function checkMounts(r: Report, c: Obj, path: string, pod: PodFacts): void {
  const paths = new Set<string>();
  const sc = c.securityContext;
  const privileged = isObj(sc) && sc.privileged === true;
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
    if (subPath && !isLocalDescendingPath(subPath)) {
      r.add('container.volume-mounts', child(at, 'subPath'), `${v(subPath)} must be a relative path without '..'`);
    }
    const subPathExpr = strAt(r, m, 'subPathExpr', at);
    if (subPathExpr && subPath) {
      r.add('container.volume-mounts', child(at, 'subPathExpr'), 'subPath and subPathExpr cannot be used together');
    } else if (subPathExpr && !isLocalDescendingPath(subPathExpr)) {
      r.add('container.volume-mounts', child(at, 'subPathExpr'), `${v(subPathExpr)} must be a relative path without '..'`);
    }
    const propagation = strAt(r, m, 'mountPropagation', at);
    if (propagation !== undefined && !MOUNT_PROPAGATION.includes(propagation)) {
      r.add('container.volume-mounts', child(at, 'mountPropagation'), `${v(propagation)} must be one of ${MOUNT_PROPAGATION.join(', ')}`);
    } else if (propagation === 'Bidirectional' && !privileged) {
      r.add('container.volume-mounts', child(at, 'mountPropagation'), 'Bidirectional mount propagation is only for privileged containers');
    }
    const readOnly = boolAt(r, m, 'readOnly', at);
    // validateMountRecursiveReadOnly (1.30, RecursiveReadOnlyMounts).
    const rro = strAt(r, m, 'recursiveReadOnly', at);
    if (rro !== undefined && fieldGate(r, 'RecursiveReadOnlyMounts', child(at, 'recursiveReadOnly'), 'recursiveReadOnly') === 'on') {
      if (!RECURSIVE_READ_ONLY.includes(rro)) {
        r.add('container.volume-mounts', child(at, 'recursiveReadOnly'), `${v(rro)} must be Disabled, IfPossible or Enabled`);
      } else if (rro !== 'Disabled') {
        if (readOnly !== true) r.add('container.volume-mounts', child(at, 'recursiveReadOnly'), `${rro} needs readOnly: true`);
        if (propagation !== undefined && propagation !== 'None') r.add('container.volume-mounts', child(at, 'recursiveReadOnly'), `${rro} needs mountPropagation None (or none given), not ${v(propagation)}`);
      }
    }
    // ValidateVolumeMounts (1.31, 1.32): no subPath in an image volume; allowed from 1.33.
    if (name && pod.imageVolumes?.has(name) && r.target.minor < 33) {
      for (const field of ['subPath', 'subPathExpr']) {
        if (m[field]) r.add('container.volume-mounts', child(at, field), `${field} is not allowed in an image volume before Kubernetes 1.33`);
      }
    }
  });
}
