/**
 * Internal: JobSpec rules, ported from kubernetes/kubernetes
 * `pkg/apis/batch/validation/validation.go` (1.28): ValidateJob, ValidateJobSpec, validateJobSpec,
 * validatePodFailurePolicy*, validatePodReplacementPolicy, validateGeneratedSelector,
 * ValidateJobTemplateSpec.
 *
 * Per target version (gates.ts), the changes of validateJobSpec between 1.28 and 1.36:
 * - backoffLimitPerIndex, maxFailedIndexes, FailIndex (JobBackoffLimitPerIndex: alpha 1.28, beta
 *   1.29, GA 1.33) and podReplacementPolicy (JobPodReplacementPolicy: alpha 1.28, beta 1.29, GA
 *   1.34): warned about where the gate is off; their 1.28 checks apply at every version.
 * - successPolicy (1.30, JobSuccessPolicy): validateSuccessPolicy, validateSuccessPolicyRule,
 *   validateIndexesFormat, parseIndexInterval (`job.success-policy`).
 * - managedBy (1.30, JobManagedBy): IsDomainPrefixedPath and maxManagedByLength
 *   (`job.managed-by`).
 */
import {
  CONTROLLER_UID_LABELS, JOB_NAME_LABELS, MAX_EXIT_CODE_VALUES, MAX_FAILED_INDEXES, MAX_INDEXED_COMPLETIONS, MAX_INDEXED_PARALLELISM,
  MAX_POD_FAILURE_POLICY_RULES, isDns1123Label, isLabelValue, isQualifiedName,
} from '../_validate';
import { Obj, Report, boolAt, child, index, intAt, isObj, listAt, objAt, objectItems, strAt, stringMapAt, v } from './context';
import { fieldGate, gateOn, gateWords } from './gates';
import { MAX_SUCCEEDED_INDEXES_BYTES, MAX_SUCCESS_POLICY_RULES, managedByProblems, parseIndexes } from './job-values';
import { PodTemplateFacts, checkPodTemplate } from './pod';

/** The limits that apply above completionsSoftLimit with backoffLimitPerIndex. */
const HIGH_COMPLETIONS_PARALLELISM_LIMIT = 10_000;
const HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT = 10_000;
/** maxPodFailurePolicyOnPodConditionsPatterns. */
const MAX_PFP_CONDITIONS = 20;
/** A uid no selector can know before the Job exists. */
const UNKNOWN_UID = '\u0000uid';

/** Where a JobSpec sits: in a Job, or in a CronJob's job template. */
export interface JobSpecContext {
  /** The Job's name (for a Job), used by the selector and Indexed hostname rules. */
  readonly jobName?: string;
  /** True for `spec.jobTemplate.spec` of a CronJob. */
  readonly template: boolean;
}

/** Facts about a checked JobSpec that other rules use. */
export interface JobSpecFacts {
  readonly indexed: boolean;
  readonly completions?: number;
  readonly pod: PodTemplateFacts;
}

