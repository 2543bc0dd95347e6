import {
  ACTIVITY_KINDS,
  ACTIVITY_SOURCES,
  ACTIVITY_STATUSES,
  APPEALABLE,
  APPEAL_STATUSES,
  APPLICATION_STATUSES,
  BALLOT_KINDS,
  BARTER_KINDS,
  BOOKING_STATUSES,
  CATEGORIES,
  DATE_POLL_ANSWERS,
  DATE_POLL_STATUSES,
  DECISIONS,
  EXCHANGES,
  GENERAL_MEETING_STATUSES,
  GRANTED_ROLES,
  GROUP_MEMBERSHIP_STATUSES,
  GROUP_STATUSES,
  MAIL_STATUSES,
  MAJORITIES,
  MEETING_KINDS,
  MEMBER_STATUSES,
  MEMBER_STATUS_REASONS,
  MOTION_STATUSES,
  PARTNER_KINDS,
  PLATFORMS,
  POLL_AUDIENCES,
  POLL_STATUSES,
  POST_STATUSES,
  POST_TYPES,
  PRESENCE_MODES,
  RECOMMENDATIONS,
  RESOURCE_KINDS,
  RESOURCE_STATUSES,
  STAGES,
  TASK_OWNER_KINDS,
  TASK_STATUSES,
} from '../core/vocabulary.ts';

/*
 * The database keeps the domain's vocabularies in plain string columns (SQLite has no enums, and
 * both providers share one model). Each store passes the rows it reads through the model's reader
 * below, once: every vocabulary column is checked against its list, and the row comes out typed
 * with the union, so no code above the stores casts a status, a kind or a category.
 */

type Vocabulary = Readonly<Record<string, readonly string[]>>;

/** A row with each vocabulary column typed as its union (null stays null; absent stays absent). */
export type Narrowed<R, V extends Vocabulary> = {
  [K in keyof R]: K extends keyof V ? (null extends R[K] ? V[K][number] | null : V[K][number]) : R[K];
};

/** A value in the database that the code does not know: refused loudly, never passed on as a string. */
export class UnknownValueError extends Error {
  constructor(model: string, field: string, value: unknown, allowed: readonly string[]) {
    super(`${model}.${field} holds ${JSON.stringify(value)}, which is not one of ${allowed.join(', ')}: the database has a value this version of the bot does not know`);
    this.name = 'UnknownValueError';
  }
}

/** What a reader makes of a row type: `Checked<typeof memberRow, MemberModel>`. */
export type Checked<Rd extends { readonly vocabulary: Vocabulary }, R> = Narrowed<R, Rd['vocabulary']>;

export interface RowReader<V extends Vocabulary> {
  readonly vocabulary: V;
  one<R extends object>(row: R): Narrowed<R, V>;
  maybe<R extends object>(row: R | null | undefined): Narrowed<R, V> | null;
  many<R extends object>(rows: R[]): Narrowed<R, V>[];
}

export function reader<const V extends Vocabulary>(model: string, vocabulary: V): RowReader<V> {
  const fields = Object.entries(vocabulary);
  const one = <R extends object>(row: R): Narrowed<R, V> => {
    for (const [field, allowed] of fields) {
      const value = (row as Record<string, unknown>)[field];
      // Not selected by this query, or an empty optional column.
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || !allowed.includes(value)) throw new UnknownValueError(model, field, value, allowed);
    }
    // Every vocabulary column was checked above; the other columns are untouched.
    return row as Narrowed<R, V>;
  };
  return {
    vocabulary,
    one,
    maybe: (row) => (row ? one(row) : null),
    many: (rows) => {
      for (const row of rows) one(row);
      return rows as Narrowed<(typeof rows)[number], V>[];
    },
  };
}

export const clusterRow = reader('Cluster', { platform: PLATFORMS });
// Legal forms are not checked: organisations carried over from before the list keep theirs, shown as "other".
export const memberRow = reader('Member', { category: CATEGORIES, status: MEMBER_STATUSES, statusReason: MEMBER_STATUS_REASONS });
export const applicationRow = reader('Application', {
  category: CATEGORIES,
  stage: STAGES,
  status: APPLICATION_STATUSES,
  recommendation: RECOMMENDATIONS,
  decision: DECISIONS,
});
export const partnerRow = reader('StrategicPartner', { kind: PARTNER_KINDS });
export const roleRow = reader('PersonRole', { role: GRANTED_ROLES });
/** The actor query's joined row (PeopleStore.actor): a role and the represented organisation. */
export const actorRow = reader('Actor (PersonRole, Member)', { role: GRANTED_ROLES, memberCategory: CATEGORIES, memberStatus: MEMBER_STATUSES });
export const appealRow = reader('Appeal', { against: APPEALABLE, status: APPEAL_STATUSES });
export const activityRow = reader('Activity', { kind: ACTIVITY_KINDS, status: ACTIVITY_STATUSES, source: ACTIVITY_SOURCES });
export const meetingRow = reader('Meeting', { kind: MEETING_KINDS });
export const datePollRow = reader('DatePoll', { kind: MEETING_KINDS, status: DATE_POLL_STATUSES });
export const datePollAnswerRow = reader('DatePollAnswer', { answer: DATE_POLL_ANSWERS });
export const generalMeetingRow = reader('GeneralMeeting', { status: GENERAL_MEETING_STATUSES });
export const mailRow = reader('MailOutbox', { status: MAIL_STATUSES });
export const groupRow = reader('WorkingGroup', { status: GROUP_STATUSES });
export const groupMembershipRow = reader('GroupMembership', { status: GROUP_MEMBERSHIP_STATUSES });
export const barterPostRow = reader('BarterPost', { type: POST_TYPES, kind: BARTER_KINDS, exchange: EXCHANGES, status: POST_STATUSES });
export const motionRow = reader('Motion', { ballotKind: BALLOT_KINDS, majority: MAJORITIES, status: MOTION_STATUSES });
export const presenceRow = reader('AssemblyPresence', { mode: PRESENCE_MODES });
export const pollRow = reader('Poll', { status: POLL_STATUSES, audience: POLL_AUDIENCES });
export const motionTaskRow = reader('MotionTask', { status: TASK_STATUSES, ownerKind: TASK_OWNER_KINDS });
export const sharedResourceRow = reader('SharedResource', { kind: RESOURCE_KINDS, status: RESOURCE_STATUSES });
export const resourceBookingRow = reader('ResourceBooking', { status: BOOKING_STATUSES });
