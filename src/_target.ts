/**
 * Internal: the Kubernetes version a construct writes for (its `Target`: a minor version and the
 * feature gates the cluster turned on), and the one place that decides whether a prop behind a
 * feature gate may be written at that target.
 *
 * Resolution, nearest first: the construct's `kubernetesVersion` / `featureGates`, the nearest
 * `BatchDefaults` (merged into the props by `applyDefaults`), the app context keys
 * `cdk8s-batch:kubernetesVersion` / `cdk8s-batch:featureGates`, then `Defaults.KUBERNETES_VERSION`
 * and no gates.
 */
import { Construct } from 'constructs';
import { closest } from './_props';
import { Where, fail } from './_validate';
import { Defaults } from './defaults';
import { KubernetesVersion } from './kubernetes-version';
import { Target, VERSIONS, enabled, existsSince, featureGateNames, isFeatureGate, minorOf, onByDefaultSince, stageAt, versionName } from './rules/versions';

/** The app context key of the target version (a string such as `'1.33'`). */
export const VERSION_CONTEXT_KEY = 'cdk8s-batch:kubernetesVersion';
/** The app context key of the enabled feature gates (a list of names, or one comma-separated string). */
export const GATES_CONTEXT_KEY = 'cdk8s-batch:featureGates';

/** The props that set a target. */
export interface TargetProps {
  readonly kubernetesVersion?: KubernetesVersion;
  readonly featureGates?: string[];
}

/** How to raise the target, for messages. */
const RAISE = `raise kubernetesVersion (construct, BatchDefaults or the ${VERSION_CONTEXT_KEY} context)`;

/**
 * The target of a construct (see the module doc). Throws the standard error for a bad context
 * value, an unknown gate or a gate the version does not have.
 *
 * @param scope the construct (its app context is read)
 * @param where kind and path, for messages
 * @param props the construct's props, with `BatchDefaults` merged in
 */
export function resolveTarget(scope: Construct, where: Where, props: TargetProps): Target {
  let minor: number;
  if (props.kubernetesVersion !== undefined) {
    minor = minorOf(props.kubernetesVersion)!;
  } else {
    const fromContext = scope.node.tryGetContext(VERSION_CONTEXT_KEY);
    minor = fromContext === undefined ? minorOf(Defaults.KUBERNETES_VERSION)! : contextVersion(where, fromContext);
  }
  let gates: readonly string[];
  let gatesProp = 'featureGates';
  if (props.featureGates !== undefined) {
    gates = props.featureGates;
  } else {
    gatesProp = GATES_CONTEXT_KEY;
    gates = contextGates(where, scope.node.tryGetContext(GATES_CONTEXT_KEY));
  }
  checkFeatureGates(where, gatesProp, gates, minor);
  return { minor, gates: new Set(gates) };
}

/** `target` with `gates` turned on too (a legacy opt-in). */
export function withGates(target: Target, gates: readonly string[]): Target {
  return { minor: target.minor, gates: new Set([...target.gates, ...gates]) };
}

/** The minor version of the context value (a string such as '1.33'). */
function contextVersion(where: Where, value: unknown): number {
  const fix = `set the context to one of ${VERSIONS.map(v => `'${v}'`).join(', ')} (a quoted string), or leave it out for ${Defaults.KUBERNETES_VERSION}`;
  if (typeof value === 'number') {
    fail(where, VERSION_CONTEXT_KEY, value, 'a version string such as \'1.33\' (a number loses trailing zeros: 1.30 reads as 1.3)', `quote it: '${value}'; ${fix}`);
  }
  const minor = typeof value === 'string' ? minorOf(value) : undefined;
  if (minor === undefined) {
    fail(where, VERSION_CONTEXT_KEY, value, `a Kubernetes version cdk8s-batch knows (${VERSIONS[0]} to ${VERSIONS[VERSIONS.length - 1]})`, fix);
  }
  return minor;
}

/** The gates of the context value: a list of names, or one comma-separated string. */
function contextGates(where: Where, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(',').map(s => s.trim()).filter(s => s !== '');
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value;
  return fail(where, GATES_CONTEXT_KEY, value, 'a list of feature gate names, or one comma-separated string',
    'e.g. ["JobSuccessPolicy"] or "JobSuccessPolicy,JobManagedBy"');
}

