/**
 * Internal: the index lists of a Job's success policy (`succeededIndexes`), as the API server reads
 * them. Dependency-free: the props checks (src/_features.ts) and the manifest rules
 * (src/rules/job.ts) share it, so both accept exactly what the API server accepts.
 */

/** The largest int64 (strconv.Atoi's bound on 64-bit platforms). */
const MAX_INT64 = BigInt('9223372036854775807');

/**
 * validateIndexesFormat and parseIndexInterval (1.30): comma-separated indexes and `x-y` intervals
 * (x < y), increasing, each below `completions`. Returns the number of indexes, or what is wrong.
 */
export function parseIndexes(text: string, completions: number): number | string {
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
