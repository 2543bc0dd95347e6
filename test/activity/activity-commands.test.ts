import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { clusterId, memberSince, workingGroup } from './support.ts';

describe('/activity log, list, status', () => {
  let t: TestApp;
  let razem: string;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-05-20T10:00:00Z' });
    razem = await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2026-02-01T00:00:00Z');
    await t.given('anna', { roles: ['coordinator'] });
  });
  afterEach(() => t.close());

  it('opens the form with kind, date, title, description and link when called without them', async () => {
    const reply = await t.as('jan').command('activity', 'log');
    expect(reply.form?.id).toBe('activity.log');
    expect(reply.form?.fields.map((f) => f.name)).toEqual(['kind', 'date', 'title', 'description', 'link']);
    expect(reply.form?.fields[0]?.options?.map((o) => o.label)).toContain('inicjatywa sieciowa');
  });

  it('records an activity from the form and answers with the yearly count in Polish', async () => {
    const reply = await t.as('jan').form('activity.log', { kind: 'event', date: '2026-05-14', title: 'Targi ekonomii społecznej', description: 'Wspólne stoisko z dwoma członkami', link: 'https://example.org/targi' });
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('1 z 2 działań w 2026');
    const rows = await t.app.db.dumpTable('Activity');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ memberId: razem, kind: 'event', title: 'Targi ekonomii społecznej', status: 'logged', source: 'manual', link: 'https://example.org/targi' });
  });

  it('refuses a date in the future and keeps what was typed for the corrected form', async () => {
    const values = { kind: 'project', date: '2026-05-21', title: 'Wspólny projekt', description: 'Opis' };
    const reply = await t.as('jan').form('activity.log', values);
    expect(reply.errorId).toBe('activity.errors.future');
    expect(reply.text).toContain('2026-05-21');
    expect(reply.fieldErrors?.date).toBe('data nie może być w przyszłości');
    const reopened = await t.as('jan').press(reply, 'Popraw formularz');
    expect(reopened.form?.fields.find((f) => f.name === 'title')?.value).toBe('Wspólny projekt');
    expect(await t.app.db.dumpTable('Activity')).toHaveLength(0);
  });

  it('refuses a date before the membership began, naming the day it began', async () => {
    const reply = await t.as('jan').command('activity', 'log', { kind: 'project', date: '2026-01-31', title: 'Stary projekt', description: 'Opis' });
    expect(reply.errorId).toBe('activity.errors.beforeMembership');
    expect(reply.text).toContain('2026-02-01');
  });

  it('refuses a malformed or impossible date with a clear message', async () => {
    const malformed = await t.as('jan').command('activity', 'log', { kind: 'project', date: '14 maja', title: 'Projekt', description: 'Opis' });
    expect(malformed.errorId).toBe('core.errors.invalidOptions');
    expect(malformed.fieldErrors?.date).toBe('podaj datę, np. 2026-03-20 lub 20.03.2026');
    const impossible = await t.as('jan').command('activity', 'log', { kind: 'project', date: '30.02.2026', title: 'Projekt', description: 'Opis' });
    expect(impossible.fieldErrors?.date).toBe('podaj datę, np. 2026-03-20 lub 20.03.2026');
  });

  it('refuses the same activity logged twice', async () => {
    const entry = { kind: 'event', date: '2026-05-14', title: 'Targi', description: 'Opis' };
    await t.as('jan').command('activity', 'log', entry);
    const again = await t.as('jan').command('activity', 'log', entry);
    expect(again.errorId).toBe('activity.errors.duplicate');
  });

  it('counts with correct Polish plurals and says what is missing', async () => {
    const none = await t.as('jan').command('activity', 'status');
    expect(none.text).toContain('0 z 2 działań w 2026');
    expect(none.text).toContain('Brakuje jeszcze 2 działań.');
    await t.as('jan').command('activity', 'log', { kind: 'event', date: '2026-05-14', title: 'Targi', description: 'Opis' });
    const one = await t.as('jan').command('activity', 'status');
    expect(one.text).toContain('1 z 2 działań w 2026');
    expect(one.text).toContain('Brakuje jeszcze 1 działania.');
    await t.app.services.clusters.updateSettings(await clusterId(t), { minActivitiesPerYear: 1 });
    const met = await t.as('jan').command('activity', 'status');
    expect(met.text).toContain('1 z 1 działania w 2026');
    expect(met.text).toContain('Roczne minimum osiągnięte');
    await t.app.services.clusters.updateSettings(await clusterId(t), { minActivitiesPerYear: 5 });
    expect((await t.as('jan').command('activity', 'status')).text).toContain('Brakuje jeszcze 4 działań.');
  });

  it("status reads only the organisation's own activities, not the whole cluster's", async () => {
    const horyzont = await memberSince(t, 'piotr', 'Fundacja Horyzont', '2026-02-01T00:00:00Z');
    for (const [day, title] of [['2026-03-02', 'Warsztaty'], ['2026-04-07', 'Festyn'], ['2026-05-18', 'Kiermasz']]) {
      await t.as('piotr').command('activity', 'log', { kind: 'event', date: day, title, description: 'Opis' });
    }
    await t.as('jan').command('activity', 'log', { kind: 'event', date: '2026-05-14', title: 'Targi', description: 'Opis' });
    const count = vi.spyOn(t.app.db.activities, 'countByMember');
    const last = vi.spyOn(t.app.db.activities, 'lastByMember');
    try {
      const mine = await t.app.services.activity.standing(await t.app.services.clusters.resolve('console', TEST_CLUSTER), razem, 2026);
      expect(mine).toMatchObject({ memberId: razem, count: 1 });
      expect(mine.lastActivity!.getTime()).toBeLessThan(new Date('2026-05-15T00:00:00Z').getTime()); // jan's, not piotr's 18 May
      expect(count.mock.calls.map((c) => c[3])).toEqual([[razem]]);
      expect(last.mock.calls.map((c) => c[2])).toEqual([[razem]]);
      expect(await count.mock.results[0]!.value).toEqual(new Map([[razem, 1]]));
      expect((await t.as('jan').command('activity', 'status')).text).toContain('1 z 2 działań w 2026');
      expect((await t.as('piotr').command('activity', 'status')).text).toContain('3 z 2 działań w 2026');
      // The report still reads the whole cluster at once.
      count.mockClear();
      const report = await t.app.services.activity.report(await t.app.services.clusters.resolve('console', TEST_CLUSTER), 2026);
      expect(count.mock.calls.map((c) => c[3])).toEqual([undefined]);
      expect(Object.fromEntries(report.map((r) => [r.memberId, r.count]))).toEqual({ [razem]: 1, [horyzont]: 3 });
    } finally {
      count.mockRestore();
      last.mockRestore();
    }
  });

  it('speaks English to an English-speaking representative', async () => {
    const reply = await t.as('jan', { locale: 'en-GB' }).command('activity', 'status');
    expect(reply.text).toContain('0 of 2 activities in 2026');
    expect(reply.text).toContain('2 more activities are needed.');
  });

  it('suggests an open working group, an upcoming meeting and an open barter request', async () => {
    const id = await clusterId(t);
    const other = await memberSince(t, 'ola', 'Fundacja Pomorze', '2025-01-01T00:00:00Z');
    await workingGroup(t, 'Gastronomia', 'ola', [other]);
    await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '17:00', place: 'Gdańsk, ul. Długa 1' });
    await t.app.db.barter.create({ clusterId: id, memberId: other, authorPersonId: null, type: 'request', kind: 'transport', title: 'Potrzebny bus na sobotę', description: '', exchange: 'open', place: '', availableUntil: new Date('2026-06-30T00:00:00Z'), createdAt: t.clock.now() });
    const reply = await t.as('jan').command('activity', 'status');
    expect(reply.text).toContain('dołącz do grupy roboczej „Gastronomia”');
    expect(reply.text).toContain('przyjdź na spotkanie „Spotkanie robocze sieci” (10.06.2026, 17:00)');
    expect(reply.text).toContain('odpowiedz na prośbę w barterze: „Potrzebny bus na sobotę”');
  });

  it('lists the year’s activities with their status and the coordinator’s note', async () => {
    await t.as('jan').command('activity', 'log', { kind: 'event', date: '2026-05-14', title: 'Targi', description: 'Opis' });
    const [row] = await t.app.db.dumpTable('Activity');
    await t.as('anna').command('activity', 'review', { activity: String(row!.id), decision: 'reject', reason: 'To było wydarzenie zewnętrzne' });
    const list = await t.as('jan').command('activity', 'list');
    expect(list.text).toContain('14.05.2026 · wydarzenie · Targi (odrzucone)');
    expect(list.text).toContain('uwaga koordynatora: To było wydarzenie zewnętrzne');
    expect((await t.as('jan').command('activity', 'list', { year: 2025 })).text).toContain('Brak zapisanych działań w 2025');
  });
});

