import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, appPerTest, castApp } from '../support/harness.ts';
import { inactivityNudges } from '../../src/jobs/inactivity-nudges.ts';
import { meetingReminders } from '../../src/jobs/meeting-reminders.ts';
import { meetingPlanning } from '../../src/jobs/meeting-planning.ts';
import { clusterId, memberSince } from './support.ts';

const JOBS = [inactivityNudges, meetingReminders, meetingPlanning];

/** The bot wakes at `iso`: the clock moves there and the jobs run. */
function run(t: TestApp, iso: string) {
  t.clock.set(iso);
  return t.runJobs();
}

describe('catch-up after downtime', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-20T00:00:00Z', jobs: JOBS });
    await t.given('anna', { roles: ['coordinator'] });
    await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2025-01-01T00:00:00Z');
    await t.runJobs(); // the 1 March nudge, caught up at start
    t.notifier.clear();
  });
  afterEach(() => t.close());

  const titles = (user: string) => t.notifier.dmsTo(user).map((m) => m.title);
  const schedule = (date: string, time: string) => t.as('anna').command('meeting', 'schedule', { kind: 'network', date, time, place: 'Gdańsk' });

  it('sends a missed 1-day reminder at start while the meeting is still ahead, saying it is today', async () => {
    await schedule('2026-03-31', '18:00');
    await run(t, '2026-03-24T17:00:00Z');
    expect(titles('jan')).toEqual(['Za 7 dni: Spotkanie robocze sieci']);
    // Down from before 30 March 18:00 until the meeting's morning.
    await run(t, '2026-03-31T08:00:00Z');
    expect(titles('jan')).toEqual(['Za 7 dni: Spotkanie robocze sieci', 'Dziś: Spotkanie robocze sieci']);
  });

  it('drops a reminder whose meeting has already started', async () => {
    await schedule('2026-03-31', '18:00');
    await run(t, '2026-03-31T16:00:00Z');
    await run(t, '2026-04-01T06:00:00Z');
    expect(titles('jan')).toEqual([]);
  });

  it('sends only the latest due reminder when a meeting is scheduled late', async () => {
    t.clock.set('2026-03-31T04:00:00Z');
    await schedule('2026-03-31', '18:00');
    await t.runJobs();
    await run(t, '2026-03-31T05:00:00Z');
    expect(titles('jan')).toEqual(['Dziś: Spotkanie robocze sieci']);
  });

  it('announces a meeting scheduled inside the 7-day window with the real distance, then reminds the day before', async () => {
    t.clock.set('2026-03-27T12:00:00Z');
    await schedule('2026-03-31', '18:00');
    await t.runJobs();
    await run(t, '2026-03-30T16:00:00Z');
    expect(titles('jan')).toEqual(['Za 4 dni: Spotkanie robocze sieci', 'Jutro: Spotkanie robocze sieci']);
  });

  it('catches up a missed nudge time at start, and not again until the next one', async () => {
    await run(t, '2026-04-03T12:00:00Z');
    expect(titles('jan')).toEqual(['Przypomnienie o aktywności w klastrze']);
    await run(t, '2026-04-20T12:00:00Z');
    await run(t, '2026-05-01T08:00:00Z');
    // 1 May is a public holiday, then a weekend with 3 May: the nudge waits for Monday 4 May, 10:00.
    await run(t, '2026-05-04T07:59:00Z');
    expect(titles('jan')).toHaveLength(1);
    await run(t, '2026-05-04T08:00:00Z');
    expect(titles('jan')).toHaveLength(2);
  });

  it('a run that died mid-way is taken over later, and whoever was already nudged is not nudged again', async () => {
    const ewaMember = await memberSince(t, 'ewa', 'Fundacja Pomorze', '2025-01-01T00:00:00Z');
    const cluster = await clusterId(t);
    const janMember = (await t.app.db.members.listActive(cluster)).find((m) => m.name === 'Spółdzielnia Socjalna Razem')!.id;
    const janPerson = (await t.app.db.people.byPlatformId(cluster, 'jan'))!.id;
    // The dead runner's traces: the run claimed at 10:00 local, jan's DM sent, ewa's not yet.
    const at = new Date('2026-04-01T08:00:00Z');
    await t.app.db.deliveries.claim(cluster, `nudge-run:${cluster}:2026-04-01T1000`, 'nudge-run', at);
    await t.app.db.deliveries.claim(cluster, `nudge:${janMember}:2026-04-01T1000:${janPerson}`, 'nudge', at);
    await t.app.db.deliveries.markSent(`nudge:${janMember}:2026-04-01T1000:${janPerson}`, 'sent', at);
    await run(t, '2026-04-01T08:02:00Z');
    expect(t.notifier.private).toHaveLength(0);
    await run(t, '2026-04-01T08:06:00Z');
    expect(titles('ewa')).toEqual(['Przypomnienie o aktywności w klastrze']);
    expect(titles('jan')).toEqual([]);
    expect(ewaMember).toBeTruthy();
  });

  it('never nudges more often than the cluster allows, even when the schedule asks', async () => {
    await t.app.services.clusters.updateSettings(await clusterId(t), { nudgeCron: '0 10 * * *', nudgeMinIntervalDays: 7 });
    for (let day = 1; day <= 15; day++) await t.runJobs(`2026-04-${String(day).padStart(2, '0')}T08:00:00Z`);
    // 1 April, then every 7 days: 8 and 15 April.
    expect(titles('jan')).toHaveLength(3);
  });

  it('the nudge speaks the member’s language and offers four ways to act', async () => {
    await t.as('jan', { locale: 'en-US' }).command('activity', 'status');
    await run(t, '2026-04-01T08:00:00Z');
    const [nudge] = t.notifier.dmsTo('jan');
    expect(nudge?.title).toBe('A reminder about activity in the cluster');
    expect(nudge?.text).toContain('0 of 2 activities in 2026');
    // No groups, meetings or requests in this cluster yet: still two concrete ways.
    expect(nudge?.text).toContain('• record something you already did with other members (/activity log)\n• propose a joint initiative');
    expect(nudge?.buttons?.map((b) => b.label)).toEqual(['Record an activity', 'Join a group', 'See meetings', 'Remind me in 30 days']);
    const form = await t.as('jan', { locale: 'en-US' }).press(nudge!, 'Record an activity');
    expect(form.form?.id).toBe('activity.log');
    const meetings = await t.as('jan', { locale: 'en-US' }).press(nudge!, 'See meetings');
    expect(meetings.text).toBe('No meetings scheduled.');
    const snoozed = await t.as('jan', { locale: 'en-US' }).press(nudge!, 'Remind me in 30 days');
    expect(snoozed.text).toBe('All right – we will remind you in 30 days, not before 1 May 2026.');
    // Even a daily schedule stays silent for the 30 days asked, then resumes.
    await t.app.services.clusters.updateSettings(await clusterId(t), { nudgeCron: '0 10 * * *', nudgeMinIntervalDays: 1 });
    await run(t, '2026-04-15T08:00:00Z');
    await run(t, '2026-04-30T08:00:00Z');
    expect(t.notifier.dmsTo('jan')).toHaveLength(1);
    await run(t, '2026-05-01T08:00:00Z');
    expect(t.notifier.dmsTo('jan')).toHaveLength(1);
    // 1–3 May: a public holiday, a Saturday, a Sunday and holiday; the daily nudge resumes on Monday.
    await run(t, '2026-05-04T08:00:00Z');
    expect(t.notifier.dmsTo('jan')).toHaveLength(2);
  });
});

