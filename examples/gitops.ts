/**
 * Queued and GitOps-managed jobs: Kueue queues, chart-wide defaults, and the re-run strategies for
 * Argo CD and Flux. (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration } from 'cdk8s';
import {
  ArgoCdHookPhase, BatchDefaults, Gpu, GpuJob, NightlyCronJob, ParallelShardJob, RerunStrategy, Schedule, TrainingJob,
} from '../src';

/**
 * A team's chart on a shared GPU cluster: every job queued on the team's LocalQueue, labelled
 * with the team and cost centre, in the team's namespace. Kueue admits each Job when the queue's
 * quota has room for its requests.
 */
export function queuedTrainingChart(app: App): Chart {
  const chart = new Chart(app, 'queued-training');
  new BatchDefaults(chart, 'defaults', {
    queue: 'vision',
    namespace: 'vision',
    labels: { 'team': 'vision', 'cost-center': 'cc-4711' },
  });
  new GpuJob(chart, 'finetune', {
    image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    command: ['torchrun', '--standalone', '--nproc-per-node=2', 'finetune.py'],
    gpu: Gpu.nvidia(2),
    workloadPriorityClass: 'research',
  });
  // Partial admission: 16 shards, 8 at once, or as few as 2 when the queue is busy.
  new ParallelShardJob(chart, 'embed', {
    image: 'ghcr.io/acme/embed:0.9.0',
    command: ['python', 'embed.py', '--shard', '$(SHARD_INDEX)'],
    shards: 16,
    parallelism: 8,
    minParallelism: 2,
  });
  // The nightly evaluation: every Job the schedule creates is queued.
  new NightlyCronJob(chart, 'nightly-eval', {
    image: 'ghcr.io/acme/eval:1.2.0',
    command: ['python', 'eval.py'],
    schedule: Schedule.nightly(3),
  });
  return chart;
}

/**
 * For Argo CD: a training Job that Argo CD replaces when its spec changes, and a data migration
 * that runs as a PreSync hook on every sync.
 */
export function argoCdChart(app: App): Chart {
  const chart = new Chart(app, 'argocd-jobs');
  new TrainingJob(chart, 'train', {
    image: 'ghcr.io/acme/train:3.1.0',
    command: ['python', 'train.py'],
    rerunStrategy: RerunStrategy.argoCdReplace(),
  });
  new TrainingJob(chart, 'migrate', {
    image: 'ghcr.io/acme/migrate:3.1.0',
    command: ['python', 'migrate.py'],
    activeDeadline: Duration.minutes(30),
    rerunStrategy: RerunStrategy.argoCdHook(ArgoCdHookPhase.PRE_SYNC),
  });
  return chart;
}

/**
 * For Flux, or any GitOps tool: a content-addressed training Job (a new name whenever its spec
 * changes; the tool prunes the old one), and one that Flux re-creates on change.
 */
export function fluxChart(app: App): Chart {
  const chart = new Chart(app, 'flux-jobs');
  new TrainingJob(chart, 'train', {
    image: 'ghcr.io/acme/train:3.1.0',
    command: ['python', 'train.py', '--epochs', '20'],
    rerunStrategy: RerunStrategy.contentHash(),
  });
  new TrainingJob(chart, 'report', {
    image: 'ghcr.io/acme/report:1.0.4',
    command: ['python', 'report.py'],
    rerunStrategy: RerunStrategy.fluxForce(),
  });
  return chart;
}

/** Every chart of this file. */
export function gitopsCharts(app: App): void {
  queuedTrainingChart(app);
  argoCdChart(app);
  fluxChart(app);
}
