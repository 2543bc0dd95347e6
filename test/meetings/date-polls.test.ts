import { describe, expect, it } from 'vitest';
import { appPerTest } from '../support/harness.ts';
import { clusterWithMembers, workingGroup } from '../activity/support.ts';
import type { Reply } from '../../src/core/reply.ts';
import { datePollJobs } from '../../src/jobs/date-poll-jobs.ts';

const labels = (r: Reply) => r.buttons?.map((b) => b.label) ?? [];
const SLOTS = '12.05.2026 17:00\n13.05.2026 10:00\n14.05.2026 12:30';

describe('/meeting propose: when can you?', () => {
  const t = appPerTest(() => clusterWithMembers({ start: '2026-05-04T10:00:00Z', jobs: [datePollJobs] }, { jan: 'Spółdzielnia Socjalna Razem', ewa: 'Fundacja Pomorze', piotr: 'Stowarzyszenie Horyzont' }));

  async function propose(slots = SLOTS) {
    return t.as('anna').form('meeting.propose', { kind: 'network', place: 'Gdańsk, ul. Długa 1', slots });
  }

  it('a General Meeting scheduled from its poll is convened: the convocation row and each organisation’s notice', async () => {
    const created = await t.as('anna').form('meeting.propose', { kind: 'general', place: 'Gdańsk, ul. Długa 1', slots: '10.06.2026 17:00\n11.06.2026 17:00' });
    expect(created.tone, created.text).toBe('success');
    const ranking = await t.as('anna').press(created, 'Ranking terminów');
    const scheduled = await t.as('anna').press(ranking, 'Zaplanuj: 10.06.2026, 17:00');
    expect(scheduled.tone, scheduled.text).toBe('success');
    const [meeting] = await t.app.db.dumpTable('Meeting');
    expect(meeting).toMatchObject({ kind: 'general' });
    expect(await t.app.db.dumpTable('GeneralMeeting')).toMatchObject([{ meetingId: meeting!.id, status: 'convened' }]);
    expect(t.notifier.dmsTo('jan').map((m) => m.title)).toContain(`Zwołanie: ${String(meeting!.title)}`);
  });

  it('asks the audience privately, collects yes / if need be / no by buttons, ranks and schedules with one press', async () => {
    const created = await propose();
    expect(created.tone, created.text).toBe('success');
    expect(created.text).toContain('1. 12.05.2026, 17:00');
    expect(created.text).toContain('Zapytano 3 osoby.');
    expect(labels(created)).toEqual(['Ranking terminów']);

    const answer = async (who: string, answers: string[]) => {
      let card = await t.as(who).press(t.notifier.dmsTo(who).at(-1)!, 'Zaznacz terminy');
      for (const a of answers) card = await t.as(who).press(card, a);
      return card;
    };
    const janDone = await answer('jan', ['Tak', 'Nie', 'Tak']);
    expect(janDone.title).toBe('Zapisano Twoje odpowiedzi: Spotkanie robocze sieci');
    expect(janDone.text).toBe('1. 12.05.2026, 17:00: tak\n2. 13.05.2026, 10:00: nie\n3. 14.05.2026, 12:30: tak');
    await answer('ewa', ['Jeśli trzeba', 'Tak', 'Tak']);

    // 14.05 has two yes and no "no"; 12.05 one yes; 13.05 one yes and one no.
    const ranking = await t.as('anna').press(created, 'Ranking terminów');
    expect(ranking.text).toBe(
      [
        'Odpowiedziało 2 z 3 zapytanych osób.',
        '1. 14.05.2026, 12:30 – tak: 2 · jeśli trzeba: 0 · nie: 0',
        '2. 12.05.2026, 17:00 – tak: 1 · jeśli trzeba: 1 · nie: 0',
        '3. 13.05.2026, 10:00 – tak: 1 · jeśli trzeba: 0 · nie: 1',
      ].join('\n'),
    );
    const scheduled = await t.as('anna').press(ranking, 'Zaplanuj: 14.05.2026, 12:30');
    expect(scheduled.tone, scheduled.text).toBe('success');
    expect(scheduled.text).toContain('Powiadomiono 3 osoby.');
    const [meeting] = await t.app.db.dumpTable('Meeting');
    expect(new Date(meeting!.startsAt as string).toISOString()).toBe('2026-05-14T10:30:00.000Z');
    expect(meeting).toMatchObject({ kind: 'network', place: 'Gdańsk, ul. Długa 1', title: 'Spotkanie robocze sieci' });

    // Everyone is told, with the attend buttons; a second press schedules nothing more.
    const told = t.notifier.dmsTo('piotr').at(-1)!;
    expect(told.title).toBe('Termin ustalony: Spotkanie robocze sieci');
    expect(labels(told)).toEqual(['Będę', 'Nie będę']);
    expect(told.attachments?.map((a) => a.filename)).toEqual(['spotkanie-spotkanie-robocze-sieci-2026-05-14.ics']);
    expect((await t.as('piotr').press(told, 'Będę')).tone).toBe('success');
    expect((await t.as('anna').press(ranking, 'Zaplanuj: 14.05.2026, 12:30')).errorId).toBe('datePolls.errors.closed');
    expect(await t.app.db.dumpTable('Meeting')).toHaveLength(1);
    // The poll is closed to answers.
    expect((await t.as('piotr').press(t.notifier.dmsTo('piotr').find((m) => m.title?.startsWith('Kiedy możecie'))!, 'Zaznacz terminy')).errorId).toBe('datePolls.errors.closed');
  });

  it('names a slot that is not a date with a time, keeps what was typed, and refuses past, repeated or too few slots', async () => {
    const bad = await propose('12.05.2026 17:00\n31.02.2026 10:00');
    expect(bad.errorId).toBe('datePolls.errors.badSlot');
    expect(bad.text).toContain('Termin nr 2 („31.02.2026 10:00”) nie jest datą z godziną');
    const reopened = await t.as('anna').press(bad, 'Popraw formularz');
    expect(reopened.form?.fields.find((f) => f.name === 'slots')?.value).toBe('12.05.2026 17:00\n31.02.2026 10:00');
    expect((await propose('12.05.2026 17:00')).errorId).toBe('datePolls.errors.slotCount');
    expect((await propose('12.05.2026 17:00\n01.05.2026 10:00')).text).toContain('Termin nr 2 (1.05.2026, 10:00) już minął.');
    expect((await propose('12.05.2026 17:00\n12.05.2026 17:00')).errorId).toBe('datePolls.errors.slotTwice');
    expect(await t.app.db.dumpTable('DatePoll')).toHaveLength(0);
  });

  it('a group leader asks its group only; a member may not propose; only the organiser sees the ranking', async () => {
    await t.given('lider', {});
    const razem = (await t.app.db.dumpTable('Member')).find((m) => m.name === 'Spółdzielnia Socjalna Razem')!.id as string;
    await workingGroup(t, 'Gastronomia', 'lider', [razem]);
    const created = await t.as('lider').form('meeting.propose', { kind: 'group', group: 'Gastronomia', place: 'Sopot', slots: SLOTS });
    expect(created.text).toContain('Zapytano 2 osoby.');
    expect(t.notifier.dmsTo('ewa')).toHaveLength(0);
    const card = await t.as('jan').press(t.notifier.dmsTo('jan').at(-1)!, 'Zaznacz terminy');
    expect(card.text).toBe('Termin 1 z 3: 12.05.2026, 17:00');
    expect((await t.as('jan').action('meeting', 'ranking', [created.buttons![0]!.action.args![0]!])).errorId).toBe('core.denied.groupLeader');
    expect((await t.as('jan').command('meeting', 'propose', { kind: 'network', place: 'Gdańsk', slots: SLOTS })).errorId).toBe('core.denied.groupLeader');
  });

  it('reminds those who have not answered once, after the configured hours', async () => {
    await propose();
    const card = await t.as('jan').press(t.notifier.dmsTo('jan').at(-1)!, 'Zaznacz terminy');
    await t.as('jan').press(card, 'Tak');
    t.notifier.clear();
    await t.runJobs('2026-05-05T10:00:00Z');
    expect(t.notifier.private).toHaveLength(0);
    await t.runJobs('2026-05-06T10:05:00Z');
    await t.runJobs('2026-05-06T10:20:00Z');
    expect(t.notifier.private.map((p) => `${p.to.platformUserId} ${p.message.title}`).sort()).toEqual([
      'ewa Przypomnienie: kiedy możecie? Spotkanie robocze sieci',
      'piotr Przypomnienie: kiedy możecie? Spotkanie robocze sieci',
    ]);
    expect(labels(t.notifier.private[0]!.message)).toEqual(['Zaznacz terminy']);
  });
});
