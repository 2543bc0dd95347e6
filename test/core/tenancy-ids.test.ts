import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { GrantedRole } from '../../src/core/actor.ts';
import type { Invocation } from '../../src/core/dispatcher.ts';
import { describeOptions } from '../../src/core/options.ts';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import type { SeededRecords } from '../support/seeded-records.ts';
import { applicationForm } from '../membership/support.ts';
import { memberSince } from '../activity/support.ts';

/**
 * Tenancy for every action that names a record. Cluster A is the harness cluster, full of records;
 * cluster B is another server or workspace whose people hold the same roles there (its coordinator,
 * a main member, a group's leader), so every call passes the permission gate and reaches the rule
 * that must refuse it: the record belongs to another cluster. The call is refused with a message,
 * shows nothing of cluster A, and not one row anywhere changes.
 *
 * A new button, or a new option that names a record, without a row here fails the first test.
 */

const B = 'other-cluster';
const A_ORG = 'Spółdzielnia Socjalna Razem';
const A_LEADER_ORG = 'Fundacja Horyzont';
const A_SUSPENDED_ORG = 'Stowarzyszenie Zawieszone';
const A_CANDIDATE = 'Spółdzielnia Kandydująca';
const A_GROUP = 'Gastronomia';
const A_PARTNER = 'Politechnika Gdańska';
const A_MOTION = 'Plan działań na 2026';
const A_POLL = 'Termin integracji?';
const A_POST = 'Catering na 50 osób';
const A_ACTIVITY = 'Targi Ekonomii Społecznej';
const A_TASK = 'Przygotować katalog usług';
const A_OPPORTUNITY = 'Catering na konferencję w Gdańsku';
const A_PURCHASE = 'Pojemniki na żywność';
const A_RESOURCE = 'Bus 9-osobowy';
const A_ENTRY = 'Catering na wesela i konferencje';
const A_SECTOR = 'gastronomia';
/** What a caller in cluster B must never see, unless it typed it itself. */
const A_SECRETS = [A_ORG, A_LEADER_ORG, A_SUSPENDED_ORG, A_CANDIDATE, A_GROUP, A_PARTNER, A_MOTION, A_POLL, A_POST, A_ACTIVITY, A_TASK, A_OPPORTUNITY, A_PURCHASE, A_RESOURCE, A_ENTRY, 'Walne Spotkanie Sieci 2026'];

/** Options that name a record of the cluster (besides those a subcommand declares a picker for). */
const RECORD_OPTIONS = new Set(['application', 'member', 'appeal', 'group', 'id', 'activity', 'meeting', 'motion', 'poll', 'organisation', 'partner', 'name']);
/** Options named like records that create one instead (a new name). */
const NOT_RECORDS: Record<string, string[]> = {
  apply: ['activity'],
  // A new group's name, and its leader: a chat user, made a person of the caller's own cluster.
  'group create': ['name', 'leader'],
  // A new group's name and its proposed coordinator (a chat user): no record of this cluster.
  'group request': ['name', 'coordinator'],
  'group update': ['name'],
  'partner add': ['name'],
  // Withdrawal acts on the caller's own organisation; it has no member option to pick.
  'member withdraw': ['member'],
  // A new shared resource's name.
  'resource add': ['name'],
  // The resource's new name: the resource itself is picked.
  'resource edit': ['name'],
};
/** Buttons whose arguments name no record of the cluster: the caller's own data, or list filters. */
const NO_RECORD_BUTTONS = new Set(['privacy.export', 'privacy.erase', 'privacy.eraseConfirmed', 'privacy.cancel', 'barter.page', 'meeting.upcoming', 'activity.groups', 'activity.snooze', 'motion.outcomes', 'meeting.revokeCalendar', 'opportunity.all', 'fee.status', 'fee.record', 'fee.export', 'fee.rules', 'catalogue.mine', 'member.confirm', 'activity.chart']);

type BRole = 'coordinator' | 'main' | 'leader';

