import { describe, expect, it } from 'vitest';
import { atGeneralMeeting, terminalPerTest } from './terminal.ts';

/**
 * Chair mode at the console: one /chair run, then only the numbers the console printed: buttons
 * pressed, organisations chosen from the printed lists, the urn's count answered as a form.
 */
describe('the console, clicked through: chairing the General Meeting', () => {
  const term = terminalPerTest('2026-03-10T15:00:00Z');

  it('marks presence, opens an item, records room votes beside an online ballot, counts the urn, closes', async () => {
    await atGeneralMeeting(term, { jan: 'Spółdzielnia Socjalna Razem', piotr: 'Fundacja Horyzont', marta: 'CIS Wejherowo' });
    await term.type('/motion create title:"Plan działań na 2026" opens:"2026-03-10 20:00" closes:"2026-03-10 21:00"');
    await term.type('/motion create title:"Wybór logo" opens:"2026-03-10 20:00" closes:"2026-03-10 21:00" secret:true ballot:single choices:"Fala; Kotwica"');
    term.t.clock.set('2026-03-10T16:05:00Z');

    await term.type('/chair run');
    let panel = term.message('Prowadzenie obrad: Walne Spotkanie Sieci 2026');
    expect(panel.buttons.map((b) => b.label)).toEqual(['Obecni na sali', 'Obecni online', '1. Plan działań na 2026', '2. Wybór logo']);
    await term.press(panel, 'Obecni na sali');
    await term.choose('Zaznacz organizacje obecne na sali.', ['Fundacja Horyzont', 'CIS Wejherowo']);
    panel = term.message('Zapisano obecność na sali: 2 organizacje.');
    await term.press(panel, 'Obecni online');
    await term.choose('Zaznacz organizacje obecne online.', ['Spółdzielnia Socjalna Razem']);
    panel = term.message('Zapisano obecność online: 1 organizacja.');

    await term.press(panel, '1. Plan działań na 2026');
    await term.press(term.message('Punkt obrad: Plan działań na 2026'), 'Otwórz głosowanie');
    let item = term.message('Głosowanie otwarte: organizacje online głosują');
    // Razem votes online, from the DM the console printed for jan.
    await term.type(':as jan');
    await term.press(term.message('Głosowanie otwarte: Plan działań na 2026', '→ DM @jan'), 'Za');
    await term.type(':as anna');
    await term.press(item, 'Na sali: Za');
    await term.choose('Które organizacje na sali głosują: Za?', ['CIS Wejherowo', 'Fundacja Horyzont']);
    item = term.message('Zapisano głosy z sali: CIS Wejherowo, Fundacja Horyzont.');
    expect(item.text).toContain('na sali: 2, online: 1, uprawnionych: 3');
    await term.press(item, 'Zamknij punkt');
    item = term.message('Głosowanie nad uchwałą „Plan działań na 2026” zostało zamknięte.');
    expect(item.text).toContain('Uchwała została przyjęta.');

    await term.press(item, 'Wróć do panelu');
    await term.press(term.message('Prowadzenie obrad: Walne Spotkanie Sieci 2026'), '2. Wybór logo');
    await term.press(term.message('Punkt obrad: Wybór logo'), 'Otwórz głosowanie');
    await term.press(term.message('Głosowanie otwarte: organizacje online głosują'), 'Wydaj karty do głosowania');
    await term.choose('Które organizacje na sali pobrały kartę do głosowania?', ['CIS Wejherowo', 'Fundacja Horyzont']);
    expect(await term.press(term.message('Zapisano głosy z sali: CIS Wejherowo, Fundacja Horyzont.'), 'Wpisz wynik z urny')).toContain('== Wynik z urny ==');
    await term.fill({ Fala: '1', Kotwica: '1' });
    item = term.message('Zapisano wynik z urny. Kart pustych lub nieważnych: 0.');
    await term.press(item, 'Zamknij punkt');
    expect(term.message('Głosowanie nad uchwałą „Wybór logo” zostało zamknięte.').text).toContain('Fala: 1, Kotwica: 1');
  });
});
