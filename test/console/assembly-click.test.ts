import { describe, expect, it } from 'vitest';
import { signedIn, terminalPerTest } from './terminal.ts';

/**
 * Convening the General Meeting at the console: one /assembly convene (its form asked field by
 * field), then only the numbers printed: Zmień and Odwołaj on the confirmation, Będę on jan's DM.
 */
describe('the console, clicked through: convening the General Meeting', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', signedIn({ jan: 'main:"Spółdzielnia Socjalna Zażółć"', anna: 'coordinator' }));

  it('convenes from the form, the representative answers from the DM, the coordinator changes and cancels from the confirmation', async () => {
    await term.type('/assembly convene');
    await term.fill({ Dzień: '20.03.2026', Godzina: '17:00', Miejsce: 'Gdańsk, ul. Długa 1', Link: 'https://meet.example.org/walne', Porządek: 'Sprawozdanie z działalności' });
    const confirmation = term.message('Zwołano: Walne Spotkanie Sieci 2026');
    expect(confirmation.text).toContain('piątek, 20 marca 2026, godz. 17:00');
    expect(confirmation.buttons.map((b) => b.label)).toEqual(['Zmień', 'Odwołaj']);

    const notice = term.message('Zwołanie: Walne Spotkanie Sieci 2026', '→ DM @jan');
    expect(notice.text).toContain('1. Sprawozdanie z działalności');
    await term.type(':as jan');
    expect(await term.press(notice, 'Będę')).toContain('będzie na spotkaniu');

    await term.type(':as anna');
    // The form comes filled with what stands; the required fields are confirmed, the time changed.
    expect(await term.press(confirmation, 'Zmień')).toContain('== Zmiana zwołanego spotkania ==');
    await term.fill({ Dzień: '20.03.2026', Godzina: '18:30' });
    const changed = term.message('Zmieniono i rozesłano ponownie: Walne Spotkanie Sieci 2026');
    expect(term.message('Zmiana w zwołaniu: Walne Spotkanie Sieci 2026', '→ DM @jan').text).toContain('godz. 18:30');

    await term.press(changed, 'Odwołaj');
    await term.fill({ Powód: 'Sala niedostępna' });
    expect(term.message('Odwołano: Walne Spotkanie Sieci 2026').buttons).toEqual([]);
    expect(term.message('Odwołane: Walne Spotkanie Sieci 2026', '→ DM @jan').text).toContain('Powód: Sala niedostępna');
  });
});
