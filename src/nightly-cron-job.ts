import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { CronCheck } from './_cron';
import type { JobShape, RenderedJob, Where } from './_internals';
import { internals } from './_lazy';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';
import { RerunMode } from './rerun';
import { Schedule } from './schedule';
import { ShardingOptions } from './sharding';

const KIND = 'NightlyCronJob';

/** Shortest starting deadline accepted: below it a controller restart or leader election skips runs. */
const MIN_STARTING_DEADLINE_SECONDS = 60;


/**
 * Props of a `NightlyCronJob`: the pod and Job props every cdk8s-batch construct takes (they
 * shape each Job the schedule creates), and the CronJob's own.
 */
export interface NightlyCronJobProps extends BatchJobOptions {
  /**
   * When the job runs, in `timeZone`.
   * @default - Schedule.nightly(): every day at Defaults.NIGHTLY_HOUR:Defaults.NIGHTLY_MINUTE (02:00)
   */
  readonly schedule?: Schedule;

  /**
   * IANA time zone of the schedule, e.g. `America/New_York` or `Europe/Berlin` (case-sensitive,
   * as Kubernetes reads it). A time zone inside the schedule (`TZ=...`) is not allowed. In a zone
   * with daylight saving, a run in the hour the clock springs over is skipped and one in the hour
   * it falls back over runs twice: keep nightly runs outside 00:00-03:59 local time there.
   * @default Defaults.CRON_TIME_ZONE
   */
  readonly timeZone?: string;

  /**
   * What happens when a run is due while the previous one is still active: `FORBID` skips the
   * new run, `REPLACE` stops the old one, `ALLOW` runs both.
   * @default Defaults.CRON_CONCURRENCY_POLICY
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;

  /**
   * How late a run may still start when it could not start on time (whole seconds, at least
   * one minute).
   * @default Defaults.CRON_STARTING_DEADLINE
   */
  readonly startingDeadline?: Duration;

  /**
   * Successful Jobs to keep (0 keeps none). The Jobs' TTL (`ttlAfterFinished`) may delete them
   * sooner: whichever comes first deletes a Job.
   * @default Defaults.CRON_SUCCESSFUL_JOBS_HISTORY_LIMIT
   */
  readonly successfulJobsHistoryLimit?: number;

  /**
   * Failed Jobs to keep (0 keeps none). The Jobs' TTL (`ttlAfterFinished`) may delete them
   * sooner: whichever comes first deletes a Job.
   * @default Defaults.CRON_FAILED_JOBS_HISTORY_LIMIT
   */
  readonly failedJobsHistoryLimit?: number;

  /**
   * Suspend the schedule (the CronJob's `spec.suspend`): no new Jobs are created until it is
   * resumed; running Jobs go on. The shared `suspend` prop keeps its meaning for every Job the
   * schedule creates (`spec.jobTemplate.spec.suspend`: created without pods until something
   * resumes it; under `Forbid`, a suspended Job counts as running and holds back later runs).
   * @default Defaults.CRON_SUSPEND
   */
  readonly suspendSchedule?: boolean;

  /**
   * Extra labels on each Job the schedule creates (`spec.jobTemplate.metadata`). `labels` reach
   * the CronJob, the Jobs and their pods; for a Kueue queue use `queue`.
   * @default - the recommended labels and `labels`
   */
  readonly jobLabels?: { [key: string]: string };

  /**
   * Annotations on each Job the schedule creates (`spec.jobTemplate.metadata`).
   * @default - none
   */
  readonly jobAnnotations?: { [key: string]: string };

  /**
   * Run each Job as shards (as a `ParallelShardJob` does): indexed shards, a completion count or
   * a work queue.
   * @default - one pod per run
   */
  readonly sharding?: ShardingOptions;
}

