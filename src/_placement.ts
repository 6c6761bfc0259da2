/**
 * Internal: `PlacementOptions` (node affinity, pod anti-affinity, topology spread, container
 * ports) and what a construct adds to the pod itself (`JobShape.subdomain`, `.ports`): their
 * props checks (run by src/_checks.ts) and their rendering (run by src/_render.ts). The rules
 * are those of the 1.28 API server (validateAffinity, validateTopologySpreadConstraints,
 * validateContainerPorts in pkg/apis/core/validation), which src/rules checks again on the
 * rendered object.
 */
import * as kplus from 'cdk8s-plus-28';
import type { JobShape } from './_render';
import { Problems, Where, checkInteger, checkLabels, fail, isDns1123Label, isPortName, isQualifiedName } from './_validate';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';
import { ContainerPort, PodAntiAffinity, TopologySpread } from './placement';

/** The label the 1.28 API server puts on every pod of a Job (generateSelector, pkg/registry/batch/job/strategy.go). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/** A NodeLabelQuery's fields (kplus keeps them private; `_toKube` returns them). */
function query(q: kplus.NodeLabelQuery): { key: string; operator: string; values?: string[] } {
  return q._toKube() as { key: string; operator: string; values?: string[] };
}

// -------------------------------------------------------------------------------------------------
// Checks
// -------------------------------------------------------------------------------------------------

/**
 * Checks the placement props and the ports (the user's, and those the construct adds); every
 * failing part is reported.
 */
export function checkPlacement(where: Where, props: BatchJobOptions, shape: JobShape): void {
  const problems = new Problems();
  problems.check(() => checkQueries(where, 'nodeAffinity', props.nodeAffinity));
  (props.preferredNodeAffinity ?? []).forEach((p, i) => problems.check(() => {
    const prop = `preferredNodeAffinity[${i}]`;
    checkWeight(where, `${prop}.weight`, p.weight);
    if (p.labels.length === 0) fail(where, `${prop}.labels`, p.labels, 'at least one NodeLabelQuery', 'e.g. labels: [NodeLabelQuery.is(\'example.com/pool\', \'spot\')]');
    checkQueries(where, `${prop}.labels`, p.labels);
  }));
  (props.podAntiAffinity ?? []).forEach((a, i) => problems.check(() => checkAntiAffinity(where, `podAntiAffinity[${i}]`, a, props, shape)));
  const seen = new Map<string, number>();
  (props.topologySpread ?? []).forEach((t, i) => problems.check(() => {
    checkSpread(where, `topologySpread[${i}]`, t, props, shape);
    // ValidateSpreadConstraintNotRepeat: one constraint per {topologyKey, whenUnsatisfiable}.
    const pair = `${t.topology.key} ${t.scheduleAnyway ? 'ScheduleAnyway' : 'DoNotSchedule'}`;
    if (seen.has(pair)) {
      fail(where, `topologySpread[${i}].topology`, t.topology.key, `a topology not already spread on with the same 'scheduleAnyway' (topologySpread[${seen.get(pair)}] is)`,
        'merge the two constraints');
    }
    seen.set(pair, i);
  }));
  problems.check(() => checkPorts(where, props.ports ?? [], shape.ports ?? []));
  problems.throwIfAny();
}

/** ValidateNodeSelectorRequirement (1.28) for queries made by the NodeLabelQuery factories. */
function checkQueries(where: Where, prop: string, queries: kplus.NodeLabelQuery[] | undefined): void {
  (queries ?? []).forEach((q, i) => {
    const { key, operator, values } = query(q);
    const at = `${prop}[${i}]`;
    if (typeof key !== 'string' || !isQualifiedName(key)) {
      fail(where, at, key, 'a NodeLabelQuery on a valid node label key ([prefix/]name)', 'e.g. NodeLabelQuery.is(\'node.kubernetes.io/instance-type\', \'p4d.24xlarge\')');
    }
    const list = values ?? [];
    if (!Array.isArray(list) || list.some(v => typeof v !== 'string')) {
      fail(where, at, list, 'a NodeLabelQuery whose values are a list of strings', 'e.g. NodeLabelQuery.in(\'example.com/pool\', [\'a\', \'b\'])');
    }
    if ((operator === 'In' || operator === 'NotIn') && list.length === 0) {
      fail(where, at, `${key} ${operator} []`, `a NodeLabelQuery with at least one value for ${operator}`, 'list a value, or use NodeLabelQuery.exists()');
    }
    if (operator === 'Gt' || operator === 'Lt') {
      if (list.length !== 1) {
        fail(where, at, `${key} ${operator} ${JSON.stringify(list)}`, `a NodeLabelQuery with exactly one value for ${operator}`, `e.g. NodeLabelQuery.${operator.toLowerCase()}('${key}', ['4'])`);
      }
      // The API server accepts any string; the scheduler compares integers and leaves a pod
      // with another value Pending for ever.
      if (!/^-?\d+$/.test(list[0])) {
        fail(where, at, list[0], `an integer for ${operator} (the scheduler parses it as one; another value never matches a node)`, 'e.g. \'4\'');
      }
    }
  });
}

