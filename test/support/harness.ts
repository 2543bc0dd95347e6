import { afterEach, beforeEach } from 'vitest';
import { showUserTextIn } from '../../src/core/text.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Invocation } from '../../src/core/dispatcher.ts';
import type { ChannelPurpose, ClusterAddress, MembershipEvent, PersonAddress, PlatformNotifier, PrivateDelivery, SyncProblem } from '../../src/core/notifier.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { Job } from '../../src/jobs/job.ts';
import type { MemberStatus } from '../../src/core/vocabulary.ts';
import type { GrantedRole } from '../../src/core/actor.ts';
import type { CommandDefinition } from '../../src/core/command.ts';
import { inspectTables, type TableInspection } from './tables.ts';
import { parseFormId } from '../../src/core/dispatcher.ts';
import { describeOptions } from '../../src/core/options.ts';
import { recordReply, recordTyped } from './rendered.ts';

/** Captures what the bot sends, as a platform would receive it. */
/** Replies as a plain-text platform (the console) shows them: member text as typed, its marks gone. */
const asShown = (reply: Reply): Reply => showUserTextIn(reply, (value) => value);

export class RecordingNotifier implements PlatformNotifier {
  readonly platform = 'console' as const;
  readonly private: { to: PersonAddress; message: Reply }[] = [];
  readonly channel: { channel: ChannelPurpose; message: Reply; ref: string }[] = [];
  readonly updates: { ref: string; message: Reply }[] = [];
  readonly events: MembershipEvent[] = [];
  /** Platform user ids whose DMs are closed: they get a fallback, as on Discord/Slack. */
  readonly closedDms = new Set<string>();
  syncProblems: SyncProblem[] = [];

  async sendPrivate(_c: ClusterAddress, to: PersonAddress, message: Reply): Promise<PrivateDelivery> {
    if (this.closedDms.has(to.platformUserId)) return { status: 'fallback', reason: 'dm-closed' };
    const shown = asShown(message);
    recordReply(shown, `DM to ${to.platformUserId}`);
    this.private.push({ to, message: shown });
    return { status: 'sent' };
  }
  async postToChannel(_c: ClusterAddress, channel: ChannelPurpose, message: Reply): Promise<string> {
    const ref = `${channel}/${this.channel.length + 1}`;
    const shown = asShown(message);
    recordReply(shown, `post to #${channel}`);
    this.channel.push({ channel, message: shown, ref });
    return ref;
  }
  async updateMessage(_c: ClusterAddress, ref: string, message: Reply): Promise<void> {
    const shown = asShown(message);
    recordReply(shown, `update of ${ref}`);
    this.updates.push({ ref, message: shown });
  }
  async applyMembershipEvent(_c: ClusterAddress, event: MembershipEvent): Promise<SyncProblem[]> {
    this.events.push(event);
    return this.syncProblems;
  }
  /** Private messages to one console user, as text. */
  dmsTo(userId: string): Reply[] {
    return this.private.filter((p) => p.to.platformUserId === userId).map((p) => p.message);
  }
  clear(): void {
    this.private.length = 0;
    this.channel.length = 0;
    this.updates.length = 0;
    this.events.length = 0;
  }
}

/** Every log line the app writes, parsed, so tests can assert what is (not) logged. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  /** Receives the SQL of each "db query" trace line instead of keeping it. */
  constructor(private readonly onQuery?: (sql: string) => void) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (this.onQuery && record.msg === 'db query') {
        this.onQuery(String(record.sql));
        continue;
      }
      this.raw.push(line);
      this.lines.push(record);
    }
    done();
  }
}

export interface TestApp {
  /** The bot, with its tables readable beside it (tables.ts). */
  app: App & { db: App['db'] & TableInspection };
  clock: ManualClock;
  notifier: RecordingNotifier;
  logs: LogCapture;
  dir: string;
  /** Where the bot's database is (a file in `dir` unless given). */
  databaseUrl: string;
  /** Acts as a console user in the test cluster. */
  as(userId: string, opts?: { locale?: string; admin?: boolean }): Actor;
  /** Puts a person in place: roles and/or the organisation they represent (skips admission). */
  given(userId: string, setup: { roles?: GrantedRole[]; main?: string; supporting?: string; status?: MemberStatus }): Promise<void>;
  runJobs(at?: Date | string): Promise<void>;
  close(): Promise<void>;
}

