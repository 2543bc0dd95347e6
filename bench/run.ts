/**
 * `npm run bench`: latency, vote burst, raw-driver comparison, inactivity scan and idle memory,
 * on SQLite (temp file) and on PostgreSQL when reachable. Writes bench/results.json and prints
 * tables. Not part of `npm test`.
 *
 * Environment: BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres; "off" skips),
 * BENCH_N (samples per command, default 300), BENCH_SKIP_IDLE=1 skips the child-process figures,
 * BENCH_ONLY=burst (or a comma list of latency, autocomplete, burst, raw, scan, idle, charts) runs only
 * those sections, to measure one change without the whole run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { ManualClock } from '../src/core/clock.ts';
import type { Invocation } from '../src/core/dispatcher.ts';
import type { PlatformNotifier } from '../src/core/notifier.ts';
import type { Reply } from '../src/core/reply.ts';
import { openBenchDb, type BenchDb } from './bench-seed.ts';
import { benchBundle, buildBundle, measure, profileStretch, startFlags, summarize, table, type LatencySummary } from './lib.ts';
import { rawPostgresVotes, rawSqliteVotes, type RawResult } from './raw-votes.ts';
import { BENCH_CLUSTER, BENCH_NOW, COORDINATOR_USER, seedCluster, seedPickerCluster, seedScanCluster, type Org, type SeededCluster } from './seed.ts';
import { measureStartup, type StartupResult } from './startup.ts';
import { chartsBench, type ChartsResult } from './charts.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 300);
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const TARGET_P99_MS = 30;
const TARGET_BURST_P99_MS = 250;
/** Discord allows 3 s for an autocomplete answer; people type faster than that. */
const TARGET_AUTOCOMPLETE_P99_MS = 50;
const TARGET_SCAN_MS = 1000;
const TARGET_IDLE_MB = 120;
const SECTIONS = ['latency', 'autocomplete', 'burst', 'raw', 'scan', 'idle', 'charts'] as const;
type Section = (typeof SECTIONS)[number];
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
for (const name of ONLY) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown section ${name} (${SECTIONS.join(', ')})`);
const runs = (section: Section) => ONLY.length === 0 || ONLY.includes(section);
/** Organisations in the pickers' clusters: the seeded cluster's, and the large one issue 16 asks to report. */
const PICKER_SIZES = [300, 5_000] as const;
/** The target is read in decimal megabytes, the stricter reading (120 MB = 114.4 MiB). */
const idleTarget = (rssMiB: number) => `< ${TARGET_IDLE_MB} MB: ${rssMiB * 1.048576 < TARGET_IDLE_MB ? 'met' : 'MISSED'}`;

/** Nothing leaves the process: the benchmarks measure the command core, not a platform. */
const nullNotifier: PlatformNotifier = {
  platform: 'console',
  sendPrivate: async () => ({ status: 'sent' }),
  postToChannel: async () => undefined,
};

/** BENCH_LOG=error shows the bot's own log lines (to stderr) when a figure looks wrong. */
const silent = pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2));
/**
 * The bot's log as production runs it: info lines written (here to /dev/null), no SQL statement
 * events. Counting statements needs trace level, which makes Prisma emit an event per statement and
 * turns every debug call on: the timed figures must not carry that cost, so only counted calls do.
 */
const asProduction = process.env.BENCH_LOG ? silent : createLogger({ NODE_ENV: 'production', LOG_LEVEL: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));

type BenchApp = App & { bench: BenchDb };

/**
 * The bot, and the benchmark's own connection beside it (seeding, row counts). Statements are
 * counted from the bot's trace log of SQL ("db query"), taken before it is formatted so counting
 * costs next to nothing.
 */
async function openApp(url: string, onQuery?: (sql: string) => void): Promise<BenchApp> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'info', DATABASE_URL: url, SCHEDULER_ENABLED: 'false' });
  const log = onQuery
    ? pino(
        {
          level: 'trace',
          hooks: {
            logMethod(args, method) {
              if (args[1] === 'db query') return onQuery(String((args[0] as { sql?: string }).sql));
              if (process.env.BENCH_LOG) method.apply(this, args);
            },
          },
        },
        pino.destination(2),
      )
    : asProduction;
  const app = await createApp({ config, log, clock: new ManualClock(BENCH_NOW), jobs: [] });
  app.services.notifications.register(nullNotifier);
  const bench = await openBenchDb(url);
  const close = app.close.bind(app);
  return Object.assign(app, {
    bench,
    async close() {
      await bench.close();
      await close();
    },
  });
}

type Dispatch = (user: string, inv: Record<string, unknown>) => Promise<Reply>;

function dispatcherOf(app: App, cluster = BENCH_CLUSTER): Dispatch {
  return (user, inv) =>
    app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: cluster }, user: { id: user, displayName: user }, channelId: 'bench', ...inv } as Invocation);
}

/** Counts SQL statements while `on`: the per-interaction query figure. */
interface QueryCounter {
  on: boolean;
  n: number;
}

interface CommandLatency extends LatencySummary {
  command: string;
  /** SQL statements one more call of the command issued, measured after the timed ones. */
  queries: number;
  /** Replies that were an error message: a benchmark figure only counts if this is 0. */
  errors: number;
  firstError?: string;
  target: string;
}

/** Times one command N times; every reply is checked, so a fast refusal cannot pass as a fast answer. */
async function latency(command: string, n: number, target: number | null, counter: QueryCounter, call: (i: number) => Promise<Reply>, keep?: number[]): Promise<CommandLatency> {
  log(`  ${command} × ${n}`);
  let errors = 0;
  let firstError: string | undefined;
  const summary = await measure(n, async (i) => {
    const reply = await call(i);
    if (i >= 0 && (reply.tone === 'error' || reply.errorId)) {
      errors++;
      firstError ??= `${reply.errorId}: ${reply.text?.slice(0, 200)}`;
    }
  }, 5, keep);
  counter.n = 0;
  counter.on = true;
  await call(n);
  counter.on = false;
  return { command, ...summary, queries: counter.n, errors, ...(firstError ? { firstError } : {}), target: target === null ? '-' : `p99 < ${target} ms: ${summary.p99 < target ? 'met' : 'MISSED'}` };
}

async function commandLatencies(app: App, seeded: SeededCluster, provider: string, counter: QueryCounter): Promise<CommandLatency[]> {
  const dispatch = dispatcherOf(app);
  const allReps = seeded.orgs.flatMap((o) => o.reps);
  const rep = (i: number) => allReps[(i + allReps.length) % allReps.length]!;
  const results: CommandLatency[] = [];
  results.push(
    await latency('/activity log', N, TARGET_P99_MS, counter, (i) =>
      dispatch(rep(i * 7), {
        kind: 'command',
        command: 'activity',
        subcommand: 'log',
        options: { kind: 'event', date: '2026-11-1' + String((i + 10) % 10), title: `Pomiar ${provider} ${i}`, description: 'Spotkanie robocze w ramach pomiaru' },
      }),
    ),
  );
  results.push(await latency('/activity status', N, TARGET_P99_MS, counter, (i) => dispatch(rep(i * 13), { kind: 'command', command: 'activity', subcommand: 'status', options: {} })));
  // Motions 2..4: each cast is a new organisation's first vote (motions 1 and 5 are kept for the bursts).
  const pairs = seeded.motionIds.slice(1, 4).flatMap((motionId) => seeded.mainOrgs.map((org) => ({ motionId, org })));
  if (pairs.length < N + 6) throw new Error('not enough fresh (motion, organisation) pairs for the /vote sample');
  results.push(
    await latency('/vote (cast)', N, TARGET_P99_MS, counter, (i) => {
      const { motionId, org } = pairs[i + 5]!;
      return dispatch(org.reps[0]!, { kind: 'action', action: { command: 'vote', action: 'cast', args: [motionId, org.id, 'n', '0'] } });
    }),
  );
  results.push(await latency('/barter list', N, TARGET_P99_MS, counter, (i) => dispatch(rep(i * 11), { kind: 'command', command: 'barter', subcommand: 'list', options: {} })));
  results.push(
    await latency('/report activity', Math.max(10, Math.round(N / 10)), null, counter, () => dispatch(COORDINATOR_USER, { kind: 'command', command: 'report', subcommand: 'activity', options: {} })),
  );
  return results;
}

/** What a person may type into a picker, the awkward cases included. */
const TYPED = [
  { case: 'empty', text: '' },
  { case: 'a word', text: 'razem' },
  { case: 'one letter', text: 'a' },
  { case: '100 characters', text: 'x'.repeat(100) },
  { case: 'emoji', text: '🤝🏽 Spół' },
  { case: 'SQL-looking', text: `'; DROP TABLE "Member"; --` },
] as const;