/** Checks a JobSpec (validateJobSpec and, for a Job, ValidateJobSpec's selector rules). */
export function checkJobSpec(r: Report, spec: Obj | undefined, path: string, ctx: JobSpecContext): JobSpecFacts {
  // validateJobSpec: ValidateNonnegativeField on counts and durations.
  const num: { [key: string]: number | undefined } = {};
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    num[field] = intAt(r, spec, field, path);
    if (num[field] !== undefined && num[field]! < 0) {
      r.add('spec.negative', child(path, field), `${num[field]} must not be negative`);
    }
  }
  boolAt(r, spec, 'suspend', path);
  const { parallelism, completions, backoffLimitPerIndex, maxFailedIndexes } = num;

  const mode = strAt(r, spec, 'completionMode', path);
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    r.add('job.completion-mode', child(path, 'completionMode'), `${v(mode)} must be NonIndexed or Indexed`);
  }
  const indexed = mode === 'Indexed';
  if (indexed) {
    if (completions === undefined) {
      r.add('job.indexed.completions', child(path, 'completions'), 'completions is required when completionMode is Indexed');
    }
    if (parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
      r.add('job.indexed.parallelism', child(path, 'parallelism'), `${parallelism} must be at most ${MAX_INDEXED_PARALLELISM} for an Indexed Job`);
    }
  }
  // validateJobSpec: backoffLimitPerIndex and maxFailedIndexes.
  if (maxFailedIndexes !== undefined && backoffLimitPerIndex === undefined) {
    r.add('job.per-index', child(path, 'backoffLimitPerIndex'), 'backoffLimitPerIndex is required when maxFailedIndexes is set');
  }
  if (!indexed) {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (num[field] !== undefined) r.add('job.per-index', child(path, field), `${field} requires completionMode: Indexed`);
    }
  } else {
    if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions) {
      r.add('job.per-index', child(path, 'maxFailedIndexes'), `${maxFailedIndexes} must be at most completions (${completions})`);
    }
    if (maxFailedIndexes !== undefined && maxFailedIndexes > MAX_FAILED_INDEXES) {
      r.add('job.per-index', child(path, 'maxFailedIndexes'), `${maxFailedIndexes} must be at most ${MAX_FAILED_INDEXES}`);
    }
    if (completions !== undefined && completions > MAX_INDEXED_COMPLETIONS && backoffLimitPerIndex !== undefined) {
      if (maxFailedIndexes === undefined) {
        r.add('job.per-index', child(path, 'maxFailedIndexes'), `maxFailedIndexes is required when completions is above ${MAX_INDEXED_COMPLETIONS} with backoffLimitPerIndex`);
      } else if (maxFailedIndexes > HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT) {
        r.add('job.per-index', child(path, 'maxFailedIndexes'), `${maxFailedIndexes} must be at most ${HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT} when completions is above ${MAX_INDEXED_COMPLETIONS} with backoffLimitPerIndex`);
      }
      if (parallelism !== undefined && parallelism > HIGH_COMPLETIONS_PARALLELISM_LIMIT) {
        r.add('job.per-index', child(path, 'parallelism'), `${parallelism} must be at most ${HIGH_COMPLETIONS_PARALLELISM_LIMIT} when completions is above ${MAX_INDEXED_COMPLETIONS} with backoffLimitPerIndex`);
      }
    }
  }
  for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
    if (num[field] !== undefined) fieldGate(r, 'JobBackoffLimitPerIndex', child(path, field), field);
  }

  const pfp = objAt(r, spec, 'podFailurePolicy', path);
  // validatePodReplacementPolicy.
  const replacement = strAt(r, spec, 'podReplacementPolicy', path);
  if (replacement !== undefined) {
    const allowed = pfp ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!allowed.includes(replacement)) {
      r.add('job.pod-replacement-policy', child(path, 'podReplacementPolicy'), `${v(replacement)} must be ${allowed.join(' or ')}${pfp ? ' with a pod failure policy' : ''}`);
    }
    fieldGate(r, 'JobPodReplacementPolicy', child(path, 'podReplacementPolicy'), 'podReplacementPolicy');
  }
  checkSuccessPolicy(r, spec, path, indexed, completions);
  checkManagedBy(r, spec, path);

  const templatePath = child(path, 'template');
  const pod = checkPodTemplate(r, objAt(r, spec, 'template', path), templatePath);
  // validateJobSpec: restartPolicy Never or OnFailure (empty is defaulted to Always), Never with a pod failure policy.
  const restart = pod.restartPolicy;
  const restartPath = child(child(templatePath, 'spec'), 'restartPolicy');
  if (restart !== 'Never' && restart !== 'OnFailure') {
    r.add('job.restart-policy', restartPath, restart === undefined || restart === ''
      ? 'restartPolicy is not set (it defaults to Always); a Job needs Never or OnFailure'
      : `${v(restart)} must be Never or OnFailure`);
  } else if (pfp && restart !== 'Never') {
    r.add('job.pod-failure-policy.restart-policy', restartPath, `${v(restart)} must be Never when a pod failure policy is set`);
  }
  if (pfp) checkPodFailurePolicy(r, pfp, child(path, 'podFailurePolicy'), pod.containerNames, backoffLimitPerIndex !== undefined, ctx.template);

  // validateGeneratedSelector runs only when the selector is generated: with manualSelector: true
  // the template may carry any labels its selector matches.
  if (spec?.manualSelector !== true) checkReservedLabels(r, pod.labels, child(child(templatePath, 'metadata'), 'labels'), ctx.jobName);
  checkSelector(r, spec, path, pod.labels, ctx);
  return { indexed, completions, pod };
}