export interface Actor {
  command(command: string, subcommand?: string, options?: Record<string, unknown>): Promise<Reply>;
  /** `/activity log title:"…"` as typed; parsed like the console does. */
  form(formId: string, values: Record<string, string>, args?: string[]): Promise<Reply>;
  press(reply: Reply, label: string | number): Promise<Reply>;
  action(command: string, action: string, args?: string[], values?: string[]): Promise<Reply>;
  choose(reply: Reply, values: string[]): Promise<Reply>;
}

export const TEST_CLUSTER = 'test-cluster';

/** People put in place before a test, by console user id: roles and the organisations they represent. */
export type Cast = Record<string, Parameters<TestApp['given']>[1]>;

/** A test app with its cast already in place, in the order given. */
export async function castApp(cast: Cast, opts: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const t = await createTestApp(opts);
  for (const [userId, setup] of Object.entries(cast)) await t.given(userId, setup);
  return t;
}

/**
 * Something made afresh for each test of the enclosing `describe` (or file) and stopped after it.
 * The handle always reaches the current test's one, so tests read as if it were theirs alone.
 */
export function perTest<T extends object>(make: () => Promise<T>, stop: (made: T) => Promise<void>): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    if (current) await stop(current);
    current = undefined;
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (!current) throw new Error('perTest: it exists only inside a test');
      const value: unknown = Reflect.get(current, key, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
    set(_, key, value) {
      if (!current) throw new Error('perTest: it exists only inside a test');
      return Reflect.set(current, key, value);
    },
  });
}

/** perTest for a fixture made and then (`then`) given what the test needs, before each test. */
export function perTestThen<T extends object>(make: () => Promise<T>, then: ((made: T) => Promise<void>) | undefined, stop: (made: T) => Promise<void>): T {
  return perTest(async () => {
    const made = await make();
    await then?.(made);
    return made;
  }, stop);
}

/** A fresh bot for each test of the enclosing `describe`: `const t = appPerTest(() => castApp(CAST, { start }))`. */
export const appPerTest = (make: () => Promise<TestApp>): TestApp => perTest(make, (t) => t.close());

/**
 * A whole bot on a temporary SQLite file (or DATABASE_URL given), with a clock the test moves and
 * a notifier that records. Talks to the same command core every platform uses.
 */