/**
 * A CronJob whose runs start when they should, once, and clean up after themselves.
 *
 * - **Schedule**: `Schedule.nightly()` (02:00) unless given, checked at synth time with the
 *   grammar the Kubernetes 1.28 API server applies, in an explicit time zone (UTC unless given).
 * - **One run at a time**: `concurrencyPolicy: Forbid`, and an active deadline no longer than
 *   the shortest time between two runs, so a hung run cannot hold back the next ones. Without an
 *   explicit `activeDeadline`, the deadline is `Defaults.ACTIVE_DEADLINE` capped at that time.
 * - **Late starts**: a starting deadline of minutes, so a controller restart does not skip a run.
 * - **Clean-up**: history limits, plus the TTL every cdk8s-batch Job gets.
 * - **Each Job** gets every `TrainingJob` default (backoff limit, pod failure policy, requests
 *   and memory limit, restricted pod security...) through the same renderer, optionally as
 *   shards (`sharding`).
 * - **Names**: at most 52 characters (the CronJob limit).
 *
 * The CronJob is the child named `Resource`: `ApiObject.of(job)` returns it for escape hatches.
 *
 * @example
 * new NightlyCronJob(chart, 'nightly-training', {
 *   image: 'python:3.10',
 *   command: ['python', 'train.py'],
 *   schedule: Schedule.nightly(2),
 * });
 */
export class NightlyCronJob extends Construct {
  /** The CronJob's `metadata.name` (at most 52 characters). */
  public readonly name: string;

  /** The batch/v1 CronJob (also `ApiObject.of(this)`). */
  public readonly apiObject: ApiObject;

  /** The schedule's cron expression, as written into `spec.schedule`. */
  public readonly scheduleExpression: string;

  /** The time zone of the schedule. */
  public readonly timeZone: string;

  /** The shortest time between two runs of the schedule (in its time zone's wall-clock time). */
  public readonly shortestInterval: Duration;

