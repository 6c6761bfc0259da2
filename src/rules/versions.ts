/**
 * Internal: the Kubernetes versions the rules know (1.28 to 1.36) and the feature gates that
 * decide, per version, whether a field is written, dropped or refused.
 *
 * A field behind a gate that is off is dropped by the API server before validation
 * (`dropDisabledFields` in pkg/api/pod/util.go, `dropDisabledFields` in pkg/registry/batch/job/
 * strategy.go): the object is accepted and silently loses the field. The rules therefore warn
 * (`practice.alpha-field`) about a field whose gate is off by default at the target unless the
 * user says the cluster turned it on (`Target.gates`), and check the field's value as the API
 * server does when the gate is on. A gate that guards a value rather than a field (relaxed env var
 * names, `status.hostIPs`) decides which values the rules accept.
 *
 * Stages are taken from the versioned feature gate specs of kubernetes/kubernetes
 * `pkg/features/kube_features.go` (`defaultVersionedKubernetesFeatureGates`: each gate's
 * `{Version, Default, PreRelease}` list, as of the 1.36 release, which names every earlier change),
 * cross-checked against each release's CHANGELOG (CHANGELOG-1.36.md: UserNamespacesSupport,
 * ProcMountType and ImageVolume GA, RestartAllContainersOnContainerExits beta). A stage is the last
 * spec whose version is at or below the target: `{Default: false, Alpha}` is `alpha`,
 * `{Default: false, Beta}` is `beta-off`, `{Default: true, Beta}` is `beta`, `GA` is `ga`. A gate
 * whose field existed before 1.28 starts at 28 with its 1.28 stage.
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
  /** The fields (or values) it guards, for messages and the docs (`spec.successPolicy`). */
  readonly fields: string;
  /** The first minor version of each stage, in order; before the first entry the stage is `none`. */
  readonly stages: ReadonlyArray<readonly [number, Stage]>;
  /** The enhancement (KEP) that introduced it, e.g. `KEP-3998`. */
  readonly kep: string;
}

/**
 * The gates that change, between 1.28 and 1.36, what a Job, a CronJob or their pod template may
 * contain or how the rules check it. Stages from kube_features.go (1.36) as described above.
 */
