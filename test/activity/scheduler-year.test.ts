import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { inactivityNudges } from '../../src/jobs/inactivity-nudges.ts';
import { meetingReminders } from '../../src/jobs/meeting-reminders.ts';
import { meetingPlanning } from '../../src/jobs/meeting-planning.ts';
import { clusterId, memberSince, workingGroup } from './support.ts';

const JOBS = [inactivityNudges, meetingReminders, meetingPlanning];
const HOUR = 3_600_000;

interface Sent {
  to: string;
  title: string;
  at: string;
}

/** Every private message the app sent since the last call, stamped with the clock's time. */
function collector(t: TestApp, into: Sent[]) {
  let seen = 0;
  return () => {
    for (const p of t.notifier.private.slice(seen)) into.push({ to: p.to.platformUserId, title: p.message.title ?? '', at: t.clock.now().toISOString() });
    seen = t.notifier.private.length;
  };
}

const key = (s: Sent) => `${s.at} ${s.to} ${s.title}`;

// Local 10:00 in Europe/Warsaw: 09:00Z in winter time, 08:00Z in summer time (29 March – 25 October 2026).
// None in January (the grace period after the year's end); a 1st or 15th on a weekend or a Polish
// public holiday goes out on the next working day: 1 February and 1 March are Sundays, 1 May a
// holiday before a weekend and 3 May, 1 August a Saturday, 1 November All Saints' on a Sunday.
const NUDGE_TIMES = [
  '2026-02-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-04-01T08:00:00.000Z',
  '2026-05-04T08:00:00.000Z', '2026-06-01T08:00:00.000Z', '2026-07-01T08:00:00.000Z', '2026-08-03T08:00:00.000Z',
  '2026-09-01T08:00:00.000Z', '2026-10-01T08:00:00.000Z', '2026-10-15T08:00:00.000Z', '2026-11-02T09:00:00.000Z',
  '2026-11-16T09:00:00.000Z', '2026-12-01T09:00:00.000Z', '2026-12-15T09:00:00.000Z',
];
const NUDGE = 'Przypomnienie o aktywności w klastrze';

/** What a correct bot sends over 2026, worked out by hand from the rules (see the scenario below). */
function expectedYear(): Sent[] {
  const out: Sent[] = [];
  const nudge = (to: string, times: string[]) => times.forEach((at) => out.push({ to, title: NUDGE, at }));
  nudge('ola', NUDGE_TIMES); // never active
  nudge('ewa', NUDGE_TIMES); // one activity only
  // jan: two activities in January, on track before the first nudge of the year.
  // Snoozed on 30 September: 1 and 15 October skipped.
  nudge('piotr', NUDGE_TIMES.filter((at) => !at.startsWith('2026-10')));
  // Joined 25 June: too new on 1 July.
  nudge('nowy', NUDGE_TIMES.filter((at) => at >= '2026-08'));

  // Coordinator's digest of inactive members (below the minimum, nothing for six months).
  const digestCounts = [3, 2, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3];
  const digestTitle = (n: number) => (n === 1 ? '1 członek bez działań od dawna' : `${n} członków bez działań od dawna`);
  NUDGE_TIMES.forEach((at, i) => out.push({ to: 'anna', title: digestTitle(digestCounts[i]!), at }));

  const remind = (people: string[], title: string, at: string) => people.forEach((to) => out.push({ to, title, at }));
  const early = ['jan', 'ewa', 'ola', 'piotr'];
  const all = [...early, 'nowy'];
  // Network meeting 31 March 18:00 local (after the spring change): 7 days before is still winter time.
  remind(early, 'Za 7 dni: Spotkanie robocze sieci', '2026-03-24T17:00:00.000Z');
  remind(early, 'Jutro: Spotkanie robocze sieci', '2026-03-30T16:00:00.000Z');
  remind(['anna', 'lider'], 'Za 7 dni: Spotkanie Zespołu Koordynującego', '2026-05-05T08:00:00.000Z');
  remind(['anna', 'lider'], 'Jutro: Spotkanie Zespołu Koordynującego', '2026-05-11T08:00:00.000Z');
  remind(['jan', 'ewa', 'lider'], 'Za 7 dni: Spotkanie grupy „Gastronomia”', '2026-06-30T10:00:00.000Z');
  remind(['jan', 'ewa', 'lider'], 'Jutro: Spotkanie grupy „Gastronomia”', '2026-07-06T10:00:00.000Z');
  remind(all, 'Za 7 dni: Spotkanie robocze sieci', '2026-09-08T15:00:00.000Z');
  remind(all, 'Jutro: Spotkanie robocze sieci', '2026-09-14T15:00:00.000Z');
  // Network meeting 27 October 18:00 local (after the autumn change): 7 days before is still summer time.
  remind(all, 'Za 7 dni: Spotkanie robocze sieci', '2026-10-20T16:00:00.000Z');
  remind(all, 'Jutro: Spotkanie robocze sieci', '2026-10-26T17:00:00.000Z');
  // The General Meeting, scheduled on 5 July with /meeting schedule, is convened: each organisation told at once.
  remind(all, 'Zwołanie: Walne Spotkanie Sieci 2026', '2026-07-05T12:00:00.000Z');
  remind(all, 'Za 7 dni: Walne Spotkanie Sieci 2026', '2026-11-13T10:00:00.000Z');
  remind(all, 'Jutro: Walne Spotkanie Sieci 2026', '2026-11-19T10:00:00.000Z');
  // Q2 has no network meeting 30 days before its end (1 June 09:00 local); no General Meeting by 30 June.
  out.push({ to: 'anna', title: 'Brak spotkania sieci w tym kwartale', at: '2026-06-01T07:00:00.000Z' });
  out.push({ to: 'anna', title: 'Brak Walnego Spotkania w tym roku', at: '2026-06-30T07:00:00.000Z' });
  return out;
}

