import { describe, expect, it } from 'vitest';
import { terminalPerTest } from './terminal.ts';

/**
 * The cluster's economy at the console: one slash command starts each flow, then only the numbers
 * the console printed are pressed or chosen, and forms are answered field by field.
 */
describe('the console, clicked through: market opportunities, consortia and joint purchases', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', [
    // The directory as the members keep it.
    ':as jan main:"Spółdzielnia Socjalna Smak"',
    '/member update sectors:gastronomia offers:"catering na imprezy"',
    ':as piotr main:"Spółdzielnia Kuchnia Razem"',
    '/member update sectors:"usługi gastronomiczne" offers:"obiady, stołówka"',
    ':as ewa main:"Fundacja Transport Pomorze"',
    '/member update sectors:transport offers:"przewóz osób"',
  ]);

  it('posts an opportunity, members declare from their notices, the coordinator forms the consortium and moves it to delivered', async () => {
    await term.type(':as anna coordinator');
    expect(await term.type('/opportunity post')).toContain('== Nowe zlecenie rynkowe ==');
    await term.fill({ Tytuł: 'Catering na konferencję', 'Czego potrzebuje klient': 'Obiady i przerwy kawowe', Miejsce: 'Gdańsk', Kiedy: '12–14 czerwca', Skala: '150 osób', Branże: 'gastronomia; catering', 'Zgłoszenia do dnia': '20.03.2026' });
    expect(term.message('Opublikowano zlecenie').text).toContain('Wiadomość dostały 2 organizacje');
    expect(term.messages().some((m) => m.header.startsWith('→ DM @ewa'))).toBe(false);

    const janNotice = term.message('Zlecenie dla Was?', '→ DM @jan');
    await term.type(':as jan');
    expect(await term.press(janNotice, 'Zgłoś udział')).toContain('== Zgłoszenie udziału ==');
    await term.fill({ Zlecenie: 'Catering na konferencję', 'Którą część weźmiecie': 'Obiady dla 150 osób', Możliwości: 'do 200 porcji', 'Cena za tę część': '20 000' });
    expect(term.message('Zgłoszenie do zlecenia').text).toContain('przyjęte');
    await term.type(':as piotr');
    await term.press(term.message('Zlecenie dla Was?', '→ DM @piotr'), 'Zgłoś udział');
    await term.fill({ Zlecenie: 'Catering na konferencję', 'Którą część weźmiecie': 'Przerwy kawowe', 'Cena za tę część': '10 000' });

    await term.type(':as anna');
    await term.press(term.message('Przerwy kawowe', '→ DM @anna'), 'Pokaż zlecenie');
    const card = term.message('Dotąd w żadnym konsorcjum');
    await term.press(card, 'Utwórz konsorcjum');
    expect(await term.choose('Wybierz członków konsorcjum', ['Spółdzielnia Socjalna Smak', 'Spółdzielnia Kuchnia Razem'])).toContain('== Konsorcjum: lider i budżet ==');
    await term.fill({ Zlecenie: 'Catering na konferencję', 'Lider konsorcjum': 'Spółdzielnia Socjalna Smak', 'Budżet zlecenia': '30 000', 'Marża klastra': '' });
    const formed = term.message('Konsorcjum utworzone');
    expect(formed.text).toContain('19\u00a0000,00 zł');
    expect(term.message('Wasza organizacja jest liderem', '→ DM @jan').text).toContain('Wasz udział w budżecie: 19\u00a0000,00 zł');
    expect(term.message('Wasza organizacja jest w konsorcjum', '→ DM @piotr').text).toContain('9500,00 zł');

    await term.press(formed, 'Oferta wysłana');
    await term.press(term.message('Nowy stan konsorcjum: oferta wysłana'), 'Wygrane');
    await term.press(term.message('Nowy stan konsorcjum: wygrane'), 'Zrealizowane');
    expect(term.message('Nowy stan konsorcjum: zrealizowane').buttons.map((b) => b.label)).toEqual(['Pobierz CSV']);
    expect((await term.t.app.db.dumpTable('MarketOpportunity'))[0]).toMatchObject({ status: 'delivered', budgetGrosze: 3_000_000, marginGrosze: 150_000 });
  });

  it('proposes a joint purchase; a member signs up from the card; at the deadline each gets its share', async () => {
    await term.type(':as jan');
    expect(await term.type('/purchase propose')).toContain('== Nowy wspólny zakup ==');
    await term.fill({ 'Co kupujemy': 'Pojemniki na żywność', Jednostka: 'szt.', 'Progi cenowe': '1: 2,50; 100: 2,00', 'Zapisy do': '20.03.2026 12:00' });
    const card = term.message('Wspólny zakup: Pojemniki na żywność', '→ #');
    await term.type(':as piotr');
    expect(await term.press(card, 'Zapisz się')).toContain('== Zapis na wspólny zakup ==');
    await term.fill({ 'Wspólny zakup': 'Pojemniki na żywność', Ilość: '120' });
    expect(term.message('Zapisano: 120 szt.').text).toContain('łącznie zamówione: 120 szt.');
    // The card in the channel, reprinted as changed: the total and the tier it reached.
    expect(term.message('Wspólny zakup: Pojemniki na żywność', '→ #').text).toMatch(/120 szt\.[\s\S]*2,00 zł za szt\./);

    await term.t.runJobs('2026-03-20T11:05:00Z');
    expect(term.message('do zapłaty: 240,00 zł', '→ DM @piotr').text).toContain('Łącznie zamówiono 120 szt.');
    expect(term.message('Zapisy zamknięte', '→ DM @jan').text).toContain('1 uczestnik.');
  });
});
