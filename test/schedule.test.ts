import { Cron } from 'cdk8s';
import * as fc from 'fast-check';
import { NightlyCronJob, NightlyCronJobProps, Schedule, WeekDay } from '../src';
import { CRON_CACHE_SIZE, CRON_MACROS, CronSchedule, cachedSchedules, checkSchedule, parseGoDuration, parseStandard } from '../src/_cron';
import { building, synthOne } from './util/synth';

/** Synthesizes one NightlyCronJob and returns the CronJob. */
function synthCron(props: Partial<NightlyCronJobProps>): any {
  return synthOne(chart => new NightlyCronJob(chart, 'cron', { image: 'python:3.12', ...props }));
}

function build(props: Partial<NightlyCronJobProps>): () => void {
  return building(chart => new NightlyCronJob(chart, 'cron', { image: 'python:3.12', ...props }));
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Schedules the Kubernetes 1.28 API server accepts and that run (robfig/cron v3 ParseStandard),
 * with the shortest time between two runs, in seconds.
 */
const ACCEPTED: Array<[string, number]> = [
  // every macro
  ['@yearly', 365 * DAY],
  ['@annually', 365 * DAY],
  ['@monthly', 28 * DAY],
  ['@weekly', 7 * DAY],
  ['@daily', DAY],
  ['@midnight', DAY],
  ['@hourly', HOUR],
  // @every takes a Go duration (counted from the CronJob's creation)
  ['@every 1h', HOUR],
  ['@every 1h30m', 90 * MINUTE],
  ['@every 90s', 90],
  ['@every 1m', MINUTE],
  ['@every 1.5h', 90 * MINUTE],
  ['@every 2h45m30s', 2 * HOUR + 45 * MINUTE + 30],
  ['@every 60.9s', MINUTE], // whole seconds: the fraction is dropped
  // five fields
  ['0 2 * * *', DAY],
  ['* * * * *', MINUTE],
  ['*/15 * * * *', 15 * MINUTE],
  ['0 0-23/4 * * *', 4 * HOUR],
  ['30 8-18/2 * * MON-FRI', 2 * HOUR],
  ['0 6 * * mon,wed,fri', 2 * DAY],
  ['0 0 1 JAN,Jul *', 181 * DAY], // 1 Jan -> 1 Jul of a common year
  ['0 12 * * ?', DAY],
  ['0 12 ? * 1', 7 * DAY],
  ['5,10,,15 * * * *', 5 * MINUTE], // empty list items are skipped
  ['5/15 * * * *', 15 * MINUTE], // N/step means N-59/step
  ['0-59/30 * * * *', 30 * MINUTE],
  ['0 0 29 2 *', 1461 * DAY], // leap days only
  ['0 0 31 * *', 31 * DAY],
  ['59 23 31 12 6', DAY], // day 31 of December OR a Saturday: both fields restricted
  ['0 0 30 2 1', 7 * DAY], // no 30 February, but every Monday in February
  ['0 12 1 * *', 28 * DAY], // day-of-week '*': day 1 AND any weekday
  ['0 12 */2 * MON', DAY], // '*/2' is not a plain star: odd days OR Mondays
  ['0 12 */1 * MON', 7 * DAY], // '*/1' is: every day AND Mondays
  ['0 9 * 1-3,10-12 SUN', 7 * DAY],
  ['*-5 * * * *', MINUTE], // as upstream, anything after '*-' is ignored
  ['+5 * * * *', HOUR], // strconv.Atoi takes a sign
  ['007 * * * *', HOUR],
  ['  0   2 * *   *  ', DAY],
  ['0\t2\t*\t*\t*', DAY],
  ['0 2 * * *\u00A0', DAY], // Go's strings.Fields splits on a no-break space too
];

/** Schedules that are rejected, and what the message says. */
const REJECTED: Array<[string, RegExp]> = [
  ['', /a non-empty cron expression/],
  ['0 2 * *', /it has 4 fields where 5 are expected \(minute hour day-of-month month day-of-week\)/],
  ['0 0 2 * * *', /it has 6 fields where 5 are expected.*a seconds field is not supported/],
  ['0 0 1 1 * 2024', /it has 6 fields/],
  ['60 * * * *', /the minute field goes above its maximum 59 in "60"/],
  ['0 24 * * *', /the hour field goes above its maximum 23 in "24"/],
  ['0 0 0 * *', /the day-of-month field starts below its minimum 1 in "0"/],
  ['0 0 32 * *', /the day-of-month field goes above its maximum 31/],
  ['0 0 * 0 *', /the month field starts below its minimum 1/],
  ['0 0 * 13 *', /the month field goes above its maximum 12/],
  ['0 0 * * 7', /the day-of-week field goes above its maximum 6 in "7" \(Sunday is 0 or SUN; 7 is not accepted\)/],
  ['0 0 * * MON-SUN', /the day-of-week field has a range that runs backwards in "MON-SUN"/],
  ['0 22-2 * * *', /the hour field has a range that runs backwards in "22-2" \(ranges cannot wrap around; use a list such as '22-23,0-2'\)/],
  ['*/0 * * * *', /the minute field has a step of 0 in "\*\/0"/],
  ['1-2-3 * * * *', /the minute field has more than one '-' in "1-2-3"/],
  ['*/5/2 * * * *', /the minute field has more than one '\/' in "\*\/5\/2"/],
  ['a * * * *', /the minute field has "a" where a number is expected/],
  ['-5 * * * *', /the minute field has "" where a number is expected/],
  ['*/-1 * * * *', /the minute field has the negative number "-1"/],
  ['1.5 * * * *', /the minute field has "1.5" where a number is expected/],
  ['99999999999999999999 * * * *', /a number out of range/],
  ['0 0 * JANUARY *', /the month field has "JANUARY" where a number or a name such as JAN, FEB, MAR is expected/],
  ['0 0 L * *', /the day-of-month field has "L" where a number is expected/],
  ['0 0 ? * 2#1', /the day-of-week field has "2#1" where a number or a name/],
  ['\uFEFF0 2 * * *', /the minute field has "\uFEFF0" where a number is expected/], // not a space to Go
  ['@DAILY', /"@DAILY" is not a macro \(the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and '@every <duration>'/],
  ['@daily ', /"@daily " is not a macro/],
  [' @daily', /it has 1 field where 5 are expected/],
  ['@reboot', /"@reboot" is not a macro/],
  ['@every', /"@every" is not a macro/],
  ['@every 1d', /'@every' must be followed by one Go duration such as 1h30m, 45m or 2h \("1d" is not one\)/],
  ['@every 1 h', /"1 h" is not one/],
  ['@every 30s', /a schedule that runs \('@every' runs at most once a minute: the controller names each Job after its scheduled minute \(30s asked for\)\)/],
  ['@every -1h', /'@every' runs at most once a minute.*\(1s asked for\)/],
  ['TZ=UTC 0 2 * * *', /must be free of a time zone \(it starts with a time zone \(TZ=UTC\), which the API server rejects in a schedule\); set the 'timeZone' prop instead, e.g. timeZone: 'UTC' and schedule: Schedule.expression\('0 2 \* \* \*'\)/],
  ['CRON_TZ=Europe/Berlin 0 2 * * *', /time zone \(CRON_TZ=Europe\/Berlin\).*timeZone: 'Europe\/Berlin'/],
  ['0 2 * * * TZ', /it contains 'TZ', which the API server rejects in a schedule.*set the 'timeZone' prop instead/],
  ['0 0 30 2 *', /must be a schedule that runs \(it matches no date \(e.g. day 30 of February\), so the controller never creates a Job\)/],
  ['0 0 31 4,6,9,11 *', /it matches no date/],
  ['0 , * * *', /it matches no date/],
];

describe('Schedule: every expression the 1.28 API server accepts is accepted', () => {
  test(`the table covers at least 40 expressions and every macro (${ACCEPTED.length} accepted, ${REJECTED.length} rejected)`, () => {
    expect(ACCEPTED.length + REJECTED.length).toBeGreaterThanOrEqual(40);
    for (const macro of Object.keys(CRON_MACROS)) {
      expect(ACCEPTED.map(([e]) => e)).toContain(macro);
    }
    expect(Object.keys(CRON_MACROS).sort()).toEqual(['@annually', '@daily', '@hourly', '@midnight', '@monthly', '@weekly', '@yearly']);
  });

  test.each(ACCEPTED)('accepts %j, written into spec.schedule unchanged', (expression) => {
    // GIVEN / WHEN
    const cron = synthCron({ schedule: Schedule.expression(expression) });
    // THEN
    expect(cron.spec.schedule).toBe(expression);
  });

  test.each(ACCEPTED)('%j runs at least %d seconds apart', (expression, seconds) => {
    const result = checkSchedule(expression);
    expect(result).toMatchObject({ ok: true, shortestIntervalSeconds: seconds });
  });
});

/**
 * The reference for the shortest interval: every day of the 400-year Gregorian cycle from
 * 2000-01-01 (a Saturday), one at a time (src/_cron.ts finds the matching days of each kind of
 * year once instead). Minutes; undefined when the schedule never runs.
 */
function shortestIntervalByEveryDay(s: Extract<CronSchedule, { kind: 'fields' }>): number | undefined {
  const times: number[] = [];
  for (let h = 0; h < 24; h++) for (let m = 0; m < 60; m++) if (s.hour.values[h] && s.minute.values[m]) times.push(h * 60 + m);
  if (times.length === 0) return undefined;
  const matches = (dom: number, weekday: number) => {
    const d = s.dom.values[dom] === true;
    const w = s.dow.values[weekday] === true;
    return s.dom.star || s.dow.star ? d && w : d || w;
  };
  let first = -1;
  let previous = -1;
  let gap = Infinity;
  let day = 0;
  let weekday = 6;
  for (let year = 2000; year < 2400; year++) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    for (let month = 1; month <= 12; month++) {
      const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
      for (let dom = 1; dom <= days; dom++, day++, weekday = (weekday + 1) % 7) {
        if (!s.month.values[month] || !matches(dom, weekday)) continue;
        if (first < 0) first = day;
        if (previous >= 0) gap = Math.min(gap, day - previous);
        previous = day;
      }
    }
  }
  if (first < 0) return undefined;
  gap = Math.min(gap, first + day - previous);
  let shortest = gap * 1440 - (times[times.length - 1] - times[0]);
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest, times[i] - times[i - 1]);
  return shortest;
}

