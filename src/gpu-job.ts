import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { JobShape, Target } from './_internals';
import { internals } from './_lazy';
import { Defaults } from './defaults';
import { Gpu } from './gpu';
import { BatchJobOptions } from './job-options';

/**
 * Props of a `GpuJob`: the props every cdk8s-batch construct takes. `gpu` is required (checked
 * when the Job is built, since a jsii props interface cannot re-declare an inherited member),
 * and the CPU, memory and deadline defaults are sized for GPU work (see `GpuJob`).
 */
export interface GpuJobProps extends BatchJobOptions {}

/**
 * A single-pod GPU training Job: `TrainingJob` with GPUs required and defaults sized for GPU
 * work.
 *
 * Beyond the defaults of every construct (TTL, backoff limit, disruptions ignored, restricted
 * pod security...), it gets, per requested GPU or MIG slice, `Defaults.GPU_JOB_CPU_PER_GPU`
 * CPU, `Defaults.GPU_JOB_MEMORY_PER_GPU` memory (request and limit) and a memory-backed
 * `/dev/shm` of `Defaults.SHM_PER_GPU`; a longer active deadline
 * (`Defaults.GPU_JOB_ACTIVE_DEADLINE`); the GPU taint toleration; and the
 * `app.kubernetes.io/component: gpu-training` label. `NVIDIA_VISIBLE_DEVICES` is left to the
 * device plugin.
 *
 * GPU and driver faults are retried within `backoffLimit` (a faulty GPU is marked unhealthy by
 * the device plugin, so the retry lands on another one), since their exit codes are those of
 * ordinary errors; see docs/gpu.md. From Kubernetes 1.29 (see `kubernetesVersion`) a retry
 * starts only once the failed pod is gone (`podReplacementPolicy: Failed`,
 * `Defaults.GPU_POD_REPLACEMENT_POLICY`), so it never waits for the GPUs the old pod still holds.
 *
 * The Job is the child named `Resource`: `ApiObject.of(job)` returns it for escape hatches.
 *
 * @example
 * new GpuJob(chart, 'train', {
 *   image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
 *   command: ['python', 'train.py'],
 *   gpu: Gpu.nvidia(1),
 * });
 */
export class GpuJob extends Construct {
  /** The Job's `metadata.name`. */
  public readonly name: string;

  /** The batch/v1 Job (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: GpuJobProps) {
    super(scope, id);
    const { applyDefaults, checkPropTypes, fail, newKubeJob, renderJob, resolveTarget } = internals();
    const kind = 'GpuJob';
    const where = { kind, path: this.node.path };
    checkPropTypes(where, props, 'cdk8s-batch.GpuJobProps');
    props = applyDefaults(this, props);
    const gpu = props.gpu ?? fail(where, 'gpu', props.gpu, 'set: a GpuJob always requests GPUs',
      'e.g. gpu: Gpu.nvidia(1), or use TrainingJob for a job without GPUs');
    const target = resolveTarget(this, where, props);
    const rendered = renderJob(this, kind, props, gpuJobShape(gpu, target), Defaults.MAX_JOB_NAME_LENGTH);
    this.name = rendered.name;
    this.apiObject = newKubeJob(this, kind, rendered, props.namespace);
  }
}

/**
 * What a GpuJob adds to the shared renderer: per-GPU CPU and memory defaults (left out when the
 * count is invalid, which the renderer then reports) and the longer deadline.
 */
function gpuJobShape(gpu: Gpu, target: Target): JobShape {
  const { mebibytes } = internals();
  const count = gpu instanceof Gpu && Number.isInteger(gpu.count) && gpu.count >= 1 ? gpu.count : undefined;
  return {
    component: 'gpu-training',
    target,
    activeDeadline: Defaults.GPU_JOB_ACTIVE_DEADLINE,
    memory: count ? mebibytes(Defaults.GPU_JOB_MEMORY_PER_GPU.toMebibytes() * count) : undefined,
    cpu: count ? cpuTimes(Defaults.GPU_JOB_CPU_PER_GPU, count) : undefined,
  };
}

/** `cpu` times `n`, in whole cores when it is a whole number of them. */
function cpuTimes(cpu: kplus.Cpu, n: number): kplus.Cpu {
  const amount = cpu.amount;
  const millis = amount.endsWith('m') ? Number(amount.slice(0, -1)) * n : Number(amount) * 1000 * n;
  return millis % 1000 === 0 ? kplus.Cpu.units(millis / 1000) : kplus.Cpu.millis(Math.round(millis));
}
