/**
 * Internal: the cron grammar of a Kubernetes 1.28 CronJob's `spec.schedule`, and when a
 * schedule runs (the shortest interval: src/_cron-interval.ts).
 *
 * The 1.28 API server checks a schedule in `validateScheduleFormat`
 * (pkg/apis/batch/validation): `cron.ParseStandard` of robfig/cron v3 (vendored by 1.28), plus
 * a rejection of any schedule containing `TZ`. The rules below are ported from those functions
 * and named after them. The controller (pkg/controller/cronjob) parses the same text, so what
 * the API server accepts is what runs, with two exceptions this module also reports: a schedule
 * that matches no date (the controller's `mostRecentScheduleTime` errors out on it, so no Job is
 * ever created), and `@every` shorter than a minute (see `MIN_EVERY_SECONDS`).
 *
 * Nothing here knows about constructs: callers turn `CronCheck.reason` into a prop error.
 */
import { shortestIntervalMinutes } from './_cron-interval';

/** A field of a five-field expression. */
interface FieldBounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: { readonly [name: string]: number };
  /** Added to an "above the maximum" reason. */
  readonly maxHint?: string;
}

// The bounds of each field (robfig `spec.go`: seconds, minutes, hours, dom, months, dow).
const FIELDS: readonly FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  },
  {
    name: 'day-of-week',
    min: 0,
    max: 6,
    names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
    maxHint: ' (Sunday is 0 or SUN; 7 is not accepted)',
  },
];

/** The macros and the five-field expression each one stands for (robfig `parseDescriptor`). */
export const CRON_MACROS: { readonly [macro: string]: string } = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const EVERY = '@every ';

/**
 * Shortest `@every` interval cdk8s-batch accepts. The API server accepts any Go duration (robfig
 * `Every` rounds anything under a second up to one second), but the 1.28 controller names each
 * Job after the minute it was scheduled for (`getJobName`: `<cronjob>-<minutes since epoch>`),
 * so it creates at most one Job a minute and a shorter interval silently runs less often.
 */
export const MIN_EVERY_SECONDS = 60;

/** One parsed field: which values match, and robfig's "star bit" (a `*` or `?` with step 1). */
interface Field {
  readonly values: readonly boolean[];
  readonly star: boolean;
}

/** A parsed schedule. */
export type CronSchedule =
  | { readonly kind: 'fields'; readonly minute: Field; readonly hour: Field; readonly dom: Field; readonly month: Field; readonly dow: Field }
  | { readonly kind: 'every'; readonly seconds: number };

/** The outcome of `checkSchedule`. */
export type CronCheck =
  | { readonly ok: true; readonly schedule: CronSchedule; readonly shortestIntervalSeconds: number }
  | {
    readonly ok: false;
    /** What is wrong, for the "must be ... (<reason>)" part of an error. */
    readonly reason: string;
    /** Set when the schedule carries a time zone (`TZ=` / `CRON_TZ=`): the zone it names. */
    readonly timeZone?: string;
    /** The schedule parses but never runs (no date matches, or `@every` under a minute). */
    readonly neverRuns?: boolean;
  };

/** Checked schedules by expression, up to `CRON_CACHE_SIZE` (then emptied: a long-lived process stays bounded). */
const cache = new Map<string, CronCheck>();
export const CRON_CACHE_SIZE = 1024;

/** How many checked schedules are cached (tests). */
export function cachedSchedules(): number {
  return cache.size;
}

/**
 * Checks a schedule as the 1.28 API server and controller would, and computes the shortest
 * time between two runs. Deterministic; results are cached by expression.
 */
export function checkSchedule(expression: string): CronCheck {
  let result = cache.get(expression);
  if (!result) {
    result = check(expression);
    if (cache.size >= CRON_CACHE_SIZE) cache.clear();
    cache.set(expression, result);
  }
  return result;
}