/**
 * validateJobSpec / validateSuccessPolicy / validateSuccessPolicyRule (1.30+, JobSuccessPolicy):
 * only with Indexed completion; 1 to 20 rules; each with succeededIndexes (validateIndexesFormat
 * against completions, at most 64 KiB) and/or succeededCount (not negative, at most completions and
 * at most the number of succeededIndexes).
 */
function checkSuccessPolicy(r: Report, spec: Obj | undefined, path: string, indexed: boolean, completions: number | undefined): void {
  const ID = 'job.success-policy';
  const at = child(path, 'successPolicy');
  const sp = objAt(r, spec, 'successPolicy', path);
  if (!sp || fieldGate(r, 'JobSuccessPolicy', at, 'successPolicy') !== 'on') return;
  if (!indexed) {
    r.add(ID, at, 'successPolicy requires completionMode: Indexed', 'set `completionMode: Indexed` (with `completions`), or remove `successPolicy`');
    return;
  }
  const rules = listAt(r, sp, 'rules', at);
  const rulesAt = child(at, 'rules');
  if (rules.length === 0) r.add(ID, rulesAt, 'at least one rule is required when successPolicy is set');
  if (rules.length > MAX_SUCCESS_POLICY_RULES) r.add(ID, rulesAt, `${rules.length} rules; at most ${MAX_SUCCESS_POLICY_RULES} are allowed`);
  objectItems(r, rules, rulesAt).forEach(([rule, ruleAt]) => {
    const indexes = strAt(r, rule, 'succeededIndexes', ruleAt);
    const count = intAt(r, rule, 'succeededCount', ruleAt, 'int32');
    const hasIndexes = rule.succeededIndexes !== undefined && rule.succeededIndexes !== null;
    const hasCount = rule.succeededCount !== undefined && rule.succeededCount !== null;
    if (!hasIndexes && !hasCount) r.add(ID, ruleAt, 'a rule needs succeededCount or succeededIndexes (or both)');
    let total: number | undefined;
    if (indexes !== undefined) {
      const indexesAt = child(ruleAt, 'succeededIndexes');
      if (Buffer.byteLength(indexes) > MAX_SUCCEEDED_INDEXES_BYTES) r.add(ID, indexesAt, `succeededIndexes has ${Buffer.byteLength(indexes)} bytes; at most ${MAX_SUCCEEDED_INDEXES_BYTES} are allowed`);
      if (completions !== undefined) {
        const parsed = parseIndexes(indexes, completions);
        if (typeof parsed === 'string') r.add(ID, indexesAt, `${v(indexes)} is not a list of indexes: ${parsed}`, 'write increasing indexes and intervals below `completions`, e.g. "0,2-4"');
        else total = parsed;
      }
    }
    if (count !== undefined) {
      const countAt = child(ruleAt, 'succeededCount');
      if (count < 0) r.add(ID, countAt, `${count} must not be negative`);
      if (completions !== undefined && count > completions) r.add(ID, countAt, `${count} must be at most completions (${completions})`);
      if (total !== undefined && count > total) r.add(ID, countAt, `${count} must be at most the number of indexes in succeededIndexes (${total})`);
    }
  });
}


/**
 * validateJobSpec (1.30+, JobManagedBy): managedBy is a domain-prefixed path (IsDomainPrefixedPath:
 * a DNS-1123 subdomain, '/', and HTTP path characters) of at most 63 characters. The value
 * `kubernetes.io/job-controller` names the built-in Job controller; any other value makes the
 * built-in controller leave the Job to the named one.
 */