export const FEATURES: readonly Feature[] = [
  // ---- batch/v1 JobSpec ----------------------------------------------------------------------------
  { gate: 'JobBackoffLimitPerIndex', fields: 'spec.backoffLimitPerIndex, spec.maxFailedIndexes, podFailurePolicy action FailIndex', kep: 'KEP-3850', stages: [[28, 'alpha'], [29, 'beta'], [33, 'ga']] },
  { gate: 'JobPodReplacementPolicy', fields: 'spec.podReplacementPolicy', kep: 'KEP-3939', stages: [[28, 'alpha'], [29, 'beta'], [34, 'ga']] },
  { gate: 'JobSuccessPolicy', fields: 'spec.successPolicy', kep: 'KEP-3998', stages: [[30, 'alpha'], [31, 'beta'], [33, 'ga']] },
  { gate: 'JobManagedBy', fields: 'spec.managedBy', kep: 'KEP-4368', stages: [[30, 'alpha'], [32, 'beta'], [35, 'ga']] },
  // ---- pod spec ------------------------------------------------------------------------------------
  { gate: 'PodLevelResources', fields: 'template.spec.resources', kep: 'KEP-2837', stages: [[32, 'alpha'], [34, 'beta']] },
  { gate: 'UserNamespacesSupport', fields: 'template.spec.hostUsers', kep: 'KEP-127', stages: [[28, 'alpha'], [30, 'beta-off'], [33, 'beta'], [36, 'ga']] },
  { gate: 'DynamicResourceAllocation', fields: 'template.spec.resourceClaims, containers[].resources.claims', kep: 'KEP-4381', stages: [[28, 'alpha'], [32, 'beta-off'], [34, 'ga']] },
  { gate: 'RelaxedDNSSearchValidation', fields: 'dnsConfig.searches with \'_\' or \'.\' (a value, not a field)', kep: 'KEP-4427', stages: [[32, 'alpha'], [33, 'beta'], [34, 'ga']] },
  { gate: 'HostnameOverride', fields: 'template.spec.hostnameOverride', kep: 'KEP-4762', stages: [[34, 'alpha'], [35, 'beta']] },
  { gate: 'MatchLabelKeysInPodAffinity', fields: 'pod (anti-)affinity terms\' matchLabelKeys, mismatchLabelKeys', kep: 'KEP-3633', stages: [[29, 'alpha'], [31, 'beta'], [33, 'ga']] },
  { gate: 'ImageVolume', fields: 'volumes[].image', kep: 'KEP-4639', stages: [[31, 'alpha'], [33, 'beta-off'], [35, 'beta'], [36, 'ga']] },
  { gate: 'SupplementalGroupsPolicy', fields: 'securityContext.supplementalGroupsPolicy', kep: 'KEP-3619', stages: [[31, 'alpha'], [33, 'beta'], [35, 'ga']] },
  { gate: 'SELinuxChangePolicy', fields: 'securityContext.seLinuxChangePolicy', kep: 'KEP-1710', stages: [[32, 'alpha'], [33, 'beta']] },
  { gate: 'SELinuxMount', fields: 'seLinuxChangePolicy: MountOption (a value)', kep: 'KEP-1710', stages: [[30, 'alpha'], [33, 'beta-off']] },
  { gate: 'RelaxedServiceNameValidation', fields: 'v1 Service metadata.name: a DNS-1123 label (a value)', kep: 'KEP-5311', stages: [[34, 'alpha'], [36, 'beta']] },
  { gate: 'AppArmorFields', fields: 'securityContext.appArmorProfile (pod and containers)', kep: 'KEP-24', stages: [[30, 'beta'], [31, 'ga']] },
  // ---- containers ----------------------------------------------------------------------------------
  { gate: 'SidecarContainers', fields: 'initContainers[].restartPolicy: Always', kep: 'KEP-753', stages: [[28, 'alpha'], [29, 'beta'], [33, 'ga']] },
  { gate: 'ContainerRestartRules', fields: 'containers[].restartPolicy, restartPolicyRules', kep: 'KEP-5307', stages: [[34, 'alpha'], [35, 'beta']] },
  { gate: 'RestartAllContainersOnContainerExits', fields: 'restartPolicyRules action RestartAllContainers (a value)', kep: 'KEP-5532', stages: [[35, 'alpha'], [36, 'beta']] },
  { gate: 'InPlacePodVerticalScaling', fields: 'containers[].resizePolicy', kep: 'KEP-1287', stages: [[28, 'alpha'], [33, 'beta'], [35, 'ga']] },
  { gate: 'ProcMountType', fields: 'securityContext.procMount', kep: 'KEP-4265', stages: [[28, 'alpha'], [31, 'beta-off'], [33, 'beta'], [36, 'ga']] },
  { gate: 'RecursiveReadOnlyMounts', fields: 'volumeMounts[].recursiveReadOnly', kep: 'KEP-3857', stages: [[30, 'alpha'], [31, 'beta'], [33, 'ga']] },
  { gate: 'RelaxedEnvironmentVariableValidation', fields: 'env[].name, envFrom[].prefix: any printable ASCII but \'=\' (a value)', kep: 'KEP-4369', stages: [[30, 'alpha'], [32, 'beta'], [34, 'ga']] },
  { gate: 'PodHostIPs', fields: 'env fieldRef status.hostIPs (a value)', kep: 'KEP-2681', stages: [[28, 'alpha'], [29, 'beta'], [30, 'ga']] },
  { gate: 'EnvFiles', fields: 'env[].valueFrom.fileKeyRef', kep: 'KEP-3721', stages: [[34, 'alpha'], [35, 'beta']] },
  { gate: 'PodLifecycleSleepAction', fields: 'lifecycle hooks\' sleep action', kep: 'KEP-3960', stages: [[29, 'alpha'], [30, 'beta'], [34, 'ga']] },
  { gate: 'PodLifecycleSleepActionAllowZero', fields: 'sleep.seconds: 0 (a value)', kep: 'KEP-4818', stages: [[32, 'alpha'], [33, 'beta'], [34, 'ga']] },
  { gate: 'ContainerStopSignals', fields: 'lifecycle.stopSignal', kep: 'KEP-4960', stages: [[33, 'alpha']] },
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
  let stage: Stage = 'none';
  for (const [since, s] of feature(gate).stages) if (minor >= since) stage = s;
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

/** The feature of a known gate (throws on an unknown one: a programming error). */
export function feature(gate: string): Feature {
  const f = BY_GATE.get(gate);
  if (!f) throw new Error(`unknown feature gate ${gate}`);
  return f;
}

/** How a stage reads in a message. */
export function stageWords(stage: Stage): string {
  return stage === 'beta-off' ? 'beta and off by default' : stage === 'none' ? 'not available' : stage;
}

/** The first minor version whose API has the fields of `gate` (its first stage, alpha or later). */
export function existsSince(gate: string): number {
  return feature(gate).stages.find(([, s]) => s !== 'none')![0];
}

/** The first minor version at which `gate` is on by default (beta or GA); undefined if never up to 1.36. */
export function onByDefaultSince(gate: string): number | undefined {
  return feature(gate).stages.find(([, s]) => s === 'beta' || s === 'ga')?.[0];
}