describe('a simulated cluster year', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pkes-year-'));
  const databaseUrl = `file:${path.join(dir, 'year.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends exactly the right nudges, digests and reminders at the right local times, across DST and a restart', { timeout: 240_000 }, async () => {
    const sent: Sent[] = [];
    let t = await createTestApp({ start: '2025-12-31T23:00:00Z', databaseUrl, jobs: JOBS });
    let collect = collector(t, sent);
    await t.given('anna', { roles: ['coordinator'] });
    await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2025-01-01T00:00:00Z');
    await memberSince(t, 'ewa', 'Fundacja Powoli', '2025-06-01T00:00:00Z');
    await memberSince(t, 'ola', 'Stowarzyszenie Uśpione', '2025-01-01T00:00:00Z');
    const snoozer = await memberSince(t, 'piotr', 'CIS Drzemka', '2025-01-01T00:00:00Z');
    await t.given('lider', {});
    const members = await t.app.db.members.listActive(await clusterId(t));
    const byName = new Map(members.map((m) => [m.name, m.id]));
    await workingGroup(t, 'Gastronomia', 'lider', [byName.get('Spółdzielnia Socjalna Razem')!, byName.get('Fundacja Powoli')!]);

    // Things people do during the year, at these instants.
    const events: [string, () => Promise<unknown>][] = [
      ['2026-01-02T08:00:00Z', async () => {
        const anna = t.as('anna');
        for (const [kind, date, time] of [['network', '2026-03-31', '18:00'], ['team', '2026-05-12', '10:00'], ['network', '2026-09-15', '17:00'], ['network', '2026-10-27', '18:00']] as const) {
          const r = await anna.command('meeting', 'schedule', { kind, date, time, place: 'Gdańsk' });
          expect(r.tone).toBe('success');
        }
      }],
      ['2026-01-20T12:00:00Z', async () => {
        await t.as('jan').command('activity', 'log', { kind: 'event', date: '2026-01-15', title: 'Targi', description: 'Stoisko' });
        await t.as('jan').command('activity', 'log', { kind: 'project', date: '2026-01-18', title: 'Projekt', description: 'Wspólny' });
      }],
      ['2026-02-11T12:00:00Z', () => t.as('piotr').command('activity', 'log', { kind: 'event', date: '2026-02-10', title: 'Warsztat', description: 'Opis' })],
      ['2026-03-12T12:00:00Z', () => t.as('ewa').command('activity', 'log', { kind: 'event', date: '2026-03-10', title: 'Festyn', description: 'Opis' })],
      ['2026-06-01T12:00:00Z', () => t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-07-07', time: '12:00', place: 'Sopot' })],
      ['2026-06-25T12:00:00Z', () => memberSince(t, 'nowy', 'Nowa Spółdzielnia', '2026-06-25T12:00:00Z')],
      ['2026-07-05T12:00:00Z', () => t.as('anna').command('meeting', 'schedule', { kind: 'general', date: '2026-11-20', time: '11:00', place: 'Gdańsk' })],
      ['2026-09-30T12:00:00Z', () => t.as('piotr').action('activity', 'snooze')],
    ];

    // Every 12 hours, plus each expected send time and the minute before it: a message an hour
    // early or late (a DST slip) lands on a different instant and fails the comparison.
    const expected = expectedYear();
    const instants = new Set<number>();
    for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += 12 * HOUR) instants.add(at);
    for (const e of expected) {
      instants.add(Date.parse(e.at));
      instants.add(Date.parse(e.at) - 60_000);
    }
    for (const [at] of events) instants.add(Date.parse(at));
    const restartAt = Date.parse('2026-07-01T08:00:00Z');
    const steps = [...instants].sort((a, b) => a - b);

    for (const at of steps) {
      t.clock.set(new Date(at));
      for (const [when, act] of events) if (Date.parse(when) === at) await act();
      await t.runJobs();
      collect();
      if (at === restartAt) {
        // A restart right after the 1 July nudges: a new app on the same database runs the same instant again.
        await t.app.close();
        t = await createTestApp({ start: new Date(at).toISOString(), databaseUrl, jobs: JOBS });
        collect = collector(t, sent);
        await t.runJobs();
        collect();
      }
    }
    await t.close();

    expect(sent.map(key).sort()).toEqual(expected.map(key).sort());
    expect(snoozer).toBeTruthy();
  });
});
