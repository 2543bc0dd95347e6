import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admissionReminders, conditionsReview } from '../../src/jobs/admission-reminders.ts';
import { dataConfirmationReminders } from '../../src/jobs/data-confirmation.ts';
import { castApp, createTestApp, type TestApp } from '../support/harness.ts';
import { ADMISSION_TEAM, applicationForm, applicationId } from './support.ts';

describe('admission reminders (day 21) and escalation (day 28)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z', jobs: [admissionReminders] });
    await t.given('anna', { roles: ['coordinator'] });
    await t.given('olek', { roles: ['operator'] });
    await t.given('tomasz', { roles: ['team'] });
    await t.given('jan', { main: 'Spółdzielnia Razem' });
    await t.as('ola').form('apply', applicationForm({ org_name: 'Fundacja Morska', legal_form: 'foundation' }));
    t.notifier.clear();
  });
  afterEach(() => t.close());

  const reminders = (t: TestApp, user: string) => t.notifier.dmsTo(user).filter((m) => m.title?.includes('Fundacja Morska'));

  it('nothing before day 21; the coordinator alone at day 21, once however often the job runs', async () => {
    await t.runJobs('2026-03-22T08:00:00Z'); // day 20
    expect(t.notifier.private).toHaveLength(0);

    await t.runJobs('2026-03-23T08:00:00Z'); // day 21
    await t.runJobs('2026-03-23T09:00:00Z');
    await t.runJobs('2026-03-24T09:00:00Z');
    expect(reminders(t, 'anna')).toHaveLength(1);
    expect(reminders(t, 'anna')[0]!.text).toContain('czeka już 21 dni');
    expect(reminders(t, 'anna')[0]!.text).toContain('Zostało 9 dni.');
    expect(reminders(t, 'olek')).toHaveLength(0);
    expect(reminders(t, 'tomasz')).toHaveLength(0);
    expect(reminders(t, 'jan')).toHaveLength(0);
  });

  it('an overdue application reads the same everywhere: days past the deadline, never a negative count', async () => {
    // The bot was down: the first run after day 46 catches the reminder up, 16 days after the deadline.
    t.clock.set('2026-04-17T08:00:00Z');
    await t.runJobs();
    const reminder = reminders(t, 'anna')[0]!;
    expect(reminder.text).toContain('Decyzja jest spóźniona: 16 dni po terminie.');
    expect(reminder.text).not.toMatch(/-\d+ dni|Zostało -/);
    const status = await t.as('ola').command('application', 'status');
    const next = status.fields?.find((f) => f.label === 'Co dalej')?.value ?? '';
    expect(next).toBe('Koordynator sprawdzi zgłoszenie pod kątem kryteriów członkostwa. Decyzja jest spóźniona: 16 dni po terminie.');
    const list = await t.as('anna').command('applications', 'list');
    expect(JSON.stringify(list.fields)).toContain('16 dni po terminie');
    const id = await applicationId(t, 'Fundacja Morska');
    const shown = await t.as('anna').command('applications', 'show', { application: id });
    expect(shown.fields?.find((f) => f.value.includes('po terminie'))?.value).toBe('16 dni po terminie');
  });

  it('day 28 escalates to the whole Coordinating Team once, and a restart (a new process on the same database) sends nothing again', async () => {
    // Working-group leaders sit in the Coordinating Team.
    const created = await t.as('anna').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne oferty cateringowe', leader: 'lena' });
    expect(created.tone).not.toBe('error');
    t.notifier.clear();
    await t.runJobs('2026-03-23T08:00:00Z');
    await t.runJobs('2026-03-30T08:00:00Z'); // day 28
    expect(reminders(t, 'anna').map((m) => m.title)).toEqual(['Zgłoszenie organizacji „Fundacja Morska” czeka na decyzję', 'Pilne: zgłoszenie organizacji „Fundacja Morska” bez decyzji']);
    expect(reminders(t, 'olek').map((m) => m.title)).toEqual(['Pilne: zgłoszenie organizacji „Fundacja Morska” bez decyzji']);
    expect(reminders(t, 'tomasz')).toHaveLength(1);
    expect(reminders(t, 'lena').map((m) => m.title)).toEqual(['Pilne: zgłoszenie organizacji „Fundacja Morska” bez decyzji']);
    expect(reminders(t, 'jan')).toHaveLength(0);

    const keys = (await t.app.db.dumpTable('Delivery')).map((d) => d.key);
    const id = await applicationId(t, 'Fundacja Morska');
    expect(keys.sort()).toEqual([`admission:${id}:d21`, `admission:${id}:d28`]);

    // Same ledger, a fresh run of the job as after a restart: nothing is repeated.
    await admissionReminders.run(new Date('2026-03-31T08:00:00Z'), { services: t.app.services, log: t.app.log });
    expect(reminders(t, 'anna')).toHaveLength(2);
  });

  it('a decided application is no longer reminded about', async () => {
    const id = await applicationId(t, 'Fundacja Morska');
    await t.as('anna').command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' });
    await t.as('anna').command('applications', 'recommend', { application: id, recommendation: 'refuse', note: 'Brak działalności ekonomicznej.' });
    await t.as('anna').command('applications', 'meeting', { application: id, when: '2026-03-05 10:00' });
    t.clock.set('2026-03-06T09:00:00Z');
    await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'refused', reason: 'Brak działalności ekonomicznej.' });
    t.notifier.clear();
    await t.runJobs('2026-03-30T08:00:00Z');
    expect(t.notifier.private).toHaveLength(0);
  });
});

