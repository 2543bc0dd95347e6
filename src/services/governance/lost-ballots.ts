import type { Database } from '../../db/index.ts';
import type { DeliveryService } from '../deliveries.ts';
import type { NotificationService } from '../notifications.ts';
import { ballotControls, ballotLines, NEW_VOTE } from './ballot-card.ts';
import type { MotionRow } from './rules.ts';

/** A pending secret ballot dropped with the process that held its key. */
export interface LostBallot {
  id: string;
  memberId: string;
  castByPersonId: string | null;
}

/**
 * Tells an organisation whose pending secret ballot died with its process: once per ballot
 * (the delivery ledger), to each representative and to whoever cast it, with a new ballot while
 * the vote is still open. Kept apart from the secret ballot so that its sealing reads on its own.
 */
export function lostBallotNotice(db: Database, now: () => Date, deliveries: DeliveryService, notifications: NotificationService) {
  return (motion: MotionRow, ballot: LostBallot): Promise<void> =>
    deliveries.once(motion.clusterId, `vote.lost:${motion.id}:${ballot.id}`, 'vote.lost', async () => {
      const people = new Set((await db.members.representatives(ballot.memberId)).map((p) => p.id));
      if (ballot.castByPersonId) people.add(ballot.castByPersonId);
      const [member] = await db.governance.members([ballot.memberId]);
      const open = motion.status === 'open' && motion.closesAt.getTime() > now().getTime();
      for (const personId of people) {
        await notifications.toPerson(
          motion.clusterId,
          personId,
          (tools) => ({
            title: tools.t('governance.lost.title', { title: motion.title }),
            text: [tools.t(open ? 'governance.lost.again' : 'governance.lost.closed', { org: member?.name ?? '' }), ...(open ? ['', ...ballotLines(motion, member, false, tools)] : [])].join('\n'),
            ...(open && member ? ballotControls(motion, member.id, NEW_VOTE, tools.t) : {}),
            tone: 'warning',
          }),
          'vote.lost',
        );
      }
    }).then(() => undefined);
}
