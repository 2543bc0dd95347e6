import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { cluster, generalMeeting, latestMotionId, orgOf } from './support.ts';

/**
 * A General Meeting vote arrives as a burst: every organisation's representatives press at once,
 * and first votes cast at the same moment are written together. These tests check that the batch
 * gives each press the answer it would get alone, and that a race with another replica inside a
 * batch still records each organisation exactly once.
 */
const ORGS = 40;

async function votingCluster(t: TestApp) {
  await t.given('koord', { roles: ['coordinator'] });
  const reps: { user: string; org: string }[] = [];
  for (let o = 0; o < ORGS; o++) {
    const org = `Spółdzielnia Socjalna ${String(o).padStart(2, '0')}`;
    for (const r of ['a', 'b']) {
      await t.given(`rep-${o}-${r}`, { main: org });
      reps.push({ user: `rep-${o}-${r}`, org });
    }
  }
  await generalMeeting(t);
  return reps;
}

async function createMotion(t: TestApp, options: Record<string, unknown> = {}) {
  const reply = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00', ...options });
  expect(reply.tone, reply.text).toBe('success');
  return latestMotionId(t);
}

/** Every representative presses option `choiceOf(i)` in its own event-loop turn, all queued at once. */
async function burst<R extends { user: string }>(t: TestApp, reps: R[], motionId: string, choiceOf: (i: number) => number) {
  const orgIds = new Map<string, string>();
  for (const r of reps) orgIds.set(r.user, await orgOf(t, r.user));
  return Promise.all(
    reps.map(async (r, i) => {
      await new Promise((resolve) => setImmediate(resolve));
      const reply = await t.as(r.user).action('vote', 'cast', [motionId, orgIds.get(r.user)!, 'n', String(choiceOf(i))]);
      return { ...r, reply };
    }),
  );
}

const rowsOf = async (t: TestApp, table: string, motionId: string) => (await t.app.db.dumpTable(table)).filter((row) => row.motionId === motionId);

describe('a vote burst on SQLite', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('both representatives of every organisation press at once: one vote each, the other told it already voted, one activity per organisation', async () => {
    t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    const reps = await votingCluster(t);
    const open = await createMotion(t);
    const secret = await createMotion(t, { secret: true });

    const openReplies = await burst(t, reps, open, (i) => Math.floor(i / 2) % 3);
    const secretReplies = await burst(t, reps, secret, (i) => (Math.floor(i / 2) % 2 === 0 ? 0 : 1));

    for (const [replies, refusal] of [[openReplies, 'governance.errors.alreadyVoted'], [secretReplies, 'governance.errors.alreadyVotedSecret']] as const) {
      const byOrg = new Map<string, string[]>();
      for (const { org, reply } of replies) byOrg.set(org, [...(byOrg.get(org) ?? []), reply.errorId ?? reply.tone ?? '?'].sort());
      expect(byOrg.size).toBe(ORGS);
      for (const [org, outcomes] of byOrg) expect(outcomes, org).toEqual([refusal, 'success']);
    }
    // The loser is told which organisation voted, in its language.
    const refused = openReplies.find((r) => r.reply.errorId)!;
    expect(refused.reply.text).toContain(refused.org);

    expect(await rowsOf(t, 'VoteParticipation', open)).toHaveLength(ORGS);
    const openVotes = await rowsOf(t, 'OpenVote', open);
    expect(openVotes).toHaveLength(ORGS);
    // Each organisation's recorded choice is the one its winning representative pressed.
    const winners = openReplies.filter((r) => !r.reply.errorId);
    const expected = new Map<string, string>();
    for (const w of winners) expected.set(await orgOf(t, w.user), JSON.stringify([['yes', 'no', 'abstain'][Math.floor(Number(w.user.split('-')[1]))  % 3]]));
    for (const v of openVotes) expect(v.choice, String(v.memberId)).toBe(expected.get(String(v.memberId)));

    // Secret: every organisation holds one ballot row; all but the last k are counted already, the rest at the close.
    expect(await rowsOf(t, 'SealedBallot', secret)).toHaveLength(ORGS);
    const c0 = await cluster(t);
    await t.app.services.governance.close(c0.id, secret, null);
    expect(await rowsOf(t, 'VoteParticipation', secret)).toHaveLength(ORGS);
    expect(await rowsOf(t, 'OpenVote', secret)).toHaveLength(0);
    const tally = Object.fromEntries((await rowsOf(t, 'SecretTally', secret)).map((r) => [r.option, Number(r.count)]));
    expect(tally).toEqual({ yes: ORGS / 2, no: ORGS / 2, abstain: 0 });

    // Voting at the General Meeting counts as one activity per organisation, whatever the number of motions.
    const c = await cluster(t);
    const activities = (await t.app.db.dumpTable('Activity')).filter((a) => a.clusterId === c.id && String(a.sourceKey).startsWith('vote:'));
    expect(activities).toHaveLength(ORGS);
    expect(new Set(activities.map((a) => a.memberId)).size).toBe(ORGS);
  });

  it('reads are shared: a burst of 80 presses costs far fewer queries than presses', async () => {
    let queries = 0;
    let counting = false;
    t = await createTestApp({ start: '2026-03-10T15:00:00Z', onQuery: () => void (counting && queries++) });
    const reps = await votingCluster(t);
    const motionId = await createMotion(t);
    const orgIds = new Map<string, string>();
    for (const r of reps) orgIds.set(r.user, await orgOf(t, r.user));

    counting = true;
    const replies = await Promise.all(reps.map((r) => t.as(r.user).action('vote', 'cast', [motionId, orgIds.get(r.user)!, 'n', '0'])));
    counting = false;
    expect(replies.filter((r) => r.tone === 'success')).toHaveLength(ORGS);
    // One at a time this is about 12 statements per press (960); together, a few per step.
    expect(queries).toBeLessThan(reps.length / 4);
  });

  it('a secret burst costs a press no more: the process registers once, and batches are counted in the casts’ own commits', async () => {
    const statements: string[] = [];
    let counting = false;
    t = await createTestApp({ start: '2026-03-10T15:00:00Z', onQuery: (sql) => void (counting && statements.push(sql)) });
    const reps = await votingCluster(t);
    const motionId = await createMotion(t, { secret: true });
    const orgIds = new Map<string, string>();
    for (const r of reps) orgIds.set(r.user, await orgOf(t, r.user));

    counting = true;
    const replies = await Promise.all(reps.map((r, i) => t.as(r.user).action('vote', 'cast', [motionId, orgIds.get(r.user)!, 'n', String(i % 2)])));
    counting = false;
    expect(replies.filter((r) => r.tone === 'success')).toHaveLength(ORGS);
    // Every press of a first burst once wrote the process's heartbeat row, each waiting on the last.
    expect(statements.filter((sql) => /"BotProcess"|`BotProcess`/.test(sql) && /^\s*(INSERT|UPDATE)/i.test(sql))).toHaveLength(1);
    expect(statements.length).toBeLessThan(reps.length / 4);
    // Batches were counted while the burst ran, without transactions of their own: at most 2k − 1
    // ballots wait, at least k for the close (k = 5 by default).
    const counted = (await rowsOf(t, 'SealedBallot', motionId)).filter((r) => !r.sealed);
    expect(ORGS - counted.length).toBeGreaterThanOrEqual(5);
    expect(ORGS - counted.length).toBeLessThanOrEqual(2 * 5 - 1);
    expect(await rowsOf(t, 'VoteParticipation', motionId)).toHaveLength(counted.length);
  });
});

