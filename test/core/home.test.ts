import { afterEach, describe, expect, it } from 'vitest';
import { appPerTest, createTestApp, TEST_CLUSTER } from '../support/harness.ts';
import { HOME_BUTTONS, HOME_EXPECTED, HOME_START, HOME_TEXTS, homeScenario } from '../support/home-scenario.ts';
import { recordTyped } from '../support/rendered.ts';
import { setProfile } from '../barter/support.ts';

/**
 * "What needs me" (issue 23, point 4) through the command core: `/home` lists exactly what waits
 * for the person, each with the button of the flow itself, and an item leaves the list once acted on.
 */
describe('/home: what waits for one person', () => {
  const t = appPerTest(() => createTestApp({ start: HOME_START }));
  const setUp = async () => {
    const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
    await t.given('kasia', { roles: ['coordinator'] });
    return { cluster, ids: await homeScenario(t.app, cluster, { me: 'kasia', other: 'piotr', candidate: 'ewa' }) };
  };
  const fields = (reply: { fields?: { label: string; value: string }[] }) => (reply.fields ?? []).map((f) => [f.label, f.value]);

  it('lists exactly one application, ballot, poll, RSVP, task and barter answer, and not what is done, closed or someone else\'s', async () => {
    await setUp();
    const home = await t.as('kasia').command('home');
    expect(home.title).toBe('Co na Ciebie czeka');
    expect(home.text).toBe('Czeka na Ciebie 6 spraw.\nStan na 2.03.2026, 10:00.');
    expect(fields(home)).toEqual(HOME_EXPECTED);
    expect(home.buttons?.map((b) => b.label)).toEqual(HOME_BUTTONS);
    expect(home.private).toBe(true);
    const shown = JSON.stringify(home);
    for (const absent of [HOME_TEXTS.voted, HOME_TEXTS.closedPoll, HOME_TEXTS.answeredMeeting, HOME_TEXTS.otherTask, HOME_TEXTS.otherOffer, HOME_TEXTS.passed]) expect(shown).not.toContain(absent);
  });

  it('each button is the flow\'s own, and acting on an item takes it off the list', async () => {
    await setUp();
    const kasia = t.as('kasia');
    let home = await kasia.command('home');
    // The ballot opens with the motion's own vote buttons; the vote is the organisation's.
    const ballot = await kasia.press(home, 'Głosuj: Budżet na 2027');
    expect(ballot.buttons?.map((b) => b.label)).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);
    expect((await kasia.press(ballot, 'Za')).title).toBe('Potwierdzenie oddania głosu');
    // The poll's card, with its answers.
    const poll = await kasia.press(home, 'Odpowiedz: Który termin szkolenia?');
    expect(poll.title).toBe(HOME_TEXTS.poll);
    expect((await kasia.press(poll, 'Czwartek')).tone).toBe('success');
    // The RSVP is answered by the press itself.
    expect((await kasia.press(home, 'Będę: Spotkanie sieci – marzec')).tone).toBe('success');
    // The task's card with its reports; Done opens the progress form.
    const task = await kasia.press(home, 'Zgłoś postęp: Przygotować katalog usług');
    expect(task.buttons?.map((b) => b.label)).toEqual(['W toku', 'Zrobione']);
    const form = await kasia.press(task, 'Zrobione');
    expect(form.form?.id).toBe('motion.progress');
    recordTyped('Gotowe.');
    await kasia.form('motion.progress', { task: form.form!.fields[0]!.value!, status: 'done', note: 'Gotowe.' }, form.form!.args);
    // The post's owner closes the exchange with the organisation that responded.
    const manage = await kasia.press(home, 'Zamknij lub przedłuż: Sala szkoleniowa');
    const partner = await kasia.press(manage, 'Wymiana doszła do skutku');
    expect((await kasia.choose(partner, [partner.choices!.options[0]!.value])).tone).toBe('success');
    // The application's step is the coordinator's checklist; once verified, its next step waits.
    const verify = await kasia.press(home, 'Zweryfikuj: Spółdzielnia Smak');
    expect(verify.form?.id).toBe('applications.verify');
    const checked = await kasia.form('applications.verify', { status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' }, verify.form!.args);
    expect(checked.tone).not.toBe('error');

    home = await kasia.command('home');
    expect(fields(home)).toEqual([['Zgłoszenia do rozpatrzenia', '• Spółdzielnia Smak: rekomendacja (decyzja do 1.04.2026)']]);
    expect(home.buttons?.map((b) => b.label)).toEqual(['Wydaj rekomendację: Spółdzielnia Smak']);
    expect(home.text).toBe('Czeka na Ciebie 1 sprawa.\nStan na 2.03.2026, 10:00.');
  });

  it('a representative with nothing to do hears so, in the reader\'s language', async () => {
    await setUp();
    const home = await t.as('nobody', { locale: 'en-US' }).command('home');
    expect(home.title).toBe('What needs you');
    expect(home.text).toBe('Nothing needs you right now.\nAs of 2 Mar 2026, 10:00.');
    expect(home.fields).toEqual([]);
  });

  it('also a date poll to mark, a request an offer fits, an opportunity to declare on, a booking to approve, an overdue task; what is past its date is gone', async () => {
    const { cluster } = await setUp();
    const s = t.app.services;
    const piotr = await s.people.actor(cluster, { id: 'piotr', displayName: 'piotr' });
    const kasia = await s.people.actor(cluster, { id: 'kasia', displayName: 'kasia' });
    recordTyped(['Szkolenie z zamówień publicznych', 'Sala na warsztaty', 'Pokój dla zespołu']);
    await s.datePolls.propose(cluster, kasia, { kind: 'network', place: 'Gdańsk', title: 'Szkolenie z zamówień publicznych', slots: [new Date('2026-03-23T09:00:00Z'), new Date('2026-03-24T09:00:00Z')] }, () => 'x');
    // Horyzont needs a space in Gdańsk, which OWES Pomorze offers; an equipment request does not fit.
    await s.barter.post(cluster, piotr, 'request', { kind: 'space', title: 'Sala na warsztaty', place: 'Gdańsk', until: '2026-03-20' });
    await s.barter.post(cluster, piotr, 'request', { kind: 'equipment', title: 'Pokój dla zespołu', place: 'Gdańsk', until: '2026-03-20' });
    // A client's need in OWES Pomorze's sector, posted by the coordinator: OWES Pomorze may declare.
    setProfile(t, HOME_TEXTS.me, { sectors: 'szkolenia; doradztwo' });
    recordTyped(['Szkolenia dla kadry gminy', 'szkolenia']);
    await s.opportunities.post(cluster, kasia, { title: 'Szkolenia dla kadry gminy', place: 'Gdańsk', sectors: 'szkolenia', deadline: '2026-03-13' });
    // Horyzont books OWES Pomorze's projector, which waits for the owner's approval.
    recordTyped(['Rzutnik multimedialny', 'Szkolenie dla wolontariuszy']);
    const projector = await s.resources.add(cluster, kasia, { name: 'Rzutnik multimedialny', kind: 'equipment', place: 'Gdańsk', approval: true });
    await s.bookings.book(cluster, piotr, { resource: projector.id, from: '2026-03-10 09:00', to: '2026-03-10 15:00', note: 'Szkolenie dla wolontariuszy' });
    t.clock.set('2026-03-21T09:00:00Z');
    const home = await t.as('kasia').command('home');
    const byLabel = Object.fromEntries(fields(home));
    expect(byLabel['Zadania z uchwał']).toBe('• Przygotować katalog usług – termin minął 20.03.2026');
    // Past the poll's and the requests' dates, past the ballot's close: gone.
    expect(byLabel['Głosowania']).toBeUndefined();
    expect(byLabel['Prośby, na które możecie odpowiedzieć']).toBeUndefined();
    expect(byLabel['Zlecenia, do których możecie się zgłosić']).toBeUndefined();
    expect(byLabel['Rezerwacje do zatwierdzenia']).toBeUndefined();
    t.clock.set('2026-03-03T09:00:00Z');
    const earlier = Object.fromEntries(fields(await t.as('kasia').command('home')));
    expect(earlier['Wybór terminu spotkania']).toBe('• Szkolenie z zamówień publicznych – zaznacz, które terminy Ci pasują');
    expect(earlier['Rezerwacje do zatwierdzenia']).toBe('• Rzutnik multimedialny – rezerwuje organizacja Fundacja Horyzont, od 10.03.2026, 09:00');
    expect((await t.as('kasia').press(await t.as('kasia').command('home'), 'Zatwierdź: Rzutnik multimedialny')).tone).not.toBe('error');
    expect(earlier['Zlecenia, do których możecie się zgłosić']).toBe('• Szkolenia dla kadry gminy – zgłoszenia do 13.03.2026');
    const declare = await t.as('kasia').press(await t.as('kasia').command('home'), 'Zgłoś udział: Szkolenia dla kadry gminy');
    expect(declare.form?.id).toBe('opportunity.declare');
    recordTyped('Dwa dni szkoleń dla 20 osób.');
    expect((await t.as('kasia').form('opportunity.declare', { id: declare.form!.args![0]!, part: 'Dwa dni szkoleń dla 20 osób.' }, declare.form!.args)).tone).toBe('success');
    // The date poll's own ballot, slot by slot; one slot marked is an answer.
    const home2 = await t.as('kasia').command('home');
    const slot = await t.as('kasia').press(home2, 'Zaznacz terminy: Szkolenie z zamówień publicznych');
    await t.as('kasia').press(slot, 'Tak');
    const last = Object.fromEntries(fields(await t.as('kasia').command('home')));
    expect(last['Wybór terminu spotkania']).toBeUndefined();
    expect(last['Zlecenia, do których możecie się zgłosić']).toBeUndefined();
    expect(last['Rezerwacje do zatwierdzenia']).toBeUndefined();
    expect(earlier['Prośby, na które możecie odpowiedzieć']).toBe('• Sala na warsztaty – prosi organizacja Fundacja Horyzont, do 20.03.2026');
  });
});

describe('/home reads each kind with a few queries', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('five more polls, meetings, answered offers and fitting requests cost no more queries than the first of each', async () => {
    let counting = false;
    const sql: string[] = [];
    const t = await createTestApp({ start: HOME_START, onQuery: (q) => counting && sql.push(q) });
    close = () => t.close();
    const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
    await t.given('kasia', { roles: ['coordinator'] });
    await homeScenario(t.app, cluster, { me: 'kasia', other: 'piotr', candidate: 'ewa' });
    const count = async () => {
      sql.length = 0;
      counting = true;
      await t.as('kasia').command('home');
      counting = false;
      return sql.length;
    };
    const before = await count();
    const s = t.app.services;
    const kasia = await s.people.actor(cluster, { id: 'kasia', displayName: 'kasia' });
    const piotr = await s.people.actor(cluster, { id: 'piotr', displayName: 'piotr' });
    const titles = [1, 2, 3, 4, 5].map((n) => `Sprawa numer ${n}`);
    recordTyped(titles);
    for (const title of titles) {
      await s.polls.create(cluster, kasia, { question: title, options: ['Tak', 'Nie'], multiple: false, anonymous: false, audience: 'all', perOrganisation: false, resultsLive: true, deadline: new Date('2026-03-06T16:00:00Z') });
      await s.meetings.schedule(cluster, { kind: 'network', startsAt: new Date('2026-03-18T16:00:00Z'), title, place: 'Gdańsk' });
      const offer = await s.barter.post(cluster, kasia, 'offer', { kind: 'space', title, place: 'Gdańsk', until: '2026-03-31' });
      await s.barter.respond(cluster, piotr, offer.post.id, 'Chętnie.');
      await s.barter.post(cluster, piotr, 'request', { kind: 'space', title, place: 'Gdańsk', until: '2026-03-31' });
    }
    expect((await t.as('kasia').command('home')).text).toContain('Czeka na Ciebie 26 spraw.');
    // Requests now fit her offers: whether her organisation answered them, and who asks: two queries, once.
    expect(await count()).toBe(before + 2);
    // One query a kind at most; the open appeals the Team decides are the 23rd (the cluster collects no fees).
    expect(before).toBeLessThanOrEqual(23);
  });
});
