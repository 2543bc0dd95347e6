import { connect, type Client, type ConnectOptions, type Tx } from './client.ts';
import { migrate, readMigrations } from './migrate.ts';
import { POSTGRES_POOL_SIZE, type Provider } from './provider.ts';
import {
  AuditStore,
  type AuditRecord,
  ClusterStore,
  DeliveryStore,
  DraftStore,
  EventStore,
  NotificationFailureStore,
  PeopleStore,
} from './core-store.ts';
import { MemberStore } from './members.ts';
import { PrivacyStore } from './privacy.ts';
import { ApplicationStore } from './applications.ts';
import { ActivityStore } from './activities.ts';
import { MeetingStore } from './meetings.ts';
import { SeatStore } from './seats.ts';
import { DatePollStore } from './date-polls.ts';
import { GovernanceStore } from './governance.ts';
import { ChairStore } from './chair.ts';
import { PollStore } from './polls.ts';
import { TaskStore } from './tasks.ts';
import { GroupStore } from './groups.ts';
import { GroupRequestStore } from './group-requests.ts';
import { BarterStore } from './barter.ts';
import { SuggestionStore } from './suggestions.ts';
import { CalendarFeedStore } from './calendar.ts';
import { GeneralMeetingStore, MailOutboxStore } from './general-meetings.ts';
import { MarketStore } from './market.ts';
import { ResourceStore } from './resources.ts';
import { CatalogueStore } from './catalogue.ts';
import { EvaluationStore } from './evaluation.ts';
import { FeeStore } from './fees.ts';

export type * from './generated/sqlite/models.ts';
export { databaseErrorKind, isDatabaseUnavailable, isUniqueViolation } from './client.ts';
export type { Provider } from './provider.ts';
export type { NewApplication } from './applications.ts';

/**
 * The one place that talks to the database. Each area has a store (its queries); services get a
 * Database and never see Prisma. `transaction` hands the same stores bound to one transaction.
 */
export class Database {
  readonly clusters: ClusterStore;
  readonly people: PeopleStore;
  readonly audit: AuditStore;
  readonly deliveries: DeliveryStore;
  readonly drafts: DraftStore;
  readonly events: EventStore;
  readonly notificationFailures: NotificationFailureStore;
  readonly members: MemberStore;
  readonly privacy: PrivacyStore;
  readonly applications: ApplicationStore;
  readonly activities: ActivityStore;
  readonly meetings: MeetingStore;
  readonly seats: SeatStore;
  readonly datePolls: DatePollStore;
  readonly governance: GovernanceStore;
  /** The chair's record of a General Meeting: presence, votes in the room. */
  readonly chair: ChairStore;
  readonly polls: PollStore;
  /** A motion's follow-up tasks. */
  readonly tasks: TaskStore;
  readonly groups: GroupStore;
  readonly groupRequests: GroupRequestStore;
  readonly barter: BarterStore;
  readonly market: MarketStore;
  /** Shared equipment and spaces, and their bookings. */
  readonly resources: ResourceStore;
  /** The common catalogue of services and products. */
  readonly catalogue: CatalogueStore;
  /** What pickers offer: names of records, few columns. */
  readonly suggestions: SuggestionStore;
  readonly calendarFeeds: CalendarFeedStore;
  readonly generalMeetings: GeneralMeetingStore;
  readonly mail: MailOutboxStore;
  /** What the yearly evaluation and its charts count: few columns, many rows. */
  readonly evaluation: EvaluationStore;
  /** Membership fee payments. */
  readonly fees: FeeStore;

  constructor(
    private readonly client: Client | Tx,
    readonly provider: Provider,
    private readonly root: Client,
  ) {
    // Outside a transaction, lookups made by concurrent interactions share one query (batch.ts).
    const batched = client === root;
    this.clusters = new ClusterStore(client, batched);
    this.people = new PeopleStore(client, batched);
    this.audit = new AuditStore(client);
    this.deliveries = new DeliveryStore(client);
    this.drafts = new DraftStore(client);
    this.events = new EventStore(client);
    this.notificationFailures = new NotificationFailureStore(client);
    this.members = new MemberStore(client, batched);
    this.privacy = new PrivacyStore(client, provider);
    this.applications = new ApplicationStore(client);
    this.activities = new ActivityStore(client, provider, batched);
    this.meetings = new MeetingStore(client, batched);
    this.seats = new SeatStore(client);
    this.datePolls = new DatePollStore(client);
    this.governance = new GovernanceStore(client, provider, batched);
    this.chair = new ChairStore(client, provider);
    this.polls = new PollStore(client);
    this.tasks = new TaskStore(client);
    this.groups = new GroupStore(client);
    this.groupRequests = new GroupRequestStore(client);
    this.barter = new BarterStore(client);
    this.market = new MarketStore(client);
    this.resources = new ResourceStore(client);
    this.catalogue = new CatalogueStore(client);
    this.suggestions = new SuggestionStore(client);
    this.calendarFeeds = new CalendarFeedStore(client);
    this.generalMeetings = new GeneralMeetingStore(client);
    this.mail = new MailOutboxStore(client);
    this.evaluation = new EvaluationStore(client);
    this.fees = new FeeStore(client);
  }

  /** Runs fn in one transaction: all its writes land, or none do. Nested calls join the outer one. */
  transaction<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (this.client !== this.root) return fn(this);
    return this.root.$transaction((tx) => fn(new Database(tx, this.provider, this.root)), { timeout: 15_000, maxWait: 10_000 });
  }

  /** Writes a new record and its line in the audit log (which names the record written): both land, or neither. */
  createAudited<T>(create: (tx: Database) => Promise<T>, entry: (created: T) => AuditRecord): Promise<T> {
    return this.transaction(async (tx) => {
      const created = await create(tx);
      await tx.audit.record(entry(created));
      return created;
    });
  }

  /**
   * Migrations this code expects that the database has not finished applying; empty when it is up
   * to date. Throws when the database does not answer: readiness reads both from this one query.
   */
  async pendingMigrations(): Promise<string[]> {
    this.expected ??= (await readMigrations(this.provider)).migrationDirectories.map((d) => d.path);
    const rows = await this.root.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return this.expected.filter((name) => !applied.has(name));
  }
  private expected: string[] | undefined;

  /**
   * SQLite: folds the write-ahead log into the database file and empties it, so the file alone
   * holds everything (a shutdown leaves no WAL behind). Nothing to do on PostgreSQL.
   */
  async checkpoint(): Promise<void> {
    if (this.provider === 'sqlite') await this.root.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /**
   * PostgreSQL: opens the pool's connections now, so that the first burst of presses after a start
   * (a General Meeting vote) does not open them one by one while hundreds wait. Nothing on SQLite,
   * whose one connection is open already.
   */
  async openConnections(): Promise<void> {
    if (this.provider !== 'postgresql') return;
    // Statements started together each take a connection of their own: none is free to share.
    await Promise.all(Array.from({ length: POSTGRES_POOL_SIZE }, () => this.root.$queryRawUnsafe('SELECT 1')));
  }

  async close(): Promise<void> {
    await this.root.$disconnect();
  }
}

export interface OpenOptions extends ConnectOptions {
  /** Apply pending migrations first (the default: the bot migrates on start). */
  migrate?: boolean;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database & { appliedMigrations: string[] }> {
  const applied = options.migrate === false ? [] : await migrate(url);
  const { client, provider } = await connect(url, options);
  return Object.assign(new Database(client, provider, client), { appliedMigrations: applied });
}
