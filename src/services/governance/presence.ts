import type { Database } from '../../db/index.ts';

/**
 * A proxy counts only when its holder is at the meeting, in the room or online. Until the chair
 * keeps a presence list for the meeting nobody is marked, and proxies count as they always did
 * (a vote held online only, without a chair).
 */
export async function proxyHolderPresent(db: Database, meetingId: string, holderMemberId: string): Promise<boolean> {
  const presence = await db.chair.presence(meetingId);
  return presence.length === 0 || presence.some((p) => p.memberId === holderMemberId);
}
