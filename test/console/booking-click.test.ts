import { describe, expect, it } from 'vitest';
import { terminalPerTest } from './terminal.ts';

/**
 * Shared equipment and spaces at the console: one slash command starts each flow, then only the
 * numbers the console printed are pressed or chosen, and forms are answered field by field.
 */
describe('the console, clicked through: shared equipment and spaces', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', [':as jan main:"Spółdzielnia Socjalna Smak"', ':as piotr main:"Spółdzielnia Kuchnia Razem"', ':as ewa main:"Fundacja Transport Pomorze"']);

  it('lists a sewing machine, declines one request and approves another from the DMs, and reminds the booker once', async () => {
    await term.type(':as jan');
    expect(await term.type('/resource add')).toContain('== Udostępnij sprzęt lub przestrzeń ==');
    await term.fill({ Nazwa: 'Maszyna do szycia', Rodzaj: 'sprzęt', Miejsce: 'Słupsk', 'Rezerwacje wymagają Waszej zgody': 'Tak', 'Zasady korzystania': 'Igły we własnym zakresie.' });
    expect(term.message('Sprzęt do wspólnego użytku: Maszyna do szycia').text).toContain('wymaga zgody właściciela');

    // Piotr: the list, the machine chosen, the Book button, the period.
    await term.type(':as piotr');
    await term.type('/resource list');
    await term.choose('Sprzęt i przestrzenie do wspólnego użytku', ['Maszyna do szycia']);
    const card = term.message('Sprzęt do wspólnego użytku: Maszyna do szycia');
    expect(await term.press(card, 'Zarezerwuj')).toContain('== Rezerwacja zasobu ==');
    await term.fill({ Zasób: 'Maszyna do szycia · sprzęt · Słupsk', Od: '16.03.2026 08:00', Do: '18.03.2026 16:00' });
    expect(term.message('Wysłano prośbę o rezerwację zasobu „Maszyna do szycia”').text).toContain('od 16.03.2026, 08:00 do 18.03.2026, 16:00');

    // Jan declines from the DM; the period is free again.
    const request = term.message('Prośba o rezerwację: Maszyna do szycia', '→ DM @jan');
    await term.pressAs('jan', request, 'Odrzuć', 'Odrzucono rezerwację organizacji Spółdzielnia Kuchnia Razem.');
    expect(term.message('Rezerwacja odrzucona: Maszyna do szycia', '→ DM @piotr').text).toContain('organizacja Spółdzielnia Socjalna Smak');

    // Ewa types the command alone and answers the form; Jan approves.
    await term.type(':as ewa');
    expect(await term.type('/resource book')).toContain('== Rezerwacja zasobu ==');
    await term.fill({ Zasób: 'Maszyna do szycia · sprzęt · Słupsk', Od: '17.03.2026', Do: '17.03.2026', Uwagi: 'Szycie toreb na festyn' });
    const second = term.message('Prośba o rezerwację: Maszyna do szycia', '→ DM @jan');
    expect(second.text).toContain('Organizacja Fundacja Transport Pomorze chce zarezerwować zasób „Maszyna do szycia” od 17.03.2026, 00:00 do 17.03.2026, 23:59.');
    await term.pressAs('jan', second, 'Zatwierdź', 'Zatwierdzono rezerwację organizacji Fundacja Transport Pomorze.');
    expect(term.message('Rezerwacja potwierdzona: Maszyna do szycia', '→ DM @ewa').buttons.map((b) => b.label)).toEqual(['Odwołaj rezerwację']);

    // A day before, Ewa is reminded, once.
    await term.t.runJobs('2026-03-16T00:00:00Z');
    await term.t.runJobs('2026-03-16T00:10:00Z');
    const reminder = term.message('Przypomnienie o rezerwacji: Maszyna do szycia', '→ DM @ewa');
    expect(reminder.text).toContain('Wasza rezerwacja zaczyna się 17.03.2026, 00:00 i trwa do 17.03.2026, 23:59.');
    expect(term.shown.split('Przypomnienie o rezerwacji: Maszyna do szycia').length - 1).toBe(1);
  });

  it('changes the machine from its filled-in form, then withdraws it after a confirm step: the booker is told, the list is empty', async () => {
    await term.type(':as jan');
    await term.type('/resource add');
    await term.fill({ Nazwa: 'Maszyna do szycia', Rodzaj: 'sprzęt', Miejsce: 'Słupsk', 'Rezerwacje wymagają Waszej zgody': 'Nie', 'Zasady korzystania': 'Igły we własnym zakresie.' });
    await term.type(':as piotr');
    await term.type('/resource book');
    await term.fill({ Zasób: 'Maszyna do szycia · sprzęt · Słupsk', Od: '16.03.2026 08:00', Do: '16.03.2026 16:00' });

    // Jan changes the place; the rules, left as the form showed them, stay.
    await term.type(':as jan');
    await term.type('/resource list');
    await term.choose('Sprzęt i przestrzenie do wspólnego użytku', ['Maszyna do szycia']);
    const card = term.message('Sprzęt do wspólnego użytku: Maszyna do szycia');
    const form = await term.press(card, 'Zmień');
    expect(form).toContain('== Zmiana zasobu ==');
    await term.fill({ Zasób: 'Maszyna do szycia · sprzęt · Słupsk', Nazwa: 'Maszyna do szycia', Rodzaj: 'sprzęt', Miejsce: 'Gdynia', 'Rezerwacje wymagają': 'Nie' });
    // The current choices are shown by their names, not the values behind them.
    expect(term.shown).toContain('[1. sprzęt / 2. przestrzeń] (sprzęt)');
    expect(term.shown).toContain('[1. Tak / 2. Nie] (Nie)');
    const changed = term.message('Zapisano zmiany zasobu „Maszyna do szycia”.');
    expect(changed.text).toContain('Gdynia');
    expect(changed.text).toContain('potwierdzana od razu');
    expect(changed.text).toContain('Igły we własnym zakresie.');

    expect(await term.press(changed, 'Wycofaj')).toContain('1 nadchodząca rezerwacja zostanie odwołana');
    await term.press(term.message('Czy na pewno wycofać zasób „Maszyna do szycia”?'), 'Tak, wycofaj');
    expect(term.message('Wycofano zasób „Maszyna do szycia”.').text).toContain('Odwołano 1 rezerwację');
    expect(term.message('Rezerwacje odwołane: Maszyna do szycia', '→ DM @piotr').text).toContain('• 16.03.2026, 08:00 – 16.03.2026, 16:00');
    expect(await term.type('/resource list')).toContain('Nikt jeszcze nie udostępnił sprzętu ani przestrzeni.');
  });
});
