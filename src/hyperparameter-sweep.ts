import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { JobShape, Target, Trial, Where } from './_internals';
import { internals } from './_lazy';
import { Defaults } from './defaults';
import { SuccessPolicyRule } from './job-features';
import { BatchJobOptions } from './job-options';
import { SweepLayout, SweepTrial } from './sweep-options';

const MAX_INT32 = 2 ** 31 - 1;

/** Label on every Job and pod of a sweep: the sweep's name. */
const SWEEP_LABEL = 'cdk8s-batch.dev/sweep';
/** Label on a trial's Job and pods (one Job per trial): the trial id. */
const TRIAL_LABEL = 'cdk8s-batch.dev/trial';
/** Pod annotation with a trial's parameters as JSON (one Job per trial). */
const PARAMETERS_ANNOTATION = 'cdk8s-batch.dev/parameters';

/**
 * Props of a `HyperparameterSweep`: the props every cdk8s-batch construct takes (each trial's
 * pod gets them), and the trials.
 */
export interface HyperparameterSweepProps extends BatchJobOptions {
  /**
   * The trials as a grid: every combination of the values (the last parameter changes fastest),
   * e.g. `{ learning_rate: ['1e-4', '3e-4'], batch_size: ['32', '64'] }` gives 4 trials.
   * @default - `trials` (one of the two is required)
   */
  readonly grid?: { [name: string]: string[] };

  /**
   * The trials as a list of parameter sets, each with the same parameter names.
   * @default - `grid` (one of the two is required)
   */
  readonly trials?: Array<{ [name: string]: string }>;

  /**
   * Prefix of the parameters' env vars: parameter `learning_rate` is `PARAM_LEARNING_RATE`
   * (upper case, '-' and '.' as '_'), usable in `args` as `$(PARAM_LEARNING_RATE)` with one Job
   * per trial.
   * @default Defaults.SWEEP_PARAM_ENV_PREFIX
   */
  readonly paramEnvPrefix?: string;

  /**
   * How the trials are laid out: one Job per trial (failures isolated, no cap on trials at once
   * without Kueue), or one Indexed Job (an exact cap; one shared `backoffLimit` on 1.28, one per
   * trial from 1.29).
   * @default Defaults.SWEEP_LAYOUT
   */
  readonly layout?: SweepLayout;

  /**
   * Trials running at once: the Indexed Job's `parallelism` (only with `SweepLayout.INDEXED`;
   * with one Job per trial, a Kueue `queue`'s quota caps them).
   * @default - Defaults.SWEEP_MAX_CONCURRENT_TRIALS, at most the number of trials
   */
  readonly maxConcurrentTrials?: number;

  /**
   * With `SweepLayout.INDEXED` on Kubernetes 1.28: give each trial its own `backoffLimit` (the
   * Job's `backoffLimitPerIndex`), so a failing trial fails alone; the same as listing
   * `JobBackoffLimitPerIndex` in `featureGates`. The gate is off by default in 1.28: a cluster
   * without it drops the field silently, and the trials share the Job's `backoffLimit` again.
   * Not needed from 1.29, where every Indexed sweep gets per-trial limits by default.
   * @default false
   */
  readonly enableAlphaBackoffLimitPerIndex?: boolean;

  /**
   * With `SweepLayout.INDEXED`: leave out the per-trial backoff limit a target of Kubernetes 1.29
   * or later gives each trial by default, so the trials share one `backoffLimit` (as on 1.28).
   * @default false
   */
  readonly disableBackoffLimitPerTrial?: boolean;

  /**
   * With `SweepLayout.INDEXED`: when the sweep succeeds before every trial has
   * (`spec.successPolicy`), e.g. `[{ succeededCount: 10 }]` for any 10 trials; the remaining
   * trials are stopped. Kubernetes 1.31 or later (1.30 with the `JobSuccessPolicy` feature gate).
   * @default - every trial must succeed
   */
  readonly successPolicy?: SuccessPolicyRule[];
}

