/**
 * Internal: Job field values as the API server reads them: the index lists of a success policy
 * (`succeededIndexes`) and `managedBy`. The props checks (src/_features.ts) and the manifest rules
 * (src/rules/job.ts) share them, so both accept exactly what the API server accepts.
 */
import { isDns1123Subdomain } from '../_validate';

/** validateSuccessPolicy (1.30): at most 20 rules. */
export const MAX_SUCCESS_POLICY_RULES = 20;
/** validateSuccessPolicy (1.30): a succeededIndexes list of at most 64 KiB. */
export const MAX_SUCCEEDED_INDEXES_BYTES = 64 * 1024;
/** maxManagedByLength (1.30). */
export const MAX_MANAGED_BY_LENGTH = 63;
/** httpPathFmt of apimachinery util/validation (IsDomainPrefixedPath). */
const HTTP_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/**
 * validateJobSpec (1.30+, JobManagedBy): what is wrong with a `managedBy` value, if anything: a
 * domain-prefixed path (IsDomainPrefixedPath: a DNS-1123 subdomain, '/', and HTTP path
 * characters) of at most 63 characters.
 */
export function managedByProblems(managedBy: string): string[] {
  const problems: string[] = [];
  const slash = managedBy.indexOf('/');
  if (managedBy === '') {
    problems.push('managedBy must not be empty; leave it out for the built-in Job controller');
  } else if (slash <= 0 || slash === managedBy.length - 1) {
    problems.push(`${JSON.stringify(managedBy)} must be a domain-prefixed path such as "kueue.x-k8s.io/multikueue"`);
  } else {
    const host = managedBy.slice(0, slash);
    const rest = managedBy.slice(slash + 1);
    if (!isDns1123Subdomain(host)) problems.push(`${JSON.stringify(host)} (before the first '/') must be a DNS-1123 subdomain`);
    if (!HTTP_PATH.test(rest)) problems.push(`${JSON.stringify(rest)} (after the first '/') must consist of HTTP path characters (letters, digits and /-._~%!$&'()*+,;=:)`);
  }
  if (managedBy.length > MAX_MANAGED_BY_LENGTH) problems.push(`${JSON.stringify(managedBy)} has ${managedBy.length} characters; at most ${MAX_MANAGED_BY_LENGTH} are allowed`);
  return problems;
}

/** The largest int64 (strconv.Atoi's bound on 64-bit platforms). */
const MAX_INT64 = BigInt('9223372036854775807');

/**
 * validateIndexesFormat and parseIndexInterval (1.30): comma-separated indexes and `x-y` intervals
 * (x < y), increasing, each below `completions`. Returns the number of indexes, or what is wrong.
 */
export function parseIndexes(text: string, completions: number): number | string {
  if (!Number.isSafeInteger(completions)) return `the completions (${completions}) are not a whole number`;
  if (text === '') return 0;
  let last: bigint | undefined;
  let total = 0;
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return `the fragment ${JSON.stringify(interval)} has more than two parts separated by '-'`;
    const bounds: bigint[] = [];
    for (const limit of limits) {
      // strconv.Atoi: an optional '+' and decimal digits, within int64.
      if (!/^\+?[0-9]+$/.test(limit) || BigInt(limit) > MAX_INT64) return `${JSON.stringify(limit)} is not an integer`;
      const n = BigInt(limit);
      if (n >= BigInt(completions)) return `index ${JSON.stringify(limit)} is too large: indexes go from 0 to completions-1 (${completions - 1})`;
      bounds.push(n);
    }
    const [x, y] = bounds.length === 2 ? bounds : [bounds[0], bounds[0]];
    if (bounds.length === 2 && x >= y) return `the interval ${JSON.stringify(interval)} does not increase (${x} is not below ${y})`;
    if (last !== undefined && last >= x) return `the indexes do not increase: ${x} comes after ${last}`;
    total += Number(y - x) + 1;
    last = y;
  }
  return total;
}
