import { describe, expect, it } from 'vitest';
import { ballotInFlight, heldOpen, latestMotionId, orgOf, raceOnPostgres, settle, THREE_MEMBERS } from './support.ts';

/**
 * The room and the chat at the same moment, on PostgreSQL (the store of several replicas): an
 * online ballot still committing while the chair records the room's vote for the same
 * organisation, and the other way round. The unique participation decides; nobody counts twice.
 *
 * Skipped, with a message, when PostgreSQL is not reachable. Uses a database of its own.
 */
describe('room votes racing online ballots on PostgreSQL', () => {
  it('an online ballot in flight wins its organisation; the chair records the others and is told; an online press during the chair’s commit is refused', { timeout: 120_000 }, (ctx) =>
    raceOnPostgres(ctx, 'pkes_chair', THREE_MEMBERS, async (t, { cluster, meeting }) => {
      await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
      const motionId = await latestMotionId(t);
      const [jan, piotr, marta] = [await orgOf(t, 'jan'), await orgOf(t, 'piotr'), await orgOf(t, 'marta')];
      t.clock.set('2026-03-10T16:05:00Z');
      const present = await t.as('koord').action('chair', 'present', [meeting.id, 'room', jan, piotr, marta]);
      expect(present.tone, present.text).toBe('success');
      const db = t.app.db;
      const now = t.clock.now();

      // 1. Jan's online ballot is in flight (its participation written, not committed)...
      const online = await ballotInFlight(t, motionId, 'jan', ['yes']);
      // ...when the chair records Razem and Horyzont against: the chair's insert waits on Razem's key.
      let answered = false;
      const chair = t.as('koord').action('chair', 'roomVoted', [motionId, '1', jan, piotr]).then((r) => ((answered = true), r));
      await settle(500);
      expect(answered).toBe(false);
      await online.commit();
      const reply = await chair;
      expect(reply.text).toBe('Zapisano głosy z sali: Fundacja Horyzont.\nNie policzono na sali, bo głosowały już online: Spółdzielnia Socjalna Razem.');

      // 2. The chair's record of CIS in flight; CIS's representative presses online meanwhile.
      const room = await heldOpen(t, async (tx) => {
        expect(await tx.governance.lockOpen(motionId, now)).toBe(true);
        await tx.chair.addRoomVotes([{ motionId, memberId: marta, proxyMemberId: null, castByPersonId: (await db.people.byPlatformId(cluster.id, 'koord'))!.id, at: now, choice: JSON.stringify(['abstain']) }], false);
      });
      const press = t.as('marta').action('vote', 'cast', [motionId, marta, 'n', '0']);
      await settle(500);
      await room.commit();
      expect((await press).errorId).toBe('governance.errors.alreadyVoted');

      // One vote each, in the channel that committed first.
      const rows = (await t.app.db.dumpTable('VoteParticipation')).filter((r) => r.motionId === motionId);
      expect(rows.map((r) => r.memberId).sort()).toEqual([jan, piotr, marta].sort());
      const votes = Object.fromEntries((await t.app.db.dumpTable('OpenVote')).filter((r) => r.motionId === motionId).map((r) => [r.memberId, JSON.parse(String(r.choice))]));
      expect(votes).toEqual({ [jan]: ['yes'], [piotr]: ['no'], [marta]: ['abstain'] });
      expect((await t.app.db.dumpTable('RoomBallot')).map((r) => r.memberId).sort()).toEqual([piotr, marta].sort());
      const result = await t.app.services.governance.close(cluster.id, motionId, null);
      expect(result).toMatchObject({ voted: 3, counts: { yes: 1, no: 1, abstain: 1 } });
    }));
});
