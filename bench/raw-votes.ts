/**
 * The rows one recorded vote writes (participation, open ballot choice, the automatic "vote"
 * activity), inserted with the raw driver and prepared statements, one transaction per vote: the
 * floor our command core is compared with.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { summarize, type LatencySummary } from './lib.ts';

export interface RawVote {
  memberId: string;
  personId: string;
}

export interface RawResult {
  votes: number;
  wallMs: number;
  votesPerSecond: number;
  perVote: LatencySummary;
  concurrency: number;
}

interface Ctx {
  clusterId: string;
  motionId: string;
  meetingKey: string;
  at: Date;
}

const INSERT_PARTICIPATION = 'INSERT INTO "VoteParticipation" ("id", "motionId", "memberId", "castByPersonId", "proxyMemberId", "castAt") VALUES ';
const INSERT_OPEN_VOTE = 'INSERT INTO "OpenVote" ("id", "motionId", "memberId", "choice", "updatedAt") VALUES ';
const INSERT_ACTIVITY =
  'INSERT INTO "Activity" ("id", "clusterId", "memberId", "loggedByPersonId", "kind", "date", "title", "description", "source", "sourceKey", "status", "createdAt") VALUES ';

/** better-sqlite3 is synchronous: the votes go one after another, as SQLite's single writer would take them anyway. */
export function rawSqliteVotes(file: string, votes: RawVote[], ctx: Ctx, dateAsNumber: boolean): RawResult {
  const db = new BetterSqlite3(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const at = dateAsNumber ? ctx.at.getTime() : ctx.at.toISOString();
  const participation = db.prepare(`${INSERT_PARTICIPATION}(?, ?, ?, ?, NULL, ?)`);
  const openVote = db.prepare(`${INSERT_OPEN_VOTE}(?, ?, ?, ?, ?)`);
  const activity = db.prepare(`${INSERT_ACTIVITY}(?, ?, ?, ?, 'network-initiative', ?, 'Walne', '', 'vote', ?, 'confirmed', ?)`);
  const cast = db.transaction((v: RawVote, i: number) => {
    participation.run(`${ctx.motionId}-vp${i}`, ctx.motionId, v.memberId, v.personId, at);
    openVote.run(`${ctx.motionId}-ov${i}`, ctx.motionId, v.memberId, '["yes"]', at);
    activity.run(`${ctx.motionId}-ac${i}`, ctx.clusterId, v.memberId, v.personId, at, `vote:${ctx.meetingKey}`, at);
  });
  const samples: number[] = [];
  const started = performance.now();
  votes.forEach((v, i) => {
    const t0 = performance.now();
    cast.immediate(v, i);
    samples.push(performance.now() - t0);
  });
  const wallMs = performance.now() - started;
  db.close();
  return { votes: votes.length, wallMs: round(wallMs), votesPerSecond: Math.round((votes.length / wallMs) * 1000), perVote: summarize(samples), concurrency: 1 };
}

/**
 * pg prepared statements. `poolSize` 1 runs the votes one after another (per-vote latency);
 * 10, as large as Prisma's pool, starts them all at once like the burst (throughput).
 */
export async function rawPostgresVotes(url: string, votes: RawVote[], ctx: Ctx, poolSize = 10): Promise<RawResult> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const samples: number[] = [];
  const castOne = async (v: RawVote, i: number) => {
    const t0 = performance.now();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query({ name: 'raw-vp', text: `${INSERT_PARTICIPATION}($1, $2, $3, $4, NULL, $5)`, values: [`${ctx.motionId}-vp${i}`, ctx.motionId, v.memberId, v.personId, ctx.at] });
      await client.query({ name: 'raw-ov', text: `${INSERT_OPEN_VOTE}($1, $2, $3, $4, $5)`, values: [`${ctx.motionId}-ov${i}`, ctx.motionId, v.memberId, '["yes"]', ctx.at] });
      await client.query({
        name: 'raw-ac',
        text: `${INSERT_ACTIVITY}($1, $2, $3, $4, 'network-initiative', $5, 'Walne', '', 'vote', $6, 'confirmed', $7)`,
        values: [`${ctx.motionId}-ac${i}`, ctx.clusterId, v.memberId, v.personId, ctx.at, `vote:${ctx.meetingKey}`, ctx.at],
      });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    samples.push(performance.now() - t0);
  };
  const started = performance.now();
  if (poolSize === 1) {
    // One after another: each sample is the vote's own time, not time queueing for a connection.
    for (const [i, v] of votes.entries()) await castOne(v, i);
  } else {
    await Promise.all(votes.map((v, i) => castOne(v, i)));
  }
  const wallMs = performance.now() - started;
  await pool.end();
  return { votes: votes.length, wallMs: round(wallMs), votesPerSecond: Math.round((votes.length / wallMs) * 1000), perVote: summarize(samples), concurrency: poolSize };
}

const round = (x: number) => Math.round(x * 100) / 100;
