/**
 * `npm run bench`: latency, vote burst, raw-driver comparison, inactivity scan and idle memory,
 * on SQLite (temp file) and on PostgreSQL when reachable. Writes bench/results.json and prints
 * tables. Not part of `npm test`.
 *
 * Environment: BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres; "off" skips),
 * BENCH_N (samples per command, default 300), BENCH_SKIP_IDLE=1 skips the child-process figures.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/core/clock.ts';
import type { Invocation } from '../src/core/dispatcher.ts';
import type { PlatformNotifier } from '../src/core/notifier.ts';
import type { Reply } from '../src/core/reply.ts';
import { measure, summarize, table, type LatencySummary } from './lib.ts';
import { rawPostgresVotes, rawSqliteVotes, type RawResult } from './raw-votes.ts';
import { BENCH_CLUSTER, BENCH_NOW, COORDINATOR_USER, seedCluster, seedScanCluster, type Org, type SeededCluster } from './seed.ts';
import { measureStartup, type StartupResult } from './startup.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 300);
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const TARGET_P99_MS = 30;
const TARGET_BURST_P99_MS = 250;
const TARGET_SCAN_MS = 1000;
const TARGET_IDLE_MIB = 120;

/** Nothing leaves the process: the benchmarks measure the command core, not a platform. */
const nullNotifier: PlatformNotifier = {
  platform: 'console',
  sendPrivate: async () => ({ status: 'sent' }),
  postToChannel: async () => undefined,
};

const silent = pino({ level: 'silent' });

async function openApp(url: string, onQuery?: (sql: string) => void): Promise<App> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, SCHEDULER_ENABLED: 'false' });
  const app = await createApp({ config, log: silent, clock: new ManualClock(BENCH_NOW), jobs: [], ...(onQuery ? { onQuery } : {}) });
  app.services.notifications.register(nullNotifier);
  return app;
}

type Dispatch = (user: string, inv: Record<string, unknown>) => Promise<Reply>;

function dispatcherOf(app: App): Dispatch {
  return (user, inv) =>
    app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: BENCH_CLUSTER }, user: { id: user, displayName: user }, channelId: 'bench', ...inv } as Invocation);
}

interface CommandLatency extends LatencySummary {
  command: string;
  /** Replies that were an error message: a benchmark figure only counts if this is 0. */
  errors: number;
  firstError?: string;
  target: string;
}

/** Times one command N times; every reply is checked, so a fast refusal cannot pass as a fast answer. */
async function latency(command: string, n: number, target: number | null, call: (i: number) => Promise<Reply>): Promise<CommandLatency> {
  let errors = 0;
  let firstError: string | undefined;
  const summary = await measure(n, async (i) => {
    const reply = await call(i);
    if (i >= 0 && (reply.tone === 'error' || reply.errorId)) {
      errors++;
      firstError ??= `${reply.errorId}: ${reply.text?.slice(0, 200)}`;
    }
  });
  return { command, ...summary, errors, ...(firstError ? { firstError } : {}), target: target === null ? '-' : `p99 < ${target} ms: ${summary.p99 < target ? 'met' : 'MISSED'}` };
}

