import type { Database } from '../db/index.ts';
import type { ActivityService } from './activity.ts';
import type { ClusterContext } from '../core/actor.ts';

export type MeetingKind = 'network' | 'team' | 'group' | 'general';

/** Meetings of the cluster's rhythm; attendance counts as an activity of the organisation. */
export class MeetingService {
  constructor(
    private readonly db: Database,
    private readonly activity: ActivityService,
  ) {}

  schedule(cluster: ClusterContext, data: { kind: MeetingKind; groupId?: string | null; title: string; startsAt: Date; place?: string; agenda?: string; byPersonId?: string | null }) {
    return this.db.transaction(async (tx) => {
      const meeting = await tx.meetings.create({
        clusterId: cluster.id,
        kind: data.kind,
        groupId: data.groupId ?? null,
        title: data.title,
        startsAt: data.startsAt,
        place: data.place ?? '',
        agenda: data.agenda ?? '',
        createdByPersonId: data.byPersonId ?? null,
      });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: data.byPersonId ?? null, action: 'meeting.scheduled', subjectType: 'meeting', subjectId: meeting.id, details: { kind: data.kind } });
      return meeting;
    });
  }

  get(id: string) {
    return this.db.meetings.byId(id);
  }

  list(clusterId: string, filter: { from?: Date; to?: Date; kind?: MeetingKind; groupId?: string } = {}) {
    return this.db.meetings.list(clusterId, filter);
  }

  /** Marks organisations present; each gets the meeting as an activity once (if the cluster counts it). */
  async recordAttendance(cluster: ClusterContext, meetingId: string, memberIds: string[], byPersonId: string | null): Promise<number> {
    const meeting = await this.db.meetings.byId(meetingId);
    if (!meeting || meeting.clusterId !== cluster.id) return 0;
    let recorded = 0;
    for (const memberId of memberIds) {
      await this.db.meetings.addAttendance(meetingId, memberId);
      const added = await this.activity.recordAutomatic(cluster.settings, {
        clusterId: cluster.id,
        memberId,
        source: meeting.kind === 'group' ? 'group-meeting' : 'meeting',
        sourceKey: meeting.id,
        date: meeting.startsAt,
        title: meeting.title,
        personId: byPersonId,
      });
      if (added) recorded++;
    }
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'meeting.attendance', subjectType: 'meeting', subjectId: meetingId, details: { count: memberIds.length } });
    return recorded;
  }
}