function check(expression: string): CronCheck {
  // validateScheduleFormat (1.28): on create, any schedule containing "TZ" is rejected ("cannot
  // use TZ or CRON_TZ in schedule, use timeZone field instead").
  if (expression.includes('TZ')) {
    const prefix = /^(?:CRON_)?TZ=(\S*)/.exec(expression);
    return prefix
      ? { ok: false, reason: `it starts with a time zone (${prefix[0]}), which the API server rejects in a schedule`, timeZone: prefix[1] }
      : { ok: false, reason: 'it contains \'TZ\', which the API server rejects in a schedule (it reads it as a time zone)', timeZone: '' };
  }
  const parsed = parseStandard(expression);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  if (parsed.kind === 'every') {
    if (parsed.seconds < MIN_EVERY_SECONDS) {
      return {
        ok: false,
        neverRuns: true,
        reason: `'@every' runs at most once a minute: the controller names each Job after its scheduled minute (${parsed.seconds}s asked for)`,
      };
    }
    return { ok: true, schedule: parsed, shortestIntervalSeconds: parsed.seconds };
  }
  const interval = shortestIntervalMinutes(parsed);
  if (interval === undefined) {
    return {
      ok: false,
      neverRuns: true,
      reason: 'it matches no date (e.g. day 30 of February), so the controller never creates a Job',
    };
  }
  return { ok: true, schedule: parsed, shortestIntervalSeconds: interval * 60 };
}

// -------------------------------------------------------------------------------------------------
// Parsing (robfig/cron v3 parser.go, as vendored by Kubernetes 1.28)
// -------------------------------------------------------------------------------------------------

/** Go's `unicode.IsSpace`, which `strings.Fields` splits on. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/;

/**
 * `ParseStandard`: five fields (minute, hour, day of month, month, day of week) or a macro
 * (`Descriptor`). Returns the schedule, or what is wrong.
 */
export function parseStandard(spec: string): CronSchedule | string {
  // Parser.Parse: "empty spec string".
  if (spec.length === 0) return 'it is empty';

  // Parser.Parse: a spec starting with '@' is a descriptor, matched exactly (no trimming).
  if (spec.startsWith('@')) return parseDescriptor(spec);

  // Parser.Parse + normalizeFields: split on whitespace; exactly five fields.
  const fields = spec.split(GO_SPACE).filter(f => f !== '');
  if (fields.length !== 5) {
    const hint = fields.length === 6 ? '; a seconds field is not supported' : '';
    return `it has ${fields.length} field${fields.length === 1 ? '' : 's'} where 5 are expected (minute hour day-of-month month day-of-week)${hint}`;
  }
  const parsed: Field[] = [];
  for (const [i, text] of fields.entries()) {
    const field = getField(text, FIELDS[i]);
    if (typeof field === 'string') return field;
    parsed.push(field);
  }
  const [minute, hour, dom, month, dow] = parsed;
  return { kind: 'fields', minute, hour, dom, month, dow };
}

/** `parseDescriptor`: the named schedules and `@every <duration>`. */
function parseDescriptor(spec: string): CronSchedule | string {
  const macro = CRON_MACROS[spec];
  if (macro !== undefined) return parseStandard(macro);
  if (spec.startsWith(EVERY)) {
    const text = spec.slice(EVERY.length);
    const nanos = parseGoDuration(text);
    if (nanos === undefined) {
      return `'@every' must be followed by one Go duration such as 1h30m, 45m or 2h (${JSON.stringify(text)} is not one)`;
    }
    return { kind: 'every', seconds: everySeconds(nanos) };
  }
  const macros = Object.keys(CRON_MACROS).join(', ');
  return `${JSON.stringify(spec)} is not a macro (the macros are ${macros} and '@every <duration>', lowercase and without surrounding spaces)`;
}

/** `Every`: under a second becomes one second; the rest is truncated to whole seconds. */
function everySeconds(nanos: bigint): number {
  const second = 1_000_000_000n;
  if (nanos < second) return 1;
  return Number(nanos / second);
}

/** `getField`: a comma-separated list of ranges (empty list items are skipped, as `strings.FieldsFunc` does). */
function getField(text: string, bounds: FieldBounds): Field | string {
  const values: boolean[] = new Array(bounds.max + 1).fill(false);
  let star = false;
  for (const expr of text.split(',').filter(r => r !== '')) {
    const range = getRange(expr, bounds);
    if (typeof range === 'string') return range;
    for (let v = range.start; v <= range.end; v += range.step) values[v] = true;
    star = star || range.star;
  }
  return { values, star };
}

interface Range {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly star: boolean;
}