export async function createTestApp(
  opts: { start?: string; databaseUrl?: string; jobs?: Job[]; commands?: CommandDefinition[]; env?: Record<string, string>; onQuery?: (sql: string) => void } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pkes-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: opts.databaseUrl ?? `file:${path.join(dir, 'test.db')}`,
    SCHEDULER_ENABLED: 'false',
    ...opts.env,
  });
  const logs = new LogCapture(opts.onQuery);
  // Counting queries reads the bot's own trace log of SQL, as an operator diagnosing it would.
  const log = createLogger({ NODE_ENV: 'test', LOG_LEVEL: opts.onQuery ? 'trace' : 'debug' }, logs);
  const clock = new ManualClock(opts.start ?? '2026-03-02T09:00:00Z');
  const app = await createApp({ config, log, clock, ...(opts.jobs ? { jobs: opts.jobs } : {}), ...(opts.commands ? { commands: opts.commands } : {}) });
  const tables = inspectTables(config.DATABASE_URL);
  const inspected = Object.assign(app, { db: Object.assign(app.db, { tableNames: tables.tableNames, dumpTable: tables.dumpTable, rawQuery: tables.rawQuery }) });
  const notifier = new RecordingNotifier();
  app.services.notifications.register(notifier);

  const invoke = (user: { id: string; displayName: string; locale?: string; isPlatformAdmin?: boolean }) => {
    const base = { platform: 'console' as const, cluster: { externalId: TEST_CLUSTER }, user, channelId: 'test-channel' };
    const dispatch = async (inv: Record<string, unknown>) => {
      recordTyped(user.id);
      recordTypedInput(app, inv);
      const reply = asShown(await app.dispatcher.dispatch({ ...base, ...inv } as Invocation));
      recordReply(reply, `reply to ${user.id}: ${describeInvocation(inv)}`);
      return reply;
    };
    const actor: Actor = {
      command: (command, subcommand, options = {}) => dispatch({ kind: 'command', command, ...(subcommand ? { subcommand } : {}), options }),
      form: (formId, values, args) => dispatch({ kind: 'form', formId, values, ...(args ? { args } : {}) }),
      action: (command, action, args = [], values = []) => dispatch({ kind: 'action', action: { command, action, args }, values }),
      press: (reply, label) => {
        const buttons = reply.buttons ?? [];
        const button = typeof label === 'number' ? buttons[label] : buttons.find((b) => b.label === label);
        if (!button) throw new Error(`no button ${label} in reply: ${buttons.map((b) => b.label).join(', ')}`);
        return dispatch({ kind: 'action', action: button.action });
      },
      choose: (reply, values) => {
        if (!reply.choices) throw new Error('reply has no choice list');
        return dispatch({ kind: 'action', action: reply.choices.action, values });
      },
    };
    return actor;
  };

  return {
    app: inspected,
    clock,
    notifier,
    logs,
    dir,
    databaseUrl: config.DATABASE_URL,
    as: (userId, o = {}) => invoke({ id: userId, displayName: userId, ...(o.locale ? { locale: o.locale } : {}), isPlatformAdmin: Boolean(o.admin) }),
    async given(userId, setup) {
      const cluster = await app.services.clusters.resolve('console', TEST_CLUSTER);
      const person = await app.services.people.ensure(cluster.id, userId, userId);
      recordTyped([userId, setup.main, setup.supporting]);
      for (const role of setup.roles ?? []) await app.services.people.grantRole(cluster.id, person.id, role, null);
      if (setup.main) await app.services.seeding.representativeOf(cluster.id, person.id, setup.main, 'main', setup.status);
      if (setup.supporting) await app.services.seeding.representativeOf(cluster.id, person.id, setup.supporting, 'supporting', setup.status);
    },
    runJobs: (at) => app.scheduler.runAll(at ? new Date(at) : clock.now()),
    async close() {
      await tables.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What a person typed in an invocation, for the language check: free text only. A fixed value
 * (`kind:event`) is not theirs to word, so if it comes back as typed the check must see it.
 */
function recordTypedInput(app: App, inv: Record<string, unknown>): void {
  if (inv.kind === 'command') {
    const sub = app.dispatcher.registry.subcommand(String(inv.command), inv.subcommand as string | undefined);
    const fixed = new Set(sub ? describeOptions(sub.options).filter((s) => s.choices || s.type === 'boolean').map((s) => s.name) : []);
    for (const [name, value] of Object.entries((inv.options ?? {}) as Record<string, unknown>)) if (!fixed.has(name)) recordTyped(value);
  } else if (inv.kind === 'form') {
    const { command, subcommand } = parseFormId(String(inv.formId));
    const sub = app.dispatcher.registry.subcommand(command, subcommand);
    const fixed = new Set((sub?.form?.fields ?? []).filter((f) => f.kind === 'choice').map((f) => f.name));
    for (const spec of sub ? describeOptions(sub.options) : []) if (spec.choices || spec.type === 'boolean') fixed.add(spec.name);
    for (const [name, value] of Object.entries((inv.values ?? {}) as Record<string, unknown>)) if (!fixed.has(name)) recordTyped(value);
  } else if (inv.kind === 'action') {
    // A choice list's values are what the bot listed; free text never arrives this way.
  }
}

function describeInvocation(inv: Record<string, unknown>): string {
  if (inv.kind === 'command') return `/${String(inv.command)}${inv.subcommand ? ` ${String(inv.subcommand)}` : ''}`;
  if (inv.kind === 'form') return `form ${String(inv.formId)}`;
  const action = inv.action as { command: string; action: string };
  return `button ${action.command}.${action.action}`;
}
