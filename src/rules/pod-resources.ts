/**
 * Internal: pod-level resources and dynamic resource claims, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go`:
 *
 * - `spec.resources` (1.32+, PodLevelResources: alpha 1.32, beta 1.34): validatePodResources (no
 *   claims), validatePodResourceRequirements with validatePodResourceName (a standard or qualified
 *   name that IsSupportedPodLevelResource: cpu and memory in 1.32, and hugepages-* from 1.33),
 *   ValidateResourceQuantityValue, requests at most limits, and validatePodResourceConsistency
 *   (pod requests at least the containers' aggregate requests, each container limit at most the
 *   pod limit; `pod.resources`).
 * - `spec.resourceClaims` and `resources.claims` (DynamicResourceAllocation: alpha 1.28, beta and
 *   off 1.32, GA 1.34): validatePodResourceClaims / validatePodResourceClaim (1.31+: the claim
 *   names its ResourceClaim or template directly; before: under `source`, as
 *   validatePodResourceClaimSource) and validateResourceClaimNames (`request`, 1.32+;
 *   `pod.resource-claims`).
 */
import { isDns1123Label, isDns1123Subdomain, isHugePagesResourceName, isQualifiedName } from '../_validate';
import { Obj, Report, child, index, isObj, listAt, objAt, objectItems, strAt, v } from './context';
import { fieldGate, gateOn } from './gates';
import { Quantity, addQuantities, compareQuantities, decodeQuantity, isDivisibleBy, maxQuantity, parseQuantity, quantityText } from './quantity';

/** IsStandardResourceName's unprefixed names that a pod-level name may use before the supported-resource check. */
const STANDARD_RESOURCES = ['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims'];

/**
 * Checks `spec.resourceClaims` when DynamicResourceAllocation is on at the target (and warns
 * otherwise); returns the claim names the containers may reference (`undefined` when the gate is
 * off or the field does not exist: the containers' claims are then not checked either).
 */
export function checkResourceClaims(r: Report, spec: Obj | undefined, path: string): Set<string> | undefined {
  const at = child(path, 'resourceClaims');
  const claims = listAt(r, spec, 'resourceClaims', path);
  if (claims.length === 0) return gateOn(r, 'DynamicResourceAllocation') ? new Set() : undefined;
  if (fieldGate(r, 'DynamicResourceAllocation', at, 'resourceClaims') !== 'on') return undefined;
  const ID = 'pod.resource-claims';
  const names = new Set<string>();
  // The v1 shape changed in 1.31: `source.resourceClaimName` became `resourceClaimName`.
  const nested = r.target.minor < 31;
  objectItems(r, claims, at).forEach(([claim, cAt]) => {
    const name = strAt(r, claim, 'name', cAt);
    if (name === undefined || name === '') r.add(ID, child(cAt, 'name'), 'the claim has no name');
    else if (names.has(name)) r.add(ID, child(cAt, 'name'), `${v(name)} is the name of another claim`);
    else if (!isDns1123Label(name)) r.add(ID, child(cAt, 'name'), `${v(name)} must be a DNS-1123 label`);
    if (name) names.add(name);
    const source = nested ? objAt(r, claim, 'source', cAt) : claim;
    const sAt = nested ? child(cAt, 'source') : cAt;
    const refs = ['resourceClaimName', 'resourceClaimTemplateName'].filter(k => source?.[k] !== undefined && source?.[k] !== null);
    if (refs.length !== 1) {
      r.add(ID, sAt, refs.length === 0 ? 'the claim needs resourceClaimName or resourceClaimTemplateName' : 'the claim may have only one of resourceClaimName and resourceClaimTemplateName');
    }
    for (const ref of refs) {
      const value = strAt(r, source, ref, sAt);
      if (value !== undefined && !isDns1123Subdomain(value)) r.add(ID, child(sAt, ref), `${v(value)} must be the DNS-1123 name of a ${ref === 'resourceClaimName' ? 'ResourceClaim' : 'ResourceClaimTemplate'}`);
    }
  });
  return names;
}

