import { describe, expect, it } from 'vitest';
import type { Cast } from '../support/harness.ts';
import { ballotInFlight, latestMotionId, orgOf, raceOnPostgres, settle } from './support.ts';

/**
 * On PostgreSQL a ballot holds the motion row in share mode only: ballots do not wait for each
 * other, while the close (which takes the row exclusively) waits for the ballots in flight and
 * counts them, and a ballot after the close finds the motion closed.
 *
 * Skipped, with a message, when PostgreSQL is not reachable. Uses a database of its own.
 */
const CAST: Cast = { koord: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Socjalna Razem' }, piotr: { main: 'Fundacja Horyzont' } };

describe('a ballot racing the close on PostgreSQL', () => {
  it('ballots share the motion lock; the close waits for them and counts them; a later ballot finds it closed', { timeout: 120_000 }, (ctx) =>
    raceOnPostgres(ctx, 'pkes_gov', CAST, async (t, { cluster }) => {
      const created = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00', change: false });
      expect(created.tone, created.text).toBe('success');
      const motionId = await latestMotionId(t);
      const db = t.app.db;
      const now = t.clock.now();

      // The window is read from the row, in UTC whatever the process time zone.
      const closesAt = (await db.governance.motion(motionId))!.closesAt;
      expect(await db.transaction((tx) => tx.governance.lockOpen(motionId, new Date(closesAt.getTime() - 1)))).toBe(true);
      expect(await db.transaction((tx) => tx.governance.lockOpen(motionId, closesAt))).toBe(false);

      // A ballot in flight: holds the motion in share mode until it commits.
      const ballot = await ballotInFlight(t, motionId, 'jan', ['yes']);

      // A second ballot's lock does not wait for the first.
      const second = await Promise.race([db.transaction((tx) => tx.governance.lockOpen(motionId, now)), settle(2_000).then(() => 'waited' as const)]);
      expect(second).toBe(true);

      // The close waits for the ballot in flight...
      let closedAt: number | undefined;
      const closing = t.app.services.governance.close(cluster.id, motionId, null).then((r) => ((closedAt = Date.now()), r));
      await settle(500);
      expect(closedAt).toBeUndefined();
      const releasedAt = Date.now();
      await ballot.commit();
      // ...and counts it.
      const result = await closing;
      expect(closedAt!).toBeGreaterThanOrEqual(releasedAt);
      expect(result).toMatchObject({ voted: 1 });

      // A ballot after the close finds it closed.
      expect(await db.transaction((tx) => tx.governance.lockOpen(motionId, now))).toBe(false);
      const ballotReply = await t.as('piotr').action('vote', 'cast', [motionId, await orgOf(t, 'piotr'), 'n', '0']);
      expect(ballotReply.errorId).toBe('governance.errors.closed');
    }));
});
