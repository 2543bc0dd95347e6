import { describe, expect, it } from 'vitest';
import { terminalPerTest } from './terminal.ts';

/**
 * "When can you?" and seats at the console: one typed command each (the bare /meeting propose asks
 * its form field by field), then only the numbers the console printed: the notice's button, a card
 * a slot, the ranking and the press that schedules; seats: the waitlist and the promoted DM.
 */
describe('the console, clicked through: finding a date and seats', () => {
  const term = terminalPerTest('2026-10-01T08:00:00Z', [':as jan main:"Spółdzielnia Socjalna Razem"', ':as ewa main:"Fundacja Pomorska"', ':as anna coordinator']);

  it('takes a date poll from the bare /meeting propose to the scheduled meeting, pressing only printed numbers', async () => {
    await term.type('/meeting propose');
    await term.fill({ 'Rodzaj spotkania': 'Spotkanie robocze sieci', 'Miejsce lub link': 'Gdańsk, ul. Długa 1', Terminy: '20.10.2026 17:00; 21.10.2026 10:00; 22.10.2026 12:00' });
    const created = term.message('Zapytano 2 osoby.');
    expect(created.buttons.map((b) => b.label)).toEqual(['Ranking terminów']);

    const mark = async (who: string, answers: string[]) => {
      await term.type(`:as ${who}`);
      await term.press(term.message('Kiedy możecie? Spotkanie robocze sieci', `→ DM @${who}`), 'Zaznacz terminy');
      for (const answer of answers) {
        const card = term.message(/Termin \d z 3/);
        expect(card.buttons.map((b) => b.label)).toEqual(['Tak', 'Jeśli trzeba', 'Nie']);
        await term.press(card, answer);
      }
      return term.message('Zapisano Twoje odpowiedzi');
    };
    expect((await mark('jan', ['Nie', 'Tak', 'Jeśli trzeba'])).text).toContain('2. 21.10.2026, 10:00: tak');
    await mark('ewa', ['Tak', 'Tak', 'Nie']);

    await term.type(':as anna');
    await term.press(created, 'Ranking terminów');
    const ranking = term.message('Ranking terminów: Spotkanie robocze sieci');
    expect(ranking.text).toContain('1. 21.10.2026, 10:00 – tak: 2 · jeśli trzeba: 0 · nie: 0');
    await term.press(ranking, 'Zaplanuj: 21.10.2026, 10:00');
    expect(term.message('Ankieta zamknięta.').text).toContain('Powiadomiono 2 osoby.');

    const told = term.message('Termin ustalony: Spotkanie robocze sieci', '→ DM @jan');
    expect(told.buttons.map((b) => b.label)).toEqual(['Będę', 'Nie będę']);
    await term.pressAs('jan', told, 'Będę', 'Zapisano: organizacja');
    const [meeting] = await term.t.app.db.dumpTable('Meeting');
    expect(new Date(String(meeting!.startsAt)).toISOString()).toBe('2026-10-21T08:00:00.000Z');
  });

  it('seats a one-place meeting: the second organisation waits and takes the seat when the first cancels', async () => {
    await term.type('/meeting schedule kind:network date:2026-10-20 time:10:00 place:Gdańsk title:"Wizyta studyjna" capacity:1');
    const post = term.message('Liczba miejsc (organizacji): 1');
    expect(post.buttons.map((b) => b.label)).toEqual(['Będę', 'Nie będę', 'Miejsca i lista rezerwowa']);
    await term.pressAs('jan', post, 'Będę', 'Zapisano: organizacja');
    expect((await term.pressAs('ewa', post, 'Będę', 'Brak wolnych miejsc')).text).toContain('miejsce w kolejce: 1');
    await term.pressAs('jan', post, 'Nie będę', 'nie będzie na spotkaniu');
    const promoted = term.message('Zwolniło się miejsce: Wizyta studyjna', '→ DM @ewa');
    expect(promoted.buttons.map((b) => b.label)).toEqual(['Będę', 'Nie będę']);
    const lists = await term.pressAs('anna', post, 'Miejsca i lista rezerwowa', 'Miejsca: Wizyta studyjna');
    expect(lists.text).toContain('Fundacja Pomorska');
    expect(lists.text).toContain('Lista rezerwowa (0)');
  });
});