/**
 * A hyperparameter sweep: the same training pod run once per set of parameters, with plain
 * Kubernetes Jobs (no operator).
 *
 * Each trial gets its parameters as env vars (`learning_rate` -> `PARAM_LEARNING_RATE`), its
 * stable id in `TRIAL_ID` (10 hex digits of the SHA-256 of its parameters: the same parameters
 * always give the same id and Job name) and its position in `TRIAL_INDEX`. Every Job and pod is
 * labelled `cdk8s-batch.dev/sweep: <name>`, so `kubectl logs -l cdk8s-batch.dev/sweep=<name>`
 * finds them.
 *
 * - `SweepLayout.JOB_PER_TRIAL` (`Defaults.SWEEP_LAYOUT`): a Job `<name>-<trial id>` per trial,
 *   labelled `cdk8s-batch.dev/trial: <trial id>`, its parameters in the pod annotation
 *   `cdk8s-batch.dev/parameters`. A trial's failures count against its own `backoffLimit`; one
 *   trial never stops another. Every trial may start at once (a Kueue `queue` caps them).
 * - `SweepLayout.INDEXED`: one Indexed Job `<name>` running `maxConcurrentTrials` trials at once,
 *   and a ConfigMap `<name>-params` with one `<index>.env` file per trial, which a `/bin/sh`
 *   wrapper exports before it runs `command`. On 1.28 the trials share one `backoffLimit`; from
 *   1.29 (see `kubernetesVersion`) each trial gets its own (`Defaults.SWEEP_BACKOFF_LIMIT_PER_TRIAL`).
 *
 * Every trial gets every default of `TrainingJob`, and with a `gpu`, the per-GPU CPU, memory and
 * `/dev/shm`. The trials' Jobs are `jobs` (children `Trial-<id>`, or `Resource`).
 *
 * @example
 * new HyperparameterSweep(chart, 'lr-sweep', {
 *   image: 'ghcr.io/acme/train:1.4.0',
 *   command: ['python', 'train.py'],
 *   args: ['--lr', '$(PARAM_LEARNING_RATE)', '--batch-size', '$(PARAM_BATCH_SIZE)'],
 *   grid: { learning_rate: ['1e-4', '3e-4', '1e-3'], batch_size: ['32', '64'] },
 *   gpu: Gpu.nvidia(1),
 * });
 */
export class HyperparameterSweep extends Construct {
  /** Label on every Job and pod of a sweep, with the sweep's name. */
  public static readonly SWEEP_LABEL = SWEEP_LABEL;

  /** Label on a trial's Job and pods (one Job per trial), with the trial id. */
  public static readonly TRIAL_LABEL = TRIAL_LABEL;

  /** Pod annotation with a trial's parameters as JSON (one Job per trial). */
  public static readonly PARAMETERS_ANNOTATION = PARAMETERS_ANNOTATION;

  /** The sweep's name: the `cdk8s-batch.dev/sweep` label, and the start of every Job name. */
  public readonly name: string;

  /** The layout used. */
  public readonly layout: SweepLayout;

  /** The trials, in order. */
  public readonly trials: SweepTrial[];

  /** The batch/v1 Jobs: one per trial, or the one Indexed Job. */
  public readonly jobs: ApiObject[];

  /** The ConfigMap of an Indexed sweep's parameters; undefined with one Job per trial. */
  public readonly parametersConfigMap?: ApiObject;