interface AutocompleteResult {
  organisations: number;
  /** Every case's samples together: the figure the target is read on. */
  all: CommandLatency;
  cases: (CommandLatency & { case: string })[];
}

/**
 * Autocomplete of a member organisation (Discord type 4, Slack's options request) by the
 * coordinator of a cluster of `organisations`: each kind of typed text on its own, then together.
 */
async function autocompleteLatencies(app: App, cluster: string, organisations: number, counter: QueryCounter): Promise<AutocompleteResult> {
  const dispatch = dispatcherOf(app, cluster);
  const suggest = (typed: string) => dispatch(COORDINATOR_USER, { kind: 'suggest', command: 'member', subcommand: 'suspend', option: 'member', typed });
  const n = Math.max(50, Math.round(N / 2));
  const cases = [];
  const times: number[] = [];
  for (const t of TYPED) cases.push({ case: t.case, ...(await latency(`autocomplete ${organisations} (${t.case})`, n, TARGET_AUTOCOMPLETE_P99_MS, counter, () => suggest(t.text), times)) });
  const all = summarize(times);
  const worst = cases.reduce((a, b) => (b.queries > a.queries ? b : a));
  const errors = cases.reduce((sum, c) => sum + c.errors, 0);
  return {
    organisations,
    all: { command: `autocomplete (member), ${organisations} organisations`, ...all, queries: worst.queries, errors, target: `p99 < ${TARGET_AUTOCOMPLETE_P99_MS} ms: ${all.p99 < TARGET_AUTOCOMPLETE_P99_MS ? 'met' : 'MISSED'}` },
    cases,
  };
}

