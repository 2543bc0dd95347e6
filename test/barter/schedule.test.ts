import { afterEach, describe, expect, it } from 'vitest';
import { barterDigestJob } from '../../src/jobs/barter-digest.ts';
import { barterExpiryJob } from '../../src/jobs/barter-expiry.ts';
import { quickHelpEscalationJob } from '../../src/jobs/quickhelp-escalation.ts';
import type { TestApp } from '../support/harness.ts';
import { barterApp, cardOf, dmText, field, offer, postIdFrom, request, setProfile } from './support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('quick help', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function cluster() {
    t = await barterApp({ jobs: [quickHelpEscalationJob] });
    await t.given('anna', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
  }

  it('messages at most a handful of organisations whose open offer or profile fits, never the asker', async () => {
    await cluster();
    // An open transport offer in the same place comes first; then profiles mentioning transport.
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    await offer(t, 'ewa', { kind: 'transport', title: 'Bus', place: 'Gdańsk' });
    for (let i = 1; i <= 6; i++) {
      await t.given(`p${i}`, { main: `Przewoźnik ${i}` });
      setProfile(t, `Przewoźnik ${i}`, { offers: 'Transport i przeprowadzki' });
    }
    await t.given('k', { main: 'Kuchnia Społeczna' });
    setProfile(t, 'Kuchnia Społeczna', { offers: 'catering', sectors: 'gastronomia' });
    setProfile(t, 'Spółdzielnia Socjalna Razem', { offers: 'transport' });

    const reply = await t.as('jan').command('quickhelp', undefined, { what: 'Pilnie bus do przewozu mebli', within: 6, unit: 'hours', where: 'Gdańsk', kind: 'transport' });
    expect(reply.text).toContain('Napisaliśmy do 5 organizacji');
    const id = postIdFrom(reply);
    const card = cardOf(t, id);
    expect(card.title).toBe('🆘 Szybka pomoc: Pilnie bus do przewozu mebli');
    expect(card.tone).toBe('warning');
    expect(field(card, 'Potrzebne do')).toBe('2.03.2026, 16:00');

    const told = t.notifier.private.map((p) => p.to.platformUserId);
    expect(told).toHaveLength(5);
    expect(told[0]).toBe('ewa');
    expect(told).not.toContain('jan');
    expect(told).not.toContain('k');
    expect(t.notifier.dmsTo('ewa')[0]!.buttons?.[0]?.action).toEqual({ command: 'barter', action: 'respond', args: [id] });
  });

  it('refuses a deadline too far off for quick help and keeps the draft', async () => {
    await cluster();
    const reply = await t.as('jan').form('quickhelp', { what: 'Sala', within: '45', unit: 'days', where: 'Gdynia' });
    expect(reply.errorId).toBe('barter.errors.quickHelpTooLate');
    expect(reply.fieldErrors?.within).toBe('za długo na szybką pomoc');
    const again = await t.as('jan').press(reply, 'Popraw formularz');
    expect(again.form?.fields.find((f) => f.name === 'what')?.value).toBe('Sala');
  });

  it('unanswered after 24 hours goes to the coordinator once; an answered one does not', async () => {
    await cluster();
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    const lonely = postIdFrom(await t.as('jan').command('quickhelp', undefined, { what: 'Chłodnia na jutro', within: 2, unit: 'days', where: 'Gdańsk' }));
    const answered = postIdFrom(await t.as('jan').command('quickhelp', undefined, { what: 'Wolontariusze', within: 2, unit: 'days', where: 'Gdańsk' }));
    await t.as('ewa').command('barter', 'respond', { id: answered, message: 'Pomożemy' });

    t.clock.advance(23 * HOUR);
    await t.runJobs();
    expect(t.notifier.dmsTo('anna')).toHaveLength(0);

    t.clock.advance(2 * HOUR);
    await t.runJobs();
    await t.runJobs();
    t.clock.advance(HOUR);
    await t.runJobs();
    const escalations = t.notifier.dmsTo('anna');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.title).toBe('Szybka pomoc bez odpowiedzi');
    expect(escalations[0]!.text).toContain('Chłodnia na jutro');
    expect(escalations[0]!.text).toContain(lonely);
    const rows = await t.app.db.dumpTable('BarterPost');
    expect(rows.find((r) => r.id === lonely)!.escalatedAt).not.toBeNull();
    expect(rows.find((r) => r.id === answered)!.escalatedAt).toBeNull();
  });

  it('the escalation delay is a cluster setting', async () => {
    await cluster();
    await t.app.services.clusters.updateSettings((await t.app.services.clusters.all())[0]!.id, { quickHelpEscalationHours: 2 });
    await t.as('jan').command('quickhelp', undefined, { what: 'Kierowca', within: 5, where: 'zdalnie' });
    t.clock.advance(2 * HOUR + 60_000);
    await t.runJobs();
    expect(t.notifier.dmsTo('anna')).toHaveLength(1);
  });
});

