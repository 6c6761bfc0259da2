/**
 * How a `HyperparameterSweep` lays its trials out in Kubernetes objects.
 */
export enum SweepLayout {
  /**
   * One Job per trial (the default). A trial's failures count against its own `backoffLimit`
   * only, so one failing trial never stops another, on any 1.28 cluster; each trial can be
   * queued and admitted by Kueue on its own (`queue`). Kubernetes itself does not cap how many
   * trials run at once: a Kueue queue's quota (or the cluster's capacity) does.
   */
  JOB_PER_TRIAL = 'JobPerTrial',

  /**
   * One Indexed Job, one index per trial, `maxConcurrentTrials` of them at once (the Job's
   * `parallelism`: an exact cap). The parameters come from a ConfigMap through a small
   * `/bin/sh` wrapper, so `command` is required and `$(PARAM_...)` cannot be used in `command`
   * or `args`. On a 1.28 cluster without the alpha `JobBackoffLimitPerIndex` gate, every
   * trial's failures count against one shared `backoffLimit`: a trial that keeps failing can
   * fail the whole sweep (see `enableAlphaBackoffLimitPerIndex`). From Kubernetes 1.29 (see
   * `kubernetesVersion`) each trial has a backoff limit of its own by default.
   */
  INDEXED = 'Indexed',
}

/**
 * One trial of a `HyperparameterSweep`, as it was rendered.
 */
export interface SweepTrial {
  /** Stable id of the trial: 10 hex digits of the SHA-256 of its parameters (names sorted). */
  readonly id: string;

  /** Position of the trial in the sweep (the completion index with `SweepLayout.INDEXED`). */
  readonly index: number;

  /** The trial's parameters, by name, as given. */
  readonly parameters: { [name: string]: string };

  /** The name of the trial's Job (with `SweepLayout.INDEXED`, the sweep's one Job). */
  readonly jobName: string;
}