type BurstMode = 'same-tick' | 'own-turn';

/** Sums the garbage collector's pauses from now until stop(). */
function gcWatch(): { stop(): number } {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) total += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      for (const entry of observer.takeRecords()) total += entry.duration;
      observer.disconnect();
      return total;
    },
  };
}

interface BurstResult {
  mode: BurstMode;
  secret: boolean;
  /** Secret: the close that counts the last batch (after the burst, not in its answer times). */
  closeMs?: number;
  motionId: string;
  eligibleOrganisations: number;
  attempts: number;
  recorded: number;
  refusedAsAlreadyVoted: number;
  otherOutcomes: Record<string, number>;
  participationRows: number;
  openVoteRows: number;
  organisationsRecordedTwice: number;
  eligibleWithoutVote: number;
  exactlyOnce: boolean;
  wallMs: number;
  /**
   * The process's CPU time during the burst (every thread: V8's helpers too) and the part of the
   * wall time spent in garbage collection: what the burst costs, which a busy machine's
   * scheduling does not change the way it changes the wall time.
   */
  cpuMs: number;
  gcMs: number;
  votesPerSecond: number;
  answer: LatencySummary;
  target: string;
}

/**
 * Every representative of every eligible organisation presses "yes" at the same moment.
 * `same-tick`: all dispatches start in one synchronous loop, the harshest case for the database
 * client. `own-turn`: each starts in its own event-loop turn (setImmediate, all queued at once),
 * as presses arriving as separate HTTP requests or gateway events would.
 */
