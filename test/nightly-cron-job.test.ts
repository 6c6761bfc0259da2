import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { cronCharts } from '../examples/cron';
import { Defaults, NightlyCronJob, NightlyCronJobProps, Schedule, ShardMode, TrainingJob } from '../src';
import { building, jobSpec, podSpec, synthOne } from './util/synth';

/** Synthesizes one NightlyCronJob and returns its CronJob. */
function synthCron(props: Partial<NightlyCronJobProps> = {}, id = 'nightly'): any {
  return synthOne(chart => new NightlyCronJob(chart, id, { image: 'python:3.12', ...props }));
}

function build(props: Partial<NightlyCronJobProps>, id = 'nightly'): () => void {
  return building(chart => new NightlyCronJob(chart, id, { image: 'python:3.12', ...props }));
}

describe('NightlyCronJob defaults', () => {
  test('default manifest', () => {
    // GIVEN / WHEN
    const cron = synthCron({ command: ['python', 'train.py'] });
    // THEN
    expect(cron).toMatchSnapshot();
  });

  test('the CronJob defaults come from Defaults', () => {
    // GIVEN / WHEN
    const cron = synthCron();
    // THEN
    expect(cron.apiVersion).toBe('batch/v1');
    expect(cron.kind).toBe('CronJob');
    expect(cron.spec).toMatchObject({
      schedule: `${Defaults.NIGHTLY_MINUTE} ${Defaults.NIGHTLY_HOUR} * * *`,
      timeZone: Defaults.CRON_TIME_ZONE,
      concurrencyPolicy: Defaults.CRON_CONCURRENCY_POLICY,
      startingDeadlineSeconds: Defaults.CRON_STARTING_DEADLINE.toSeconds(),
      successfulJobsHistoryLimit: Defaults.CRON_SUCCESSFUL_JOBS_HISTORY_LIMIT,
      failedJobsHistoryLimit: Defaults.CRON_FAILED_JOBS_HISTORY_LIMIT,
      suspend: Defaults.CRON_SUSPEND,
    });
    expect(cron.spec.schedule).toBe('0 2 * * *');
    expect(cron.spec.timeZone).toBe('UTC');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.startingDeadlineSeconds).toBeGreaterThanOrEqual(60);
  });

  test('each Job carries every TrainingJob default, rendered by the same renderer', () => {
    // GIVEN
    const chart = Testing.chart();
    const props = { image: 'python:3.12', command: ['python', 'train.py'], failFastExitCodes: [2] };
    new NightlyCronJob(chart, 'nightly', props);
    new TrainingJob(chart, 'training', props);
    // WHEN
    const [cron, job] = Testing.synth(chart);
    // THEN: identical specs apart from the labels that name the construct
    const withoutLabels = (spec: any) => ({ ...spec, template: { ...spec.template, metadata: undefined } });
    expect(withoutLabels(jobSpec(cron))).toEqual(withoutLabels(job.spec));
    expect(jobSpec(cron)).toMatchObject({
      backoffLimit: Defaults.BACKOFF_LIMIT,
      activeDeadlineSeconds: Defaults.ACTIVE_DEADLINE.toSeconds(),
      ttlSecondsAfterFinished: Defaults.TTL_AFTER_FINISHED.toSeconds(),
      suspend: Defaults.SUSPEND,
      podFailurePolicy: { rules: expect.arrayContaining([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]) },
    });
    expect(podSpec(cron).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: Defaults.RUN_AS_USER });
    expect(podSpec(cron).containers[0].resources.requests).toEqual({ cpu: Defaults.CPU_REQUEST.amount, memory: Defaults.MEMORY_REQUEST.asString() });
  });

  test('the pod failure policy writes out the condition status (a job template is not defaulted)', () => {
    const rules = jobSpec(synthCron()).podFailurePolicy.rules;
    for (const rule of rules) {
      for (const condition of rule.onPodConditions ?? []) expect(condition.status).toBe('True');
    }
  });

  test('recommended labels on the CronJob, the job template and the pod template', () => {
    const cron = synthCron({ name: 'etl' });
    const expected = {
      'app.kubernetes.io/name': 'test-nightly',
      'app.kubernetes.io/instance': 'etl',
      'app.kubernetes.io/component': 'cron',
      'app.kubernetes.io/managed-by': Defaults.MANAGED_BY,
    };
    expect(cron.metadata.labels).toEqual(expected);
    expect(cron.spec.jobTemplate.metadata.labels).toEqual(expected);
    expect(jobSpec(cron).template.metadata.labels).toEqual(expected);
  });

  test('under Forbid the active deadline defaults to the shortest time between runs, capped at Defaults.ACTIVE_DEADLINE', () => {
    expect(jobSpec(synthCron({ schedule: Schedule.hourly() })).activeDeadlineSeconds).toBe(3600);
    expect(jobSpec(synthCron({ schedule: Schedule.expression('*/10 * * * *') })).activeDeadlineSeconds).toBe(600);
    expect(jobSpec(synthCron({ schedule: Schedule.nightly() })).activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
    expect(jobSpec(synthCron({ schedule: Schedule.weekly() })).activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
  });

  test('with Allow or Replace the active deadline is Defaults.ACTIVE_DEADLINE', () => {
    for (const concurrencyPolicy of [kplus.ConcurrencyPolicy.ALLOW, kplus.ConcurrencyPolicy.REPLACE]) {
      expect(jobSpec(synthCron({ schedule: Schedule.hourly(), concurrencyPolicy })).activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
    }
  });

  test('generated names fit in 52 characters and stay readable', () => {
    // GIVEN a deep, long construct path
    const chart = Testing.chart();
    const parent = new kplus.k8s.KubeNamespace(chart, 'a-rather-long-namespace-of-constructs-for-the-data-team');
    new NightlyCronJob(parent, 'nightly-feature-store-backfill-for-all-regions', { image: 'python:3.12' });
    // WHEN
    const [, cron] = Testing.synth(chart);
    // THEN
    expect(cron.metadata.name.length).toBeLessThanOrEqual(Defaults.MAX_CRON_JOB_NAME_LENGTH);
    expect(cron.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(cron.metadata.name).toContain('nightly');
  });
});

describe('NightlyCronJob props', () => {
  test('schedule, timeZone, concurrencyPolicy, startingDeadline, history limits, suspendSchedule', () => {
    // GIVEN / WHEN
    const cron = synthCron({
      schedule: Schedule.weekly(),
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      startingDeadline: Duration.hours(1),
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 1,
      suspendSchedule: true,
    });
    // THEN
    expect(cron.spec).toMatchObject({
      schedule: '0 0 * * SUN',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 1,
      suspend: true,
    });
    expect(jobSpec(cron).suspend).toBe(false);
  });

  test('suspend keeps its meaning for the Jobs: each one is created suspended, the schedule stays active', () => {
    const cron = synthCron({ suspend: true });
    expect(jobSpec(cron).suspend).toBe(true);
    expect(cron.spec.suspend).toBe(false);
  });

  test('concurrencyPolicy Allow', () => {
    expect(synthCron({ concurrencyPolicy: kplus.ConcurrencyPolicy.ALLOW }).spec.concurrencyPolicy).toBe('Allow');
  });

  test('labels reach the CronJob, the Jobs and the pods; jobLabels the Jobs; podLabels the pods', () => {
    // GIVEN / WHEN
    const cron = synthCron({
      labels: { 'cost-center': 'ml' },
      jobLabels: { 'example.com/run-kind': 'training', 'cost-center': 'ml-jobs' },
      podLabels: { tier: 'batch' },
      recommendedLabels: false,
    });
    // THEN
    expect(cron.metadata.labels).toEqual({ 'cost-center': 'ml' });
    expect(cron.spec.jobTemplate.metadata.labels).toEqual({ 'cost-center': 'ml-jobs', 'example.com/run-kind': 'training' });
    expect(jobSpec(cron).template.metadata.labels).toEqual({ 'cost-center': 'ml', 'tier': 'batch' });
  });

  test('annotations on the CronJob, jobAnnotations on the Jobs, podAnnotations on the pods', () => {
    const cron = synthCron({
      annotations: { 'example.com/owner': 'ml-platform' },
      jobAnnotations: { 'example.com/runbook': 'https://runbooks.example.com/nightly' },
      podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
    });
    expect(cron.metadata.annotations).toEqual({ 'example.com/owner': 'ml-platform' });
    expect(cron.spec.jobTemplate.metadata.annotations).toEqual({ 'example.com/runbook': 'https://runbooks.example.com/nightly' });
    expect(jobSpec(cron).template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
  });

  test('name and namespace', () => {
    const name = 'n'.repeat(Defaults.MAX_CRON_JOB_NAME_LENGTH);
    const cron = synthCron({ name, namespace: 'ml' });
    expect(cron.metadata).toMatchObject({ name, namespace: 'ml' });
  });

  test('Job props shape each Job: backoffLimit, activeDeadline, ttlAfterFinished, disableTtl', () => {
    const cron = synthCron({ backoffLimit: 1, activeDeadline: Duration.hours(2), ttlAfterFinished: Duration.hours(6) });
    expect(jobSpec(cron)).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 21600 });
    expect(jobSpec(synthCron({ disableTtl: true })).ttlSecondsAfterFinished).toBeUndefined();
  });

  test('an active deadline equal to the time between runs is allowed under Forbid', () => {
    expect(jobSpec(synthCron({ schedule: Schedule.hourly(), activeDeadline: Duration.hours(1) })).activeDeadlineSeconds).toBe(3600);
  });

  test('no active deadline with Replace', () => {
    const cron = synthCron({ concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE, disableActiveDeadline: true });
    expect(jobSpec(cron).activeDeadlineSeconds).toBeUndefined();
  });

  test('history limits the TTL lets take effect, and any limit without a TTL', () => {
    // hourly: runs 1 hour apart, last at most 1 hour, TTL 1 day: up to 25 finished Jobs exist
    expect(synthCron({ schedule: Schedule.hourly(), successfulJobsHistoryLimit: 25 }).spec.successfulJobsHistoryLimit).toBe(25);
    expect(synthCron({ failedJobsHistoryLimit: 10, disableTtl: true }).spec.failedJobsHistoryLimit).toBe(10);
  });

  test('sharding: indexed shards on a schedule, through the same renderer', () => {
    // GIVEN / WHEN
    const cron = synthCron({ name: 'nightly-etl', sharding: { shards: 8, parallelism: 4 } });
    // THEN
    expect(jobSpec(cron)).toMatchObject({ completionMode: 'Indexed', completions: 8, parallelism: 4 });
    expect(podSpec(cron).containers[0].env).toEqual(expect.arrayContaining([
      { name: Defaults.SHARD_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      { name: Defaults.SHARD_COUNT_ENV, value: '8' },
    ]));
    expect(jobSpec(cron).activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
    expect(jobSpec(cron).ttlSecondsAfterFinished).toBe(Defaults.TTL_AFTER_FINISHED.toSeconds());
  });

  test('sharding: a work queue on a schedule', () => {
    const cron = synthCron({ sharding: { mode: ShardMode.WORK_QUEUE, parallelism: 3 } });
    expect(jobSpec(cron).parallelism).toBe(3);
    expect(jobSpec(cron).completions).toBeUndefined();
    expect(jobSpec(cron).completionMode).not.toBe('Indexed');
  });

  test('indexed shards leave room for the pod hostnames: a generated name fits, a name of the limit is accepted', () => {
    // 100 shards: index up to 99, hostname '<name>-<8 digits>-<2 digits>' <= 63, name <= 51
    const generated = synthCron({ sharding: { shards: 100 } }, 'n'.repeat(70));
    expect(generated.metadata.name.length).toBeLessThanOrEqual(51);
    expect(synthCron({ name: 'e'.repeat(51), sharding: { shards: 100 } }).metadata.name).toHaveLength(51);
  });

  test('the construct exposes its name, schedule, time zone and shortest interval', () => {
    const chart = Testing.chart();
    const job = new NightlyCronJob(chart, 'nightly', { image: 'python:3.12', name: 'report', schedule: Schedule.hourly(15), timeZone: 'America/New_York' });
    expect(job.name).toBe('report');
    expect(job.scheduleExpression).toBe('15 * * * *');
    expect(job.timeZone).toBe('America/New_York');
    expect(job.shortestInterval.toSeconds()).toBe(3600);
  });
});

describe('NightlyCronJob validation', () => {
  test.each<[string, Partial<NightlyCronJobProps>, RegExp]>([
    ['a name over 52 characters', { name: 'n'.repeat(53) },
      /^NightlyCronJob 'test\/nightly': 'name' \("n{53}"\) must be at most 52 characters \(it has 53\); shorten it, or leave it out/],
    ['a name that is not DNS-1123', { name: 'Nightly_ETL' },
      /^NightlyCronJob 'test\/nightly': 'name' \("Nightly_ETL"\) must be a DNS-1123 name/],
    ['indexed shards and a name without room for the pod hostnames', { name: 'e'.repeat(52), sharding: { shards: 100 } },
      /'name' \("e{52}"\) must be a DNS-1123 label \(no '.'\) of at most 51 characters with 100 indexed shards: each pod's hostname is '<name>-<8-digit minute>-<index>', at most 63 characters/],
    ['indexed shards and a dotted name', { name: 'etl.nightly', sharding: { shards: 4 } },
      /'name' \("etl.nightly"\) must be a DNS-1123 label \(no '.'\)/],
    ['a concurrency policy that does not exist', { concurrencyPolicy: 'Sometimes' as kplus.ConcurrencyPolicy },
      /'concurrencyPolicy' \("Sometimes"\) must be one of 'Allow', 'Forbid', 'Replace'; e.g. ConcurrencyPolicy.ALLOW/],
    ['a starting deadline of seconds', { startingDeadline: Duration.seconds(10) },
      /'startingDeadline' \(10 seconds\) must be a whole number of seconds, at least 60s; e.g. Duration.minutes\(15\): a shorter window lets a controller restart or leader election skip the run/],
    ['a starting deadline of a fraction of a second', { startingDeadline: Duration.millis(90_500) },
      /'startingDeadline' .* must be a whole number of seconds/],
    ['a negative history limit', { successfulJobsHistoryLimit: -1 },
      /'successfulJobsHistoryLimit' \(-1\) must be an integer from 0 to 2147483647; e.g. 3; 0 keeps none/],
    ['a fractional history limit', { failedJobsHistoryLimit: 1.5 },
      /'failedJobsHistoryLimit' \(1.5\) must be an integer from 0 to 2147483647/],
    ['an invalid job label', { jobLabels: { 'example.com/run-kind': 'not a value' } },
      /'jobLabels.example.com\/run-kind' \("not a value"\) must be a valid label value/],
    ['the Kueue queue label by hand', { jobLabels: { 'kueue.x-k8s.io/queue-name': 'etl' } },
      /'jobLabels.kueue.x-k8s.io\/queue-name' \("etl"\) must be set through the 'queue' prop, which also leaves the Jobs' 'suspend' to Kueue; use queue: "etl"/],
    ['an invalid job annotation key', { jobAnnotations: { 'bad key': 'x' } },
      /'jobAnnotations.bad key' \("bad key"\) must be a valid annotation key/],
    ['an active deadline longer than the time between runs under Forbid', { schedule: Schedule.hourly(), activeDeadline: Duration.hours(2) },
      /'activeDeadline' \(2 hours\) must be at most the shortest time between two runs of the schedule '0 \* \* \* \*' \(1 hour\) under concurrencyPolicy Forbid: a run still going when the next one is due makes the controller skip that run; use an activeDeadline of 1 hour or less, a less frequent schedule, or ConcurrencyPolicy.REPLACE/],
    ['an active deadline longer than the shortest gap of an irregular schedule', { schedule: Schedule.expression('0 9,10 * * *'), activeDeadline: Duration.hours(2) },
      /'activeDeadline' \(2 hours\) must be at most the shortest time between two runs of the schedule '0 9,10 \* \* \*' \(1 hour\)/],
    ['no active deadline under Forbid', { disableActiveDeadline: true },
      /'disableActiveDeadline' \(true\) must be left out: without an active deadline a hung run holds back every later run/],
    ['a history limit the TTL never lets take effect', { failedJobsHistoryLimit: 5 },
      /'failedJobsHistoryLimit' \(5\) must be at most 3 while the Jobs' TTL \(1 day\) deletes them: runs start at least 1 day apart and last at most 1 day, so no more than 3 finished Jobs ever exist and the TTL wins; set disableTtl: true to let the history limits decide, raise ttlAfterFinished, or lower failedJobsHistoryLimit to 3/],
    ['a weekly history limit with a short TTL', { schedule: Schedule.weekly(), ttlAfterFinished: Duration.hours(12), successfulJobsHistoryLimit: 2 },
      /'successfulJobsHistoryLimit' \(2\) must be at most 1 while the Jobs' TTL \(12 hours\) deletes them: runs start at least 7 days apart/],
    ['invalid sharding, named as sharding.<prop>', { sharding: { shards: 0 } },
      /^NightlyCronJob 'test\/nightly': 'sharding.shards' \(0\) must be an integer from 1 to 100000/],
    ['sharding props of another mode', { sharding: { mode: ShardMode.WORK_QUEUE, shards: 4 } },
      /^NightlyCronJob 'test\/nightly': 'sharding.shards' \(4\) must be left out with ShardMode.WORK_QUEUE/],
    ['a shared prop, validated by the shared renderer', { restartPolicy: kplus.RestartPolicy.ALWAYS },
      /^NightlyCronJob 'test\/nightly': 'restartPolicy' \("Always"\) must be 'Never' or 'OnFailure'/],
  ])('fails with %s', (_label, props, message) => {
    // GIVEN / WHEN / THEN
    expect(build(props)).toThrow(message);
  });
});

describe('NightlyCronJob escape hatches', () => {
  test('the CronJob is the child named Resource, and JSON patches apply to it', () => {
    // GIVEN
    const chart = Testing.chart();
    const job = new NightlyCronJob(chart, 'nightly', { image: 'python:3.12' });
    // WHEN
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/template/spec/hostNetwork', false));
    // THEN
    expect(ApiObject.of(job)).toBe(job.apiObject);
    expect(job.node.findChild('Resource')).toBe(job.apiObject);
    const [cron] = Testing.synth(chart);
    expect(podSpec(cron).hostNetwork).toBe(false);
  });

  test('patched plain quantities survive (the CronJob is a plain ApiObject, not a re-converting KubeCronJob)', () => {
    // GIVEN
    const chart = Testing.chart();
    const job = new NightlyCronJob(chart, 'nightly', { image: 'python:3.12' });
    // WHEN a device the library does not model is patched in with a plain quantity
    ApiObject.of(job).addJsonPatch(
      JsonPatch.add('/spec/jobTemplate/spec/template/spec/containers/0/resources/limits/rdma~1hca', '1'),
      JsonPatch.add('/spec/jobTemplate/spec/template/spec/containers/0/resources/requests/rdma~1hca', '1'),
    );
    // THEN it is in the output
    const [cron] = Testing.synth(chart);
    expect(podSpec(cron).containers[0].resources.limits['rdma/hca']).toBe('1');
    expect(podSpec(cron).containers[0].resources.requests['rdma/hca']).toBe('1');
  });
});

describe('NightlyCronJob examples (examples/cron.ts)', () => {
  function examples(): Map<string, any> {
    const app = Testing.app();
    const charts = cronCharts(app);
    return new Map(charts.map(chart => {
      const manifests = Testing.synth(chart); // schema-checked strictly
      expect(manifests).toHaveLength(1);
      return [chart.node.id, manifests[0]];
    }));
  }

  test('three charts of CronJobs, byte-identical on every synth', () => {
    const once = examples();
    expect([...once.keys()]).toEqual(['nightly-training', 'nightly-etl', 'hourly-report']);
    for (const cron of once.values()) expect(cron.kind).toBe('CronJob');
    expect(JSON.stringify([...examples()])).toEqual(JSON.stringify([...once]));
  });

  test('the guide\'s nightly training: "0 2 * * *", python train.py, 4 retries', () => {
    const cron = examples().get('nightly-training');
    expect(cron.metadata.name).toBe('nightly-train-model');
    expect(cron.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'UTC', concurrencyPolicy: 'Forbid' });
    expect(jobSpec(cron).backoffLimit).toBe(4);
    expect(podSpec(cron).containers[0]).toMatchObject({ name: 'trainer', image: 'python:3.10', command: ['python', 'train.py'] });
  });

  test('the nightly sharded ETL: 8 indexed shards, Kueue and cost labels on the Jobs', () => {
    const cron = examples().get('nightly-etl');
    expect(cron.spec.schedule).toBe('30 1 * * *');
    expect(jobSpec(cron)).toMatchObject({ completionMode: 'Indexed', completions: 8, parallelism: 4, activeDeadlineSeconds: 6 * 3600 });
    expect(cron.spec.jobTemplate.metadata.labels).toMatchObject({ 'kueue.x-k8s.io/queue-name': 'etl', 'cost-center': 'data-platform' });
    expect(jobSpec(cron).template.metadata.labels['cost-center']).toBe('data-platform');
  });

  test('the hourly report: New York time, a one-hour deadline by default', () => {
    const cron = examples().get('hourly-report');
    expect(cron.spec).toMatchObject({ schedule: '15 * * * *', timeZone: 'America/New_York', startingDeadlineSeconds: 600 });
    expect(jobSpec(cron).activeDeadlineSeconds).toBe(3600);
  });
});
