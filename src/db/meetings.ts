import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

/** Meetings: network, Coordinating Team, working group, General Meeting. */
export class MeetingStore {
  constructor(private readonly db: Db) {}

  create(data: { clusterId: string; kind: string; groupId?: string | null; title: string; startsAt: Date; place: string; agenda: string; createdByPersonId?: string | null }) {
    return this.db.meeting.create({ data: { ...data, groupId: data.groupId ?? null, createdByPersonId: data.createdByPersonId ?? null } });
  }

  byId(id: string) {
    return this.db.meeting.findUnique({ where: { id } });
  }

  /** Meetings not cancelled, in a time window, optionally of one kind or group, soonest first. */
  list(clusterId: string, filter: { from?: Date; to?: Date; kind?: string; groupId?: string } = {}) {
    return this.db.meeting.findMany({
      where: {
        clusterId,
        cancelledAt: null,
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.groupId ? { groupId: filter.groupId } : {}),
        startsAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) },
      },
      orderBy: { startsAt: 'asc' },
    });
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
}
