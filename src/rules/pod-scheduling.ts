/**
 * Internal: pod scheduling rules, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidateTolerations, validateAffinity,
 * validateTopologySpreadConstraints, validateSchedulingGates, validateReadinessGates, and
 * `ValidateLabelSelector` of `k8s.io/apimachinery/pkg/apis/meta/v1/validation`.
 *
 * Per target version (gates.ts): a pod (anti-)affinity term's matchLabelKeys and mismatchLabelKeys
 * (1.29, MatchLabelKeysInPodAffinity) are checked where the gate keeps them.
 */
import { isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName } from '../_validate';
import { Obj, Report, child, index, intAt, isObj, listAt, objAt, objectItems, strAt, stringMapAt, v } from './context';
import { fieldGate } from './gates';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

/** ValidateTolerations. */
export function checkTolerations(r: Report, spec: Obj | undefined, path: string): void {
  const id = 'pod.tolerations';
  objectItems(r, listAt(r, spec, 'tolerations', path), child(path, 'tolerations')).forEach(([t, at]) => {
    const key = strAt(r, t, 'key', at) ?? '';
    const operator = strAt(r, t, 'operator', at) ?? '';
    const value = strAt(r, t, 'value', at) ?? '';
    const effect = strAt(r, t, 'effect', at) ?? '';
    const seconds = intAt(r, t, 'tolerationSeconds', at);
    if (key !== '' && !isQualifiedName(key)) {
      r.add(id, child(at, 'key'), `${v(key)} must be a qualified name`);
    }
    // An empty key with Exists (and any effect) matches every taint.
    if (key === '' && operator !== 'Exists') {
      r.add(id, child(at, 'operator'), `${v(operator || 'Equal')} must be Exists when key is empty (it then matches every taint)`);
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      r.add(id, child(at, 'effect'), 'effect must be NoExecute when tolerationSeconds is set');
    }
    if (operator === '' || operator === 'Equal') {
      if (!isLabelValue(value)) r.add(id, child(at, 'value'), `${v(value)} must be a valid label value`);
    } else if (operator === 'Exists') {
      if (value !== '') r.add(id, child(at, 'value'), 'value must be empty when operator is Exists');
    } else {
      r.add(id, child(at, 'operator'), `${v(operator)} must be Equal or Exists (case-sensitive)`);
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) {
      r.add(id, child(at, 'effect'), `${v(effect)} must be one of ${TAINT_EFFECTS.join(', ')} (or empty: every effect)`);
    }
  });
}

/**
 * ValidateLabelSelector (apimachinery, without AllowInvalidLabelValueInSelector): valid
 * matchLabels; matchExpressions with a qualified key, In/NotIn with values, Exists/DoesNotExist
 * without, and valid label values.
 */
export function checkLabelSelector(r: Report, selector: Obj, path: string, id: string): void {
  for (const [key, value] of stringMapAt(r, selector, 'matchLabels', path)) {
    if (!isQualifiedName(key) || !isLabelValue(value)) r.add(id, child(child(path, 'matchLabels'), key), `${v(key)}: ${v(value)} must be a valid label`);
  }
  objectItems(r, listAt(r, selector, 'matchExpressions', path), child(path, 'matchExpressions')).forEach(([e, at]) => {
    const key = strAt(r, e, 'key', at) ?? '';
    const op = strAt(r, e, 'operator', at);
    const values = listAt(r, e, 'values', at);
    if (!isQualifiedName(key)) r.add(id, child(at, 'key'), `${v(key)} must be a qualified name`);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) r.add(id, child(at, 'values'), `values are required with ${op}`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) r.add(id, child(at, 'values'), `values must be empty with ${op}`);
    } else {
      r.add(id, child(at, 'operator'), `${v(op)} must be In, NotIn, Exists or DoesNotExist`);
    }
    values.forEach((x, j) => {
      if (typeof x !== 'string' || !isLabelValue(x)) r.add(id, index(child(at, 'values'), j), `${v(x)} must be a valid label value`);
    });
  });
}