async function voteBurst(app: BenchApp, seeded: SeededCluster, motionId: string, mode: BurstMode, secret = false): Promise<BurstResult> {
  const dispatch = dispatcherOf(app);
  const attempts = seeded.mainOrgs.flatMap((org) => org.reps.map((user) => ({ org, user })));
  const outcomes = new Map<string, number>();
  const times: number[] = [];
  const profile = await profileStretch();
  const gc = gcWatch();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    attempts.map(async ({ org, user }) => {
      if (mode === 'own-turn') await new Promise((r) => setImmediate(r));
      const reply = await dispatch(user, { kind: 'action', action: { command: 'vote', action: 'cast', args: [motionId, org.id, 'n', '0'] } });
      times.push(performance.now() - started);
      const outcome = reply.errorId ?? (reply.tone === 'success' ? 'recorded' : `tone:${reply.tone}`);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const gcMs = gc.stop();
  await profile?.stop(`${app.config.DATABASE_URL.startsWith('postgres') ? 'postgresql' : 'sqlite'}-${mode}${secret ? '-secret' : ''}`);
  const count = async (sql: string) => Number((await app.bench.rawQuery<{ n: number | bigint }>(sql))[0]?.n ?? 0);
  // A secret ballot's last pending ballots are counted at the close: every vote must then be in, once.
  let closeMs: number | undefined;
  if (secret) {
    const closing = performance.now();
    await app.services.governance.close(seeded.clusterId, motionId, null);
    closeMs = Math.round(performance.now() - closing);
  }
  const participationRows = await count(`SELECT COUNT(*) AS n FROM "VoteParticipation" WHERE "motionId" = '${motionId}'`);
  const openVoteRows = secret
    ? await count(`SELECT COALESCE(SUM("count"), 0) AS n FROM "SecretTally" WHERE "motionId" = '${motionId}'`)
    : await count(`SELECT COUNT(*) AS n FROM "OpenVote" WHERE "motionId" = '${motionId}'`);
  const twice = await count(`SELECT COUNT(*) AS n FROM (SELECT "memberId" FROM "VoteParticipation" WHERE "motionId" = '${motionId}' GROUP BY "memberId" HAVING COUNT(*) > 1) AS t`);
  const missing = await count(
    `SELECT COUNT(*) AS n FROM "MotionEligibility" e WHERE e."motionId" = '${motionId}' AND NOT EXISTS (SELECT 1 FROM "VoteParticipation" p WHERE p."motionId" = e."motionId" AND p."memberId" = e."memberId")`,
  );
  const eligible = await count(`SELECT COUNT(*) AS n FROM "MotionEligibility" WHERE "motionId" = '${motionId}'`);
  const recorded = outcomes.get('recorded') ?? 0;
  const refusal = secret ? 'governance.errors.alreadyVotedSecret' : 'governance.errors.alreadyVoted';
  const refused = outcomes.get(refusal) ?? 0;
  const other = Object.fromEntries([...outcomes].filter(([k]) => k !== 'recorded' && k !== refusal));
  const answer = summarize(times);
  return {
    mode,
    secret,
    ...(closeMs !== undefined ? { closeMs } : {}),
    motionId,
    eligibleOrganisations: eligible,
    attempts: attempts.length,
    recorded,
    refusedAsAlreadyVoted: refused,
    otherOutcomes: other,
    participationRows,
    openVoteRows,
    organisationsRecordedTwice: twice,
    eligibleWithoutVote: missing,
    exactlyOnce: twice === 0 && missing === 0 && participationRows === eligible && openVoteRows === eligible && recorded === eligible,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    gcMs: Math.round(gcMs),
    votesPerSecond: Math.round((participationRows / wallMs) * 1000),
    answer,
    target: `p99 < ${TARGET_BURST_P99_MS} ms: ${answer.p99 < TARGET_BURST_P99_MS ? 'met' : 'MISSED'}`,
  };
}

interface ScanPoint {
  members: number;
  activities: number;
  wallMs: LatencySummary;
  queries: number;
  standings: Record<string, number>;
}

/** The yearly standings every nudge run and report starts from (ActivityService.report), with its SQL statements counted. */
async function inactivityScan(url: string): Promise<{ points: ScanPoint[]; queriesGrowWithMembers: boolean; target: string; seedMs: number }> {
  let seedMs = 0;
  const sizes = [
    { members: 1_000, perMember: 20 },
    { members: 10_000, perMember: 20 },
  ];
  // Statements are counted only around the scan itself, not while seeding.
  let counting = false;
  let queries = 0;
  const counted = await openApp(url, () => {
    if (counting) queries++;
  });
  const points: ScanPoint[] = [];
  try {
    const seedStarted = performance.now();
    const clusters = [];
    for (const s of sizes) clusters.push({ ...s, id: await seedScanCluster(counted, counted.bench.seed, s.members, s.perMember) });
    seedMs = Math.round(performance.now() - seedStarted);
    counting = true;
    for (const c of clusters) {
      const cluster = await counted.services.clusters.byId(c.id);
      const year = BENCH_NOW.getUTCFullYear();
      await counted.services.activity.report(cluster, year, BENCH_NOW);
      const runs: number[] = [];
      let perRun = 0;
      let standings: Record<string, number> = {};
      for (let i = 0; i < 5; i++) {
        queries = 0;
        const t0 = performance.now();
        const rows = await counted.services.activity.report(cluster, year, BENCH_NOW);
        runs.push(performance.now() - t0);
        perRun = queries;
        standings = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.standing]: (acc[r.standing] ?? 0) + 1 }), {});
        if (rows.length !== c.members) throw new Error(`scan returned ${rows.length} of ${c.members} organisations`);
      }
      points.push({ members: c.members, activities: c.members * c.perMember, wallMs: summarize(runs), queries: perRun, standings });
    }
  } finally {
    await counted.close();
  }
  const big = points[points.length - 1]!;
  return {
    points,
    queriesGrowWithMembers: points[0]!.queries !== big.queries,
    target: `< ${TARGET_SCAN_MS} ms at 10,000 members: ${big.wallMs.p50 < TARGET_SCAN_MS ? 'met' : 'MISSED'} (median of 5)`,
    seedMs,
  };
}

