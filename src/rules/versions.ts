/**
 * Internal: the Kubernetes versions the rules know (1.28 to 1.36) and the feature gates that
 * decide, per version, whether a field is written, dropped or refused.
 *
 * A field behind a gate that is off is dropped by the API server before validation
 * (`dropDisabledFields` in pkg/api/pod/util.go, `dropDisabledFields` in pkg/registry/batch/job/
 * strategy.go): the object is accepted and silently loses the field. The rules therefore warn
 * (`practice.alpha-field`) about a field whose gate is off by default at the target unless the
 * user says the cluster turned it on (`featureGates`), and check the field's value as the API
 * server does when the gate is on.
 *
 * Stages are taken from the feature gate specs of pkg/features/kube_features.go (the versioned
 * `{Version, Default, PreRelease}` lists of the newest release) and each release's CHANGELOG.
 */

/** The oldest and newest minor versions of 1.x the rules know. */
export const OLDEST_MINOR = 28;
export const NEWEST_MINOR = 36;

/** The supported versions, oldest first (`1.28` ... `1.36`). */
export const VERSIONS: readonly string[] = Array.from({ length: NEWEST_MINOR - OLDEST_MINOR + 1 }, (_, i) => `1.${OLDEST_MINOR + i}`);

/** The version the rules check against when none is given. */
export const DEFAULT_VERSION = '1.28';

/**
 * A feature's stage at a version: `none` (the field does not exist: the schema refuses it),
 * `alpha` and `beta-off` (off by default: the API server drops the field unless the cluster
 * enables the gate), `beta` (on by default), `ga` (always on).
 */
export type Stage = 'none' | 'alpha' | 'beta-off' | 'beta' | 'ga';

/** One feature gate. */
export interface Feature {
  /** The upstream gate name, e.g. `JobSuccessPolicy`. */
  readonly gate: string;
  /** The fields it guards, for messages (`spec.successPolicy`). */
  readonly fields: string;
  /** The first minor version of each stage, in order; before the first entry the stage is `none`. */
  readonly stages: ReadonlyArray<readonly [number, Stage]>;
}

/** The gates the rules and the constructs consult (batch/v1 Job and CronJob, pod templates). */
export const FEATURES: readonly Feature[] = [
  { gate: 'JobBackoffLimitPerIndex', fields: 'spec.backoffLimitPerIndex, spec.maxFailedIndexes, podFailurePolicy action FailIndex', stages: [[28, 'alpha'], [29, 'beta'], [33, 'ga']] },
  { gate: 'JobPodReplacementPolicy', fields: 'spec.podReplacementPolicy', stages: [[28, 'alpha'], [29, 'beta'], [34, 'ga']] },
  { gate: 'JobSuccessPolicy', fields: 'spec.successPolicy', stages: [[30, 'alpha'], [31, 'beta'], [33, 'ga']] },
  { gate: 'JobManagedBy', fields: 'spec.managedBy', stages: [[30, 'alpha'], [32, 'beta'], [35, 'ga']] },
  { gate: 'SidecarContainers', fields: 'initContainers[].restartPolicy: Always', stages: [[28, 'alpha'], [29, 'beta'], [33, 'ga']] },
  { gate: 'PodLevelResources', fields: 'spec.template.spec.resources', stages: [[32, 'alpha'], [34, 'beta']] },
];

const BY_GATE = new Map(FEATURES.map(f => [f.gate, f]));

/** Whether `gate` is one the rules know. */
export function isFeatureGate(gate: string): boolean {
  return BY_GATE.has(gate);
}

/** The names of the known gates, sorted. */
export function featureGateNames(): string[] {
  return [...BY_GATE.keys()].sort();
}

/** The minor number of a version string (`1.33`, `v1.33`, `1.33.2`); undefined when it is not one of 1.28-1.36. */
export function minorOf(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!m) return undefined;
  const minor = Number(m[1]);
  return minor >= OLDEST_MINOR && minor <= NEWEST_MINOR ? minor : undefined;
}

/** What the rules check against: a minor version and the gates the cluster turned on beyond its defaults. */
export interface Target {
  /** The minor version of 1.x, 28 to 36. */
  readonly minor: number;
  /** Gates the cluster enables although they are off by default at `minor` (upstream names). */
  readonly gates: ReadonlySet<string>;
}

/** The default target: 1.28, no extra gates. */
export const DEFAULT_TARGET: Target = { minor: OLDEST_MINOR, gates: new Set() };

/** A target from a version string (default 1.28) and enabled gates; throws on a version or gate the rules do not know. */
export function target(version: string = DEFAULT_VERSION, gates: readonly string[] = []): Target {
  const minor = minorOf(version);
  if (minor === undefined) throw new Error(`unknown Kubernetes version ${JSON.stringify(version)}: use one of ${VERSIONS.join(', ')}`);
  for (const g of gates) if (!isFeatureGate(g)) throw new Error(`unknown feature gate ${JSON.stringify(g)}: use one of ${featureGateNames().join(', ')}`);
  return { minor, gates: new Set(gates) };
}

/** The stage of `gate` at `minor`. */
export function stageAt(gate: string, minor: number): Stage {
  const feature = BY_GATE.get(gate);
  if (!feature) throw new Error(`unknown feature gate ${gate}`);
  let stage: Stage = 'none';
  for (const [since, s] of feature.stages) if (minor >= since) stage = s;
  return stage;
}

/** Whether the API server of `t` keeps the fields of `gate`: on by default there, or enabled by the cluster. */
export function enabled(gate: string, t: Target): boolean {
  const stage = stageAt(gate, t.minor);
  return stage === 'beta' || stage === 'ga' || (stage !== 'none' && t.gates.has(gate));
}

/** `1.NN` of a target. */
export function versionName(t: Target): string {
  return `1.${t.minor}`;
}