function checkManagedBy(r: Report, spec: Obj | undefined, path: string): void {
  const at = child(path, 'managedBy');
  const managedBy = strAt(r, spec, 'managedBy', path);
  if (managedBy === undefined || fieldGate(r, 'JobManagedBy', at, 'managedBy') !== 'on') return;
  for (const problem of managedByProblems(managedBy)) r.add('job.managed-by', at, problem);
}

/**
 * validatePodFailurePolicy, validatePodFailurePolicyRule and its requirements. `template`: in a CronJob's job template a condition's `status` must be
 * written out before 1.34; in a Job (and from 1.34 in a job template) the API server defaults it to True before validating.
 */
function checkPodFailurePolicy(r: Report, pfp: Obj, path: string, containers: Set<string>, perIndex: boolean, template: boolean): void {
  const rules = listAt(r, pfp, 'rules', path);
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) {
    r.add('job.pod-failure-policy.rules', child(path, 'rules'), `${rules.length} rules; at most ${MAX_POD_FAILURE_POLICY_RULES} are allowed`);
  }
  objectItems(r, rules, child(path, 'rules')).forEach(([rule, at]) => {
    const action = strAt(r, rule, 'action', at);
    if (action === undefined || action === '') {
      r.add('job.pod-failure-policy.rules', child(at, 'action'), 'action is required (FailJob, Ignore, Count or FailIndex)');
    } else if (action === 'FailIndex') {
      if (!perIndex) {
        r.add('job.pod-failure-policy.rules', child(at, 'action'), 'FailIndex requires backoffLimitPerIndex');
      } else if (!gateOn(r, 'JobBackoffLimitPerIndex')) {
        // validatePodFailurePolicyRule runs after dropDisabledFields: without the gate,
        // backoffLimitPerIndex is gone and the rule is refused (an error, not a dropped field:
        // the Job is not created). A cluster with the gate on says so with the target's gates.
        r.add('job.pod-failure-policy.rules', child(at, 'action'), `FailIndex needs backoffLimitPerIndex, which is ${gateWords(r, 'JobBackoffLimitPerIndex')}: an API server without the feature gate drops backoffLimitPerIndex and then refuses this rule`,
          'turn the JobBackoffLimitPerIndex gate on in the cluster and say so (featureGates, --feature-gates), target 1.29 or later, or use FailJob');
      }
    } else if (!['FailJob', 'Ignore', 'Count'].includes(action)) {
      r.add('job.pod-failure-policy.rules', child(at, 'action'), `${v(action)} must be FailJob, Ignore, Count or FailIndex`);
    }
    const exit = objAt(r, rule, 'onExitCodes', at);
    const conditions = listAt(r, rule, 'onPodConditions', at);
    if (exit && conditions.length > 0) {
      r.add('job.pod-failure-policy.rules', at, 'a rule may have onExitCodes or onPodConditions, not both');
    } else if (!exit && conditions.length === 0) {
      r.add('job.pod-failure-policy.rules', at, 'a rule needs onExitCodes or onPodConditions');
    }
    if (exit) checkExitCodes(r, exit, child(at, 'onExitCodes'), containers);
    if (conditions.length > MAX_PFP_CONDITIONS) {
      r.add('job.pod-failure-policy.pod-conditions', child(at, 'onPodConditions'), `${conditions.length} patterns; at most ${MAX_PFP_CONDITIONS} are allowed`);
    }
    objectItems(r, conditions, child(at, 'onPodConditions')).forEach(([c, cAt]) => {
      const type = strAt(r, c, 'type', cAt) ?? '';
      if (!isQualifiedName(type)) {
        r.add('job.pod-failure-policy.pod-conditions', child(cAt, 'type'), `${v(type)} must be a qualified name, e.g. DisruptionTarget`);
      }
      // A Job's pattern status is defaulted to True (SetDefaults_Job); a CronJob's job template's
      // only from 1.34 (kubernetes/kubernetes#131525).
      const status = strAt(r, c, 'status', cAt) ?? (template && r.target.minor < 34 ? undefined : 'True');
      if (status === undefined || !['True', 'False', 'Unknown'].includes(status)) {
        r.add('job.pod-failure-policy.pod-conditions', child(cAt, 'status'), `${v(status)} must be True, False or Unknown`);
      }
    });
  });
}

