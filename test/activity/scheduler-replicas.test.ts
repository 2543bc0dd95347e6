import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { inactivityNudges } from '../../src/jobs/inactivity-nudges.ts';
import { meetingReminders } from '../../src/jobs/meeting-reminders.ts';
import { meetingPlanning } from '../../src/jobs/meeting-planning.ts';
import { memberSince } from './support.ts';

const JOBS = [inactivityNudges, meetingReminders, meetingPlanning];
const HOUR = 3_600_000;

const EXPECTED = [
  // Started on 20 March: the 1 March nudge time is the latest, so it is caught up at once.
  '2026-03-20T00:00:00.000Z anna 1 członek bez działań od dawna',
  '2026-03-20T00:00:00.000Z jan Przypomnienie o aktywności w klastrze',
  '2026-03-24T17:00:00.000Z jan Za 7 dni: Spotkanie robocze sieci',
  '2026-03-30T16:00:00.000Z jan Jutro: Spotkanie robocze sieci',
  '2026-04-01T08:00:00.000Z anna 1 członek bez działań od dawna',
  '2026-04-01T08:00:00.000Z jan Przypomnienie o aktywności w klastrze',
];

/**
 * Two bots on one database, their schedulers running the same instants at the same moment from
 * 20 March to 2 April: every message goes out once, from one of them.
 */
async function twoSchedulers(databaseUrl: string): Promise<string[]> {
  const a = await createTestApp({ start: '2026-03-20T00:00:00Z', databaseUrl, jobs: JOBS });
  const b = await createTestApp({ start: '2026-03-20T00:00:00Z', databaseUrl, jobs: JOBS });
  try {
    await a.given('anna', { roles: ['coordinator'] });
    await memberSince(a, 'jan', 'Spółdzielnia Socjalna Razem', '2025-01-01T00:00:00Z');
    expect((await a.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-03-31', time: '18:00', place: 'Gdańsk' })).tone).toBe('success');
    const sent: string[] = [];
    const seen = new Map<TestApp, number>([[a, 0], [b, 0]]);
    // Every 4 hours, and each expected instant, so both race for exactly the same due message.
    const instants = new Set(EXPECTED.map((e) => Date.parse(e.split(' ')[0]!)));
    for (let at = Date.parse('2026-03-20T00:00:00Z'); at <= Date.parse('2026-04-02T00:00:00Z'); at += 4 * HOUR) instants.add(at);
    for (const at of [...instants].sort((x, y) => x - y)) {
      a.clock.set(new Date(at));
      b.clock.set(new Date(at));
      await Promise.all([a.runJobs(), b.runJobs()]);
      for (const app of [a, b]) {
        for (const p of app.notifier.private.slice(seen.get(app))) sent.push(`${new Date(at).toISOString()} ${p.to.platformUserId} ${p.message.title ?? ''}`);
        seen.set(app, app.notifier.private.length);
      }
    }
    return sent.sort();
  } finally {
    await a.close();
    await b.close();
  }
}

describe('two schedulers on one database', () => {
  it('on one SQLite file send each nudge, digest and reminder once', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkes-replicas-'));
    try {
      expect(await twoSchedulers(`file:${path.join(dir, 'shared.db')}`)).toEqual(EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL send each nudge, digest and reminder once', { timeout: 180_000 }, async (ctx) => {
    // A database of its own, so other suites sharing the server never see these rows.
    const own = await ownPostgresDatabase('pkes_activity');
    if (!own) return ctx.skip();
    try {
      expect(await twoSchedulers(own.url)).toEqual(EXPECTED);
    } finally {
      await own.drop();
    }
  });
});
