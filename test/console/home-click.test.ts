import { describe, expect, it } from 'vitest';
import { TEST_CLUSTER } from '../support/harness.ts';
import { HOME_BUTTONS, HOME_EXPECTED, homeScenario, HOME_START } from '../support/home-scenario.ts';
import { terminalPerTest } from './terminal.ts';

/**
 * "What needs me" at the console (issue 23, point 4): `/home` prints exactly what waits for the
 * person with numbered buttons; pressing them carries each flow on: the ballot cast, the poll
 * answered, the barter post closed with the organisation that responded, the application verified.
 */
describe('the console, clicked through: /home', () => {
  const term = terminalPerTest(HOME_START);

  it('prints exactly the pending items, and each printed button finishes its item', async () => {
    await term.type(':as kasia coordinator');
    const cluster = await term.t.app.services.clusters.resolve('console', TEST_CLUSTER);
    await homeScenario(term.t.app, cluster, { me: 'kasia', other: 'piotr', candidate: 'ewa' });
    await term.type('/home');
    const home = term.message('Co na Ciebie czeka');
    expect(home.text).toBe(['** Co na Ciebie czeka **', 'Czeka na Ciebie 6 spraw.', 'Stan na 2.03.2026, 10:00.', ...HOME_EXPECTED.map(([kind, lines]) => `${kind}: ${lines}`), '(widoczne tylko dla Ciebie)'].join('\n'));
    expect(home.buttons.map((b) => b.label)).toEqual(HOME_BUTTONS);

    await term.press(home, 'Głosuj: Budżet na 2027');
    await term.press(term.message('Budżet na 2027'), 'Za');
    expect(term.message('Potwierdzenie oddania głosu').text).toContain('Budżet na 2027');

    await term.press(home, 'Odpowiedz: Który termin szkolenia?');
    await term.press(term.message('Dla: wszystkich członków'), 'Wtorek');
    await term.press(home, 'Zamknij lub przedłuż: Sala szkoleniowa');
    await term.press(term.message(/Sala szkoleniowa/), 'Wymiana doszła do skutku');
    await term.type(`:choose ${term.message('Z kim doszło do wymiany?').options.find((o) => o.label === 'Fundacja Horyzont')!.ref}`);
    expect(term.message('zamknięte jako zrealizowane').text).toContain('Fundacja Horyzont');

    await term.type('/home');
    const after = term.message('Co na Ciebie czeka');
    expect(after.number).toBeGreaterThan(home.number);
    expect(after.text).toContain('Czekają na Ciebie 3 sprawy.');
    expect(after.text).not.toMatch(/Głosowania|Ankiety|Odpowiedzi na Wasze ogłoszenia/);
    // The application's step opens the coordinator's checklist, asked field by field.
    expect(await term.press(after, 'Zweryfikuj: Spółdzielnia Smak')).toContain('== Weryfikacja');
  });
});