/**
 * A container's `resources.claims` (validateResourceClaimNames): each names a pod claim, once (or
 * one of its requests, 1.32+). `podClaims` undefined: the gate is off, only the warning is given.
 */
export function checkContainerClaims(r: Report, res: Obj | undefined, path: string, podClaims: Set<string> | undefined): void {
  const claims = listAt(r, res, 'claims', path);
  if (claims.length === 0) return;
  const at = child(path, 'claims');
  if (fieldGate(r, 'DynamicResourceAllocation', at, 'resources.claims') !== 'on' || !podClaims) return;
  const ID = 'pod.resource-claims';
  const seen = new Set<string>();
  claims.forEach((c, i) => {
    const cAt = index(at, i);
    if (!isObj(c)) {
      r.add('object.field-type', cAt, `${v(c)} must be an object with a name`);
      return;
    }
    const name = strAt(r, c, 'name', cAt) ?? '';
    const request = r.target.minor >= 32 ? strAt(r, c, 'request', cAt) ?? '' : '';
    if (name === '') {
      r.add(ID, cAt, 'the claim reference has no name');
      return;
    }
    if (request !== '' && !isDns1123Label(request)) r.add(ID, child(cAt, 'request'), `${v(request)} must be a DNS-1123 label`);
    const key = request ? `${name}/${request}` : name;
    if (seen.has(name) || seen.has(key) || (!request && [...seen].some(k => k.startsWith(`${name}/`)))) {
      r.add(ID, cAt, `${v(key)} is referenced twice`);
    }
    seen.add(key);
    if (!podClaims.has(name)) {
      r.add(ID, cAt, `${v(name)} must be one of the names in spec.resourceClaims${podClaims.size ? `: ${[...podClaims].join(', ')}` : ', which is empty'}`);
    }
  });
}

/** IsSupportedPodLevelResource: cpu and memory, and hugepages-* from 1.33. */
function supportedAtPodLevel(r: Report, name: string): boolean {
  return name === 'cpu' || name === 'memory' || (r.target.minor >= 33 && isHugePagesResourceName(name));
}

/** validatePodResources and its helpers (see the file comment). */
export function checkPodResources(r: Report, spec: Obj | undefined, path: string): void {
  const at = child(path, 'resources');
  const res = objAt(r, spec, 'resources', path);
  if (!res || fieldGate(r, 'PodLevelResources', at, 'resources (pod-level)', ': the containers\' own resources then apply alone') !== 'on') return;
  const ID = 'pod.resources';
  if (res.claims !== undefined && res.claims !== null) r.add(ID, child(at, 'claims'), 'claims cannot be set in pod-level resources; set them on a container');
  const supported = r.target.minor >= 33 ? 'cpu, memory and hugepages-<size>' : 'cpu and memory';
  const read = (key: 'requests' | 'limits'): Map<string, [Quantity, unknown]> => {
    const out = new Map<string, [Quantity, unknown]>();
    for (const [name, raw] of Object.entries(objAt(r, res, key, at) ?? {})) {
      const qAt = child(child(at, key), name);
      // validateResourceName, then IsSupportedPodLevelResource.
      if (!isQualifiedName(name) || (!name.includes('/') && !STANDARD_RESOURCES.includes(name) && !isHugePagesResourceName(name))) {
        r.add(ID, qAt, `${v(name)} must be a standard resource name or a fully qualified one`);
      } else if (!supportedAtPodLevel(r, name)) {
        r.add(ID, qAt, `${v(name)} cannot be set at pod level in Kubernetes 1.${r.target.minor}: only ${supported} can`);
      }
      const q = decodeQuantity(raw);
      if (q === undefined) {
        r.add(ID, qAt, `${v(raw)} must be a quantity such as 500m, 2 or 4Gi`);
        continue;
      }
      if (q.sign < 0) {
        r.add(ID, qAt, `${v(raw)} must not be negative`);
      } else if (isHugePagesResourceName(name) && !isDivisibleBy(q, parseQuantity(name.slice('hugepages-'.length)))) {
        r.add(ID, qAt, `${v(raw)} must be a whole number of ${name.slice('hugepages-'.length)} pages`);
      }
      out.set(name, [q, raw]);
    }
    return out;
  };
  const limits = read('limits');
  const requests = read('requests');
  for (const [name, [request, raw]] of requests) {
    const limit = limits.get(name);
    const overcommit = !isHugePagesResourceName(name);
    if (limit === undefined) {
      if (!overcommit) r.add(ID, child(child(at, 'limits'), name), `${name} is requested without a limit; requests and limits of ${name} must be set and equal`);
      continue;
    }
    const cmp = compareQuantities(request, limit[0]);
    if (!overcommit && cmp !== 0) r.add(ID, child(child(at, 'requests'), name), `${name} request (${v(raw)}) must equal its limit (${v(limit[1])})`);
    else if (cmp > 0) r.add(ID, child(child(at, 'requests'), name), `${name} request (${v(raw)}) must be at most its limit (${v(limit[1])})`);
  }
  const names = [...limits.keys(), ...requests.keys()];
  if (names.some(isHugePagesResourceName) && !names.some(n => n === 'cpu' || n === 'memory')) {
    r.add(ID, at, 'hugepages require a cpu or memory request or limit');
  }
  checkConsistency(r, spec!, path, requests, limits);
}

