import { lookup, type Lookup } from './batch.ts';
import type { Client, Tx } from './client.ts';
import type { MeetingKind } from '../core/vocabulary.ts';
import { groupRow, meetingRow, memberRow, type Checked } from './vocabulary-rows.ts';
import type { MeetingModel } from './generated/sqlite/models.ts';

type Db = Client | Tx;

/** Meetings: network, Coordinating Team, working group, General Meeting. */
export class MeetingStore {
  private readonly byIdLookup: Lookup<string, Checked<typeof meetingRow, MeetingModel>>;

  constructor(
    private readonly db: Db,
    batched = false,
  ) {
    this.byIdLookup = lookup(batched, async (ids) => meetingRow.many(await this.db.meeting.findMany({ where: { id: { in: ids } } })), (id) => id, (row) => row.id);
  }

  async create(data: { clusterId: string; kind: MeetingKind; groupId?: string | null; title: string; startsAt: Date; place: string; agenda: string; onlineLink?: string; createdByPersonId?: string | null; capacity?: number | null }) {
    return meetingRow.one(await this.db.meeting.create({ data: { ...data, groupId: data.groupId ?? null, createdByPersonId: data.createdByPersonId ?? null } }));
  }

  /**
   * A change of time, place or link, or a cancellation: the iCalendar SEQUENCE goes up by one in
   * the same statement, so two changes at once never share a number.
   */
  async change(id: string, data: { startsAt?: Date; place?: string; onlineLink?: string; cancelledAt?: Date }, at: Date) {
    // Only a meeting not cancelled in the meantime: a change racing the cancellation finds nothing.
    const { count } = await this.db.meeting.updateMany({ where: { id, cancelledAt: null }, data: { ...data, changedAt: at, sequence: { increment: 1 } } });
    return count ? meetingRow.one(await this.db.meeting.findUniqueOrThrow({ where: { id } })) : null;
  }

  async setPlatformEventId(id: string, platformEventId: string | null): Promise<void> {
    await this.db.meeting.update({ where: { id }, data: { platformEventId } });
  }

  /** A calendar's meetings: from `from` on, cancelled ones too (a subscribed calendar must learn of them). */
  async forCalendar(clusterId: string, from: Date, take = 500) {
    return meetingRow.many(await this.db.meeting.findMany({ where: { clusterId, startsAt: { gte: from } }, orderBy: { startsAt: 'asc' }, take }));
  }

  async byId(id: string) {
    return (await this.byIdLookup.one(id)) ?? null;
  }

  /** Meetings not cancelled, in a time window, optionally of one kind or group, soonest first. */
  async list(clusterId: string, filter: { from?: Date; to?: Date; kind?: MeetingKind; groupId?: string; groupIds?: string[]; take?: number } = {}) {
    return meetingRow.many(
      await this.db.meeting.findMany({
        where: {
          clusterId,
          cancelledAt: null,
          ...(filter.kind ? { kind: filter.kind } : {}),
          ...(filter.groupId ? { groupId: filter.groupId } : {}),
          startsAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) },
        },
        orderBy: { startsAt: 'asc' },
        ...(filter.take ? { take: filter.take } : {}),
      }),
    );
  }

  /** Whether a meeting of this kind (not cancelled) starts in [from, to). */
  async exists(clusterId: string, kind: MeetingKind, from: Date, to: Date): Promise<boolean> {
    const found = await this.db.meeting.findFirst({ where: { clusterId, kind, cancelledAt: null, startsAt: { gte: from, lt: to } }, select: { id: true } });
    return Boolean(found);
  }

  async addAttendance(meetingId: string, memberId: string): Promise<void> {
    await this.db.attendance.upsert({ where: { meetingId_memberId: { meetingId, memberId } }, create: { meetingId, memberId }, update: {} });
  }

  attendance(meetingId: string) {
    return this.db.attendance.findMany({ where: { meetingId } });
  }

  respond(meetingId: string, memberId: string, personId: string, answer: 'yes' | 'no') {
    return this.db.meetingResponse.upsert({
      where: { meetingId_memberId: { meetingId, memberId } },
      create: { meetingId, memberId, personId, answer },
      update: { answer, personId },
    });
  }

  responses(meetingId: string) {
    return this.db.meetingResponse.findMany({ where: { meetingId } });
  }

  /** Of these meetings, those the organisation has answered (yes or no): one query. */
  async answeredBy(meetingIds: string[], memberId: string): Promise<Set<string>> {
    if (meetingIds.length === 0) return new Set();
    const rows = await this.db.meetingResponse.findMany({ where: { meetingId: { in: meetingIds }, memberId }, select: { meetingId: true } });
    return new Set(rows.map((r) => r.meetingId));
  }

  /** A working group by id or (case as typed) name; the groups area owns writes to it. */
  async group(clusterId: string, idOrName: string) {
    return (
      groupRow.maybe(await this.db.workingGroup.findFirst({ where: { clusterId, id: idOrName } })) ??
      groupRow.maybe(await this.db.workingGroup.findFirst({ where: { clusterId, name: idOrName } }))
    );
  }

  async groupsByIds(ids: string[]) {
    return groupRow.many(await this.db.workingGroup.findMany({ where: { id: { in: ids } } }));
  }

  /** Organisations actively in a group: the audience of its meetings. */
  async groupMemberIds(groupId: string): Promise<string[]> {
    const rows = await this.db.groupMembership.findMany({ where: { groupId, status: 'active' }, select: { memberId: true } });
    return rows.map((r) => r.memberId);
  }

  /** Leaders of active groups: they sit in the Coordinating Team. */
  async groupLeaderIds(clusterId: string): Promise<string[]> {
    const rows = await this.db.workingGroup.findMany({ where: { clusterId, status: 'active', leaderPersonId: { not: null } }, select: { leaderPersonId: true } });
    return rows.map((r) => r.leaderPersonId as string);
  }

  /** Representatives (people not erased) of the given organisations. */
  async representativesOf(memberIds: string[]) {
    if (memberIds.length === 0) return [];
    const reps = await this.db.representative.findMany({ where: { memberId: { in: memberIds } }, orderBy: { createdAt: 'asc' } });
    const people = await this.db.person.findMany({ where: { id: { in: reps.map((r) => r.personId) }, erasedAt: null } });
    const byId = new Map(people.map((p) => [p.id, p]));
    return reps.flatMap((r) => {
      const person = byId.get(r.personId);
      return person ? [{ memberId: r.memberId, person }] : [];
    });
  }

  async membersByIds(ids: string[]) {
    return memberRow.many(await this.db.member.findMany({ where: { id: { in: ids } }, orderBy: { name: 'asc' } }));
  }
}
