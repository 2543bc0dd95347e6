import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logger.ts';
import type { Field, Reply } from '../../core/reply.ts';
import { userText } from '../../core/text.ts';
import type { DeliveryService } from '../deliveries.ts';
import type { MessageTools, NotificationService } from '../notifications.ts';
import { ballotControls, NEW_VOTE, OWN_ORGANISATION } from './ballot-card.ts';
import { hasSecondTerm, quorumNeeded, type MotionResult, type MotionRow } from './rules.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The second term a first term without quorum opened. */
export interface SecondTerm {
  opensAt: Date;
  closesAt: Date;
  quorum: number;
  quorumNeeded: number;
  firstTerm: NonNullable<MotionResult['firstTerm']>;
}

/**
 * "W drugim terminie": a motion whose first term misses quorum is voted again after the delay
 * the cluster set, with the second term's own quorum. The ballots of the first term stand (the
 * organisations that voted were there); the second term lets the others vote too, and its close
 * is counted by its own quorum. The window is as long as the first term's was planned.
 */
export class SecondTermService {
  constructor(
    private readonly db: Database,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
  ) {}

  /** What a result says about its term: only for motions that have a second term at all. */
  termOf(motion: MotionRow): Pick<MotionResult, 'term' | 'firstTerm'> {
    if (!hasSecondTerm(motion)) return {};
    if (motion.term !== 2 || !motion.firstTermResult) return { term: 1 };
    return { term: 2, firstTerm: firstTermOf(JSON.parse(motion.firstTermResult) as StoredFirstTerm) };
  }

  /**
   * Inside the closing transaction, after markClosed: a first term without quorum reopens the
   * motion in its second term. Answers the second term, or undefined when the result stands.
   */
  async adjourn(tx: Tx, motion: MotionRow, result: MotionResult, now: Date, byPersonId: string | null): Promise<SecondTerm | undefined> {
    if (result.quorumMet || motion.term !== 1 || !hasSecondTerm(motion)) return undefined;
    const opensAt = new Date(now.getTime() + motion.secondTermDelayMinutes * 60_000);
    const window = Math.max(motion.closesAt.getTime() - motion.opensAt.getTime(), 60_000);
    const closesAt = new Date(opensAt.getTime() + window);
    const firstTerm = { ...result, opensAt: motion.opensAt.toISOString(), closedAt: now.toISOString() };
    if (!(await tx.governance.openSecondTerm(motion.id, { opensAt, closesAt, firstTermResult: firstTerm }))) return undefined;
    await tx.audit.record({
      clusterId: motion.clusterId,
      actorPersonId: byPersonId,
      action: 'motion.secondTerm',
      subjectType: 'motion',
      subjectId: motion.id,
      details: { voted: result.voted, needed: result.quorumNeeded, opensAt: opensAt.toISOString() },
    });
    const quorum = motion.secondTermQuorum;
    return { opensAt, closesAt, quorum, quorumNeeded: quorumNeeded(quorum, result.eligible), firstTerm: firstTermOf(firstTerm) };
  }

  /** Posts the second term once to the announcements channel (a restart in between still posts it). */
  async announce(motionId: string): Promise<boolean> {
    const motion = await this.db.governance.motion(motionId);
    if (!motion || motion.status !== 'open' || motion.term !== 2 || !motion.firstTermResult || !hasSecondTerm(motion)) return false;
    const first = firstTermOf(JSON.parse(motion.firstTermResult) as StoredFirstTerm);
    return this.deliveries.once(motion.clusterId, announcementKey(motion.id), 'motion.secondTerm', async () => {
      await this.notifications.toChannel(motion.clusterId, 'announcements', (tools) => secondTermPost(motion, first, tools));
      this.log.info({ clusterId: motion.clusterId, motionId: motion.id, opensAt: motion.opensAt }, 'second term announced');
    });
  }

  /** Second terms whose announcement a restart interrupted. */
  async announcePending(): Promise<void> {
    for (const motion of await this.db.governance.openMotions()) {
      if (motion.term === 2 && !(await this.deliveries.wasSent(announcementKey(motion.id)))) await this.announce(motion.id);
    }
  }
}

const announcementKey = (motionId: string) => `motion.secondTerm:${motionId}`;

type StoredFirstTerm = MotionResult & { opensAt: string; closedAt: string };

function firstTermOf(result: StoredFirstTerm): SecondTerm['firstTerm'] {
  return { voted: result.voted, eligible: result.eligible, quorum: result.quorum, quorumNeeded: result.quorumNeeded, opensAt: result.opensAt, closedAt: result.closedAt };
}

/** The second term's quorum in words: a number of organisations, or none at all. */
export function secondTermQuorumText(quorum: number, eligible: number, t: MessageTools['t']): string {
  return quorum > 0 ? t('chair.secondTerm.quorum', { percent: Math.round(quorum * 100), count: quorumNeeded(quorum, eligible) }) : t('chair.secondTerm.noQuorum');
}

/** The channel post: the first term missed quorum; when the second term runs and what decides it. */
export function secondTermPost(motion: MotionRow, first: SecondTerm['firstTerm'], tools: Pick<MessageTools, 't' | 'dateTime'>): Reply {
  const { t, dateTime } = tools;
  return {
    title: t('chair.secondTerm.title', { title: userText(motion.title) }),
    text: [
      t('chair.secondTerm.firstMissed', { voted: first.voted, eligible: first.eligible, needed: first.quorumNeeded }),
      t('chair.secondTerm.when', { opensAt: dateTime(motion.opensAt), closesAt: dateTime(motion.closesAt) }),
      secondTermQuorumText(motion.secondTermQuorum ?? 0, first.eligible, t),
      t('chair.secondTerm.ballotsStand'),
    ].join('\n'),
    ...ballotControls(motion, OWN_ORGANISATION, NEW_VOTE, t),
    tone: 'warning',
  };
}

/** A result's line about its term, for motions that have a second term. */
export function secondTermFields(result: MotionResult, t: MessageTools['t']): Field[] {
  if (!result.term) return [];
  if (result.term === 1 || !result.firstTerm) return [{ label: t('chair.term.label'), value: t('chair.term.first') }];
  const f = result.firstTerm;
  return [{ label: t('chair.term.label'), value: t('chair.term.second', { voted: f.voted, eligible: f.eligible, needed: f.quorumNeeded }) }];
}
