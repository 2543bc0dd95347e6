import { DateTime } from 'luxon';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logger.ts';
import type { Actor, ClusterContext } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { MotionStatus } from '../../core/vocabulary.ts';
import type { DeliveryService } from '../deliveries.ts';
import type { NotificationService } from '../notifications.ts';
import type { ClusterService } from '../clusters.ts';
import { openedNotice, openedPost } from './ballot-card.ts';
import { YES_NO, motionOptions, motionResult, motionWeights, quorumNeeded, recordedWeights, termQuorum, turnout, voteWeight, votesAtAll, votingCategories, type MotionRow } from './rules.ts';
import { type BallotKind, type Majority } from '../../core/vocabulary.ts';

export interface MotionInput {
  meetingId?: string;
  title: string;
  text: string;
  ballotKind: BallotKind;
  options?: string[];
  secret: boolean;
  allowChange: boolean;
  opensAt?: Date;
  closesAt: Date;
  quorum?: number;
  majority?: Majority;
}

/** Motions of a General Meeting: creating, opening (and telling the voters), looking them up. */
export class MotionService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly clusters: ClusterService,
    private readonly log: Logger,
  ) {}

  /** The General Meeting a command means: the one named, else the nearest one not long past. */
  async generalMeeting(cluster: ClusterContext, meetingId?: string) {
    if (meetingId) {
      const meeting = await this.db.meetings.byId(meetingId);
      if (!meeting || meeting.clusterId !== cluster.id || meeting.kind !== 'general' || meeting.cancelledAt) {
        throw new DomainError('governance.errors.meetingNotFound', { id: meetingId });
      }
      return meeting;
    }
    const since = DateTime.fromJSDate(this.now()).minus({ days: 7 }).toJSDate();
    const [next] = await this.db.meetings.list(cluster.id, { kind: 'general', from: since });
    if (!next) throw new DomainError('governance.errors.noGeneralMeeting');
    return next;
  }

  /** General Meetings a picker offers: upcoming ones and those of the past week, nearest first. */
  async generalMeetings(cluster: ClusterContext) {
    const since = DateTime.fromJSDate(this.now()).minus({ days: 7 }).toJSDate();
    return this.db.meetings.list(cluster.id, { kind: 'general', from: since });
  }

  async create(cluster: ClusterContext, byPersonId: string, input: MotionInput): Promise<MotionRow> {
    const meeting = await this.generalMeeting(cluster, input.meetingId);
    const options = input.ballotKind === 'yesno' ? [...YES_NO] : (input.options ?? []).map((o) => o.trim()).filter(Boolean);
    if (input.ballotKind !== 'yesno') {
      if (options.length < 2 || options.length > 10) throw new DomainError('governance.errors.optionCount', {}, { options: 'governance.errors.optionCount' });
      if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) throw new DomainError('governance.errors.optionsDuplicate');
    }
    // A batch's weighted sums would tell how each member category voted within it: with unequal
    // weights a secret ballot could not keep its promise (secret-ballot.ts), so it is refused.
    if (input.secret && new Set(votingCategories(cluster.settings).map((c) => voteWeight(c, cluster.settings))).size > 1) {
      throw new DomainError('models.errors.secretWeighted');
    }
    const now = this.now();
    const opensAt = input.opensAt ?? now;
    if (input.closesAt.getTime() <= Math.max(opensAt.getTime(), now.getTime())) {
      throw new DomainError('governance.errors.closesBeforeOpens', {}, { closes: 'governance.errors.closesBeforeOpens' });
    }
    const motion = await this.db.createAudited((tx) => tx.governance.createMotion({
      clusterId: cluster.id,
      meetingId: meeting.id,
      title: input.title,
      text: input.text,
      ballotKind: input.ballotKind,
      options,
      secret: input.secret,
      // A secret ballot keeps no link to the organisation, so there is nothing to change later.
      allowChange: input.secret ? false : input.allowChange,
      opensAt,
      closesAt: input.closesAt,
      quorum: input.quorum ?? cluster.settings.defaultQuorum,
      majority: input.majority ?? cluster.settings.defaultMajority,
      abstentionsCount: cluster.settings.abstentionsCount,
      // Each motion keeps the rules it was created under, the second term's too.
      secondTermQuorum: cluster.settings.secondTermEnabled ? cluster.settings.secondTermQuorum : null,
      secondTermDelayMinutes: cluster.settings.secondTermDelayMinutes,
    }), (created) => ({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'motion.created', subjectType: 'motion', subjectId: created.id, details: { meetingId: meeting.id, secret: input.secret } }));
    // Voting that starts now opens at once; a later window is opened by the scheduler.
    if (opensAt.getTime() <= now.getTime()) await this.open(cluster.id, motion.id, byPersonId);
    return (await this.db.governance.motion(motion.id))!;
  }

  /** How many organisations would vote if a motion opened now (the electorate a secret ballot hides in). */
  async electorate(cluster: ClusterContext): Promise<number> {
    return (await this.db.governance.votingMembers(cluster.id, votingCategories(cluster.settings))).length;
  }

  async motion(cluster: ClusterContext, id: string) {
    const motion = await this.db.governance.motion(id);
    if (!motion || motion.clusterId !== cluster.id) throw new DomainError('governance.errors.motionNotFound', { id });
    return motion;
  }

  motions(clusterId: string, filter: { meetingId?: string; status?: MotionStatus[] } = {}) {
    return this.db.governance.motions(clusterId, filter);
  }

  /**
   * Opens voting and fixes who may vote, and with how many votes, by the cluster's rule at this
   * moment (settings.votingMembers): an organisation accepted later, or a rule changed later, does
   * not change this motion's electorate. Returns false if already open.
   * The voters are told at once (see announceOpening).
   */
  async open(clusterId: string, motionId: string, byPersonId: string | null): Promise<boolean> {
    const now = this.now();
    const { settings } = await this.clusters.byId(clusterId);
    const opened = await this.db.transaction(async (tx) => {
      const motion = await tx.governance.motion(motionId);
      if (!motion || motion.clusterId !== clusterId) throw new DomainError('governance.errors.motionNotFound', { id: motionId });
      if (motion.status !== 'draft') return false;
      const opensAt = motion.opensAt.getTime() < now.getTime() ? motion.opensAt : now;
      if (!(await tx.governance.markOpen(motionId, opensAt))) return false;
      const voters = await tx.governance.votingMembers(clusterId, votingCategories(settings));
      await tx.governance.fixEligibility(motionId, voters.map((m) => ({ memberId: m.id, weight: voteWeight(m.category, settings) })), recordedWeights(settings));
      if (motion.secret) await tx.governance.createTally(motionId, motionOptions(motion));
      await tx.audit.record({ clusterId, actorPersonId: byPersonId, action: 'motion.opened', subjectType: 'motion', subjectId: motionId, details: { eligible: voters.length } });
      return true;
    });
    if (opened) await this.announceOpening(motionId);
    return opened;
  }

  /**
   * Tells everyone who may vote, each exactly once (the delivery ledger): every representative of
   * every eligible organisation privately, with the ballot's buttons; the representatives of an
   * organisation holding a proxy, with the buttons for the organisation that gave it; and the
   * announcements channel, where a press votes for the presser's own organisation. The channel post
   * goes last, so a run interrupted midway is finished by the scheduler (see openingAnnounced).
   */
  async announceOpening(motionId: string): Promise<void> {
    const motion = await this.db.governance.motion(motionId);
    if (!motion || motion.status !== 'open') return;
    const cluster = motion.clusterId;
    const eligibility = await this.db.governance.eligibility(motion.id);
    const members = await this.db.governance.members(eligibility.map((e) => e.memberId));
    const proxies = (await this.clusterProxiesEnabled(cluster)) ? await this.db.governance.proxies(motion.meetingId) : [];
    const eligibleIds = new Set(members.map((m) => m.id));
    for (const member of members) {
      await this.deliveries.once(cluster, `motion.opened:${motion.id}:${member.id}`, 'motion.opened', async () => {
        for (const person of await this.db.members.representatives(member.id)) {
          await this.notifications.toPerson(cluster, person.id, (tools) => openedNotice(motion, member, false, tools), 'motion.opened');
        }
        const proxy = proxies.find((p) => p.fromMemberId === member.id);
        if (proxy && !eligibleIds.has(proxy.toMemberId)) return;
        for (const person of proxy ? await this.db.members.representatives(proxy.toMemberId) : []) {
          await this.notifications.toPerson(cluster, person.id, (tools) => openedNotice(motion, member, true, tools), 'motion.opened');
        }
      });
    }
    await this.deliveries.once(cluster, openingKey(motion.id), 'motion.opened', async () => {
      await this.notifications.toChannel(cluster, 'announcements', (tools) => openedPost(motion, members.length, tools));
      this.log.info({ clusterId: cluster, motionId: motion.id, eligible: members.length }, 'voting opened announced');
    });
  }

  /** Whether the whole voting-opened notice went out (its channel post is the last step). */
  openingAnnounced(motionId: string): Promise<boolean> {
    return this.deliveries.wasSent(openingKey(motionId));
  }

  private async clusterProxiesEnabled(clusterId: string): Promise<boolean> {
    return (await this.clusters.byId(clusterId)).settings.proxiesEnabled;
  }

  /** Live turnout for the coordinator: who voted (never what, for a secret ballot), quorum gap. */
  async status(cluster: ClusterContext, motionId: string) {
    const motion = await this.motion(cluster, motionId);
    const [eligibility, voted] = await Promise.all([this.db.governance.eligibility(motion.id), this.votedIds(motion.id)]);
    const notVoted = await this.db.governance.members(eligibility.map((e) => e.memberId).filter((id) => !voted.has(id)));
    // Weighted voting: turnout and quorum in votes (the weights fixed at opening).
    const votes = motionWeights(motion) ? turnout(eligibility, voted) : { eligible: eligibility.length, voted: voted.size };
    const needed = quorumNeeded(termQuorum(motion), votes.eligible);
    return {
      motion,
      eligible: votes.eligible,
      voted: votes.voted,
      quorumNeeded: needed,
      missingForQuorum: Math.max(0, needed - votes.voted),
      notVoted: notVoted.map((m) => m.name),
      result: motionResult(motion),
    };
  }

  /** Organisations that voted: counted ballots, and a secret ballot's ones still waiting in a batch. */
  async votedIds(motionId: string): Promise<Set<string>> {
    const [participations, sealed] = await Promise.all([this.db.governance.participations(motionId), this.db.governance.sealedBallots(motionId)]);
    return new Set([...participations, ...sealed].map((p) => p.memberId));
  }

  /**
   * Motions a picker offers the actor, filtered by what was typed (title or id) and by what the
   * actor may do with them: `open` drafts, `close` open motions, `vote` open motions its
   * organisation may vote on, `any` every motion of the cluster.
   */
  async pick(cluster: ClusterContext, actor: Actor, typed: string, purpose: 'open' | 'close' | 'vote' | 'any'): Promise<MotionRow[]> {
    const status: MotionStatus[] | undefined = purpose === 'open' ? ['draft'] : purpose === 'close' || purpose === 'vote' ? ['open'] : undefined;
    if (purpose === 'vote' && !votesAtAll(actor, cluster.settings)) return [];
    const needle = typed.trim().toLowerCase();
    let rows = (await this.db.governance.motions(cluster.id, status ? { status } : {})).filter((m) => !needle || m.title.toLowerCase().includes(needle) || m.id.startsWith(needle));
    if (purpose === 'vote') {
      const eligible = await Promise.all(rows.map((m) => this.db.governance.isEligible(m.id, actor.member!.id)));
      rows = rows.filter((_, i) => eligible[i]);
    }
    // Newest first: the motion someone is looking for is usually the latest.
    return rows.reverse().slice(0, 25);
  }
}

const openingKey = (motionId: string) => `motion.opened:${motionId}`;