async function commandLatencies(app: App, seeded: SeededCluster, provider: string): Promise<CommandLatency[]> {
  const dispatch = dispatcherOf(app);
  const allReps = seeded.orgs.flatMap((o) => o.reps);
  const rep = (i: number) => allReps[(i + allReps.length) % allReps.length]!;
  const results: CommandLatency[] = [];
  results.push(
    await latency('/activity log', N, TARGET_P99_MS, (i) =>
      dispatch(rep(i * 7), {
        kind: 'command',
        command: 'activity',
        subcommand: 'log',
        options: { kind: 'event', date: '2026-11-1' + String((i + 10) % 10), title: `Pomiar ${provider} ${i}`, description: 'Spotkanie robocze w ramach pomiaru' },
      }),
    ),
  );
  results.push(await latency('/activity status', N, TARGET_P99_MS, (i) => dispatch(rep(i * 13), { kind: 'command', command: 'activity', subcommand: 'status', options: {} })));
  // Motions 2..5: each cast is a new organisation's first vote (motion 1 is kept for the burst).
  const pairs = seeded.motionIds.slice(1).flatMap((motionId) => seeded.mainOrgs.map((org) => ({ motionId, org })));
  if (pairs.length < N + 5) throw new Error('not enough fresh (motion, organisation) pairs for the /vote sample');
  results.push(
    await latency('/vote (cast)', N, TARGET_P99_MS, (i) => {
      const { motionId, org } = pairs[i + 5]!;
      return dispatch(org.reps[0]!, { kind: 'action', action: { command: 'vote', action: 'cast', args: [motionId, org.id, 'n', '0'] } });
    }),
  );
  results.push(await latency('/barter list', N, TARGET_P99_MS, (i) => dispatch(rep(i * 11), { kind: 'command', command: 'barter', subcommand: 'list', options: {} })));
  results.push(
    await latency('/report activity', Math.max(10, Math.round(N / 10)), null, () => dispatch(COORDINATOR_USER, { kind: 'command', command: 'report', subcommand: 'activity', options: {} })),
  );
  return results;
}

interface BurstResult {
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
  votesPerSecond: number;
  answer: LatencySummary;
  target: string;
}

