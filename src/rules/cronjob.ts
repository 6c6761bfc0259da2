/**
 * Internal: CronJob rules, ported from kubernetes/kubernetes
 * `pkg/apis/batch/validation/validation.go` (1.28): ValidateCronJobCreate, validateCronJobSpec,
 * validateScheduleFormat, validateTimeZone, validateConcurrencyPolicy. The cron grammar is
 * `src/_cron.ts` and the time zone names `src/_time-zones.ts`, which the constructs use too.
 */
import { checkSchedule } from '../_cron';
import { TIME_ZONE_NAMES } from '../_time-zones';
import { CRONJOB_JOB_NAME_SUFFIX_LENGTH } from '../_validate';
import { Obj, Report, child, intAt, objAt, strAt, v } from './context';
import { checkIndexedHostname, checkJobSpec } from './job';
import { checkAnnotationsAt, checkLabelsAt, checkObjectMeta } from './meta';
import { checkCronJobPractices, checkJobPractices } from './practices';


/**
 * Checks a batch/v1 CronJob.
 * @param practices false to leave out the best-practice rules (when they can only warn and warnings are not wanted)
 */
export function checkCronJob(r: Report, obj: Obj, practices = true): void {
  const name = checkObjectMeta(r, obj, 'CronJob');
  const spec = objAt(r, obj, 'spec', '');

  // validateCronJobSpec: schedule required, validateScheduleFormat (ParseStandard, no TZ).
  const schedule = strAt(r, spec, 'schedule', 'spec');
  if (schedule === undefined || schedule === '') {
    r.add('cronjob.schedule', 'spec.schedule', 'schedule is required');
  } else {
    const result = checkSchedule(schedule);
    if (!result.ok) r.add('cronjob.schedule', 'spec.schedule', `${v(schedule)} is not a valid schedule: ${result.reason}`);
  }

  // validateTimeZone: nil or a non-empty IANA name (not Local) that time.LoadLocation knows.
  const timeZone = strAt(r, spec, 'timeZone', 'spec');
  if (timeZone !== undefined && !TIME_ZONE_NAMES.has(timeZone)) {
    r.add('cronjob.time-zone', 'spec.timeZone', timeZone === ''
      ? 'timeZone must be left out or a non-empty time zone name'
      : `${v(timeZone)} is not an IANA time zone name (names are case-sensitive, e.g. Europe/Berlin, Etc/UTC)`);
  }

  // validateConcurrencyPolicy ('' is defaulted to Allow).
  const concurrency = strAt(r, spec, 'concurrencyPolicy', 'spec');
  if (concurrency !== undefined && concurrency !== '' && !['Allow', 'Forbid', 'Replace'].includes(concurrency)) {
    r.add('cronjob.concurrency-policy', 'spec.concurrencyPolicy', `${v(concurrency)} must be Allow, Forbid or Replace`);
  }

  // validateCronJobSpec: ValidateNonnegativeField.
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const value = intAt(r, spec, field, 'spec');
    if (value !== undefined && value < 0) r.add('spec.negative', child('spec', field), `${value} must not be negative`);
  }
  if (spec?.suspend !== undefined && typeof spec.suspend !== 'boolean') {
    r.add('object.field-type', 'spec.suspend', `${v(spec.suspend)} must be true or false`);
  }

  // ValidateJobTemplateSpec. The template's metadata becomes each Job's metadata: labels and
  // annotations that a Job would refuse make every run fail.
  const jobTemplate = objAt(r, spec, 'jobTemplate', 'spec');
  const templateMeta = objAt(r, jobTemplate, 'metadata', 'spec.jobTemplate');
  checkLabelsAt(r, templateMeta, 'spec.jobTemplate.metadata');
  checkAnnotationsAt(r, templateMeta, 'spec.jobTemplate.metadata');
  const jobSpec = objAt(r, jobTemplate, 'spec', 'spec.jobTemplate');
  const facts = checkJobSpec(r, jobSpec, 'spec.jobTemplate.spec', { template: true });
  checkIndexedHostname(r, name, facts, CRONJOB_JOB_NAME_SUFFIX_LENGTH, 'metadata.name');
  if (!practices) return;
  checkCronJobPractices(r, spec);
  checkJobPractices(r, jobSpec, 'spec.jobTemplate.spec', true);
}
