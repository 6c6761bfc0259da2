/**
 * Jobs that split work across pods, written with ParallelShardJob: the tutorial's fixed
 * completion count and work queue, and a sharded batch-inference job.
 * (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, RestartPolicy } from 'cdk8s-plus-28';
import { ParallelShardJob, ShardMode } from '../src';

/** Five interchangeable pods must succeed, one after another (the tutorial's `completions: 5`). */
export function fixedCompletionsChart(app: App): Chart {
  const chart = new Chart(app, 'job-2');
  new ParallelShardJob(chart, 'job-2', {
    name: 'job-2',
    image: 'alpine:3.19',
    containerName: 'job-2',
    command: ['/bin/sh', '-c'],
    args: ["echo 'consuming a message'; sleep 5"],
    mode: ShardMode.COMPLETIONS,
    completions: 5,
    parallelism: 1, // one after another; raise it to run k pods at a time
    restartPolicy: RestartPolicy.ON_FAILURE,
    cpu: Cpu.millis(100),
    memory: Size.mebibytes(64),
  });
  return chart;
}

/**
 * Five workers drain a queue (the tutorial's `parallelism: 5` without completions): the Job is
 * done when one worker exits 0, so a worker exits 0 only once the queue is empty.
 */
export function workQueueChart(app: App): Chart {
  const chart = new Chart(app, 'job-3');
  new ParallelShardJob(chart, 'job-3', {
    name: 'job-3',
    image: 'alpine:3.19',
    containerName: 'job-3',
    command: ['/bin/sh', '-c'],
    args: ["echo 'consuming a message'; sleep $(shuf -i 5-10 -n 1)"],
    mode: ShardMode.WORK_QUEUE,
    parallelism: 5,
    restartPolicy: RestartPolicy.ON_FAILURE,
    cpu: Cpu.millis(100),
    memory: Size.mebibytes(64),
  });
  return chart;
}

/**
 * Batch inference over 100 shards of a dataset, 20 pods at a time. Each pod reads its shard
 * from `$(SHARD_INDEX)` (Kubernetes expands it in the command). A shard is retried twice; a
 * shard whose input is corrupt (exit 3) fails alone without retries; a bad model URI (exit 2)
 * fails the whole Job at once; more than 5 failed shards stop the Job.
 *
 * The per-shard retries are alpha in Kubernetes 1.28: the cluster needs the
 * `JobBackoffLimitPerIndex` feature gate.
 */
export function batchInferenceChart(app: App): Chart {
  const chart = new Chart(app, 'batch-inference');
  new ParallelShardJob(chart, 'batch-inference', {
    name: 'batch-inference',
    image: 'python:3.12-slim',
    containerName: 'infer',
    command: ['python', '/app/infer.py', '--shard', '$(SHARD_INDEX)', '--num-shards', '$(SHARD_COUNT)'],
    env: {
      MODEL_URI: EnvValue.fromValue('s3://models/resnet50/v3'),
      INPUT_URI: EnvValue.fromValue('s3://datasets/images-2024/'),
      OUTPUT_URI: EnvValue.fromValue('s3://predictions/images-2024/'),
    },
    shards: 100,
    parallelism: 20,
    enableAlphaBackoffLimitPerIndex: true,
    backoffLimitPerShard: 2,
    maxFailedShards: 5,
    failShardExitCodes: [3],
    failFastExitCodes: [2],
    cpu: Cpu.units(2),
    memory: Size.gibibytes(8),
    activeDeadline: Duration.hours(6),
  });
  return chart;
}

/** Every chart of this file. */
export function parallelCharts(app: App): Chart[] {
  return [fixedCompletionsChart(app), workQueueChart(app), batchInferenceChart(app)];
}