/** Every representative of every eligible organisation presses "yes" at the same moment. */
async function voteBurst(app: App, seeded: SeededCluster): Promise<BurstResult> {
  const dispatch = dispatcherOf(app);
  const motionId = seeded.motionIds[0]!;
  const attempts = seeded.mainOrgs.flatMap((org) => org.reps.map((user) => ({ org, user })));
  const outcomes = new Map<string, number>();
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    attempts.map(async ({ org, user }) => {
      const reply = await dispatch(user, { kind: 'action', action: { command: 'vote', action: 'cast', args: [motionId, org.id, 'n', '0'] } });
      times.push(performance.now() - started);
      const outcome = reply.errorId ?? (reply.tone === 'success' ? 'recorded' : `tone:${reply.tone}`);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }),
  );
  const wallMs = performance.now() - started;
  const count = async (sql: string) => Number((await app.db.rawQuery<{ n: number | bigint }>(sql))[0]?.n ?? 0);
  const participationRows = await count(`SELECT COUNT(*) AS n FROM "VoteParticipation" WHERE "motionId" = '${motionId}'`);
  const openVoteRows = await count(`SELECT COUNT(*) AS n FROM "OpenVote" WHERE "motionId" = '${motionId}'`);
  const twice = await count(`SELECT COUNT(*) AS n FROM (SELECT "memberId" FROM "VoteParticipation" WHERE "motionId" = '${motionId}' GROUP BY "memberId" HAVING COUNT(*) > 1) AS t`);
  const missing = await count(
    `SELECT COUNT(*) AS n FROM "MotionEligibility" e WHERE e."motionId" = '${motionId}' AND NOT EXISTS (SELECT 1 FROM "VoteParticipation" p WHERE p."motionId" = e."motionId" AND p."memberId" = e."memberId")`,
  );
  const eligible = await count(`SELECT COUNT(*) AS n FROM "MotionEligibility" WHERE "motionId" = '${motionId}'`);
  const recorded = outcomes.get('recorded') ?? 0;
  const refused = outcomes.get('governance.errors.alreadyVoted') ?? 0;
  const other = Object.fromEntries([...outcomes].filter(([k]) => k !== 'recorded' && k !== 'governance.errors.alreadyVoted'));
  const answer = summarize(times);
  return {
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
async function inactivityScan(url: string, app: App): Promise<{ points: ScanPoint[]; queriesGrowWithMembers: boolean; target: string; seedMs: number }> {
  const sizes = [
    { members: 1_000, perMember: 20 },
    { members: 10_000, perMember: 20 },
  ];
  const seedStarted = performance.now();
  const clusters = [];
  for (const s of sizes) clusters.push({ ...s, id: await seedScanCluster(app, s.members, s.perMember) });
  const seedMs = Math.round(performance.now() - seedStarted);
  let queries = 0;
  const counted = await openApp(url, () => queries++);
  const points: ScanPoint[] = [];
  try {
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
  burst?: BurstResult;
  raw?: RawResult & { ratio: { burstWall: number; votesPerSecond: number; sequentialP50: number }; note: string };
  scan?: Awaited<ReturnType<typeof inactivityScan>>;
  startup?: StartupResult;
}

async function runProvider(provider: 'sqlite' | 'postgresql', url: string, sqliteFile?: string): Promise<ProviderResult> {
  log(`[${provider}] migrating and seeding`);
  const app = await openApp(url);
  try {
    const seedStarted = performance.now();
    const seeded = await seedCluster(app);
    const seed = { ms: Math.round(performance.now() - seedStarted), counts: seeded.counts };
    log(`[${provider}] seeded in ${seed.ms} ms; measuring command latency`);
    const lat = await commandLatencies(app, seeded, provider);
    log(`[${provider}] vote burst`);
    const burst = await voteBurst(app, seeded);

    log(`[${provider}] raw driver votes`);
    const rawVotes = seeded.mainOrgs.map((o: Org, i) => ({ memberId: o.id, personId: `bench-p-${seeded.orgs.indexOf(o)}-0`, i }));
    const ctx = { clusterId: seeded.clusterId, motionId: 'raw-driver-motion', meetingKey: 'raw-driver-meeting', at: BENCH_NOW };
    let raw: RawResult;
    if (provider === 'sqlite') {
      const [sample] = await app.db.rawQuery<{ t: string }>(`SELECT typeof("castAt") AS t FROM "VoteParticipation" LIMIT 1`);
      raw = rawSqliteVotes(sqliteFile!, rawVotes, ctx, sample?.t === 'integer');
    } else {
      raw = await rawPostgresVotes(url, rawVotes, ctx);
    }
    const voteLatency = lat.find((l) => l.command === '/vote (cast)')!;
    const ratio = {
      burstWall: round(burst.wallMs / raw.wallMs),
      votesPerSecond: round(raw.votesPerSecond / Math.max(1, burst.votesPerSecond)),
      sequentialP50: round(voteLatency.p50 / raw.perVote.p50),
    };
    const note =
      'raw = the 3 rows a recorded vote writes (VoteParticipation, OpenVote, vote Activity), one transaction each, prepared statements; ' +
      'ours = the whole interaction (cluster, actor, permission, motion and eligibility checks, lock, writes, reply). ratio = ours / raw';

    log(`[${provider}] inactivity scan (seeding 1,000 + 10,000 organisations, 220,000 activities)`);
    const scan = await inactivityScan(url, app);
    return { provider, status: 'ok', seed, latency: lat, burst, raw: { ...raw, ratio, note }, scan };
  } finally {
    await app.close();
  }
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
  try {
    return { result: await runProvider('postgresql', url.toString()), url: url.toString(), drop };
  } catch (error) {
    return { result: { provider: 'postgresql', status: 'failed', reason: (error as Error).stack ?? String(error) }, url: url.toString(), drop };
  }
}

/** The Discord engineer's idle-memory benchmark, run as is; its JSON goes into the results. */
async function discordIdle(): Promise<unknown> {
  const script = path.join(ROOT, 'bench', 'discord-idle.ts');
  if (!existsSync(script)) return { status: 'skipped', reason: 'bench/discord-idle.ts not present' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { PATH: process.env.PATH, BENCH_IDLE_MS: process.env.BENCH_IDLE_MS ?? '5000' }, stdio: ['ignore', 'pipe', 'inherit'] });
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
    console.log(table(r.latency!.map((l) => ({ command: l.command, n: l.n, 'p50 ms': l.p50, 'p99 ms': l.p99, 'max ms': l.max, errors: l.errors, target: l.target }))));
    for (const l of r.latency!) if (l.firstError) console.log(`  ${l.command} first error: ${l.firstError}`);
    const b = r.burst!;
    console.log(`\nvote burst: ${b.attempts} presses by the representatives of ${b.eligibleOrganisations} eligible organisations at once`);
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
          target: b.target,
        },
      ]),
    );
    const raw = r.raw!;
    console.log(`\nraw driver, the same ${raw.votes} vote writes (concurrency ${raw.concurrency}):`);
    console.log(
      table([
        { what: 'ours (burst)', 'wall ms': b.wallMs, 'votes/s': b.votesPerSecond, 'per vote p50 ms': r.latency!.find((l) => l.command === '/vote (cast)')!.p50 },
        { what: 'raw driver', 'wall ms': raw.wallMs, 'votes/s': raw.votesPerSecond, 'per vote p50 ms': raw.perVote.p50 },
        { what: 'ours / raw', 'wall ms': raw.ratio.burstWall, 'votes/s': `1/${raw.ratio.votesPerSecond}`, 'per vote p50 ms': raw.ratio.sequentialP50 },
      ]),
    );
    const s = r.scan!;
    console.log(`\ninactivity scan (ActivityService.report): ${s.target}; queries grow with members: ${s.queriesGrowWithMembers ? 'YES' : 'no'}`);
    console.log(
      table(s.points.map((p) => ({ members: p.members, activities: p.activities, 'p50 ms': p.wallMs.p50, 'max ms': p.wallMs.max, 'SQL queries': p.queries, standings: JSON.stringify(p.standings) }))),
    );
    if (r.startup) {
      const st = r.startup;
      console.log(`\nstart to ready on this database (Discord HTTP interactions): spawn→serving ${st.spawnToServingMs} ms, "ready" log ${st.readyLogMs} ms, RSS ${st.rssAtReadyMiB} MiB at ready, ${st.rssAfterIdleMiB} MiB after ${st.idleMs} ms idle`);
    }
  }
  console.log('\n## Discord idle memory (bench/discord-idle.ts)');
  const d = idle as { http?: { rssMiB: number }; gatewayClient?: { rssMiB: number }; status?: string };
  if (d.http) {
    console.log(
      table([
        { mode: 'HTTP interactions (src/main.ts)', 'RSS MiB': d.http.rssMiB, target: `< ${TARGET_IDLE_MIB} MiB: ${d.http.rssMiB < TARGET_IDLE_MIB ? 'met' : 'MISSED'}` },
        ...(d.gatewayClient ? [{ mode: 'gateway client built, not connected', 'RSS MiB': d.gatewayClient.rssMiB, target: `< ${TARGET_IDLE_MIB} MiB: ${d.gatewayClient.rssMiB < TARGET_IDLE_MIB ? 'met' : 'MISSED'}` }] : []),
      ]),
    );
  } else console.log(JSON.stringify(idle));
}

