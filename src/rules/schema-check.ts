/**
 * Internal: the structural rules. A batch/v1 Job or CronJob, or a v1 Service, is checked against the
 * OpenAPI definitions of the target Kubernetes version (`report.target`, 1.28 to 1.36;
 * src/rules/schema.ts): unknown fields (`schema.unknown-field`, refused by the API server's strict
 * field validation, which kubectl 1.27+ and GitOps tools use), values of the wrong type
 * (`object.field-type`, refused when the API server decodes the object) and missing required
 * fields (`schema.required`). An unknown field that another version has is reported with the
 * versions that have it.
 */
import { Obj, Report } from './context';
import { SchemaIssue, StructureOptions, batchSchema, classOf, fieldVersions, isWholeNumber } from './schema';
import { NEWEST_MINOR } from './versions';

const PATTERN_STATUS = 'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.status';
/** Defaulted in every Job (SetDefaults_Job: a pod failure policy condition pattern gets `status: True`). */
const JOB_DEFAULTED: StructureOptions = { optional: new Set([PATTERN_STATUS]) };
/** The first minor version that defaults the pattern's status in a CronJob's job template too (kubernetes/kubernetes#131525). */
const CRONJOB_DEFAULTS_STATUS_FROM = 34;

/**
 * Required fields the API server fills in before it validates, by kind and version: a Job's pod
 * failure policy condition patterns get `status: True` (SetDefaults_Job). A CronJob's job template
 * is not defaulted before 1.34, so there `status` stays required; from 1.34 it is defaulted too.
 * (From 1.35 the published definitions no longer list it as required.)
 */
function defaulted(kind: string, minor: number): StructureOptions | undefined {
  if (kind === 'Job') return JOB_DEFAULTED;
  if (kind === 'CronJob' && minor >= CRONJOB_DEFAULTS_STATUS_FROM) return JOB_DEFAULTED;
  return undefined;
}

/** Longest value shown in a message. */
const MAX_SHOWN = 60;

/** Checks the structure of a batch/v1 Job or CronJob or a v1 Service for `r.target`, writing findings to `r`. */
export function checkStructure(r: Report, obj: Obj, apiVersion: string, kind: string): void {
  const minor = r.target.minor;
  const schema = batchSchema(minor);
  const definition = schema.definitionFor(apiVersion, kind);
  if (!definition) return;
  for (const issue of schema.validate(obj, definition, defaulted(kind, minor))) report(r, issue, minor);
}

function report(r: Report, issue: SchemaIssue, minor: number): void {
  const field = issue.field ?? '';
  switch (issue.kind) {
    case 'unknown-field': {
      const elsewhere = fieldVersions(issue.definitionName, field);
      if (elsewhere.length > 0) {
        const when = versionsText(elsewhere);
        const later = elsewhere.some(m => m > minor);
        r.add('schema.unknown-field', issue.path, `${shown(field)} is not a field of ${issue.definition} in Kubernetes 1.${minor} (it exists ${when})`,
          `\`${field}\` is not in the Kubernetes 1.${minor} API; it exists ${when}: `
          + (later ? 'raise the target version (kubernetesVersion) or remove the field' : 'remove the field (or lower the target version, kubernetesVersion)'));
        return;
      }
      const suggestion = closestField(field, issue.known ?? []);
      if (suggestion) {
        r.add('schema.unknown-field', issue.path, `${shown(field)} is not a field of ${issue.definition}; did you mean ${JSON.stringify(suggestion)}?`,
          `rename \`${field}\` to \`${suggestion}\` (field names are case-sensitive)`);
      } else {
        r.add('schema.unknown-field', issue.path, `${shown(field)} is not a field of ${issue.definition} (the API server refuses unknown fields)`);
      }
      return;
    }
    case 'required':
      r.add('schema.required', issue.path, `${field} is required in ${issue.definition}`);
      return;
    default:
      r.add('object.field-type', issue.path, typeMessage(issue));
  }
}

/**
 * The versions that have a field, in words: `from 1.30` (to the newest), `in 1.35 only`,
 * `in 1.28 to 1.30`; several runs are joined (`in 1.28 to 1.29 and from 1.31`).
 */
export function versionsText(minors: readonly number[], newest = NEWEST_MINOR): string {
  const runs: Array<[number, number]> = [];
  for (const m of [...minors].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && m === last[1] + 1) last[1] = m;
    else runs.push([m, m]);
  }
  return runs.map(([a, b]) => (b === newest ? `from 1.${a}` : a === b ? `in 1.${a} only` : `in 1.${a} to 1.${b}`)).join(' and ');
}

/** `<value> must be <type>`, with a hint for the common slips of hand-written YAML. */
function typeMessage(issue: SchemaIssue): string {
  const x = issue.value;
  const expected = issue.expected ?? 'of another type';
  if (issue.range && isWholeNumber(x)) {
    return `${shown(x)} is out of range: the field is an ${issue.format ?? 'integer'} (${issue.range})`;
  }
  if ((typeof x === 'number' || typeof x === 'boolean') && expected === 'a string') {
    return `${shown(x)} must be ${expected} (quote it: YAML reads ${shown(x)} as a ${typeof x})`;
  }
  if (typeof x === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(x) && /^an integer|^a number/.test(expected)) {
    return `${shown(x)} must be ${expected} (write it without quotes)`;
  }
  return `${shown(x)} must be ${expected}`;
}

/**
 * The known field closest to an unknown one, when it is close enough to be a typo: compared
 * without case, `-` and `_` (`backOffLimit`, `restart_policy`), then by edit distance (at most 1
 * for names of up to 4 letters, 2 up to 8, else 3). Ties go to the name nearest in case, then
 * alphabetically, so the answer is deterministic.
 */
export function closestField(unknown: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const target = norm(unknown);
  if (target.length === 0 || target.length > 100) return undefined;
  const limit = target.length <= 4 ? 1 : target.length <= 8 ? 2 : 3;
  let best: { name: string; distance: number; exact: number } | undefined;
  for (const name of known) {
    const distance = editDistance(target, norm(name));
    if (distance > limit) continue;
    const exact = editDistance(unknown, name);
    if (!best || distance < best.distance || (distance === best.distance && (exact < best.exact || (exact === best.exact && name < best.name)))) {
      best = { name, distance, exact };
    }
  }
  return best?.name;
}

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** A value for a message: short, deterministic (dates in ISO form), never throwing. */
function shown(value: unknown): string {
  let text: string;
  const cls = classOf(value);
  if (cls === 'Date') {
    const time = Date.prototype.getTime.call(value);
    text = Number.isNaN(time) ? 'an invalid date' : new Date(time).toISOString();
  } else if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    text = String(value);
  } else if (typeof value === 'object' && value !== null && cls !== 'Object' && cls !== 'Array') {
    text = `a ${cls}`;
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = cls === 'Array' ? 'a list' : 'an object';
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}
