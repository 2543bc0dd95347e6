import { DateTime } from 'luxon';
import type { App } from '../../src/app.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { recordTyped } from './rendered.ts';

/**
 * "What needs me" (issue 23, point 4): one person with exactly one thing of each kind waiting, and
 * things that look alike but must not wait for them. Kasia is the coordinator and also represents
 * OWES Pomorze, a main member (an OWES may be both the operator and a member); Piotr represents
 * Fundacja Horyzont; a candidate applies. Built through the services, the same on every platform;
 * the clock stands at 2026-03-02 10:00 Warsaw time (HOME_START).
 *
 * Waiting for Kasia: the application of Spółdzielnia Smak (to verify), the ballot "Budżet na 2027",
 * the poll "Który termin szkolenia?", the RSVP for "Spotkanie sieci – marzec", the task "Przygotować
 * katalog usług" (OWES Pomorze's), the response to her organisation's offer "Sala szkoleniowa".
 * Not waiting: "Regulamin wymiany" (OWES Pomorze voted), the closed poll "Logo klastra", the
 * meeting already answered ("Spotkanie sieci – kwiecień"), Horyzont's task, Horyzont's own offer.
 */
export const HOME_START = '2026-03-02T09:00:00Z';

export const HOME_TEXTS = {
  me: 'OWES Pomorze',
  other: 'Fundacja Horyzont',
  candidate: 'Spółdzielnia Smak',
  ballot: 'Budżet na 2027',
  voted: 'Regulamin wymiany',
  passed: 'Wspólny katalog usług',
  poll: 'Który termin szkolenia?',
  closedPoll: 'Logo klastra',
  meeting: 'Spotkanie sieci – marzec',
  answeredMeeting: 'Spotkanie sieci – kwiecień',
  task: 'Przygotować katalog usług',
  otherTask: 'Zebrać ceny cateringu',
  offer: 'Sala szkoleniowa',
  otherOffer: 'Transport na targi',
} as const;

export interface HomePeople {
  /** Platform user ids: the person whose home is tested (already the coordinator), the other representative, the candidate. */
  me: string;
  other: string;
  candidate: string;
}