/** validateAffinity: node affinity, pod affinity and anti-affinity. */
export function checkAffinity(r: Report, spec: Obj | undefined, path: string): void {
  const affinity = objAt(r, spec, 'affinity', path);
  if (!affinity) return;
  const at = child(path, 'affinity');
  const node = objAt(r, affinity, 'nodeAffinity', at);
  if (node) {
    // validateNodeAffinity / ValidateNodeSelector / ValidatePreferredSchedulingTerms.
    const nAt = child(at, 'nodeAffinity');
    const required = objAt(r, node, 'requiredDuringSchedulingIgnoredDuringExecution', nAt);
    if (required) {
      const rAt = child(nAt, 'requiredDuringSchedulingIgnoredDuringExecution');
      // A missing list is schema.required; an empty one is refused too.
      const terms = listAt(r, required, 'nodeSelectorTerms', rAt);
      if (terms.length === 0 && Array.isArray(required.nodeSelectorTerms)) {
        r.add('pod.fields', child(rAt, 'nodeSelectorTerms'), 'at least one node selector term is required');
      }
      objectItems(r, terms, child(rAt, 'nodeSelectorTerms')).forEach(([term, tAt]) => nodeSelectorTerm(r, term, tAt));
    }
    objectItems(r, listAt(r, node, 'preferredDuringSchedulingIgnoredDuringExecution', nAt), child(nAt, 'preferredDuringSchedulingIgnoredDuringExecution'))
      .forEach(([term, tAt]) => {
        weight(r, term, tAt);
        const preference = objAt(r, term, 'preference', tAt);
        if (preference) nodeSelectorTerm(r, preference, child(tAt, 'preference'));
      });
  }
  for (const key of ['podAffinity', 'podAntiAffinity']) {
    // validatePodAffinity / validatePodAntiAffinity.
    const pod = objAt(r, affinity, key, at);
    if (!pod) continue;
    const pAt = child(at, key);
    objectItems(r, listAt(r, pod, 'requiredDuringSchedulingIgnoredDuringExecution', pAt), child(pAt, 'requiredDuringSchedulingIgnoredDuringExecution'))
      .forEach(([term, tAt]) => podAffinityTerm(r, term, tAt));
    objectItems(r, listAt(r, pod, 'preferredDuringSchedulingIgnoredDuringExecution', pAt), child(pAt, 'preferredDuringSchedulingIgnoredDuringExecution'))
      .forEach(([term, tAt]) => {
        weight(r, term, tAt);
        const inner = objAt(r, term, 'podAffinityTerm', tAt);
        if (inner) podAffinityTerm(r, inner, child(tAt, 'podAffinityTerm'));
      });
  }
}

/** A preferred term's weight, 1 to 100. */
function weight(r: Report, term: Obj, at: string): void {
  const w = intAt(r, term, 'weight', at);
  if (w !== undefined && (w < 1 || w > 100)) r.add('pod.fields', child(at, 'weight'), `${w} must be from 1 to 100`);
}

