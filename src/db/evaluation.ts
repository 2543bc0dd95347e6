import { COUNTING_STATUSES } from '../core/vocabulary.ts';
import type { Client, Tx } from './client.ts';
import { activityRow, applicationRow, barterPostRow, groupMembershipRow, groupRow, memberRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

/**
 * The reads behind the yearly evaluation, its charts and the collaboration map: few columns, many
 * rows, nothing written. Each method reads one table (or one join) for a time window of one cluster;
 * the numbers are made from them in src/services/evaluation*.ts.
 */
export class EvaluationStore {
  constructor(private readonly db: Db) {}

  /** Every organisation that ever was a member, with what the standings need to place it in a year. */
  async members(clusterId: string) {
    return memberRow.many(
      await this.db.member.findMany({
        where: { clusterId },
        select: { id: true, name: true, category: true, status: true, joinedAt: true, statusChangedAt: true },
        orderBy: { name: 'asc' },
      }),
    );
  }

  /** Activities that count towards the duty (not rejected), dated in [from, to). */
  async activities(clusterId: string, from: Date, to: Date, memberId?: string) {
    return activityRow.many(
      await this.db.activity.findMany({
        where: { clusterId, ...(memberId ? { memberId } : {}), status: { in: [...COUNTING_STATUSES] }, date: { gte: from, lt: to } },
        select: { memberId: true, kind: true, date: true },
      }),
    );
  }

  /** Applications submitted or decided in [from, to). */
  async applications(clusterId: string, from: Date, to: Date) {
    return applicationRow.many(
      await this.db.application.findMany({
        where: { clusterId, OR: [{ submittedAt: { gte: from, lt: to } }, { decidedAt: { gte: from, lt: to } }] },
        select: { id: true, orgName: true, status: true, submittedAt: true, decidedAt: true },
        orderBy: { submittedAt: 'asc' },
      }),
    );
  }

  /** Working groups that existed at some time before `to`. */
  async groups(clusterId: string, to: Date) {
    return groupRow.many(
      await this.db.workingGroup.findMany({
        where: { clusterId, createdAt: { lt: to } },
        select: { id: true, name: true, rhythmDays: true, status: true, createdAt: true, dissolvedAt: true },
        orderBy: { name: 'asc' },
      }),
    );
  }

  /** Who was (or asked to be) in each group: joined and left dates, for shared membership. */
  async groupMemberships(groupIds: string[]) {
    if (!groupIds.length) return [];
    return groupMembershipRow.many(
      await this.db.groupMembership.findMany({
        where: { groupId: { in: groupIds }, status: { in: ['active', 'left'] } },
        select: { groupId: true, memberId: true, status: true, joinedAt: true, leftAt: true },
      }),
    );
  }

  /** Meetings held (not cancelled) in [from, to), with the organisations recorded present. */
  async meetings(clusterId: string, from: Date, to: Date, kinds: ('group' | 'general' | 'network' | 'team')[]) {
    const meetings = await this.db.meeting.findMany({
      where: { clusterId, cancelledAt: null, kind: { in: kinds }, startsAt: { gte: from, lt: to } },
      select: { id: true, kind: true, groupId: true, title: true, startsAt: true },
      orderBy: { startsAt: 'asc' },
    });
    const attendance = meetings.length ? await this.db.attendance.findMany({ where: { meetingId: { in: meetings.map((m) => m.id) } }, select: { meetingId: true, memberId: true } }) : [];
    const present = new Map<string, string[]>();
    for (const a of attendance) present.set(a.meetingId, [...(present.get(a.meetingId) ?? []), a.memberId]);
    return meetings.map((m) => ({ ...m, present: (present.get(m.id) ?? []).sort() }));
  }

  /** The organisations that voted on any motion of each General Meeting (open and secret ballots alike). */
  async votersByMeeting(meetingIds: string[]): Promise<Map<string, Set<string>>> {
    const voters = new Map<string, Set<string>>(meetingIds.map((id) => [id, new Set()]));
    if (!meetingIds.length) return voters;
    const motions = await this.db.motion.findMany({ where: { meetingId: { in: meetingIds } }, select: { id: true, meetingId: true } });
    const meetingOf = new Map(motions.map((m) => [m.id, m.meetingId]));
    const rows = motions.length ? await this.db.voteParticipation.findMany({ where: { motionId: { in: [...meetingOf.keys()] } }, select: { motionId: true, memberId: true } }) : [];
    for (const r of rows) voters.get(meetingOf.get(r.motionId)!)?.add(r.memberId);
    return voters;
  }

  /** Barter posts and quick help created before `to`, with every response (who answered, when). */
  async posts(clusterId: string, to: Date) {
    const posts = barterPostRow.many(
      await this.db.barterPost.findMany({
        where: { clusterId, createdAt: { lt: to } },
        select: { id: true, memberId: true, type: true, status: true, partnerMemberId: true, createdAt: true, closedAt: true },
        orderBy: { createdAt: 'asc' },
      }),
    );
    const responses = posts.length
      ? await this.db.barterResponse.findMany({ where: { postId: { in: posts.map((p) => p.id) }, createdAt: { lt: to } }, select: { postId: true, memberId: true, createdAt: true }, orderBy: { createdAt: 'asc' } })
      : [];
    const byPost = new Map<string, { memberId: string; createdAt: Date }[]>();
    for (const r of responses) byPost.set(r.postId, [...(byPost.get(r.postId) ?? []), { memberId: r.memberId, createdAt: r.createdAt }]);
    return posts.map((p) => ({ ...p, responses: byPost.get(p.id) ?? [] }));
  }

  /** Consortia formed before `to`: each opportunity's parts, dated when the consortium was formed. */
  async consortia(clusterId: string, to: Date): Promise<{ members: { memberId: string; joinedAt: Date }[] }[]> {
    const formed = await this.db.marketOpportunity.findMany({ where: { clusterId, formedAt: { lt: to } }, select: { id: true, formedAt: true } });
    if (!formed.length) return [];
    const parts = await this.db.consortiumPart.findMany({ where: { opportunityId: { in: formed.map((o) => o.id) } }, select: { opportunityId: true, memberId: true } });
    return formed.map((o) => ({ members: parts.filter((p) => p.opportunityId === o.id).map((p) => ({ memberId: p.memberId, joinedAt: o.formedAt! })) }));
  }

  /** Bookings of shared resources that held (confirmed or returned), starting before `to`, with the resource's owner. */
  async bookings(clusterId: string, to: Date): Promise<{ ownerId: string; bookerId: string; startsAt: Date }[]> {
    const rows = await this.db.resourceBooking.findMany({ where: { clusterId, status: { in: ['confirmed', 'returned'] }, startsAt: { lt: to } }, select: { resourceId: true, memberId: true, startsAt: true } });
    if (!rows.length) return [];
    const owners = await this.db.sharedResource.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.resourceId))] } }, select: { id: true, memberId: true } });
    const ownerOf = new Map(owners.map((o) => [o.id, o.memberId]));
    return rows.flatMap((r) => (ownerOf.has(r.resourceId) ? [{ ownerId: ownerOf.get(r.resourceId)!, bookerId: r.memberId, startsAt: r.startsAt }] : []));
  }
}