/**
 * Every gate is one the rules know and (when `minor` is given) one that exists at that version:
 * a cluster cannot turn on a gate its version does not have.
 */
export function checkFeatureGates(where: Where, prop: string, gates: readonly string[], minor?: number): void {
  gates.forEach((gate, i) => {
    if (!isFeatureGate(gate)) {
      const near = closest(gate, featureGateNames());
      fail(where, `${prop}[${i}]`, gate, `a feature gate cdk8s-batch knows (${featureGateNames().join(', ')})`,
        near ? `did you mean '${near}'?` : 'remove it (gates of other features change nothing cdk8s-batch writes)');
    }
    if (minor !== undefined && stageAt(gate, minor) === 'none') {
      const since = existsSince(gate);
      fail(where, `${prop}[${i}]`, gate, `a gate Kubernetes 1.${minor} has (${gate} exists from 1.${since})`,
        `${RAISE} to 1.${since} or later, or remove the gate`);
    }
  });
}


// -------------------------------------------------------------------------------------------------
// Props behind feature gates
// -------------------------------------------------------------------------------------------------

/** The props (as users write them) that write a field behind a feature gate, and that gate. */
export const PROP_GATES: { readonly [prop: string]: string } = {
  podReplacementPolicy: 'JobPodReplacementPolicy',
  backoffLimitPerShard: 'JobBackoffLimitPerIndex',
  maxFailedShards: 'JobBackoffLimitPerIndex',
  failShardExitCodes: 'JobBackoffLimitPerIndex',
  enableAlphaBackoffLimitPerIndex: 'JobBackoffLimitPerIndex',
  successPolicy: 'JobSuccessPolicy',
  managedBy: 'JobManagedBy',
  sidecars: 'SidecarContainers',
  podResources: 'PodLevelResources',
};

/** Whether the API server of `target` keeps the fields of the gate of `prop`. */
export function propEnabled(prop: string, target: Target): boolean {
  return enabled(PROP_GATES[prop], target);
}

/**
 * Throws the standard error when the field `prop` writes does not exist at the target (`none`),
 * or is behind a gate that is off there (`alpha`, `beta-off`) and not in `featureGates` (nor
 * turned on by `optIn`, a legacy opt-in prop). Never drops the prop silently.
 *
 * @param prop the prop as the user wrote it (its gate is looked up in `PROP_GATES`)
 * @param gateProp the prop whose gate decides, when `prop` is nested (e.g. `sidecars[0]` -> `sidecars`)
 */
export function requireFeature(where: Where, target: Target, prop: string, value: unknown, optIn?: string, gateProp = prop): void {
  const gate = PROP_GATES[gateProp];
  if (enabled(gate, target)) return;
  const stage = stageAt(gate, target.minor);
  const exists = existsSince(gate);
  const on = onByDefaultSince(gate);
  const raiseTo = on !== undefined ? `${RAISE} to 1.${on} or later` : `${RAISE} to 1.${exists} or later and turn the ${gate} gate on`;
  const version = versionName(target);
  if (stage === 'none') {
    const needs = on === undefined || on === exists ? `Kubernetes 1.${exists} or later` : `Kubernetes 1.${on} or later (1.${exists} with the ${gate} feature gate)`;
    fail(where, prop, value, `left out: it needs ${needs}, and the target is ${version}, whose API server refuses the field`,
      `${raiseTo}, or remove '${prop}'`);
  }
  const what = stage === 'alpha' ? 'alpha' : 'beta but off by default';
  const orOptIn = optIn ? ` (or set ${optIn}: true)` : '';
  fail(where, prop, value,
    `used only with the ${gate} feature gate on: it is ${what} in Kubernetes ${version}, whose API server drops the field silently without the gate`,
    `if the cluster turns the gate on, add '${gate}' to featureGates${orOptIn}; else ${raiseTo}${on !== undefined ? ' (on by default)' : ''}, or remove '${prop}'`);
}
