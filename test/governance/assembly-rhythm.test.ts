import { describe, expect, it } from 'vitest';
import { meetingPlanning } from '../../src/jobs/meeting-planning.ts';
import { appPerTest, castApp, type TestApp } from '../support/harness.ts';

/** The coordinator's reminders about the assembly's rhythm, as `at` (UTC) ran the planning job. */
async function remindersAt(t: TestApp, at: string): Promise<string[]> {
  const before = t.notifier.private.length;
  t.clock.set(at);
  await t.runJobs(at);
  return t.notifier.private.slice(before).filter((p) => p.to.platformUserId === 'anna' && !/spotkania roboczego sieci/.test(p.message.text ?? '')).map((p) => `${p.message.title}: ${p.message.text}`);
}

describe('the assembly meets as often as the cluster model says', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] } }, { start: '2026-05-30T10:00:00Z', jobs: [meetingPlanning] }));

  it('a W-M KES Cluster Council, at least quarterly: a quarter with no meeting reminds the coordinator once, a month before its end', async () => {
    expect((await t.as('anna').command('setup', 'model', { model: 'wm-kes' })).tone).toBe('success');
    expect(await remindersAt(t, '2026-06-01T06:59:00Z')).toEqual([]);
    // 1 June, 9:00 in Warsaw (summer time): 30 days before the quarter ends.
    expect(await remindersAt(t, '2026-06-01T07:00:00Z')).toEqual([
      'Brak posiedzenia Rady Klastra w tym okresie: Posiedzenie Rady Klastra odbywa się co najmniej 4 razy w roku, a od 1.04.2026 do 30.06.2026 nie zaplanowano jeszcze żadnego. Zwołaj je: /assembly convene.',
    ]);
    expect(await remindersAt(t, '2026-06-15T07:00:00Z')).toEqual([]);
    // The next quarter has its meeting: nothing to remind.
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    await t.app.services.meetings.schedule(cluster, { kind: 'general', startsAt: new Date('2026-08-20T15:00:00Z'), title: 'Posiedzenie Rady Klastra', place: 'Olsztyn', agenda: '1. Plan' });
    expect(await remindersAt(t, '2026-09-01T07:00:00Z')).toEqual([]);
    // The last quarter has none: 2 December, 9:00 in winter time.
    expect(await remindersAt(t, '2026-12-02T07:59:00Z')).toEqual([]);
    expect(await remindersAt(t, '2026-12-02T08:00:00Z')).toHaveLength(1);
  });

  it('a PKES General Meeting, once a year: no reminder for a quarter, only the yearly one by its deadline', async () => {
    expect(await remindersAt(t, '2026-06-01T07:00:00Z')).toEqual([]);
    const yearly = await remindersAt(t, '2026-06-30T07:00:00Z');
    expect(yearly).toHaveLength(1);
    expect(yearly[0]).toMatch(/^Brak Walnego Spotkania w tym roku/);
  });
});
