import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { memberSince } from '../activity/support.ts';
import type { Reply } from '../../src/core/reply.ts';

const labels = (r: Reply) => r.buttons?.map((b) => b.label) ?? [];
const ORGS = [
  ['jan', 'Spółdzielnia Socjalna Razem'],
  ['ewa', 'Fundacja Pomorze'],
  ['piotr', 'Stowarzyszenie Horyzont'],
  ['ola', 'Spółdzielnia Socjalna Wrzos'],
] as const;

describe('seats and the waitlist', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-05-04T10:00:00Z', jobs: [] });
    await t.given('anna', { roles: ['coordinator'] });
    for (const [who, org] of ORGS) await memberSince(t, who, org, '2025-01-01T00:00:00Z');
  });
  afterEach(() => t.close());

  it('RSVPs beyond the capacity wait in order; a cancellation seats the first in line, who is told and can decline', async () => {
    const training = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '10:00', place: 'Gdańsk', title: 'Szkolenie z zamówień publicznych', capacity: 2 });
    expect(training.fields?.[0]?.value).toContain('Liczba miejsc (organizacji): 2');
    expect(labels(training)).toEqual(['Będę', 'Nie będę', 'Miejsca i lista rezerwowa']);

    expect((await t.as('jan').press(training, 'Będę')).text).toContain('będzie na spotkaniu');
    expect((await t.as('ewa').press(training, 'Będę')).text).toContain('będzie na spotkaniu');
    const piotr = await t.as('piotr').press(training, 'Będę');
    expect(piotr.text).toBe(
      'Brak wolnych miejsc na spotkaniu „Szkolenie z zamówień publicznych”. Organizacja „Stowarzyszenie Horyzont” jest na liście rezerwowej – miejsce w kolejce: 1. Gdy ktoś zrezygnuje, napiszę od razu.',
    );
    expect((await t.as('ola').press(training, 'Będę')).text).toContain('miejsce w kolejce: 2');
    // Pressing again keeps one's place.
    expect((await t.as('piotr').press(training, 'Będę')).text).toContain('miejsce w kolejce: 1');

    const lists = await t.as('anna').press(training, 'Miejsca i lista rezerwowa');
    expect(lists.fields).toEqual([
      { label: 'Mają miejsce (2)', value: '• Fundacja Pomorze\n• Spółdzielnia Socjalna Razem' },
      { label: 'Lista rezerwowa (2)', value: '1. Stowarzyszenie Horyzont\n2. Spółdzielnia Socjalna Wrzos' },
    ]);
    expect((await t.as('jan').press(training, 'Miejsca i lista rezerwowa')).errorId).toBe('core.denied.groupLeader');

    // Jan cancels: Piotr is seated and told, with the button to decline.
    t.notifier.clear();
    await t.as('jan').press(training, 'Nie będę');
    const told = t.notifier.dmsTo('piotr');
    expect(told.map((m) => m.title)).toEqual(['Zwolniło się miejsce: Szkolenie z zamówień publicznych']);
    expect(told[0]!.text).toContain('Organizacja „Stowarzyszenie Horyzont” ma teraz miejsce');
    expect(t.notifier.private).toHaveLength(1);
    expect(told[0]!.attachments?.map((a) => a.contentType)).toEqual([expect.stringContaining('text/calendar')]);
    // Piotr declines from that message: Ola moves up.
    await t.as('piotr').press(told[0]!, 'Nie będę');
    expect(t.notifier.dmsTo('ola').map((m) => m.title)).toEqual(['Zwolniło się miejsce: Szkolenie z zamówień publicznych']);

    const after = await t.as('anna').command('meeting', 'seats', { meeting: training.buttons![0]!.action.args![0]! });
    expect(after.fields).toEqual([
      { label: 'Mają miejsce (2)', value: '• Fundacja Pomorze\n• Spółdzielnia Socjalna Wrzos' },
      { label: 'Lista rezerwowa (0)', value: 'nikt' },
    ]);
    // A waitlisted organisation that leaves the line frees nothing and tells nobody.
    await t.as('jan').press(training, 'Będę');
    t.notifier.clear();
    await t.as('jan').press(training, 'Nie będę');
    expect(t.notifier.private).toHaveLength(0);
    const list = await t.as('jan').command('meeting', 'list');
    expect(list.fields?.[0]?.value).toContain('Zajęte miejsca: 2 z 2 · lista rezerwowa: 0 · nie będą: 2');
  });

  it('attendance counts only for those present: a seat or a place in line is not attendance', async () => {
    const training = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-05-05', time: '10:00', place: 'Gdańsk', title: 'Wizyta studyjna', capacity: 1 });
    await t.as('jan').press(training, 'Będę');
    await t.as('ewa').press(training, 'Będę');
    t.clock.set('2026-05-05T12:00:00Z');
    const meetingId = training.buttons![0]!.action.args![0]!;
    const sheet = await t.as('anna').command('meeting', 'attendance', { meeting: meetingId });
    // Only the seated organisation is marked as having said it would come.
    expect(sheet.choices?.options.filter((o) => o.description).map((o) => o.label)).toEqual(['Spółdzielnia Socjalna Razem']);
    const recorded = await t.as('anna').choose(sheet, [sheet.choices!.options.find((o) => o.label === 'Fundacja Pomorze')!.value]);
    expect(recorded.tone, recorded.text).toBe('success');
    const activities = await t.app.db.dumpTable('Activity');
    const counted = activities.filter((a) => a.sourceKey === `meeting:${meetingId}`).map((a) => a.memberId);
    const pomorze = (await t.app.db.dumpTable('Member')).find((m) => m.name === 'Fundacja Pomorze')!.id;
    expect(counted).toEqual([pomorze]);
  });
});