/** Quantities by resource name, each with its raw value (for messages). */
type Quantities = Map<string, [Quantity, unknown]>;

/**
 * validatePodResourceConsistency, for the resources the pod sets: its request is at least the
 * containers' aggregate request (AggregateContainerRequests: the regular containers and sidecars
 * summed, or the largest init container with the sidecars started before it), and each
 * container's limit is at most its limit.
 */
function checkConsistency(r: Report, spec: Obj, path: string, requests: Quantities, limits: Quantities): void {
  const ID = 'pod.resources';
  const at = child(path, 'resources');
  const quantities = (c: unknown, key: 'requests' | 'limits'): Map<string, Quantity> => {
    const out = new Map<string, Quantity>();
    const res = isObj(c) && isObj(c.resources) ? c.resources : undefined;
    const list = res && isObj(res[key]) ? res[key] as Obj : {};
    for (const [name, raw] of Object.entries(list)) {
      const q = decodeQuantity(raw);
      if (q && q.sign >= 0) out.set(name, q);
    }
    return out;
  };
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const inits = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  for (const [name, [podRequest, raw]] of requests) {
    let sum: Quantity | undefined;
    const add = (a: Quantity | undefined, b: Quantity | undefined): Quantity | undefined => (a && b ? addQuantities(a, b) : a ?? b);
    for (const c of containers) {
      sum = add(sum, quantities(c, 'requests').get(name));
    }
    let sidecars: Quantity | undefined;
    let initMax: Quantity | undefined;
    for (const c of inits) {
      const own = quantities(c, 'requests').get(name);
      let need: Quantity | undefined;
      if (isObj(c) && c.restartPolicy === 'Always') {
        sum = add(sum, own);
        sidecars = add(sidecars, own);
        need = sidecars;
      } else {
        need = add(own, sidecars);
      }
      if (need) initMax = initMax ? maxQuantity(initMax, need) : need;
    }
    const aggregate = sum && initMax ? maxQuantity(sum, initMax) : sum ?? initMax;
    if (aggregate && compareQuantities(aggregate, podRequest) > 0) {
      r.add(ID, child(child(at, 'requests'), name), `${v(raw)} must be at least the containers' aggregate ${name} request (${quantityText(aggregate)})`);
    }
  }
  containers.forEach((c: unknown, i: number) => {
    for (const [name, limit] of quantities(c, 'limits')) {
      const pod = limits.get(name);
      if (pod && compareQuantities(limit, pod[0]) > 0) {
        const limitAt = child(child(child(index(child(path, 'containers'), i), 'resources'), 'limits'), name);
        r.add(ID, limitAt, `the container's ${name} limit (${quantityText(limit)}) must be at most the pod's (${v(pod[1])})`);
      }
    }
  });
}
