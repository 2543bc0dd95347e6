import { connect, type Client, type Tx } from '../src/db/client.ts';
import type { Provider } from '../src/db/provider.ts';
import { insertRows, type Row } from '../src/db/insert-rows.ts';

type Db = Client | Tx;

/**
 * The benchmark's own connection to the bot's database: bulk seeding and read-only checks
 * (row counts, column types) that the bot itself never needs. Opened beside the bot's, on the same URL.
 */
export interface BenchDb {
  seed: BenchSeedStore;
  rawQuery<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function openBenchDb(url: string): Promise<BenchDb> {
  const { client, provider } = await connect(url);
  return {
    seed: new BenchSeedStore(client, provider),
    rawQuery: <T>(sql: string) => client.$queryRawUnsafe<T[]>(sql),
    close: () => client.$disconnect(),
  };
}

/**
 * Bulk inserts for the benchmarks (`npm run bench`): a synthetic cluster with hundreds of
 * organisations and 200,000 activities is seeded in seconds, through the same multi-row INSERTs
 * as the vote burst (insert-rows.ts). Never used by the bot itself. Ids are the callers' so a seed
 * is deterministic.
 */
export class BenchSeedStore {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  private insert(table: string, rows: Row[]): Promise<number> {
    return insertRows(this.db, this.provider, table, rows);
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
