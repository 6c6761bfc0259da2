import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { internals } from './_lazy';
import { Defaults } from './defaults';
import { SuccessPolicyRule } from './job-features';
import { BatchJobOptions } from './job-options';

/**
 * An elastic rendezvous (torchrun's `c10d` backend): the job starts with `minNodes` to `nodes`
 * nodes, and a node that fails or is preempted is replaced and rejoins, restarting the worker
 * group from its last checkpoint, within a restart budget.
 */
export interface ElasticRendezvous {
  /**
   * The fewest nodes training runs with (`PET_NNODES=<minNodes>:<nodes>`).
   * @default - `nodes` (a fixed size, with restarts)
   */
  readonly minNodes?: number;

  /**
   * Worker-group restarts torchrun allows (`PET_MAX_RESTARTS`), and replacement pods the Job
   * allows (its `backoffLimit`, unless set).
   * @default Defaults.ELASTIC_MAX_RESTARTS
   */
  readonly maxRestarts?: number;
}

/**
 * Props of a `DistributedTrainingJob`: the props every cdk8s-batch construct takes (`gpu` is per
 * node), and the size and rendezvous of the job.
 */
export interface DistributedTrainingJobProps extends BatchJobOptions {
  /** Nodes (pods) of the job, one torchrun agent each. 1 gives a single-pod Job without a Service. */
  readonly nodes: number;

  /**
   * Rendezvous port (`PET_MASTER_PORT`, the c10d store), on the container and the Service.
   * @default Defaults.DISTRIBUTED_PORT
   */
  readonly port?: number;

  /**
   * Processes per node (`PET_NPROC_PER_NODE`).
   * @default - the GPU count of `gpu`, else 1
   */
  readonly nprocPerNode?: number;

  /**
   * Use an elastic (c10d) rendezvous with a restart budget instead of a static one.
   * @default - a static rendezvous: the first worker that fails fails the Job
   */
  readonly elastic?: ElasticRendezvous;

  /**
   * When the Job succeeds (`spec.successPolicy`, multi-node only): as soon as one rule is met,
   * e.g. `[{ succeededIndexes: '0' }]` (the leader); the other pods are then stopped. `[]` writes
   * none: every node must succeed. Kubernetes 1.31 or later (1.30 with the `JobSuccessPolicy`
   * feature gate).
   * @default - from Kubernetes 1.31 with 2 or more nodes, the leader: `[{ succeededIndexes: Defaults.DISTRIBUTED_SUCCEEDED_INDEXES }]` ('0'); not written on 1.28 to 1.30 (unless featureGates has JobSuccessPolicy on 1.30), nor for a single node
   */
  readonly successPolicy?: SuccessPolicyRule[];
}

/**
 * Multi-node distributed training (PyTorch `torchrun`, DDP/FSDP, or any launcher that reads
 * `MASTER_ADDR`/`MASTER_PORT`/`WORLD_SIZE`/`NODE_RANK`) with plain Kubernetes objects, on any
 * 1.28 cluster, with no operator:
 *
 * - an Indexed Job of `nodes` pods (completions = parallelism = nodes);
 * - a headless Service named like the Job (child `Service`) that selects exactly the Job's pods
 *   (`batch.kubernetes.io/job-name`) and publishes them before they are Ready, and the pods'
 *   `subdomain`, so rank 0 is `<job>-0.<service>` from the start;
 * - torchrun's env (`PET_NNODES`, `PET_NPROC_PER_NODE`, `PET_NODE_RANK` from the completion
 *   index, `PET_MASTER_ADDR`, `PET_MASTER_PORT`, or the `PET_RDZV_*` of an elastic rendezvous),
 *   so `command: ['torchrun', 'train.py']` needs no flags, plus the generic `MASTER_ADDR`,
 *   `MASTER_PORT`, `WORLD_SIZE` and `NODE_RANK`; and the rendezvous port `rdzv`;
 * - gang failure: with a static rendezvous the first failed worker fails the Job at once
 *   (`Defaults.DISTRIBUTED_STATIC_BACKOFF_LIMIT`); with an elastic one, failed nodes are replaced
 *   within the restart budget. Disruptions (preemption, node drains) never count;
 * - with a `gpu` (per node), the GPU defaults of `GpuJob`: CPU, memory and `/dev/shm` per GPU,
 *   the GPU taint toleration, an optional product selector, and the longer deadline;
 * - with a newer target (`kubernetesVersion`): from 1.29 a worker's replacement never runs beside
 *   it (`podReplacementPolicy: Failed`), and from 1.31 the Job succeeds when its leader (index 0)
 *   has (`successPolicy`, see `Defaults.DISTRIBUTED_SUCCEEDED_INDEXES`).
 *
 * The Job is the child named `Resource`: `ApiObject.of(job)` returns it for escape hatches.
 *
 * @example
 * new DistributedTrainingJob(chart, 'ddp', {
 *   image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
 *   command: ['torchrun', 'train.py'],
 *   nodes: 2,
 *   gpu: Gpu.nvidia(4),
 * });
 */
export class DistributedTrainingJob extends Construct {
  /** The Job's `metadata.name` (the headless Service has the same name). */
  public readonly name: string;

  /** The headless Service's name; undefined for a single node. */
  public readonly serviceName?: string;

  /** The host of rank 0, `<job>-0.<service>` (`localhost` for a single node). */
  public readonly masterAddress: string;

  /** The batch/v1 Job (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;

  /** The v1 headless Service; undefined for a single node. */
  public readonly service?: ApiObject;

  constructor(scope: Construct, id: string, props: DistributedTrainingJobProps) {
    super(scope, id);
    const {
      GatedApiObject, applyDefaults, checkJobProps, checkPodDnsName, checkPropTypes, distributedPlan, fail, newKubeJob, renderJob, resolveTarget,
      serviceManifest, withOtherProblems,
    } = internals();
    const kind = 'DistributedTrainingJob';
    const where = { kind, path: this.node.path };
    checkPropTypes(where, props, 'cdk8s-batch.DistributedTrainingJobProps');
    props = applyDefaults(this, props);
    const target = resolveTarget(this, where, props);
    const plan = withOtherProblems(where, () => distributedPlan(this, where, props, target),
      () => checkJobProps(where, props, { component: 'distributed-training', target, replaceFailedPods: true }, Defaults.MAX_JOB_NAME_LENGTH));
    const rendered = renderJob(this, kind, { ...props, name: plan.name }, plan.shape, Defaults.MAX_JOB_NAME_LENGTH);
    if (plan.serviceName) checkPodDnsName(where, plan.name, plan.serviceName, props.nodes, props.namespace ?? Chart.of(this).namespace);
    if (rendered.name !== plan.name) {
      // The workers' rendezvous address names the Job: it cannot change after it is rendered.
      fail(where, 'rerunStrategy', props.rerunStrategy ?? rendered.name,
        'one that keeps the Job\'s name (the workers reach rank 0 as <job>-0.<service>)', 'use RerunStrategy.stableName(), argoCdReplace(), argoCdHook() or fluxForce()');
    }
    this.name = plan.name;
    this.serviceName = plan.serviceName;
    this.masterAddress = plan.masterAddress;
    this.apiObject = newKubeJob(this, kind, rendered, props.namespace);
    if (plan.serviceName) {
      this.service = new GatedApiObject(this, 'Service', serviceManifest(plan, props.namespace, rendered.labels), where, target);
    }
  }
}
