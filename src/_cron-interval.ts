/**
 * Internal: when a parsed cron schedule runs (src/_cron.ts parses and checks it): the shortest
 * time between two runs, over the 400-year Gregorian cycle.
 */
import type { CronSchedule } from './_cron';

/** Days in the 400-year Gregorian cycle, after which weekdays and leap years repeat. */
const CYCLE_DAYS = 146_097;

/**
 * `dayMatches` (robfig `spec.go`): when either day field is a plain `*` or `?`, both must
 * match; otherwise either may.
 */
function dayMatches(s: Extract<CronSchedule, { kind: 'fields' }>, dayOfMonth: number, weekday: number): boolean {
  const domMatch = s.dom.values[dayOfMonth] === true;
  const dowMatch = s.dow.values[weekday] === true;
  return s.dom.star || s.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

/** The matching days of one kind of year, by day of the year (0 = 1 January). */
interface YearRuns {
  readonly first: number;
  readonly last: number;
  /** The shortest gap between two matching days inside the year (Infinity for one day). */
  readonly gap: number;
}

/**
 * The days of a year on which the schedule runs. They depend only on whether the year is a leap
 * year and on the weekday of 1 January: 14 kinds of year.
 */
function yearRuns(s: Extract<CronSchedule, { kind: 'fields' }>, leap: boolean, jan1Weekday: number): YearRuns | undefined {
  let first = -1;
  let last = -1;
  let gap = Infinity;
  let day = 0;
  for (let month = 1; month <= 12; month++) {
    const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
    if (!s.month.values[month]) {
      day += days;
      continue;
    }
    for (let dom = 1; dom <= days; dom++, day++) {
      if (!dayMatches(s, dom, (jan1Weekday + day) % 7)) continue;
      if (first < 0) first = day;
      else gap = Math.min(gap, day - last);
      last = day;
    }
  }
  return first < 0 ? undefined : { first, last, gap };
}

/**
 * The shortest time between two consecutive runs, in minutes, of the wall-clock times the
 * schedule names; undefined when it never runs. Exact: the times of day are the same on every
 * matching day, and matching days repeat with the 400-year Gregorian cycle, which is walked
 * once from 2000-01-01 (a Saturday), a year at a time: the matching days of each of the 14 kinds
 * of year are found once. Daylight-saving shifts are not modelled (they lengthen or shorten an
 * interval around a transition by the shift).
 */
export function shortestIntervalMinutes(s: Extract<CronSchedule, { kind: 'fields' }>): number | undefined {
  const times: number[] = [];
  for (let h = 0; h < 24; h++) {
    if (!s.hour.values[h]) continue;
    for (let m = 0; m < 60; m++) {
      if (s.minute.values[m]) times.push(h * 60 + m);
    }
  }
  if (times.length === 0) return undefined;

  const kinds = new Map<number, YearRuns | undefined>();
  let first = -1;
  let previous = -1;
  let shortestDayGap = Infinity;
  let day = 0;
  let weekday = 6;
  for (let year = 2000; year < 2400; year++) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const kind = (leap ? 7 : 0) + weekday;
    if (!kinds.has(kind)) kinds.set(kind, yearRuns(s, leap, weekday));
    const runs = kinds.get(kind);
    if (runs) {
      if (first < 0) first = day + runs.first;
      else shortestDayGap = Math.min(shortestDayGap, day + runs.first - previous);
      shortestDayGap = Math.min(shortestDayGap, runs.gap);
      previous = day + runs.last;
    }
    const length = leap ? 366 : 365;
    day += length;
    weekday = (weekday + length) % 7;
  }
  if (first < 0) return undefined;
  shortestDayGap = Math.min(shortestDayGap, first + CYCLE_DAYS - previous);

  let shortest = shortestDayGap * 1440 - (times[times.length - 1] - times[0]);
  for (let i = 1; i < times.length; i++) {
    shortest = Math.min(shortest, times[i] - times[i - 1]);
  }
  return shortest;
}
