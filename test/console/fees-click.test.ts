import { describe, expect, it } from 'vitest';
import { admittedLastYear } from '../fees/support.ts';
import { terminalPerTest } from './terminal.ts';

/**
 * Membership fees at the console: the rules' form, a payment recorded from the printed list's
 * button, the member's status, and the reminder's printed button.
 */
describe('the console, clicked through: membership fees', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', [':as jan main:"Spółdzielnia Socjalna Smak"', ':as anna coordinator']);

  it('the coordinator sets the rules and records a payment from /fee list; the member sees its balance and is reminded with a button', async () => {
    await admittedLastYear(term.t);
    expect(await term.type('/setup fees')).toContain('== Zasady składek ==');
    await term.fill({ 'Wpisowe': '0', 'Składka roczna członków głównych': '100 zł', 'Termin zapłaty': '31.03', 'Przypomnienie / zestawienie': '14/30' });
    expect(term.message('Zapisano zasady składek').text).toContain('Składka roczna członków głównych: 100,00 zł (niezależnie od wielkości)');

    await term.type('/fee list');
    expect(await term.press(term.message('Należności łącznie: 100,00 zł.'), 'Zapisz wpłatę')).toContain('== Wpłata składki ==');
    await term.fill({ Organizacja: 'Spółdzielnia Socjalna Smak · aktywne', 'Kwota': '60', 'Data wpłaty': '', 'Tytuł lub numer przelewu': 'PRZELEW 1/03' });
    expect(term.message('Zapisano wpłatę 60,00 zł').text).toContain('Spółdzielnia Socjalna Smak');

    await term.type(':as jan');
    await term.type('/fee status');
    expect(term.message('Do zapłaty').text).toContain('40,00 zł');

    await term.t.runJobs('2026-03-17T08:05:00Z');
    const reminder = term.message('Przypominamy: termin zapłaty składki organizacji Spółdzielnia Socjalna Smak mija 31.03.2026', '→ DM @jan');
    await term.press(reminder, 'Stan składki');
    expect(term.message('Składka za rok 2026: Spółdzielnia Socjalna Smak').text).toContain('60,00 zł · 2.03.2026 · PRZELEW 1/03');
  });
});