function checkWeight(where: Where, prop: string, weight: number | undefined): void {
  // validateAffinity (1.28): preferred terms weigh 1 to 100.
  checkInteger(where, prop, weight, 1, 100, 'e.g. 50');
}

function checkTopology(where: Where, prop: string, topology: kplus.Topology | undefined): void {
  if (topology !== undefined && (typeof topology.key !== 'string' || !isQualifiedName(topology.key))) {
    fail(where, prop, topology.key, 'a Topology with a valid node label key ([prefix/]name)', 'e.g. Topology.ZONE or Topology.custom(\'example.com/rack\')');
  }
}

function checkAntiAffinity(where: Where, prop: string, a: PodAntiAffinity, props: BatchJobOptions, shape: JobShape): void {
  checkTopology(where, `${prop}.topology`, a.topology);
  checkWeight(where, `${prop}.weight`, a.weight);
  checkSelector(where, `${prop}.podLabels`, a.podLabels, props, shape);
}

function checkSpread(where: Where, prop: string, t: TopologySpread, props: BatchJobOptions, shape: JobShape): void {
  checkTopology(where, `${prop}.topology`, t.topology);
  // validateTopologySpreadConstraints (1.28): maxSkew > 0; minDomains > 0 and only with DoNotSchedule.
  checkInteger(where, `${prop}.maxSkew`, t.maxSkew, 1, 2 ** 31 - 1, 'e.g. maxSkew: 1');
  checkInteger(where, `${prop}.minDomains`, t.minDomains, 1, 2 ** 31 - 1, 'e.g. minDomains: 3');
  if (t.minDomains !== undefined && t.scheduleAnyway) {
    fail(where, `${prop}.minDomains`, t.minDomains, 'left out with \'scheduleAnyway: true\' (minDomains only applies to DoNotSchedule)', 'remove one of the two');
  }
  checkSelector(where, `${prop}.podLabels`, t.podLabels, props, shape);
}

/** A selector: the given labels (valid, at least one), or the construct's own pods (which need a label). */
function checkSelector(where: Where, prop: string, labels: { [key: string]: string } | undefined, props: BatchJobOptions, shape: JobShape): void {
  if (labels !== undefined) {
    checkLabels(where, prop, labels);
    if (Object.keys(labels).length === 0) {
      fail(where, prop, labels, 'at least one label (an empty selector matches every pod of the namespace)', 'leave it out to select the construct\'s own pods');
    }
    return;
  }
  if (shape.ownPodLabels !== undefined || (props.recommendedLabels ?? Defaults.RECOMMENDED_LABELS)) return;
  if (Object.keys({ ...props.labels, ...props.podLabels }).length === 0) {
    fail(where, prop, labels, 'set when the pods have no labels of their own (\'recommendedLabels\' is false and there are no \'labels\' or \'podLabels\')',
      'give the pods a label (e.g. podLabels: { app: \'trainer\' }) or set podLabels here');
  }
}

/**
 * validateContainerPorts (1.28): numbers 1..65535, IANA names unique in the container (the
 * protocol is checked with the props' types); and no two ports with the same number and
 * protocol (server-side apply keys the list by them, and refuses duplicates).
 */
function checkPorts(where: Where, ports: ContainerPort[], builtIn: kplus.k8s.ContainerPort[]): void {
  const names = new Map<string, string>(builtIn.filter(p => p.name).map(p => [p.name!, `the construct's own '${p.name}' port`]));
  const numbers = new Map<string, string>(builtIn.map(p => [`${p.containerPort}/${p.protocol ?? 'TCP'}`, `the construct's own ${p.name ? `'${p.name}' ` : ''}port`]));
  ports.forEach((p, i) => {
    const prop = `ports[${i}]`;
    checkInteger(where, `${prop}.number`, p.number, 1, 65535, 'e.g. 8080');
    if (p.name !== undefined && !isPortName(p.name)) {
      fail(where, `${prop}.name`, p.name, 'an IANA service name (at most 15 lowercase letters, digits and \'-\', with a letter, no \'--\')', 'e.g. \'metrics\'');
    }
    if (p.name !== undefined && names.has(p.name)) {
      fail(where, `${prop}.name`, p.name, `unique among the container's ports (${names.get(p.name)} has it)`, 'rename the port');
    }
    const key = `${p.number}/${p.protocol ?? Defaults.PORT_PROTOCOL}`;
    if (numbers.has(key)) {
      fail(where, `${prop}.number`, p.number, `a port not already used with ${p.protocol ?? Defaults.PORT_PROTOCOL} (${numbers.get(key)} is)`, 'use another port');
    }
    if (p.name !== undefined) names.set(p.name, prop);
    numbers.set(key, prop);
  });
}