  constructor(scope: Construct, id: string, props: NightlyCronJobProps) {
    super(scope, id);
    const {
      PRIORITY_CLASS_LABEL, Problems, QUEUE_LABEL, applyDefaults, checkAnnotations, checkDuration, checkInteger, checkLabels, checkPropTypes, fail,
      message, newKubeCronJob, renderJob, resolveTarget, restartPolicyOf, shardJobShape, withGates,
    } = internals();
    const where: Where = { kind: KIND, path: this.node.path };
    checkPropTypes(where, props, 'cdk8s-batch.NightlyCronJobProps');
    // A CronJob is updated in place and its Jobs are made by the controller, not applied by a
    // GitOps tool: a re-run strategy does not apply (a chart-wide one is left to the Jobs).
    const ownRerun = props.rerunStrategy;
    props = { ...applyDefaults(this, props), rerunStrategy: undefined };
    const defaultsTarget = resolveTarget(this, where, props);
    // enableAlphaBackoffLimitPerIndex: the per-shard fields may be written on 1.28 (the defaults stay those of the version).
    const target = props.sharding?.enableAlphaBackoffLimitPerIndex ? withGates(defaultsTarget, ['JobBackoffLimitPerIndex']) : defaultsTarget;

    // ---- the CronJob's own props, then the Jobs' (every problem is reported at once) ------------
    const problems = new Problems();
    if (ownRerun !== undefined && ownRerun.mode !== RerunMode.STABLE_NAME) {
      problems.add(message(where, 'rerunStrategy', ownRerun,
        'RerunStrategy.stableName() or left out: a CronJob is updated in place, and the Jobs it creates get new names from the controller',
        'remove it; a change to the CronJob applies to its next run'));
    }
    const schedule = props.schedule ?? Schedule.nightly();
    let interval: Duration | undefined;
    problems.check(() => {
      interval = Duration.seconds(checkCronSchedule(where, schedule, props.timeZone).shortestIntervalSeconds);
    });
    const timeZone = props.timeZone ?? Defaults.CRON_TIME_ZONE;
    problems.check(() => checkTimeZone(where, timeZone));
    const policy = props.concurrencyPolicy ?? Defaults.CRON_CONCURRENCY_POLICY;
    const startingDeadline = props.startingDeadline ?? Defaults.CRON_STARTING_DEADLINE;
    problems.check(() => {
      checkDuration(where, 'startingDeadline', props.startingDeadline, MIN_STARTING_DEADLINE_SECONDS,
        'e.g. Duration.minutes(15): a shorter window lets a controller restart or leader election skip the run');
    });
    problems.check(() => {
      // validateCronJobSpec (1.28): history limits are non-negative (int32).
      checkInteger(where, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0, 2 ** 31 - 1, 'e.g. 3; 0 keeps none');
      checkInteger(where, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0, 2 ** 31 - 1, 'e.g. 3; 0 keeps none');
    });
    problems.check(() => checkLabels(where, 'jobLabels', props.jobLabels));
    problems.check(() => {
      for (const [label, prop] of [[QUEUE_LABEL, 'queue'], [PRIORITY_CLASS_LABEL, 'workloadPriorityClass']] as const) {
        const value = props.jobLabels?.[label];
        if (value !== undefined) {
          fail(where, `jobLabels.${label}`, value, `set through the '${prop}' prop, which also leaves the Jobs' 'suspend' to Kueue`, `use ${prop}: ${JSON.stringify(value)}`);
        }
      }
    });
    problems.check(() => checkAnnotations(where, 'jobAnnotations', props.jobAnnotations));

    // ---- the Jobs: sharding, deadline, then the one renderer ------------------------------------
    const forbid = policy === kplus.ConcurrencyPolicy.FORBID;
    let shape: JobShape = { component: 'cron', target };
    let rendered: RenderedJob | undefined;
    const shaped = problems.check(() => {
      const sharding = props.sharding ? shardJobShape({ ...where, propPrefix: 'sharding.' }, props.sharding, props.containerName ?? Defaults.CONTAINER_NAME,
        { target, defaultsTarget, restartPolicy: restartPolicyOf(props) }) : {};
      // Under Forbid, the default deadline ends a run before the next one is due.
      shape = { component: 'cron', target, ...sharding, activeDeadline: forbid && interval ? shorter(Defaults.ACTIVE_DEADLINE, interval) : undefined };
    });
    problems.check(() => {
      // When the sharding failed, the Jobs' other props are still checked, so they are reported too.
      const maxNameLength = shaped ? checkIndexedName(where, props.name, shape) : Defaults.MAX_CRON_JOB_NAME_LENGTH;
      rendered = renderJob(this, KIND, props, shape, maxNameLength);
    });

    // ---- rules across props (after each prop is known to be well-formed) ------------------------
    if (problems.empty && interval !== undefined) {
      const deadline = props.disableActiveDeadline ? undefined : (props.activeDeadline ?? shape.activeDeadline ?? Defaults.ACTIVE_DEADLINE);
      if (forbid) problems.check(() => checkDeadlineFitsInterval(where, props, schedule, interval!));
      problems.check(() => checkHistoryWithTtl(where, props, interval!, deadline));
    }
    problems.throwIfAny();
    if (rendered === undefined || interval === undefined) throw new Error(`unreachable: ${where.path}`);

    this.name = rendered.name;
    this.scheduleExpression = schedule.expressionString;
    this.timeZone = timeZone;
    this.shortestInterval = interval;
    this.apiObject = newKubeCronJob(this, KIND, rendered, props.namespace, {
      schedule: schedule.expressionString,
      timeZone,
      concurrencyPolicy: policy,
      startingDeadlineSeconds: startingDeadline.toSeconds(),
      successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? Defaults.CRON_SUCCESSFUL_JOBS_HISTORY_LIMIT,
      failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? Defaults.CRON_FAILED_JOBS_HISTORY_LIMIT,
      suspend: props.suspendSchedule ?? Defaults.CRON_SUSPEND,
      jobTemplate: {
        metadata: {
          labels: { ...rendered.labels, ...rendered.queueLabels, ...(props.jobLabels ?? {}) },
          annotations: nonEmpty({ ...rendered.queueAnnotations, ...(props.jobAnnotations ?? {}) }),
        },
        spec: rendered.spec,
      },
    });
  }
}

// -------------------------------------------------------------------------------------------------
// Checks
// -------------------------------------------------------------------------------------------------

/** A value shown as written (not quoted) in an error. */
function asWritten(text: string): { toString(): string } {
  return { toString: () => text };
}