interface World extends SeededRecords {
  personId: string;
  groupRequestId: string;
  orgId: string;
  leaderOrgId: string;
  applicationId: string;
  appealId: string;
  groupId: string;
  joinRequestId: string;
  networkMeetingId: string;
  generalMeetingId: string;
  /** A General Meeting convened with /assembly convene. */
  assemblyId: string;
  activityId: string;
  bOrgId: string;
}

interface Call {
  /** "<command> <subcommand>" or "<command>.<action>": the row it belongs to. */
  key: string;
  as: BRole;
  command: string;
  subcommand?: string;
  action?: string;
  options?: Options;
  args?: Args;
}
type Options = (w: World) => Record<string, unknown>;
type Args = (w: World) => string[];

const cmd = (as: BRole, key: string, options: Options): Call => {
  const [command, subcommand] = key.split(' ');
  return { key, as, command: command!, ...(subcommand ? { subcommand } : {}), options };
};
const btn = (as: BRole, key: string, args: Args): Call => {
  const [command, action] = key.split('.');
  return { key, as, command: command!, action: action!, args };
};
/** Each of `keys` (subcommands) called by `as` with the same options. */
const calling = (as: BRole, options: Options, ...keys: string[]): Call[] => keys.map((key) => cmd(as, key, options));
/** Each of `keys` (buttons) pressed by each of `who`, in turn, with the same arguments. */
const pressing = (who: BRole[], args: Args, ...keys: string[]): Call[] => keys.flatMap((key) => who.map((as) => btn(as, key, args)));
/** The one option a subcommand names cluster A's record by. */
const naming = (option: string, record: keyof World): Options => (w) => ({ [option]: w[record] });
/** A button's one argument: the record of cluster A it acts on. */
const on = (record: keyof World): Args => (w) => [w[record]];

/** The calls grouped into rows by the command or button they try, in order. */
function rows(...calls: (Call | Call[])[]): Record<string, Call[]> {
  const out: Record<string, Call[]> = {};
  for (const call of calls.flat()) (out[call.key] ??= []).push(call);
  return out;
}