describe('planning reminders', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] } }, { start: '2026-05-25T00:00:00Z', jobs: JOBS }));

  it('reminds the coordinator of a quarter without a network meeting 30 days before it ends, unless one is scheduled', async () => {
    await run(t, '2026-06-01T06:59:00Z');
    expect(t.notifier.dmsTo('anna')).toHaveLength(0);
    await run(t, '2026-06-01T07:00:00Z');
    expect(t.notifier.dmsTo('anna').map((m) => m.text)).toEqual([
      'W kwartale 2/2026 nie zaplanowano jeszcze spotkania roboczego sieci, a kwartał kończy się 30.06.2026. Zaplanuj je: /meeting schedule kind:network.',
    ]);
    await run(t, '2026-06-02T07:00:00Z');
    expect(t.notifier.dmsTo('anna')).toHaveLength(1);
    // Q3: a network meeting is scheduled in time, so no reminder on 1 September.
    t.clock.set('2026-08-01T10:00:00Z');
    await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-09-20', time: '17:00', place: 'Gdynia' });
    await run(t, '2026-09-01T07:00:00Z');
    expect(t.notifier.dmsTo('anna').filter((m) => m.title === 'Brak spotkania sieci w tym kwartale')).toHaveLength(1);
  });

  it('reminds of a year without a General Meeting on the cluster’s deadline', async () => {
    await t.app.services.clusters.updateSettings(await clusterId(t), { generalMeetingDeadline: '09-15' });
    await run(t, '2026-06-30T12:00:00Z');
    expect(t.notifier.dmsTo('anna').filter((m) => m.title === 'Brak Walnego Spotkania w tym roku')).toHaveLength(0);
    await run(t, '2026-09-15T07:00:00Z');
    expect(t.notifier.dmsTo('anna').filter((m) => m.title === 'Brak Walnego Spotkania w tym roku')).toHaveLength(1);
  });
});