/** ValidateNodeSelectorTerm (1.28: node affinity values are not checked as label values). */
function nodeSelectorTerm(r: Report, term: Obj, at: string): void {
  objectItems(r, listAt(r, term, 'matchExpressions', at), child(at, 'matchExpressions')).forEach(([req, rAt]) => {
    // ValidateNodeSelectorRequirement.
    const op = strAt(r, req, 'operator', rAt);
    const n = listAt(r, req, 'values', rAt).length;
    if (op === 'In' || op === 'NotIn') {
      if (n === 0) r.add('pod.fields', child(rAt, 'values'), `values are required with ${op}`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (n > 0) r.add('pod.fields', child(rAt, 'values'), `values must be empty with ${op}`);
    } else if (op === 'Gt' || op === 'Lt') {
      if (n !== 1) r.add('pod.fields', child(rAt, 'values'), `exactly one value is required with ${op}`);
    } else {
      r.add('pod.fields', child(rAt, 'operator'), `${v(op)} must be one of ${NODE_OPERATORS.join(', ')}`);
    }
    const key = strAt(r, req, 'key', rAt) ?? '';
    if (!isQualifiedName(key)) r.add('pod.fields', child(rAt, 'key'), `${v(key)} must be a qualified name (a node label key)`);
  });
  objectItems(r, listAt(r, term, 'matchFields', at), child(at, 'matchFields')).forEach(([req, rAt]) => {
    // ValidateNodeFieldSelectorRequirement: metadata.name, In or NotIn, one node name.
    const op = strAt(r, req, 'operator', rAt);
    const values = listAt(r, req, 'values', rAt);
    if (op !== 'In' && op !== 'NotIn') {
      r.add('pod.fields', child(rAt, 'operator'), `${v(op)} must be In or NotIn for a node field selector`);
    } else if (values.length !== 1) {
      r.add('pod.fields', child(rAt, 'values'), `exactly one value is required with ${op} for a node field selector`);
    }
    const key = strAt(r, req, 'key', rAt);
    if (key !== 'metadata.name') {
      r.add('pod.fields', child(rAt, 'key'), `${v(key)} must be metadata.name (the only node field selector key)`);
    } else {
      values.forEach((x, j) => {
        if (typeof x !== 'string' || !isDns1123Subdomain(x)) r.add('pod.fields', index(child(rAt, 'values'), j), `${v(x)} must be a node name`);
      });
    }
  });
}

/** The keys a label selector names (matchLabels and matchExpressions). */
function selectorKeys(selector: Obj | undefined): Set<string> {
  const keys = new Set<string>(isObj(selector?.matchLabels) ? Object.keys(selector!.matchLabels) : []);
  for (const e of Array.isArray(selector?.matchExpressions) ? selector!.matchExpressions : []) {
    if (isObj(e) && typeof e.key === 'string') keys.add(e.key);
  }
  return keys;
}

/**
 * validateMatchLabelKeysAndMismatchLabelKeys (1.29+, MatchLabelKeysInPodAffinity: alpha 1.29,
 * beta 1.31, GA 1.33): label keys, only with a labelSelector, not in it, and not in both lists.
 */
function matchLabelKeys(r: Report, term: Obj, at: string, selector: Obj | undefined): void {
  const lists = ['matchLabelKeys', 'mismatchLabelKeys'].map(k => [k, listAt(r, term, k, at)] as const).filter(([, l]) => l.length > 0);
  if (lists.length === 0) return;
  if (lists.map(([k]) => fieldGate(r, 'MatchLabelKeysInPodAffinity', child(at, k), k)).some(st => st !== 'on')) return;
  const inSelector = selectorKeys(selector);
  const matched = new Set<string>();
  for (const [key, list] of lists) {
    if (!selector) r.add('pod.fields', child(at, key), `${key} requires a labelSelector`);
    list.forEach((k, i) => {
      const kAt = index(child(at, key), i);
      if (typeof k !== 'string' || !isQualifiedName(k)) r.add('pod.fields', kAt, `${v(k)} must be a label key`);
      else if (inSelector.has(k)) r.add('pod.fields', kAt, `${v(k)} is also in labelSelector`);
      else if (key === 'mismatchLabelKeys' && matched.has(k)) r.add('pod.fields', kAt, `${v(k)} is also in matchLabelKeys`);
      if (key === 'matchLabelKeys' && typeof k === 'string') matched.add(k);
    });
  }
}

/** validatePodAffinityTerm. */
function podAffinityTerm(r: Report, term: Obj, at: string): void {
  matchLabelKeys(r, term, at, isObj(term.labelSelector) ? term.labelSelector : undefined);
  for (const key of ['labelSelector', 'namespaceSelector']) {
    const selector = objAt(r, term, key, at);
    if (selector) checkLabelSelector(r, selector, child(at, key), 'pod.fields');
  }
  listAt(r, term, 'namespaces', at).forEach((ns, i) => {
    if (typeof ns !== 'string' || !isDns1123Label(ns)) r.add('pod.fields', index(child(at, 'namespaces'), i), `${v(ns)} must be a namespace name`);
  });
  // A missing topologyKey is schema.required.
  const topologyKey = strAt(r, term, 'topologyKey', at);
  if (topologyKey === '') {
    r.add('pod.fields', child(at, 'topologyKey'), 'topologyKey is required, e.g. kubernetes.io/hostname');
  } else if (topologyKey !== undefined && !isQualifiedName(topologyKey)) {
    r.add('pod.fields', child(at, 'topologyKey'), `${v(topologyKey)} must be a qualified name (a node label key)`);
  }
}

/** validateTopologySpreadConstraints. */
export function checkTopologySpread(r: Report, spec: Obj | undefined, path: string): void {
  const seen = new Set<string>();
  objectItems(r, listAt(r, spec, 'topologySpreadConstraints', path), child(path, 'topologySpreadConstraints')).forEach(([c, at]) => {
    // maxSkew, topologyKey and whenUnsatisfiable are schema.required when missing.
    const maxSkew = intAt(r, c, 'maxSkew', at);
    if (maxSkew !== undefined && maxSkew <= 0) r.add('pod.fields', child(at, 'maxSkew'), `${maxSkew}: maxSkew must be greater than zero`);
    const key = strAt(r, c, 'topologyKey', at) ?? '';
    if (c.topologyKey === '') r.add('pod.fields', child(at, 'topologyKey'), 'topologyKey is required, e.g. topology.kubernetes.io/zone');
    const when = strAt(r, c, 'whenUnsatisfiable', at) ?? '';
    if (typeof c.whenUnsatisfiable === 'string' && !WHEN_UNSATISFIABLE.includes(when)) {
      r.add('pod.fields', child(at, 'whenUnsatisfiable'), `${v(when)} must be DoNotSchedule or ScheduleAnyway`);
    }
    // ValidateSpreadConstraintNotRepeat: one constraint per {topologyKey, whenUnsatisfiable}.
    const pair = `${key}\u0000${when}`;
    if (seen.has(pair)) r.add('pod.fields', at, `another constraint has topologyKey ${v(key)} and whenUnsatisfiable ${v(when)}`);
    seen.add(pair);
    // validateMinDomains.
    const minDomains = intAt(r, c, 'minDomains', at);
    if (minDomains !== undefined) {
      if (minDomains <= 0) r.add('pod.fields', child(at, 'minDomains'), `${minDomains} must be greater than zero`);
      if (when !== 'DoNotSchedule') r.add('pod.fields', child(at, 'minDomains'), `minDomains can only be used with whenUnsatisfiable DoNotSchedule, not ${v(when)}`);
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      // validateNodeInclusionPolicy.
      const x = strAt(r, c, policy, at);
      if (x !== undefined && !NODE_INCLUSION_POLICIES.includes(x)) r.add('pod.fields', child(at, policy), `${v(x)} must be Honor or Ignore`);
    }
    const selector = objAt(r, c, 'labelSelector', at);
    if (selector) checkLabelSelector(r, selector, child(at, 'labelSelector'), 'pod.fields');
    // validateMatchLabelKeys: label keys, only with a labelSelector, not already in it.
    const keys = listAt(r, c, 'matchLabelKeys', at);
    if (keys.length > 0 && !selector) r.add('pod.fields', child(at, 'matchLabelKeys'), 'matchLabelKeys requires a labelSelector');
    const inSelector = selectorKeys(selector);
    keys.forEach((k, i) => {
      const kAt = index(child(at, 'matchLabelKeys'), i);
      if (typeof k !== 'string' || !isQualifiedName(k)) r.add('pod.fields', kAt, `${v(k)} must be a label key`);
      else if (inSelector.has(k)) r.add('pod.fields', kAt, `${v(k)} is also in labelSelector`);
    });
  });
}

/** validateSchedulingGates (unique qualified names) and validateReadinessGates (qualified condition types). */
export function checkGates(r: Report, spec: Obj | undefined, path: string): void {
  const names = new Set<string>();
  objectItems(r, listAt(r, spec, 'schedulingGates', path), child(path, 'schedulingGates')).forEach(([g, at]) => {
    const name = strAt(r, g, 'name', at) ?? '';
    if (!isQualifiedName(name)) r.add('pod.fields', child(at, 'name'), `${v(name)} must be a qualified name, e.g. example.com/quota`);
    else if (names.has(name)) r.add('pod.fields', child(at, 'name'), `${v(name)} is listed twice`);
    names.add(name);
  });
  objectItems(r, listAt(r, spec, 'readinessGates', path), child(path, 'readinessGates')).forEach(([g, at]) => {
    const type = strAt(r, g, 'conditionType', at) ?? '';
    if (!isQualifiedName(type)) r.add('pod.fields', child(at, 'conditionType'), `${v(type)} must be a qualified name, e.g. example.com/ready`);
  });
}
