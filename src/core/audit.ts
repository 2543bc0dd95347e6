import type { Translate, TranslationKey } from './i18n.ts';

/**
 * Every kind of audit-log entry the bot writes. The log is read by coordinators in their language
 * (`/applications audit`), so each action has a description in every language
 * (`membership.audit.actions.<action>`); the i18n test fails for an action without one.
 */
export const AUDIT_ACTIONS = [
  'activity.logged',
  'activity.confirmed',
  'activity.rejected',
  'application.submitted',
  'application.verified',
  'application.recommended',
  'application.meetingScheduled',
  'application.decided',
  'member.accepted',
  'member.updated',
  'member.dataConfirmed',
  'member.suspended',
  'member.ended',
  'member.reinstated',
  'member.withdrawn',
  'representative.added',
  'representative.removed',
  'appeal.submitted',
  'appeal.decided',
  'partner.added',
  'partner.removed',
  'role.granted',
  'role.revoked',
  'group.created',
  'group.updated',
  'group.leaderChanged',
  'group.dissolved',
  'group.requested',
  'group.requestApproved',
  'group.requestDeclined',
  'group.joinRequested',
  'group.joinApproved',
  'group.joinDeclined',
  'group.joined',
  'group.left',
  'meeting.scheduled',
  'meeting.attendance',
  'meeting.seatReleased',
  'datePoll.created',
  'datePoll.scheduled',
  'barter.offer',
  'barter.request',
  'barter.quickhelp',
  'barter.edited',
  'barter.extended',
  'barter.closed.done',
  'barter.closed.withdrawn',
  'barter.closed.expired',
  'motion.created',
  'motion.opened',
  'motion.closed',
  'motion.closedEarly',
  /** A first term without quorum: the motion goes to its second term. */
  'motion.secondTerm',
  /** Chair mode: presence marked, votes recorded in the room, a secret ballot's paper count. */
  'chair.presence',
  'chair.roomVotes',
  'chair.paperCount',
  /** Pending secret ballots dropped with a stopped process (count only). */
  'motion.ballotsLost',
  /** A passed motion's follow-up task: added, reported under way, reported done. */
  'motion.taskAdded',
  'motion.taskStarted',
  'motion.taskDone',
  'assembly.convened',
  'assembly.changed',
  'assembly.cancelled',
  'proxy.given',
  'proxy.revoked',
  'calendar.meetingChanged',
  'calendar.meetingCancelled',
  'calendar.subscribed',
  'calendar.revoked',
  'poll.created',
  'poll.closed',
  'privacy.exported',
  'privacy.organisationExported',
  'privacy.erased',
  'privacy.retention',
  'market.opportunityPosted',
  'market.declared',
  'market.consortiumFormed',
  'market.consortiumStatus',
  'market.purchaseProposed',
  'market.purchaseClosed',
  'resource.added',
  'resource.booked',
  'resource.bookingDecided',
  'resource.bookingCancelled',
  'resource.returned',
  'resource.posted',
  'resource.edited',
  'resource.withdrawn',
  'catalogue.added',
  'catalogue.edited',
  'catalogue.removed',
  'catalogue.hidden',
  'catalogue.shown',
  /** A fee payment recorded from the bank statement; the fee rules set (`/setup fees`). */
  'fee.paymentRecorded',
  'fee.rulesChanged',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function auditActionKey(action: string): TranslationKey {
  return `membership.audit.actions.${action}` as TranslationKey;
}

/**
 * What an entry records, in the reader's language. An action the list does not know (an entry
 * written by an older version) is described as such, never shown as its internal id.
 */
export function describeAuditAction(action: string, t: Translate): string {
  const key = auditActionKey(action);
  const text = t(key);
  return text === key ? t('membership.audit.unknownAction') : text;
}
