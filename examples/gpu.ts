/**
 * GPU jobs: the data-science guide's one-GPU training job, an 8-GPU PyTorch run, inference on a
 * MIG slice, batch inference sharded over MIG slices, and a nightly GPU retraining CronJob.
 * (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Gpu, GpuJob, NightlyCronJob, ParallelShardJob, Schedule, TrainingJob } from '../src';

/**
 * The guide's GPU job: `python train.py` with `nvidia.com/gpu: 1` (as request and limit), the
 * GPU taint tolerated, 2 CPUs, 8 GiB and a 2 GiB `/dev/shm` per GPU.
 */
export function trainModelGpuChart(app: App): Chart {
  const chart = new Chart(app, 'train-model-gpu');
  new GpuJob(chart, 'train-model-gpu', {
    name: 'train-model-gpu',
    image: 'python:3.10',
    containerName: 'trainer',
    command: ['python', 'train.py'],
    backoffLimit: 4,
    gpu: Gpu.nvidia(1),
  });
  return chart;
}

/**
 * PyTorch DDP on one 8-GPU A100 node: `torchrun` starts a process per GPU. Per-GPU defaults give
 * 16 CPUs, 64 GiB of memory and a 16 GiB `/dev/shm` for the data loader workers.
 */
export function pytorch8GpuChart(app: App): Chart {
  const chart = new Chart(app, 'pytorch-ddp-8gpu');
  new GpuJob(chart, 'pytorch-ddp-8gpu', {
    name: 'pytorch-ddp-8gpu',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trainer',
    command: ['torchrun', '--standalone', '--nproc_per_node=8', 'train.py'],
    args: ['--epochs', '90', '--batch-size', '256', '--workers', '8'],
    gpu: Gpu.nvidia(8, { product: 'NVIDIA-A100-SXM4-80GB' }),
    failFastExitCodes: [2], // argparse usage errors: retrying on other GPUs cannot help
    terminationGracePeriod: Duration.minutes(2), // time to write a checkpoint when preempted
  });
  return chart;
}

/** Batch inference on one MIG slice (`nvidia.com/mig-1g.10gb`) of an A100, with the NVIDIA runtime class. */
export function migInferenceChart(app: App): Chart {
  const chart = new Chart(app, 'mig-inference');
  new TrainingJob(chart, 'mig-inference', {
    name: 'mig-inference',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'infer',
    command: ['python', 'infer.py', '--input', '/data/batch.parquet'],
    gpu: Gpu.nvidiaMig('1g.10gb', 1, { runtimeClassName: 'nvidia' }),
    cpu: Cpu.units(1),
    memory: Size.gibibytes(6), // the default 2 GiB /dev/shm fits under half of it
    activeDeadline: Duration.hours(2),
  });
  return chart;
}

/** Batch inference over 40 shards, each pod on its own MIG slice, 7 at a time (one A100's worth). */
export function migShardsChart(app: App): Chart {
  const chart = new Chart(app, 'mig-inference-shards');
  new ParallelShardJob(chart, 'mig-inference-shards', {
    name: 'mig-inference-shards',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'infer',
    command: ['sh', '-c', 'python infer.py --shard "$SHARD_INDEX" --of "$SHARD_COUNT"'],
    shards: 40,
    parallelism: 7,
    gpu: Gpu.nvidiaMig('1g.10gb', 1, { product: 'NVIDIA-A100-SXM4-80GB' }),
    cpu: Cpu.units(1),
    memory: Size.gibibytes(6),
  });
  return chart;
}

/**
 * Nightly retraining on one L4 GPU at 02:00 UTC, resuming from the latest checkpoint; a run
 * that overruns is stopped after 6 hours rather than holding the GPU into the next night.
 */
export function nightlyGpuRetrainChart(app: App): Chart {
  const chart = new Chart(app, 'nightly-gpu-retrain');
  new NightlyCronJob(chart, 'nightly-gpu-retrain', {
    name: 'nightly-gpu-retrain',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trainer',
    command: ['python', 'train.py', '--resume', 'latest'],
    schedule: Schedule.nightly(2),
    gpu: Gpu.nvidia(1, { product: 'NVIDIA-L4' }),
    cpu: Cpu.units(4),
    memory: Size.gibibytes(16),
    activeDeadline: Duration.hours(6),
  });
  return chart;
}

/** Every chart of this file. */
export function gpuCharts(app: App): Chart[] {
  return [trainModelGpuChart(app), pytorch8GpuChart(app), migInferenceChart(app), migShardsChart(app), nightlyGpuRetrainChart(app)];
}
