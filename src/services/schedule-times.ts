import { DateTime } from 'luxon';

/**
 * Fire times of the cluster's cron settings, computed with luxon in the cluster's time zone.
 * node-cron only says whether a given minute matches; catch-up needs the latest fire time before
 * `now` (the one a stopped bot missed), so the times are computed here, wall clock in the zone,
 * which keeps "10:00 on the 1st" at 10:00 local on both sides of a DST change.
 */
export interface CronSpec {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: Set<number>;
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

function parseField(field: string, min: number, max: number): number[] | undefined {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-').map(Number);
      if (a === undefined || b === undefined) return undefined;
      from = a;
      to = b;
    } else {
      from = Number(range);
      to = stepText === undefined ? from : max;
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** A 5-field cron expression (a 6-field one's seconds are ignored); undefined when invalid. */
export function parseCron(expr: string): CronSpec | undefined {
  let fields = expr.trim().split(/\s+/);
  if (fields.length === 6) fields = fields.slice(1);
  if (fields.length !== 5) return undefined;
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minutes = parseField(m, 0, 59);
  const hours = parseField(h, 0, 23);
  const daysOfMonth = parseField(dom, 1, 31);
  const months = parseField(mon, 1, 12);
  const daysOfWeek = parseField(dow, 0, 7);
  if (!minutes || !hours || !daysOfMonth || !months || !daysOfWeek) return undefined;
  return {
    minutes,
    hours,
    daysOfMonth: new Set(daysOfMonth),
    months: new Set(months),
    daysOfWeek: new Set(daysOfWeek.map((d) => d % 7)),
    anyDayOfMonth: dom === '*',
    anyDayOfWeek: dow === '*',
  };
}

function matchesDay(spec: CronSpec, day: DateTime): boolean {
  if (!spec.months.has(day.month)) return false;
  const dom = spec.daysOfMonth.has(day.day);
  const dow = spec.daysOfWeek.has(day.weekday % 7);
  if (spec.anyDayOfMonth && spec.anyDayOfWeek) return true;
  if (spec.anyDayOfMonth) return dow;
  if (spec.anyDayOfWeek) return dom;
  // Classic cron: both restricted means either may match.
  return dom || dow;
}

/**
 * The latest fire time at or before `now`, where `specFor(month)` says which schedule holds in
 * that local month (the nudge schedule changes in the last quarter). Looks back at most a year.
 */
export function latestFireTime(now: Date, zone: string, specFor: (month: number) => CronSpec | undefined): DateTime | undefined {
  const at = DateTime.fromJSDate(now, { zone });
  let day = at.startOf('day');
  for (let i = 0; i < 370; i++, day = day.minus({ days: 1 })) {
    const spec = specFor(day.month);
    if (!spec || !matchesDay(spec, day)) continue;
    for (let h = spec.hours.length - 1; h >= 0; h--) {
      for (let m = spec.minutes.length - 1; m >= 0; m--) {
        const fire = day.set({ hour: spec.hours[h]!, minute: spec.minutes[m]! });
        if (fire.toMillis() <= at.toMillis()) return fire;
      }
    }
  }
  return undefined;
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
