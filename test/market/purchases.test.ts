import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import { botOnOwnPostgres } from '../support/databases.ts';
import { KUCHNIA, SMAK, TRANSPORT, dm, dmOnce, marketApp, ok, shown } from './support.ts';

const PROPOSAL = { item: 'Pojemniki na żywność 1 l', unit: 'szt.', tiers: '1: 2,50; 100: 2,00; 500: 1,75', deadline: '20.03.2026 12:00', description: 'Od hurtowni w Pruszczu, odbiór w Gdańsku.' };

async function propose(t: TestApp, user = 'jan', input = PROPOSAL): Promise<string> {
  ok(await t.as(user).command('purchase', 'propose', input));
  return String((await t.app.db.dumpTable('JointPurchase')).at(-1)!.id);
}

/** The card in the channel as it now stands (its newest update). */
function card(t: TestApp): string {
  const posted = t.notifier.channel.filter((c) => c.channel === 'barter').at(-1)!;
  const updates = t.notifier.updates.filter((u) => u.ref === posted.ref);
  return shown(updates.at(-1)?.message ?? posted.message);
}

describe('joint purchases on SQLite', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('shows the total and the tier reached as members sign up, change and withdraw, until the deadline', async () => {
    t = await marketApp();
    const id = await propose(t);
    expect(card(t)).toContain('Wspólny zakup: Pojemniki na żywność 1 l');
    expect(card(t)).toContain('jeszcze żaden');

    // From the card's button: the form with the purchase chosen.
    const posted = t.notifier.channel.find((c) => c.channel === 'barter')!.message;
    const form = ok(await t.as('piotr').press(posted, 'Zapisz się')).form!;
    const signed = ok(await t.as('piotr').form(form.id, { id, quantity: '60' }, form.args));
    expect(signed.text).toContain('Zapisano: 60 szt. (łącznie zamówione: 60 szt.).');
    expect(card(t)).toContain('2,50 zł za szt.');
    expect(card(t)).toContain('brakuje 40 szt. (wtedy 2,00 zł)');

    ok(await t.as('ewa').form('purchase.join', { id, quantity: '40' }));
    expect(card(t)).toMatch(/Łącznie zamówione\n100 szt\./);
    expect(card(t)).toContain('2,00 zł za szt.');
    // The own line: quantity and what it costs at the current tier.
    expect(shown(ok(await t.as('ewa').command('purchase', 'show', { id })))).toContain('40 szt. · przy obecnym progu: 80,00 zł');

    // Changing is signing up again; withdrawing drops below the tier.
    const change = ok(await t.as('ewa').press(ok(await t.as('ewa').command('purchase', 'show', { id })), 'Zmień ilość')).form!;
    expect(change.fields.find((f) => f.name === 'quantity')?.value).toBe('40');
    ok(await t.as('ewa').form(change.id, { id, quantity: '45' }, change.args));
    expect(card(t)).toMatch(/Łącznie zamówione\n105 szt\./);
    const withdrawn = ok(await t.as('piotr').press(ok(await t.as('piotr').command('purchase', 'show', { id })), 'Wycofaj się'));
    expect(withdrawn.text).toContain('(łącznie zamówione: 45 szt.)');
    expect(card(t)).toContain('2,50 zł za szt.');
    ok(await t.as('piotr').form('purchase.join', { id, quantity: '60' }));

    // Bad input: a clear message, the quantity form kept.
    const bad = await t.as('ola').form('purchase.join', { id, quantity: 'sporo' });
    expect(bad.errorId).toBe('core.errors.invalidOptions');
    expect(bad.buttons?.map((b) => b.label)).toContain('Popraw formularz');

    // At the deadline: closed, the organiser gets the list, each participant its share, once.
    t.clock.set('2026-03-20T11:05:00Z');
    expect((await t.as('ola').form('purchase.join', { id, quantity: '5' })).errorId).toBe('market.errors.purchaseClosed');
    await t.runJobs('2026-03-20T11:05:00Z');
    await t.runJobs('2026-03-20T11:10:00Z');
    expect((await t.app.db.dumpTable('JointPurchase'))[0]).toMatchObject({ status: 'closed', totalQuantity: 105 });
    const list = dmOnce(t, 'jan', 'Wspólny zakup zamknięty');
    expect(list.text).toContain('łącznie 105 szt., po 2,00 zł za jednostkę, 2 uczestników');
    const rows = readCsv(list.attachments?.[0]);
    expect(rows).toEqual([
      ['Organizacja', 'Ilość', 'Jednostka', 'Cena jednostkowa (zł)', 'Do zapłaty (zł)'],
      [TRANSPORT, '45', 'szt.', '2,00', '90,00'],
      [KUCHNIA, '60', 'szt.', '2,00', '120,00'],
      ['Razem', '105', 'szt.', '2,00', '210,00'],
    ]);
    expect(dm(t, 'ewa', 'Wspólny zakup zamknięty').text).toContain('Wasza ilość: 45 szt. po 2,00 zł za jednostkę, do zapłaty: 90,00 zł.');
    dmOnce(t, 'piotr', 'Wspólny zakup zamknięty');
    expect(card(t)).toContain('zamknięty');
    expect(t.notifier.channel.filter((c) => c.channel === 'barter').at(-1)!.message.buttons).toHaveLength(1);
  });

  it('does not go ahead when the total stays under the first tier, and says so to everyone', async () => {
    t = await marketApp();
    const id = await propose(t, 'jan', { ...PROPOSAL, tiers: '50: 2,00; 100: 1,80' });
    ok(await t.as('piotr').form('purchase.join', { id, quantity: '20' }));
    await t.runJobs('2026-03-20T11:05:00Z');
    expect((await t.app.db.dumpTable('JointPurchase'))[0]).toMatchObject({ status: 'cancelled', totalQuantity: 20 });
    expect(dm(t, 'piotr', 'Wspólny zakup zamknięty').text).toContain('nie osiągnęła pierwszego progu');
    expect(dm(t, 'jan', 'Wspólny zakup zamknięty').text).toContain('zakup nie dochodzi do skutku');
  });

  it('refuses tiers it cannot read, and tiers whose price does not fall', async () => {
    t = await marketApp();
    const unreadable = await t.as('jan').command('purchase', 'propose', { ...PROPOSAL, tiers: '1: dwa złote' });
    expect(unreadable.errorId).toBe('market.errors.tiers');
    expect(unreadable.text).toContain('„1: dwa złote”');
    expect((await t.as('jan').command('purchase', 'propose', { ...PROPOSAL, tiers: '1: 2,00; 100: 2,50' })).errorId).toBe('market.errors.tiersOrder');
    expect((await t.as('jan').command('purchase', 'propose', { ...PROPOSAL, deadline: '01.03.2026 12:00' })).errorId).toBe('market.errors.deadlinePast');
    expect(await t.app.db.dumpTable('JointPurchase')).toEqual([]);
    // Only the organiser (and the coordinator) gets the list.
    const id = await propose(t);
    expect((await t.as('ewa').command('purchase', 'export', { id })).errorId).toBe('market.errors.notOrganiser');
    ok(await t.as('kasia').command('purchase', 'export', { id }));
  });

  it('counts two sign-ups at a tier\'s edge together: the tier is reached, the card shows it, nothing is lost', async () => {
    t = await marketApp();
    await edgeRace(t);
  });
});

