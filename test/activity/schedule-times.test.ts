import { describe, expect, it } from 'vitest';
import { daysBefore, latestFireTime, parseCron } from '../../src/services/schedule-times.ts';

const ZONE = 'Europe/Warsaw';
const fire = (expr: string, now: string) => latestFireTime(new Date(now), ZONE, () => parseCron(expr))?.toUTC().toISO();

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

  it('rejects malformed expressions instead of guessing', () => {
    expect(parseCron('0 25 * * *')).toBeUndefined();
    expect(parseCron('monthly')).toBeUndefined();
    expect(parseCron('*/0 * * * *')).toBeUndefined();
  });

  it('counts days before a meeting in local calendar days, so DST moves nothing', () => {
    expect(daysBefore(new Date('2026-03-31T16:00:00Z'), 7, ZONE).toISOString()).toBe('2026-03-24T17:00:00.000Z');
    expect(daysBefore(new Date('2026-10-27T17:00:00Z'), 7, ZONE).toISOString()).toBe('2026-10-20T16:00:00.000Z');
  });
});