/** A random cron field: `*`, a value, a range, a step, or a list of those, within `min`..`max`. */
function field(min: number, max: number, star: string[] = ['*']): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: max - min + 1 });
  const part = fc.oneof(
    value.map(String),
    range,
    fc.tuple(fc.constantFrom(...star), step).map(([s, k]) => `${s}/${k}`),
    fc.tuple(range, step).map(([r, k]) => `${r}/${k}`),
  );
  return fc.oneof(fc.constantFrom(...star), part, fc.array(part, { minLength: 2, maxLength: 4 }).map(parts => parts.join(',')));
}

describe('Schedule: the shortest interval between runs', () => {
  const sparse = [
    '0 0 29 2 *', // leap days: 4 years apart, 8 across 2100
    '0 0 29 2 1', // 29 February or any Monday in February
    '0 0 13 * 5', // the 13th or any Friday (robfig: either day field may match)
    '0 0 31 * *',
    '59 23 31 12 *',
    '0 0 1 1 0',
    '0 0 * 2 ?',
    '0 0 ? 2 6',
    '0,30 9-17 1-7 * 1',
    '0 0 30 2 *', // never
  ];

  test.each(sparse)('%j: the same as walking every day of the 400-year cycle', (expression) => {
    const parsed = parseStandard(expression) as Extract<CronSchedule, { kind: 'fields' }>;
    expect(parsed.kind).toBe('fields');
    const expected = shortestIntervalByEveryDay(parsed);
    const result = checkSchedule(expression);
    if (expected === undefined) expect(result).toMatchObject({ ok: false, neverRuns: true });
    else expect(result).toMatchObject({ ok: true, shortestIntervalSeconds: expected * 60 });
  });

  test('200 random schedules: the same as walking every day of the 400-year cycle', () => {
    let runs = 0;
    fc.assert(fc.property(
      fc.tuple(field(0, 59), field(0, 23), field(1, 31, ['*', '?']), field(1, 12), field(0, 6, ['*', '?'])).map(f => f.join(' ')),
      (expression) => {
        const parsed = parseStandard(expression);
        if (typeof parsed === 'string' || parsed.kind !== 'fields') return;
        const expected = shortestIntervalByEveryDay(parsed);
        const result = checkSchedule(expression);
        if (expected === undefined) {
          expect(result).toMatchObject({ ok: false, neverRuns: true });
        } else {
          runs++;
          expect(result).toMatchObject({ ok: true, shortestIntervalSeconds: expected * 60 });
        }
      },
    ), { numRuns: 200, seed: 20261202 });
    // Mostly schedules that run (the sparse ones above include one that never does).
    expect(runs).toBeGreaterThan(100);
  });
});

