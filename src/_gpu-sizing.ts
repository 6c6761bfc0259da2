/**
 * Internal: GPU-aware sizing for every construct. A pod that asks for GPUs gets its CPU and
 * memory defaults per GPU (`Defaults.GPU_JOB_CPU_PER_GPU`, `Defaults.GPU_JOB_MEMORY_PER_GPU`),
 * as a `GpuJob` does, instead of the generic half core and 1 GiB (with which a 4-GPU shard pod
 * is OOM-killed and its `/dev/shm` capped at 512 MiB). Explicit `cpu` and `memory` win; a given
 * `cpuLimit` or `memoryLimit` caps the default request. The construct's own defaults
 * (`JobShape.cpu`/`memory`, e.g. a GpuJob's) win too.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { JobShape } from './_render';
import { mebibytes } from './_resources';
import { quantityValue } from './_validate';
import { Defaults } from './defaults';
import { Gpu } from './gpu';
import { BatchJobOptions } from './job-options';

/**
 * `shape` with CPU and memory defaults sized for the GPUs of `props` (unchanged without a valid
 * GPU, which the props checks then report). Idempotent: applying it twice changes nothing.
 */
export function withGpuSizing<T extends JobShape>(props: BatchJobOptions, shape: T): T {
  const count = gpuCount(props.gpu);
  if (count === undefined || (shape.cpu !== undefined && shape.memory !== undefined)) return shape;
  return {
    ...shape,
    cpu: shape.cpu ?? capCpu(cpuTimes(Defaults.GPU_JOB_CPU_PER_GPU, count), props.cpuLimit),
    memory: shape.memory ?? capMemory(mebibytes(Defaults.GPU_JOB_MEMORY_PER_GPU.toMebibytes() * count), props.memoryLimit),
  };
}

/** The GPU count when `gpu` is a valid Gpu (a whole number of at least 1). */
export function gpuCount(gpu: unknown): number | undefined {
  return gpu instanceof Gpu && typeof gpu.count === 'number' && Number.isInteger(gpu.count) && gpu.count >= 1 ? gpu.count : undefined;
}

/** `cpu` times `n`, in whole cores when it is a whole number of them. */
export function cpuTimes(cpu: kplus.Cpu, n: number): kplus.Cpu {
  const amount = cpu.amount;
  const millis = amount.endsWith('m') ? Number(amount.slice(0, -1)) * n : Number(amount) * 1000 * n;
  return millis % 1000 === 0 ? kplus.Cpu.units(millis / 1000) : kplus.Cpu.millis(Math.round(millis));
}

/** The default request, at most a given limit (which the user's limit props set). */
function capCpu(request: kplus.Cpu, limit: kplus.Cpu | undefined): kplus.Cpu {
  if (!(limit instanceof kplus.Cpu)) return request;
  const l = quantityValue(limit.amount);
  return Number.isFinite(l) && l > 0 && l < quantityValue(request.amount) ? limit : request;
}

function capMemory(request: Size, limit: Size | undefined): Size {
  if (!(limit instanceof Size)) return request;
  const l = quantityValue(limit.asString());
  return Number.isFinite(l) && l > 0 && l < quantityValue(request.asString()) ? limit : request;
}
