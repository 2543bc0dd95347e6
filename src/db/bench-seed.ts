import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

/**
 * Bulk inserts for the benchmarks (`npm run bench`): a synthetic cluster of hundreds of
 * organisations and hundreds of thousands of activities is seeded in seconds with `createMany`,
 * which the per-row stores of the features are not made for. Callers give every id, so a seed is
 * deterministic. Never used by the bot itself.
 */
export class BenchSeedStore {
  constructor(private readonly db: Db) {}

  /**
   * Rows per statement: SQLite allows 32,766 bound values and PostgreSQL 65,535; the widest row
   * here (an activity) binds about a dozen.
   */
  static readonly CHUNK = 1000;

  private async chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<{ count: number }>): Promise<number> {
    let count = 0;
    for (let i = 0; i < rows.length; i += BenchSeedStore.CHUNK) count += (await insert(rows.slice(i, i + BenchSeedStore.CHUNK))).count;
    return count;
  }

  people(rows: { id: string; clusterId: string; platformUserId: string; displayName: string; locale?: string }[]) {
    return this.chunked(rows, (data) => this.db.person.createMany({ data }));
  }

  roles(rows: { clusterId: string; personId: string; role: string }[]) {
    return this.chunked(rows, (data) => this.db.personRole.createMany({ data }));
  }

  members(rows: { id: string; clusterId: string; name: string; legalForm: string; category: string; status: string; municipality: string; county: string; joinedAt: Date }[]) {
    return this.chunked(rows, (data) => this.db.member.createMany({ data }));
  }

  representatives(rows: { clusterId: string; memberId: string; personId: string }[]) {
    return this.chunked(rows, (data) => this.db.representative.createMany({ data }));
  }

  activities(
    rows: { clusterId: string; memberId: string; loggedByPersonId: string | null; kind: string; date: Date; title: string; description: string; source: string; status: string; createdAt: Date }[],
  ) {
    return this.chunked(rows, (data) => this.db.activity.createMany({ data }));
  }

  workingGroups(rows: { id: string; clusterId: string; name: string; purpose: string; leaderPersonId: string; rhythmDays: number; createdAt: Date }[]) {
    return this.chunked(rows, (data) => this.db.workingGroup.createMany({ data }));
  }

  groupMemberships(rows: { groupId: string; memberId: string; status: string; joinedAt: Date }[]) {
    return this.chunked(rows, (data) => this.db.groupMembership.createMany({ data }));
  }

  barterPosts(
    rows: {
      id: string;
      clusterId: string;
      memberId: string;
      authorPersonId: string;
      type: string;
      kind: string;
      title: string;
      description: string;
      exchange: string;
      place: string;
      availableUntil: Date;
      status: string;
      createdAt: Date;
    }[],
  ) {
    return this.chunked(rows, (data) => this.db.barterPost.createMany({ data }));
  }

  meeting(row: { id: string; clusterId: string; kind: string; title: string; startsAt: Date; place: string; agenda: string; createdByPersonId: string }) {
    return this.db.meeting.create({ data: row });
  }
}