describe('expiry', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('tells the owner a few days before with an Extend button, once; extending moves the date and a new notice follows', async () => {
    t = await barterApp({ jobs: [barterExpiryJob] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    const id = postIdFrom(await offer(t, 'jan', { title: 'Sala', until: '2026-03-12' }));

    t.clock.set('2026-03-08T12:00:00Z'); // four days before the end of 12 March
    await t.runJobs();
    expect(t.notifier.dmsTo('jan')).toHaveLength(0);

    t.clock.set('2026-03-10T12:00:00Z');
    await t.runJobs();
    await t.runJobs();
    const notices = t.notifier.dmsTo('jan');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe('Twoje ogłoszenie wkrótce wygaśnie');
    expect(notices[0]!.text).toContain('12.03.2026');

    const extended = await t.as('jan').press(notices[0]!, 'Przedłuż');
    expect(extended.text).toBe('Przedłużono ogłoszenie „Sala” do 11.04.2026.');
    expect(field(cardOf(t, id), 'Ważne do')).toBe('11.04.2026');
    expect(await t.app.db.dumpTable('BarterRevision')).toHaveLength(1);

    t.clock.set('2026-03-13T12:00:00Z');
    await t.runJobs();
    expect(t.notifier.dmsTo('jan')).toHaveLength(1);
    expect((await t.app.db.dumpTable('BarterPost'))[0]!.status).toBe('open');

    t.clock.set('2026-04-09T12:00:00Z');
    await t.runJobs();
    expect(t.notifier.dmsTo('jan')).toHaveLength(2);
    expect(t.notifier.dmsTo('jan')[1]!.text).toContain('11.04.2026');
  });

  it('closes a post past its date by itself, tells the owner once and takes the Respond button away', async () => {
    t = await barterApp({ jobs: [barterExpiryJob] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    const old = postIdFrom(await request(t, 'jan', { title: 'Stara potrzeba', until: '2026-03-05' }));
    const fresh = postIdFrom(await offer(t, 'ewa', { title: 'Świeża oferta' }));

    // Down for a week: the catch-up run closes it late, still once.
    t.clock.set('2026-03-12T08:00:00Z');
    await t.runJobs();
    await t.runJobs();
    const rows = await t.app.db.dumpTable('BarterPost');
    expect(rows.find((r) => r.id === old)!.status).toBe('expired');
    expect(rows.find((r) => r.id === fresh)!.status).toBe('open');
    const told = dmText(t, 'jan').filter((m) => m.includes('Ogłoszenie wygasło'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Stara potrzeba');
    expect(cardOf(t, old).buttons ?? []).toHaveLength(0);
    expect(field(cardOf(t, old), 'Status')).toBe('wygasłe');
    expect((await t.as('ewa').command('barter', 'respond', { id: old, message: 'Za późno?' })).errorId).toBe('barter.errors.notOpen');
  });

  it('a post the owner closed before its date is left alone', async () => {
    t = await barterApp({ jobs: [barterExpiryJob] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    const id = postIdFrom(await offer(t, 'jan', { until: '2026-03-05' }));
    await t.as('jan').command('barter', 'close', { id, outcome: 'withdrawn' });
    t.clock.set('2026-03-06T08:00:00Z');
    await t.runJobs();
    expect((await t.app.db.dumpTable('BarterPost'))[0]!.status).toBe('withdrawn');
    expect(t.notifier.dmsTo('jan')).toHaveLength(0);
  });
});

describe('weekly digest', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('posts last week’s new offers and requests to the barter channel on Monday morning, once a week', async () => {
    t = await barterApp({ jobs: [barterDigestJob] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    // Week 10 of 2026 starts Monday 2 March; the clock is at 10:00 Warsaw that day.
    await t.runJobs();
    expect(t.notifier.channel).toHaveLength(0);

    await offer(t, 'jan', { title: 'Catering', kind: 'service' });
    t.clock.set('2026-03-06T15:00:00Z');
    await request(t, 'ewa', { title: 'Transport', kind: 'transport', place: 'zdalnie' });
    t.clock.set('2026-03-09T06:00:00Z'); // Monday 07:00 Warsaw: too early
    await request(t, 'ewa', { title: 'Nowy tydzień', kind: 'space' });
    const cards = t.notifier.channel.length;
    await t.runJobs();
    expect(t.notifier.channel).toHaveLength(cards);

    t.clock.set('2026-03-09T08:30:00Z'); // 09:30 Warsaw
    await t.runJobs();
    t.clock.set('2026-03-11T12:00:00Z');
    await t.runJobs();
    const digests = t.notifier.channel.filter((c) => c.message.title === 'Wymiana w minionym tygodniu');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.channel).toBe('barter');
    const items = (digests[0]!.message.fields ?? []).map((f) => f.value).join('\n');
    expect(items).toContain('„Catering” – Spółdzielnia Socjalna Razem');
    expect(items).toContain('„Transport” – Gmina Kolbudy');
    expect(items).not.toContain('Nowy tydzień');
    expect(digests[0]!.message.text).toContain('2 nowe ogłoszenia');
    expect((await t.app.services.deliveries.list((await t.app.services.clusters.all())[0]!.id, 'barter-digest')).length).toBe(1);

    // The next Monday brings the next week's digest.
    t.clock.set('2026-03-16T09:00:00Z');
    await t.runJobs();
    const all = t.notifier.channel.filter((c) => c.message.title === 'Wymiana w minionym tygodniu');
    expect(all).toHaveLength(2);
    expect((all[1]!.message.fields ?? []).map((f) => f.value).join('\n')).toContain('Nowy tydzień');
  });
});
