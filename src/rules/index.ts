/**
 * Internal: the manifest rules' entry point. `checkManifest` runs every rule on one Kubernetes
 * object (a batch/v1 Job or CronJob, a v1 Service, or a document that looks like one but is not
 * valid); it never throws, whatever the object holds.
 */
import { RULES } from './catalog';
import { Obj, Report, isObj, objAt, v } from './context';
import { checkCronJob } from './cronjob';
import { checkIndexedHostname, checkJobSpec } from './job';
import { checkObjectMeta } from './meta';
import { checkJobPractices } from './practices';
import { checkStructure } from './schema-check';
import { checkService } from './service';
import { Finding } from './types';
import { DEFAULT_TARGET, Target, versionName } from './versions';


export { RULES, ruleInfo, isRuleId } from './catalog';
export type { Finding, RuleInfo, Severity } from './types';
export { DEFAULT_TARGET, FEATURES, VERSIONS, target, stageAt, enabled } from './versions';
export type { Target, Stage } from './versions';

/** The result of checking one object. */
export interface ManifestCheck {
  /**
   * False when the object was skipped: another kind than the rules check, and not one that looks
   * like a Job, CronJob or Service with a wrong apiVersion or kind (those are checked and reported).
   */
  readonly checked: boolean;
  /** `<kind>/<name>` of the object. */
  readonly object: string;
  readonly findings: Finding[];
  /** The kind the rules checked the object as (`Job`, `CronJob`, `Service`); undefined when skipped or unrecognisable. */
  readonly checkedAs?: string;
}

/** Options of `checkManifest`. */
export interface CheckOptions {
  /** Leave out best-practice warnings. */
  readonly noWarnings?: boolean;
  /** Rule ids to leave out. */
  readonly ignore?: ReadonlySet<string>;
  /** The Kubernetes version and enabled feature gates to check for (see `versions.ts`). */
  readonly target?: Target;
}

/**
 * Whether the best-practice rules (src/rules/practices.ts, every rule id `practice.*`) can only
 * warn: then a check without warnings (the constructs' final gate) skips them.
 */
const PRACTICES_ONLY_WARN = RULES.filter(x => x.id.startsWith('practice.')).every(x => x.severity === 'warning');

/** The kinds the rules check: batch/v1 Job and CronJob, and v1 Service. */
export const CHECKED_KINDS = ['Job', 'CronJob', 'Service'];

/** What a document is, for the rules: the kind to check it as, and the findings about its apiVersion and kind. */
function identify(r: Report, obj: Obj): 'Job' | 'CronJob' | 'Service' | 'invalid' | 'other' {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  // runtime decoding: the API server (and kubectl) refuse an object without apiVersion or kind
  // ("Object 'Kind' is missing", "apiVersion not set").
  for (const [field, value] of [['apiVersion', obj.apiVersion], ['kind', obj.kind]] as const) {
    if (typeof value !== 'string' || value === '') {
      r.add('object.type-meta', field, value === undefined || value === null || value === ''
        ? `the document has no ${field}: it is not a Kubernetes object the API server can decode`
        : `${v(value)} must be a string`);
    }
  }
  // schema.ParseGroupVersion: `group/version`, or a version of the core group.
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const batchKind = ({ job: 'Job', cronjob: 'CronJob' } as const)[kind.toLowerCase() as 'job' | 'cronjob'];
  if (batchKind) {
    // Kinds are case-sensitive (REST mapping: "no matches for kind").
    if (kind !== batchKind) r.add('object.kind', 'kind', `${v(kind)} is not a kind: kinds are case-sensitive; did you mean ${v(batchKind)}?`, `write \`kind: ${batchKind}\``);
    if (apiVersion && apiVersion !== 'batch/v1') {
      const version = versionName(r.target);
      const why = apiVersion === 'batch/v1beta1' || apiVersion === 'batch/v2alpha1'
        ? `is not served by Kubernetes ${version} (batch/v1beta1 CronJob was removed in 1.25; batch/v2alpha1 never graduated)`
        : group === 'batch' || apiVersion === 'batch' ? `is not served by Kubernetes ${version}` : `does not serve ${batchKind}`;
      r.add('object.api-version', 'apiVersion', `${v(apiVersion)} ${why}; ${batchKind} is batch/v1`);
    }
    return batchKind;
  }
  if (kind.toLowerCase() === 'service' && apiVersion === 'v1') {
    if (kind !== 'Service') r.add('object.kind', 'kind', `${v(kind)} is not a kind: kinds are case-sensitive; did you mean "Service"?`, 'write `kind: Service`');
    return 'Service';
  }
  if (group === 'batch' || apiVersion === 'batch') {
    if (kind) r.add('object.kind', 'kind', `${v(kind)} is not a kind of ${apiVersion}: the batch API serves Job and CronJob`);
    return 'invalid';
  }
  return r.findings.length > 0 ? 'invalid' : 'other';
}

/**
 * Checks one manifest: batch/v1 Jobs and CronJobs, v1 Services, and any document that looks like
 * one but has a wrong apiVersion or kind, or has no apiVersion or kind at all (those are errors).
 * Other kinds are skipped (`checked: false`).
 */
export function checkManifest(manifest: unknown, options: CheckOptions = {}): ManifestCheck {
  const obj: Obj = isObj(manifest) ? manifest : {};
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const object = `${kind || '(no kind)'}/${typeof meta.name === 'string' && meta.name ? meta.name : '(no name)'}`;
  const t = options.target ?? DEFAULT_TARGET;
  const r = new Report(object, t);
  const as = identify(r, obj);
  if (as === 'other') return { checked: false, object, findings: [] };
  const practices = !(options.noWarnings && PRACTICES_ONLY_WARN);
  if (as === 'Job') {
    const name = checkObjectMeta(r, obj, 'Job');
    const spec = objAt(r, obj, 'spec', '');
    const facts = checkJobSpec(r, spec, 'spec', { jobName: name, template: false });
    checkIndexedHostname(r, name, facts, 0, 'metadata.name');
    if (practices) checkJobPractices(r, spec, 'spec', false);
  } else if (as === 'CronJob') {
    checkCronJob(r, obj, practices);
  } else if (as === 'Service') {
    checkService(r, obj);
  }
  const keep = (f: Finding) => !(options.noWarnings && f.severity === 'warning') && !options.ignore?.has(f.ruleId);
  const findings = r.findings.filter(keep);
  if (as !== 'invalid') {
    // Structure: unknown fields, types and required fields against the target's definitions (of
    // batch/v1 Job and CronJob and v1 Service; nothing for another apiVersion). A rule that
    // reported an error at the same path says it more precisely, except for a wrong type: there
    // the structural finding, with its hint for YAML slips, replaces the rules' errors.
    const structure = new Report(object, t);
    checkStructure(structure, obj, apiVersion, kind);
    const structural = structure.findings.filter(keep);
    const typed = new Set(structural.filter(f => f.ruleId === 'object.field-type').map(f => f.path));
    const kept = findings.filter(f => f.severity !== 'error' || !typed.has(f.path));
    const reported = new Set(kept.filter(f => f.severity === 'error').map(f => f.path));
    findings.length = 0;
    findings.push(...kept, ...structural.filter(f => f.ruleId === 'object.field-type' || !reported.has(f.path)));
  }
  return { checked: true, object, findings: sortFindings(findings), ...(as !== 'invalid' ? { checkedAs: as } : {}) };
}

/** Errors first, then by path (a stable, deterministic order). */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return [...findings].sort((a, b) => rank(a) - rank(b) || compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.message, b.message));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