test('checked schedules are cached, and the cache stays bounded in a long-lived process', () => {
  // GIVEN more distinct schedules than the cache holds (every minute of the week, then some)
  const expressions = Array.from({ length: CRON_CACHE_SIZE + 100 }, (_, i) => `${i % 60} ${Math.floor(i / 60) % 24} * * ${Math.floor(i / 1440) % 7}`);
  expect(new Set(expressions).size).toBe(CRON_CACHE_SIZE + 100);
  // WHEN each is checked
  for (const e of expressions) expect(checkSchedule(e)).toMatchObject({ ok: true, shortestIntervalSeconds: 7 * 86_400 });
  // THEN the cache never held more than its size, and a schedule checked again gets the same (cached) result
  expect(cachedSchedules()).toBeLessThanOrEqual(CRON_CACHE_SIZE);
  const last = expressions[expressions.length - 1];
  expect(checkSchedule(last)).toBe(checkSchedule(last));
});

describe('Schedule: every expression it rejects is rejected, saying what is wrong', () => {
  test.each(REJECTED)('rejects %j', (expression, message) => {
    // GIVEN / WHEN / THEN
    const attempt = build({ schedule: Schedule.expression(expression) });
    expect(attempt).toThrow(/^NightlyCronJob 'test\/cron': 'schedule' \(/);
    expect(attempt).toThrow(message);
  });
});

describe('Schedule factories', () => {
  test.each([
    ['nightly()', Schedule.nightly(), '0 2 * * *'],
    ['nightly(3, 30)', Schedule.nightly(3, 30), '30 3 * * *'],
    ['nightly(0)', Schedule.nightly(0), '0 0 * * *'],
    ['daily()', Schedule.daily(), '0 0 * * *'],
    ['daily(23, 59)', Schedule.daily(23, 59), '59 23 * * *'],
    ['hourly()', Schedule.hourly(), '0 * * * *'],
    ['hourly(15)', Schedule.hourly(15), '15 * * * *'],
    ['weekly()', Schedule.weekly(), '0 0 * * SUN'],
    ['weekly(MONDAY, 6)', Schedule.weekly(WeekDay.MONDAY, 6), '0 6 * * MON'],
    ['weekly(SATURDAY, 22, 45)', Schedule.weekly(WeekDay.SATURDAY, 22, 45), '45 22 * * SAT'],
    ['monthly()', Schedule.monthly(), '0 0 1 * *'],
    ['monthly(15, 4, 30)', Schedule.monthly(15, 4, 30), '30 4 15 * *'],
    ['expression', Schedule.expression('0 6 * * MON-FRI'), '0 6 * * MON-FRI'],
    ['fromCron(Cron.daily())', Schedule.fromCron(Cron.daily()), '0 0 * * *'],
    ['fromCron(Cron.schedule(...))', Schedule.fromCron(Cron.schedule({ minute: '0', hour: '3' })), '0 3 * * *'],
  ])('%s is %j', (_label, schedule, expression) => {
    // GIVEN / WHEN
    const cron = synthCron({ schedule });
    // THEN
    expect(schedule.expressionString).toBe(expression);
    expect(schedule.toString()).toBe(expression);
    expect(cron.spec.schedule).toBe(expression);
  });

  test.each([
    ['nightly(24)', () => Schedule.nightly(24), /'schedule' \(Schedule.nightly\(24\)\) must be given an hour from 0 to 23, not 24; e.g. Schedule.nightly\(2, 30\)/],
    ['nightly(2, 60)', () => Schedule.nightly(2, 60), /'schedule' \(Schedule.nightly\(2, 60\)\) must be given a minute from 0 to 59, not 60/],
    ['nightly(2.5)', () => Schedule.nightly(2.5), /\(Schedule.nightly\(2.5\)\) must be given an hour from 0 to 23, not 2.5/],
    ['daily(NaN)', () => Schedule.daily(NaN), /\(Schedule.daily\(NaN\)\) must be given an hour from 0 to 23, not NaN/],
    ['hourly(-1)', () => Schedule.hourly(-1), /\(Schedule.hourly\(-1\)\) must be given a minute from 0 to 59, not -1/],
    ['weekly("XYZ")', () => Schedule.weekly('XYZ' as WeekDay), /\(Schedule.weekly\("XYZ"\)\) must be given a day that is a WeekDay \(got "XYZ"\); e.g. WeekDay.MONDAY/],
    ['monthly(29)', () => Schedule.monthly(29), /\(Schedule.monthly\(29\)\) must be given a day of month from 1 to 28 \(months without that day would be skipped\), not 29; use Schedule.expression\(\) for days 29 to 31/],
    ['monthly(1, 24)', () => Schedule.monthly(1, 24), /\(Schedule.monthly\(1, 24\)\) must be given an hour from 0 to 23/],
  ])('%s fails when used, naming the construct and the prop', (_label, make, message) => {
    // GIVEN
    const schedule = make();
    // WHEN / THEN
    expect(build({ schedule })).toThrow(/^NightlyCronJob 'test\/cron': 'schedule' /);
    expect(build({ schedule })).toThrow(message);
  });

  test('a value that is not a Schedule fails', () => {
    expect(build({ schedule: Cron.daily() as unknown as Schedule }))
      .toThrow(/NightlyCronJob 'test\/cron': 'schedule' \(.*\) must be a Schedule; e.g. Schedule.nightly\(2\).*Schedule.fromCron\(cron\)/);
  });
});

describe('time zones (validateTimeZone and the API server\'s time zone database)', () => {
  test.each([
    'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT+5', 'Etc/GMT-14', 'America/New_York', 'US/Eastern', 'EST5EDT', 'Europe/Berlin',
    'Asia/Kolkata', 'Asia/Calcutta', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince',
    'Antarctica/DumontDUrville', 'America/Ciudad_Juarez', 'Factory', // time.LoadLocation loads Factory too
  ])('accepts %j, written into spec.timeZone', (timeZone) => {
    expect(synthCron({ timeZone }).spec.timeZone).toBe(timeZone);
  });

  test.each([
    ['', /'timeZone' \(""\) must be a non-empty IANA time zone name/],
    ['utc', /'timeZone' \("utc"\) must be a time zone of the IANA database .*; did you mean 'UTC'\?/],
    ['america/new_york', /did you mean 'America\/New_York'\?/],
    ['Local', /'timeZone' \("Local"\) must be an explicit time zone \('Local' is the controller's own, whatever it is\)/],
    ['local', /must be an explicit time zone/],
    ['Europe/Berlin ', /the part "Berlin " is not one: 1 to 14 letters, digits/],
    ['America/New York', /the part "New York" is not one/],
    ['../etc/passwd', /the part ".." is not one/],
    ['Europe//Berlin', /the part "" is not one/],
    ['America/-Chicago', /the part "-Chicago" is not one/],
    ['America/Very_Long_City_Name', /the part "Very_Long_City_Name" is not one/],
    ['+01:00', /the part "\+01:00" is not one/],
    ['Mars/Olympus_Mons', /must be a time zone of the IANA database/],
    ['Etc/GMT+15', /must be a time zone of the IANA database/],
    ['America/Coyhaique', /must be a time zone of the IANA database/], // tzdata 2025b, after Kubernetes 1.28
  ])('rejects %j', (timeZone, message) => {
    expect(build({ timeZone })).toThrow(/^NightlyCronJob 'test\/cron': 'timeZone' /);
    expect(build({ timeZone })).toThrow(message);
  });
});

describe('Go durations for @every (time.ParseDuration)', () => {
  test.each([
    ['0', 0n],
    ['+0', 0n],
    ['1h', 3_600_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['.5s', 500_000_000n],
    ['5.s', 5_000_000_000n],
    ['300ms', 300_000_000n],
    ['1us', 1_000n],
    ['1\u00B5s', 1_000n],
    ['1\u03BCs', 1_000n],
    ['1ns', 1n],
    ['-1h', -3_600_000_000_000n],
    ['2562047h', 9_223_369_200_000_000_000n],
    ['0.12345678901234567890123s', 123_456_789n], // fraction digits past int64 are ignored, as in Go
  ])('%j is %d ns', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  test.each(['', '1', 'h', '.h', '1d', '1H', '1 h', ' 1h', '1h ', '1h-1m', '2562048h', '9223372036854775808ns'])('%j is not a duration', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