/** "<command> <subcommand>" or "<command>.<action>" → the calls a user of cluster B tries with cluster A's records. */
const CALLS: Record<string, Call[]> = rows(
  cmd('coordinator', 'applications show', naming('application', 'applicationId')),
  pressing(['coordinator'], on('applicationId'), 'applications.show', 'applications.verify', 'applications.recommend', 'applications.meeting', 'applications.decide'),
  cmd('coordinator', 'applications verify', (w) => ({ application: w.applicationId, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' })),
  cmd('coordinator', 'applications recommend', (w) => ({ application: w.applicationId, recommendation: 'accept', note: 'Dobra współpraca w regionie' })),
  cmd('coordinator', 'applications meeting', (w) => ({ application: w.applicationId, when: '2026-03-20 10:00', place: 'Gdańsk' })),
  cmd('coordinator', 'applications decide', (w) => ({ application: w.applicationId, decision: 'refused', reason: 'Nie spełnia kryteriów klastra' })),
  cmd('coordinator', 'applications audit', naming('application', 'applicationId')),
  cmd('coordinator', 'applications audit', () => ({ member: A_ORG })),
  calling('coordinator', () => ({ member: A_ORG }), 'member profile', 'member representatives'),
  cmd('main', 'member update', () => ({ member: A_ORG, description: 'Opis zmieniony z innego klastra' })),
  cmd('coordinator', 'member add-representative', () => ({ user: 'intruz', member: A_ORG })),
  cmd('coordinator', 'member remove-representative', () => ({ user: 'jan', member: A_ORG })),
  calling('coordinator', () => ({ member: A_ORG, reason: 'duties', justification: 'Brak działań od dwóch lat mimo przypomnień' }), 'member suspend', 'member end'),
  cmd('coordinator', 'member reinstate', () => ({ member: A_SUSPENDED_ORG, justification: 'Warunki zostały spełnione w całości' })),
  cmd('coordinator', 'appeal decide', (w) => ({ appeal: w.appealId, outcome: 'upheld', justification: 'Odwołanie zasadne, zawieszenie uchylone' })),
  pressing(['coordinator'], on('appealId'), 'appeal.decide'),
  cmd('coordinator', 'partner remove', () => ({ name: A_PARTNER })),
  cmd('coordinator', 'privacy-request organisation', () => ({ organisation: A_ORG, reference: 'RODO/1/2026' })),
  btn('coordinator', 'privacy-request.erase', (w) => [w.personId, 'RODO/2/2026']),

  cmd('coordinator', 'group update', () => ({ group: A_GROUP, purpose: 'Zmienione z innego klastra' })),
  cmd('coordinator', 'group dissolve', () => ({ group: A_GROUP, reason: 'Rozwiązana z innego klastra' })),
  cmd('coordinator', 'group leader', () => ({ group: A_GROUP, leader: 'intruz' })),
  calling('main', () => ({ group: A_GROUP }), 'group join', 'group leave'),
  calling('coordinator', () => ({ group: A_GROUP }), 'group members', 'group attendance'),
  cmd('coordinator', 'group meeting', () => ({ group: A_GROUP, starts: '2026-03-20 10:00' })),
  pressing(['main'], on('groupId'), 'group.join', 'group.leave'),
  pressing(['coordinator'], on('groupId'), 'group.members', 'group.appointLeader'),
  btn('coordinator', 'group.setLeader', (w) => [w.groupId, w.personId]),
  pressing(['coordinator', 'leader'], on('joinRequestId'), 'group.approve', 'group.decline'),
  pressing(['coordinator'], on('groupRequestId'), 'group.approveRequest', 'group.declineRequest'),
  pressing(['coordinator', 'leader'], (w) => [w.groupMeetingId, w.orgId], 'group.attend'),

  cmd('main', 'barter respond', (w) => ({ id: w.postId, message: 'Chętnie skorzystamy z oferty' })),
  cmd('coordinator', 'barter close', (w) => ({ id: w.postId, outcome: 'withdrawn' })),
  cmd('coordinator', 'barter edit', (w) => ({ id: w.postId, title: 'Zmieniony z innego klastra' })),
  pressing(['coordinator', 'main'], on('postId'), 'barter.manage', 'barter.done', 'barter.withdraw'),
  pressing(['main'], on('postId'), 'barter.respond', 'barter.extend'),
  btn('coordinator', 'barter.closeWith', (w) => [w.postId, w.leaderOrgId]),
  btn('main', 'barter.closeWith', (w) => [w.postId, w.bOrgId]),
  cmd('coordinator', 'activity review', (w) => ({ activity: w.activityId, decision: 'reject', reason: 'Z innego klastra' })),
  pressing(['coordinator'], on('activityId'), 'activity.confirm'),

  cmd('coordinator', 'meeting attendance', (w) => ({ meeting: w.groupMeetingId, members: A_ORG })),
  cmd('coordinator', 'meeting attendance', naming('meeting', 'networkMeetingId')),
  calling('coordinator', naming('meeting', 'generalMeetingId'), 'meeting minutes', 'chair run', 'motion list'),
  btn('main', 'meeting.respond', (w) => [w.networkMeetingId, 'yes']),
  btn('coordinator', 'meeting.attended', (w) => [w.networkMeetingId, w.orgId]),
  btn('leader', 'meeting.attended', (w) => [w.groupMeetingId, w.orgId]),
  cmd('coordinator', 'meeting schedule', () => ({ kind: 'group', group: A_GROUP, date: '2026-03-20', time: '10:00', place: 'Gdańsk' })),
  cmd('coordinator', 'meeting change', (w) => ({ meeting: w.networkMeetingId, place: 'Gdynia' })),
  cmd('leader', 'meeting change', (w) => ({ meeting: w.groupMeetingId, time: '18:00' })),
  cmd('coordinator', 'meeting cancel', naming('meeting', 'networkMeetingId')),
  cmd('leader', 'meeting cancel', naming('meeting', 'groupMeetingId')),
  cmd('leader', 'meeting propose', () => ({ kind: 'group', group: A_GROUP, place: 'Gdańsk', slots: '2026-03-20 10:00; 2026-03-21 10:00' })),
  cmd('coordinator', 'meeting seats', naming('meeting', 'networkMeetingId')),
  pressing(['coordinator'], on('networkMeetingId'), 'meeting.seats'),
  pressing(['main'], on('datePollId'), 'meeting.dates'),
  btn('main', 'meeting.date', (w) => [w.datePollId, '0', 'y']),
  pressing(['coordinator'], on('datePollId'), 'meeting.ranking'),
  btn('coordinator', 'meeting.fromSlot', (w) => [w.datePollId, w.datePollSlotId]),
  cmd('coordinator', 'assembly change', (w) => ({ meeting: w.assemblyId, place: 'Sala z innego klastra' })),
  cmd('coordinator', 'assembly cancel', (w) => ({ meeting: w.assemblyId, reason: 'Odwołane z innego klastra' })),
  pressing(['coordinator'], on('assemblyId'), 'assembly.change', 'assembly.cancel'),

  cmd('coordinator', 'chair count', (w) => ({ motion: w.motionId, option1: 1, option2: 0, option3: 0 })),
  pressing(['coordinator'], on('generalMeetingId'), 'chair.panel'),
  btn('coordinator', 'chair.presence', (w) => [w.generalMeetingId, 'room']),
  btn('coordinator', 'chair.present', (w) => [w.generalMeetingId, 'room', w.orgId]),
  pressing(['coordinator'], on('motionId'), 'chair.item', 'chair.open', 'chair.roomOrg', 'chair.paper', 'chair.count', 'chair.close'),
  btn('coordinator', 'chair.room', (w) => [w.motionId, '0']),
  btn('coordinator', 'chair.roomVoted', (w) => [w.motionId, '0', w.orgId]),
  pressing(['coordinator'], (w) => [w.motionId, w.orgId], 'chair.roomOrgPicked', 'chair.paperTaken'),
  btn('coordinator', 'chair.roomOrgVoted', (w) => [w.motionId, w.orgId, '0']),

  calling('coordinator', naming('motion', 'motionId'), 'motion open', 'motion close', 'motion status'),
  pressing(['coordinator'], on('motionId'), 'motion.show', 'motion.open', 'motion.close', 'motion.task'),
  cmd('main', 'vote', naming('motion', 'motionId')),
  cmd('coordinator', 'motion create', (w) => ({ title: 'Wniosek z innego klastra', closes: '2026-03-10 19:00', meeting: w.generalMeetingId })),
  cmd('coordinator', 'motion task', (w) => ({ motion: w.motionId, title: 'Zadanie z innego klastra', owner: `member:${w.bOrgId}`, due: '2026-04-30' })),
  cmd('coordinator', 'motion progress', (w) => ({ task: w.taskId, status: 'done', note: 'Z innego klastra' })),
  cmd('main', 'motion progress', (w) => ({ task: w.taskId, status: 'inProgress' })),
  btn('coordinator', 'motion.progress', (w) => [w.taskId, 'done']),
  btn('main', 'motion.progress', (w) => [w.taskId, 'inProgress']),
  pressing(['coordinator', 'main'], on('taskId'), 'motion.report'),
  calling('main', naming('meeting', 'generalMeetingId'), 'motion outcomes', 'proxy revoke', 'proxy list'),
  // A ballot of cluster A, for B's own organisation and for A's.
  pressing(['main'], (w) => [w.motionId, w.bOrgId], 'vote.open'),
  pressing(['main'], (w) => [w.motionId, w.orgId], 'vote.open'),
  pressing(['main'], (w) => [w.motionId, w.bOrgId, 'n', '0'], 'vote.cast', 'vote.castMany'),
  pressing(['main'], (w) => [w.motionId, w.orgId, 'n', '0'], 'vote.cast', 'vote.castMany'),
  cmd('main', 'proxy give', (w) => ({ to: 'jan', meeting: w.generalMeetingId })),

  cmd('main', 'poll results', naming('poll', 'pollId')),
  calling('coordinator', naming('poll', 'pollId'), 'poll close', 'poll export'),
  cmd('coordinator', 'poll create', () => ({ question: 'Pytanie z innego klastra?', choices: 'Tak; Nie', deadline: '2026-03-12 12:00', audience: 'group', group: A_GROUP })),
  pressing(['main'], on('pollId'), 'poll.results', 'poll.open'),
  pressing(['main'], (w) => [w.pollId, '0'], 'poll.answer', 'poll.answerMany'),
  pressing(['coordinator'], on('pollId'), 'poll.close'),

  cmd('main', 'opportunity show', naming('id', 'opportunityId')),
  cmd('main', 'opportunity declare', (w) => ({ id: w.opportunityId, part: 'Obiady z innego klastra' })),
  cmd('coordinator', 'opportunity consortium', (w) => ({ id: w.opportunityId, leader: w.orgId, budget: '1000' })),
  cmd('coordinator', 'opportunity status', (w) => ({ id: w.opportunityId, status: 'cancelled' })),
  cmd('coordinator', 'opportunity export', naming('id', 'opportunityId')),
  pressing(['main'], on('opportunityId'), 'opportunity.show', 'opportunity.declare'),
  pressing(['coordinator'], on('opportunityId'), 'opportunity.consortium', 'opportunity.export'),
  btn('coordinator', 'opportunity.members', (w) => [w.opportunityId, w.orgId]),
  btn('coordinator', 'opportunity.status', (w) => [w.opportunityId, 'cancelled']),
  calling('main', naming('id', 'purchaseId'), 'purchase show', 'purchase withdraw'),
  cmd('main', 'purchase join', (w) => ({ id: w.purchaseId, quantity: 5 })),
  cmd('coordinator', 'purchase export', naming('id', 'purchaseId')),
  pressing(['main'], on('purchaseId'), 'purchase.show', 'purchase.join', 'purchase.withdraw'),
  pressing(['coordinator'], on('purchaseId'), 'purchase.export'),

  calling('main', naming('resource', 'resourceId'), 'resource show', 'resource history'),
  cmd('main', 'resource book', (w) => ({ resource: w.resourceId, from: '2026-03-20 10:00', to: '2026-03-20 12:00' })),
  cmd('main', 'resource edit', (w) => ({ resource: w.resourceId, name: 'Bus z innego klastra' })),
  cmd('main', 'resource edit', naming('resource', 'resourceId')),
  pressing(['main'], on('resourceId'), 'resource.show', 'resource.history', 'resource.book', 'resource.barter', 'resource.edit'),
  pressing(['main', 'coordinator'], on('resourceId'), 'resource.withdraw', 'resource.withdrawConfirmed'),
  pressing(['coordinator', 'main'], on('bookingId'), 'resource.approve', 'resource.cancel'),
  pressing(['coordinator'], on('bookingId'), 'resource.decline', 'resource.returned'),

  cmd('coordinator', 'fee status', () => ({ member: A_ORG })),
  cmd('coordinator', 'fee status', naming('member', 'orgId')),
  cmd('coordinator', 'fee record', (w) => ({ member: w.orgId, amount: '100', date: '2026-03-01', reference: 'Z innego klastra 1' })),
  cmd('coordinator', 'fee record', () => ({ member: A_ORG, amount: '100', date: '2026-03-01', reference: 'Z innego klastra 2' })),

  // The catalogue: an entry of A by id, or a sector only A's catalogue has (B's has none).
  cmd('main', 'catalogue browse', () => ({ sector: A_SECTOR })),
  cmd('main', 'catalogue export', () => ({ format: 'csv', sector: A_SECTOR })),
  calling('main', naming('id', 'catalogueId'), 'catalogue show', 'catalogue remove'),
  cmd('main', 'catalogue edit', (w) => ({ id: w.catalogueId, title: 'Przejęte z innego klastra' })),
  pressing(['main'], on('catalogueId'), 'catalogue.show', 'catalogue.edit', 'catalogue.remove', 'catalogue.removeConfirmed'),
  pressing(['coordinator'], on('catalogueId'), 'catalogue.hide', 'catalogue.unhide'),
  pressing(['main'], () => [A_SECTOR, ''], 'catalogue.markdown', 'catalogue.csv'),
);

/** Every button, and every subcommand with an option that names a record. */
function idTakingEntries(): string[] {
  return commands.flatMap((def) => [
    ...Object.entries(def.subcommands)
      .filter(([sub, s]) => {
        const key = sub ? `${def.name} ${sub}` : def.name;
        const named = new Set([...Object.keys(s.pickers ?? {}), ...describeOptions(s.options).map((o) => o.name).filter((n) => RECORD_OPTIONS.has(n))]);
        for (const n of NOT_RECORDS[key] ?? []) named.delete(n);
        return named.size > 0;
      })
      .map(([sub]) => (sub ? `${def.name} ${sub}` : def.name)),
    ...Object.keys(def.actions ?? {})
      .map((a) => `${def.name}.${a}`)
      .filter((k) => !NO_RECORD_BUTTONS.has(k)),
  ]);
}

async function givenIn(t: TestApp, externalId: string, userId: string, setup: { roles?: GrantedRole[]; main?: string }) {
  const cluster = await t.app.services.clusters.resolve('console', externalId);
  const person = await t.app.services.people.ensure(cluster.id, userId, userId);
  for (const role of setup.roles ?? []) await t.app.services.people.grantRole(cluster.id, person.id, role, null);
  const member = setup.main ? await t.app.services.seeding.representativeOf(cluster.id, person.id, setup.main, 'main') : null;
  return { cluster, person, member };
}

function inB(t: TestApp, userId: string, inv: Record<string, unknown>): Promise<Reply> {
  return t.app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: B }, user: { id: userId, displayName: userId }, channelId: 'b-channel', ...inv } as Invocation);
}

