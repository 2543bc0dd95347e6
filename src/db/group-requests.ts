import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

/** Members' requests to create a working group, waiting for the team's or council's decision. */
export class GroupRequestStore {
  constructor(private readonly db: Db) {}

  create(data: { clusterId: string; name: string; purpose: string; leaderPersonId: string; endsOn: string; memberId: string; requestedByPersonId: string; createdAt: Date }) {
    return this.db.groupRequest.create({ data });
  }

  byId(id: string) {
    return this.db.groupRequest.findUnique({ where: { id } });
  }

  /** A waiting request with this name (compared as typed, case aside, by the caller). */
  waiting(clusterId: string) {
    return this.db.groupRequest.findMany({ where: { clusterId, approved: null }, orderBy: { createdAt: 'asc' } });
  }

  /** Records the decision only if none was made yet: of two presses, one decides. */
  async decide(id: string, data: { approved: boolean; decidedByPersonId: string; decidedAt: Date }): Promise<boolean> {
    const { count } = await this.db.groupRequest.updateMany({ where: { id, approved: null }, data });
    return count === 1;
  }

  async linkGroup(id: string, groupId: string): Promise<void> {
    await this.db.groupRequest.update({ where: { id }, data: { groupId } });
  }
}
