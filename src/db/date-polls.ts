import type { Client, Tx } from './client.ts';
import type { DatePollAnswer, MeetingKind } from '../core/vocabulary.ts';
import { datePollAnswerRow, datePollRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

/** Date polls ("when can you?"): the proposed slots and each person's answer on each. */
export class DatePollStore {
  constructor(private readonly db: Db) {}

  async create(data: { clusterId: string; kind: MeetingKind; groupId: string | null; title: string; place: string; createdByPersonId: string; createdAt: Date; slots: Date[] }) {
    const { slots, ...poll } = data;
    const created = datePollRow.one(await this.db.datePoll.create({ data: poll }));
    await this.db.datePollSlot.createMany({ data: slots.map((startsAt, position) => ({ pollId: created.id, startsAt, position })) });
    return created;
  }

  async byId(id: string) {
    return datePollRow.maybe(await this.db.datePoll.findUnique({ where: { id } }));
  }

  slots(pollId: string) {
    return this.db.datePollSlot.findMany({ where: { pollId }, orderBy: { position: 'asc' } });
  }

  async answers(pollId: string) {
    return datePollAnswerRow.many(await this.db.datePollAnswer.findMany({ where: { pollId } }));
  }

  /** Of these polls, those where the person marked at least one slot: one query. */
  async answeredBy(pollIds: string[], personId: string): Promise<Set<string>> {
    if (pollIds.length === 0) return new Set();
    const rows = await this.db.datePollAnswer.findMany({ where: { pollId: { in: pollIds }, personId }, select: { pollId: true }, distinct: ['pollId'] });
    return new Set(rows.map((r) => r.pollId));
  }

  async answer(pollId: string, slotId: string, personId: string, answer: DatePollAnswer): Promise<void> {
    await this.db.datePollAnswer.upsert({ where: { slotId_personId: { slotId, personId } }, create: { pollId, slotId, personId, answer }, update: { answer } });
  }

  /** Open → scheduled, once: of two presses (or replicas) only one schedules the meeting. */
  async claimForScheduling(id: string, now: Date): Promise<boolean> {
    const { count } = await this.db.datePoll.updateMany({ where: { id, status: 'open' }, data: { status: 'scheduled', closedAt: now } });
    return count === 1;
  }

  /** The meeting could not be scheduled after all (the slot passed meanwhile): the poll stays open. */
  async reopen(id: string): Promise<void> {
    await this.db.datePoll.updateMany({ where: { id, status: 'scheduled', meetingId: null }, data: { status: 'open', closedAt: null } });
  }

  async setMeeting(id: string, meetingId: string): Promise<void> {
    await this.db.datePoll.update({ where: { id }, data: { meetingId } });
  }

  async open(clusterId?: string) {
    return datePollRow.many(await this.db.datePoll.findMany({ where: { status: 'open', ...(clusterId ? { clusterId } : {}) }, orderBy: { createdAt: 'asc' } }));
  }

  /** Of these polls, those with a proposed slot still ahead of `now`: one query. */
  async withSlotAfter(pollIds: string[], now: Date): Promise<Set<string>> {
    if (!pollIds.length) return new Set();
    const rows = await this.db.datePollSlot.findMany({ where: { pollId: { in: pollIds }, startsAt: { gt: now } }, select: { pollId: true }, distinct: ['pollId'] });
    return new Set(rows.map((r) => r.pollId));
  }

  /** Polls that scheduled their meeting since `since`: the schedule makes sure everyone was told. */
  async scheduledSince(since: Date) {
    return datePollRow.many(await this.db.datePoll.findMany({ where: { status: 'scheduled', meetingId: { not: null }, closedAt: { gte: since } } }));
  }
}