describe('joint purchases on PostgreSQL', () => {
  it('counts sign-ups racing at a tier\'s edge together: the tier is reached, the card shows it, nothing is lost', { timeout: 120_000 }, (ctx) =>
    botOnOwnPostgres(ctx, 'pkes_market', (databaseUrl) => marketApp({ databaseUrl }), edgeRace));
});

/**
 * 60 units signed; two members sign up 20 each at the same moment, the tier is at 100, and then
 * six more organisations race. Each change claims the purchase's row, so every total counts
 * every change before it, and the card re-renders until it shows the newest.
 */
async function edgeRace(t: TestApp): Promise<void> {
  const id = await propose(t, 'jan', { ...PROPOSAL, tiers: '1: 2,50; 100: 2,00; 220: 1,80' });
  ok(await t.as('kasia').command('help'));
  ok(await t.as('ola').form('purchase.join', { id, quantity: '60' }));
  const [a, b] = await Promise.all([t.as('piotr').form('purchase.join', { id, quantity: '20' }), t.as('ewa').form('purchase.join', { id, quantity: '20' })]);
  ok(a);
  ok(b);
  // One of the two answers saw both sign-ups.
  expect([a.text, b.text].some((text) => text?.includes('łącznie zamówione: 100 szt.'))).toBe(true);
  expect((await t.app.db.dumpTable('JointPurchase'))[0]).toMatchObject({ totalQuantity: 100 });
  expect(card(t)).toMatch(/Łącznie zamówione\n100 szt\./);
  expect(card(t)).toContain('Osiągnięty próg\n2,00 zł za szt.');

  // A burst: six more organisations, 20 each, at once: 220 crosses the next edge.
  for (let i = 1; i <= 6; i++) await t.given(`org${i}`, { main: `Spółdzielnia Socjalna nr ${i}` });
  const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => t.as(`org${i + 1}`).form('purchase.join', { id, quantity: '20' })));
  for (const r of replies) ok(r);
  const signups = await t.app.db.dumpTable('PurchaseSignup');
  expect(signups).toHaveLength(9);
  expect((await t.app.db.dumpTable('JointPurchase'))[0]).toMatchObject({ totalQuantity: 220, version: 9 });
  expect(card(t)).toMatch(/Łącznie zamówione\n220 szt\./);
  expect(card(t)).toContain('Osiągnięty próg\n1,80 zł za szt.');
  expect(SMAK).toBeTruthy();
}