describe('coordinator review', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-05-20T10:00:00Z' });
    await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2026-02-01T00:00:00Z');
    await t.given('anna', { roles: ['coordinator'] });
    await t.as('jan').command('activity', 'log', { kind: 'event', date: '2026-05-14', title: 'Targi', description: 'Opis' });
  });
  afterEach(() => t.close());

  it('a rejection needs a reason; with one the activity stops counting and the member is told why', async () => {
    const [row] = await t.app.db.dumpTable('Activity');
    const id = String(row!.id);
    const noReason = await t.as('anna').command('activity', 'review', { activity: id, decision: 'reject' });
    expect(noReason.errorId).toBe('activity.errors.reasonRequired');
    const rejected = await t.as('anna').command('activity', 'review', { activity: id, decision: 'reject', reason: 'Brak udziału innych członków' });
    expect(rejected.tone).toBe('success');
    expect((await t.app.db.dumpTable('Activity'))[0]).toMatchObject({ status: 'rejected', reviewNote: 'Brak udziału innych członków' });
    expect(t.notifier.dmsTo('jan').at(-1)?.text).toContain('Uzasadnienie: Brak udziału innych członków');
    expect((await t.as('jan').command('activity', 'status')).text).toContain('0 z 2 działań w 2026');
  });

  it('confirms from the pending list with a button; members cannot review', async () => {
    const pending = await t.as('anna').command('activity', 'pending');
    expect(pending.text).toContain('Spółdzielnia Socjalna Razem');
    const confirmed = await t.as('anna').press(pending, 'Potwierdź: Targi');
    expect(confirmed.tone).toBe('success');
    expect((await t.app.db.dumpTable('Activity'))[0]).toMatchObject({ status: 'confirmed' });
    expect((await t.as('anna').command('activity', 'pending')).text).toBe('Nic nie czeka na potwierdzenie.');
    const denied = await t.as('jan').command('activity', 'review', { activity: 'x', decision: 'confirm' });
    expect(denied.errorId).toBe('core.denied.coordinator');
  });
});
