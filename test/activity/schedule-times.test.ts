import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { daysBefore, isValidCron, isWorkingDay, latestFireTime, onWorkingDay } from '../../src/services/schedule-times.ts';

const ZONE = 'Europe/Warsaw';
const fire = (expr: string, now: string) => latestFireTime(new Date(now), ZONE, () => expr)?.toUTC().toISO();

describe('cron fire times in the cluster’s time zone', () => {
  it('keeps 10:00 local on both sides of the spring and autumn changes', () => {
    expect(fire('0 10 * * *', '2026-03-28T12:00:00Z')).toBe('2026-03-28T09:00:00.000Z');
    expect(fire('0 10 * * *', '2026-03-29T12:00:00Z')).toBe('2026-03-29T08:00:00.000Z');
    expect(fire('0 10 * * *', '2026-10-25T12:00:00Z')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('finds the latest fire time before now, also a month back', () => {
    expect(fire('0 10 1 * *', '2026-04-01T07:59:00Z')).toBe('2026-03-01T09:00:00.000Z');
    expect(fire('0 10 1,15 10-12 *', '2026-11-10T00:00:00Z')).toBe('2026-11-01T09:00:00.000Z');
    expect(fire('30 9 * * 1', '2026-06-03T00:00:00Z')).toBe('2026-06-01T07:30:00.000Z');
  });

  it('counts a fire time exactly at now, and follows a schedule that changes by month', () => {
    expect(fire('0 10 1 * *', '2026-03-01T09:00:00Z')).toBe('2026-03-01T09:00:00.000Z');
    const quarterly = (month: number) => (month >= 10 ? '0 10 1,15 * *' : '0 10 1 * *');
    expect(latestFireTime(new Date('2026-10-20T00:00:00Z'), ZONE, quarterly)?.toUTC().toISO()).toBe('2026-10-15T08:00:00.000Z');
    expect(latestFireTime(new Date('2026-09-20T00:00:00Z'), ZONE, quarterly)?.toUTC().toISO()).toBe('2026-09-01T08:00:00.000Z');
    expect(latestFireTime(new Date('2026-09-20T00:00:00Z'), ZONE, (m) => (m === 5 ? '0 10 1 * *' : undefined))?.toUTC().toISO()).toBe('2026-05-01T08:00:00.000Z');
  });

  it('rejects malformed expressions instead of guessing', () => {
    for (const bad of ['0 25 * * *', 'monthly', '*/0 * * * *', '0 10 1 * * * *', '0 10 32 * *', '0 10 1 13 *', '']) expect(isValidCron(bad), bad).toBe(false);
    for (const good of ['0 10 1 * *', '0 10 1,15 10-12 *', '30 9 * * 1-5', '0 0 10 1 * *']) expect(isValidCron(good), good).toBe(true);
    expect(fire('0 25 * * *', '2026-03-01T09:00:00Z')).toBeUndefined();
  });

  it('knows Polish working days: no weekend, no public holiday (Christmas Eve among them), and moves to the next one', () => {
    const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
    expect(isWorkingDay(day('2026-01-01T10:00'))).toBe(false);
    expect(isWorkingDay(day('2026-01-06T10:00'))).toBe(false);
    expect(isWorkingDay(day('2026-12-24T10:00'))).toBe(false);
    expect(isWorkingDay(day('2026-02-14T10:00'))).toBe(false);
    expect(isWorkingDay(day('2026-01-02T10:00'))).toBe(true);
    expect(onWorkingDay(day('2026-12-24T10:00')).toISO()).toBe('2026-12-28T10:00:00.000+01:00');
    expect(onWorkingDay(day('2026-04-05T10:00')).toISO()).toBe('2026-04-07T10:00:00.000+02:00');
    expect(onWorkingDay(day('2026-03-02T10:00')).toISO()).toBe('2026-03-02T10:00:00.000+01:00');
    // Easter Monday and Corpus Christi move with Easter: 2030's are days off too.
    expect(isWorkingDay(day('2030-04-22T10:00'))).toBe(false);
    expect(isWorkingDay(day('2030-06-20T10:00'))).toBe(false);
  });

  it('refuses to guess a working day in a year the holiday table does not cover, naming the script that widens it', () => {
    expect(() => isWorkingDay(DateTime.fromISO('2101-03-01T10:00', { zone: ZONE }))).toThrow(/npm run holidays:pl/);
  });

  it('counts days before a meeting in local calendar days, so DST moves nothing', () => {
    expect(daysBefore(new Date('2026-03-31T16:00:00Z'), 7, ZONE).toISOString()).toBe('2026-03-24T17:00:00.000Z');
    expect(daysBefore(new Date('2026-10-27T17:00:00Z'), 7, ZONE).toISOString()).toBe('2026-10-20T16:00:00.000Z');
  });
});
