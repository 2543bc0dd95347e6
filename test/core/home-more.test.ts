import { describe, expect, it } from 'vitest';
import { appPerTest, castApp, TEST_CLUSTER } from '../support/harness.ts';
import { feesApp, KUCHNIA, setRules } from '../fees/support.ts';
import { recordTyped } from '../support/rendered.ts';

/**
 * "What needs me" (issue 23, point 4), its later kinds: the organisation's fee near or past its
 * due date, appeals the Coordinating Team decides, and date polls whose every date has passed.
 */
const fields = (reply: { fields?: { label: string; value: string }[] }) => Object.fromEntries((reply.fields ?? []).map((f) => [f.label, f.value]));

describe('/home: the organisation\'s membership fee', () => {
  const t = appPerTest(() => feesApp({ start: '2026-03-02T09:00:00Z' }));

  it('is not listed before the reminder\'s day, is from then on and after the due date, and is gone once paid', async () => {
    await setRules(t);
    // Due 31 March, reminded 14 days before: on 2 March nothing waits yet.
    expect(fields(await t.as('piotr').command('home'))['Składka członkowska']).toBeUndefined();
    t.clock.set('2026-03-17T07:00:00Z');
    const near = await t.as('piotr').command('home');
    expect(fields(near)['Składka członkowska']).toBe('• Składka za rok 2026: do zapłaty 200,00 zł, termin 31.03.2026');
    const status = await t.as('piotr').press(near, `Stan składki: ${KUCHNIA}`);
    expect(status.tone).not.toBe('error');
    expect(JSON.stringify(status)).toContain('200,00');
    t.clock.set('2026-04-02T08:00:00Z');
    expect(fields(await t.as('piotr').command('home'))['Składka członkowska']).toBe('• Składka za rok 2026: do zapłaty 200,00 zł, termin minął 31.03.2026');
    // Another organisation's representative sees only its own fee.
    expect(JSON.stringify(await t.as('jan').command('home'))).not.toContain(KUCHNIA);
    recordTyped('FV/7');
    expect((await t.as('kasia').command('fee', 'record', { member: KUCHNIA, amount: '200', date: '01.04.2026', reference: 'FV/7' })).tone).toBe('success');
    expect(fields(await t.as('piotr').command('home'))['Składka członkowska']).toBeUndefined();
  });

  it('is never listed where the cluster collects no fees', async () => {
    t.clock.set('2026-04-02T08:00:00Z');
    expect(fields(await t.as('piotr').command('home'))['Składka członkowska']).toBeUndefined();
  });
});

describe('/home: appeals to decide', () => {
  const t = appPerTest(() =>
    castApp({ anna: { roles: ['coordinator'] }, tomasz: { roles: ['team'] }, jan: { main: 'Spółdzielnia Razem' }, ewa: { main: 'Fundacja Horyzont' } }, { start: '2026-03-02T09:00:00Z' }),
  );

  it('the Coordinating Team sees an open appeal with its Decide button; an ordinary member does not; a decided one is gone', async () => {
    recordTyped(['Brak działań od roku.', 'Działaliśmy w grupie roboczej.', 'Udział w grupie potwierdzony.']);
    await t.as('anna').command('member', 'suspend', { member: 'Spółdzielnia Razem', reason: 'duties', justification: 'Brak działań od roku.' });
    await t.as('jan').command('appeal', 'submit', { text: 'Działaliśmy w grupie roboczej.' });
    const line = '• Spółdzielnia Razem – odwołanie (zawieszenie członkostwa), złożone 2.03.2026';
    expect(fields(await t.as('tomasz').command('home'))['Odwołania do rozstrzygnięcia']).toBe(line);
    const home = await t.as('anna').command('home');
    expect(fields(home)['Odwołania do rozstrzygnięcia']).toBe(line);
    expect(JSON.stringify(await t.as('ewa').command('home'))).not.toContain('odwołanie');
    const form = await t.as('anna').press(home, 'Rozstrzygnij odwołanie: Spółdzielnia Razem');
    expect(form.form?.id).toBe('appeal.decide');
    const decided = await t.as('anna').form('appeal.decide', { ...Object.fromEntries(form.form!.fields.filter((f) => f.value).map((f) => [f.name, f.value!])), outcome: 'upheld', justification: 'Udział w grupie potwierdzony.' }, form.form!.args);
    expect(decided.tone).toBe('success');
    expect(fields(await t.as('anna').command('home'))['Odwołania do rozstrzygnięcia']).toBeUndefined();
  });
});

describe('/home: a date poll whose dates have all passed', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Razem' } }, { start: '2026-03-02T09:00:00Z' }));

  it('asks until the last proposed date, and no longer', async () => {
    const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
    const anna = await t.app.services.people.actor(cluster, { id: 'anna', displayName: 'anna' });
    recordTyped('Szkolenie z zamówień publicznych');
    await t.app.services.datePolls.propose(cluster, anna, { kind: 'network', place: 'Gdańsk', title: 'Szkolenie z zamówień publicznych', slots: [new Date('2026-03-10T09:00:00Z'), new Date('2026-03-12T09:00:00Z')] }, () => 'x');
    const label = 'Wybór terminu spotkania';
    expect(fields(await t.as('jan').command('home'))[label]).toBe('• Szkolenie z zamówień publicznych – zaznacz, które terminy Ci pasują');
    t.clock.set('2026-03-11T09:00:00Z');
    expect(fields(await t.as('jan').command('home'))[label]).toBeDefined();
    t.clock.set('2026-03-12T09:30:00Z');
    expect(fields(await t.as('jan').command('home'))[label]).toBeUndefined();
  });
});
