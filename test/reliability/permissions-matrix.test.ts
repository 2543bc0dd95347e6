import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import type { SeededRecords } from '../support/seeded-records.ts';
import { applicationForm } from '../membership/support.ts';
import { generalMeeting } from '../governance/support.ts';

/**
 * Every command, subcommand and button × every role, against a table written by hand from
 * /work/shared/domain.md (not from the `permission` declared in commands/*.ts).
 *
 * How a reply is classified:
 * - "refused for permission": the dispatcher's refusal (`errorId` starts with `core.denied.`) or
 *   one of SERVICE_REFUSALS below: rules a service checks itself because they depend on the data
 *   (whose barter post, which organisation a profile is, who may vote). The refusal must be a
 *   localized Polish sentence, not a key.
 * - anything else is "not refused for permission": success, a form, an invalid-options message,
 *   "not found" and other data errors. Those are fine: the call passed the permission gate.
 * - `core.errors.unexpected` (a crash) always fails the test.
 * Where a rule lives in a service, PROBES give the call the ids it needs to reach that rule.
 */
const SERVICE_REFUSALS = new Set([
  'governance.errors.notMember',
  'governance.errors.suspended',
  'governance.errors.supporting',
  'governance.errors.notEligible',
  'governance.errors.noProxy',
  'governance.poll.errors.notInAudience.all',
  'governance.poll.errors.notInAudience.main',
  'governance.poll.errors.notInAudience.group',
  'governance.poll.errors.notInAudience.team',
  'governance.poll.errors.notInAudience.organisation',
  'barter.errors.notOwner',
  'barter.errors.notManageable',
  'barter.errors.notMember',
  'groups.errors.notLeader',
  'groups.errors.noOrganisation',
  'activity.errors.noOrganisation',
  'membership.errors.noOrganisation',
  'membership.errors.notYourOrganisation',
  // /appeal submit is open to anyone with a decision to appeal: the service knows who has one.
  'membership.errors.notAppellant',
  'meetings.errors.coordinatorOnly',
  'meetings.errors.notGroupLeader',
  'meetings.errors.attendanceNotAllowed',
  // A motion's task is reported on by its owner (or the coordinator): the service knows whose it is.
  'outcomes.errors.notOwner',
  'calendar.errors.notGroupLeader',
  'datePolls.errors.notInAudience',
  'datePolls.errors.notOrganiser',
  'seats.errors.notOrganiser',
  // The market: whose opportunity or purchase it is, and whether the cluster lets members post.
  'market.errors.notMember',
  'market.errors.notRunner',
  'market.errors.notOrganiser',
  'market.errors.postingCoordinatorOnly',
  // Shared equipment and spaces: whose resource or booking it is.
  'resources.errors.notMember',
  'resources.errors.notOwner',
  'resources.errors.notOwnerPost',
  'resources.errors.notOwnerEdit',
  'resources.errors.notBooker',
  // A catalogue entry is changed by its own organisation's representatives only.
  'catalogue.errors.notYourEntry',
]);

function refusedForPermission(reply: Reply): boolean {
  const id = reply.errorId ?? '';
  return id.startsWith('core.denied.') || SERVICE_REFUSALS.has(id);
}

/**
 * `operator` is the organisation that hosts the cluster: it sits in the Coordinating Team and checks
 * legal compliance, but it does not run admissions, meetings or votes (the coordinator does).
 * `admin` is a platform (server or workspace) administrator with no role in the cluster: it may
 * name the first coordinator and nothing else.
 */