describe('a vote burst racing another replica on PostgreSQL', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('an organisation the other replica recorded inside the batch is told it already voted; every other vote of the batch is recorded', { timeout: 120_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_burst');
    if (!own) return ctx.skip();
    const other = new pg.Client({ connectionString: own.url });
    try {
      t = await createTestApp({ start: '2026-03-10T15:00:00Z', databaseUrl: own.url });
      const reps = (await votingCluster(t)).filter((r) => r.user.endsWith('-a'));
      const motionId = await createMotion(t);
      const raced = reps[7]!;
      const racedOrg = await orgOf(t, raced.user);

      // The other replica is inserting organisation 7's vote and has not committed yet: our
      // batch does not see it, and its insert waits on the unique index.
      await other.connect();
      await other.query('BEGIN');
      await other.query(`INSERT INTO "VoteParticipation" ("id", "motionId", "memberId", "castByPersonId", "proxyMemberId", "castAt") VALUES ('other-replica', $1, $2, NULL, NULL, now())`, [motionId, racedOrg]);
      await other.query(`INSERT INTO "OpenVote" ("id", "motionId", "memberId", "choice", "updatedAt") VALUES ('other-replica', $1, $2, '["no"]', now())`, [motionId, racedOrg]);

      const pressing = burst(t, reps, motionId, () => 0);
      // Commit once the batch is blocked on that row, so the race happens inside the batch.
      const database = new URL(own.url).pathname.slice(1);
      for (let i = 0; i < 200; i++) {
        const { rows } = await own.admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [database]);
        if (rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await other.query('COMMIT');
      const replies = await pressing;

      const outcome = (user: string) => replies.find((r) => r.user === user)!.reply;
      expect(outcome(raced.user).errorId).toBe('governance.errors.alreadyVoted');
      for (const r of reps.filter((x) => x !== raced)) expect(outcome(r.user).tone, `${r.user}: ${outcome(r.user).text}`).toBe('success');
      const participations = await rowsOf(t, 'VoteParticipation', motionId);
      expect(participations).toHaveLength(ORGS);
      expect(new Set(participations.map((p) => p.memberId)).size).toBe(ORGS);
      const openVotes = await rowsOf(t, 'OpenVote', motionId);
      expect(openVotes.find((v) => v.memberId === racedOrg)!.choice).toBe('["no"]');
      expect(openVotes.filter((v) => v.choice === '["yes"]')).toHaveLength(ORGS - 1);
    } finally {
      await other.end().catch(() => undefined);
      await t?.close();
      t = undefined;
      await own.drop();
    }
  });
});