export async function homeScenario(app: App, cluster: ClusterContext, who: HomePeople): Promise<{ ballotId: string; pollId: string; meetingId: string; taskId: string; offerId: string; applicationId: string }> {
  const s = app.services;
  const T = HOME_TEXTS;
  recordTyped(Object.values(T));
  const at = (iso: string) => new Date(iso);
  const person = (id: string) => s.people.ensure(cluster.id, id, id.toLowerCase());
  const me = await person(who.me);
  const other = await person(who.other);
  const candidate = await person(who.candidate);
  const owes = await s.seeding.representativeOf(cluster.id, me.id, T.me, 'main');
  const horyzont = await s.seeding.representativeOf(cluster.id, other.id, T.other, 'main');
  const actor = (id: string) => s.people.actor(cluster, { id, displayName: id.toLowerCase(), locale: 'pl-PL' });
  const kasia = await actor(who.me);
  const piotr = await actor(who.other);

  const application = await s.admission.apply(cluster, candidate.id, {
    orgName: T.candidate,
    legalForm: 'social-cooperative',
    category: 'main',
    municipality: 'Gdynia',
    county: 'Gdynia',
    inPomorskie: true,
    activity: 'Catering dla szkół i firm.',
    resources: 'Kuchnia i samochód dostawczy.',
    motivation: 'Wspólne oferty z innymi członkami.',
    contactName: 'Ewa Smak',
    contactEmail: 'ewa@smak.example',
    acceptsRules: true,
    ethicsStatement: true,
    understandsNoGrants: true,
  });

  // The General Meeting was last week; its motions are voted online this week.
  await s.meetings.schedule(cluster, { kind: 'general', startsAt: at('2026-02-27T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk', agenda: '1. Plan' });
  const motion = (title: string, closes: string) => s.governance.createMotion(cluster, me.id, { title, text: '', ballotKind: 'yesno', secret: false, allowChange: true, closesAt: at(closes) });
  const passed = await motion(T.passed, '2026-03-02T10:00:00Z');
  const task = await s.governance.tasks.add(cluster, me.id, { motionId: passed.id, title: T.task, owner: `member:${owes.id}`, due: DateTime.fromISO('2026-03-20', { zone: cluster.timeZone }) });
  await s.governance.tasks.add(cluster, me.id, { motionId: passed.id, title: T.otherTask, owner: `member:${horyzont.id}`, due: DateTime.fromISO('2026-03-25', { zone: cluster.timeZone }) });
  const yes = (who: typeof kasia, motionId: string, memberId: string) => s.governance.cast(cluster, who, { motionId, forMemberId: memberId, choice: [0], change: false });
  await yes(kasia, passed.id, owes.id);
  await yes(piotr, passed.id, horyzont.id);
  await s.governance.close(cluster.id, passed.id, me.id);
  const ballot = await motion(T.ballot, '2026-03-09T17:00:00Z');
  const voted = await motion(T.voted, '2026-03-09T17:00:00Z');
  await yes(kasia, voted.id, owes.id);

  const poll = (question: string, deadline: string) =>
    s.polls.create(cluster, kasia, { question, options: ['Wtorek', 'Czwartek'], multiple: false, anonymous: false, audience: 'all', perOrganisation: false, resultsLive: true, deadline: at(deadline) });
  const open = await poll(T.poll, '2026-03-06T16:00:00Z');
  const closed = await poll(T.closedPoll, '2026-03-06T16:00:00Z');
  await s.polls.close(cluster, closed.id, me.id);

  const meeting = await s.meetings.schedule(cluster, { kind: 'network', startsAt: at('2026-03-16T16:00:00Z'), title: T.meeting, place: 'Gdańsk' });
  const answered = await s.meetings.schedule(cluster, { kind: 'network', startsAt: at('2026-04-13T15:00:00Z'), title: T.answeredMeeting, place: 'Słupsk' });
  await s.seats.respond(cluster, kasia, answered.id, 'yes');

  const offer = await s.barter.post(cluster, kasia, 'offer', { kind: 'space', title: T.offer, place: 'Gdańsk', until: '2026-03-31' });
  await s.barter.respond(cluster, piotr, offer.post.id, 'Chętnie wynajmiemy salę na szkolenie.');
  await s.barter.post(cluster, piotr, 'offer', { kind: 'transport', title: T.otherOffer, place: 'Gdańsk', until: '2026-03-31' });
  return { ballotId: ballot.id, pollId: open.id, meetingId: meeting.id, taskId: task.id, offerId: offer.post.id, applicationId: application.id };
}

/** The list `/home` shows Kasia in the scenario, field by field, as the Polish reader reads it. */
export const HOME_EXPECTED = [
  ['Zgłoszenia do rozpatrzenia', '• Spółdzielnia Smak: weryfikacja (decyzja do 1.04.2026)'],
  ['Głosowania', '• Budżet na 2027 – głosowanie do 9.03.2026, 18:00'],
  ['Ankiety', '• Który termin szkolenia? – odpowiedzi do 6.03.2026, 17:00'],
  ['Obecność na spotkaniach', '• Spotkanie sieci – marzec – 16.03.2026, 17:00'],
  ['Zadania z uchwał', '• Przygotować katalog usług – termin: 20.03.2026'],
  ['Odpowiedzi na Wasze ogłoszenia', '• Sala szkoleniowa – 1 odpowiedź'],
] as const;

/** The buttons under it, in order. */
export const HOME_BUTTONS = [
  'Zweryfikuj: Spółdzielnia Smak',
  'Głosuj: Budżet na 2027',
  'Odpowiedz: Który termin szkolenia?',
  'Będę: Spotkanie sieci – marzec',
  'Nie będę: Spotkanie sieci – marzec',
  'Zgłoś postęp: Przygotować katalog usług',
  'Zamknij lub przedłuż: Sala szkoleniowa',
] as const;