const B_USERS: Record<BRole, string> = { coordinator: 'b-koord', main: 'b-czlonek', leader: 'b-lider' };

async function buildWorld(t: TestApp): Promise<World> {
  const ok = (reply: Reply) => {
    expect(reply.errorId, reply.text).toBeUndefined();
    return reply;
  };
  await t.given('anna', { roles: ['coordinator'] });
  await memberSince(t, 'jan', A_ORG, '2025-01-01T00:00:00Z');
  await t.given('lena', { main: A_LEADER_ORG });
  await t.given('ola', { main: A_SUSPENDED_ORG, status: 'suspended' });
  const a = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
  ok(await t.as('anna').command('setup', 'set', { key: 'proxiesEnabled', value: 'true' }));
  ok(await t.as('anna').command('group', 'create', { name: A_GROUP, purpose: 'Wspólne oferty cateringowe', leader: 'lena', approval: true }));
  ok(await t.as('jan').command('group', 'join', { group: A_GROUP }));
  ok(await t.as('anna').command('setup', 'model', { model: 'wm-kes' }));
  ok(await t.as('jan').command('group', 'request', { name: 'Konsorcjum A', purpose: 'Wspólna oferta klastra A', coordinator: 'lena', deadline: '30.06.2026' }));
  ok(await t.as('lena').command('group', 'meeting', { group: A_GROUP, starts: '2026-03-10 16:20' }));
  ok(await t.as('kandydat').form('apply', applicationForm({ org_name: A_CANDIDATE })));
  ok(await t.as('ola').command('appeal', 'submit', { text: 'Zawieszenie było niesłuszne, działania prowadziliśmy regularnie.' }));
  ok(await t.as('anna').command('partner', 'add', { name: A_PARTNER, kind: 'research' }));
  ok(await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-03-10', time: '17:00', place: 'Gdańsk' }));
  const general = await t.app.services.meetings.schedule(a, { kind: 'general', title: 'Walne Spotkanie Sieci 2026', startsAt: new Date('2026-03-12T16:00:00Z'), place: 'Gdańsk' });
  ok(await t.as('anna').command('motion', 'create', { title: A_MOTION, closes: '2026-03-12 19:00', meeting: general.id }));
  ok(await t.as('anna').command('poll', 'create', { question: A_POLL, choices: 'Czerwiec; Lipiec', deadline: '2026-03-12 12:00' }));
  ok(await t.as('jan').command('barter', 'offer', { kind: 'service', title: A_POST, place: 'Gdańsk' }));
  ok(await t.as('anna').command('meeting', 'propose', { kind: 'network', place: 'Gdańsk', slots: '2026-03-20 10:00; 2026-03-21 10:00' }));
  ok(await t.as('anna').command('assembly', 'convene', { date: '20.04.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1', agenda: 'Otwarcie' }));
  ok(await t.as('anna').command('opportunity', 'post', { title: A_OPPORTUNITY, place: 'Gdańsk', sectors: 'gastronomia', deadline: '2026-03-30' }));
  ok(await t.as('jan').command('purchase', 'propose', { item: A_PURCHASE, unit: 'szt.', tiers: '1: 2,50; 100: 2,00', deadline: '2026-03-30 12:00' }));
  ok(await t.as('lena').command('purchase', 'join', { id: String((await t.app.db.dumpTable('JointPurchase'))[0]!.id), quantity: 10 }));
  ok(await t.as('jan').command('resource', 'add', { name: A_RESOURCE, kind: 'equipment', place: 'Gdańsk', approval: true }));
  ok(await t.as('lena').command('resource', 'book', { resource: String((await t.app.db.dumpTable('SharedResource'))[0]!.id), from: '2026-03-25 10:00', to: '2026-03-25 16:00' }));
  ok(await t.as('jan').command('catalogue', 'add', { title: A_ENTRY, sector: A_SECTOR, area: 'Gdańsk', email: 'biuro@razem.example.org' }));
  ok(await t.as('jan').command('activity', 'log', { kind: 'event', date: '2026-03-05', title: A_ACTIVITY, description: 'Stoisko klastra na targach w Gdańsku' }));

  const rows = async (table: string) => (await t.app.db.dumpTable(table)).filter((r) => !('clusterId' in r) || r.clusterId === a.id);
  const jan = (await rows('Person')).find((p) => p.platformUserId === 'jan')!;
  const members = await rows('Member');
  const meetings = await rows('Meeting');
  const motionId = String((await rows('Motion'))[0]!.id);
  const orgId = String(members.find((m) => m.name === A_ORG)!.id);
  ok(await t.as('anna').command('motion', 'task', { motion: motionId, title: A_TASK, owner: `member:${orgId}`, due: '2026-04-30' }));
  const world: Omit<World, 'bOrgId'> = {
    personId: String(jan.id),
    orgId: String(members.find((m) => m.name === A_ORG)!.id),
    leaderOrgId: String(members.find((m) => m.name === A_LEADER_ORG)!.id),
    applicationId: String((await rows('Application')).find((x) => x.orgName === A_CANDIDATE)!.id),
    appealId: String((await rows('Appeal'))[0]!.id),
    groupId: String((await rows('WorkingGroup'))[0]!.id),
    groupRequestId: String((await rows('GroupRequest'))[0]!.id),
    joinRequestId: String((await t.app.db.dumpTable('GroupMembership')).find((m) => m.status === 'pending')!.id),
    groupMeetingId: String(meetings.find((m) => m.kind === 'group')!.id),
    networkMeetingId: String(meetings.find((m) => m.kind === 'network')!.id),
    generalMeetingId: general.id,
    assemblyId: String((await t.app.db.dumpTable('GeneralMeeting'))[0]!.meetingId),
    motionId,
    taskId: String((await rows('MotionTask'))[0]!.id),
    pollId: String((await rows('Poll'))[0]!.id),
    datePollId: String((await rows('DatePoll'))[0]!.id),
    datePollSlotId: String((await t.app.db.dumpTable('DatePollSlot'))[0]!.id),
    postId: String((await rows('BarterPost'))[0]!.id),
    activityId: String((await rows('Activity')).find((x) => x.title === A_ACTIVITY)!.id),
    opportunityId: String((await rows('MarketOpportunity'))[0]!.id),
    purchaseId: String((await rows('JointPurchase'))[0]!.id),
    resourceId: String((await rows('SharedResource'))[0]!.id),
    bookingId: String((await rows('ResourceBooking'))[0]!.id),
    catalogueId: String((await rows('CatalogueEntry'))[0]!.id),
  };

  // Cluster B: the same roles, its own records.
  await givenIn(t, B, B_USERS.coordinator, { roles: ['coordinator', 'team'] });
  const bMain = await givenIn(t, B, B_USERS.main, { main: 'Spółdzielnia z klastra B' });
  const bLeader = await givenIn(t, B, B_USERS.leader, { main: 'Fundacja z klastra B' });
  // Cluster B collects fees, so a fee call reaches the rule about whose organisation it names.
  ok(await inB(t, B_USERS.coordinator, { kind: 'form', formId: 'setup.fees', values: { yearly: '100' } }));
  ok(await inB(t, B_USERS.coordinator, { kind: 'command', command: 'group', subcommand: 'create', options: { name: 'Grupa B', purpose: 'Grupa robocza klastra B', leader: B_USERS.leader } }));
  expect(bLeader.member).toBeTruthy();
  // Both meetings have started, so attendance could be recorded; the motion and the poll are open.
  t.clock.set('2026-03-10T16:30:00Z');
  return { ...world, bOrgId: bMain.member!.id };
}

/** Every row of every table, except cluster B's own rows (a refusal may touch nothing else). */
async function snapshot(t: TestApp, bClusterId: string): Promise<Record<string, string[]>> {
  const tables = (await t.app.db.rawQuery<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")).map((r) => r.name);
  const out: Record<string, string[]> = {};
  for (const table of tables.sort()) {
    const rows = await t.app.db.dumpTable(table);
    out[table] = rows
      .filter((r) => r.clusterId !== bClusterId && !(table === 'Cluster' && r.id === bClusterId))
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
      .sort();
  }
  return out;
}

function shown(reply: Reply): string {
  return [reply.title, reply.text, ...(reply.fields ?? []).flatMap((f) => [f.label, f.value]), ...(reply.buttons ?? []).map((b) => b.label), ...(reply.choices?.options ?? []).map((o) => o.label)]
    .filter(Boolean)
    .join('\n');
}

describe('tenancy: a user of another cluster pressing with this cluster’s ids', () => {
  let t: TestApp;
  let world: World;
  let bClusterId: string;
  beforeAll(async () => {
    t = await createTestApp({ start: '2026-03-09T09:00:00Z' });
    world = await buildWorld(t);
    bClusterId = (await t.app.services.clusters.resolve('console', B)).id;
  }, 60_000);
  afterAll(() => t.close());

  it('has a row for every button and every option that names a record', () => {
    const missing = idTakingEntries().filter((k) => !CALLS[k]);
    expect(missing, 'add a row to CALLS (or to NO_RECORD_BUTTONS if its arguments name no record)').toEqual([]);
  });

  it.each(Object.entries(CALLS))('%s: refused, shows nothing of the other cluster, changes nothing', async (_key, calls) => {
    for (const call of calls) {
      const before = await snapshot(t, bClusterId);
      const options = call.options?.(world) ?? {};
      const args = call.args?.(world) ?? [];
      const reply = call.action
        ? await inB(t, B_USERS[call.as], { kind: 'action', action: { command: call.command, action: call.action, args }, values: [] })
        : await inB(t, B_USERS[call.as], { kind: 'command', command: call.command, ...(call.subcommand ? { subcommand: call.subcommand } : {}), options });
      const what = `${call.as} in B: ${call.command} ${call.subcommand ?? call.action} ${JSON.stringify(call.action ? args : options)} → ${reply.errorId ?? 'ok'}: ${shown(reply).slice(0, 300)}`;
      // Refused by a rule about the record, not by the permission gate or the options' shape.
      expect(reply.errorId, what).toBeDefined();
      expect(reply.errorId, what).not.toMatch(/^core\.(denied\.|errors\.(unexpected|invalidOptions))/);
      expect(reply.text?.length ?? 0, what).toBeGreaterThan(10);
      const typed = JSON.stringify([options, args]);
      expect(A_SECRETS.filter((s) => shown(reply).includes(s) && !typed.includes(s)), what).toEqual([]);
      expect(await snapshot(t, bClusterId), what).toEqual(before);
    }
  });
});
