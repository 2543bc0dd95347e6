/*
 * The domain's closed vocabularies, each defined once: the values stored in the database's string
 * columns and offered as command choices. The stores narrow every row they read to these unions
 * (src/db/vocabulary-rows.ts), so nothing above them needs a cast. Imports nothing: the core, the
 * services, the stores and the commands all read it.
 */

/** The chat platforms a cluster lives on (Cluster.platform). */
export const PLATFORMS = ['discord', 'slack', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A member organisation's status (Member.status). */
export const MEMBER_STATUSES = ['active', 'conditional', 'suspended', 'ended', 'withdrawn'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Statuses in which an organisation exercises its rights: a member in good standing. */
export const GOOD_STANDING = ['active', 'conditional'] as const satisfies readonly MemberStatus[];
export type GoodStanding = (typeof GOOD_STANDING)[number];

export function isInGoodStanding(status: string): status is GoodStanding {
  return (GOOD_STANDING as readonly string[]).includes(status);
}

/** Statuses after which an organisation is no longer a member. */
export const ENDED_STATUSES = ['ended', 'withdrawn'] as const satisfies readonly MemberStatus[];

/** Main members are social-economy entities with a vote; supporting members support. */
export const CATEGORIES = ['main', 'supporting'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Legal forms offered on the application; the last two are the model's excluded kinds. */
export const LEGAL_FORMS = [
  'social-cooperative',
  'foundation',
  'association',
  'cis',
  'zaz',
  'wtz',
  'owes',
  'company',
  'local-government',
  'university',
  'other-entity',
  'political-party',
  'religious-association',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** The model's four grounds for suspending or ending a membership. */
export const STATUS_REASONS = ['values', 'detriment', 'duties', 'pesStatus'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];
/** What Member.statusReason holds: one of the grounds, or the organisation's own withdrawal. */
export const MEMBER_STATUS_REASONS = [...STATUS_REASONS, 'withdrawal'] as const;
export type MemberStatusReason = (typeof MEMBER_STATUS_REASONS)[number];

/** The order of an application's four stages (verification and recommendation are both stage 2). */
export const STAGES = ['submitted', 'verified', 'recommended', 'meeting', 'decided'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Stage 2 of the model: the five things the coordinator checks, and the recommendation it then
 * gives the Coordinating Team (admit, admit on conditions, or refuse).
 */
export const CRITERIA = ['status', 'values', 'readiness', 'synergy', 'completeness'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const RECOMMENDATIONS = ['accept', 'conditional', 'refuse'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/** Stage 4: the Coordinating Team's decision on an application. */
export const DECISIONS = ['accepted', 'conditional', 'refused'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Open until decided; then the decision. */
export const APPLICATION_STATUSES = ['open', ...DECISIONS] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * The decisions an organisation may appeal against (Appeal.against): its suspension or end, and a
 * refused admission where the cluster's rules allow it (`admissionRefusalAppealable`).
 */
export const APPEALABLE = ['suspended', 'ended', 'refused'] as const satisfies readonly (MemberStatus | Decision)[];
export type Appealable = (typeof APPEALABLE)[number];

/** The Coordinating Team's answer to an appeal: upheld (the decision is reversed) or dismissed. */
export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** Open until answered; then the answer. */
export const APPEAL_STATUSES = ['open', ...APPEAL_OUTCOMES] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** What a strategic partner is (StrategicPartner.kind): a contact, never a member. */
export const PARTNER_KINDS = ['csr-company', 'expert-body', 'cluster', 'network', 'research', 'other-partner'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Roles the cluster grants; group leadership and representation are derived from their own tables. */
export const GRANTED_ROLES = ['coordinator', 'operator', 'team'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];

/** What members do, as the model lists it (projects, working groups, consortia, events, network initiatives). */
export const ACTIVITY_KINDS = ['project', 'working-group', 'consortium', 'event', 'network-initiative', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** A logged activity stands until the coordinator confirms or rejects it. */
export const ACTIVITY_STATUSES = ['logged', 'confirmed', 'rejected'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Activity statuses that count towards the yearly duty (a rejected one does not). */
export const COUNTING_STATUSES = ['logged', 'confirmed'] as const satisfies readonly ActivityStatus[];

/** The activities the bot records itself, which a cluster may choose to count (setting `autoActivities`). */
export const AUTO_ACTIVITY_SOURCES = ['meeting', 'group-meeting', 'group-join', 'barter', 'vote', 'consortium'] as const;
export const ACTIVITY_SOURCES = ['manual', ...AUTO_ACTIVITY_SOURCES] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/**
 * A meeting's kind: the network's meetings open to every member, the Coordinating Team's, a working
 * group's, and the General Meeting, where motions are voted.
 */
export const MEETING_KINDS = ['network', 'team', 'group', 'general'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Where a General Meeting's convocation stands: convened, changed since (notice sent again), cancelled. */
export const GENERAL_MEETING_STATUSES = ['convened', 'changed', 'cancelled'] as const;
export type GeneralMeetingStatus = (typeof GENERAL_MEETING_STATUSES)[number];

/** An e-mail in the outbox: waiting, being sent (claimed), sent, or given up after the last retry. */
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** A working group is active until the Coordinating Team dissolves it. */
export const GROUP_STATUSES = ['active', 'dissolved'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** An organisation's place in a group: asked to join, in, turned down by the leader, or gone. */
export const GROUP_MEMBERSHIP_STATUSES = ['pending', 'active', 'declined', 'left'] as const;
export type GroupMembershipStatus = (typeof GROUP_MEMBERSHIP_STATUSES)[number];

/** An organisation in a group or asking to join it. */
export const IN_OR_ASKED = ['active', 'pending'] as const satisfies readonly GroupMembershipStatus[];

/** What a barter post offers or asks for. */
export const BARTER_KINDS = ['service', 'equipment', 'space', 'transport', 'know-how', 'training', 'product', 'other'] as const;
export type BarterKind = (typeof BARTER_KINDS)[number];

/** What is given in return: a service, a resource, nothing, or whatever the two agree. */
export const EXCHANGES = ['service', 'resource', 'free', 'open'] as const;
export type Exchange = (typeof EXCHANGES)[number];

/** Barter posts: an offer, a request, or an urgent request for quick help. */
export const POST_TYPES = ['offer', 'request', 'quickhelp'] as const;
export type PostType = (typeof POST_TYPES)[number];

/** How a post ends: done (exchanged), withdrawn by its owner, or expired at its date. */
export const CLOSE_OUTCOMES = ['done', 'withdrawn', 'expired'] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

/** Open until it ends; then how it ended. */
export const POST_STATUSES = ['open', ...CLOSE_OUTCOMES] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** A motion's ballot: for, against or abstain; one option; or several options. */
export const BALLOT_KINDS = ['yesno', 'single', 'multiple'] as const;
export type BallotKind = (typeof BALLOT_KINDS)[number];

/**
 * What carries a motion (rules.ts): more for than against (simple), more than half of the ballots
 * (absolute), or at least two thirds of them.
 */
export const MAJORITIES = ['simple', 'absolute', 'twoThirds'] as const;
export type Majority = (typeof MAJORITIES)[number];

/** Who votes: main members, every member, or every member weighted by category (settings.votingMembers). */
export const VOTER_RULES = ['main', 'all', 'weighted'] as const;
export type VoterRule = (typeof VOTER_RULES)[number];

/** The deciding assembly's name: the General Meeting (PKES) or the Cluster Council (W-M KES). */
export const ASSEMBLY_NAMES = ['generalMeeting', 'clusterCouncil'] as const;
export type AssemblyName = (typeof ASSEMBLY_NAMES)[number];

/** Who creates working groups: the Coordinating Team, or also members on request (W-M KES §3 ust. 3). */
export const GROUP_CREATION_RULES = ['team', 'members'] as const;
export type GroupCreationRule = (typeof GROUP_CREATION_RULES)[number];

/** The seed agreements whose rules `/setup model` applies. */
export const CLUSTER_MODELS = ['pkes', 'wm-kes', 'kpes'] as const;
export type ClusterModel = (typeof CLUSTER_MODELS)[number];

/** How an organisation is at a General Meeting, as the chair records it. */
export const PRESENCE_MODES = ['room', 'online'] as const;
export type PresenceMode = (typeof PRESENCE_MODES)[number];

/** draft, open, closing (a secret ballot's pending ballots being counted), closed. */
export const MOTION_STATUSES = ['draft', 'open', 'closing', 'closed'] as const;
export type MotionStatus = (typeof MOTION_STATUSES)[number];

/**
 * A motion's follow-up task (MotionTask.status): proposed with the motion, to do once it passed,
 * in progress, done; dropped when the motion did not pass.
 */
export const TASK_STATUSES = ['proposed', 'todo', 'inProgress', 'done', 'dropped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** What the owner may report: work started, or finished. */
export const TASK_PROGRESS = ['inProgress', 'done'] as const satisfies readonly TaskStatus[];
export type TaskProgress = (typeof TASK_PROGRESS)[number];
/** Tasks that still count: reminded, overdue, in the coordinator's digest. */
export const TASK_ACTIVE = ['todo', 'inProgress'] as const satisfies readonly TaskStatus[];
/** Who a task is for (MotionTask.ownerKind): an organisation, a person or a working group. */
export const TASK_OWNER_KINDS = ['member', 'person', 'group'] as const;
export type TaskOwnerKind = (typeof TASK_OWNER_KINDS)[number];

/** A coordinator's poll takes answers until its deadline or until it is closed. */
export const POLL_STATUSES = ['open', 'closed'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/** Who may answer a poll: every member, main members, a working group, or the Coordinating Team. */
export const POLL_AUDIENCES = ['all', 'main', 'group', 'team'] as const;
export type PollAudience = (typeof POLL_AUDIENCES)[number];

/** A date poll ("when can you?") is open until the organiser schedules the meeting from a slot. */
export const DATE_POLL_STATUSES = ['open', 'scheduled'] as const;
export type DatePollStatus = (typeof DATE_POLL_STATUSES)[number];

/** Each person's answer on each slot: yes, if need be, no. */
export const DATE_POLL_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type DatePollAnswer = (typeof DATE_POLL_ANSWERS)[number];
/** A market opportunity, then the consortium formed for it (the model's service area I). */
export const OPPORTUNITY_STATUSES = ['open', 'forming', 'offer-sent', 'won', 'lost', 'delivered', 'cancelled'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
/** Where a consortium may go from each status: the coordinator's buttons. */
export const CONSORTIUM_NEXT: Readonly<Record<OpportunityStatus, readonly OpportunityStatus[]>> = {
  open: [],
  forming: ['offer-sent', 'cancelled'],
  'offer-sent': ['won', 'lost'],
  won: ['delivered'],
  lost: [],
  delivered: [],
  cancelled: [],
};
export const CONSORTIUM_ROLES = ['leader', 'member'] as const;
export type ConsortiumRole = (typeof CONSORTIUM_ROLES)[number];
/** Who may post market opportunities (setting `opportunityPosting`). */
export const OPPORTUNITY_POSTERS = ['coordinator', 'members'] as const;

export const PURCHASE_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/** What an organisation shares for booking: equipment (a van, a sewing machine) or a space (a hall, a kitchen). */
export const RESOURCE_KINDS = ['equipment', 'space'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A shared resource is bookable until its owner withdraws it. */
export const RESOURCE_STATUSES = ['active', 'withdrawn'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/**
 * A booking: waiting for the owner's approval, confirmed, declined by the owner, cancelled by the
 * booker, or returned (the owner confirmed it came back). Pending and confirmed ones hold the period.
 */
export const BOOKING_STATUSES = ['pending', 'confirmed', 'declined', 'cancelled', 'returned'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const HOLDING_BOOKINGS = ['pending', 'confirmed'] as const satisfies readonly BookingStatus[];

/** Whether `value` is one of `values`, narrowing it: for values that arrive as plain strings. */
export function isOneOf<const T extends readonly string[]>(values: T, value: string | null | undefined): value is T[number] {
  return value != null && (values as readonly string[]).includes(value);
}