  constructor(scope: Construct, id: string, props: HyperparameterSweepProps) {
    super(scope, id);
    const { applyDefaults, checkJobProps, checkPropTypes, resolveTarget, sweepTrials, withGates, withOtherProblems } = internals();
    const kind = 'HyperparameterSweep';
    const where: Where = { kind, path: this.node.path };
    checkPropTypes(where, props, 'cdk8s-batch.HyperparameterSweepProps');
    props = applyDefaults(this, props);
    const layout = props.layout ?? Defaults.SWEEP_LAYOUT;
    const resolved = resolveTarget(this, where, props);
    // enableAlphaBackoffLimitPerIndex: the per-trial limits may be written on 1.28.
    const target = props.enableAlphaBackoffLimitPerIndex ? withGates(resolved, ['JobBackoffLimitPerIndex']) : resolved;
    const trials = withOtherProblems(where, () => {
      const t = sweepTrials(where, props);
      checkSweepLabels(where, props);
      checkSweepFeatures(where, props, layout, target, t.length);
      return t;
    }, () => checkJobProps(where, props, { component: 'hyperparameter-sweep', target }, Defaults.MAX_JOB_NAME_LENGTH));
    this.layout = layout;
    const build = layout === SweepLayout.INDEXED ? this.indexed(where, props, trials, target) : this.jobPerTrial(where, props, trials, target);
    this.name = build.name;
    this.jobs = build.jobs;
    this.trials = trials.map(t => ({ ...t, jobName: layout === SweepLayout.INDEXED ? build.name : `${build.name}-${t.id}` }));
    this.parametersConfigMap = build.configMap;
  }

  private jobPerTrial(where: Where, props: HyperparameterSweepProps, trials: Trial[], target: Target) {
    const { TRIAL_ID_LENGTH, checkObjectName, generatedName, newKubeJob, renderJob, trialEnv } = internals();
    const limit = Defaults.MAX_JOB_NAME_LENGTH - 1 - TRIAL_ID_LENGTH;
    if (props.name !== undefined) {
      // Each trial's Job is '<name>-<trial id>', within the 63 characters of a Job name.
      checkObjectName(where, 'name', props.name, limit);
    }
    const name = props.name ?? generatedName(this, limit);
    const prefix = props.paramEnvPrefix ?? Defaults.SWEEP_PARAM_ENV_PREFIX;
    const jobs = trials.map(t => {
      const trialProps: HyperparameterSweepProps = {
        ...props,
        name: `${name}-${t.id}`,
        labels: { ...props.labels, [SWEEP_LABEL]: name, [TRIAL_LABEL]: t.id },
        podAnnotations: { ...props.podAnnotations, [PARAMETERS_ANNOTATION]: JSON.stringify(t.parameters) },
      };
      const shape: JobShape = { component: 'hyperparameter-trial', target, extraEnv: trialEnv(t, prefix), ownPodLabels: { [SWEEP_LABEL]: name } };
      const rendered = renderJob(this, where.kind, trialProps, shape, Defaults.MAX_JOB_NAME_LENGTH);
      return newKubeJob(this, where.kind, rendered, props.namespace, `Trial-${t.id}`);
    });
    return { name, jobs, configMap: undefined };
  }

