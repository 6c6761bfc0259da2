/**
 * Internal: what the public modules use of the internal ones, in one module that they load
 * lazily, through `internals()` (see `_lazy.ts`), never with an `import` of a value.
 */
export { applyDefaults } from './_apply-defaults';
export { isBatchConstruct } from './_batch-constructs';
export { checkJobProps, restartPolicyOf } from './_checks';
export { checkPodDnsName, distributedPlan, serviceManifest } from './_distributed';
export { checkSuccessPolicy } from './_features';
export { GatedApiObject } from './_gate';
export { PRIORITY_CLASS_LABEL, QUEUE_LABEL, checkQueueNames } from './_kueue';
export { checkPropTypes } from './_props';
export { generatedName, newKubeCronJob, newKubeJob, renderJob } from './_render';
export type { JobShape, RenderedJob } from './_render';
export { mebibytes } from './_resources';
export { indexedHostnameSuffixLength, shardJobShape } from './_shards';
export { TRIAL_ID_LENGTH, parameterTable, sweepTrials, trialEnv, trialIndexEnv, wrapperCommand } from './_sweep';
export type { Trial } from './_sweep';
export { checkFeatureGates, propEnabled, resolveTarget, withGates } from './_target';
export {
  CRONJOB_JOB_NAME_SUFFIX_LENGTH, Problems, checkAnnotations, checkDnsLabel, checkDuration, checkExclusive, checkInteger, checkLabels,
  checkObjectName, fail, humanDuration, isDns1123Label, message, withOtherProblems,
} from './_validate';
export type { Where } from './_validate';
export { minorOf } from './rules/versions';
export type { Target } from './rules/versions';
