/**
 * Internal: the structural rules. A batch/v1 Job or CronJob, or a v1 Service, is checked against the
 * Kubernetes 1.28 OpenAPI definitions (src/rules/schema.ts): unknown fields (`schema.unknown-field`, refused by
 * the API server's strict field validation, which kubectl 1.27+ and GitOps tools use), values of
 * the wrong type (`object.field-type`, refused when the API server decodes the object) and missing
 * required fields (`schema.required`).
 */
import { Obj, Report } from './context';
import { BATCH_SCHEMA, SchemaIssue, StructureOptions, classOf, isWholeNumber } from './schema';

/**
 * Required fields the API server fills in before it validates, by kind: a Job's pod failure
 * policy condition patterns get `status: True` (SetDefaults_Job). A CronJob's job template is not
 * defaulted, so there `status` stays required.
 */
const DEFAULTED: { readonly [kind: string]: StructureOptions } = {
  Job: { optional: new Set(['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.status']) },
};

/** Longest value shown in a message. */
const MAX_SHOWN = 60;

/** Checks the structure of a batch/v1 Job or CronJob or a v1 Service, writing findings to `r`. */
export function checkStructure(r: Report, obj: Obj, apiVersion: string, kind: string): void {
  const definition = BATCH_SCHEMA.definitionFor(apiVersion, kind);
  if (!definition) return;
  for (const issue of BATCH_SCHEMA.validate(obj, definition, DEFAULTED[kind])) report(r, issue);
}

function report(r: Report, issue: SchemaIssue): void {
  const field = issue.field ?? '';
  switch (issue.kind) {
    case 'unknown-field': {
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
