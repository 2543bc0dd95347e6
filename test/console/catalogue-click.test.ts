import { describe, expect, it } from 'vitest';
import { terminalPerTest } from './terminal.ts';

/**
 * The service catalogue at the console: one slash command per person, then only the numbers the
 * console printed: forms answered field by field, entries chosen from the printed list.
 */
describe('the console, clicked through: the service catalogue', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', [':as anna coordinator', ':as ewa main:"Fundacja Transport Pomorze"', ':as jan main:"Spółdzielnia Socjalna Smak"']);

  it('adds an entry, browses and downloads it, edits it from its card; the coordinator hides it; the reminder confirms it', async () => {
    await term.type('/member confirm-data');
    expect(await term.type('/catalogue add')).toContain('== Nowy wpis w katalogu ==');
    await term.fill({ 'Co oferujecie': 'Catering na imprezy', Branża: 'gastronomia', 'Gdzie działacie': 'Gdańsk; Sopot', 'Osoba do kontaktu': 'Jan Kowalski', 'E-mail': 'biuro@smak.pl' });
    const card = term.message('Dodano do katalogu: „Catering na imprezy”.');
    expect(card.buttons.map((b) => b.label)).toEqual(['Edytuj', 'Usuń']);

    // Ewa browses by sector, opens the entry from the printed list, downloads the catalogue.
    await term.type(':as ewa');
    await term.type('/catalogue browse sector:gastronomia');
    const list = term.message('Katalog usług i produktów (1)');
    const option = list.options.find((o) => o.label === 'Catering na imprezy · Spółdzielnia Socjalna Smak')!;
    await term.type(`:choose ${option.ref}`);
    expect(term.message('Jan Kowalski · biuro@smak.pl').buttons).toEqual([]);
    expect(await term.press(list, 'Pobierz Markdown')).toContain('📎 katalog-uslug.md');

    // Jan edits it from the card: the form filled in; an empty answer keeps the value.
    await term.type(':as jan');
    expect(await term.press(card, 'Edytuj')).toContain('== Zmiana wpisu w katalogu ==');
    await term.fill({ Wpis: 'Catering na imprezy', 'Co oferujecie': 'Catering do 300 osób', Branża: 'gastronomia', 'Gdzie działacie': 'Gdańsk; Sopot', Telefon: '601 202 303' });
    expect(term.message('Zapisano zmiany we wpisie „Catering do 300 osób”.').text).toContain('Jan Kowalski · biuro@smak.pl · 601 202 303');

    // The coordinator hides it from the card the list opens; Jan is told.
    await term.type(':as anna');
    await term.type('/catalogue browse');
    const all = term.message('Katalog usług i produktów (1)');
    await term.type(`:choose ${all.options[0]!.ref}`);
    const hidden = await term.pressAs('anna', term.message('Catering do 300 osób', ''), 'Ukryj w katalogu', 'Ukryto wpis „Catering do 300 osób”');
    expect(hidden.buttons.map((b) => b.label)).toEqual(['Przywróć w katalogu']);
    const mine = await term.pressAs('jan', term.message('Koordynator ukrył', '→ DM @jan'), 'Wpisy w katalogu', 'Katalog usług: Spółdzielnia Socjalna Smak');
    expect(mine.text).toContain('(ukryty)');

    // A year on: the reminder lists the entry; confirming from it makes the entry current again.
    await term.t.runJobs('2027-03-03T09:00:00Z');
    const reminder = term.message('Wpisy w katalogu usług:', '→ DM @jan');
    expect(reminder.text).toContain('• Catering do 300 osób (gastronomia · Gdańsk; Sopot)');
    const confirmed = await term.pressAs('jan', reminder, 'Potwierdzam aktualność danych', 'Potwierdzono też 1 wpis w katalogu usług.');
    expect(confirmed.text).toContain('Spółdzielnia Socjalna Smak');
  });
});
