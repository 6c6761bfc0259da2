/**
 * Scheduled jobs, written with NightlyCronJob: the data-science guide's nightly training, a
 * nightly sharded ETL, and an hourly report on New York time.
 * (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { NightlyCronJob, Schedule } from '../src';
import { trainModelProps } from './training';

/**
 * The data-science guide's nightly training (`schedule: "0 2 * * *"`): `python train.py` every
 * night at 02:00 UTC, one run at a time, retried up to 4 times.
 */
export function nightlyTrainingChart(app: App): Chart {
  const chart = new Chart(app, 'nightly-training');
  new NightlyCronJob(chart, 'nightly-training', {
    ...trainModelProps, // the guide's train-model-job (examples/training.ts), on a schedule
    name: 'nightly-train-model',
    schedule: Schedule.expression('0 2 * * *'), // the guide's schedule; Schedule.nightly() is the same
  });
  return chart;
}

/**
 * A nightly ETL over 8 indexed shards, 4 pods at a time, at 01:30 UTC. Each pod processes its
 * shard (`$(SHARD_INDEX)` of `$(SHARD_COUNT)`, expanded by Kubernetes). The Jobs carry the Kueue
 * queue label, and the cost-allocation label reaches the CronJob, every Job and every pod.
 */
export function nightlyEtlChart(app: App): Chart {
  const chart = new Chart(app, 'nightly-etl');
  new NightlyCronJob(chart, 'nightly-etl', {
    name: 'nightly-etl',
    schedule: Schedule.nightly(1, 30),
    image: 'ghcr.io/acme/etl:2.3.1',
    containerName: 'etl',
    command: ['python', 'etl.py', '--shard', '$(SHARD_INDEX)', '--of', '$(SHARD_COUNT)'],
    sharding: { shards: 8, parallelism: 4 },
    activeDeadline: Duration.hours(6),
    cpu: Cpu.units(2),
    memory: Size.gibibytes(4),
    labels: { 'cost-center': 'data-platform' },
    queue: 'etl', // the Kueue LocalQueue of every Job the schedule creates
  });
  return chart;
}

/**
 * An hourly report at a quarter past every hour, New York time. Its active deadline defaults to
 * one hour (the time between two runs), so a hung run never holds back the next one.
 */
export function hourlyReportChart(app: App): Chart {
  const chart = new Chart(app, 'hourly-report');
  new NightlyCronJob(chart, 'hourly-report', {
    name: 'hourly-report',
    schedule: Schedule.hourly(15),
    timeZone: 'America/New_York',
    image: 'python:3.12-slim',
    command: ['python', '-m', 'reports.hourly'],
    cpu: Cpu.millis(250),
    memory: Size.mebibytes(512),
    startingDeadline: Duration.minutes(10),
  });
  return chart;
}

/** Every chart of this file. */
export function cronCharts(app: App): Chart[] {
  return [nightlyTrainingChart(app), nightlyEtlChart(app), hourlyReportChart(app)];
}
