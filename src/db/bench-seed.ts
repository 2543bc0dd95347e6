import type { Client, Tx } from './client.ts';
import type { Provider } from './provider.ts';

type Db = Client | Tx;
type Value = string | number | boolean | Date | null;
type Row = Record<string, Value>;

/**
 * Bulk inserts for the benchmarks (`npm run bench`): a synthetic cluster with hundreds of
 * organisations and 200,000 activities is seeded in seconds. Never used by the bot itself.
 *
 * Multi-row INSERTs with bound values rather than `createMany`: with Prisma 7.10 on SQLite,
 * `createMany` took 1 ms per row in chunks of 100 and 2 ms per row in chunks of 2,000 (the query
 * compiler grows worse than linearly), ten times slower than this. Every id and every DateTime
 * column is given, never left to the SQL defaults: SQLite's CURRENT_TIMESTAMP is not the text
 * format Prisma writes and compares, and ids are the callers' so a seed is deterministic.
 */
export class BenchSeedStore {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  /** Bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
  static readonly MAX_VALUES = 30_000;

  /** Table and column names come from this file only, never from input. */
  private async insert(table: string, rows: Row[]): Promise<number> {
    if (rows.length === 0) return 0;
    const columns = Object.keys(rows[0]!);
    const perStatement = Math.max(1, Math.min(1000, Math.floor(BenchSeedStore.MAX_VALUES / columns.length)));
    const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
    let count = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      let n = 0;
      const placeholder = () => (this.provider === 'postgresql' ? `$${++n}` : '?');
      const tuples = chunk.map(() => `(${columns.map(placeholder).join(', ')})`).join(', ');
      const values = chunk.flatMap((row) => columns.map((c) => row[c] ?? null));
      count += await this.db.$executeRawUnsafe(head + tuples, ...values);
    }
    return count;
  }

  people(rows: { id: string; clusterId: string; platformUserId: string; displayName: string; createdAt: Date }[]) {
    return this.insert('Person', rows);
  }

  roles(rows: { id: string; clusterId: string; personId: string; role: string; createdAt: Date }[]) {
    return this.insert('PersonRole', rows);
  }

  members(
    rows: {
      id: string;
      clusterId: string;
      name: string;
      legalForm: string;
      category: string;
      status: string;
      municipality: string;
      county: string;
      joinedAt: Date;
      dataConfirmedAt: Date;
      createdAt: Date;
      updatedAt: Date;
    }[],
  ) {
    return this.insert('Member', rows);
  }

  representatives(rows: { id: string; clusterId: string; memberId: string; personId: string; createdAt: Date }[]) {
    return this.insert('Representative', rows);
  }

  activities(
    rows: {
      id: string;
      clusterId: string;
      memberId: string;
      loggedByPersonId: string | null;
      kind: string;
      date: Date;
      title: string;
      description: string;
      source: string;
      status: string;
      createdAt: Date;
    }[],
  ) {
    return this.insert('Activity', rows);
  }

  workingGroups(rows: { id: string; clusterId: string; name: string; purpose: string; leaderPersonId: string; rhythmDays: number; status: string; createdAt: Date }[]) {
    return this.insert('WorkingGroup', rows);
  }

  groupMemberships(rows: { id: string; groupId: string; memberId: string; status: string; joinedAt: Date; createdAt: Date }[]) {
    return this.insert('GroupMembership', rows);
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
      updatedAt: Date;
    }[],
  ) {
    return this.insert('BarterPost', rows);
  }

  meetings(rows: { id: string; clusterId: string; kind: string; title: string; startsAt: Date; place: string; agenda: string; createdByPersonId: string; createdAt: Date }[]) {
    return this.insert('Meeting', rows);
  }
}