describe('yearly reminder to confirm organisation data', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z', jobs: [dataConfirmationReminders] });
    await t.given('jan', { main: 'Spółdzielnia Razem' });
    // Seeding stamps the database's own time; confirming puts the data on the test clock.
    await t.as('jan').command('member', 'confirm-data');
  });
  afterEach(() => t.close());

  it('asks the representatives once a year after the last confirmation, and again a year after confirming', async () => {
    await t.runJobs('2027-02-28T09:00:00Z');
    expect(t.notifier.dmsTo('jan')).toHaveLength(0);
    await t.runJobs('2027-03-03T09:00:00Z');
    await t.runJobs('2027-03-04T09:00:00Z');
    expect(t.notifier.dmsTo('jan').map((m) => m.title)).toEqual(['Czy dane Waszej organizacji są aktualne?']);

    t.clock.set('2027-03-05T09:00:00Z');
    await t.as('jan').command('member', 'confirm-data');
    await t.runJobs('2027-06-01T09:00:00Z');
    expect(t.notifier.dmsTo('jan')).toHaveLength(1);
    await t.runJobs('2028-03-06T09:00:00Z');
    expect(t.notifier.dmsTo('jan')).toHaveLength(2);
  });
});

describe('review of a conditional acceptance', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await castApp(ADMISSION_TEAM, { start: '2026-03-02T09:00:00Z', jobs: [conditionsReview] });
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    const anna = t.as('anna');
    await anna.command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' });
    await anna.command('applications', 'recommend', { application: id, recommendation: 'conditional', note: 'Najpierw udział w grupie roboczej.' });
    await anna.command('applications', 'meeting', { application: id, when: '2026-03-05 10:00' });
    t.clock.set('2026-03-06T09:00:00Z');
    await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'conditional', conditions: 'Udział w grupie gastronomia', review: '2026-06-30' });
    t.notifier.clear();
  });
  afterEach(() => t.close());

  it('reminds the coordinator once on the review date; reinstating makes the membership full and clears the conditions', async () => {
    await t.runJobs('2026-06-29T08:00:00Z');
    expect(t.notifier.dmsTo('anna')).toHaveLength(0);
    await t.runJobs('2026-06-30T08:00:00Z');
    await t.runJobs('2026-07-01T08:00:00Z');
    const dms = t.notifier.dmsTo('anna');
    expect(dms.map((m) => m.title)).toEqual(['Przegląd warunków: Spółdzielnia Socjalna Razem']);
    expect(dms[0]!.text).toContain('Udział w grupie gastronomia');

    t.clock.set('2026-07-01T09:00:00Z');
    const full = await t.as('anna').command('member', 'reinstate', { member: 'Spółdzielnia Socjalna Razem', justification: 'Warunki spełnione: aktywny udział w grupie.' });
    expect(full.tone).toBe('success');
    const [member] = await t.app.db.dumpTable('Member');
    expect(member).toMatchObject({ status: 'active', conditions: null, conditionsReviewAt: null });
  });
});