/** The schedule: the factory's arguments, then the expression (see `_cron.ts`). */
function checkCronSchedule(where: Where, schedule: Schedule, timeZone: string | undefined): Extract<CronCheck, { ok: true }> {
  const { fail } = internals();
  if (!(schedule instanceof Schedule)) {
    fail(where, 'schedule', schedule, 'a Schedule', 'e.g. Schedule.nightly(2), Schedule.expression(\'0 2 * * *\') or Schedule.fromCron(cron)');
  }
  for (const arg of schedule._arguments) {
    const value = arg.value;
    if (arg.allowed) {
      if (typeof value !== 'string' || !arg.allowed.includes(value)) {
        fail(where, 'schedule', asWritten(schedule._call), `given a ${arg.name} that is a WeekDay (got ${JSON.stringify(value)})`, 'e.g. WeekDay.MONDAY');
      }
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < arg.min! || value > arg.max!) {
      const why = arg.why ? ` (${arg.why})` : '';
      fail(where, 'schedule', asWritten(schedule._call), `given ${arg.name === 'hour' ? 'an' : 'a'} ${arg.name} from ${arg.min} to ${arg.max}${why}, not ${String(value)}`,
        arg.why ? 'use Schedule.expression() for days 29 to 31' : 'e.g. Schedule.nightly(2, 30) for 02:30, or Schedule.hourly(15)');
    }
  }
  const expression = schedule.expressionString;
  if (typeof expression !== 'string' || expression.length === 0) {
    fail(where, 'schedule', expression, 'a non-empty cron expression', 'e.g. Schedule.expression(\'0 2 * * *\')');
  }
  const result = lazy().cron.checkSchedule(expression);
  if (result.ok) return result;
  if (result.timeZone !== undefined) {
    const zone = result.timeZone || timeZone || 'Europe/Berlin';
    const rest = expression.replace(/^(?:CRON_)?TZ=\S*\s*/, '');
    fail(where, 'schedule', expression, `free of a time zone (${result.reason})`,
      `set the 'timeZone' prop instead, e.g. timeZone: '${zone}'${rest !== expression ? ` and schedule: Schedule.expression('${rest}')` : ''}`);
  }
  if (result.neverRuns) {
    fail(where, 'schedule', expression, `a schedule that runs (${result.reason})`, expression.startsWith('@every')
      ? 'use \'@every 1m\' or longer, or \'* * * * *\' for every minute'
      : 'check the day-of-month and month fields, e.g. \'0 2 28 2 *\' for 02:00 on 28 February');
  }
  return fail(where, 'schedule', expression, `a cron expression the Kubernetes 1.28 API server accepts (${result.reason})`,
    'write five fields, minute hour day-of-month month day-of-week, e.g. \'0 2 * * *\' (02:00 every day), or use Schedule.nightly()');
}

/** `validateTimeZone` (1.28 batch validation) plus the names of its time zone database. */
function checkTimeZone(where: Where, timeZone: string): void {
  const { fail } = internals();
  const fix = 'use an IANA name such as \'UTC\', \'Europe/Berlin\' or \'America/New_York\' (letter case matters)';
  if (typeof timeZone !== 'string' || timeZone.length === 0) {
    fail(where, 'timeZone', timeZone, 'a non-empty IANA time zone name', fix);
  }
  // validTimeZoneCharacters: each '/'-separated part 1-14 of [A-Za-z._+-0-9], not '.', '..' or starting with '-'.
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) {
      fail(where, 'timeZone', timeZone, `an IANA time zone name (the part ${JSON.stringify(part)} is not one: 1 to 14 letters, digits, '.', '_', '-' or '+')`, fix);
    }
  }
  if (timeZone.toLowerCase() === 'local') {
    fail(where, 'timeZone', timeZone, 'an explicit time zone (\'Local\' is the controller\'s own, whatever it is)', fix);
  }
  const names = lazy().timeZones.TIME_ZONE_NAMES;
  if (!names.has(timeZone)) {
    const near = [...names].find(n => n.toLowerCase() === timeZone.toLowerCase());
    fail(where, 'timeZone', timeZone, 'a time zone of the IANA database (as `time.LoadLocation` of the API server knows it)',
      near ? `did you mean '${near}'?` : fix);
  }
}

/**
 * The name limit. For indexed shards the Job controller sets each pod's hostname to
 * `<job name>-<index>` (a DNS label of at most 63 characters), and the Job name is
 * `<cronjob name>-<minute stamp>`: the CronJob name must be a DNS label that leaves room for both.
 */
