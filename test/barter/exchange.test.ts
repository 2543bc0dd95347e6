import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/harness.ts';
import { barterApp, cardOf, dmText, field, offer, postIdFrom, request } from './support.ts';

describe('responding, closing, editing and matching', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await barterApp();
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    await t.given('ola', { main: 'Fundacja Wspólna Droga' });
  });
  afterEach(() => t.close());

  it('Respond opens a short form; submitting it puts both sides in touch privately and counts on the card', async () => {
    const id = postIdFrom(await offer(t, 'jan', { title: 'Bus 9-osobowy na weekend', kind: 'transport' }));
    const form = await t.as('ewa').press(cardOf(t, id), 'Odpowiedz');
    expect(form.form?.submit).toEqual({ command: 'barter', subcommand: 'respond' });
    expect(form.form?.fields.find((f) => f.name === 'id')?.value).toBe(id);

    const done = await t.as('ewa').form('barter.respond', { id, message: 'Chętnie pożyczymy w sobotę' });
    expect(done.tone).toBe('success');
    expect(done.text).toContain('<@jan>');

    const toOwner = dmText(t, 'jan');
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]).toContain('Gmina Kolbudy');
    expect(toOwner[0]).toContain('<@ewa>');
    expect(toOwner[0]).toContain('Chętnie pożyczymy w sobotę');
    const toResponder = dmText(t, 'ewa');
    expect(toResponder).toHaveLength(1);
    expect(toResponder[0]).toContain('Spółdzielnia Socjalna Razem');
    expect(toResponder[0]).toContain('<@jan>');

    expect(field(cardOf(t, id), 'Odpowiedzi')).toBe('1 odpowiedź');
    await t.as('ola').command('barter', 'respond', { id, message: 'My też!' });
    expect(field(cardOf(t, id), 'Odpowiedzi')).toBe('2 odpowiedzi');
    expect(await t.app.db.dumpTable('BarterResponse')).toHaveLength(2);
  });

  it('the owner closes the post from the response notice with the organisation that responded, and can extend it there', async () => {
    const id = postIdFrom(await offer(t, 'jan', { title: 'Namiot 6×3 na festyn', kind: 'equipment' }));
    await t.as('ewa').command('barter', 'respond', { id, message: 'Pożyczymy na sobotę' });
    const notice = t.notifier.dmsTo('jan').at(-1)!;
    expect(notice.buttons?.map((b) => b.label)).toEqual(['Zamknij – wymiana doszła do skutku', 'Przedłuż']);
    const before = (await t.app.db.dumpTable('BarterPost'))[0]!.availableUntil;
    expect((await t.as('jan').press(notice, 'Przedłuż')).tone).toBe('success');
    expect(Number((await t.app.db.dumpTable('BarterPost'))[0]!.availableUntil)).toBeGreaterThan(Number(before));
    expect((await t.as('ola').press(notice, 'Zamknij – wymiana doszła do skutku')).errorId).toBe('barter.errors.notOwner');

    const closed = await t.as('jan').press(notice, 'Zamknij – wymiana doszła do skutku');
    expect(closed.text).toBe('Ogłoszenie „Namiot 6×3 na festyn” zamknięte jako zrealizowane – partner wymiany: „Gmina Kolbudy”. Wymiana została zapisana obu organizacjom.');
    expect(field(cardOf(t, id), 'Status')).toBe('zrealizowane');
    expect(await t.app.db.dumpTable('Activity')).toHaveLength(2);
  });

  it('the response notice offers no Extend when the post already runs as long as it may', async () => {
    const id = postIdFrom(await offer(t, 'jan', { until: '365' }));
    await t.as('ewa').command('barter', 'respond', { id, message: 'Chętnie skorzystamy' });
    expect(t.notifier.dmsTo('jan').at(-1)!.buttons?.map((b) => b.label)).toEqual(['Zamknij – wymiana doszła do skutku']);
  });

  it('a rejected response keeps the message typed', async () => {
    const id = postIdFrom(await offer(t, 'jan', {}));
    const reply = await t.as('ewa').form('barter.respond', { id, message: 'x'.repeat(501) });
    expect(reply.fieldErrors?.message).toBe('najwyżej 500 znaków');
    const again = await t.as('ewa').press(reply, 'Popraw formularz');
    expect(again.form?.fields.find((f) => f.name === 'id')?.value).toBe(id);
    expect(again.form?.fields.find((f) => f.name === 'message')?.value).toHaveLength(501);
  });

  it('refuses a response to one’s own post and from a suspended member', async () => {
    await t.given('olek', { main: 'Fundacja Zawieszona', status: 'suspended' });
    const id = postIdFrom(await offer(t, 'jan', {}));
    expect((await t.as('jan').press(cardOf(t, id), 'Odpowiedz')).errorId).toBe('barter.errors.ownPost');
    expect((await t.as('olek').press(cardOf(t, id), 'Odpowiedz')).errorId).toBe('core.denied.suspended');
    expect((await t.as('olek').form('barter.respond', { id, message: 'hej' })).errorId).toBe('core.denied.suspended');
    expect(await t.app.db.dumpTable('BarterResponse')).toHaveLength(0);
  });

  it('closing as done with a partner chosen from the respondents records the exchange for both and removes Respond', async () => {
    const id = postIdFrom(await offer(t, 'jan', { title: 'Szkolenie z księgowości', kind: 'training' }));
    await t.as('ewa').command('barter', 'respond', { id, message: 'Zapraszamy do nas' });

    const choose = await t.as('jan').command('barter', 'close', { id, outcome: 'done' });
    expect(choose.choices?.options.map((o) => o.label)).toEqual(['Gmina Kolbudy']);
    const closed = await t.as('jan').choose(choose, [choose.choices!.options[0]!.value]);
    expect(closed.text).toContain('Gmina Kolbudy');

    const card = cardOf(t, id);
    expect(card.buttons ?? []).toHaveLength(0);
    expect(field(card, 'Status')).toBe('zrealizowane');
    const activities = await t.app.db.dumpTable('Activity');
    expect(activities).toHaveLength(2);
    expect(activities.every((a) => a.source === 'barter' && a.sourceKey === `barter:${id}`)).toBe(true);
    expect(dmText(t, 'ewa').some((m) => m.includes('Szkolenie z księgowości') && m.includes('Spółdzielnia Socjalna Razem'))).toBe(true);

    // Closed posts take no responses and cannot be closed twice.
    expect((await t.as('ola').command('barter', 'respond', { id, message: 'Spóźniona' })).errorId).toBe('barter.errors.notOpen');
    expect((await t.as('jan').command('barter', 'close', { id, outcome: 'withdrawn' })).errorId).toBe('barter.errors.notOpen');
  });

  it('closing as done can name the partner directly; a partner that is not a member is refused', async () => {
    const id = postIdFrom(await request(t, 'jan', {}));
    expect((await t.as('jan').command('barter', 'close', { id, outcome: 'done', partner: 'stranger' })).errorId).toBe('barter.errors.partnerNotMember');
    const reply = await t.as('jan').command('barter', 'close', { id, outcome: 'done', partner: 'ola' });
    expect(reply.tone).toBe('success');
    const [row] = await t.app.db.dumpTable('BarterPost');
    expect(row!.status).toBe('done');
    expect(await t.app.db.dumpTable('Activity')).toHaveLength(2);
  });

  it('only the owner or the coordinator closes a post; withdrawn records no activity', async () => {
    await t.given('anna', { roles: ['coordinator'] });
    const id = postIdFrom(await offer(t, 'jan', {}));
    expect((await t.as('ewa').command('barter', 'close', { id, outcome: 'withdrawn' })).errorId).toBe('barter.errors.notOwner');
    expect((await t.as('anna').command('barter', 'close', { id, outcome: 'withdrawn' })).tone).toBe('success');
    expect(field(cardOf(t, id), 'Status')).toBe('wycofane');
    expect(await t.app.db.dumpTable('Activity')).toHaveLength(0);
  });

  it('editing an open post keeps what it said before', async () => {
    const id = postIdFrom(await offer(t, 'jan', { title: 'Sala', description: 'Mała sala' }));
    const reply = await t.as('jan').command('barter', 'edit', { id, title: 'Sala konferencyjna', until: '2026-04-30' });
    expect(reply.tone).toBe('success');
    expect(cardOf(t, id).title).toBe('Oferta: Sala konferencyjna');
    expect(field(cardOf(t, id), 'Ważne do')).toBe('30.04.2026');
    const [revision] = await t.app.db.dumpTable('BarterRevision');
    const previous = JSON.parse(revision!.previous as string) as Record<string, unknown>;
    expect(previous.title).toBe('Sala');
    expect(previous.availableUntil).toBe('2026-04-01T21:59:59.999Z');
    expect(previous).not.toHaveProperty('description');

    expect((await t.as('ewa').command('barter', 'edit', { id, title: 'Moja sala' })).errorId).toBe('barter.errors.notOwner');
    expect((await t.as('jan').command('barter', 'edit', { id, until: 'wczoraj' })).errorId).toBe('barter.errors.untilInvalid');
    await t.as('jan').command('barter', 'close', { id, outcome: 'withdrawn' });
    expect((await t.as('jan').command('barter', 'edit', { id, title: 'Po zamknięciu' })).errorId).toBe('barter.errors.notOpen');
  });

  describe('matching', () => {
    it('a new offer that fits an open request (same kind, same municipality) tells the requester', async () => {
      const need = postIdFrom(await request(t, 'jan', { kind: 'transport', title: 'Transport palet', place: 'Gdańsk' }));
      await request(t, 'ola', { kind: 'transport', title: 'Przewóz w Sopocie', place: 'Sopot' });
      await request(t, 'ola', { kind: 'space', title: 'Sala w Gdańsku', place: 'Gdańsk' });
      // Typed without diacritics and in capitals: still Gdańsk.
      const reply = await offer(t, 'ewa', { kind: 'transport', title: 'Wolny bus', place: 'GDANSK' });
      expect(reply.text).toContain('Pasuje do niej 1 otwarte ogłoszenie');
      const toJan = t.notifier.dmsTo('jan');
      expect(toJan).toHaveLength(1);
      expect(toJan[0]!.title).toBe('Nowa oferta pasuje do Twojej potrzeby');
      expect(toJan[0]!.text).toContain('Transport palet');
      expect(toJan[0]!.text).toContain('Wolny bus');
      expect(toJan[0]!.buttons?.[0]?.action.args).toEqual([postIdFrom(reply)]);
      expect(t.notifier.dmsTo('ola')).toHaveLength(0);
      expect(need).toBeTruthy();
    });

    it('a new request that fits an open remote offer tells the one offering, and not when closed', async () => {
      await offer(t, 'ewa', { kind: 'know-how', title: 'Doradztwo prawne', place: 'zdalnie' });
      const closed = postIdFrom(await offer(t, 'ola', { kind: 'know-how', title: 'Doradztwo podatkowe', place: 'Gdynia' }));
      await t.as('ola').command('barter', 'close', { id: closed, outcome: 'withdrawn' });
      await request(t, 'jan', { kind: 'know-how', title: 'Pomoc przy statucie', place: 'Gdynia' });
      const toEwa = t.notifier.dmsTo('ewa');
      expect(toEwa).toHaveLength(1);
      expect(toEwa[0]!.title).toBe('Nowa potrzeba pasuje do Twojej oferty');
      expect(toEwa[0]!.text).toContain('Pomoc przy statucie');
      expect(t.notifier.dmsTo('ola')).toHaveLength(0);
    });

    it('never matches an organisation with itself', async () => {
      await request(t, 'jan', { kind: 'product' });
      const reply = await offer(t, 'jan', { kind: 'product' });
      expect(reply.text).not.toContain('Pasuje');
      expect(t.notifier.dmsTo('jan')).toHaveLength(0);
    });
  });

  describe('/barter list and /barter mine', () => {
    it('lists open posts newest first, five a page, with next and previous buttons', async () => {
      for (let i = 1; i <= 7; i++) {
        await offer(t, 'jan', { title: `Oferta ${i}` });
        t.clock.advance(60_000);
      }
      const first = await t.as('ewa').command('barter', 'list');
      expect(first.fields?.map((f) => f.label)).toEqual(['Oferta: Oferta 7', 'Oferta: Oferta 6', 'Oferta: Oferta 5', 'Oferta: Oferta 4', 'Oferta: Oferta 3']);
      expect(first.text).toBe('Strona 1 z 2 (razem 7)');
      expect(first.buttons?.map((b) => b.label)).toEqual(['Dalej']);
      const second = await t.as('ewa').press(first, 'Dalej');
      expect(second.fields?.map((f) => f.label)).toEqual(['Oferta: Oferta 2', 'Oferta: Oferta 1']);
      const back = await t.as('ewa').press(second, 'Wstecz');
      expect(back.fields).toHaveLength(5);
    });

    it('counts the responses of a whole page in one query, not one per post', async () => {
      const bus = postIdFrom(await offer(t, 'jan', { title: 'Bus' }));
      const sala = postIdFrom(await offer(t, 'jan', { title: 'Sala' }));
      postIdFrom(await offer(t, 'jan', { title: 'Rzutnik' }));
      await t.as('ewa').command('barter', 'respond', { id: bus, message: 'Chętnie' });
      await t.as('ola').command('barter', 'respond', { id: bus, message: 'My też' });
      await t.as('ewa').command('barter', 'respond', { id: sala, message: 'Poprosimy' });
      const perPost = vi.spyOn(t.app.db.barter, 'countResponses');
      const perPage = vi.spyOn(t.app.db.barter, 'countResponsesFor');
      try {
        const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
        const { items } = await t.app.services.barter.list(cluster, {}, 1);
        expect(items.map((i) => [i.title, i.responses])).toEqual([['Rzutnik', 0], ['Sala', 1], ['Bus', 2]]);
        expect(perPost).not.toHaveBeenCalled();
        expect(perPage).toHaveBeenCalledTimes(1);
        expect((await t.as('ewa').command('barter', 'list')).fields).toHaveLength(3);
        expect(perPost).not.toHaveBeenCalled();
      } finally {
        perPost.mockRestore();
        perPage.mockRestore();
      }
    });

    it('filters by kind, offer or request, place and text, and keeps the filters across pages', async () => {
      await offer(t, 'jan', { kind: 'space', title: 'Sala w Gdyni', place: 'Gdynia' });
      await request(t, 'jan', { kind: 'space', title: 'Szukamy sali', place: 'Gdynia' });
      await offer(t, 'ewa', { kind: 'space', title: 'Sala online?', place: 'zdalnie' });
      await offer(t, 'ewa', { kind: 'transport', title: 'Bus', place: 'Gdynia', description: 'Duża SALA bagażowa' });
      await offer(t, 'ola', { kind: 'space', title: 'Sala w Słupsku', place: 'Słupsk' });
      const labels = async (options: Record<string, unknown>) => ((await t.as('ewa').command('barter', 'list', options)).fields ?? []).map((f) => f.label);
      expect(await labels({ kind: 'space', type: 'offer', place: 'gdynia' })).toEqual(['Oferta: Sala online?', 'Oferta: Sala w Gdyni']);
      expect(await labels({ type: 'request' })).toEqual(['Potrzeba: Szukamy sali']);
      expect(await labels({ text: 'sala' })).toEqual(['Oferta: Sala w Słupsku', 'Oferta: Bus', 'Oferta: Sala online?', 'Oferta: Sala w Gdyni']);
      expect(await labels({ place: 'slupsk', type: 'offer', kind: 'space' })).toEqual(['Oferta: Sala w Słupsku', 'Oferta: Sala online?']);
      expect((await t.as('ewa').command('barter', 'list', { text: 'rower' })).text).toBe('Brak otwartych ogłoszeń spełniających te warunki.');

      for (let i = 0; i < 5; i++) await offer(t, 'ola', { kind: 'equipment', title: `Wiertarka ${i}` });
      await offer(t, 'ola', { kind: 'product', title: 'Wiertarka inna' });
      const page = await t.as('ewa').command('barter', 'list', { kind: 'equipment' });
      expect(page.fields).toHaveLength(5);
      expect(page.buttons).toHaveLength(0);
      const first = await t.as('ewa').command('barter', 'list', { text: 'Wiertarka' });
      const next = await t.as('ewa').press(first, 'Dalej');
      expect(next.fields?.map((f) => f.label)).toEqual(['Oferta: Wiertarka 0']);
    });

    it('shows an organisation its own posts, closed ones too', async () => {
      const id = postIdFrom(await offer(t, 'jan', { title: 'Stara oferta' }));
      await t.as('jan').command('barter', 'close', { id, outcome: 'withdrawn' });
      await request(t, 'jan', { title: 'Nowa potrzeba' });
      await offer(t, 'ewa', { title: 'Cudza' });
      const mine = await t.as('jan').command('barter', 'mine');
      expect(mine.fields?.map((f) => f.label)).toEqual(['Potrzeba: Nowa potrzeba', 'Oferta: Stara oferta']);
      expect(mine.fields?.[1]?.value).toContain('wycofane');
    });
  });
});
