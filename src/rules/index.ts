/**
 * Internal: the manifest rules' entry point. `checkManifest` runs every rule on one Kubernetes
 * object; it never throws, whatever the object holds.
 */
import { Obj, Report, isObj, objAt } from './context';
import { checkCronJob } from './cronjob';
import { checkIndexedHostname, checkJobSpec } from './job';
import { checkObjectMeta } from './meta';
import { checkJobPractices } from './practices';
import { checkStructure } from './schema-check';
import { Finding } from './types';

export { RULES, ruleInfo, isRuleId } from './catalog';
export type { Finding, RuleInfo, Severity } from './types';

/** The result of checking one object. */
export interface ManifestCheck {
  /** False when the object is not a batch Job or CronJob (it was skipped). */
  readonly checked: boolean;
  /** `<kind>/<name>` of the object. */
  readonly object: string;
  readonly findings: Finding[];
}

/** Options of `checkManifest`. */
export interface CheckOptions {
  /** Leave out best-practice warnings. */
  readonly noWarnings?: boolean;
  /** Rule ids to leave out. */
  readonly ignore?: ReadonlySet<string>;
}

/** The kinds the rules check. */
export const CHECKED_KINDS = ['Job', 'CronJob'];

/**
 * Checks one manifest. Objects other than batch Jobs and CronJobs are skipped
 * (`checked: false`).
 */
export function checkManifest(manifest: unknown, options: CheckOptions = {}): ManifestCheck {
  const obj: Obj = isObj(manifest) ? manifest : {};
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const object = `${kind || '(no kind)'}/${typeof meta.name === 'string' && meta.name ? meta.name : '(no name)'}`;
  if (!CHECKED_KINDS.includes(kind) || !(apiVersion === 'batch' || apiVersion.startsWith('batch/'))) {
    return { checked: false, object, findings: [] };
  }
  const r = new Report(object);
  if (apiVersion !== 'batch/v1') {
    // batch/v1beta1 CronJob was removed in 1.25; batch/v2alpha1 never graduated.
    r.add('object.api-version', 'apiVersion', `${JSON.stringify(apiVersion)} is not served by Kubernetes 1.28; ${kind} is batch/v1`);
  }
  if (kind === 'Job') {
    const name = checkObjectMeta(r, obj, 'Job');
    const spec = objAt(r, obj, 'spec', '');
    const facts = checkJobSpec(r, spec, 'spec', { jobName: name, template: false });
    checkIndexedHostname(r, name, facts, 0, 'metadata.name');
    checkJobPractices(r, spec, 'spec', false);
  } else {
    checkCronJob(r, obj);
  }
  const keep = (f: Finding) => !(options.noWarnings && f.severity === 'warning') && !options.ignore?.has(f.ruleId);
  const findings = r.findings.filter(keep);
  if (apiVersion === 'batch/v1') {
    // Structure: unknown fields, types and required fields against the 1.28 definitions. A rule
    // that reported an error at the same path says it more precisely, except for a wrong type:
    // there the structural finding, with its hint for YAML slips, replaces the rules' errors.
    const structure = new Report(object);
    checkStructure(structure, obj, apiVersion, kind);
    const structural = structure.findings.filter(keep);
    const typed = new Set(structural.filter(f => f.ruleId === 'object.field-type').map(f => f.path));
    const kept = findings.filter(f => f.severity !== 'error' || !typed.has(f.path));
    const reported = new Set(kept.filter(f => f.severity === 'error').map(f => f.path));
    findings.length = 0;
    findings.push(...kept, ...structural.filter(f => f.ruleId === 'object.field-type' || !reported.has(f.path)));
  }
  return { checked: true, object, findings: sortFindings(findings) };
}

/** Errors first, then by path (a stable, deterministic order). */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return [...findings].sort((a, b) => rank(a) - rank(b) || compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.message, b.message));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
