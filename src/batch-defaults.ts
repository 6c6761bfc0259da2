import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import type { Where } from './_internals';
import { internals } from './_lazy';
import { KubernetesVersion } from './kubernetes-version';
import { RerunStrategy } from './rerun';

/**
 * Props of `BatchDefaults`: what every cdk8s-batch construct below it gets unless it sets the
 * prop itself.
 */
export interface BatchDefaultsProps {
  /**
   * Labels for every object, its pods and (for CronJobs) the Jobs it creates, e.g. a team or a
   * cost centre. A construct's own `labels` win key by key.
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations for every object. A construct's own `annotations` win key by key.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * The Kueue LocalQueue of every Job (see the construct prop `queue`).
   * @default - not queued
   */
  readonly queue?: string;

  /**
   * The Kueue WorkloadPriorityClass of every Job (see the construct prop `workloadPriorityClass`).
   * @default - Kueue's default priority
   */
  readonly workloadPriorityClass?: string;

  /**
   * How every Job re-runs under GitOps (see `RerunStrategy`).
   * @default RerunStrategy.stableName()
   */
  readonly rerunStrategy?: RerunStrategy;

  /**
   * The namespace of every object (a construct's `namespace` wins; this wins over the chart's).
   * @default - the chart's namespace, if any
   */
  readonly namespace?: string;

  /**
   * Image pull secrets of every pod (a construct's own list replaces this one).
   * @default - none
   */
  readonly imagePullSecrets?: kplus.ISecret[];

  /**
   * The Kubernetes version every construct below writes for (see the construct prop
   * `kubernetesVersion`; a construct's own wins, and this wins over the
   * `cdk8s-batch:kubernetesVersion` context).
   * @default - the `cdk8s-batch:kubernetesVersion` context, else Defaults.KUBERNETES_VERSION (1.28)
   */
  readonly kubernetesVersion?: KubernetesVersion;

  /**
   * Feature gates the cluster turned on beyond its version's defaults, for every construct below
   * (see the construct prop `featureGates`; a construct's own list replaces this one, and this
   * one replaces the `cdk8s-batch:featureGates` context's).
   * @default - the `cdk8s-batch:featureGates` context, else none
   */
  readonly featureGates?: string[];
}

/**
 * Chart- or app-wide defaults for every cdk8s-batch construct created below it: labels (team,
 * cost centre, `app.kubernetes.io/*`), annotations, the Kueue queue and priority, the re-run
 * strategy, the namespace, image pull secrets, and the Kubernetes version (and feature gates)
 * the manifests are written for.
 *
 * Create it first, as a child of the chart (or the app) it applies to; the nearest one wins, and
 * a construct's own props win over it. Creating it after a batch construct in the same scope is an
 * error (that construct would silently miss the defaults).
 *
 * @example
 * new BatchDefaults(chart, 'defaults', { queue: 'team-a', labels: { team: 'vision' } });
 * new TrainingJob(chart, 'train', { image: 'python:3.12' }); // queued on team-a, labelled
 */
export class BatchDefaults extends Construct {
  /**
   * The defaults that apply to a construct: those of every `BatchDefaults` on the way up from
   * `scope` to the app, merged (the nearest wins).
   */
  public static of(scope: IConstruct): BatchDefaultsProps {
    // Each level's BatchDefaults are found in a registry, not by scanning the children of every
    // ancestor: a chart with 10,000 jobs would make that quadratic.
    const layers: BatchDefaultsProps[] = [];
    for (let c: IConstruct | undefined = scope.node.scope; c; c = c.node.scope) {
      for (const d of REGISTRY.get(c) ?? []) layers.push(d.props);
    }
    if (layers.length === 0) return {};
    const merged: { [key: string]: unknown } = {};
    for (const layer of layers.reverse()) {
      for (const [key, value] of Object.entries(layer)) {
        if (value === undefined) continue;
        merged[key] = (key === 'labels' || key === 'annotations') ? { ...(merged[key] as object ?? {}), ...(value as object) } : value;
      }
    }
    return merged as BatchDefaultsProps;
  }

  /** The defaults given. */
  public readonly props: BatchDefaultsProps;

  constructor(scope: Construct, id: string, props: BatchDefaultsProps = {}) {
    super(scope, id);
    const {
      Problems, checkAnnotations, checkDnsLabel, checkFeatureGates, checkLabels, checkPropTypes, checkQueueNames, fail, isBatchConstruct, minorOf,
    } = internals();
    const where: Where = { kind: 'BatchDefaults', path: this.node.path };
    checkPropTypes(where, props ?? {}, 'cdk8s-batch.BatchDefaultsProps');
    const problems = new Problems();
    problems.check(() => checkLabels(where, 'labels', props.labels));
    problems.check(() => checkAnnotations(where, 'annotations', props.annotations));
    problems.check(() => checkDnsLabel(where, 'namespace', props.namespace));
    problems.check(() => checkQueueNames(where, props.queue, props.workloadPriorityClass));
    problems.check(() => checkFeatureGates(where, 'featureGates', props?.featureGates ?? [],
      props?.kubernetesVersion === undefined ? undefined : minorOf(props.kubernetesVersion)));
    problems.check(() => {
      const early = scope.node.findAll().find(c => c !== this && isBatchConstruct(c));
      if (early) {
        fail(where, 'scope', scope.node.path, `created before the batch constructs it applies to ('${early.node.path}' already exists)`,
          'create BatchDefaults first, right after the chart');
      }
    });
    problems.throwIfAny();
    this.props = props ?? {};
    REGISTRY.set(scope, [...(REGISTRY.get(scope) ?? []), this]);
  }
}

/** The `BatchDefaults` created directly under each scope. */
const REGISTRY = new WeakMap<IConstruct, BatchDefaults[]>();