interface ProviderResult {
  provider: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  seed?: { ms: number; counts: Record<string, number> };
  latency?: CommandLatency[];
  autocomplete?: AutocompleteResult[];
  burst?: BurstResult[];
  raw?: { sequential: RawResult; concurrent: RawResult; ratio: { burstWall: number; votesPerSecond: number; sequentialP50: number }; note: string };
  scan?: Awaited<ReturnType<typeof inactivityScan>>;
  charts?: ChartsResult;
  startup?: StartupResult;
}

async function runProvider(provider: 'sqlite' | 'postgresql', url: string, sqliteFile?: string): Promise<ProviderResult> {
  log(`[${provider}] migrating and seeding`);
  const counter: QueryCounter = { on: false, n: 0 };
  const app = await openApp(url, () => {
    if (counter.on) counter.n++;
  });
  let closed = false;
  const result: ProviderResult = { provider, status: 'ok' };
  try {
    const seedStarted = performance.now();
    const seeded = await seedCluster(app, app.bench.seed);
    result.seed = { ms: Math.round(performance.now() - seedStarted), counts: seeded.counts };
    log(`[${provider}] seeded in ${result.seed.ms} ms`);
    if (runs('latency')) {
      log(`[${provider}] command latency`);
      result.latency = await commandLatencies(app, seeded, provider, counter);
    }
    if (runs('burst') || runs('raw')) {
      // A bot of its own, configured as production runs it: the counting one above pays for an
      // event per SQL statement, which no deployed bot does.
      const asDeployed = await openApp(url);
      // Started as src/main.ts starts the bot: its PostgreSQL connections open before the first press.
      await asDeployed.db.openConnections();
      try {
        log(`[${provider}] vote burst, all presses in one tick (motion 1)`);
        const burst = [await voteBurst(asDeployed, seeded, seeded.motionIds[0]!, 'same-tick')];
        log(`[${provider}] vote burst, one event-loop turn per press (motion 5)`);
        burst.push(await voteBurst(asDeployed, seeded, seeded.motionIds[4]!, 'own-turn'));
        log(`[${provider}] secret vote burst, all presses in one tick`);
        burst.push(await voteBurst(asDeployed, seeded, seeded.secretMotionId, 'same-tick', true));
        result.burst = burst;
      } finally {
        await asDeployed.close();
      }
    }
    if (runs('raw') && result.burst) {
      // The raw driver is compared with the burst that recorded its votes (the realistic one if both did).
      const compared = [...result.burst].reverse().find((b) => !b.secret && b.participationRows > 0) ?? result.burst[1]!;
      log(`[${provider}] raw driver votes`);
      const rawVotes = seeded.mainOrgs.map((o: Org, i) => ({ memberId: o.id, personId: `bench-p-${seeded.orgs.indexOf(o)}-0`, i }));
      const ctx = (pass: string) => ({ clusterId: seeded.clusterId, motionId: `raw-${pass}-motion`, meetingKey: `raw-${pass}-meeting`, at: BENCH_NOW });
      let sequential: RawResult;
      let concurrent: RawResult;
      if (provider === 'sqlite') {
        const [sample] = await app.bench.rawQuery<{ t: string }>(`SELECT typeof("castAt") AS t FROM "VoteParticipation" LIMIT 1`);
        // better-sqlite3 is synchronous and SQLite has one writer: the sequential pass is also its burst.
        sequential = rawSqliteVotes(sqliteFile!, rawVotes, ctx('seq'), sample?.t === 'integer');
        concurrent = sequential;
      } else {
        sequential = await rawPostgresVotes(url, rawVotes, ctx('seq'), 1);
        concurrent = await rawPostgresVotes(url, rawVotes, ctx('burst'), 10);
      }
      const voteLatency = result.latency?.find((l) => l.command === '/vote (cast)');
      const ratio = {
        burstWall: round(compared.wallMs / concurrent.wallMs),
        votesPerSecond: round(concurrent.votesPerSecond / Math.max(1, compared.votesPerSecond)),
        sequentialP50: voteLatency ? round(voteLatency.p50 / sequential.perVote.p50) : NaN,
      };
      const note =
        'raw = the 3 rows a recorded vote writes (VoteParticipation, OpenVote, vote Activity), one transaction each, prepared statements; ' +
        'ours = the whole interaction (cluster, actor, permission, motion and eligibility checks, lock, writes, reply). ratio = ours / raw';
      result.raw = { sequential, concurrent, ratio, note };
    }
    if (runs('autocomplete')) {
      result.autocomplete = [];
      for (const size of PICKER_SIZES) {
        let cluster = BENCH_CLUSTER;
        if (size !== seeded.orgs.length) {
          log(`[${provider}] seeding ${size} organisations for the pickers`);
          cluster = (await seedPickerCluster(app, app.bench.seed, size)).externalId;
        }
        log(`[${provider}] autocomplete at ${size} organisations`);
        result.autocomplete.push(await autocompleteLatencies(app, cluster, size, counter));
      }
    }
    if (runs('charts')) {
      log(`[${provider}] yearly evaluation charts (seeding a 300-organisation year)`);
      result.charts = await chartsBench(app, app.bench.seed);
    }

    await app.close();
    closed = true;
    if (runs('scan')) {
      // A second app (the first is closed: SQLite's migration check wants the file to itself) counts statements.
      log(`[${provider}] inactivity scan (seeding 1,000 + 10,000 organisations, 220,000 activities)`);
      result.scan = await inactivityScan(url);
    }
    return result;
  } finally {
    if (!closed) await app.close();
  }
}

