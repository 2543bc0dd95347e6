import { DateTime } from 'luxon';
import { userText } from '../../core/text.ts';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logger.ts';
import { DomainError } from '../../core/errors.ts';
import type { TranslationKey } from '../../core/i18n.ts';
import type { Reply } from '../../core/reply.ts';
import type { DeliveryService } from '../deliveries.ts';
import type { MessageTools, NotificationService } from '../notifications.ts';
import type { MotionService } from './motions.ts';
import type { SecretBallotService } from './secret-ballot.ts';
import type { ClusterService } from '../clusters.ts';
import { VOTE_REMINDER_HOURS, computeResult, countsText, motionOptions, motionResult, motionWeights, termQuorum, turnout, turnoutText, weightsText, type MotionResult, type MotionRow } from './rules.ts';
import { SecondTermService, secondTermFields, type SecondTerm } from './second-term.ts';
import type { MotionTaskService } from './tasks.ts';
import { type BallotKind, type Majority } from '../../core/vocabulary.ts';

/** What a close did: the result, or (first term without quorum) the second term it opened. */
export type Closed = MotionResult & { secondTerm?: SecondTerm };

/** The end of a vote: closing, counting, publishing the result, and the reminders before it. */
export class ClosingService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly motions: MotionService,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly secret: SecretBallotService,
    private readonly clusters: ClusterService,
    private readonly log: Logger,
    private readonly tasks: MotionTaskService,
  ) {
    this.secondTerm = new SecondTermService(db, deliveries, notifications, log);
  }

  readonly secondTerm: SecondTermService;

  /**
   * Closes voting (the window ended, or the coordinator closed it early), records the result and
   * posts it to the announcements channel, exactly once even if the job and the coordinator race.
   */
  async close(clusterId: string, motionId: string, byPersonId: string | null): Promise<Closed | undefined> {
    const motion = await this.db.governance.motion(motionId);
    if (!motion || motion.clusterId !== clusterId) throw new DomainError('governance.errors.motionNotFound', { id: motionId });
    if (motion.status === 'draft') throw new DomainError('governance.errors.notOpenYet', { opensAt: motion.opensAt });
    // Waiting for its second term: nothing to close until that term begins.
    if (motion.status === 'open' && motion.opensAt.getTime() > this.now().getTime()) throw new DomainError('governance.errors.notOpenYet', { opensAt: motion.opensAt });
    const closed = motion.secret ? await this.closeSecret(motion, byPersonId) : await this.finish(motion, 'open', byPersonId);
    if (closed?.secondTerm) await this.secondTerm.announce(motionId);
    else await this.announce(motionId);
    return closed;
  }

  /**
   * A secret ballot closes in two steps. First the motion becomes "closing" (ballots in flight
   * commit before it, later ones find voting closed) and this process waits until every live
   * replica has handed it its pending ballots. Then, in one transaction, it counts them all as the
   * last batch and records the result. A closer that dies midway is replaced by the scheduler.
   */
  private async closeSecret(motion: MotionRow, byPersonId: string | null): Promise<Closed | undefined> {
    const me = this.secret.processId;
    await this.secret.ensureRegistered();
    const mine = motion.status === 'closing' && motion.closingBy === me;
    if (!mine && !(await this.db.transaction((tx) => tx.governance.markClosing(motion.id, me)))) return undefined;
    await this.secret.collect(motion);
    return this.finish(motion, 'closing', byPersonId);
  }

  /**
   * Closes and counts in one transaction: the secret ballot's last batch, the tally, the result.
   * A first term that missed quorum, on a motion with a second term, is not a result: the same
   * transaction opens the second term instead (SecondTermService.adjourn).
   */
  private async finish(motion: MotionRow, from: 'open' | 'closing', byPersonId: string | null): Promise<Closed | undefined> {
    const now = this.now();
    const clusterId = motion.clusterId;
    return this.db.transaction(async (tx) => {
      // Close first, then count: ballots still in flight either committed before this or now find it closed.
      if (!(await tx.governance.markClosed(motion.id, now, from))) return undefined;
      if (motion.secret) await this.secret.countRest(tx, motion);
      const [eligibility, participations] = await Promise.all([tx.governance.eligibility(motion.id), tx.governance.participations(motion.id)]);
      const cluster = await this.clusters.byId(clusterId);
      // Weighted voting counts votes, not organisations: each with the weight fixed at opening.
      const weights = motionWeights(motion);
      const votes = turnout(eligibility, participations.map((p) => p.memberId));
      const result: MotionResult = {
        ...computeResult({
          ballotKind: motion.ballotKind,
          options: motionOptions(motion),
          counts: await tallyOf(tx, motion, new Map(eligibility.map((e) => [e.memberId, e.weight]))),
          eligible: weights ? votes.eligible : eligibility.length,
          voted: weights ? votes.voted : participations.length,
          quorum: termQuorum(motion),
          majority: motion.majority,
          abstentionsCount: motion.abstentionsCount,
        }),
        ...(motion.secret ? { secrecyK: cluster.settings.secretBallotK } : {}),
        ...this.secondTerm.termOf(motion),
        ...(weights ? { voteWeights: weights, organisations: votes.organisations } : {}),
      };
      const adjourned = await this.secondTerm.adjourn(tx, motion, result, now, byPersonId);
      if (adjourned) return { ...result, secondTerm: adjourned };
      await tx.governance.setResult(motion.id, result);
      // The vote decides the motion's follow-up tasks in the same commit as its result.
      await this.tasks.settle(tx, motion.id, result.passed, now);
      await tx.audit.record({ clusterId, actorPersonId: byPersonId, action: byPersonId ? 'motion.closedEarly' : 'motion.closed', subjectType: 'motion', subjectId: motion.id, details: { outcome: result.outcome } });
      return result;
    });
  }

  /** Posts a closed motion's result once (a restart between closing and posting still posts it), then tells its tasks' owners. */
  async announce(motionId: string): Promise<boolean> {
    const motion = await this.db.governance.motion(motionId);
    const result = motion && motionResult(motion);
    if (!motion || motion.status !== 'closed' || !result) return false;
    const posted = await this.deliveries.once(motion.clusterId, `motion.result:${motion.id}`, 'motion.result', async () => {
      await this.notifications.toChannel(motion.clusterId, 'announcements', (tools) => resultMessage(motion, result, tools));
      this.log.info({ clusterId: motion.clusterId, motionId: motion.id, outcome: result.outcome }, 'motion result announced');
    });
    // After the result, each task's owner hears what the motion asks of it (a restart finishes this).
    await this.tasks.tellOwners(motion);
    return posted;
  }

  // Scheduler ------------------------------------------------------------------------------------

  /** Opens drafts whose window began, closes motions whose window ended, posts missing results. */
  async runSchedule(now: Date): Promise<void> {
    for (const motion of await this.db.governance.dueToOpen(now)) await this.motions.open(motion.clusterId, motion.id, null);
    // A voting-opened notice interrupted by a restart is finished (each recipient still once).
    for (const motion of await this.db.governance.openMotions()) {
      if (!(await this.motions.openingAnnounced(motion.id))) await this.motions.announceOpening(motion.id);
    }
    for (const motion of await this.db.governance.dueToClose(now)) await this.close(motion.clusterId, motion.id, null);
    await this.secondTerm.announcePending();
    await this.secretBallotDuties();
    const recent = await this.db.governance.closedSince(DateTime.fromJSDate(now).minus({ days: 7 }).toJSDate());
    for (const motion of recent) await this.announce(motion.id);
  }

  /** While a secret ballot runs, this process keeps a heartbeat, drops a dead process's ballots and finishes a dead closer's close. */
  private async secretBallotDuties(): Promise<void> {
    const closing = await this.db.governance.closingMotions();
    if (closing.length === 0 && !(await this.db.governance.openMotions()).some((m) => m.secret)) return;
    await this.secret.tick();
    const live = new Set((await this.db.governance.processes()).map((p) => p.id));
    for (const motion of closing) {
      if (motion.closingBy && live.has(motion.closingBy)) continue;
      if (await this.db.governance.takeOverClosing(motion.id, motion.closingBy, this.secret.processId)) {
        await this.close(motion.clusterId, motion.id, null);
      }
    }
  }

  /** Reminds organisations that have not voted (only them), once per motion, a day before close. */
  async remindNonVoters(now: Date): Promise<number> {
    let sent = 0;
    for (const motion of await this.db.governance.openMotions()) {
      const remindAt = Math.max(motion.opensAt.getTime(), motion.closesAt.getTime() - VOTE_REMINDER_HOURS * 3600_000);
      if (now.getTime() < remindAt || now.getTime() >= motion.closesAt.getTime()) continue;
      const [eligibility, voted] = await Promise.all([this.db.governance.eligibility(motion.id), this.motions.votedIds(motion.id)]);
      for (const { memberId } of eligibility.filter((e) => !voted.has(e.memberId))) {
        const delivered = await this.deliveries.once(motion.clusterId, `vote.reminder:${motion.id}:${memberId}`, 'vote.reminder', async () => {
          for (const person of await this.db.members.representatives(memberId)) {
            await this.notifications.toPerson(
              motion.clusterId,
              person.id,
              ({ t, dateTime }) => ({
                title: t('governance.reminder.title'),
                text: t('governance.reminder.text', { title: userText(motion.title), closesAt: dateTime(motion.closesAt) }),
                tone: 'warning',
              }),
              'vote.reminder',
            );
          }
        });
        if (delivered) sent++;
      }
    }
    return sent;
  }

  /** For open ballots only: which organisation chose what (minutes' roll call). Never for secret ones. */
  async openRollCall(motion: MotionRow): Promise<{ org: string; choice: string[]; weight?: number }[]> {
    if (motion.secret) return [];
    const votes = await this.db.governance.openVotes(motion.id);
    const members = await this.db.governance.members(votes.map((v) => v.memberId));
    // A weighted motion's roll call says how many votes each organisation cast.
    const weights = motion.voteWeights ? new Map((await this.db.governance.eligibility(motion.id)).map((e) => [e.memberId, e.weight])) : undefined;
    return members.map((m) => ({ org: m.name, choice: JSON.parse(votes.find((v) => v.memberId === m.id)!.choice) as string[], ...(weights ? { weight: weights.get(m.id) ?? 0 } : {}) }));
  }
}