const ROLES = ['stranger', 'candidate', 'main', 'supporting', 'suspended', 'leader', 'coordinator', 'operator', 'team', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** Roles acted as a platform administrator (the chat platform says so, the cluster grants nothing). */
const PLATFORM_ADMINS: readonly Role[] = ['admin'];

// Who is who, in the domain's words.
const ALL: Role[] = [...ROLES];
/** Speaks for an admitted organisation, whatever its status (appeals, withdrawal, own data). */
const REPRESENTATIVE: Role[] = ['main', 'supporting', 'suspended', 'leader'];
/** A member in good standing, main or supporting: activities, resources, working groups. */
const MEMBER: Role[] = ['main', 'supporting', 'leader'];
/** Main members in good standing vote; supporting members never do. */
const MAIN: Role[] = ['main', 'leader'];
/** Coordinator + operator + team + working-group leaders. */
const TEAM: Role[] = ['coordinator', 'operator', 'team', 'leader'];
const COORDINATOR: Role[] = ['coordinator'];
const PARTICIPANT: Role[] = [...MEMBER, 'coordinator', 'operator', 'team'];
/** The organisation's own data, or the coordinator who runs admissions and memberships. */
const OWN_ORGANISATION: Role[] = [...REPRESENTATIVE, 'coordinator'];
/** The barter post belongs to the main member's organisation; the coordinator moderates. */
const POST_OWNER: Role[] = ['main', 'coordinator'];
/** The motion's task is the main member's organisation's to do; the coordinator follows it up. */
const TASK_OWNER: Role[] = ['main', 'coordinator'];
/** The shared resource belongs to the main member's organisation; the leader's organisation booked it. */
const RESOURCE_OWNER: Role[] = ['main', 'coordinator'];
const BOOKER: Role[] = ['leader', 'coordinator'];
/** The catalogue entry is the main member's organisation's: only its representatives change it. */
const ENTRY_OWNER: Role[] = ['main'];

/** "<command> <subcommand>" (leaf: "<command>"), buttons "<command>.<action>". */
const EXPECTED: Record<string, Role[]> = {
  help: ALL,
  about: ALL,
  // What needs me: everyone has a home; someone with nothing to do hears so.
  home: ALL,
  // Setting up the cluster: the coordinator (a platform admin may name the first one).
  'setup role': [...COORDINATOR, 'admin'],
  'setup channel': COORDINATOR,
  'setup language': COORDINATOR,
  'setup timezone': COORDINATOR,
  'setup settings': TEAM,
  'setup set': COORDINATOR,
  // The seed agreements' rules (cluster models): the coordinator applies one, as any setting.
  'setup model': COORDINATOR,
  // Membership fees: the coordinator sets the rules and records payments (and gives the treasurer
  // the statement); an organisation sees its own fee, anyone taking part reads the rules.
  'setup fees': COORDINATOR,
  'fee status': OWN_ORGANISATION,
  'fee rules': PARTICIPANT,
  'fee record': COORDINATOR,
  'fee list': COORDINATOR,
  'fee export': COORDINATOR,
  // A reminder's button: the organisation's own fee, for its representatives.
  'fee.status': REPRESENTATIVE,
  'fee.record': COORDINATOR,
  'fee.export': COORDINATOR,
  'fee.rules': COORDINATOR,
  // Admission: anyone applies; the coordinator verifies, recommends, meets; the Team decides.
  apply: ALL,
  'application status': ALL,
  'applications list': TEAM,
  'applications show': TEAM,
  'applications.show': TEAM,
  'applications verify': COORDINATOR,
  'applications recommend': COORDINATOR,
  'applications meeting': COORDINATOR,
  'applications decide': TEAM,
  'applications audit': COORDINATOR,
  // The step buttons on notices and cards open the step's form, for whoever takes that step.
  'applications.verify': COORDINATOR,
  'applications.recommend': COORDINATOR,
  'applications.meeting': COORDINATOR,
  'applications.decide': TEAM,
  // Membership: members keep their data current; suspension and ending are justified decisions.
  'member profile': OWN_ORGANISATION,
  'member update': MEMBER,
  'member confirm-data': MEMBER,
  'member.confirm': MEMBER,
  'member directory': ALL,
  'member representatives': OWN_ORGANISATION,
  'member add-representative': OWN_ORGANISATION,
  'member remove-representative': OWN_ORGANISATION,
  'member suspend': COORDINATOR,
  'member end': COORDINATOR,
  'member reinstate': COORDINATOR,
  'member withdraw': REPRESENTATIVE,
  // Every suspension or ending can be appealed; the Coordinating Team decides.
  'appeal submit': REPRESENTATIVE,
  'appeal list': TEAM,
  'appeal decide': TEAM,
  'appeal.decide': TEAM,
  'partner add': COORDINATOR,
  'partner list': TEAM,
  'partner remove': COORDINATOR,
  // Everyone's own personal data; requests about others go through the coordinator.
  privacy: ALL,
  'privacy.export': ALL,
  'privacy.erase': ALL,
  'privacy.eraseConfirmed': ALL,
  'privacy.cancel': ALL,
  'privacy-request export': COORDINATOR,
  'privacy-request erase': COORDINATOR,
  'privacy-request organisation': COORDINATOR,
  'privacy-request.erase': COORDINATOR,
  // Working groups are created and dissolved by the Coordinating Team; members join them.
  'group create': TEAM,
  'group update': TEAM,
  'group dissolve': TEAM,
  'group leader': TEAM,
  'group list': PARTICIPANT,
  'group members': PARTICIPANT,
  'group.members': PARTICIPANT,
  'group join': MEMBER,
  'group leave': MEMBER,
  'group.join': MEMBER,
  'group.leave': MEMBER,
  'group meeting': TEAM,
  'group attendance': TEAM,
  'group.approve': TEAM,
  // Working groups on members' request (W-M KES model; this world follows PKES, so the service
  // refuses the request itself with the cluster's rule); the Coordinating Team decides.
  'group request': MEMBER,
  'group.approveRequest': TEAM,
  'group.declineRequest': TEAM,
  'group.decline': TEAM,
  'group.attend': TEAM,
  // The "group without a leader" notice: the Coordinating Team appoints one.
  'group.appointLeader': TEAM,
  'group.setLeader': TEAM,
  // Resource exchange is a member right; the card's owner (or the coordinator) closes it.
  'barter offer': MEMBER,
  'barter request': MEMBER,
  'barter respond': MEMBER,
  'barter.respond': MEMBER,
  'barter list': PARTICIPANT,
  'barter.page': PARTICIPANT,
  'barter mine': REPRESENTATIVE,
  'barter edit': POST_OWNER,
  'barter close': POST_OWNER,
  'barter.closeWith': POST_OWNER,
  'barter.extend': ['main'],
  // The owner's buttons on its own post (from /barter mine or the response notice).
  'barter.manage': POST_OWNER,
  'barter.done': POST_OWNER,
  'barter.withdraw': POST_OWNER,
  quickhelp: MEMBER,
  // Activities: members log them; the coordinator evaluates.
  'activity log': MEMBER,
  'activity list': REPRESENTATIVE,
  'activity status': REPRESENTATIVE,
  'activity pending': COORDINATOR,
  'activity review': COORDINATOR,
  'activity.confirm': COORDINATOR,
  // The card's chart, on the button /activity status shows.
  'activity.chart': REPRESENTATIVE,
  'activity.groups': MEMBER,
  'activity.snooze': MEMBER,
  'meeting schedule': TEAM,
  'meeting list': ALL,
  'meeting attendance': TEAM,
  'meeting minutes': TEAM,
  'meeting.respond': MEMBER,
  'meeting.upcoming': ALL,
  'meeting.attended': TEAM,
  // Who schedules a meeting changes or cancels it; anyone has their own calendar address.
  'meeting change': TEAM,
  'meeting cancel': TEAM,
  'meeting calendar': ALL,
  'meeting.revokeCalendar': ALL,
  // Date polls: the organiser proposes, ranks and schedules; the meeting's audience answers (here a group's).
  'meeting propose': TEAM,
  'meeting.ranking': TEAM,
  'meeting.fromSlot': TEAM,
  'meeting.dates': ['main', 'leader'],
  'meeting.date': ['main', 'leader'],
  // Seats and the waitlist: the organiser sees both lists.
  'meeting seats': TEAM,
  'meeting.seats': TEAM,
  'report activity': COORDINATOR,
  // The yearly evaluation and the collaboration map are the Coordinating Team's, as the General Meeting's evaluation is prepared by it.
  'report evaluation': TEAM,
  'report collaboration': TEAM,
  // The General Meeting: the coordinator runs it; one vote per main member in good standing.
  'motion create': COORDINATOR,
  'motion open': COORDINATOR,
  'motion close': COORDINATOR,
  'motion status': COORDINATOR,
  'motion list': COORDINATOR,
  // The motion card's buttons: opening and closing voting is the coordinator's.
  'motion.show': COORDINATOR,
  'motion.open': COORDINATOR,
  'motion.close': COORDINATOR,
  // A motion's follow-up tasks: the coordinator adds them; their owner (here the main member's
  // organisation) or the coordinator reports progress; everyone taking part sees what was done.
  'motion task': COORDINATOR,
  'motion.task': COORDINATOR,
  'motion progress': TASK_OWNER,
  'motion.progress': TASK_OWNER,
  'motion.report': TASK_OWNER,
  'motion outcomes': PARTICIPANT,
  'motion.outcomes': PARTICIPANT,
  // Chair mode: the coordinator chairs the General Meeting; presence, room votes and the urn are the chair's.
  'chair run': COORDINATOR,
  'chair count': COORDINATOR,
  'chair.panel': COORDINATOR,
  'chair.presence': COORDINATOR,
  'chair.present': COORDINATOR,
  'chair.item': COORDINATOR,
  'chair.open': COORDINATOR,
  'chair.room': COORDINATOR,
  'chair.roomVoted': COORDINATOR,
  'chair.roomOrg': COORDINATOR,
  'chair.roomOrgPicked': COORDINATOR,
  'chair.roomOrgVoted': COORDINATOR,
  'chair.paper': COORDINATOR,
  'chair.paperTaken': COORDINATOR,
  'chair.count': COORDINATOR,
  'chair.close': COORDINATOR,
  // Who votes is the cluster's rule (settings.votingMembers); this world follows the PKES model.
  vote: MAIN,
  'vote.open': MAIN,
  'vote.cast': MAIN,
  'vote.castMany': MAIN,
  // A proxy hands over a vote: only an organisation that votes can give one.
  'proxy give': MAIN,
  'proxy revoke': REPRESENTATIVE,
  'proxy list': REPRESENTATIVE,
  // Polls are consultations: the coordinator runs them, members in good standing answer.
  'poll create': COORDINATOR,
  'poll close': COORDINATOR,
  'poll export': COORDINATOR,
  'poll results': ALL,
  'poll list': ALL,
  'poll.answer': MEMBER,
  'poll.answerMany': MEMBER,
  'poll.results': ALL,
  // A poll's card opened from home: anyone may read it, as its post in the channel; answering is the members'.
  'poll.open': ALL,
  'poll.close': COORDINATOR,
  // The coordinator convenes the General Meeting and sends its changes (domain: "runs meetings").
  'assembly convene': COORDINATOR,
  'assembly change': COORDINATOR,
  'assembly cancel': COORDINATOR,
  'assembly.change': COORDINATOR,
  'assembly.cancel': COORDINATOR,
  // The cluster's economy: the coordinator posts market opportunities (members too, where the
  // cluster's rules say so) and runs the consortia; members declare, propose and join purchases.
  'opportunity post': COORDINATOR,
  'opportunity list': PARTICIPANT,
  'opportunity show': PARTICIPANT,
  'opportunity declare': MEMBER,
  'opportunity consortium': COORDINATOR,
  'opportunity status': COORDINATOR,
  'opportunity export': COORDINATOR,
  'opportunity.all': PARTICIPANT,
  'opportunity.show': PARTICIPANT,
  'opportunity.declare': MEMBER,
  'opportunity.consortium': COORDINATOR,
  'opportunity.members': COORDINATOR,
  'opportunity.status': COORDINATOR,
  'opportunity.export': COORDINATOR,
  'purchase propose': MEMBER,
  'purchase list': PARTICIPANT,
  'purchase show': PARTICIPANT,
  'purchase join': MEMBER,
  'purchase withdraw': MEMBER,
  // The list of participants: the organiser (the main member's purchase) and the coordinator.
  'purchase export': POST_OWNER,
  'purchase.show': PARTICIPANT,
  'purchase.join': MEMBER,
  'purchase.withdraw': MEMBER,
  'purchase.export': POST_OWNER,
  // Shared equipment and spaces: members list what they share and book; the owner decides on
  // bookings and confirms returns (the coordinator moderates); the booker cancels; only the owner
  // offers its resource on the barter board and changes it; the owner or the coordinator withdraws it.
  'resource add': MEMBER,
  'resource list': PARTICIPANT,
  'resource show': PARTICIPANT,
  'resource book': MEMBER,
  'resource history': PARTICIPANT,
  'resource mine': MEMBER,
  'resource.show': PARTICIPANT,
  'resource.history': PARTICIPANT,
  'resource.book': MEMBER,
  'resource.approve': RESOURCE_OWNER,
  'resource.decline': RESOURCE_OWNER,
  'resource.returned': RESOURCE_OWNER,
  'resource.cancel': BOOKER,
  'resource.barter': ['main'],
  'resource edit': ['main'],
  'resource.edit': ['main'],
  'resource.withdraw': RESOURCE_OWNER,
  'resource.withdrawConfirmed': RESOURCE_OWNER,
  // The catalogue: read and downloaded by anyone (clients too); each organisation keeps its own
  // entries (here the main member's); the coordinator hides one.
  'catalogue browse': ALL,
  'catalogue show': ALL,
  'catalogue export': ALL,
  'catalogue mine': MEMBER,
  'catalogue add': MEMBER,
  'catalogue edit': ENTRY_OWNER,
  'catalogue remove': ENTRY_OWNER,
  'catalogue.show': ALL,
  'catalogue.markdown': ALL,
  'catalogue.csv': ALL,
  'catalogue.mine': MEMBER,
  'catalogue.edit': ENTRY_OWNER,
  'catalogue.remove': ENTRY_OWNER,
  'catalogue.removeConfirmed': ENTRY_OWNER,
  'catalogue.hide': COORDINATOR,
  'catalogue.unhide': COORDINATOR,
};

interface Entry {
  key: string;
  command: string;
  subcommand?: string;
  action?: string;
}

const REGISTRY: Entry[] = commands.flatMap((def) => [
  ...Object.keys(def.subcommands).map((sub) => ({ key: sub ? `${def.name} ${sub}` : def.name, command: def.name, ...(sub ? { subcommand: sub } : {}) })),
  ...Object.keys(def.actions ?? {}).map((action) => ({ key: `${def.name}.${action}`, command: def.name, action })),
]);

/**
 * The matrix itself must tell the operator from the coordinator and a platform administrator from a
 * stranger: otherwise giving either the other's rights would pass unnoticed.
 */
function rowsThatTell(a: Role, b: Role): string[] {
  return Object.entries(EXPECTED).filter(([, roles]) => roles.includes(a) !== roles.includes(b)).map(([key]) => key);
}

/** Calls that change the caller's own standing run last, so they cannot skew the other rows. */
const LAST = ['resource.withdrawConfirmed', 'catalogue remove', 'catalogue.removeConfirmed', 'meeting.fromSlot', 'motion.close', 'barter close', 'barter.closeWith', 'barter.withdraw', 'proxy revoke', 'privacy.eraseConfirmed'];

/**
 * The group meeting is one of the group the leader leads (Gastronomia), already held; the task is the
 * motion's, owned by the main member's organisation; the booking is the leader's organisation's, of
 * the main member's resource, waiting for approval.
 */
interface World extends SeededRecords {
  mainOrgId: string;
  orgIdOf: Partial<Record<Role, string>>;
  orgNameOf: Partial<Record<Role, string>>;
}

const MAIN_ORG = 'Spółdzielnia Socjalna Razem';

type Probe = (w: World, role: Role) => Record<string, unknown> | string[];

/** One probe for several rows. */
function each(keys: string[], probe: Probe): Record<string, Probe> {
  return Object.fromEntries(keys.map((key) => [key, probe]));
}
/** Buttons whose one argument is the seeded record they act on. */
const pressedOn = (record: keyof SeededRecords, ...keys: string[]) => each(keys, (w) => [w[record]]);
/** Subcommands whose one option names the seeded record they act on. */
const naming = (option: string, record: keyof SeededRecords, ...keys: string[]) => each(keys, (w) => ({ [option]: w[record] }));

/** Options (commands) or args (buttons) that reach the rule a service checks. */
const PROBES: Record<string, Probe> = {
  // An organisation's own data: a representative names its own, anyone else the main member's.
  ...each(['member profile', 'member representatives', 'fee status'], (w, r) => ({ member: w.orgNameOf[r] ?? MAIN_ORG })),
  ...each(['member add-representative', 'member remove-representative'], (w, r) => ({ user: 'nowa-osoba', member: w.orgNameOf[r] ?? MAIN_ORG })),
  'fee record': (w, r) => ({ member: MAIN_ORG, amount: '10', date: '2026-03-01', reference: `P-${r}` }),
  'barter edit': (w) => ({ id: w.postId, title: 'Catering na 60 osób' }),
  'barter close': (w) => ({ id: w.postId, outcome: 'withdrawn' }),
  'barter.closeWith': (w) => [w.postId, w.orgIdOf.leader!],
  ...pressedOn('postId', 'barter.extend', 'barter.manage', 'barter.done', 'barter.withdraw'),
  ...pressedOn('motionId', 'motion.show', 'motion.open', 'motion.close', 'motion.task'),
  'motion progress': (w) => ({ task: w.taskId, status: 'done' }),
  'motion.progress': (w) => [w.taskId, 'done'],
  ...pressedOn('taskId', 'motion.report'),
  // Each organisation votes for itself; a caller with none, for the main member's.
  'vote.open': (w, r) => [w.motionId, w.orgIdOf[r] ?? w.mainOrgId],
  ...each(['vote.cast', 'vote.castMany'], (w, r) => [w.motionId, w.orgIdOf[r] ?? w.mainOrgId, 'n', '0']),
  'proxy give': () => ({ to: 'leader' }),
  ...pressedOn('pollId', 'poll.open'),
  ...each(['poll.answer', 'poll.answerMany'], (w) => [w.pollId, '0']),
  'group meeting': () => ({ group: 'Gastronomia', starts: '2026-03-20 10:00' }),
  'group attendance': () => ({ group: 'Gastronomia' }),
  'group.attend': (w) => [w.groupMeetingId, w.mainOrgId],
  'meeting schedule': () => ({ kind: 'group', group: 'Gastronomia', date: '2026-03-20', time: '10:00', place: 'Gdańsk' }),
  'meeting attendance': (w) => ({ meeting: w.groupMeetingId, members: MAIN_ORG }),
  'meeting change': (w) => ({ meeting: w.groupMeetingId, place: 'Gdynia' }),
  ...naming('meeting', 'groupMeetingId', 'meeting cancel', 'meeting seats'),
  ...pressedOn('groupMeetingId', 'meeting.seats'),
  'meeting propose': () => ({ kind: 'group', group: 'Gastronomia', place: 'Gdańsk', slots: '2026-03-20 10:00; 2026-03-21 10:00' }),
  ...pressedOn('datePollId', 'meeting.dates', 'meeting.ranking'),
  'meeting.date': (w) => [w.datePollId, '0', 'y'],
  'meeting.fromSlot': (w) => [w.datePollId, w.datePollSlotId],
  'opportunity post': () => ({ title: 'Catering na targi', place: 'Gdańsk', sectors: 'gastronomia', deadline: '2026-03-30' }),
  ...naming('id', 'opportunityId', 'opportunity show', 'opportunity export'),
  'opportunity declare': (w) => ({ id: w.opportunityId, part: 'Obiady dla 100 osób' }),
  'opportunity consortium': (w) => ({ id: w.opportunityId, leader: MAIN_ORG, budget: '1000' }),
  'opportunity status': (w) => ({ id: w.opportunityId, status: 'cancelled' }),
  ...pressedOn('opportunityId', 'opportunity.show', 'opportunity.declare', 'opportunity.consortium', 'opportunity.export'),
  'opportunity.members': (w) => [w.opportunityId, w.mainOrgId],
  'opportunity.status': (w) => [w.opportunityId, 'cancelled'],
  ...naming('id', 'purchaseId', 'purchase show', 'purchase withdraw', 'purchase export'),
  'purchase join': (w) => ({ id: w.purchaseId, quantity: 5 }),
  ...pressedOn('purchaseId', 'purchase.show', 'purchase.join', 'purchase.withdraw', 'purchase.export'),
  'resource add': () => ({ name: 'Sala szkoleniowa', kind: 'space', place: 'Gdańsk' }),
  ...naming('resource', 'resourceId', 'resource show', 'resource history'),
  'resource book': (w) => ({ resource: w.resourceId, from: '2026-03-20 10:00', to: '2026-03-20 12:00' }),
  'resource edit': (w) => ({ resource: w.resourceId, place: 'Gdynia' }),
  ...pressedOn('resourceId', 'resource.show', 'resource.history', 'resource.book', 'resource.barter', 'resource.edit', 'resource.withdraw', 'resource.withdrawConfirmed'),
  ...pressedOn('bookingId', 'resource.approve', 'resource.decline', 'resource.returned', 'resource.cancel'),
  'catalogue add': () => ({ title: 'Obiady dla firm', sector: 'gastronomia', area: 'Gdańsk', email: 'biuro@example.org' }),
  ...naming('id', 'catalogueId', 'catalogue show', 'catalogue remove'),
  'catalogue edit': (w) => ({ id: w.catalogueId, title: 'Catering na 80 osób' }),
  'catalogue export': () => ({ format: 'csv' }),
  ...pressedOn('catalogueId', 'catalogue.show', 'catalogue.edit', 'catalogue.remove', 'catalogue.removeConfirmed', 'catalogue.hide', 'catalogue.unhide'),
};

async function buildWorld(t: TestApp): Promise<World> {
  await t.given('coordinator', { roles: ['coordinator'] });
  await t.given('operator', { roles: ['operator'] });
  await t.given('team', { roles: ['team'] });
  await t.given('main', { main: MAIN_ORG });
  await t.given('supporting', { supporting: 'Gmina Kolbudy' });
  await t.given('suspended', { main: 'Stowarzyszenie Zawieszone', status: 'suspended' });
  await t.given('leader', { main: 'Fundacja Horyzont' });
  const ok = (reply: Reply) => {
    expect(reply.errorId, reply.text).toBeUndefined();
    return reply;
  };
  ok(await t.as('coordinator').command('setup', 'set', { key: 'proxiesEnabled', value: 'true' }));
  ok(await t.as('coordinator').form('setup.fees', { yearly: '100' }));
  await t.given('other-leader', { main: 'CIS Wejherowo' });
  ok(await t.as('coordinator').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne oferty cateringowe', leader: 'leader' }));
  ok(await t.as('coordinator').command('group', 'create', { name: 'Marketing', purpose: 'Wspólna promocja członków', leader: 'other-leader' }));
  ok(await t.as('main').command('group', 'join', { group: 'Gastronomia' }));
  ok(await t.as('leader').command('group', 'meeting', { group: 'Gastronomia', starts: '2026-03-10 16:20' }));
  ok(await t.as('leader').command('meeting', 'propose', { kind: 'group', group: 'Gastronomia', place: 'Sopot', slots: '2026-03-20 10:00; 2026-03-21 10:00' }));
  ok(await t.as('candidate').form('apply', applicationForm({ org_name: 'Spółdzielnia Kandydująca' })));
  await t.as('stranger').command('help');
  const { cluster } = await generalMeeting(t);
  ok(await t.as('coordinator').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' }));
  ok(await t.as('coordinator').command('poll', 'create', { question: 'Termin integracji?', choices: 'Czerwiec; Lipiec', deadline: '2026-03-12 12:00' }));
  const offered = ok(await t.as('main').command('barter', 'offer', { kind: 'service', title: 'Catering na 50 osób', place: 'Gdańsk' }));
  const postId = /\b(c[a-z0-9]{20,})\b/.exec(offered.text ?? '')?.[1];
  if (!postId) throw new Error(`no post id in ${offered.text}`);

  ok(await t.as('coordinator').command('opportunity', 'post', { title: 'Catering na konferencję', place: 'Gdańsk', sectors: 'gastronomia', deadline: '2026-03-30' }));
  ok(await t.as('main').command('purchase', 'propose', { item: 'Pojemniki na żywność', unit: 'szt.', tiers: '1: 2,50; 100: 2,00', deadline: '2026-03-30 12:00' }));
  const opportunityId = String((await t.app.db.dumpTable('MarketOpportunity'))[0]!.id);
  const purchaseId = String((await t.app.db.dumpTable('JointPurchase'))[0]!.id);
  ok(await t.as('main').command('resource', 'add', { name: 'Bus 9-osobowy', kind: 'equipment', place: 'Gdańsk', approval: true }));
  const resourceId = String((await t.app.db.dumpTable('SharedResource'))[0]!.id);
  ok(await t.as('leader').command('resource', 'book', { resource: resourceId, from: '2026-03-25 10:00', to: '2026-03-25 16:00' }));
  const bookingId = String((await t.app.db.dumpTable('ResourceBooking'))[0]!.id);
  ok(await t.as('main').command('catalogue', 'add', { title: 'Catering na 50 osób', sector: 'gastronomia', area: 'Gdańsk', email: 'biuro@razem.example.org' }));
  const catalogueId = String((await t.app.db.dumpTable('CatalogueEntry'))[0]!.id);
  const motionId = (await t.app.services.governance.motions(cluster.id)).at(-1)!.id;
  const pollId = (await t.app.services.polls.list(cluster.id)).at(-1)!.id;
  const orgIdOf: World['orgIdOf'] = {};
  const orgNameOf: World['orgNameOf'] = {};
  for (const role of ROLES) {
    const person = await t.app.services.people.ensure(cluster.id, role, role);
    const org = await t.app.services.governance.organisationOf(cluster.id, person.id);
    if (org) {
      orgIdOf[role] = org.id;
      orgNameOf[role] = org.name;
    }
  }
  ok(await t.as('coordinator').command('motion', 'task', { motion: motionId, title: 'Przygotować katalog usług', owner: `member:${orgIdOf.main}`, due: '2026-04-30' }));
  const taskId = String((await t.app.db.dumpTable('MotionTask'))[0]!.id);
  // The group's meeting has been held, so attendance can be recorded; the motion is still open.
  t.clock.set('2026-03-10T15:30:00Z');
  const groupMeetingId = String((await t.app.db.dumpTable('Meeting')).find((m) => m.kind === 'group')!.id);
  const datePollId = String((await t.app.db.dumpTable('DatePoll'))[0]!.id);
  const datePollSlotId = String((await t.app.db.dumpTable('DatePollSlot'))[0]!.id);
  return { groupMeetingId, motionId, taskId, pollId, datePollId, datePollSlotId, postId, opportunityId, purchaseId, resourceId, bookingId, catalogueId, mainOrgId: orgIdOf.main!, orgIdOf, orgNameOf };
}

function call(t: TestApp, w: World, role: Role, e: Entry): Promise<Reply> {
  const probe = PROBES[e.key]?.(w, role);
  const as = t.as(role, { admin: PLATFORM_ADMINS.includes(role) });
  if (e.action) return as.action(e.command, e.action, Array.isArray(probe) ? probe : []);
  return as.command(e.command, e.subcommand, probe && !Array.isArray(probe) ? probe : {});
}

describe('permissions matrix: every command and button × every role, as the domain says', () => {
  it('has a row for every command, subcommand and button in the registry, and no stale rows', () => {
    const registered = REGISTRY.map((e) => e.key).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(registered);
  });

  it('tells the operator from the coordinator, and a platform administrator from a stranger and from the coordinator', () => {
    expect(rowsThatTell('operator', 'coordinator')).toEqual(expect.arrayContaining(['applications verify', 'member suspend', 'motion create', 'setup set', 'privacy-request erase']));
    expect(rowsThatTell('admin', 'stranger')).toEqual(['setup role']);
    expect(rowsThatTell('admin', 'coordinator').length).toBeGreaterThan(20);
  });

  describe.each(ROLES.map((r) => [r]))('as %s', (role) => {
    let t: TestApp;
    let world: World;
    beforeAll(async () => {
      t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
      world = await buildWorld(t);
    });
    afterAll(() => t.close());

    it('is allowed exactly where the domain allows and refused in Polish elsewhere', async () => {
      const ordered = [...REGISTRY.filter((e) => !LAST.includes(e.key)), ...LAST.map((k) => REGISTRY.find((e) => e.key === k)!).filter(Boolean)];
      const wrong: string[] = [];
      for (const entry of ordered) {
        const expected = (EXPECTED[entry.key] ?? []).includes(role);
        const reply = await call(t, world, role, entry);
        const refused = refusedForPermission(reply);
        if (reply.errorId === 'core.errors.unexpected') wrong.push(`${entry.key}: crashed (${reply.text})`);
        else if (expected && refused) wrong.push(`${entry.key}: refused (${reply.errorId}) but the domain allows it`);
        else if (!expected && !refused) wrong.push(`${entry.key}: not refused (${reply.errorId ?? 'ok'}) but the domain forbids it`);
        else if (refused && !isPolishSentence(reply)) wrong.push(`${entry.key}: refusal is not a localized sentence: ${reply.text}`);
      }
      expect(wrong, `${role}:\n${wrong.join('\n')}`).toEqual([]);
    });
  });
});

/** Rules a role alone does not say: which group a leader leads, which post an organisation owns. One world serves both. */
describe('rules beyond the role', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    world = await buildWorld(t);
  });
  afterAll(() => t.close());

  describe('a working-group leader acts for its own group only', () => {
    it('is refused for a group someone else leads, on every path that schedules or records its meetings', async () => {
      const leader = t.as('leader');
      const viaGroup = await leader.command('group', 'meeting', { group: 'Marketing', starts: '2026-03-20 10:00' });
      const viaMeeting = await leader.command('meeting', 'schedule', { kind: 'group', group: 'Marketing', date: '2026-03-20', time: '10:00', place: 'Gdańsk' });
      const attendance = await leader.command('group', 'attendance', { group: 'Marketing' });
      for (const reply of [viaGroup, viaMeeting, attendance]) {
        expect(refusedForPermission(reply), `${reply.errorId}: ${reply.text}`).toBe(true);
        expect(isPolishSentence(reply), reply.text).toBe(true);
      }
      expect(viaGroup.text).toContain('Marketing');
    });

    it('may not schedule the General Meeting, which the coordinator runs', async () => {
      const reply = await t.as('leader').command('meeting', 'schedule', { kind: 'general', date: '2026-04-20', time: '17:00', place: 'Gdańsk' });
      expect(reply.errorId).toBe('meetings.errors.coordinatorOnly');
      const coordinator = await t.as('coordinator').command('meeting', 'schedule', { kind: 'general', date: '2026-04-20', time: '17:00', place: 'Gdańsk' });
      expect(coordinator.errorId, coordinator.text).toBeUndefined();
    });

    it('records attendance of its own group’s meeting', async () => {
      const reply = await t.as('leader').command('meeting', 'attendance', { meeting: world.groupMeetingId, members: MAIN_ORG });
      expect(reply.errorId, reply.text).toBeUndefined();
    });
  });

  describe('the buttons on the owner\'s "someone responded" message', () => {
    it('close and extend the post for its owner only; everyone else is refused and the post stays open', async () => {
      const responded = await t.as('leader').command('barter', 'respond', { id: world.postId, message: 'Chętnie skorzystamy w kwietniu' });
      expect(responded.errorId, responded.text).toBeUndefined();
      const notice = t.notifier.dmsTo('main').find((m) => m.fields?.some((f) => f.value === world.postId) && m.buttons?.length);
      expect(notice?.buttons?.map((b) => b.label)).toEqual(['Zamknij – wymiana doszła do skutku', 'Przedłuż']);
      const [close, extend] = notice!.buttons!;
      const press = (role: Role, button: NonNullable<Reply['buttons']>[number]) => t.as(role, { admin: PLATFORM_ADMINS.includes(role) }).action(button.action.command, button.action.action, button.action.args);
      // The coordinator moderates every post (as on the card), so only its Close is not refused; it presses last below.
      for (const role of ROLES.filter((r) => r !== 'main' && r !== 'coordinator')) {
        for (const button of [close!, extend!]) {
          const reply = await press(role, button);
          expect(refusedForPermission(reply), `${role} pressing ${button.label}: ${reply.errorId} ${reply.text}`).toBe(true);
          expect(isPolishSentence(reply), reply.text).toBe(true);
        }
      }
      expect(refusedForPermission(await press('coordinator', extend!))).toBe(true);
      expect((await t.app.db.dumpTable('BarterPost')).find((p) => p.id === world.postId)?.status).toBe('open');

      const extended = await press('main', extend!);
      expect(extended.tone, extended.text).toBe('success');
      const closed = await press('main', close!);
      expect(closed.tone, closed.text).toBe('success');
      expect(closed.text).toContain('Fundacja Horyzont');
      const post = (await t.app.db.dumpTable('BarterPost')).find((p) => p.id === world.postId);
      expect(post).toMatchObject({ status: 'done', partnerMemberId: world.orgIdOf.leader });
    });
  });
});

/**
 * A refusal in Polish (the cluster's default language, and these callers set none): a sentence
 * with Polish letters or words, not a translation key left untranslated.
 */
function isPolishSentence(reply: Reply): boolean {
  const text = reply.text ?? '';
  const polish = /[ąćęłńóśźż]/i.test(text) || /\b(jest|dla|tylko|nie|lub|albo)\b/.test(text);
  return text.length > 10 && polish && !text.includes(reply.errorId ?? '\u0000') && !/^[a-z]+(\.[a-zA-Z-]+)+$/.test(text.trim());
}
