import { connect, type Client, type Tx } from '../src/db/client.ts';
import type { Provider } from '../src/db/provider.ts';
import { insertRows, type Row } from '../src/db/insert-rows.ts';
import type {
  Activity,
  Application,
  Attendance,
  BarterPost,
  BarterResponse,
  ConsortiumPart,
  GroupMembership,
  MarketOpportunity,
  Meeting,
  Member,
  Motion,
  Person,
  PersonRole,
  Representative,
  VoteParticipation,
  WorkingGroup,
} from '../src/db/generated/sqlite/client.ts';

type Db = Client | Tx;

/** The columns a seed fills, with their types from the schema, so the seed cannot drift from it. */
type Seed<Model, Column extends keyof Model> = Pick<Model, Column>;

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

  people(rows: Seed<Person, 'id' | 'clusterId' | 'platformUserId' | 'displayName' | 'createdAt'>[]) {
    return this.insert('Person', rows);
  }

  roles(rows: Seed<PersonRole, 'id' | 'clusterId' | 'personId' | 'role' | 'createdAt'>[]) {
    return this.insert('PersonRole', rows);
  }

  members(rows: Seed<Member, 'id' | 'clusterId' | 'name' | 'legalForm' | 'category' | 'status' | 'municipality' | 'county' | 'joinedAt' | 'dataConfirmedAt' | 'createdAt' | 'updatedAt'>[]) {
    return this.insert('Member', rows);
  }

  representatives(rows: Seed<Representative, 'id' | 'clusterId' | 'memberId' | 'personId' | 'createdAt'>[]) {
    return this.insert('Representative', rows);
  }

  activities(rows: Seed<Activity, 'id' | 'clusterId' | 'memberId' | 'loggedByPersonId' | 'kind' | 'date' | 'title' | 'description' | 'source' | 'status' | 'createdAt'>[]) {
    return this.insert('Activity', rows);
  }

  workingGroups(rows: Seed<WorkingGroup, 'id' | 'clusterId' | 'name' | 'purpose' | 'leaderPersonId' | 'rhythmDays' | 'status' | 'createdAt'>[]) {
    return this.insert('WorkingGroup', rows);
  }

  groupMemberships(rows: Seed<GroupMembership, 'id' | 'groupId' | 'memberId' | 'status' | 'joinedAt' | 'createdAt'>[]) {
    return this.insert('GroupMembership', rows);
  }

  barterPosts(rows: Seed<BarterPost, 'id' | 'clusterId' | 'memberId' | 'authorPersonId' | 'type' | 'kind' | 'title' | 'description' | 'exchange' | 'place' | 'availableUntil' | 'status' | 'createdAt' | 'updatedAt'>[]) {
    return this.insert('BarterPost', rows);
  }

  meetings(rows: Seed<Meeting, 'id' | 'clusterId' | 'kind' | 'title' | 'startsAt' | 'place' | 'agenda' | 'createdByPersonId' | 'createdAt'>[]) {
    return this.insert('Meeting', rows);
  }

  // The rest of a year the evaluation counts (bench/seed-year.ts).
  applications(
    rows: Seed<
      Application,
      | 'id'
      | 'clusterId'
      | 'orgName'
      | 'orgKey'
      | 'legalForm'
      | 'category'
      | 'municipality'
      | 'county'
      | 'inPomorskie'
      | 'activity'
      | 'resources'
      | 'motivation'
      | 'acceptsRules'
      | 'ethicsStatement'
      | 'understandsNoGrants'
      | 'stage'
      | 'status'
      | 'decision'
      | 'submittedAt'
      | 'decidedAt'
    >[],
  ) {
    return this.insert('Application', rows);
  }

  groupMeetings(rows: Seed<Meeting, 'id' | 'clusterId' | 'kind' | 'groupId' | 'title' | 'startsAt' | 'place' | 'agenda' | 'createdAt'>[]) {
    return this.insert('Meeting', rows);
  }

  attendance(rows: Seed<Attendance, 'id' | 'meetingId' | 'memberId' | 'recordedAt'>[]) {
    return this.insert('Attendance', rows);
  }

  barterResponses(rows: Seed<BarterResponse, 'id' | 'postId' | 'memberId' | 'message' | 'createdAt'>[]) {
    return this.insert('BarterResponse', rows);
  }

  motions(rows: Seed<Motion, 'id' | 'clusterId' | 'meetingId' | 'title' | 'ballotKind' | 'options' | 'opensAt' | 'closesAt' | 'quorum' | 'majority' | 'status' | 'createdAt'>[]) {
    return this.insert('Motion', rows);
  }

  participations(rows: Seed<VoteParticipation, 'id' | 'motionId' | 'memberId' | 'castAt'>[]) {
    return this.insert('VoteParticipation', rows);
  }

  opportunities(rows: Seed<MarketOpportunity, 'id' | 'clusterId' | 'memberId' | 'title' | 'deadline' | 'status' | 'leaderMemberId' | 'formedAt' | 'createdAt' | 'updatedAt'>[]) {
    return this.insert('MarketOpportunity', rows);
  }

  consortiumParts(rows: Seed<ConsortiumPart, 'id' | 'opportunityId' | 'memberId' | 'role'>[]) {
    return this.insert('ConsortiumPart', rows);
  }
}
