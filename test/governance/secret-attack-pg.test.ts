import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { cluster, generalMeeting, latestMotionId, orgOf } from './support.ts';

/**
 * A secret ballot on PostgreSQL, cast through two replicas racing, against someone who reads every
 * row after every cast together with PostgreSQL's system columns: `xmin` (the transaction that
 * wrote the row version) and `ctid` (where it lies). Issue 19 found `SecretTally.xmin =
 * VoteParticipation.xmin` named each voter's choice. Now every tally change shares its
 * transaction with at least k participations, all of one time, in an order and with ids that carry
 * nothing; the replicas hand their pending ballots to the one that closes.
 *
 * Skipped, with a message, when PostgreSQL is not reachable (TEST_POSTGRES_URL or the local default).
 */
const K = 3;
const ORGS = 12;
const OPTIONS = ['yes', 'no', 'abstain'] as const;

interface Row {
  xmin: string;
  ctid: string;
  [column: string]: unknown;
}

async function rows(client: pg.Client, table: string, motionId: string): Promise<Row[]> {
  return (await client.query<Row>(`SELECT xmin::text AS xmin, ctid::text AS ctid, * FROM "${table}" WHERE "motionId" = $1`, [motionId])).rows;
}

describe('a secret ballot against someone reading PostgreSQL with its system columns', () => {
  it('two replicas race; no row version, xmin or ctid tells a choice beyond a group of k; the close counts every ballot once', { timeout: 240_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_secret');
    if (!own) return ctx.skip();
    const apps: TestApp[] = [];
    const reader = new pg.Client({ connectionString: own.url });
    try {
      const a = await createTestApp({ start: '2026-03-10T15:00:00Z', databaseUrl: own.url });
      apps.push(a);
      const b = await createTestApp({ start: '2026-03-10T15:00:00Z', databaseUrl: own.url });
      apps.push(b);
      await reader.connect();
      await a.given('koord', { roles: ['coordinator'] });
      const users = Array.from({ length: ORGS }, (_, i) => `org${String(i).padStart(2, '0')}`);
      for (const u of users) await a.given(u, { main: `Organizacja ${u}` });
      await a.given('org00-b', { main: 'Organizacja org00' });
      await a.as('koord').command('setup', 'set', { key: 'secretBallotK', value: String(K) });
      await generalMeeting(a);
      await a.as('koord').command('motion', 'create', { title: 'Wykluczenie członka', closes: '2026-03-10 19:00', secret: true });
      const motionId = await latestMotionId(a);
      const c = await cluster(a);
      const memberOf = new Map(await Promise.all(users.map(async (u) => [await orgOf(a, u), u] as const)));
      const choiceOf = new Map(users.map((u, i) => [u, (i * 7) % 3]));

      type Snapshot = { tally: Row[]; participations: Row[]; sealed: Row[] };
      const snapshots: Snapshot[] = [];
      const snapshot = async () => snapshots.push({ tally: await rows(reader, 'SecretTally', motionId), participations: await rows(reader, 'VoteParticipation', motionId), sealed: await rows(reader, 'SealedBallot', motionId) });
      await snapshot();

      // Two representatives of one organisation press on different replicas at the same moment.
      const [x, y] = await Promise.all([
        a.as('org00').action('vote', 'cast', [motionId, '', 'n', String(choiceOf.get('org00'))]),
        b.as('org00-b').action('vote', 'cast', [motionId, '', 'n', String((choiceOf.get('org00')! + 1) % 3)]),
      ]);
      expect([x.errorId ?? x.tone, y.errorId ?? y.tone].sort()).toEqual(['governance.errors.alreadyVotedSecret', 'success']);
      if (y.tone === 'success') choiceOf.set('org00', (choiceOf.get('org00')! + 1) % 3);
      await snapshot();
      // The rest alternate between the replicas, one at a time, read after each.
      for (const [i, u] of users.slice(1).entries()) {
        const replica = i % 2 === 0 ? b : a;
        const reply = await replica.as(u).action('vote', 'cast', [motionId, '', 'n', String(choiceOf.get(u))]);
        expect(reply.tone, `${u}: ${reply.text}`).toBe('success');
        await snapshot();
      }
      // Each replica counted its own batches; both still hold pending ballots.
      const pendingBy = new Set((await rows(reader, 'SealedBallot', motionId)).filter((r) => r.sealed).map((r) => r.processId));
      expect(pendingBy.size).toBe(2);

      // Both replicas close at once: one collects (the other hands its pending ballots over), one result.
      const handing = setInterval(() => void a.app.services.governance.secret.tick().then(() => b.app.services.governance.secret.tick()), 100);
      const [ra, rb] = await Promise.all([a.app.services.governance.close(c.id, motionId, null), b.app.services.governance.close(c.id, motionId, null)]).finally(() => clearInterval(handing));
      await snapshot();
      const results = [ra, rb].filter(Boolean);
      expect(results).toHaveLength(1);
      const expected = Object.fromEntries(OPTIONS.map((o, i) => [o, users.filter((u) => choiceOf.get(u) === i).length]));
      expect(results[0]).toMatchObject({ voted: ORGS, counts: expected });
      const final = await rows(reader, 'VoteParticipation', motionId);
      expect(final).toHaveLength(ORGS);
      expect(new Set(final.map((r) => r.memberId)).size).toBe(ORGS);
      expect((await rows(reader, 'SealedBallot', motionId)).filter((r) => r.sealed)).toHaveLength(0);
      const posts = [...a.notifier.channel, ...b.notifier.channel].filter((p) => p.message.title === 'Wynik głosowania: Wykluczenie członka');
      expect(posts).toHaveLength(1);

      // The attack. A transaction that moved the tally is identified by the tally rows' xmin.
      const problems: string[] = [];
      const anonymity = new Map<string, number>();
      for (let i = 1; i < snapshots.length; i++) {
        const [before, after] = [snapshots[i - 1]!, snapshots[i]!];
        const count = (s: Snapshot, o: string) => Number(s.tally.find((r) => r.option === o)?.count ?? 0);
        const delta = OPTIONS.map((o) => count(after, o) - count(before, o));
        const moved = delta.reduce((p, q) => p + q, 0);
        const known = new Set(before.participations.map((p) => p.memberId));
        const added = after.participations.filter((p) => !known.has(p.memberId));
        if (moved !== added.length) problems.push(`snapshot ${i}: tally moved by ${moved}, ${added.length} new participations`);
        if (moved > 0 && moved < K) problems.push(`snapshot ${i}: a visible change of ${moved} ballots`);
      }
      // Every participation shares its xmin (its transaction) with at least k others, and with the tally change.
      const byXmin = new Map<string, Row[]>();
      for (const snap of snapshots) {
        for (const p of snap.participations) {
          const group = byXmin.get(p.xmin) ?? [];
          if (!group.some((g) => g.memberId === p.memberId)) group.push(p);
          byXmin.set(p.xmin, group);
        }
      }
      const tallyXmins = new Set(snapshots.flatMap((s) => s.tally.map((r) => r.xmin)));
      for (const [xmin, group] of byXmin) {
        if (group.length < K) problems.push(`xmin ${xmin} wrote ${group.length} participations`);
        if (new Set(group.map((g) => new Date(g.castAt as Date).getTime())).size !== 1) problems.push(`xmin ${xmin}: participations with different times`);
        for (const g of group) anonymity.set(String(g.memberId), group.length);
        for (const g of group) if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(String(g.id))) problems.push(`participation id ${g.id} is not random`);
      }
      // A tally row version's xmin is always a batch's: never a transaction of fewer than k ballots.
      for (const xmin of tallyXmins) {
        const group = byXmin.get(xmin);
        if (group && group.length < K) problems.push(`tally written by xmin ${xmin} with ${group.length} participations`);
      }
      // A sealed value's length depends on who holds it, never on the choice.
      for (const snap of snapshots) {
        const lengths = new Map<string, Set<number>>();
        for (const r of snap.sealed.filter((s) => s.sealed)) lengths.set(String(r.processId), (lengths.get(String(r.processId)) ?? new Set()).add(String(r.sealed).length));
        for (const [p, set] of lengths) if (set.size !== 1) problems.push(`process ${p} holds sealed values of ${set.size} lengths`);
      }
      expect(problems).toEqual([]);
      expect(anonymity.size).toBe(ORGS);
      for (const [memberId, size] of anonymity) expect(size, memberOf.get(memberId)).toBeGreaterThanOrEqual(K);

      // Logs of both replicas: no line links an organisation or its representative to a choice.
      const identifiers = [...memberOf.keys(), ...users];
      for (const line of [...a.logs.raw, ...b.logs.raw]) {
        expect(line).not.toMatch(/"choice"|"sealed"/);
        if (identifiers.some((id) => line.includes(id))) expect(line, line).not.toMatch(/"(yes|no|abstain)"|\bZa\b|Przeciw|Wstrzymuję/);
      }
    } finally {
      await reader.end().catch(() => undefined);
      for (const app of apps) await app.close();
      await own.drop();
    }
  });
});
