import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generalMeeting, latestMotionId, orgOf } from '../governance/support.ts';
import { createTestApp } from '../support/harness.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';

/**
 * The database gone in the middle of a command: the PostgreSQL server drops every connection of
 * the bot (as a restart or failover does) while a ballot's transaction has written its first row
 * and waits to write the second. The member is told, in Polish, that nothing was saved; nothing
 * half-written remains; the next press, on a new connection, is recorded.
 *
 * Skipped, with a message, when PostgreSQL is not reachable. Uses a database of its own.
 */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('faults: the database gone during a command', () => {
  it('a ballot cut off mid-transaction: clear message, no partial write, served again on reconnect', { timeout: 120_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_gone');
    if (!own) return ctx.skip();
    const t = await createTestApp({ start: '2026-03-10T15:00:00Z', databaseUrl: own.url });
    const blocker = new pg.Client({ connectionString: own.url });
    try {
      await t.given('koord', { roles: ['coordinator'] });
      await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
      await generalMeeting(t);
      const created = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
      expect(created.tone, created.text).toBe('success');
      const motionId = await latestMotionId(t);
      const jan = await orgOf(t, 'jan');
      const dbName = new URL(own.url).pathname.slice(1);

      // Another session holds the open-ballot table, so the ballot's transaction stops after its
      // participation row, before its choice.
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE "OpenVote" IN ACCESS EXCLUSIVE MODE');
      const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

      const pressed = t.as('jan').action('vote', 'cast', [motionId, jan, 'n', '0']);
      const waitingOnLock = async () =>
        (await own.admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2`, [dbName, blockerPid])).rows[0].n > 0;
      for (let i = 0; !(await waitingOnLock()); i++) {
        if (i > 200) throw new Error('the ballot never reached the locked table');
        await settle(25);
      }
      // The server goes away for the bot: every one of its connections is cut.
      await own.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`, [dbName, blockerPid]);

      const reply = await pressed;
      expect(reply.errorId).toBe('core.errors.unavailable');
      expect(reply.text).toMatch(/Baza danych jest chwilowo niedostępna i nic nie zostało zapisane/);
      await blocker.query('ROLLBACK');

      const rows = async (table: string) => (await t.app.db.dumpTable(table)).filter((r) => r.motionId === motionId);
      expect(await rows('VoteParticipation')).toEqual([]);
      expect(await rows('OpenVote')).toEqual([]);

      const again = await t.as('jan').action('vote', 'cast', [motionId, jan, 'n', '0']);
      expect(again.tone, again.text).toBe('success');
      expect(await rows('VoteParticipation')).toHaveLength(1);
      expect(await rows('OpenVote')).toHaveLength(1);
    } finally {
      await blocker.end().catch(() => undefined);
      await t.close();
      await own.drop();
    }
  });
});
