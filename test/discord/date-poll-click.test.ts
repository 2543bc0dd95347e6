import { describe, expect, it } from 'vitest';
import { buttonLabels, textOf } from './client.ts';
import { BOT_CHANNEL, discordServerPerTest, EWA, JAN, KASIA } from './server.ts';
import { type Who } from './support.ts';

/**
 * "When can you?" and seats on Discord: the bare `/meeting propose` opens one modal (the slots
 * are one field, a line each, so ten fit Discord's five inputs); from there only buttons the bot
 * sent: each person's notice, the slot cards, the organiser's ranking and the one press that
 * schedules. Seats: a full meeting's waitlist, a cancellation, and the promoted member's message.
 */

describe('Discord: finding a date and seats', () => {
  const server = discordServerPerTest({
    coordinator: KASIA,
    channels: { bot: BOT_CHANNEL },
    start: '2026-10-01T08:00:00Z',
    members: [
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ],
  });

  it('takes a date poll from the bare /meeting propose to the scheduled meeting, pressing only buttons', async () => {
    const kasia = server.as(KASIA);
    const modal = (await kasia.command('/meeting propose')).modal;
    const created = (await kasia.submit(modal, { kind: 'network', place: 'Gdańsk, ul. Długa 1', slots: '20.10.2026 17:00\n21.10.2026 10:00\n22.10.2026 12:00' })).message;
    expect(textOf(created)).toContain('Zapytano 2 osoby.');
    expect(buttonLabels(created)).toEqual(['Ranking terminów']);

    // Each person marks the slots from the notice, one card a slot.
    const mark = async (who: Who, answers: string[]) => {
      const notice = server.discord.last(server.discord.dmsTo(who.id), 'Kiedy możecie? Spotkanie robocze sieci');
      let card = (await server.as(who).press(notice, 'Zaznacz terminy')).message;
      for (const answer of answers) {
        expect(buttonLabels(card)).toEqual(['Tak', 'Jeśli trzeba', 'Nie']);
        card = (await server.as(who).press(card, answer)).message;
      }
      return card;
    };
    const janDone = await mark(JAN, ['Nie', 'Tak', 'Jeśli trzeba']);
    expect(textOf(janDone)).toContain('2. 21.10.2026, 10:00: tak');
    expect(buttonLabels(janDone)).toEqual(['Zmień odpowiedzi']);
    await mark(EWA, ['Tak', 'Tak', 'Nie']);

    // The organiser's ranking: 21.10 (two yes) first; one press schedules it.
    const ranking = (await kasia.press(created, 'Ranking terminów')).message;
    expect(textOf(ranking)).toContain('1. 21.10.2026, 10:00 – tak: 2 · jeśli trzeba: 0 · nie: 0');
    const scheduled = (await kasia.press(ranking, 'Zaplanuj: 21.10.2026, 10:00')).message;
    expect(textOf(scheduled)).toContain('Zaplanowano: Spotkanie robocze sieci');
    expect(textOf(scheduled)).toContain('Ankieta zamknięta. Powiadomiono 2 osoby.');

    // Everyone hears the date with the attend buttons, and answers from there.
    const told = server.discord.last(server.discord.dmsTo(EWA.id), 'Termin ustalony: Spotkanie robocze sieci');
    expect(buttonLabels(told)).toEqual(['Będę', 'Nie będę']);
    expect(textOf((await server.as(EWA).press(told, 'Będę')).message)).toContain('Fundacja Pomorska');
    expect(told.files).toEqual(['spotkanie-spotkanie-robocze-sieci-2026-10-21.ics']);
    const [meeting] = await server.d.t.app.db.dumpTable('Meeting');
    expect(new Date(String(meeting!.startsAt)).toISOString()).toBe('2026-10-21T08:00:00.000Z');
    // Scheduled through the meeting service, so the server's own event mirrors it as any meeting.
    expect(server.discord.eventCalls).toHaveLength(1);
    expect(server.discord.eventCalls[0]!.body).toMatchObject({ name: 'Spotkanie robocze sieci', scheduled_start_time: '2026-10-21T08:00:00.000Z' });
  });

  it('seats a meeting with one place: the second organisation waits, takes the seat when the first cancels, and is told with the buttons to decline', async () => {
    const kasia = server.as(KASIA);
    const announced = (await kasia.command('/meeting schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk', title: 'Wizyta studyjna', capacity: 1 })).message;
    expect(buttonLabels(announced)).toEqual(['Będę', 'Nie będę', 'Miejsca i lista rezerwowa']);
    await server.as(JAN).press(announced, 'Będę');
    const waiting = (await server.as(EWA).press(announced, 'Będę')).message;
    expect(textOf(waiting)).toContain('miejsce w kolejce: 1');

    const lists = (await kasia.press(announced, 'Miejsca i lista rezerwowa')).message;
    expect(textOf(lists)).toContain('Spółdzielnia Socjalna Razem');
    expect(textOf(lists)).toContain('1. Fundacja Pomorska');

    await server.as(JAN).press(announced, 'Nie będę');
    const promoted = server.discord.last(server.discord.dmsTo(EWA.id), 'Zwolniło się miejsce: Wizyta studyjna');
    expect(buttonLabels(promoted)).toEqual(['Będę', 'Nie będę']);
    const after = (await kasia.press(lists, 'Odśwież listy')).message;
    expect(textOf(after)).toContain('Fundacja Pomorska');
    expect(textOf(after)).toContain('Lista rezerwowa (0)');
  });
});
