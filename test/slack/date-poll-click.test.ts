import { describe, expect, it } from 'vitest';
import { buttonLabels, shown, type Message, type Outcome } from './client.ts';
import { BOT, EWA, JAN, KOORD, slackWorkspacePerTest } from './workspace.ts';

/**
 * "When can you?" and seats on Slack: one slash command from the manifest (the bare
 * /pkes-meeting propose opens the modal), then only the buttons the bot posted: the notice in each
 * DM, a card a slot, the organiser's ranking and the press that schedules. Seats: the waitlist, a
 * cancellation and the promoted organisation's DM.
 */

/** What the person who acted sees of the answer: the ephemeral meant for them. */
function answer(outcome: Outcome, user: string): Message {
  const found = outcome.messages.filter((m) => m.only === user).at(-1) ?? outcome.messages.at(-1);
  expect(found, 'no answer posted').toBeDefined();
  return found!;
}

describe('Slack: finding a date and seats', () => {
  const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-10-01T08:00:00Z', channels: { [BOT]: 'bot' }, settings: { channels: { bot: BOT } } }, async (w) => {
    await w.represents(JAN, 'Spółdzielnia Socjalna Razem');
    await w.represents(EWA, 'Fundacja Pomorska');
  });

  it('takes a date poll from the bare /pkes-meeting propose to the scheduled meeting, pressing only buttons', async () => {
    const opened = await w.ws.slash(KOORD, '/pkes-meeting propose');
    expect(opened.view, `no modal; ${opened.messages.map((m) => shown(m)).join(' / ')}`).toBeDefined();
    const submitted = await w.ws.submit(KOORD, opened.view!, { kind: 'Spotkanie robocze sieci', place: 'Gdańsk, ul. Długa 1', slots: '20.10.2026 17:00\n21.10.2026 10:00\n22.10.2026 12:00' });
    expect(submitted.errors).toBeUndefined();
    const created = w.ws.last(KOORD, 'Pytanie o termin wysłane');
    expect(shown(created)).toContain('Zapytano 2 osoby.');
    expect(buttonLabels(created)).toEqual(['Ranking terminów']);

    const mark = async (user: string, answers: string[]) => {
      const notice = w.ws.last(user, 'Kiedy możecie? Spotkanie robocze sieci', { channel: w.ws.dm(user) });
      let card = answer(await w.ws.press(user, notice, 'Zaznacz terminy'), user);
      for (const a of answers) {
        expect(buttonLabels(card)).toEqual(['Tak', 'Jeśli trzeba', 'Nie']);
        card = answer(await w.ws.press(user, card, a), user);
      }
      return card;
    };
    expect(shown(await mark(JAN, ['Nie', 'Tak', 'Jeśli trzeba']))).toContain('2. 21.10.2026, 10:00: tak');
    await mark(EWA, ['Tak', 'Tak', 'Nie']);

    const ranking = answer(await w.ws.press(KOORD, created, 'Ranking terminów'), KOORD);
    expect(shown(ranking)).toContain('1. 21.10.2026, 10:00 – tak: 2 · jeśli trzeba: 0 · nie: 0');
    const scheduled = answer(await w.ws.press(KOORD, ranking, 'Zaplanuj: 21.10.2026, 10:00'), KOORD);
    expect(shown(scheduled)).toContain('Ankieta zamknięta. Powiadomiono 2 osoby.');

    const told = w.ws.last(JAN, 'Termin ustalony: Spotkanie robocze sieci', { channel: w.ws.dm(JAN) });
    expect(buttonLabels(told)).toEqual(['Będę', 'Nie będę']);
    await w.ws.press(JAN, told, 'Będę');
    expect(await w.app.app.db.dumpTable('MeetingResponse')).toMatchObject([{ answer: 'yes' }]);
    const [meeting] = await w.app.app.db.dumpTable('Meeting');
    expect(new Date(String(meeting!.startsAt)).toISOString()).toBe('2026-10-21T08:00:00.000Z');
  });

  it('seats a one-place meeting: the second organisation waits, and is told privately when the first cancels', async () => {
    const scheduled = await w.ws.slash(KOORD, '/pkes-meeting schedule kind:network date:2026-10-20 time:10:00 place:Gdańsk title:"Wizyta studyjna" capacity:1');
    const post = scheduled.messages.find((m) => !m.only && shown(m).includes('Wizyta studyjna'))!;
    expect(buttonLabels(post)).toEqual(['Będę', 'Nie będę', 'Miejsca i lista rezerwowa']);
    await w.ws.press(JAN, post, 'Będę');
    expect(shown(answer(await w.ws.press(EWA, post, 'Będę'), EWA))).toContain('miejsce w kolejce: 1');
    const lists = answer(await w.ws.press(KOORD, post, 'Miejsca i lista rezerwowa'), KOORD);
    expect(shown(lists)).toContain('1. Fundacja Pomorska');

    await w.ws.press(JAN, post, 'Nie będę');
    const promoted = w.ws.last(EWA, 'Zwolniło się miejsce: Wizyta studyjna', { channel: w.ws.dm(EWA) });
    expect(buttonLabels(promoted)).toEqual(['Będę', 'Nie będę']);
    const after = answer(await w.ws.press(KOORD, lists, 'Odśwież listy'), KOORD);
    expect(shown(after)).toContain('Lista rezerwowa (0)');
  });
});
