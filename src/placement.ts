import * as kplus from 'cdk8s-plus-28';

/**
 * Nodes a pod prefers: a weighted node affinity term (`preferredDuringScheduling...`).
 */
export interface PreferredNodeAffinity {
  /** Weight of the preference, 1 to 100: the scheduler adds it to a node's score when every query matches. */
  readonly weight: number;

  /** Node label queries that must all match, e.g. `NodeLabelQuery.is('cloud.google.com/gke-spot', 'true')`. */
  readonly labels: kplus.NodeLabelQuery[];
}

/**
 * Keep the pods away from other pods in a topology domain: a pod anti-affinity term. Without
 * `podLabels` it separates the construct's own pods from each other, e.g. one worker of a
 * multi-node training job per node.
 */
export interface PodAntiAffinity {
  /**
   * The domain the pods are kept apart in: a node (`Topology.HOSTNAME`), a zone...
   * @default - Defaults.ANTI_AFFINITY_TOPOLOGY_KEY (one pod per node)
   */
  readonly topology?: kplus.Topology;

  /**
   * Labels of the pods to keep away from (all must match).
   * @default - the construct's own pods (its Job's pods; a sweep's trials; a CronJob's runs)
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Make it a preference with this weight (1 to 100) instead of a requirement.
   * @default - required: a pod that cannot be placed apart stays Pending
   */
  readonly weight?: number;
}

/**
 * Spread the pods evenly across topology domains: a topology spread constraint.
 */
export interface TopologySpread {
  /** The domains to spread across, e.g. `Topology.ZONE` or `Topology.HOSTNAME`. */
  readonly topology: kplus.Topology;

  /**
   * How many more matching pods one domain may have than another.
   * @default Defaults.TOPOLOGY_SPREAD_MAX_SKEW
   */
  readonly maxSkew?: number;

  /**
   * Schedule a pod even when that breaks the spread (`ScheduleAnyway`) instead of keeping it
   * Pending (`DoNotSchedule`).
   * @default false
   */
  readonly scheduleAnyway?: boolean;

  /**
   * The fewest eligible domains: with fewer, the skew is computed as if the missing ones had no
   * pods. Only without `scheduleAnyway`.
   * @default - no minimum
   */
  readonly minDomains?: number;

  /**
   * Labels of the pods counted (all must match).
   * @default - the construct's own pods
   */
  readonly podLabels?: { [key: string]: string };
}

/**
 * A port of the main container, e.g. for a rendezvous, metrics or a debugger.
 */
export interface ContainerPort {
  /** Port number, 1 to 65535. */
  readonly number: number;

  /**
   * Port name: an IANA service name (at most 15 lowercase letters, digits and '-', with a letter).
   * @default - no name
   */
  readonly name?: string;

  /**
   * Protocol.
   * @default Defaults.PORT_PROTOCOL
   */
  readonly protocol?: kplus.Protocol;
}

/**
 * Where the pods of a construct run, and the ports of the main container. Every construct takes
 * these props; with a `gpu`, they come on top of the GPU's toleration and product selector.
 */
export interface PlacementOptions {
  /**
   * Node labels the pod requires (node affinity, all must match), for what `nodeSelector` cannot
   * say: `NodeLabelQuery.in('node.kubernetes.io/instance-type', ['p4d.24xlarge', 'p5.48xlarge'])`,
   * `NodeLabelQuery.doesNotExist('example.com/maintenance')`.
   * @default - no node affinity
   */
  readonly nodeAffinity?: kplus.NodeLabelQuery[];

  /**
   * Node labels the pod prefers, with weights.
   * @default - no preference
   */
  readonly preferredNodeAffinity?: PreferredNodeAffinity[];

  /**
   * Keep the pods apart from other pods (pod anti-affinity), e.g. `[{}]`: one pod of the
   * construct per node.
   * @default - no pod anti-affinity
   */
  readonly podAntiAffinity?: PodAntiAffinity[];

  /**
   * Spread the pods across zones or nodes (topology spread constraints).
   * @default - the cluster's default spreading
   */
  readonly topologySpread?: TopologySpread[];

  /**
   * Ports of the main container (beside those a construct adds itself, such as the rendezvous
   * port of a `DistributedTrainingJob`).
   * @default - none
   */
  readonly ports?: ContainerPort[];
}
