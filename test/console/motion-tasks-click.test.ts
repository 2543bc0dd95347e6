import { describe, expect, it } from 'vitest';
import { atGeneralMeeting, terminalPerTest } from './terminal.ts';

/**
 * Issue 20, point 5, at the console: a task added from the motion card's printed "Dodaj zadanie",
 * the form answered line by line (the owner chosen by its printed number), the owner's private
 * message after the vote and its buttons, `/motion outcomes`. Only printed numbers are pressed.
 */
describe('the console, clicked through: a passed motion\'s tasks', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z');

  it('adds a task from the motion card, tells its owner when the motion passes, and takes the owner\'s report from that message', async () => {
    await atGeneralMeeting(term, { ola: 'Fundacja Horyzont', piotr: 'Spółdzielnia Socjalna Razem' });
    await term.type('/motion create title:"Wspólny katalog usług" closes:"2026-03-09 18:00"');
    const created = term.message('Dodano uchwałę „Wspólny katalog usług”');
    expect(created.buttons.map((b) => b.label)).toEqual(['Zamknij głosowanie', 'Dodaj zadanie']);

    // The form, the motion already chosen: each choice answered by the number printed beside its name.
    expect(await term.press(created, 'Dodaj zadanie')).toContain('== Nowe zadanie z uchwały ==');
    await term.fill({ Uchwała: 'Wspólny katalog usług', 'Co trzeba zrobić': 'Przygotować katalog usług', Wykonawca: 'Fundacja Horyzont (organizacja)', Termin: '20.03.2026' });
    expect(term.message('Dodano zadanie').text).toContain('Wykonawca: Fundacja Horyzont (organizacja), termin: 20.03.2026.');

    for (const voter of ['ola', 'piotr']) {
      await term.type(`:as ${voter}`);
      await term.press(term.message('Głosowanie otwarte', `→ DM @${voter}`), 'Za');
    }
    await term.type(':as anna');
    await term.press(created, 'Zamknij głosowanie');
    expect(term.message('Wynik głosowania: Wspólny katalog usług', '→ #').text).toContain('Uchwała została przyjęta.');

    // Ola speaks for the owner: her private message carries the two reports.
    const notice = term.message('Nowe zadanie z uchwały: Przygotować katalog usług', '→ DM @ola');
    expect(notice.buttons.map((b) => b.label)).toEqual(['W toku', 'Zrobione']);
    await term.type(':as ola');
    expect(await term.press(notice, 'Zrobione')).toContain('== Postęp zadania ==');
    await term.fill({ Zadanie: 'Przygotować katalog usług', Stan: 'zrobione', 'Krótka informacja': 'Katalog wysłany członkom.' });
    expect(term.message('Zapisano: zadanie').text).toContain('Zapisano: zadanie „Przygotować katalog usług” zostało wykonane. Koordynator otrzymał powiadomienie.');
    expect(term.message('Zadanie wykonane: Przygotować katalog usług', '→ DM @anna').text).toContain('Katalog wysłany członkom.');

    // Anyone taking part sees what the passed motions asked for and how far it got.
    await term.type(':as piotr');
    await term.type('/motion outcomes');
    expect(term.message('Zadania z przyjętych uchwał').text).toContain(
      'Przygotować katalog usług – Fundacja Horyzont (organizacja), termin: 20.03.2026, stan: zrobione. Informacja: Katalog wysłany członkom.',
    );
  });
});
