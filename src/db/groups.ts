import type { Client, Tx } from './client.ts';
import { groupMembershipRow, groupRow, type Checked } from './vocabulary-rows.ts';
import { IN_OR_ASKED, type GroupMembershipStatus, type GroupStatus } from '../core/vocabulary.ts';
import type { GroupMembershipModel, WorkingGroupModel } from './generated/sqlite/models.ts';

export type WorkingGroup = Checked<typeof groupRow, WorkingGroupModel>;
export type GroupMembership = Checked<typeof groupMembershipRow, GroupMembershipModel>;

type Db = Client | Tx;

export type { GroupMembershipStatus } from '../core/vocabulary.ts';

/** Working groups and the member organisations in them. */
export class GroupStore {
  constructor(private readonly db: Db) {}

  async create(data: {
    clusterId: string;
    name: string;
    purpose: string;
    leaderPersonId: string;
    rhythmDays: number;
    endsAt: Date | null;
    requiresApproval: boolean;
    emptySince: Date | null;
    createdAt: Date;
  }) {
    return groupRow.one(await this.db.workingGroup.create({ data }));
  }

  async byId(id: string) {
    return groupRow.maybe(await this.db.workingGroup.findUnique({ where: { id } }));
  }

  async byName(clusterId: string, name: string) {
    return groupRow.maybe(await this.db.workingGroup.findUnique({ where: { clusterId_name: { clusterId, name } } }));
  }

  /** Groups of a cluster that are not dissolved, by name. */
  async listActive(clusterId: string) {
    return groupRow.many(await this.db.workingGroup.findMany({ where: { clusterId, status: 'active' }, orderBy: { name: 'asc' } }));
  }

  async update(
    id: string,
    data: Partial<{
      name: string;
      purpose: string;
      leaderPersonId: string;
      rhythmDays: number;
      endsAt: Date | null;
      requiresApproval: boolean;
      status: GroupStatus;
      dissolvedReason: string;
      dissolvedAt: Date;
      emptySince: Date | null;
    }>,
  ) {
    return groupRow.one(await this.db.workingGroup.update({ where: { id }, data }));
  }

  async membership(groupId: string, memberId: string) {
    return groupMembershipRow.maybe(await this.db.groupMembership.findUnique({ where: { groupId_memberId: { groupId, memberId } } }));
  }

  async membershipById(id: string) {
    return groupMembershipRow.maybe(await this.db.groupMembership.findUnique({ where: { id } }));
  }

  /** One row per group and organisation: a new request, a rejoin after leaving, or a decision. */
  async upsertMembership(groupId: string, memberId: string, data: { status: GroupMembershipStatus; requestedByPersonId: string | null; joinedAt: Date | null }) {
    return groupMembershipRow.one(
      await this.db.groupMembership.upsert({
        where: { groupId_memberId: { groupId, memberId } },
        create: { groupId, memberId, ...data },
        update: { ...data, leftAt: null },
      }),
    );
  }

  /**
   * Moves a membership from one status to another only if it is still in `from`: of two people
   * deciding the same request at once, exactly one wins.
   */
  async transition(id: string, from: GroupMembershipStatus, to: { status: GroupMembershipStatus; joinedAt?: Date; leftAt?: Date }): Promise<boolean> {
    const { count } = await this.db.groupMembership.updateMany({ where: { id, status: from }, data: to });
    return count === 1;
  }

  /** Ends every membership and request of a dissolved group. */
  async closeAll(groupId: string, at: Date): Promise<void> {
    await this.db.groupMembership.updateMany({ where: { groupId, status: 'active' }, data: { status: 'left', leftAt: at } });
    await this.db.groupMembership.updateMany({ where: { groupId, status: 'pending' }, data: { status: 'declined' } });
  }

  async memberships(groupId: string, status: GroupMembershipStatus) {
    return groupMembershipRow.many(await this.db.groupMembership.findMany({ where: { groupId, status }, orderBy: { joinedAt: 'asc' } }));
  }

  countActive(groupId: string) {
    return this.db.groupMembership.count({ where: { groupId, status: 'active' } });
  }

  /** Active member counts for several groups at once (the list). */
  async countActiveByGroup(groupIds: string[]): Promise<Map<string, number>> {
    const rows = await this.db.groupMembership.groupBy({
      by: ['groupId'],
      where: { groupId: { in: groupIds }, status: 'active' },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.groupId, r._count._all]));
  }

  /** An organisation's memberships and pending requests, across groups. */
  async ofMember(memberId: string) {
    return groupMembershipRow.many(await this.db.groupMembership.findMany({ where: { memberId, status: { in: [...IN_OR_ASKED] } } }));
  }
}
