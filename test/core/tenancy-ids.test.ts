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
  as: BRole;
  command: string;
  subcommand?: string;
  action?: string;
  options?: (w: World) => Record<string, unknown>;
  args?: (w: World) => string[];
}

const cmd = (as: BRole, key: string, options: (w: World) => Record<string, unknown>): Call => {
  const [command, subcommand] = key.split(' ');
  return { as, command: command!, ...(subcommand ? { subcommand } : {}), options };
};
const btn = (as: BRole, key: string, args: (w: World) => string[]): Call => {
  const [command, action] = key.split('.');
  return { as, command: command!, action: action!, args };
};

/** "<command> <subcommand>" or "<command>.<action>" → the calls a user of cluster B tries with cluster A's records. */
const CALLS: Record<string, Call[]> = {
  'applications show': [cmd('coordinator', 'applications show', (w) => ({ application: w.applicationId }))],
  'applications.show': [btn('coordinator', 'applications.show', (w) => [w.applicationId])],
  'applications.verify': [btn('coordinator', 'applications.verify', (w) => [w.applicationId])],
  'applications.recommend': [btn('coordinator', 'applications.recommend', (w) => [w.applicationId])],
  'applications.meeting': [btn('coordinator', 'applications.meeting', (w) => [w.applicationId])],
  'applications.decide': [btn('coordinator', 'applications.decide', (w) => [w.applicationId])],
  'appeal.decide': [btn('coordinator', 'appeal.decide', (w) => [w.appealId])],
  'barter.manage': [btn('coordinator', 'barter.manage', (w) => [w.postId]), btn('main', 'barter.manage', (w) => [w.postId])],
  'barter.done': [btn('coordinator', 'barter.done', (w) => [w.postId]), btn('main', 'barter.done', (w) => [w.postId])],
  'barter.withdraw': [btn('coordinator', 'barter.withdraw', (w) => [w.postId]), btn('main', 'barter.withdraw', (w) => [w.postId])],
  'poll.results': [btn('main', 'poll.results', (w) => [w.pollId])],
  'poll.close': [btn('coordinator', 'poll.close', (w) => [w.pollId])],
  'applications verify': [
    cmd('coordinator', 'applications verify', (w) => ({ application: w.applicationId, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' })),
  ],
  'applications recommend': [cmd('coordinator', 'applications recommend', (w) => ({ application: w.applicationId, recommendation: 'accept', note: 'Dobra współpraca w regionie' }))],
  'applications meeting': [cmd('coordinator', 'applications meeting', (w) => ({ application: w.applicationId, when: '2026-03-20 10:00', place: 'Gdańsk' }))],
  'applications decide': [cmd('coordinator', 'applications decide', (w) => ({ application: w.applicationId, decision: 'refused', reason: 'Nie spełnia kryteriów klastra' }))],
  'applications audit': [cmd('coordinator', 'applications audit', (w) => ({ application: w.applicationId })), cmd('coordinator', 'applications audit', () => ({ member: A_ORG }))],
  'member profile': [cmd('coordinator', 'member profile', () => ({ member: A_ORG }))],
  'member update': [cmd('main', 'member update', () => ({ member: A_ORG, description: 'Opis zmieniony z innego klastra' }))],
  'member representatives': [cmd('coordinator', 'member representatives', () => ({ member: A_ORG }))],
  'member add-representative': [cmd('coordinator', 'member add-representative', () => ({ user: 'intruz', member: A_ORG }))],
  'member remove-representative': [cmd('coordinator', 'member remove-representative', () => ({ user: 'jan', member: A_ORG }))],
  'member suspend': [cmd('coordinator', 'member suspend', () => ({ member: A_ORG, reason: 'duties', justification: 'Brak działań od dwóch lat mimo przypomnień' }))],
  'member end': [cmd('coordinator', 'member end', () => ({ member: A_ORG, reason: 'duties', justification: 'Brak działań od dwóch lat mimo przypomnień' }))],
  'member reinstate': [cmd('coordinator', 'member reinstate', () => ({ member: A_SUSPENDED_ORG, justification: 'Warunki zostały spełnione w całości' }))],
  'appeal decide': [cmd('coordinator', 'appeal decide', (w) => ({ appeal: w.appealId, outcome: 'upheld', justification: 'Odwołanie zasadne, zawieszenie uchylone' }))],
  'partner remove': [cmd('coordinator', 'partner remove', () => ({ name: A_PARTNER }))],
  'privacy-request organisation': [cmd('coordinator', 'privacy-request organisation', () => ({ organisation: A_ORG, reference: 'RODO/1/2026' }))],
  'privacy-request.erase': [btn('coordinator', 'privacy-request.erase', (w) => [w.personId, 'RODO/2/2026'])],
  'group update': [cmd('coordinator', 'group update', () => ({ group: A_GROUP, purpose: 'Zmienione z innego klastra' }))],
  'group dissolve': [cmd('coordinator', 'group dissolve', () => ({ group: A_GROUP, reason: 'Rozwiązana z innego klastra' }))],
  'group leader': [cmd('coordinator', 'group leader', () => ({ group: A_GROUP, leader: 'intruz' }))],
  'group join': [cmd('main', 'group join', () => ({ group: A_GROUP }))],
  'group leave': [cmd('main', 'group leave', () => ({ group: A_GROUP }))],
  'group members': [cmd('coordinator', 'group members', () => ({ group: A_GROUP }))],
  'group meeting': [cmd('coordinator', 'group meeting', () => ({ group: A_GROUP, starts: '2026-03-20 10:00' }))],
  'group attendance': [cmd('coordinator', 'group attendance', () => ({ group: A_GROUP }))],
  'group.join': [btn('main', 'group.join', (w) => [w.groupId])],
  'group.leave': [btn('main', 'group.leave', (w) => [w.groupId])],
  'group.members': [btn('coordinator', 'group.members', (w) => [w.groupId])],
  'group.approve': [btn('coordinator', 'group.approve', (w) => [w.joinRequestId]), btn('leader', 'group.approve', (w) => [w.joinRequestId])],
  'group.decline': [btn('coordinator', 'group.decline', (w) => [w.joinRequestId]), btn('leader', 'group.decline', (w) => [w.joinRequestId])],
  'group.approveRequest': [btn('coordinator', 'group.approveRequest', (w) => [w.groupRequestId])],
  'group.declineRequest': [btn('coordinator', 'group.declineRequest', (w) => [w.groupRequestId])],
  'group.attend': [btn('coordinator', 'group.attend', (w) => [w.groupMeetingId, w.orgId]), btn('leader', 'group.attend', (w) => [w.groupMeetingId, w.orgId])],
  'group.appointLeader': [btn('coordinator', 'group.appointLeader', (w) => [w.groupId])],
  'group.setLeader': [btn('coordinator', 'group.setLeader', (w) => [w.groupId, w.personId])],
  'barter respond': [cmd('main', 'barter respond', (w) => ({ id: w.postId, message: 'Chętnie skorzystamy z oferty' }))],
  'barter close': [cmd('coordinator', 'barter close', (w) => ({ id: w.postId, outcome: 'withdrawn' }))],
  'barter edit': [cmd('coordinator', 'barter edit', (w) => ({ id: w.postId, title: 'Zmieniony z innego klastra' }))],
  'barter.respond': [btn('main', 'barter.respond', (w) => [w.postId])],
  'barter.closeWith': [btn('coordinator', 'barter.closeWith', (w) => [w.postId, w.leaderOrgId]), btn('main', 'barter.closeWith', (w) => [w.postId, w.bOrgId])],
  'barter.extend': [btn('main', 'barter.extend', (w) => [w.postId])],
  'activity review': [cmd('coordinator', 'activity review', (w) => ({ activity: w.activityId, decision: 'reject', reason: 'Z innego klastra' }))],
  'activity.confirm': [btn('coordinator', 'activity.confirm', (w) => [w.activityId])],
  'meeting attendance': [
    cmd('coordinator', 'meeting attendance', (w) => ({ meeting: w.groupMeetingId, members: A_ORG })),
    cmd('coordinator', 'meeting attendance', (w) => ({ meeting: w.networkMeetingId })),
  ],
  'meeting minutes': [cmd('coordinator', 'meeting minutes', (w) => ({ meeting: w.generalMeetingId }))],
  'chair run': [cmd('coordinator', 'chair run', (w) => ({ meeting: w.generalMeetingId }))],
  'chair count': [cmd('coordinator', 'chair count', (w) => ({ motion: w.motionId, option1: 1, option2: 0, option3: 0 }))],
  'chair.panel': [btn('coordinator', 'chair.panel', (w) => [w.generalMeetingId])],
  'chair.presence': [btn('coordinator', 'chair.presence', (w) => [w.generalMeetingId, 'room'])],
  'chair.present': [btn('coordinator', 'chair.present', (w) => [w.generalMeetingId, 'room', w.orgId])],
  'chair.item': [btn('coordinator', 'chair.item', (w) => [w.motionId])],
  'chair.open': [btn('coordinator', 'chair.open', (w) => [w.motionId])],
  'chair.room': [btn('coordinator', 'chair.room', (w) => [w.motionId, '0'])],
  'chair.roomVoted': [btn('coordinator', 'chair.roomVoted', (w) => [w.motionId, '0', w.orgId])],
  'chair.roomOrg': [btn('coordinator', 'chair.roomOrg', (w) => [w.motionId])],
  'chair.roomOrgPicked': [btn('coordinator', 'chair.roomOrgPicked', (w) => [w.motionId, w.orgId])],
  'chair.roomOrgVoted': [btn('coordinator', 'chair.roomOrgVoted', (w) => [w.motionId, w.orgId, '0'])],
  'chair.paper': [btn('coordinator', 'chair.paper', (w) => [w.motionId])],
  'chair.paperTaken': [btn('coordinator', 'chair.paperTaken', (w) => [w.motionId, w.orgId])],
  'chair.count': [btn('coordinator', 'chair.count', (w) => [w.motionId])],
  'chair.close': [btn('coordinator', 'chair.close', (w) => [w.motionId])],
  'meeting.respond': [btn('main', 'meeting.respond', (w) => [w.networkMeetingId, 'yes'])],
  'meeting.attended': [btn('coordinator', 'meeting.attended', (w) => [w.networkMeetingId, w.orgId]), btn('leader', 'meeting.attended', (w) => [w.groupMeetingId, w.orgId])],
  'motion open': [cmd('coordinator', 'motion open', (w) => ({ motion: w.motionId }))],
  'motion.show': [btn('coordinator', 'motion.show', (w) => [w.motionId])],
  'motion.open': [btn('coordinator', 'motion.open', (w) => [w.motionId])],
  'motion.close': [btn('coordinator', 'motion.close', (w) => [w.motionId])],
  vote: [cmd('main', 'vote', (w) => ({ motion: w.motionId }))],
  'motion close': [cmd('coordinator', 'motion close', (w) => ({ motion: w.motionId }))],
  'motion status': [cmd('coordinator', 'motion status', (w) => ({ motion: w.motionId }))],
  'motion list': [cmd('coordinator', 'motion list', (w) => ({ meeting: w.generalMeetingId }))],
  'motion create': [cmd('coordinator', 'motion create', (w) => ({ title: 'Wniosek z innego klastra', closes: '2026-03-10 19:00', meeting: w.generalMeetingId }))],
  'motion task': [cmd('coordinator', 'motion task', (w) => ({ motion: w.motionId, title: 'Zadanie z innego klastra', owner: `member:${w.bOrgId}`, due: '2026-04-30' }))],
  'motion.task': [btn('coordinator', 'motion.task', (w) => [w.motionId])],
  'motion progress': [cmd('coordinator', 'motion progress', (w) => ({ task: w.taskId, status: 'done', note: 'Z innego klastra' })), cmd('main', 'motion progress', (w) => ({ task: w.taskId, status: 'inProgress' }))],
  'motion.progress': [btn('coordinator', 'motion.progress', (w) => [w.taskId, 'done']), btn('main', 'motion.progress', (w) => [w.taskId, 'inProgress'])],
  'motion.report': [btn('coordinator', 'motion.report', (w) => [w.taskId]), btn('main', 'motion.report', (w) => [w.taskId])],
  'motion outcomes': [cmd('main', 'motion outcomes', (w) => ({ meeting: w.generalMeetingId }))],
  'vote.open': [btn('main', 'vote.open', (w) => [w.motionId, w.bOrgId]), btn('main', 'vote.open', (w) => [w.motionId, w.orgId])],
  'vote.cast': [btn('main', 'vote.cast', (w) => [w.motionId, w.bOrgId, 'n', '0']), btn('main', 'vote.cast', (w) => [w.motionId, w.orgId, 'n', '0'])],
  'vote.castMany': [btn('main', 'vote.castMany', (w) => [w.motionId, w.bOrgId, 'n', '0']), btn('main', 'vote.castMany', (w) => [w.motionId, w.orgId, 'n', '0'])],
  'proxy give': [cmd('main', 'proxy give', (w) => ({ to: 'jan', meeting: w.generalMeetingId }))],
  'proxy revoke': [cmd('main', 'proxy revoke', (w) => ({ meeting: w.generalMeetingId }))],
  'proxy list': [cmd('main', 'proxy list', (w) => ({ meeting: w.generalMeetingId }))],
  'poll results': [cmd('main', 'poll results', (w) => ({ poll: w.pollId }))],
  'poll close': [cmd('coordinator', 'poll close', (w) => ({ poll: w.pollId }))],
  'poll export': [cmd('coordinator', 'poll export', (w) => ({ poll: w.pollId }))],
  'poll create': [cmd('coordinator', 'poll create', () => ({ question: 'Pytanie z innego klastra?', choices: 'Tak; Nie', deadline: '2026-03-12 12:00', audience: 'group', group: A_GROUP }))],
  'poll.answer': [btn('main', 'poll.answer', (w) => [w.pollId, '0'])],
  'poll.open': [btn('main', 'poll.open', (w) => [w.pollId])],
  'poll.answerMany': [btn('main', 'poll.answerMany', (w) => [w.pollId, '0'])],
  'opportunity show': [cmd('main', 'opportunity show', (w) => ({ id: w.opportunityId }))],
  'opportunity declare': [cmd('main', 'opportunity declare', (w) => ({ id: w.opportunityId, part: 'Obiady z innego klastra' }))],
  'opportunity consortium': [cmd('coordinator', 'opportunity consortium', (w) => ({ id: w.opportunityId, leader: w.orgId, budget: '1000' }))],
  'opportunity status': [cmd('coordinator', 'opportunity status', (w) => ({ id: w.opportunityId, status: 'cancelled' }))],
  'opportunity export': [cmd('coordinator', 'opportunity export', (w) => ({ id: w.opportunityId }))],
  'opportunity.show': [btn('main', 'opportunity.show', (w) => [w.opportunityId])],
  'opportunity.declare': [btn('main', 'opportunity.declare', (w) => [w.opportunityId])],
  'opportunity.consortium': [btn('coordinator', 'opportunity.consortium', (w) => [w.opportunityId])],
  'opportunity.members': [btn('coordinator', 'opportunity.members', (w) => [w.opportunityId, w.orgId])],
  'opportunity.status': [btn('coordinator', 'opportunity.status', (w) => [w.opportunityId, 'cancelled'])],
  'opportunity.export': [btn('coordinator', 'opportunity.export', (w) => [w.opportunityId])],
  'purchase show': [cmd('main', 'purchase show', (w) => ({ id: w.purchaseId }))],
  'purchase join': [cmd('main', 'purchase join', (w) => ({ id: w.purchaseId, quantity: 5 }))],
  'purchase withdraw': [cmd('main', 'purchase withdraw', (w) => ({ id: w.purchaseId }))],
  'purchase export': [cmd('coordinator', 'purchase export', (w) => ({ id: w.purchaseId }))],
  'purchase.show': [btn('main', 'purchase.show', (w) => [w.purchaseId])],
  'purchase.join': [btn('main', 'purchase.join', (w) => [w.purchaseId])],
  'purchase.withdraw': [btn('main', 'purchase.withdraw', (w) => [w.purchaseId])],
  'purchase.export': [btn('coordinator', 'purchase.export', (w) => [w.purchaseId])],
  'resource show': [cmd('main', 'resource show', (w) => ({ resource: w.resourceId }))],
  'resource book': [cmd('main', 'resource book', (w) => ({ resource: w.resourceId, from: '2026-03-20 10:00', to: '2026-03-20 12:00' }))],
  'resource history': [cmd('main', 'resource history', (w) => ({ resource: w.resourceId }))],
  'resource.show': [btn('main', 'resource.show', (w) => [w.resourceId])],
  'resource.history': [btn('main', 'resource.history', (w) => [w.resourceId])],
  'resource.book': [btn('main', 'resource.book', (w) => [w.resourceId])],
  'resource.barter': [btn('main', 'resource.barter', (w) => [w.resourceId])],
  'resource edit': [cmd('main', 'resource edit', (w) => ({ resource: w.resourceId, name: 'Bus z innego klastra' })), cmd('main', 'resource edit', (w) => ({ resource: w.resourceId }))],
  'resource.edit': [btn('main', 'resource.edit', (w) => [w.resourceId])],
  'resource.withdraw': [btn('main', 'resource.withdraw', (w) => [w.resourceId]), btn('coordinator', 'resource.withdraw', (w) => [w.resourceId])],
  'resource.withdrawConfirmed': [btn('main', 'resource.withdrawConfirmed', (w) => [w.resourceId]), btn('coordinator', 'resource.withdrawConfirmed', (w) => [w.resourceId])],
  'resource.approve': [btn('coordinator', 'resource.approve', (w) => [w.bookingId]), btn('main', 'resource.approve', (w) => [w.bookingId])],
  'resource.decline': [btn('coordinator', 'resource.decline', (w) => [w.bookingId])],
  'resource.returned': [btn('coordinator', 'resource.returned', (w) => [w.bookingId])],
  'resource.cancel': [btn('coordinator', 'resource.cancel', (w) => [w.bookingId]), btn('main', 'resource.cancel', (w) => [w.bookingId])],
  'fee status': [cmd('coordinator', 'fee status', () => ({ member: A_ORG })), cmd('coordinator', 'fee status', (w) => ({ member: w.orgId }))],
  'fee record': [
    cmd('coordinator', 'fee record', (w) => ({ member: w.orgId, amount: '100', date: '2026-03-01', reference: 'Z innego klastra 1' })),
    cmd('coordinator', 'fee record', () => ({ member: A_ORG, amount: '100', date: '2026-03-01', reference: 'Z innego klastra 2' })),
  ],
  // The catalogue: an entry of A by id, or a sector only A's catalogue has (B's has none).
  'catalogue browse': [cmd('main', 'catalogue browse', () => ({ sector: A_SECTOR }))],
  'catalogue export': [cmd('main', 'catalogue export', () => ({ format: 'csv', sector: A_SECTOR }))],
  'catalogue show': [cmd('main', 'catalogue show', (w) => ({ id: w.catalogueId }))],
  'catalogue edit': [cmd('main', 'catalogue edit', (w) => ({ id: w.catalogueId, title: 'Przejęte z innego klastra' }))],
  'catalogue remove': [cmd('main', 'catalogue remove', (w) => ({ id: w.catalogueId }))],
  'catalogue.show': [btn('main', 'catalogue.show', (w) => [w.catalogueId])],
  'catalogue.edit': [btn('main', 'catalogue.edit', (w) => [w.catalogueId])],
  'catalogue.remove': [btn('main', 'catalogue.remove', (w) => [w.catalogueId])],
  'catalogue.removeConfirmed': [btn('main', 'catalogue.removeConfirmed', (w) => [w.catalogueId])],
  'catalogue.hide': [btn('coordinator', 'catalogue.hide', (w) => [w.catalogueId])],
  'catalogue.unhide': [btn('coordinator', 'catalogue.unhide', (w) => [w.catalogueId])],
  'catalogue.markdown': [btn('main', 'catalogue.markdown', () => [A_SECTOR, ''])],
  'catalogue.csv': [btn('main', 'catalogue.csv', () => [A_SECTOR, ''])],
  'meeting schedule': [cmd('coordinator', 'meeting schedule', () => ({ kind: 'group', group: A_GROUP, date: '2026-03-20', time: '10:00', place: 'Gdańsk' }))],
  'meeting change': [
    cmd('coordinator', 'meeting change', (w) => ({ meeting: w.networkMeetingId, place: 'Gdynia' })),
    cmd('leader', 'meeting change', (w) => ({ meeting: w.groupMeetingId, time: '18:00' })),
  ],
  'meeting cancel': [cmd('coordinator', 'meeting cancel', (w) => ({ meeting: w.networkMeetingId })), cmd('leader', 'meeting cancel', (w) => ({ meeting: w.groupMeetingId }))],
  'meeting propose': [cmd('leader', 'meeting propose', () => ({ kind: 'group', group: A_GROUP, place: 'Gdańsk', slots: '2026-03-20 10:00; 2026-03-21 10:00' }))],
  'meeting seats': [cmd('coordinator', 'meeting seats', (w) => ({ meeting: w.networkMeetingId }))],
  'meeting.seats': [btn('coordinator', 'meeting.seats', (w) => [w.networkMeetingId])],
  'meeting.dates': [btn('main', 'meeting.dates', (w) => [w.datePollId])],
  'meeting.date': [btn('main', 'meeting.date', (w) => [w.datePollId, '0', 'y'])],
  'meeting.ranking': [btn('coordinator', 'meeting.ranking', (w) => [w.datePollId])],
  'meeting.fromSlot': [btn('coordinator', 'meeting.fromSlot', (w) => [w.datePollId, w.datePollSlotId])],
  'assembly change': [cmd('coordinator', 'assembly change', (w) => ({ meeting: w.assemblyId, place: 'Sala z innego klastra' }))],
  'assembly cancel': [cmd('coordinator', 'assembly cancel', (w) => ({ meeting: w.assemblyId, reason: 'Odwołane z innego klastra' }))],
  'assembly.change': [btn('coordinator', 'assembly.change', (w) => [w.assemblyId])],
  'assembly.cancel': [btn('coordinator', 'assembly.cancel', (w) => [w.assemblyId])],
};

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
