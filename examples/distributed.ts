/**
 * Multi-node training and hyperparameter sweeps with plain Kubernetes objects (no operator):
 * a 2-node x 4-GPU torchrun job, and a 24-trial learning-rate / batch-size / weight-decay sweep.
 * (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration } from 'cdk8s';
import { Topology } from 'cdk8s-plus-28';
import { DistributedTrainingJob, Gpu, HyperparameterSweep } from '../src';

/**
 * PyTorch DDP across 2 nodes with 4 A100s each: an Indexed Job of 2 pods and a headless Service
 * `llama-ft`; torchrun reads `PET_NNODES=2`, `PET_NPROC_PER_NODE=4`, `PET_NODE_RANK` (the
 * completion index) and `PET_MASTER_ADDR=llama-ft-0.llama-ft` from the env, so the command
 * needs no flags. Each pod gets 8 CPUs, 32 GiB and an 8 GiB `/dev/shm`; one pod per node.
 */
export function torchrunMultiNodeChart(app: App): Chart {
  const chart = new Chart(app, 'torchrun-2x4');
  new DistributedTrainingJob(chart, 'llama-ft', {
    name: 'llama-ft',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trainer',
    command: ['torchrun', 'finetune.py'],
    args: ['--config', 'configs/llama-8b.yaml', '--checkpoint-dir', '/tmp/ckpt'],
    nodes: 2,
    gpu: Gpu.nvidia(4, { product: 'NVIDIA-A100-SXM4-80GB' }),
    podAntiAffinity: [{}], // one worker per node: each takes all 4 GPUs of a 4-GPU node anyway
    terminationGracePeriod: Duration.minutes(2), // time to write a checkpoint when preempted
  });
  return chart;
}

/**
 * 24 trials (3 learning rates x 2 batch sizes x 4 weight decays), one Job each: a trial that
 * diverges or runs out of memory fails alone. Each pod gets `PARAM_LR`, `PARAM_BATCH_SIZE`,
 * `PARAM_WEIGHT_DECAY` and `TRIAL_ID`; `kubectl logs -l cdk8s-batch.dev/sweep=resnet-sweep`
 * follows them all. The trials spread across zones.
 */
export function sweepChart(app: App): Chart {
  const chart = new Chart(app, 'resnet-sweep');
  new HyperparameterSweep(chart, 'resnet-sweep', {
    name: 'resnet-sweep',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trial',
    command: ['python', 'train.py'],
    args: ['--lr', '$(PARAM_LR)', '--batch-size', '$(PARAM_BATCH_SIZE)', '--weight-decay', '$(PARAM_WEIGHT_DECAY)',
      '--run-name', 'resnet-$(TRIAL_ID)', '--epochs', '30'],
    grid: {
      lr: ['1e-4', '3e-4', '1e-3'],
      batch_size: ['128', '256'],
      weight_decay: ['0', '1e-4', '1e-3', '1e-2'],
    },
    gpu: Gpu.nvidia(1),
    topologySpread: [{ topology: Topology.ZONE, scheduleAnyway: true }],
    activeDeadline: Duration.hours(12),
  });
  return chart;
}

/** Every chart of this file. */
export function distributedCharts(app: App): void {
  torchrunMultiNodeChart(app);
  sweepChart(app);
}