  private indexed(where: Where, props: HyperparameterSweepProps, trials: Trial[], target: Target) {
    const {
      GatedApiObject, generatedName, newKubeJob, parameterTable, propEnabled, renderJob, restartPolicyOf, trialIndexEnv, wrapperCommand,
    } = internals();
    const n = trials.length;
    const suffix = 1 + String(n - 1).length;
    const name = props.name ?? generatedName(this, Defaults.MAX_JOB_NAME_LENGTH - suffix);
    const prefix = props.paramEnvPrefix ?? Defaults.SWEEP_PARAM_ENV_PREFIX;
    const data = parameterTable(where, props.grid !== undefined ? 'grid' : 'trials', trials, prefix);
    const configMapName = `${name}-params`;
    const volume = kplus.Volume.fromConfigMap(this, 'ParametersVolume', kplus.ConfigMap.fromConfigMapName(this, 'ParametersRef', configMapName),
      { name: Defaults.SWEEP_PARAMS_VOLUME_NAME });
    // Each trial its own backoff limit where the target keeps the field (the legacy opt-in is in
    // the target), unless switched off or the restart policy forbids it.
    const wanted = props.enableAlphaBackoffLimitPerIndex === true
      || (!props.disableBackoffLimitPerTrial && restartPolicyOf(props) === kplus.RestartPolicy.NEVER && propEnabled('enableAlphaBackoffLimitPerIndex', target));
    const perIndex = wanted ? (props.backoffLimit ?? Defaults.SWEEP_BACKOFF_LIMIT_PER_TRIAL) : undefined;
    const shape: JobShape = {
      component: 'hyperparameter-sweep',
      target,
      successPolicy: props.successPolicy,
      completions: n,
      parallelism: props.maxConcurrentTrials ?? Math.min(Defaults.SWEEP_MAX_CONCURRENT_TRIALS, n),
      completionMode: 'Indexed',
      hostnameSuffixLength: suffix,
      backoffLimitPerIndex: perIndex,
      // As for shards (Defaults.SHARD_BACKOFF_FRACTION): a few flaky trials do not fail the sweep,
      // a broken image still stops it; with per-index limits, never before them.
      backoffLimit: perIndex !== undefined ? Math.min((perIndex + 1) * n, MAX_INT32)
        : Math.max(Defaults.BACKOFF_LIMIT, Math.ceil(n * Defaults.SHARD_BACKOFF_FRACTION)),
      extraEnv: [trialIndexEnv()],
      ownPodLabels: { [SWEEP_LABEL]: name },
    };
    const jobProps: HyperparameterSweepProps = {
      ...props,
      name,
      backoffLimit: perIndex !== undefined ? undefined : props.backoffLimit,
      command: wrapperCommand(props.command!, props.args),
      args: undefined,
      labels: { ...props.labels, [SWEEP_LABEL]: name },
      volumeMounts: [...(props.volumeMounts ?? []), { volume, path: Defaults.SWEEP_PARAMS_MOUNT_PATH, readOnly: true }],
    };
    const rendered = renderJob(this, where.kind, jobProps, shape, Defaults.MAX_JOB_NAME_LENGTH);
    const job = newKubeJob(this, where.kind, rendered, props.namespace);
    const configMap = new GatedApiObject(this, 'Parameters', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: configMapName, namespace: props.namespace, labels: rendered.labels },
      data,
    }, where, target);
    return { name: rendered.name, jobs: [job], configMap };
  }
}

/** The props of the newer Job features that depend on the layout. */
function checkSweepFeatures(where: Where, props: HyperparameterSweepProps, layout: SweepLayout, target: Target, trials: number): void {
  const { checkExclusive, checkSuccessPolicy, fail } = internals();
  const perTrial = layout === SweepLayout.JOB_PER_TRIAL;
  if (perTrial && props.disableBackoffLimitPerTrial !== undefined) {
    fail(where, 'disableBackoffLimitPerTrial', props.disableBackoffLimitPerTrial,
      'left out with SweepLayout.JOB_PER_TRIAL, where every trial has its own backoffLimit anyway', 'remove it');
  }
  if (props.enableAlphaBackoffLimitPerIndex === true) {
    checkExclusive(where, 'enableAlphaBackoffLimitPerIndex', props.enableAlphaBackoffLimitPerIndex, 'disableBackoffLimitPerTrial', props.disableBackoffLimitPerTrial);
  }
  checkSuccessPolicy(where, target, 'successPolicy', props.successPolicy, trials, perTrial ? {
    rule: 'left out with SweepLayout.JOB_PER_TRIAL (each trial is a Job of its own, without indexes)',
    fix: 'use layout: SweepLayout.INDEXED, or remove it',
  } : undefined);
}

/** The sweep's own labels are set by the sweep. */
function checkSweepLabels(where: Where, props: BatchJobOptions): void {
  const { fail } = internals();
  for (const labelsProp of ['labels', 'podLabels'] as const) {
    for (const key of [SWEEP_LABEL, TRIAL_LABEL]) {
      const value = props[labelsProp]?.[key];
      if (value !== undefined) {
        fail(where, `${labelsProp}.${key}`, value, 'left to HyperparameterSweep, which sets it to the sweep\'s name or the trial id', 'remove it');
      }
    }
  }
}