let bundled: string | undefined;
/** This file, bundled as production bundles the bot (built once per run). */
const measuredBundle = () => (bundled ??= benchBundle(ROOT, path.relative(ROOT, fileURLToPath(import.meta.url))));

/**
 * Each provider runs in its own process: its figures are not skewed by the other's heap, and the
 * migration engine (one wasm instance per process, src/db/migrate.ts) once panicked when asked to
 * migrate PostgreSQL after SQLite in the same process.
 */
function runProviderInChild(provider: 'sqlite' | 'postgresql', url: string, sqliteFile?: string): Promise<ProviderResult> {
  const out = path.join(tmpdir(), `pkes-bench-${provider}-${process.pid}.json`);
  // Migrated first by `npm run db:migrate`'s script in its own process, as a deployment does, so the
  // measured process never loads the migration engine (see the note above).
  const migrated = spawnSync(process.execPath, ['--import', 'tsx', 'src/db/migrate-cli.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, DATABASE_URL: url }, encoding: 'utf8' });
  if (migrated.status !== 0) log(`[${provider}] db:migrate exited with ${migrated.status}: ${(migrated.stderr ?? '').split('\n').slice(-4).join(' ').slice(0, 500)}`);
  return new Promise((resolve) => {
    // With the Node flags `npm start` runs the bot with, so every figure is the production process's.
    const child = spawn(process.execPath, [...startFlags(ROOT), measuredBundle()], {
      cwd: ROOT,
      env: { ...process.env, BENCH_CHILD: JSON.stringify({ provider, url, sqliteFile, out }) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as ProviderResult);
      } catch {
        resolve({ provider, status: 'failed', reason: `the benchmark process exited with ${code} and wrote no result` });
      } finally {
        rmSync(out, { force: true });
      }
    });
  });
}

async function childMain(spec: { provider: 'sqlite' | 'postgresql'; url: string; sqliteFile?: string; out: string }): Promise<void> {
  let result: ProviderResult;
  try {
    result = await runProvider(spec.provider, spec.url, spec.sqliteFile);
  } catch (error) {
    result = { provider: spec.provider, status: 'failed', reason: (error as Error).stack ?? String(error) };
  }
  writeFileSync(spec.out, JSON.stringify(result));
}

async function postgres(): Promise<{ result: ProviderResult; url?: string; drop?: () => Promise<void> }> {
  if (PG_ADMIN_URL === 'off') return { result: { provider: 'postgresql', status: 'skipped', reason: 'BENCH_PG_URL=off' } };
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return { result: { provider: 'postgresql', status: 'skipped', reason: `unreachable at ${PG_ADMIN_URL}: ${(error as Error).message}` } };
  }
  const name = `pkes_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  return { result: await runProviderInChild('postgresql', url.toString()), url: url.toString(), drop };
}

/** The Discord engineer's idle-memory benchmark, run as is; its JSON goes into the results. */
async function discordIdle(): Promise<unknown> {
  const script = path.join(ROOT, 'bench', 'discord-idle.ts');
  if (!existsSync(script)) return { status: 'skipped', reason: 'bench/discord-idle.ts not present' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { PATH: process.env.PATH, BENCH_IDLE_MS: process.env.BENCH_IDLE_MS ?? '30000' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out.slice(out.indexOf('{'))));
      } catch {
        resolve({ status: 'failed', exitCode: code, output: out.slice(0, 2000) });
      }
    });
  });
}

const round = (x: number) => Math.round(x * 100) / 100;
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

function print(results: ProviderResult[], idle: unknown): void {
  for (const r of results) {
    console.log(`\n## ${r.provider}: ${r.status}${r.reason ? ` (${r.reason.split('\n')[0]})` : ''}`);
    if (r.status !== 'ok') continue;
    console.log(`seeded ${Object.entries(r.seed!.counts).map(([k, v]) => `${v} ${k}`).join(', ')} in ${r.seed!.ms} ms\n`);
    if (r.latency) {
      console.log(table(r.latency.map((l) => ({ command: l.command, n: l.n, 'p50 ms': l.p50, 'p99 ms': l.p99, 'max ms': l.max, 'SQL/call': l.queries, errors: l.errors, target: l.target }))));
      for (const l of r.latency) if (l.firstError) console.log(`  ${l.command} first error: ${l.firstError}`);
    }
    for (const a of r.autocomplete ?? []) {
      console.log(`\nautocomplete of a member organisation by the coordinator, ${a.organisations} organisations: ${a.all.target} (all cases together)`);
      console.log(
        table([...a.cases, { ...a.all, case: 'all together' }].map((l) => ({ typed: l.case, n: l.n, 'p50 ms': l.p50, 'p99 ms': l.p99, 'max ms': l.max, 'SQL/call': l.queries, errors: l.errors, target: l.target }))),
      );
      for (const l of a.cases) if (l.firstError) console.log(`  ${l.command} first error: ${l.firstError}`);
    }
    for (const b of r.burst ?? []) {
      console.log(`\n${b.secret ? 'secret ' : ''}vote burst (${b.mode}): ${b.attempts} presses by the representatives of ${b.eligibleOrganisations} eligible organisations at once${b.closeMs !== undefined ? `; the close counting the last batch took ${b.closeMs} ms` : ''}`);
      console.log(
        table([
          {
            recorded: b.recorded,
            'already voted': b.refusedAsAlreadyVoted,
            other: JSON.stringify(b.otherOutcomes),
            'rows (part./open)': `${b.participationRows}/${b.openVoteRows}`,
            'exactly once': b.exactlyOnce ? 'yes' : 'NO',
            'p50 ms': b.answer.p50,
            'p99 ms': b.answer.p99,
            'votes/s': b.votesPerSecond,
            'CPU ms': b.cpuMs,
            'GC ms': b.gcMs,
            target: b.target,
          },
        ]),
      );
    }
    const raw = r.raw;
    if (raw && r.burst) {
      const b = [...r.burst].reverse().find((x) => !x.secret && x.participationRows > 0) ?? r.burst[1]!;
      console.log(`\nraw driver, the same ${raw.sequential.votes} votes' rows (participation, open vote, activity), a transaction each:`);
      console.log(
        table([
          { what: `ours: /vote (cast) one by one; burst (${b.mode})`, 'per vote p50 ms': r.latency?.find((l) => l.command === '/vote (cast)')?.p50 ?? '-', 'burst wall ms': b.wallMs, 'burst votes/s': b.votesPerSecond },
          { what: `raw: one by one; ${raw.concurrent.concurrency === 1 ? 'same (single writer)' : `all at once, pool ${raw.concurrent.concurrency}`}`, 'per vote p50 ms': raw.sequential.perVote.p50, 'burst wall ms': raw.concurrent.wallMs, 'burst votes/s': raw.concurrent.votesPerSecond },
          { what: 'ours / raw', 'per vote p50 ms': raw.ratio.sequentialP50, 'burst wall ms': raw.ratio.burstWall, 'burst votes/s': `1/${raw.ratio.votesPerSecond}` },
        ]),
      );
    }
    const s = r.scan;
    if (s) {
      console.log(`\ninactivity scan (ActivityService.report): ${s.target}; queries grow with members: ${s.queriesGrowWithMembers ? 'YES' : 'no'}`);
      console.log(
        table(s.points.map((p) => ({ members: p.members, activities: p.activities, 'p50 ms': p.wallMs.p50, 'max ms': p.wallMs.max, 'SQL queries': p.queries, standings: JSON.stringify(p.standings) }))),
      );
    }
    const c = r.charts;
    if (c) {
      console.log(`\nyearly evaluation, /report evaluation (${c.organisations} organisations, ${c.charts} charts, ${Math.round(c.pngBytes / 1024)} KiB of PNG): ${c.target}`);
      console.log(table([{ 'first (libraries load) ms': c.coldMs, 'warm p50 ms': c.warm.p50, 'warm max ms': c.warm.max, 'warm CPU p50 ms': c.warmCpu.p50, 'numbers alone p50 ms': c.numbers.p50 }]));
    }
    if (r.startup) {
      const st = r.startup;
      console.log(`\nstart to ready on this database (Discord HTTP interactions): spawn→serving ${st.spawnToServingMs} ms, "ready" log ${st.readyLogMs} ms, RSS ${st.rssAtReadyMiB} MiB at ready, ${st.rssAfterIdleMiB} MiB after ${st.idleMs} ms idle`);
    }
  }
  if (!runs('idle')) return;
  console.log('\n## Discord idle memory (bench/discord-idle.ts)');
  type Mode = { rssMiB: number; justAfterMiB: number; readyMsOnExistingDatabase: number };
  const d = idle as { http?: Mode; httpMetrics?: Mode; gateway?: Mode; idleMs?: number; status?: string };
  if (d.http) {
    console.log(
      table([
        ...[
          ['HTTP interactions', d.http],
          ['HTTP interactions, metrics on (METRICS_ENABLED)', d.httpMetrics],
          ['gateway, connected (loopback stand-in)', d.gateway],
        ]
          .filter((row): row is [string, Mode] => Boolean(row[1]))
          .map(([mode, m]) => ({
            'mode (npm start: bundle + nodeFlags)': mode,
            'RSS MiB after last command': m.justAfterMiB,
            [`RSS MiB idle ${Math.round((d.idleMs ?? 0) / 1000)} s`]: m.rssMiB,
            'idle RSS MB': Math.round(m.rssMiB * 1.048576 * 10) / 10,
            'start to ready ms': m.readyMsOnExistingDatabase,
            target: idleTarget(m.rssMiB),
          })),
      ]),
    );
  } else console.log(JSON.stringify(idle));
}

