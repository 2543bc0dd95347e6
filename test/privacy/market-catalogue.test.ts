import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { applicationForm } from '../membership/support.ts';
import { onOwnPostgres } from '../support/databases.ts';
import { everything } from './fixtures.ts';

/**
 * The cluster's economy in /privacy: what a representative declared, proposed, signed up for and
 * wrote into the catalogue (and the entries publishing their e-mail as the contact) is in their
 * export and in their organisation's; erasing them keeps the organisation's records and removes
 * every trace of the person, through the commands people use.
 */

const MARTA = { id: 'marta.wisniewska.31', email: 'marta.w@piekarnia-dobra.example', name: 'Marta Wiśniewska' };
const ORG = 'Spółdzielnia Socjalna Dobra Piekarnia';
const OTHER = 'Fundacja Wspólny Stół';

function ok(reply: Reply): Reply {
  expect(reply.errorId, reply.text).toBeUndefined();
  return reply;
}

function json(reply: Reply): Record<string, any> {
  const file = reply.attachments?.[0];
  expect(file?.filename).toMatch(/\.json$/);
  return JSON.parse(file!.data.toString('utf8'));
}

describe('/privacy and the cluster economy', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('exports the market rows and catalogue entries that name the person, and the organisation’s; erasure leaves the rows and no trace of her', async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
    await economyInPrivacy(t);
  });

  it('the same on PostgreSQL', { timeout: 120_000 }, async (ctx) => {
    const ran = await onOwnPostgres('pkes_privacy_market', async (url) => {
      t = await createTestApp({ start: '2026-03-02T09:00:00Z', databaseUrl: url });
      await economyInPrivacy(t);
      await t.close();
      t = undefined;
      return true;
    });
    if (!ran) ctx.skip();
  });
});

async function economyInPrivacy(t: TestApp): Promise<void> {
    await t.given('kasia', { roles: ['coordinator'] });
    ok(await t.as(MARTA.id).form('apply', applicationForm({ org_name: ORG, contact_name: MARTA.name, contact_email: MARTA.email })));
    await t.given(MARTA.id, { main: ORG });
    await t.given('piotr', { main: ORG });
    await t.given('ewa', { main: OTHER });

    ok(await t.as('kasia').command('opportunity', 'post', { title: 'Catering na konferencję', place: 'Gdańsk', sectors: 'gastronomia', deadline: '2026-03-30' }));
    const opportunityId = String((await t.app.db.dumpTable('MarketOpportunity'))[0]!.id);
    ok(await t.as(MARTA.id).command('opportunity', 'declare', { id: opportunityId, part: 'Pieczywo na trzy dni', price: '2 000' }));
    ok(await t.as('kasia').command('opportunity', 'consortium', { id: opportunityId, members: ORG, leader: ORG, budget: '3000' }));
    ok(await t.as(MARTA.id).command('purchase', 'propose', { item: 'Mąka żytnia', unit: 'kg', tiers: '1: 3,00; 500: 2,50', deadline: '2026-03-30 12:00', description: `Zamawia ${MARTA.name}` }));
    ok(await t.as('ewa').command('purchase', 'propose', { item: 'Pojemniki na żywność', unit: 'szt.', tiers: '1: 2,50', deadline: '2026-03-30 12:00' }));
    const purchases = await t.app.db.dumpTable('JointPurchase');
  const [flour, boxes] = ['Mąka żytnia', 'Pojemniki na żywność'].map((item) => String(purchases.find((p) => p.item === item)!.id));
    ok(await t.as(MARTA.id).command('purchase', 'join', { id: boxes!, quantity: 40 }));
    ok(await t.as('ewa').command('purchase', 'join', { id: flour!, quantity: 100 }));
    ok(await t.as(MARTA.id).form('catalogue.add', { title: 'Pieczywo dla stołówek', sector: 'gastronomia', area: 'Gdańsk', contact: MARTA.name, email: MARTA.email }));
    // Her colleague publishes her e-mail as the contact of another offer.
    ok(await t.as('piotr').form('catalogue.add', { title: 'Torty okolicznościowe', sector: 'gastronomia', area: 'Sopot', email: MARTA.email }));

    const mine = json(ok(await t.as(MARTA.id).press(ok(await t.as(MARTA.id).command('privacy')), 'Pobierz moje dane')));
    expect(mine.marketDeclarations.map((d: any) => [d.opportunityTitle, d.part, d.consortium?.role])).toEqual([['Catering na konferencję', 'Pieczywo na trzy dni', 'leader']]);
    expect(mine.jointPurchasesProposed.map((p: any) => p.item)).toEqual(['Mąka żytnia']);
    expect(mine.purchaseSignups.map((s: any) => [s.item, s.quantity])).toEqual([['Pojemniki na żywność', 40]]);
    expect(mine.catalogueEntriesWritten.map((e: any) => e.title)).toEqual(['Pieczywo dla stołówek']);
    expect(mine.catalogueEntriesNamingContact.map((e: any) => e.title)).toEqual(['Torty okolicznościowe']);
    expect(mine.marketOpportunitiesPosted).toEqual([]);
    // Someone else's sign-up to her purchase is not her data.
    expect(JSON.stringify(mine)).not.toContain(OTHER);

    const organisation = json(ok(await t.as('kasia').command('privacy-request', 'organisation', { organisation: ORG, reference: 'RODO/7/2026' })));
    expect(organisation.catalogueEntries.map((e: any) => e.title)).toEqual(['Pieczywo dla stołówek', 'Torty okolicznościowe']);
    expect(organisation.consortiumParts.map((p: any) => [p.role, p.shareGrosze])).toEqual([['leader', 285_000]]);
    expect(organisation.marketDeclarations).toHaveLength(1);
    expect(organisation.jointPurchases.map((p: any) => p.item)).toEqual(['Mąka żytnia']);
    expect(organisation.purchaseSignups.map((s: any) => s.quantity)).toEqual([40]);

    const ask = ok(await t.as(MARTA.id).press(ok(await t.as(MARTA.id).command('privacy')), 'Usuń moje dane'));
    ok(await t.as(MARTA.id).press(ask, 'Tak, usuń nieodwracalnie'));
    // The organisation's records stay: its declaration, share, purchase, sign-up and offers.
    expect(await t.app.db.dumpTable('MarketDeclaration')).toMatchObject([{ part: 'Pieczywo na trzy dni', personId: null }]);
    expect((await t.app.db.dumpTable('PurchaseSignup')).map((s) => [s.quantity, s.personId]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([[40, null], [100, expect.any(String)]]);
    expect((await t.app.db.dumpTable('JointPurchase')).map((p) => [p.item, p.authorPersonId === null]).sort()).toEqual([['Mąka żytnia', true], ['Pojemniki na żywność', false]]);
    expect((await t.app.db.dumpTable('CatalogueEntry')).map((e) => [e.title, e.authorPersonId === null, e.contactEmail]).sort()).toEqual([
      ['Pieczywo dla stołówek', true, null],
      ['Torty okolicznościowe', false, null],
    ]);
    const person = (await t.app.db.dumpTable('Person')).find((p) => p.erasedAt)!;
    for (const [table, text] of Object.entries(await everything(t))) {
      for (const trace of [MARTA.id, MARTA.email, MARTA.name.toLowerCase()]) expect(text.includes(trace), `${table} still holds ${trace}`).toBe(false);
      if (table !== 'Person' && table !== 'AuditEntry') expect(text.includes(String(person.id).toLowerCase()), `${table} still links to the person`).toBe(false);
    }
}
