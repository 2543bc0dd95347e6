import { DateTime } from 'luxon';
import { CronExpressionParser } from 'cron-parser';
// Poland's public holidays as date-holidays computes them, year by year (scripts/holidays-pl.ts).
import polishHolidays from './holidays-pl.json' with { type: 'json' };

/**
 * Fire times of the cluster's cron settings, computed by cron-parser in the cluster's time zone.
 * node-cron only says whether a given minute matches; catch-up needs the latest fire time before
 * `now` (the one a stopped bot missed). The wall clock is kept in the zone, so "10:00 on the 1st"
 * stays 10:00 local on both sides of a DST change.
 */

/** Whether a 5-field (or 6-field, with seconds) cron expression is one cron-parser can run. */
export function isValidCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  try {
    CronExpressionParser.parse(expr.trim(), { strict: false });
    return true;
  } catch {
    return false;
  }
}

/** How far back a schedule is searched, and how many fire times at most (a minutely cron). */
const LOOK_BACK_DAYS = 370;
const MAX_STEPS = 5000;

/**
 * The latest fire time at or before `now`, where `cronFor(month)` says which schedule holds in
 * that local month (the nudge schedule changes in the last quarter). Looks back at most a year;
 * an invalid expression contributes nothing.
 */
export function latestFireTime(now: Date, zone: string, cronFor: (month: number) => string | undefined): DateTime | undefined {
  const expressions = new Set<string>();
  for (let month = 1; month <= 12; month++) {
    const expr = cronFor(month);
    if (expr && isValidCron(expr)) expressions.add(expr.trim());
  }
  const earliest = now.getTime() - LOOK_BACK_DAYS * 86_400_000;
  let latest: DateTime | undefined;
  for (const expr of expressions) {
    // cron-parser steps back from strictly before its current date: one millisecond on, `now` itself counts.
    const it = CronExpressionParser.parse(expr, { tz: zone, currentDate: new Date(now.getTime() + 1), startDate: new Date(earliest) });
    for (let step = 0; step < MAX_STEPS && it.hasPrev(); step++) {
      const fire = DateTime.fromJSDate(it.prev().toDate(), { zone });
      if (latest && fire <= latest) break;
      if (cronFor(fire.month)?.trim() === expr) {
        latest = fire;
        break;
      }
    }
  }
  return latest;
}

/**
 * Poland's public holidays (Christmas Eve among them since 2025), kept current by date-holidays:
 * `npm run holidays:pl` writes its days into a table, so the bot loads neither the package nor its
 * parser (moment-timezone, astronomical calendars: about 5 MiB of an idle bot's heap).
 */
const holidaysByYear = new Map(Object.entries(polishHolidays.days).map(([year, days]) => [Number(year), new Set(days)]));

/** A weekday that is no public holiday in Poland, in the cluster's zone. */
export function isWorkingDay(day: DateTime): boolean {
  if (day.weekday >= 6) return false;
  const holidays = holidaysByYear.get(day.year);
  // Guessing would send a reminder on a holiday or hold it back on a working day: say what to run.
  if (!holidays) throw new Error(`Polish public holidays are known for ${polishHolidays.years.join('–')}, not ${day.year}: widen scripts/holidays-pl.ts and run npm run holidays:pl`);
  return !holidays.has(day.toFormat('MM-dd'));
}

/** The same local time on the first working day at or after `at`: members get no scheduled message on a day off. */
export function onWorkingDay(at: DateTime): DateTime {
  let day = at;
  for (let i = 0; i < 14 && !isWorkingDay(day); i++) day = day.plus({ days: 1 });
  return day;
}

/** The same wall-clock time `days` calendar days earlier in the zone: DST never shifts it. */
export function daysBefore(date: Date, days: number, zone: string): Date {
  return DateTime.fromJSDate(date, { zone }).minus({ days }).toJSDate();
}

/** The local year and quarter (1–4) of `now`, with their bounds as instants. */
export function quarterOf(now: Date, zone: string) {
  const local = DateTime.fromJSDate(now, { zone });
  const start = local.startOf('quarter');
  const end = start.plus({ months: 3 });
  return { year: local.year, quarter: local.quarter, start, end };
}

export function yearBounds(year: number, zone: string) {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  return { start: start.toJSDate(), end: start.plus({ years: 1 }).toJSDate() };
}

export function localYear(now: Date, zone: string): number {
  return DateTime.fromJSDate(now, { zone }).year;
}
