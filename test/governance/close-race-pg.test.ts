import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/harness.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { generalMeeting, latestMotionId, orgOf } from './support.ts';

/**
 * On PostgreSQL a ballot holds the motion row in share mode only: ballots do not wait for each
 * other, while the close (which takes the row exclusively) waits for the ballots in flight and
 * counts them, and a ballot after the close finds the motion closed.
 *
 * Skipped, with a message, when PostgreSQL is not reachable. Uses a database of its own.
 */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a ballot racing the close on PostgreSQL', () => {
  it('ballots share the motion lock; the close waits for them and counts them; a later ballot finds it closed', { timeout: 120_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_gov');
    if (!own) return ctx.skip();
    const t = await createTestApp({ start: '2026-03-10T15:00:00Z', databaseUrl: own.url });
    try {
      await t.given('koord', { roles: ['coordinator'] });
      await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
      await t.given('piotr', { main: 'Fundacja Horyzont' });
      const { cluster } = await generalMeeting(t);
      const created = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00', change: false });
      expect(created.tone, created.text).toBe('success');
      const motionId = await latestMotionId(t);
      const jan = await orgOf(t, 'jan');
      const db = t.app.db;
      const now = t.clock.now();

      // The window is read from the row, in UTC whatever the process time zone.
      const closesAt = (await db.governance.motion(motionId))!.closesAt;
      expect(await db.transaction((tx) => tx.governance.lockOpen(motionId, new Date(closesAt.getTime() - 1)))).toBe(true);
      expect(await db.transaction((tx) => tx.governance.lockOpen(motionId, closesAt))).toBe(false);

      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      // A ballot in flight: holds the motion in share mode until the gate opens.
      const ballot = db.transaction(async (tx) => {
        expect(await tx.governance.lockOpen(motionId, now)).toBe(true);
        await tx.governance.addParticipation({ motionId, memberId: jan, castByPersonId: (await db.people.byPlatformId(cluster.id, 'jan'))!.id, proxyMemberId: null, castAt: now });
        await tx.governance.setOpenVote(motionId, jan, JSON.stringify(['yes']));
        locked();
        await gate;
      });
      await holding;

      // A second ballot's lock does not wait for the first.
      const second = await Promise.race([db.transaction((tx) => tx.governance.lockOpen(motionId, now)), settle(2_000).then(() => 'waited' as const)]);
      expect(second).toBe(true);

      // The close waits for the ballot in flight...
      let closedAt: number | undefined;
      const closing = t.app.services.governance.close(cluster.id, motionId, null).then((r) => ((closedAt = Date.now()), r));
      await settle(500);
      expect(closedAt).toBeUndefined();
      const releasedAt = Date.now();
      release();
      await ballot;
      // ...and counts it.
      const result = await closing;
      expect(closedAt!).toBeGreaterThanOrEqual(releasedAt);
      expect(result).toMatchObject({ voted: 1 });

      // A ballot after the close finds it closed.
      expect(await db.transaction((tx) => tx.governance.lockOpen(motionId, now))).toBe(false);
      const ballotReply = await t.as('piotr').action('vote', 'cast', [motionId, await orgOf(t, 'piotr'), 'n', '0']);
      expect(ballotReply.errorId).toBe('governance.errors.closed');
    } finally {
      await t.close();
      await own.drop();
    }
  });
});
