import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import { largestRemainder, divideBudget } from '../../src/services/market-shares.ts';
import { ANIMACJA, KUCHNIA, SMAK, TRANSPORT, dm, dmOnce, dmsWith, marketApp, memberIdOf, ok, shown } from './support.ts';

const OPPORTUNITY = { title: 'Catering na konferencję', need: 'Obiady i przerwy kawowe dla 150 osób', place: 'Gdańsk', when: '12–14 czerwca 2026', volume: '150 osób, 3 dni', sectors: 'gastronomia; catering', deadline: '20.03.2026' };

describe('market opportunities and consortia, through the commands', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await marketApp();
  });
  afterEach(() => t.close());

  it('tells only the organisations whose sectors or offers fit, and lets the rest see it with "Pokaż wszystkie"', async () => {
    const posted = ok(await t.as('kasia').command('opportunity', 'post', OPPORTUNITY));
    expect(posted.text).toContain('Wiadomość dostały 2 organizacje');
    expect(posted.text).toContain(SMAK);
    expect(posted.text).toContain(KUCHNIA);
    for (const user of ['jan', 'piotr']) expect(dm(t, user, 'Catering na konferencję').buttons?.map((b) => b.label)).toEqual(['Zgłoś udział']);
    for (const user of ['ewa', 'ola']) expect(dmsWith(t, user, 'Catering na konferencję')).toEqual([]);

    // Ewa's list shows what fits her (nothing), and "show all" shows the rest.
    const list = ok(await t.as('ewa').command('opportunity', 'list'));
    expect(list.text).toContain('Nie ma teraz zleceń pasujących');
    const all = ok(await t.as('ewa').press(list, 'Pokaż wszystkie'));
    expect(shown(all)).toContain('Catering na konferencję');
    expect(ok(await t.as('jan').command('opportunity', 'list')).fields?.map((f) => f.label)).toEqual(['Catering na konferencję']);
  });

  it('lets members post only where the cluster\'s rules say so', async () => {
    const refused = await t.as('ewa').command('opportunity', 'post', { ...OPPORTUNITY, sectors: 'transport' });
    expect(refused.errorId).toBe('market.errors.postingCoordinatorOnly');
    expect(await t.app.db.dumpTable('MarketOpportunity')).toEqual([]);
    ok(await t.as('kasia').command('setup', 'set', { key: 'opportunityPosting', value: '"members"' }));
    const posted = ok(await t.as('ewa').command('opportunity', 'post', { ...OPPORTUNITY, title: 'Przewóz uczestników', sectors: 'transport; gastronomia' }));
    expect(posted.text).toContain(SMAK);
    // The posting organisation runs it: it hears of declarations, and cannot declare on its own.
    const id = String((await t.app.db.dumpTable('MarketOpportunity'))[0]!.id);
    expect((await t.as('ewa').form('opportunity.declare', { id, part: 'Wszystko' })).errorId).toBe('market.errors.ownOpportunity');
    ok(await t.as('jan').form('opportunity.declare', { id, part: 'Obiady' }));
    expect(shown(dm(t, 'ewa', 'Nowe zgłoszenie'))).toContain('Obiady');
  });

  it('forms a consortium from the declarations: the track record first, then shares that add up to the budget to the grosz, each member told, an activity each', async () => {
    ok(await t.as('kasia').command('opportunity', 'post', OPPORTUNITY));
    // Jan declares from the notice's button, Piotr from the form, Ola (told nothing) from the full list.
    const form = ok(await t.as('jan').press(dm(t, 'jan', 'Catering na konferencję'), 'Zgłoś udział')).form!;
    const id = form.fields.find((f) => f.name === 'id')!.value!;
    ok(await t.as('jan').form(form.id, { id, part: 'Obiady dla 150 osób', capacity: 'do 200 porcji dziennie', price: '20 000,00' }, form.args));
    ok(await t.as('piotr').form('opportunity.declare', { id, part: 'Przerwy kawowe', price: '10000' }));
    ok(await t.as('ola').form('opportunity.declare', { id, part: 'Animacje dla dzieci uczestników' }));
    expect(shown(dm(t, 'kasia', 'Przerwy kawowe'))).toContain(KUCHNIA);
    // A second declaration replaces the first.
    ok(await t.as('ola').form('opportunity.declare', { id, part: 'Animacje w przerwach', price: '5 000' }));
    expect((await t.app.db.dumpTable('MarketDeclaration')).length).toBe(3);

    const show = ok(await t.as('kasia').command('opportunity', 'show', { id }));
    expect(shown(show)).toContain('Dotąd w żadnym konsorcjum klastra.');
    const choose = ok(await t.as('kasia').press(show, 'Utwórz konsorcjum'));
    expect(choose.choices?.options.map((o) => o.label)).toEqual([SMAK, KUCHNIA, ANIMACJA]);
    const [smak, kuchnia] = [await memberIdOf(t, SMAK), await memberIdOf(t, KUCHNIA)];
    const consortium = ok(await t.as('kasia').choose(choose, [smak, kuchnia])).form!;
    expect(consortium.fields.find((f) => f.name === 'leader')!.options!.map((o) => o.label)).toEqual([SMAK, KUCHNIA]);
    // A budget that is no amount comes back with a message, and the typed values are kept.
    const bad = await t.as('kasia').form(consortium.id, { id, leader: smak, budget: 'dużo', margin: '5' }, consortium.args);
    expect(bad.errorId).toBe('market.errors.money');
    expect(bad.text).toContain('„dużo” nie jest kwotą');
    const reopened = ok(await t.as('kasia').press(bad, 'Popraw formularz')).form!;
    expect(reopened.fields.find((f) => f.name === 'budget')?.value).toBe('dużo');

    const formed = ok(await t.as('kasia').form(consortium.id, { id, leader: smak, budget: '30 000,01', margin: '5' }, consortium.args));
    expect(formed.text).toContain('Konsorcjum utworzone');
    // 5% of 3,000,001 grosze is 150,000.05: 150,000 for the cluster; 2,850,001 split 2:1 by the declared prices.
    const parts = await t.app.db.dumpTable('ConsortiumPart');
    const shares = Object.fromEntries(parts.map((p) => [p.memberId, p.shareGrosze]));
    expect(shares).toEqual({ [smak]: 1_900_001, [kuchnia]: 950_000 });
    const row = (await t.app.db.dumpTable('MarketOpportunity'))[0]!;
    expect(row).toMatchObject({ status: 'forming', budgetGrosze: 3_000_001, marginGrosze: 150_000, leaderMemberId: smak });
    expect(Number(row.marginGrosze) + parts.reduce((s, p) => s + Number(p.shareGrosze), 0)).toBe(3_000_001);
    expect(shown(dm(t, 'jan', 'Konsorcjum: Catering'))).toContain('Wasza organizacja jest liderem konsorcjum. Wasza część: Obiady dla 150 osób. Wasz udział w budżecie: 19\u00a0000,01 zł.');
    expect(shown(dm(t, 'piotr', 'Konsorcjum: Catering'))).toContain(`liderem jest organizacja „${SMAK}”`);
    expect(dmsWith(t, 'ola', 'Konsorcjum:')).toEqual([]);
    const activities = (await t.app.db.dumpTable('Activity')).filter((a) => a.source === 'consortium');
    expect(activities.map((a) => [a.memberId, a.kind]).sort()).toEqual([[smak, 'consortium'], [kuchnia, 'consortium']].sort());

    // The status moves on by buttons; members hear each step.
    const sent = ok(await t.as('kasia').press(formed, 'Oferta wysłana'));
    expect(sent.buttons?.map((b) => b.label)).toEqual(expect.arrayContaining(['Wygrane', 'Przegrane']));
    const won = ok(await t.as('kasia').press(sent, 'Wygrane'));
    ok(await t.as('kasia').press(won, 'Zrealizowane'));
    expect(shown(dm(t, 'piotr', 'zrealizowane'))).toContain('Catering na konferencję');
    expect((await t.as('kasia').action('opportunity', 'status', [id, 'won'])).errorId).toBe('market.errors.badStatusMove');

    // The next opportunity shows each declaring member's record.
    ok(await t.as('kasia').command('opportunity', 'post', { ...OPPORTUNITY, title: 'Catering na piknik' }));
    const second = String((await t.app.db.dumpTable('MarketOpportunity')).find((o) => o.title === 'Catering na piknik')!.id);
    ok(await t.as('jan').form('opportunity.declare', { id: second, part: 'Grill' }));
    expect(shown(ok(await t.as('kasia').command('opportunity', 'show', { id: second })))).toContain('Dotąd w 1 konsorcjum: zrealizowane 1, przegrane 0, odwołane 0, w toku 0.');

    // The export: every declaration, its record, role and share; the margin and the budget.
    const csv = readCsv(ok(await t.as('kasia').command('opportunity', 'export', { id })).attachments?.[0]);
    expect(csv[0]).toEqual(['Organizacja', 'Część zlecenia', 'Możliwości', 'Cena zgłoszona (zł)', 'Konsorcja dotąd', 'Zrealizowane', 'Przegrane', 'Rola w konsorcjum', 'Udział w budżecie (zł)']);
    expect(csv.slice(1).map((r) => [r[0], r[7], r[8]])).toEqual([
      [SMAK, 'lider', '19000,01'],
      [KUCHNIA, 'członek', '9500,00'],
      [ANIMACJA, '', ''],
      ['Marża klastra', '', '1500,00'],
      ['Budżet zlecenia', '', '30000,01'],
    ]);
  });

  it('closes declarations at the deadline and tells the coordinator once, with the button that forms the consortium', async () => {
    ok(await t.as('kasia').command('opportunity', 'post', OPPORTUNITY));
    const id = String((await t.app.db.dumpTable('MarketOpportunity'))[0]!.id);
    ok(await t.as('jan').form('opportunity.declare', { id, part: 'Obiady' }));
    await t.runJobs('2026-03-21T08:00:00Z');
    await t.runJobs('2026-03-21T09:00:00Z');
    const told = dmOnce(t, 'kasia', 'Koniec zgłoszeń');
    expect(told.text).toContain('Wpłynęło 1 zgłoszenie.');
    t.clock.set('2026-03-21T09:00:00Z');
    expect((await t.as('piotr').form('opportunity.declare', { id, part: 'Kawa' })).errorId).toBe('market.errors.declarationsClosed');
    expect(ok(await t.as('kasia').press(told, 'Utwórz konsorcjum')).choices?.options.map((o) => o.label)).toEqual([SMAK]);
  });

  it('refuses a member who runs nothing, and an opportunity of another cluster is not found', async () => {
    ok(await t.as('kasia').command('opportunity', 'post', OPPORTUNITY));
    const id = String((await t.app.db.dumpTable('MarketOpportunity'))[0]!.id);
    expect((await t.as('jan').action('opportunity', 'consortium', [id])).errorId).toBe('market.errors.notRunner');
    expect((await t.as('jan').command('opportunity', 'export', { id })).errorId).toBe('market.errors.notRunner');
    expect((await t.as('jan').form('opportunity.declare', { id: 'nie-ma-takiego', part: 'x' })).errorId).toBe('market.errors.opportunityNotFound');
    expect(TRANSPORT).toBeTruthy();
  });
});

describe('dividing a budget exactly', () => {
  it('always adds up to the whole, whatever the weights', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let i = 0; i < 500; i++) {
      const total = random(1_000_000_000);
      const weights = Array.from({ length: 1 + random(8) }, () => random(3) === 0 ? 0 : random(100_000_000));
      const parts = largestRemainder(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    const { margin, shares } = divideBudget(1_000, 333, [null, 500]);
    expect([margin, ...shares]).toEqual([33, 484, 483]);
  });
});