/** validatePodFailurePolicyRuleOnExitCodes. */
function checkExitCodes(r: Report, exit: Obj, path: string, containers: Set<string>): void {
  const operator = strAt(r, exit, 'operator', path);
  if (operator !== 'In' && operator !== 'NotIn') {
    r.add('job.pod-failure-policy.exit-codes', child(path, 'operator'), `${v(operator)} must be In or NotIn`);
  }
  const container = strAt(r, exit, 'containerName', path);
  if (container !== undefined && !containers.has(container)) {
    r.add('job.pod-failure-policy.exit-codes', child(path, 'containerName'), `${v(container)} must be the name of a container or init container of the pod`);
  }
  const values = listAt(r, exit, 'values', path);
  if (values.length === 0) {
    r.add('job.pod-failure-policy.exit-codes', child(path, 'values'), 'at least one exit code is required');
  } else if (values.length > MAX_EXIT_CODE_VALUES) {
    r.add('job.pod-failure-policy.exit-codes', child(path, 'values'), `${values.length} values; at most ${MAX_EXIT_CODE_VALUES} are allowed`);
  }
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((x, j) => {
    const at = index(child(path, 'values'), j);
    if (typeof x !== 'number' || !Number.isInteger(x) || x < -(2 ** 31) || x > 2 ** 31 - 1) {
      r.add('object.field-type', at, `${v(x)} must be a 32-bit integer`);
      return;
    }
    if (operator === 'In' && x === 0) r.add('job.pod-failure-policy.exit-codes', at, '0 is not allowed with the In operator (it means success)');
    if (seen.has(x)) r.add('job.pod-failure-policy.exit-codes', at, `${x} is listed twice`);
    seen.add(x);
    const prev = values[j - 1];
    if (j > 0 && typeof prev === 'number' && prev > x) ordered = false;
  });
  if (!ordered) r.add('job.pod-failure-policy.exit-codes', child(path, 'values'), `${v(values)} must be in ascending order`);
}

/** validateGeneratedSelector (ValidateHasLabel): the controller-owned pod labels. */
function checkReservedLabels(r: Report, labels: Map<string, string>, path: string, jobName: string | undefined): void {
  for (const key of CONTROLLER_UID_LABELS) {
    if (labels.has(key)) r.add('job.template.reserved-labels', child(path, key), `${key} is set by the Job controller to the Job's uid; it cannot be set in the template`);
  }
  for (const key of JOB_NAME_LABELS) {
    const value = labels.get(key);
    if (value !== undefined && (jobName === undefined || value !== jobName)) {
      r.add('job.template.reserved-labels', child(path, key), `${key} (${v(value)}) is set by the Job controller to the Job's name${jobName ? ` (${v(jobName)})` : ''}`);
    }
  }
}

