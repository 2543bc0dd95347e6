import type { Client, Tx } from './client.ts';
import { isUniqueViolation } from './client.ts';
import type { GeneralMeetingStatus, MailStatus } from '../core/vocabulary.ts';
import { generalMeetingRow, mailRow, meetingRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

/** General Meetings as convened: the Meeting row (kind general) and its convocation beside it. */
export class GeneralMeetingStore {
  constructor(private readonly db: Db) {}

  async create(data: { meetingId: string; clusterId: string; convenedByPersonId: string | null; convenedAt: Date }) {
    return generalMeetingRow.one(await this.db.generalMeeting.create({ data: { ...data, status: 'convened' } }));
  }

  async byMeetingId(meetingId: string) {
    return generalMeetingRow.maybe(await this.db.generalMeeting.findUnique({ where: { meetingId } }));
  }

  /** Convened General Meetings of a cluster starting at or after `from`, soonest first; cancelled ones only if asked. */
  async upcoming(clusterId: string, from: Date, withCancelled = false) {
    const sessions = generalMeetingRow.many(await this.db.generalMeeting.findMany({ where: { clusterId, ...(withCancelled ? {} : { status: { not: 'cancelled' } }) } }));
    if (sessions.length === 0) return [];
    const meetings = meetingRow.many(
      await this.db.meeting.findMany({
        where: { id: { in: sessions.map((s) => s.meetingId) }, startsAt: { gte: from }, ...(withCancelled ? {} : { cancelledAt: null }) },
        orderBy: { startsAt: 'asc' },
      }),
    );
    const byId = new Map(sessions.map((s) => [s.meetingId, s]));
    return meetings.map((meeting) => ({ meeting, session: byId.get(meeting.id)! }));
  }

  /**
   * A new revision of the convocation: the Meeting's new time, place, link or agenda (its calendar
   * SEQUENCE raised, as MeetingStore.change does), and the session's own fields.
   */
  async change(
    meetingId: string,
    meeting: { title?: string; startsAt?: Date; place?: string; onlineLink?: string; agenda?: string },
    session: { status: GeneralMeetingStatus; changedAt: Date; cancelledAt?: Date; cancelReason?: string; sentMotionIds?: string },
    expectedRevision: number,
  ) {
    // A concurrent change of the same revision loses: each revision's notices go out once.
    const { count } = await this.db.generalMeeting.updateMany({ where: { meetingId, revision: expectedRevision }, data: { ...session, revision: expectedRevision + 1 } });
    if (count !== 1) return null;
    const updated = await this.db.meeting.update({
      where: { id: meetingId },
      data: { ...meeting, changedAt: session.changedAt, sequence: { increment: 1 }, ...(session.status === 'cancelled' ? { cancelledAt: session.cancelledAt ?? session.changedAt } : {}) },
    });
    return { meeting: meetingRow.one(updated), session: generalMeetingRow.one((await this.db.generalMeeting.findUnique({ where: { meetingId } }))!) };
  }
}

export interface NewMail {
  clusterId: string;
  key: string;
  kind: string;
  memberId: string | null;
  toAddress: string;
  subject: string;
  body: string;
  messageId: string;
  nextAttemptAt: Date;
  createdAt: Date;
}

/**
 * The mail outbox. A message is enqueued once per key, claimed before it is sent (one sender of
 * several replicas), and blanked of its address once sent or given up.
 */
export class MailOutboxStore {
  constructor(private readonly db: Db) {}

  /** False when a message with this key was enqueued before (a repeated run enqueues nothing). */
  async enqueue(mail: NewMail): Promise<boolean> {
    try {
      await this.db.mailOutbox.create({ data: { ...mail, status: 'pending' } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Messages due now, and ones claimed so long ago that their sender must have died. */
  async due(now: Date, staleBefore: Date, take = 50) {
    return mailRow.many(
      await this.db.mailOutbox.findMany({
        where: { OR: [{ status: 'pending', nextAttemptAt: { lte: now } }, { status: 'sending', claimedAt: { lt: staleBefore } }] },
        orderBy: { nextAttemptAt: 'asc' },
        take,
      }),
    );
  }

  /** Atomic: of several replicas draining at once, one claims the message. */
  async claim(id: string, status: MailStatus, claimedAt: Date | null, now: Date): Promise<boolean> {
    const { count } = await this.db.mailOutbox.updateMany({ where: { id, status, claimedAt }, data: { status: 'sending', claimedAt: now } });
    return count === 1;
  }

  async sent(id: string, at: Date) {
    await this.db.mailOutbox.update({ where: { id }, data: { status: 'sent', sentAt: at, toAddress: '', claimedAt: null, attempts: { increment: 1 } } });
  }

  async retryLater(id: string, error: string, at: Date) {
    await this.db.mailOutbox.update({ where: { id }, data: { status: 'pending', lastError: error, nextAttemptAt: at, claimedAt: null, attempts: { increment: 1 } } });
  }

  async failed(id: string, error: string) {
    await this.db.mailOutbox.update({ where: { id }, data: { status: 'failed', lastError: error, toAddress: '', claimedAt: null, attempts: { increment: 1 } } });
  }

  async byKeyPrefix(clusterId: string, prefix: string) {
    return mailRow.many(await this.db.mailOutbox.findMany({ where: { clusterId, key: { startsWith: prefix } }, orderBy: { createdAt: 'asc' } }));
  }
}
