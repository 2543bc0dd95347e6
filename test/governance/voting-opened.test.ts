import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { castApp, type TestApp } from '../support/harness.ts';
import { cluster, fieldsOf, VOTERS, generalMeeting, latestMotionId, orgOf } from './support.ts';
import type { Reply } from '../../src/core/reply.ts';
import { motionPicker } from '../../commands/motion.ts';
import type { CommandContext } from '../../src/core/command.ts';

/** Voting opens with a notice to every voter, carrying the ballot; the motion card offers the next step. */
describe('voting opened: every voter is told once, with the ballot to press', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await castApp(VOTERS, { start: '2026-03-02T09:00:00Z' });
    await t.given('zyg', { main: 'Stowarzyszenie Zawieszone', status: 'suspended' });
    await generalMeeting(t);
  });
  afterEach(() => t.close());

  const announcements = () => t.notifier.channel.filter((p) => p.channel === 'announcements');
  const openedDms = (user: string) => t.notifier.dmsTo(user).filter((m) => m.title === 'Głosowanie otwarte: Plan działań na 2026');
  async function turnout(motionId: string) {
    return fieldsOf(await t.as('koord').command('motion', 'status', { motion: motionId }))['Frekwencja'];
  }

  it('a motion created to open now sends each representative a private ballot and posts one to announcements', async () => {
    const created = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    expect(created.tone, created.text).toBe('success');
    expect(created.text).toContain('dostali wiadomość z przyciskami do głosowania');
    for (const user of ['jan', 'ola', 'piotr', 'marta']) {
      const [dm, ...more] = openedDms(user);
      expect(more, user).toHaveLength(0);
      expect(dm!.buttons?.map((b) => b.label)).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);
    }
    expect(openedDms('jan')[0]!.text).toContain('Głos organizacji: Spółdzielnia Socjalna Razem');
    // Supporting and suspended organisations do not vote, so they are not told to.
    expect(openedDms('ewa')).toHaveLength(0);
    expect(openedDms('zyg')).toHaveLength(0);
    const [post, ...others] = announcements();
    expect(others).toHaveLength(0);
    expect(post!.message.title).toBe('Głosowanie otwarte: Plan działań na 2026');
    expect(post!.message.text).toContain('Uprawnione są 3 organizacje.');

    // Pressed on the private message: counted for that organisation.
    const motionId = await latestMotionId(t);
    const receipt = await t.as('jan').press(openedDms('jan')[0]!, 'Za');
    expect(receipt.tone, receipt.text).toBe('success');
    expect(fieldsOf(receipt)).toMatchObject({ Organizacja: 'Spółdzielnia Socjalna Razem', 'Twój wybór': 'Za' });
    // The organisation's other representative pressing her own notice is told it voted already.
    const again = await t.as('ola').press(openedDms('ola')[0]!, 'Przeciw');
    expect(again.errorId).toBe('governance.errors.alreadyVoted');
    // Pressed on the channel post: counted for the presser's own organisation.
    const fromPost = await t.as('piotr').press(post!.message, 'Przeciw');
    expect(fieldsOf(fromPost)).toMatchObject({ Organizacja: 'Fundacja Horyzont', 'Twój wybór': 'Przeciw' });
    // A supporting member pressing the post is told why it does not vote.
    expect((await t.as('ewa').press(post!.message, 'Za')).errorId).toBe('governance.errors.supporting');
    expect(await turnout(motionId)).toBe('2 z 3 uprawnionych organizacji (kworum: 2)');

    // Exactly once: the scheduler's runs send nothing again.
    const opened = () => t.notifier.private.filter((p) => p.message.title?.startsWith('Głosowanie otwarte')).length;
    const before = opened();
    await t.runJobs();
    await t.runJobs();
    expect(opened()).toBe(before);
    expect(announcements()).toHaveLength(1);

    const result = await t.as('koord').press(await t.as('koord').command('motion', 'status', { motion: motionId }), 'Zamknij głosowanie');
    expect(result.text).toContain('zamknięte');
    expect(JSON.parse(String((await t.app.db.dumpTable('Motion'))[0]!.result))).toMatchObject({ counts: { yes: 1, no: 1 }, voted: 2 });
  });

  it('a proxy holder is told too, with the ballot of the organisation that gave it', async () => {
    await t.as('koord').command('setup', 'set', { key: 'proxiesEnabled', value: 'true' });
    expect((await t.as('marta').command('proxy', 'give', { to: 'piotr' })).tone).toBe('success');
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const piotr = openedDms('piotr');
    expect(piotr).toHaveLength(2);
    const proxyBallot = piotr.find((m) => m.text?.includes('Głos organizacji: CIS Wejherowo (z pełnomocnictwa)'))!;
    const receipt = await t.as('piotr').press(proxyBallot, 'Za');
    expect(fieldsOf(receipt)['Organizacja']).toBe('CIS Wejherowo (z pełnomocnictwa)');
    expect(await turnout(await latestMotionId(t))).toBe('1 z 3 uprawnionych organizacji (kworum: 2)');
  });

  it('a motion opening later is announced when it opens, by the Open button or the scheduler, still once', async () => {
    const created = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', opens: '2026-03-10 17:00', closes: '2026-03-10 19:00' });
    expect(created.text).toContain('Głosowanie otworzy się 10.03.2026, 17:00');
    expect(openedDms('jan')).toHaveLength(0);
    expect(announcements()).toHaveLength(0);
    // The card offers the coordinator what comes next, and only that (tasks may be added until the vote ends).
    expect(created.buttons?.map((b) => b.label)).toEqual(['Otwórz głosowanie', 'Dodaj zadanie']);
    const opened = await t.as('koord').press(created, 'Otwórz głosowanie');
    expect(opened.text).toContain('Głosowanie nad uchwałą „Plan działań na 2026” jest otwarte');
    expect(opened.buttons?.map((b) => b.label)).toEqual(['Zamknij głosowanie', 'Dodaj zadanie']);
    expect(openedDms('jan')).toHaveLength(1);
    t.clock.set('2026-03-10T16:05:00Z');
    await t.runJobs();
    expect(openedDms('jan')).toHaveLength(1);
    expect(announcements()).toHaveLength(1);
  });

  it('the scheduler opens a later motion and tells the voters then', async () => {
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', opens: '2026-03-10 17:00', closes: '2026-03-10 19:00' });
    t.clock.set('2026-03-10T16:01:00Z');
    await t.runJobs();
    expect(openedDms('marta')).toHaveLength(1);
    const choice = await t.as('marta').press(openedDms('marta')[0]!, 'Wstrzymuję się');
    expect(choice.tone).toBe('success');
  });

  it('a several-of-several ballot arrives as a choice list that votes when chosen', async () => {
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00', ballot: 'multiple', choices: 'Szkolenia; Targi; Konsorcjum' });
    const dm = openedDms('piotr')[0]!;
    expect(dm.choices?.options.map((o) => o.label)).toEqual(['Szkolenia', 'Targi', 'Konsorcjum']);
    const receipt = await t.as('piotr').choose(dm, ['0', '2']);
    expect(fieldsOf(receipt)['Twój wybór']).toBe('Szkolenia, Konsorcjum');
  });

  it('the card shows Vote to a coordinator whose organisation may vote, and hides it once it voted', async () => {
    await t.given('koord', { main: 'Fundacja Koordynacja' });
    const created = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    expect(created.buttons?.map((b) => b.label)).toEqual(['Zagłosuj', 'Zamknij głosowanie', 'Dodaj zadanie']);
    const ballot = await t.as('koord').press(created, 'Zagłosuj');
    await t.as('koord').press(ballot, 'Za');
    const card = await t.as('koord').command('motion', 'status', { motion: await latestMotionId(t) });
    expect(card.buttons?.map((b) => b.label)).toEqual(['Zamknij głosowanie', 'Dodaj zadanie']);
  });

  it('a vote is logged as an activity on the day it was cast, not on the meeting’s later date', async () => {
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    await t.as('jan').press(openedDms('jan')[0]!, 'Za');
    const [activity] = (await t.app.db.dumpTable('Activity')).filter((a) => a.source === 'vote');
    expect(new Date(activity!.date as string | Date).toISOString().slice(0, 10)).toBe('2026-03-02');
  });

  it('pickers offer the motions the caller may act on, filtered by what was typed', async () => {
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    await t.as('koord').command('motion', 'create', { title: 'Budżet 2026', opens: '2026-03-09 10:00', closes: '2026-03-10 19:00' });
    const c = await cluster(t);
    const ctxOf = async (user: string) => {
      const person = await t.app.services.people.ensure(c.id, user, user);
      const member = await t.app.services.governance.organisationOf(c.id, person.id);
      const actor = { personId: person.id, platformUserId: user, displayName: user, locale: 'pl', roles: new Set(user === 'koord' ? ['coordinator'] : []), isPlatformAdmin: false, leads: [], ...(member ? { member: { id: member.id, name: member.name, category: member.category, status: member.status } } : {}) };
      return { cluster: c, actor, services: t.app.services, t: (k: string) => k, format: { date: (d: Date) => d.toISOString(), dateTime: (d: Date) => d.toISOString() } } as unknown as CommandContext;
    };
    const labels = async (purpose: Parameters<typeof motionPicker>[0], user: string, typed = '') => (await motionPicker(purpose)(await ctxOf(user), typed)).map((o) => o.label);
    expect(await labels('open', 'koord')).toEqual(['Budżet 2026']);
    expect(await labels('close', 'koord')).toEqual(['Plan działań na 2026']);
    expect(await labels('any', 'koord', 'budż')).toEqual(['Budżet 2026']);
    expect(await labels('any', 'koord', "'; DROP TABLE \"Motion\"; --")).toEqual([]);
    expect(await labels('vote', 'jan')).toEqual(['Plan działań na 2026']);
    expect(await labels('vote', 'ewa')).toEqual([]);
    expect(await labels('vote', 'zyg')).toEqual([]);
    // /vote with the picked motion shows that ballot alone.
    const ballot: Reply = await t.as('jan').command('vote', undefined, { motion: await latestMotionId(t).then(async () => (await t.app.services.governance.motions(c.id))[0]!.id) });
    expect(ballot.title).toBe('Plan działań na 2026');
    void orgOf;
  });
});
