import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { internals } from './_lazy';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';

/**
 * Props of a `TrainingJob`.
 */
export interface TrainingJobProps extends BatchJobOptions {}

/**
 * A single-pod, run-to-completion Job: model training, a fit pipeline, a one-off batch
 * computation.
 *
 * It gets every best-practice default of `Defaults`: a TTL after it finishes, a backoff limit,
 * an active deadline, a pod failure policy that ignores disruptions, CPU and memory requests
 * and a memory limit, restart policy `Never`, and the "restricted" pod security profile with a
 * writable `/tmp`, so root-based images such as `python:3.12` still run.
 *
 * The Job is the child named `Resource`: `ApiObject.of(job)` returns it for escape hatches.
 *
 * @example
 * new TrainingJob(chart, 'pi', {
 *   image: 'perl:5.34',
 *   command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
 * });
 */
export class TrainingJob extends Construct {
  /** The Job's `metadata.name`. */
  public readonly name: string;

  /** The batch/v1 Job (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: TrainingJobProps) {
    super(scope, id);
    const { applyDefaults, checkPropTypes, newKubeJob, renderJob, resolveTarget } = internals();
    const kind = 'TrainingJob';
    const where = { kind, path: this.node.path };
    checkPropTypes(where, props, 'cdk8s-batch.TrainingJobProps');
    props = applyDefaults(this, props);
    const target = resolveTarget(this, where, props);
    const rendered = renderJob(this, kind, props, { component: 'training', target }, Defaults.MAX_JOB_NAME_LENGTH);
    this.name = rendered.name;
    this.apiObject = newKubeJob(this, kind, rendered, props.namespace);
  }
}