/** `getRange`: `*` | `?` | number | number-number, each optionally followed by `/step`. */
function getRange(expr: string, bounds: FieldBounds): Range | string {
  const where = `the ${bounds.name} field`;
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // As upstream, anything after "*-" is ignored: "*-5" means "*".
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    const low = parseIntOrName(lowAndHigh[0], bounds);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const high = parseIntOrName(lowAndHigh[1], bounds);
      if (typeof high === 'string') return high;
      end = high;
    } else {
      return `${where} has more than one '-' in ${JSON.stringify(expr)}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = mustParseInt(rangeAndStep[1], bounds);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    // "N/step" means "N-max/step".
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    return `${where} has more than one '/' in ${JSON.stringify(expr)}`;
  }
  if (start < bounds.min) {
    return `${where} starts below its minimum ${bounds.min} in ${JSON.stringify(expr)}`;
  }
  if (end > bounds.max) {
    return `${where} goes above its maximum ${bounds.max} in ${JSON.stringify(expr)}${bounds.maxHint ?? ''}`;
  }
  if (start > end) {
    return `${where} has a range that runs backwards in ${JSON.stringify(expr)} (ranges cannot wrap around; use a list such as '22-23,0-2')`;
  }
  if (step === 0) {
    return `${where} has a step of 0 in ${JSON.stringify(expr)} (a step must be at least 1)`;
  }
  return { start, end, step, star };
}

/** `parseIntOrName`: a month or weekday name (any case), else a number. */
function parseIntOrName(text: string, bounds: FieldBounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  return mustParseInt(text, bounds);
}

const INT64_MAX = 2n ** 63n - 1n;

/** `mustParseInt`: `strconv.Atoi` (optional sign, decimal digits, int64), then no negatives. */
function mustParseInt(text: string, bounds: FieldBounds): number | string {
  const where = `the ${bounds.name} field`;
  if (!/^[+-]?[0-9]+$/.test(text)) {
    const names = bounds.names ? ` or a name such as ${Object.keys(bounds.names).slice(0, 3).map(n => n.toUpperCase()).join(', ')}` : '';
    return `${where} has ${JSON.stringify(text)} where a number${names} is expected`;
  }
  const value = BigInt(text);
  if (value > INT64_MAX || value < -INT64_MAX - 1n) {
    return `${where} has ${JSON.stringify(text)}, a number out of range`;
  }
  if (value < 0n) {
    return `${where} has the negative number ${JSON.stringify(text)}`;
  }
  // Anything above 2^53 is far above every field's maximum; Number() keeps it above.
  return Number(value);
}

// -------------------------------------------------------------------------------------------------
// Go durations (time.ParseDuration, Go 1.20)
// -------------------------------------------------------------------------------------------------

const UNIT_NANOS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00B5s', 1_000n], // U+00B5 micro sign
  ['\u03BCs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const NANOS_LIMIT = 2n ** 63n;

/**
 * `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` or `0`, in nanoseconds; undefined
 * when Go would return an error (syntax, unknown unit, overflow).
 */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return undefined;
    // leadingInt
    let i = 0;
    let whole = 0n;
    while (i < s.length && isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > NANOS_LIMIT) return undefined;
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction: digits past what fits are ignored, as upstream.
    let fraction = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (j < s.length && isDigit(s[j])) {
        if (!overflow) {
          const next = fraction * 10n + BigInt(s.charCodeAt(j) - 48);
          if (fraction > (NANOS_LIMIT - 1n) / 10n || next > NANOS_LIMIT) {
            overflow = true;
          } else {
            fraction = next;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return undefined;
    // The unit runs up to the next '.' or digit.
    let k = 0;
    while (k < s.length && !(s[k] === '.' || isDigit(s[k]))) k++;
    if (k === 0) return undefined; // missing unit
    const unit = UNIT_NANOS.get(s.slice(0, k));
    if (unit === undefined) return undefined; // unknown unit
    s = s.slice(k);
    if (whole > NANOS_LIMIT / unit) return undefined;
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > NANOS_LIMIT) return undefined;
    }
    total += value;
    if (total > NANOS_LIMIT) return undefined;
  }
  if (negative) return -total;
  if (total > NANOS_LIMIT - 1n) return undefined;
  return total;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