function checkIndexedName(where: Where, name: string | undefined, shape: JobShape): number {
  const { CRONJOB_JOB_NAME_SUFFIX_LENGTH, fail, indexedHostnameSuffixLength, isDns1123Label } = internals();
  const indexSuffix = indexedHostnameSuffixLength(shape);
  if (indexSuffix === 0) return Defaults.MAX_CRON_JOB_NAME_LENGTH;
  const max = Math.min(Defaults.MAX_CRON_JOB_NAME_LENGTH, Defaults.MAX_JOB_NAME_LENGTH - CRONJOB_JOB_NAME_SUFFIX_LENGTH - indexSuffix);
  if (name !== undefined && (name.length > max || (name.length > 0 && !isDns1123Label(name)))) {
    fail(where, 'name', name,
      `a DNS-1123 label (no '.') of at most ${max} characters with ${shape.completions} indexed shards: each pod's hostname is '<name>-<${CRONJOB_JOB_NAME_SUFFIX_LENGTH - 1}-digit minute>-<index>', at most 63 characters`,
      'shorten it, or leave it out to get a generated name that fits');
  }
  return max;
}

function shorter(a: Duration, b: Duration): Duration {
  return a.toSeconds() <= b.toSeconds() ? a : b;
}

/** Under Forbid, a run still going when the next is due makes the controller skip that run. */
function checkDeadlineFitsInterval(where: Where, props: NightlyCronJobProps, schedule: Schedule, interval: Duration): void {
  const { fail, humanDuration } = internals();
  const rule = `at most the shortest time between two runs of the schedule '${schedule.expressionString}' (${humanDuration(interval)}) `
    + 'under concurrencyPolicy Forbid: a run still going when the next one is due makes the controller skip that run';
  const fix = `use an activeDeadline of ${humanDuration(interval)} or less, a less frequent schedule, or ConcurrencyPolicy.REPLACE`;
  if (props.disableActiveDeadline) {
    fail(where, 'disableActiveDeadline', true, `left out: without an active deadline a hung run holds back every later run (the deadline must be ${rule})`, fix);
  }
  if (props.activeDeadline !== undefined && props.activeDeadline.toSeconds() > interval.toSeconds()) {
    fail(where, 'activeDeadline', asWritten(humanDuration(props.activeDeadline)), rule, fix);
  }
}

/**
 * TTL and history limits both delete finished Jobs, whichever comes first. A Job that finished
 * within the TTL started within TTL + deadline, and runs start at least `interval` apart, so at
 * most floor((TTL + deadline) / interval) + 1 finished Jobs exist at once: a history limit above
 * that never takes effect, because the TTL deletes the Jobs first.
 */
function checkHistoryWithTtl(where: Where, props: NightlyCronJobProps, interval: Duration, deadline: Duration | undefined): void {
  const { fail, humanDuration } = internals();
  if (props.disableTtl || deadline === undefined) return;
  const ttl = props.ttlAfterFinished ?? Defaults.TTL_AFTER_FINISHED;
  const kept = Math.floor((ttl.toSeconds() + deadline.toSeconds()) / interval.toSeconds()) + 1;
  for (const prop of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const limit = props[prop];
    if (limit !== undefined && limit > kept) {
      fail(where, prop, limit,
        `at most ${kept} while the Jobs' TTL (${humanDuration(ttl)}) deletes them: runs start at least ${humanDuration(interval)} apart `
        + `and last at most ${humanDuration(deadline)}, so no more than ${kept} finished Jobs ever exist and the TTL wins`,
        `set disableTtl: true to let the history limits decide, raise ttlAfterFinished, or lower ${prop} to ${kept}`);
    }
  }
}

function nonEmpty(map: { [key: string]: string }): { [key: string]: string } | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

/**
 * The cron grammar and the time zone names, loaded with the first NightlyCronJob rather than by
 * `require('cdk8s-batch')` (an app without CronJobs never needs them).
 */
let loaded: { cron: typeof import('./_cron'); timeZones: typeof import('./_time-zones') } | undefined;
function lazy(): NonNullable<typeof loaded> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= { cron: require('./_cron') as typeof import('./_cron'), timeZones: require('./_time-zones') as typeof import('./_time-zones') };
  return loaded;
}