/** Votes per option: the secret tally's counts (already weighted as counted), or the open votes added up, each with its organisation's weight. */
async function tallyOf(db: Database, motion: MotionRow, weights: Map<string, number>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (motion.secret) {
    for (const row of await db.governance.tally(motion.id)) counts[row.option] = row.count;
  } else {
    for (const vote of await db.governance.openVotes(motion.id)) {
      const weight = weights.get(vote.memberId) ?? 1;
      for (const option of JSON.parse(vote.choice) as string[]) counts[option] = (counts[option] ?? 0) + weight;
    }
  }
  return counts;
}

/** The announcement of a result, in the channel's language. */
export function resultMessage(motion: MotionRow, result: MotionResult, tools: MessageTools): Reply {
  const { t } = tools;
  const outcomeKey: TranslationKey = `governance.outcome.${result.outcome}`;
  return {
    title: t('governance.result.title', { title: userText(motion.title) }),
    text: t(outcomeKey),
    fields: [
      { label: t('governance.result.counts'), value: countsText(motion, result, t) },
      { label: t('governance.result.turnout'), value: turnoutText(result, t) },
      ...(result.voteWeights ? [{ label: t('models.weights.label'), value: weightsText(result.voteWeights, t) }] : []),
      { label: t('governance.result.quorum'), value: t(result.quorumMet ? 'governance.result.quorumMet' : 'governance.result.quorumMissed') },
      ...secondTermFields(result, t),
      // "More yes than no" describes a yes/no motion only; an election is won by an option.
      { label: t('governance.result.majority'), value: t(motion.ballotKind === 'yesno' ? `governance.majority.${result.majority}` : `governance.majorityOptions.${result.majority}`) },
      ...(result.accepted.length && motion.ballotKind !== 'yesno'
        ? [{ label: t('governance.result.accepted'), value: result.accepted.map(userText).join(', ') }]
        : []),
      ...(motion.secret
        ? [
            {
              label: t('governance.result.secret'),
              value: [t('governance.result.secretValue', { k: result.secrecyK ?? 5 }), ...(result.voted < (result.secrecyK ?? 5) ? [t('governance.result.secrecyBelowK', { k: result.secrecyK ?? 5 })] : [])].join(' '),
            },
          ]
        : []),
    ],
    tone: result.passed ? 'success' : 'info',
  };
}