/** ValidateJobSpec / validateGeneratedSelector / ValidateJobTemplateSpec / ValidateLabelSelector. */
function checkSelector(r: Report, spec: Obj | undefined, path: string, templateLabels: Map<string, string>, ctx: JobSpecContext): void {
  const selector = objAt(r, spec, 'selector', path);
  const manual = boolAt(r, spec, 'manualSelector', path);
  const at = child(path, 'selector');
  if (ctx.template) {
    if (selector) r.add('job.selector', at, 'a CronJob\'s job template cannot set a selector (it is generated)');
    if (manual) r.add('job.selector', child(path, 'manualSelector'), 'a CronJob\'s job template cannot set manualSelector: true');
    return;
  }
  if (manual) {
    if (!selector) {
      r.add('job.selector', at, 'a selector is required with manualSelector: true');
      return;
    }
    if (checkSelectorSyntax(r, selector, at) && !matches(selector, templateLabels)) {
      // ValidateJobSpec reports the mismatch at the template's labels.
      r.add('job.selector', child(child(child(path, 'template'), 'metadata'), 'labels'), 'the pod template labels do not match the selector');
    }
    return;
  }
  if (!selector) return;
  if (!checkSelectorSyntax(r, selector, at)) return;
  // The API server generates the selector: it adds controller-uid to the given one, which must
  // then select exactly the labels it generates.
  const generated = new Map<string, string>();
  for (const key of CONTROLLER_UID_LABELS) generated.set(key, UNKNOWN_UID);
  for (const key of JOB_NAME_LABELS) generated.set(key, ctx.jobName ?? '');
  if (!matches(selector, generated)) {
    r.add('job.selector', at, 'the selector is not the generated one; remove it, or set manualSelector: true');
  } else if (!matches(selector, new Map([...templateLabels, ...generated]))) {
    r.add('job.selector', at, 'the selector does not match the pod template labels');
  }
}

/** ValidateLabelSelector; false when it is invalid. */
function checkSelectorSyntax(r: Report, selector: Obj, path: string): boolean {
  const before = r.findings.length;
  const labels = stringMapAt(r, selector, 'matchLabels', path);
  for (const [key, value] of labels) {
    if (!isQualifiedName(key) || !isLabelValue(value)) r.add('job.selector', child(child(path, 'matchLabels'), key), `${v(key)}: ${v(value)} must be a valid label`);
  }
  objectItems(r, listAt(r, selector, 'matchExpressions', path), child(path, 'matchExpressions')).forEach(([e, at]) => {
    const key = strAt(r, e, 'key', at) ?? '';
    const op = strAt(r, e, 'operator', at);
    const values = listAt(r, e, 'values', at);
    if (!isQualifiedName(key)) r.add('job.selector', child(at, 'key'), `${v(key)} must be a qualified name`);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) r.add('job.selector', child(at, 'values'), `values are required with ${op}`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) r.add('job.selector', child(at, 'values'), `values must be empty with ${op}`);
    } else {
      r.add('job.selector', child(at, 'operator'), `${v(op)} must be In, NotIn, Exists or DoesNotExist`);
    }
    values.forEach((x, j) => {
      if (typeof x !== 'string' || !isLabelValue(x)) r.add('job.selector', index(child(at, 'values'), j), `${v(x)} must be a valid label value`);
    });
  });
  return r.findings.length === before;
}

/** Whether a (valid) label selector selects `labels`. */
function matches(selector: Obj, labels: Map<string, string>): boolean {
  for (const [key, value] of Object.entries(isObj(selector.matchLabels) ? selector.matchLabels : {})) {
    if (labels.get(key) !== value) return false;
  }
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const key = String(e.key);
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const has = labels.has(key);
    const inValues = has && values.includes(labels.get(key));
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * ValidateJob: an Indexed Job's largest pod hostname `<job name>-<completions-1>` must be a
 * DNS-1123 label. `suffixLength` is the length of what the CronJob controller appends to a
 * CronJob's name to name each Job (0 for a Job).
 */
export function checkIndexedHostname(r: Report, name: string | undefined, facts: JobSpecFacts, suffixLength: number, path: string): void {
  if (!name || !facts.indexed || facts.completions === undefined || facts.completions < 1) return;
  const hostname = `${name}${'x'.repeat(suffixLength)}-${facts.completions - 1}`;
  if (!isDns1123Label(hostname)) {
    const what = suffixLength ? `the Jobs' pods get hostnames like ${v(`${name}-<time>-${facts.completions - 1}`)}` : `its last pod gets the hostname ${v(hostname)}`;
    r.add('job.name.indexed-hostname', path, `${v(name)} is too long${name.includes('.') ? ' or has a \'.\'' : ''} for an Indexed Job with ${facts.completions} completions: ${what}, which must be a DNS-1123 label (at most 63 characters, no '.')`);
  }
}
