import { describe, expect, it } from 'vitest';
import { admittedLastYear } from '../fees/support.ts';
import { TEST_CLUSTER } from '../support/harness.ts';
import { signedIn, terminalPerTest } from './terminal.ts';

/**
 * "What needs me" at the console, its later kinds: the Coordinating Team decides an appeal from
 * /home's own button, the representative opens its fee from there, and each item is then gone.
 */
describe('the console, clicked through: /home with an appeal and a fee', () => {
  const term = terminalPerTest('2026-03-17T08:00:00Z', signedIn({ anna: 'coordinator', jan: 'main:"Spółdzielnia Razem"', ewa: 'main:"Fundacja Horyzont"' }));

  it('the appeal is decided from its home button and leaves the list', async () => {
    await term.type(':as anna');
    await term.type('/member suspend member:"Spółdzielnia Razem" reason:duties justification:"Brak działań od roku."');
    await term.type(':as jan');
    await term.type('/appeal submit text:"Działaliśmy w grupie roboczej."');
    await term.type(':as anna');
    await term.type('/home');
    const home = term.message('Co na Ciebie czeka');
    expect(home.text).toContain('Odwołania do rozstrzygnięcia: • Spółdzielnia Razem – odwołanie (zawieszenie członkostwa), złożone 17.03.2026');
    await term.press(home, 'Rozstrzygnij odwołanie: Spółdzielnia Razem');
    await term.fill({ Rozstrzygnięcie: 'uwzględnić odwołanie', Uzasadnienie: 'Udział w grupie potwierdzony.' });
    await term.type('/home');
    expect(term.message('Co na Ciebie czeka').text).not.toContain('Odwołania');
  });

  it('the fee near its due date opens its status from home, and is gone once recorded', async () => {
    const cluster = await term.t.app.services.clusters.resolve('console', TEST_CLUSTER);
    const anna = await term.t.app.services.people.actor(cluster, { id: 'anna', displayName: 'anna' });
    await term.t.app.services.fees.setRules(cluster, anna.personId, { entry: '0', yearly: '300', supporting: '300', due: '31.03', reminders: '14/30' });
    await admittedLastYear(term.t);
    await term.type(':as jan');
    await term.type('/home');
    const home = term.message('Co na Ciebie czeka');
    expect(home.text).toContain('Składka członkowska: • Składka za rok 2026: do zapłaty 300,00 zł, termin 31.03.2026');
    expect(await term.press(home, 'Stan składki: Spółdzielnia Razem')).toContain('300,00');
    await term.type(':as anna');
    await term.type('/fee record member:"Spółdzielnia Razem" amount:300 date:17.03.2026 reference:FV/7');
    await term.type(':as jan');
    await term.type('/home');
    expect(term.message('Co na Ciebie czeka').text).not.toContain('Składka');
  });
});
