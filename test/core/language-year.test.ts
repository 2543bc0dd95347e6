import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { rendered, typedByPeople } from '../support/rendered.ts';
import { languageProblems } from '../support/language.ts';
import { applicationId, applicationForm, expectOk, throughMeeting } from '../membership/support.ts';

/**
 * A year of cluster life in each language: admission, activities, a working group, barter, a poll,
 * a General Meeting vote with minutes, the report, settings, the audit log and the scheduler's
 * messages. Everything the bot shows anyone is read by the language check (test/support/setup.ts
 * runs it after every harness test; here it is also asserted on the spot, with the count of what
 * was read, so the scenario cannot pass by showing nothing).
 */
describe.each(['pl', 'en'] as const)('a year of cluster life in %s', (locale) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    await t.app.services.clusters.updateSettings(cluster.id, { proxiesEnabled: true });
    await t.given('anna', { roles: ['coordinator'] });
    await t.given('tomasz', { roles: ['team'] });
    await t.given('jan', { main: 'Fundacja Horyzont' });
    await t.given('piotr', { main: 'Stowarzyszenie Razem' });
    // The cluster's own language too: channel posts and minutes are in it.
    expectOk(await t.as('anna', { locale, admin: true }).command('setup', 'language', { language: locale }));
  });
  afterEach(() => t.close());

  it('shows every reply, form, DM, post, audit entry and file in the one language', async () => {
    const as = (who: string) => t.as(who, { locale });
    // Admission, four stages.
    expect((await as('ola').command('apply')).form).toBeDefined();
    expectOk(await as('ola').form('apply', applicationForm({ org_name: 'Spółdzielnia Nowa Droga' })));
    await as('ola').command('application', 'status');
    const id = await applicationId(t, 'Spółdzielnia Nowa Droga');
    await throughMeeting(t, id);
    expectOk(await as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' }));
    await as('anna').command('applications', 'audit');
    await as('anna').command('applications', 'list');
    // Activities and their review.
    expectOk(await as('ola').command('activity', 'log', { kind: 'event', date: '2026-03-10', title: 'Targi ekonomii społecznej', description: 'Stoisko' }));
    await as('ola').command('activity', 'status');
    await as('jan').command('activity', 'log', { kind: 'nonsense', date: '2026-13-40', title: '' });
    // A working group, a barter post answered and closed.
    await as('anna').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne zamówienia i catering', leader: 'jan' });
    await as('piotr').command('group', 'join', { group: 'Gastronomia' });
    expectOk(await as('jan').command('barter', 'offer', { kind: 'equipment', title: 'Namiot 6x3', description: 'Na wydarzenia', place: 'Gdańsk', until: '14' }));
    await as('piotr').command('barter', 'list');
    // A poll with an export, a General Meeting with a vote, minutes and the report.
    await as('anna').command('poll', 'create', { question: 'Termin integracji?', choices: 'Czerwiec; Lipiec', deadline: '2026-03-09 12:00' });
    await as('anna').command('meeting', 'schedule', { kind: 'general', date: '2026-03-20', time: '10:00', place: 'Gdańsk' });
    await as('anna').command('motion', 'create', { title: 'Plan na 2026', text: 'Walne przyjmuje plan.', closes: '2026-03-20 12:00', ballot: 'single', choices: 'A; B' });
    await as('jan').command('vote');
    await as('anna').command('setup', 'settings');
    await as('anna').command('setup', 'set', { key: 'minActivitiesPerYear', value: '3' });
    // The scheduler through the year: reminders, nudges, closes, digests.
    for (const at of ['2026-03-09T13:00:00Z', '2026-03-21T09:00:00Z', '2026-06-01T09:00:00Z', '2026-10-15T09:00:00Z', '2026-12-20T09:00:00Z']) {
      t.clock.set(at);
      await t.runJobs();
    }
    await as('anna').command('meeting', 'minutes');
    await as('anna').command('report', 'activity', { year: 2026 });
    await as('anna').command('applications', 'audit');

    const seen = [...rendered];
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.filter((r) => r.where.startsWith('DM')).length).toBeGreaterThan(3);
    const problems = seen.flatMap((r) => languageProblems(r.reply, r.reply.locale ?? 'pl', [...typedByPeople]).map((p) => `${r.where}: ${p}`));
    expect(problems).toEqual([]);
    // The people's replies really were in the language asked for.
    expect(seen.filter((r) => r.where.startsWith('reply to jan')).every((r) => r.reply.locale === locale)).toBe(true);
  });
});
