/**
 * Single-pod jobs from the tutorials, written with TrainingJob.
 * (In your own app, import from 'cdk8s-batch' instead of '../src'.)
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, RestartPolicy } from 'cdk8s-plus-28';
import { TrainingJob, TrainingJobProps } from '../src';

/** The pi job: 2000 digits of pi with perl's bignum. */
export function piChart(app: App): Chart {
  const chart = new Chart(app, 'pi');
  new TrainingJob(chart, 'pi', {
    name: 'pi',
    image: 'perl:5.34',
    command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
    cpu: Cpu.millis(50),
    cpuLimit: Cpu.units(1),
    memory: Size.mebibytes(50),
    memoryLimit: Size.mebibytes(200),
    backoffLimit: 4,
  });
  return chart;
}

/** The countdown: a shell loop that prints 9..1 and exits. */
export function countdownChart(app: App): Chart {
  const chart = new Chart(app, 'countdown');
  new TrainingJob(chart, 'countdown', {
    name: 'countdown',
    image: 'centos:7',
    containerName: 'counter',
    command: ['/bin/bash', '-c', 'for i in 9 8 7 6 5 4 3 2 1 ; do echo $i ; done'],
    cpu: Cpu.millis(100),
    memory: Size.mebibytes(64),
  });
  return chart;
}

/** The data-science `fit` pipeline, built locally with `docker build -t ds-job:0.1.0 .`. */
export function dsJobChart(app: App): Chart {
  const chart = new Chart(app, 'ds-job');
  new TrainingJob(chart, 'ds-job', {
    name: 'ds-job',
    image: 'ds-job:0.1.0',
    containerName: 'ds-job',
    // The image exists only on the node it was built on.
    imagePullPolicy: ImagePullPolicy.NEVER,
  });
  return chart;
}

/**
 * The data-science guide's training job: `python train.py`, retried up to 4 times. The same props
 * run it nightly (examples/cron.ts).
 */
export const trainModelProps: TrainingJobProps = {
  name: 'train-model-job',
  image: 'python:3.10',
  containerName: 'trainer',
  command: ['python', 'train.py'],
  backoffLimit: 4,
  cpu: Cpu.units(1),
  memory: Size.gibibytes(2),
  failFastExitCodes: [2], // argparse usage errors: retrying cannot help
};

export function trainModelChart(app: App): Chart {
  const chart = new Chart(app, 'train-model-job');
  new TrainingJob(chart, 'train-model-job', trainModelProps);
  return chart;
}

/** A job with a backoff limit and a short deadline: stopped after 20 seconds whatever happens. */
export function deadlineChart(app: App): Chart {
  const chart = new Chart(app, 'job-with-deadline');
  new TrainingJob(chart, 'job-4', {
    name: 'job-4',
    image: 'alpine:3.19',
    containerName: 'job-4-container',
    command: ['/bin/sh', '-c'],
    args: ["echo 'Consuming data'; sleep 1; exit 1"],
    backoffLimit: 5,
    activeDeadline: Duration.seconds(20),
    restartPolicy: RestartPolicy.ON_FAILURE,
    cpu: Cpu.millis(100),
    memory: Size.mebibytes(64),
  });
  return chart;
}

/** Every chart of this file. */
export function trainingCharts(app: App): Chart[] {
  return [piChart(app), countdownChart(app), dsJobChart(app), trainModelChart(app), deadlineChart(app)];
}
