/**
 * The same kind of work on a recent cluster: a chart targeted at Kubernetes 1.33, where the batch
 * features that were alpha in 1.28 are on (GA or beta): a GPU fine-tune whose replacement pod
 * never overlaps the old one (`podReplacementPolicy: Failed`), sharded inference with per-shard
 * retries (`backoffLimitPerIndex`), multi-node training that succeeds with its leader and a sweep
 * that is done when most of its trials are (`successPolicy`), a native sidecar that
 * ships logs without blocking completion. Every other chart of the examples app targets 1.28, the
 * default, and is unchanged by this one. See docs/kubernetes-versions.md.
 * (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BatchDefaults, DistributedTrainingJob, Gpu, GpuJob, HyperparameterSweep, KubernetesVersion, ParallelShardJob,
  ShardMode, SweepLayout,
} from '../src';

/** The chart's id, and so its manifest file (`vision-1-33.k8s.yaml`, checked for 1.33 by the plugin: cdk8s.yaml). */
export const RECENT_CHART_ID = 'vision-1-33';

/** Jobs for a Kubernetes 1.33 cluster, with the target set once for the chart. */
export function recentClusterChart(app: App): Chart {
  const chart = new Chart(app, RECENT_CHART_ID);
  new BatchDefaults(chart, 'defaults', { kubernetesVersion: KubernetesVersion.V1_33 });

  // One GPU, `podReplacementPolicy: Failed` by default from 1.29: a preempted pod's replacement
  // starts only once the old pod is gone, never two pods holding GPUs for one run. A native
  // sidecar (an init container with `restartPolicy: Always`) ships the logs and is stopped when
  // the trainer exits, so the Job completes.
  new GpuJob(chart, 'finetune', {
    name: 'bert-finetune',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trainer',
    command: ['python', 'finetune.py', '--output', '/tmp/model'],
    gpu: Gpu.nvidia(1),
    sidecars: [{
      name: 'log-shipper',
      image: 'fluent/fluent-bit:3.1.9',
      cpu: Cpu.millis(50),
      memory: Size.mebibytes(64),
    }],
    activeDeadline: Duration.hours(6),
  });

  // 200 shards, 20 at a time. Per-shard retries are on by default from 1.29 (each shard may fail
  // twice here); a corrupt input (exit 3) fails its shard alone; more than 10 failed shards stop
  // the Job. On 1.28 the same props need the JobBackoffLimitPerIndex gate (see parallel.ts).
  new ParallelShardJob(chart, 'embed', {
    name: 'embed-corpus',
    image: 'python:3.12-slim',
    command: ['python', 'embed.py', '--shard', '$(SHARD_INDEX)', '--of', '$(SHARD_COUNT)'],
    mode: ShardMode.INDEXED,
    shards: 200,
    parallelism: 20,
    backoffLimitPerShard: 2,
    maxFailedShards: 10,
    failShardExitCodes: [3],
    cpu: Cpu.units(2),
    memory: Size.gibibytes(4),
  });

  // torchrun on 2 nodes x 4 GPUs: succeeds when rank 0 (the leader, index 0) succeeds, by default
  // from 1.31, so a worker that lingers after the leader saved the model does not hold the Job.
  new DistributedTrainingJob(chart, 'llama-ft', {
    name: 'llama-ft-133',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trainer',
    command: ['torchrun', 'finetune.py'],
    nodes: 2,
    gpu: Gpu.nvidia(4),
    terminationGracePeriod: Duration.minutes(2),
  });

  // A learning-rate sweep that is done once 6 of its 8 trials have finished: a straggler (a slow
  // node, a trial that diverges into a long tail) does not hold GPUs after the sweep has what it
  // needs; its pods are stopped (`successPolicy` with `succeededCount: 6`). Per-trial retries
  // are on by default from 1.29, so a crashed trial is retried alone.
  new HyperparameterSweep(chart, 'lr-search', {
    name: 'lr-search',
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    containerName: 'trial',
    command: ['python', 'train.py', '--epochs', '20'], // reads PARAM_LR and TRIAL_ID from the env
    grid: { lr: ['1e-5', '3e-5', '1e-4', '3e-4', '1e-3', '3e-3', '1e-2', '3e-2'] },
    layout: SweepLayout.INDEXED,
    maxConcurrentTrials: 4,
    successPolicy: [{ succeededCount: 6 }],
    gpu: Gpu.nvidia(1),
    activeDeadline: Duration.hours(8),
  });
  return chart;
}

/** Every chart of this file. */
export function kubernetesVersionCharts(app: App): void {
  recentClusterChart(app);
}