// -------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------

/**
 * The labels that select the construct's own pods: the construct's (`JobShape.ownPodLabels`),
 * else the pods' `app.kubernetes.io/instance` label, else all their labels.
 */
export function ownPodSelector(shape: JobShape, podLabels: { [key: string]: string }): { [key: string]: string } {
  if (shape.ownPodLabels !== undefined) return shape.ownPodLabels;
  const instance = podLabels['app.kubernetes.io/instance'];
  return instance !== undefined ? { 'app.kubernetes.io/instance': instance } : { ...podLabels };
}

/**
 * The pod with the placement props, the construct's subdomain and the main container's ports
 * (the props are checked).
 */
export function withPlacement<T extends { readonly spec: kplus.k8s.PodSpec }>(
  pod: T, props: BatchJobOptions, shape: JobShape, podLabels: { [key: string]: string },
): T {
  const own = () => ownPodSelector(shape, podLabels);
  const affinity = renderAffinity(props, own);
  const spread = (props.topologySpread ?? []).map((t): kplus.k8s.TopologySpreadConstraint => ({
    topologyKey: t.topology.key,
    maxSkew: t.maxSkew ?? Defaults.TOPOLOGY_SPREAD_MAX_SKEW,
    whenUnsatisfiable: t.scheduleAnyway ? 'ScheduleAnyway' : 'DoNotSchedule',
    minDomains: t.minDomains,
    labelSelector: { matchLabels: t.podLabels ?? own() },
  }));
  const ports = [
    ...(shape.ports ?? []),
    ...(props.ports ?? []).map(p => ({ containerPort: p.number, name: p.name, protocol: p.protocol ?? Defaults.PORT_PROTOCOL })),
  ];
  if (!affinity && spread.length === 0 && ports.length === 0 && shape.subdomain === undefined) return pod;
  const [main, ...others] = pod.spec.containers;
  return {
    ...pod,
    spec: {
      ...pod.spec,
      affinity,
      topologySpreadConstraints: spread.length ? spread : undefined,
      subdomain: shape.subdomain,
      containers: [ports.length ? { ...main, ports } : main, ...others],
    },
  };
}

function renderAffinity(props: BatchJobOptions, own: () => { [key: string]: string }): kplus.k8s.Affinity | undefined {
  const required = props.nodeAffinity ?? [];
  const preferred = props.preferredNodeAffinity ?? [];
  const anti = props.podAntiAffinity ?? [];
  const nodeAffinity: kplus.k8s.NodeAffinity | undefined = required.length || preferred.length ? {
    requiredDuringSchedulingIgnoredDuringExecution: required.length
      ? { nodeSelectorTerms: [{ matchExpressions: required.map(q => q._toKube()) }] }
      : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length
      ? preferred.map(p => ({ weight: p.weight, preference: { matchExpressions: p.labels.map(q => q._toKube()) } }))
      : undefined,
  } : undefined;
  const term = (a: PodAntiAffinity): kplus.k8s.PodAffinityTerm => ({
    topologyKey: a.topology?.key ?? Defaults.ANTI_AFFINITY_TOPOLOGY_KEY,
    labelSelector: { matchLabels: a.podLabels ?? own() },
  });
  const hard = anti.filter(a => a.weight === undefined).map(term);
  const soft = anti.filter(a => a.weight !== undefined).map(a => ({ weight: a.weight!, podAffinityTerm: term(a) }));
  const podAntiAffinity: kplus.k8s.PodAntiAffinity | undefined = hard.length || soft.length ? {
    requiredDuringSchedulingIgnoredDuringExecution: hard.length ? hard : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: soft.length ? soft : undefined,
  } : undefined;
  return nodeAffinity || podAntiAffinity ? { nodeAffinity, podAntiAffinity } : undefined;
}

/** Whether `name` can name a Service and a pod's subdomain: a DNS-1035 label (a DNS-1123 label starting with a letter). */
export function isDns1035Label(name: string): boolean {
  return isDns1123Label(name) && /^[a-z]/.test(name);
}
