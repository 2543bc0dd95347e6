import type { Client, Tx } from './client.ts';
import type { Provider } from './provider.ts';
import type { PresenceMode } from '../core/vocabulary.ts';
import { presenceRow } from './vocabulary-rows.ts';
import { insertRows, newId } from './insert-rows.ts';

type Db = Client | Tx;

/** A vote the chair recorded in the room, for one organisation. */
export interface RoomVoteRow {
  motionId: string;
  memberId: string;
  proxyMemberId: string | null;
  castByPersonId: string;
  at: Date;
  /** Open ballot: the options chosen (JSON of names). Secret ballot: absent, only the paper ballot taken. */
  choice?: string;
}

/**
 * The chair's record of a General Meeting: who is there and how, and the votes cast in the room.
 * A room vote writes the same participation (and open vote, or "already voted" secret ballot row)
 * an online one does, so the unique (motion, organisation) keys there refuse a second vote in
 * either channel, whichever came first.
 */
export class ChairStore {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
  ) {}

  async presence(meetingId: string) {
    return presenceRow.many(await this.db.assemblyPresence.findMany({ where: { meetingId }, orderBy: { recordedAt: 'asc' } }));
  }

  async setPresence(clusterId: string, meetingId: string, memberIds: string[], mode: PresenceMode, at: Date): Promise<void> {
    for (const memberId of memberIds) {
      await this.db.assemblyPresence.upsert({
        where: { meetingId_memberId: { meetingId, memberId } },
        create: { clusterId, meetingId, memberId, mode, recordedAt: at },
        update: { mode, recordedAt: at },
      });
    }
  }

  async removePresence(meetingId: string, memberIds: string[]): Promise<void> {
    await this.db.assemblyPresence.deleteMany({ where: { meetingId, memberId: { in: memberIds } } });
  }

  roomBallots(motionId: string) {
    return this.db.roomBallot.findMany({ where: { motionId }, orderBy: { recordedAt: 'asc' } });
  }

  /** Throws a unique violation when any of these organisations has voted already, in either channel. */
  async addRoomVotes(rows: RoomVoteRow[], secret: boolean): Promise<void> {
    await insertRows(this.db, this.provider, 'VoteParticipation', rows.map((r) => ({ id: newId(), motionId: r.motionId, memberId: r.memberId, castByPersonId: r.castByPersonId, proxyMemberId: r.proxyMemberId, castAt: r.at })));
    if (secret) {
      // Counted at once (no sealed choice, no process): the row is only the "already voted" key.
      await insertRows(this.db, this.provider, 'SealedBallot', rows.map((r) => ({ id: newId(), motionId: r.motionId, memberId: r.memberId, castByPersonId: r.castByPersonId, proxyMemberId: r.proxyMemberId, processId: null, sealed: null })));
    } else {
      await insertRows(this.db, this.provider, 'OpenVote', rows.map((r) => ({ id: newId(), motionId: r.motionId, memberId: r.memberId, choice: r.choice ?? '[]', updatedAt: r.at })));
    }
    await insertRows(this.db, this.provider, 'RoomBallot', rows.map((r) => ({ id: newId(), motionId: r.motionId, memberId: r.memberId, proxyMemberId: r.proxyMemberId, recordedAt: r.at })));
  }

  roomTally(motionId: string) {
    return this.db.roomTally.findMany({ where: { motionId } });
  }

  /** The paper count, once: a second recording throws a unique violation. */
  async addRoomTally(motionId: string, counts: Record<string, number>): Promise<void> {
    await insertRows(this.db, this.provider, 'RoomTally', Object.entries(counts).map(([option, count]) => ({ id: newId(), motionId, option, count })));
  }
}