async function main() {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'pkes-bench-'));
  const sqliteFile = path.join(dir, 'bench.db');
  const results: ProviderResult[] = [];
  let idle: unknown = { status: 'skipped', reason: 'BENCH_SKIP_IDLE=1' };
  try {
    const sqliteUrl = `file:${sqliteFile}`;
    try {
      results.push(await runProvider('sqlite', sqliteUrl, sqliteFile));
    } catch (error) {
      results.push({ provider: 'sqlite', status: 'failed', reason: (error as Error).stack ?? String(error) });
    }
    const pgRun = await postgres();
    results.push(pgRun.result);
    if (!process.env.BENCH_SKIP_IDLE) {
      log('start to ready and idle memory');
      const sqlite = results[0]!;
      if (sqlite.status === 'ok') sqlite.startup = await measureStartup(sqliteUrl).catch((e: Error) => ({ error: e.message }) as never);
      if (pgRun.result.status === 'ok' && pgRun.url) pgRun.result.startup = await measureStartup(pgRun.url).catch((e: Error) => ({ error: e.message }) as never);
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
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), JSON.stringify(summary, null, 2) + '\n');
  print(results, idle);
  console.log(`\nwritten bench/results.json in ${Math.round(summary.totalMs / 1000)} s`);
}

await main();
