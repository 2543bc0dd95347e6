import type { Client, Tx } from './client.ts';
import { IN_OR_ASKED, type MemberStatus, type PollStatus } from '../core/vocabulary.ts';
import { appealRow, applicationRow, barterPostRow, groupMembershipRow, groupRow, meetingRow, memberRow, pollRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

/**
 * The records a picker offers (applications, polls, barter posts, groups, meetings, member
 * organisations, appeals, people): only the columns a label needs, through the cluster-and-status
 * indexes. What was typed is matched by the caller, not in SQL: SQLite's LIKE folds ASCII case
 * only, so "łódź" would miss "Łódź"; a few thousand short rows are cheaper to fold than to miss.
 */
export class SuggestionStore {
  constructor(private readonly db: Db) {}

  async openApplications(clusterId: string) {
    const rows = await this.db.application.findMany({ where: { clusterId, status: 'open' }, select: { id: true, orgName: true, stage: true, submittedAt: true }, orderBy: { submittedAt: 'asc' } });
    return applicationRow.many(rows);
  }

  /** The newest polls first; a cluster runs a handful a month, so 200 reach back years. */
  async polls(clusterId: string, status?: PollStatus) {
    const rows = await this.db.poll.findMany({ where: { clusterId, ...(status ? { status } : {}) }, select: { id: true, question: true, status: true, deadline: true }, orderBy: { createdAt: 'desc' }, take: 200 });
    return pollRow.many(rows);
  }

  async openPosts(clusterId: string) {
    const rows = await this.db.barterPost.findMany({ where: { clusterId, status: 'open' }, select: { id: true, title: true, type: true, memberId: true, availableUntil: true }, orderBy: { createdAt: 'desc' } });
    return barterPostRow.many(rows);
  }

  async activeGroups(clusterId: string) {
    const rows = await this.db.workingGroup.findMany({ where: { clusterId, status: 'active' }, select: { id: true, name: true, leaderPersonId: true, requiresApproval: true }, orderBy: { name: 'asc' } });
    return groupRow.many(rows);
  }

  /** Group ids an organisation is in (or has asked to join). */
  async groupIdsOf(memberId: string): Promise<{ active: string[]; pending: string[] }> {
    const rows = groupMembershipRow.many(await this.db.groupMembership.findMany({ where: { memberId, status: { in: [...IN_OR_ASKED] } }, select: { groupId: true, status: true } }));
    return { active: rows.filter((r) => r.status === 'active').map((r) => r.groupId), pending: rows.filter((r) => r.status === 'pending').map((r) => r.groupId) };
  }

  async meetings(clusterId: string, from: Date, to: Date) {
    const rows = await this.db.meeting.findMany({ where: { clusterId, cancelledAt: null, startsAt: { gte: from, lte: to } }, select: { id: true, title: true, kind: true, groupId: true, startsAt: true }, orderBy: { startsAt: 'desc' } });
    return meetingRow.many(rows);
  }

  /** `take`: only the first ones by name (nothing typed yet). */
  async members(clusterId: string, statuses?: MemberStatus[], take?: number) {
    const rows = await this.db.member.findMany({ where: { clusterId, ...(statuses ? { status: { in: statuses } } : {}) }, select: { id: true, name: true, status: true, category: true }, orderBy: { name: 'asc' }, ...(take ? { take } : {}) });
    return memberRow.many(rows);
  }

  async openAppeals(clusterId: string) {
    const appeals = appealRow.many(
      await this.db.appeal.findMany({
        where: { clusterId, status: 'open' },
        select: { id: true, memberId: true, applicationId: true, against: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      }),
    );
    const ids = (key: 'memberId' | 'applicationId') => appeals.map((a) => a[key]).filter((id): id is string => Boolean(id));
    // A member's appeal is named by the organisation; one against a refused admission by its application.
    const [members, applications] = await Promise.all([
      this.db.member.findMany({ where: { id: { in: ids('memberId') } }, select: { id: true, name: true } }),
      this.db.application.findMany({ where: { id: { in: ids('applicationId') } }, select: { id: true, orgName: true } }),
    ]);
    const names = new Map([...members.map((m) => [m.id, m.name] as const), ...applications.map((a) => [a.id, a.orgName] as const)]);
    return appeals.map((a) => ({ ...a, orgName: names.get(a.memberId ?? a.applicationId ?? '') ?? '' }));
  }

  people(clusterId: string, take?: number) {
    return this.db.person.findMany({
      where: { clusterId, erasedAt: null },
      select: { platformUserId: true, displayName: true },
      orderBy: { displayName: 'asc' },
      ...(take ? { take } : {}),
    });
  }
}