async function main() {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'pkes-bench-'));
  const sqliteFile = path.join(dir, 'bench.db');
  const results: ProviderResult[] = [];
  let idle: unknown = { status: 'skipped', reason: runs('idle') ? 'BENCH_SKIP_IDLE=1' : `BENCH_ONLY=${ONLY.join(',')}` };
  try {
    const sqliteUrl = `file:${sqliteFile}`;
    results.push(await runProviderInChild('sqlite', sqliteUrl, sqliteFile));
    const pgRun = await postgres();
    results.push(pgRun.result);
    if (!process.env.BENCH_SKIP_IDLE && runs('idle')) {
      log('start to ready on the seeded databases, and idle memory');
      const flags = buildBundle(ROOT);
      const sqlite = results[0]!;
      if (sqlite.status === 'ok') sqlite.startup = await measureStartup(ROOT, flags, sqliteUrl).catch((e: Error) => ({ error: e.message }) as never);
      if (pgRun.result.status === 'ok' && pgRun.url) pgRun.result.startup = await measureStartup(ROOT, flags, pgRun.url).catch((e: Error) => ({ error: e.message }) as never);
      idle = await discordIdle();
    }
    await pgRun.drop?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, platform: process.platform },
    samplesPerCommand: N,
    totalMs: Math.round(performance.now() - started),
    providers: results,
    discordIdle: idle,
  };
  // A partial run does not overwrite the full figures README quotes.
  const file = ONLY.length ? `results-${ONLY.join('-')}.json` : 'results.json';
  writeFileSync(path.join(ROOT, 'bench', file), JSON.stringify({ ...summary, ...(ONLY.length ? { only: ONLY } : {}) }, null, 2) + '\n');
  print(results, idle);
  console.log(`\nwritten bench/${file} in ${Math.round(summary.totalMs / 1000)} s`);
}

if (process.env.BENCH_CHILD) await childMain(JSON.parse(process.env.BENCH_CHILD));
else await main();
