import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BARTER_KINDS } from '../../src/core/vocabulary.ts';
import type { TestApp } from '../support/harness.ts';
import { barterApp, cardOf, field, offer, postIdFrom, request } from './support.ts';

describe('/barter offer and /barter request', () => {
  let t: TestApp;
  beforeEach(async () => {
    // Monday 2 March 2026, 10:00 in Warsaw.
    t = await barterApp();
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
  });
  afterEach(() => t.close());

  it('posts an offer of every kind as a card with a Respond button and gives the poster its id', async () => {
    for (const kind of BARTER_KINDS) {
      const reply = await offer(t, 'jan', { kind, title: `Oferta ${kind}`, exchange: 'free' });
      expect(reply.tone).toBe('success');
      const id = postIdFrom(reply);
      const card = cardOf(t, id);
      expect(card.title).toBe(`Oferta: Oferta ${kind}`);
      expect(card.buttons?.map((b) => b.label)).toEqual(['Odpowiedz']);
      expect(card.buttons?.[0]?.action).toEqual({ command: 'barter', action: 'respond', args: [id] });
      expect(field(card, 'W zamian')).toBe('za darmo (solidarnie)');
    }
    const rows = await t.app.db.dumpTable('BarterPost');
    expect(rows.map((r) => r.kind).sort()).toEqual([...BARTER_KINDS].sort());
    expect(rows.every((r) => r.type === 'offer' && r.status === 'open' && typeof r.messageRef === 'string')).toBe(true);
    expect(t.notifier.channel.every((c) => c.channel === 'barter')).toBe(true);
  });

  it('posts a request of every kind, also from a supporting member', async () => {
    for (const kind of BARTER_KINDS) {
      const reply = await request(t, 'ewa', { kind, title: `Szukamy: ${kind}`, place: 'zdalnie' });
      const card = cardOf(t, postIdFrom(reply));
      expect(card.title).toBe(`Potrzeba: Szukamy: ${kind}`);
      expect(field(card, 'Miejsce')).toBe('zdalnie');
    }
    const rows = await t.app.db.dumpTable('BarterPost');
    expect(rows).toHaveLength(BARTER_KINDS.length);
    expect(rows.every((r) => r.type === 'request' && r.place === 'remote')).toBe(true);
  });

  it('is available for 30 days by default, to the end of that day in the cluster time zone', async () => {
    const id = postIdFrom(await offer(t, 'jan', {}));
    const [row] = await t.app.db.dumpTable('BarterPost');
    // 1 April 2026 23:59:59.999 in Warsaw (CEST, UTC+2).
    expect(new Date(row!.availableUntil as number).toISOString()).toBe('2026-04-01T21:59:59.999Z');
    expect(field(cardOf(t, id), 'Ważne do')).toBe('1.04.2026');
  });

  it('accepts a date typed the Polish way', async () => {
    const id = postIdFrom(await offer(t, 'jan', { until: '15.05.2026' }));
    expect(field(cardOf(t, id), 'Ważne do')).toBe('15.05.2026');
  });

  it('opens the form when called without its fields', async () => {
    const reply = await t.as('jan').command('barter', 'offer');
    expect(reply.form?.id).toBe('barter.offer');
    expect(reply.form?.fields.map((f) => f.name)).toEqual(['kind', 'title', 'description', 'exchange', 'place', 'until']);
    expect(reply.form?.fields.find((f) => f.name === 'kind')?.options).toHaveLength(8);
  });

  describe('bad input', () => {
    it('refuses an empty title, says which field, stores nothing and keeps what was typed', async () => {
      const reply = await t.as('jan').form('barter.offer', { kind: 'space', title: '   ', description: 'Sala na 30 osób z rzutnikiem', place: 'Gdynia' });
      expect(reply.errorId).toBe('core.errors.invalidOptions');
      expect(reply.fieldErrors?.title).toBe('to pole jest wymagane');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
      const again = await t.as('jan').press(reply, 'Popraw formularz');
      expect(again.form?.fields.find((f) => f.name === 'description')?.value).toBe('Sala na 30 osób z rzutnikiem');
    });

    it('refuses an expiry date in the past, beside the field', async () => {
      const reply = await offer(t, 'jan', { until: '2026-03-01' });
      expect(reply.errorId).toBe('barter.errors.untilPast');
      expect(reply.text).toContain('2026-03-01');
      expect(reply.fieldErrors?.until).toBe('data musi być w przyszłości');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
    });

    it('refuses an expiry more than a year ahead and text that is not a date', async () => {
      const late = await offer(t, 'jan', { until: '2027-03-10' });
      expect(late.errorId).toBe('barter.errors.untilTooLate');
      expect(late.text).toContain('najwyżej 365 dni');
      const [cluster] = await t.app.db.dumpTable('Cluster');
      await t.app.services.clusters.updateSettings(String(cluster!.id), { barterMaxDays: 1 });
      expect((await offer(t, 'jan', { until: '2026-03-30' })).text).toBe('Ogłoszenie może być ważne najwyżej 1 dzień – podaj wcześniejszą datę.');
      const garbage = await offer(t, 'jan', { until: 'jutro' });
      expect(garbage.errorId).toBe('barter.errors.untilInvalid');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
    });

    it('refuses over-long text with the limit', async () => {
      const reply = await offer(t, 'jan', { description: 'x'.repeat(1001), title: 't'.repeat(101) });
      expect(reply.errorId).toBe('core.errors.invalidOptions');
      expect(reply.fieldErrors?.description).toBe('najwyżej 1000 znaków');
      expect(reply.fieldErrors?.title).toBe('najwyżej 100 znaków');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
    });

    it('refuses an unknown kind and lists the kinds there are', async () => {
      const reply = await offer(t, 'jan', { kind: 'spaceship' });
      expect(reply.errorId).toBe('core.errors.invalidOptions');
      expect(reply.fieldErrors?.kind).toContain('know-how');
      expect(reply.fieldErrors?.kind).toContain('transport');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
    });

    it('answers in English to an English speaker', async () => {
      const reply = await t.as('jan', { locale: 'en-GB' }).command('barter', 'offer', { kind: 'service', title: 'Catering', place: 'Gdańsk', until: '2026-02-01' });
      expect(reply.text).toBe('The date "2026-02-01" has passed – give a date in the future.');
    });
  });

  describe('who may post', () => {
    it('refuses a suspended member and says why', async () => {
      await t.given('olek', { main: 'Fundacja Zawieszona', status: 'suspended' });
      const reply = await offer(t, 'olek', {});
      expect(reply.errorId).toBe('core.denied.suspended');
      const quick = await t.as('olek').command('quickhelp', undefined, { what: 'Bus', within: 5, where: 'Gdańsk' });
      expect(quick.errorId).toBe('core.denied.suspended');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
    });

    it('refuses someone who is not a member (a candidate)', async () => {
      const reply = await request(t, 'stranger', {});
      expect(reply.errorId).toBe('core.denied.member');
      expect(await t.app.db.dumpTable('BarterPost')).toHaveLength(0);
    });
  });

  it('never lets user text mass-mention from a card', async () => {
    const id = postIdFrom(await offer(t, 'jan', { title: '@everyone darmowy bus <@&123>', description: 'Piszcie <!channel> i @here' }));
    const card = cardOf(t, id);
    expect(card.title).not.toMatch(/@everyone|<@&123>/);
    expect(card.text).not.toMatch(/<!channel>|@here/);
    expect(card.title).toContain('everyone');
    const [row] = await t.app.db.dumpTable('BarterPost');
    expect(row!.title).toBe('@everyone darmowy bus <@&123>');
  });
});
