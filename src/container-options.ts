/**
 * The containers and pod fields a construct takes beside its main container: volume mounts,
 * tolerations, the pod security profile, init containers and sidecars.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * A volume mounted into the main container.
 */
export interface VolumeMount {
  /**
   * The volume, e.g. `kplus.Volume.fromPersistentVolumeClaim(...)` for a dataset or checkpoint
   * claim. It is added to the pod automatically.
   */
  readonly volume: kplus.Volume;

  /** Absolute path inside the container, e.g. `/data`. */
  readonly path: string;

  /**
   * Mount the volume read-only.
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this relative path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's value. */
  EQUAL = 'Equal',
  /** Any value of the taint's key matches (the toleration has no value). */
  EXISTS = 'Exists',
}

/** A pod toleration: lets the pod be scheduled on nodes with a matching taint. */
export interface Toleration {
  /**
   * Taint key to match.
   * @default - every taint (requires `operator: EXISTS`)
   */
  readonly key?: string;

  /**
   * How the value is matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;

  /**
   * Taint value to match (only with `EQUAL`).
   * @default ''
   */
  readonly value?: string;

  /**
   * Taint effect to match.
   * @default - every effect
   */
  readonly effect?: kplus.TaintEffect;

  /**
   * How long the pod stays on a node once a matching `NoExecute` taint appears (only with the
   * `NO_EXECUTE` effect).
   * @default - forever
   */
  readonly tolerationSeconds?: Duration;
}

/** The security posture of the pod. */
export enum PodSecurity {
  /**
   * Pod Security Standard "restricted": non-root numeric user and group, no privilege
   * escalation, all capabilities dropped, seccomp `RuntimeDefault`, read-only root filesystem
   * with a writable `/tmp`. Root-based images still run.
   */
  RESTRICTED = 'restricted',

  /**
   * No security context at all: the image's own user and a writable root filesystem. For
   * images that must run as root; namespaces that enforce "restricted" will refuse the pod.
   */
  NONE = 'none',
}

/** A container that runs to completion before the main container starts. */
export interface InitContainer {
  /** Container name (a DNS-1123 label, unique in the pod). */
  readonly name: string;

  /** Image reference, pinned to a tag or digest (see `allowUnpinnedImage` of the job). */
  readonly image: string;

  /**
   * Entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments.
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: kplus.EnvValue };

  /**
   * CPU request.
   * @default Defaults.CPU_REQUEST
   */
  readonly cpu?: kplus.Cpu;

  /**
   * Memory request; the memory limit equals it.
   * @default Defaults.MEMORY_REQUEST
   */
  readonly memory?: Size;

  /**
   * Volumes to mount (they are added to the pod).
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];

  /**
   * Extended resources (whole numbers; requests equal limits). GPUs are not allowed here.
   * @default - none
   */
  readonly extendedResources?: { [resource: string]: number };
}

/**
 * A sidecar: a container that starts before the ordinary init containers and runs beside the
 * main container for the pod's whole life (a log shipper, a metrics agent, a data loader or a
 * proxy the main container reads from), rendered as an init container with
 * `restartPolicy: Always`. It never blocks the Job's completion: the pod finishes when the main
 * container does, and the sidecar is stopped then. Same fields as an `InitContainer`.
 */
export interface SidecarContainer extends InitContainer {}
