import { Cron } from 'cdk8s';
import { Defaults } from './defaults';

/** A day of the week, for `Schedule.weekly()`. */
export enum WeekDay {
  /** Sunday. */
  SUNDAY = 'SUN',
  /** Monday. */
  MONDAY = 'MON',
  /** Tuesday. */
  TUESDAY = 'TUE',
  /** Wednesday. */
  WEDNESDAY = 'WED',
  /** Thursday. */
  THURSDAY = 'THU',
  /** Friday. */
  FRIDAY = 'FRI',
  /** Saturday. */
  SATURDAY = 'SAT',
}

/**
 * An argument of a factory, checked when the schedule is used (so the error can name the
 * construct and its prop).
 * @internal
 */
export interface ScheduleArgument {
  readonly name: string;
  readonly value: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
  readonly why?: string;
}

/**
 * When a `NightlyCronJob` runs: a cron schedule, in the time zone of the job's `timeZone`.
 *
 * Use a helper (`nightly`, `daily`, `hourly`, `weekly`, `monthly`), any standard cron expression
 * (`expression`), or a cdk8s `Cron` (`fromCron`). Schedules are checked when a construct uses
 * them, with the grammar the Kubernetes 1.28 API server applies: five fields (minute, hour,
 * day of month, month, day of week) with ranges, steps, lists, month and weekday names and `?`,
 * or one of the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
 * `@hourly` and `@every <duration>`. A time zone is never part of the schedule: use the job's
 * `timeZone`.
 *
 * @example
 * Schedule.nightly();            // 0 2 * * *   (02:00 every day)
 * Schedule.nightly(3, 30);       // 30 3 * * *
 * Schedule.hourly(15);           // 15 * * * *
 * Schedule.weekly(WeekDay.MONDAY, 6); // 0 6 * * MON
 * Schedule.expression('30 8-18/2 * * MON-FRI');
 */
export class Schedule {
  /**
   * Every day at `hour`:`minute`. Without arguments, 02:00: after the day's data has landed,
   * before the working day.
   *
   * @param hour 0 to 23 (default: `Defaults.NIGHTLY_HOUR`)
   * @param minute 0 to 59 (default: `Defaults.NIGHTLY_MINUTE`)
   */
  public static nightly(hour?: number, minute?: number): Schedule {
    const h = hour ?? Defaults.NIGHTLY_HOUR;
    const m = minute ?? Defaults.NIGHTLY_MINUTE;
    return new Schedule(`${m} ${h} * * *`, call('nightly', hour, minute), [hourArg(h), minuteArg(m)]);
  }

  /**
   * Every day at `hour`:`minute`, midnight unless given (the same as `@daily`).
   *
   * @param hour 0 to 23 (default: 0)
   * @param minute 0 to 59 (default: 0)
   */
  public static daily(hour?: number, minute?: number): Schedule {
    const h = hour ?? 0;
    const m = minute ?? 0;
    return new Schedule(`${m} ${h} * * *`, call('daily', hour, minute), [hourArg(h), minuteArg(m)]);
  }

  /**
   * Every hour at `minute` past the hour.
   *
   * @param minute 0 to 59 (default: 0)
   */
  public static hourly(minute?: number): Schedule {
    const m = minute ?? 0;
    return new Schedule(`${m} * * * *`, call('hourly', minute), [minuteArg(m)]);
  }

  /**
   * Every week on `day` at `hour`:`minute`, Sunday midnight unless given (the same as `@weekly`).
   *
   * @param day the day of the week (default: `WeekDay.SUNDAY`)
   * @param hour 0 to 23 (default: 0)
   * @param minute 0 to 59 (default: 0)
   */
  public static weekly(day?: WeekDay, hour?: number, minute?: number): Schedule {
    const d = day ?? WeekDay.SUNDAY;
    const h = hour ?? 0;
    const m = minute ?? 0;
    return new Schedule(`${m} ${h} * * ${d}`, call('weekly', day === undefined ? undefined : weekDayName(day), hour, minute), [
      { name: 'day', value: d, allowed: Object.values(WeekDay) },
      hourArg(h),
      minuteArg(m),
    ]);
  }

  /**
   * Every month on `dayOfMonth` at `hour`:`minute`, the 1st at midnight unless given (the same
   * as `@monthly`). Days 29 to 31 are refused here, because months without that day would be
   * skipped; write `Schedule.expression()` if that is what you want.
   *
   * @param dayOfMonth 1 to 28 (default: 1)
   * @param hour 0 to 23 (default: 0)
   * @param minute 0 to 59 (default: 0)
   */
  public static monthly(dayOfMonth?: number, hour?: number, minute?: number): Schedule {
    const d = dayOfMonth ?? 1;
    const h = hour ?? 0;
    const m = minute ?? 0;
    return new Schedule(`${m} ${h} ${d} * *`, call('monthly', dayOfMonth, hour, minute), [
      { name: 'day of month', value: d, min: 1, max: 28, why: 'months without that day would be skipped' },
      hourArg(h),
      minuteArg(m),
    ]);
  }

  /**
   * Any standard cron expression, e.g. `'0 2 * * *'`, `'0 6 * * MON-FRI'`, `'15 0-23/4 * * *'`,
   * `'@daily'` or `'@every 6h'` (`@every` counts from when the CronJob was created, at least a
   * minute apart).
   *
   * @param expression five fields (minute hour day-of-month month day-of-week) or a macro
   */
  public static expression(expression: string): Schedule {
    return new Schedule(expression, `Schedule.expression(${JSON.stringify(expression)})`, []);
  }

  /**
   * The schedule of a cdk8s `Cron`, e.g. `Cron.daily()` or `Cron.schedule({ hour: '3', minute: '0' })`.
   *
   * @param cron the cdk8s cron schedule
   */
  public static fromCron(cron: Cron): Schedule {
    return Schedule.expression(cron.expressionString);
  }

  /** The cron expression, as written into the CronJob's `spec.schedule`. */
  public readonly expressionString: string;

  /**
   * How the schedule was made, for error messages, e.g. `Schedule.nightly(25)`.
   * @internal
   */
  public readonly _call: string;

  /**
   * The factory's arguments, checked by the construct that uses the schedule.
   * @internal
   */
  public readonly _arguments: readonly ScheduleArgument[];

  private constructor(expressionString: string, madeBy: string, args: ScheduleArgument[]) {
    this.expressionString = expressionString;
    this._call = madeBy;
    this._arguments = args;
  }

  /** The cron expression. */
  public toString(): string {
    return this.expressionString;
  }
}

function hourArg(value: number): ScheduleArgument {
  return { name: 'hour', value, min: 0, max: 23 };
}

function minuteArg(value: number): ScheduleArgument {
  return { name: 'minute', value, min: 0, max: 59 };
}

function weekDayName(day: WeekDay): string {
  const key = Object.entries(WeekDay).find(([, v]) => v === day)?.[0];
  return key ? `WeekDay.${key}` : JSON.stringify(day);
}

function call(factory: string, ...args: unknown[]): string {
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return `Schedule.${factory}(${args.map(a => (typeof a === 'string' && a.startsWith('WeekDay.') ? a : String(a))).join(', ')})`;
}
