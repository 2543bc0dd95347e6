import { DateTime } from 'luxon';
import { isUniqueViolation, type Database } from '../db/index.ts';
import { gather } from '../db/batch.ts';
import type { Logger } from '../logger.ts';
import { ACTIVE_STATUSES, type Actor, type ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { TranslationKey } from '../core/i18n.ts';
import type { ActivityService } from './activity.ts';
import type { DeliveryService } from './deliveries.ts';
import type { NotificationService, MessageTools } from './notifications.ts';
import type { Reply } from '../core/reply.ts';

export type BallotKind = 'yesno' | 'single' | 'multiple';
export type Majority = 'simple' | 'absolute' | 'twoThirds';
export const BALLOT_KINDS = ['yesno', 'single', 'multiple'] as const;
export const MAJORITIES = ['simple', 'absolute', 'twoThirds'] as const;
/** A yes/no ballot's options; they are translation keys (governance.choice.*), not labels. */
export const YES_NO = ['yes', 'no', 'abstain'] as const;

/** How long before a motion closes the organisations that have not voted are reminded. */
export const VOTE_REMINDER_HOURS = 24;

type MotionRow = NonNullable<Awaited<ReturnType<Database['governance']['motion']>>>;

export interface MotionResult {
  eligible: number;
  voted: number;
  /** Share of eligible organisations that must vote (0–1) and the number of ballots that means. */
  quorum: number;
  quorumNeeded: number;
  quorumMet: boolean;
  /** Ballots per option, in the motion's option order. */
  counts: Record<string, number>;
  majority: Majority;
  abstentionsCount: boolean;
  /** The votes the majority is measured against (see computeResult). */
  counted: number;
  /** Options that won: 'yes' for a passed yes/no motion, the winner(s) otherwise. */
  accepted: string[];
  outcome: 'passed' | 'rejected' | 'noQuorum';
  passed: boolean;
}

/** Ballots needed for quorum: ⌈quorum × eligible⌉, and at least one. */
export function quorumNeeded(quorum: number, eligible: number): number {
  return Math.max(1, Math.ceil(quorum * eligible - 1e-9));
}

/**
 * The result of a closed motion. The rules, exactly:
 * - Quorum: met when the organisations that voted (abstentions included) are at least
 *   ⌈quorum × eligible⌉. A motion that misses quorum is `noQuorum` and never passes.
 * - Yes/no/abstain, with Y, N, A ballots; "counted" C = Y + N, plus A when the cluster's
 *   `abstentionsCount` is on:
 *   - simple: Y > C − Y (more yes than no; with abstentions counted, more yes than no and
 *     abstentions together);
 *   - absolute: Y > (Y + N + A) / 2, more than half of all ballots cast; abstentions always count
 *     here, which is what makes a majority absolute;
 *   - two thirds: 3·Y ≥ 2·C (at least two thirds of the counted votes).
 * - One of several: C = ballots. The leading option wins when it has more votes than any other
 *   (simple), more than half of the ballots (absolute) or at least two thirds (two thirds).
 *   A tie for the lead passes nothing.
 * - Several of several: C = ballots; each option is judged as if its ballots were "yes" and the
 *   others "no": accepted with more than half of the ballots (simple and absolute) or at least two
 *   thirds (two thirds). The motion passes when at least one option is accepted.
 */
export function computeResult(input: {
  ballotKind: BallotKind;
  options: string[];
  counts: Record<string, number>;
  eligible: number;
  voted: number;
  quorum: number;
  majority: Majority;
  abstentionsCount: boolean;
}): MotionResult {
  const counts = Object.fromEntries(input.options.map((o) => [o, input.counts[o] ?? 0]));
  const needed = quorumNeeded(input.quorum, input.eligible);
  const quorumMet = input.eligible > 0 && input.voted >= needed;
  let counted = input.voted;
  let accepted: string[] = [];
  if (input.ballotKind === 'yesno') {
    const y = counts.yes ?? 0;
    const n = counts.no ?? 0;
    const a = counts.abstain ?? 0;
    counted = y + n + (input.abstentionsCount ? a : 0);
    const passes =
      input.majority === 'simple' ? y > counted - y : input.majority === 'absolute' ? 2 * y > y + n + a : 3 * y >= 2 * counted && y > 0;
    accepted = passes ? ['yes'] : [];
  } else if (input.ballotKind === 'single') {
    const sorted = Object.entries(counts).sort((l, r) => r[1] - l[1]);
    const [leader, second] = sorted;
    if (leader && leader[1] > 0 && (!second || leader[1] > second[1])) {
      const v = leader[1];
      const passes = input.majority === 'simple' ? true : input.majority === 'absolute' ? 2 * v > counted : 3 * v >= 2 * counted;
      if (passes) accepted = [leader[0]];
    }
  } else {
    accepted = input.options.filter((o) => {
      const v = counts[o] ?? 0;
      return v > 0 && (input.majority === 'twoThirds' ? 3 * v >= 2 * counted : 2 * v > counted);
    });
  }
  const passed = quorumMet && accepted.length > 0;
  return {
    eligible: input.eligible,
    voted: input.voted,
    quorum: input.quorum,
    quorumNeeded: needed,
    quorumMet,
    counts,
    majority: input.majority,
    abstentionsCount: input.abstentionsCount,
    counted,
    accepted: quorumMet ? accepted : [],
    outcome: !quorumMet ? 'noQuorum' : passed ? 'passed' : 'rejected',
    passed,
  };
}

export function motionOptions(motion: Pick<MotionRow, 'options'>): string[] {
  return JSON.parse(motion.options) as string[];
}

export function motionResult(motion: Pick<MotionRow, 'result'>): MotionResult | undefined {
  return motion.result ? (JSON.parse(motion.result) as MotionResult) : undefined;
}

/** An option as a reader sees it: yes/no/abstain translated, other options as typed. */
export function optionLabel(motion: Pick<MotionRow, 'ballotKind'>, option: string, t: MessageTools['t']): string {
  return motion.ballotKind === 'yesno' ? t(`governance.choice.${option as (typeof YES_NO)[number]}`) : option;
}

export interface CastInput {
  motionId: string;
  /** The organisation whose vote this is: the actor's own, or one that gave it a proxy. */
  forMemberId: string;
  /** Indexes into the motion's options. */
  choice: number[];
  /** The caller saw the organisation's earlier vote and means to replace it. */
  change: boolean;
}

export interface CastReceipt {
  motion: MotionRow;
  memberName: string;
  choice: string[];
  at: Date;
  changed: boolean;
  proxy: boolean;
}

export interface BallotEntry {
  motion: MotionRow;
  forMember: { id: string; name: string };
  proxy: boolean;
  eligible: boolean;
  voted?: { at: Date; byPersonId: string | null; choice?: string[] };
}

/** A ballot on its way to the database. */
interface Ballot {
  motion: MotionRow;
  forMember: { id: string; name: string };
  castByPersonId: string;
  proxyMemberId: string | null;
  /** Option names, in the motion's order. */
  choice: string[];
  at: Date;
}

/** General Meeting votes: motions, eligibility, ballots, proxies and results. */
export class GovernanceService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly activity: ActivityService,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
  ) {}

  private readonly castFirst = gather((ballots: Ballot[]) => this.commitFirstVotes(ballots));

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

  async createMotion(
    cluster: ClusterContext,
    byPersonId: string,
    input: {
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
    },
  ) {
    const meeting = await this.generalMeeting(cluster, input.meetingId);
    const options = input.ballotKind === 'yesno' ? [...YES_NO] : (input.options ?? []).map((o) => o.trim()).filter(Boolean);
    if (input.ballotKind !== 'yesno') {
      if (options.length < 2 || options.length > 10) throw new DomainError('governance.errors.optionCount', {}, { options: 'governance.errors.optionCount' });
      if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) throw new DomainError('governance.errors.optionsDuplicate');
    }
    const now = this.now();
    const opensAt = input.opensAt ?? now;
    if (input.closesAt.getTime() <= Math.max(opensAt.getTime(), now.getTime())) {
      throw new DomainError('governance.errors.closesBeforeOpens', {}, { closes: 'governance.errors.closesBeforeOpens' });
    }
    const motion = await this.db.transaction(async (tx) => {
      const created = await tx.governance.createMotion({
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
      });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'motion.created', subjectType: 'motion', subjectId: created.id, details: { meetingId: meeting.id, secret: input.secret } });
      return created;
    });
    // Voting that starts now opens at once; a later window is opened by the scheduler.
    if (opensAt.getTime() <= now.getTime()) await this.open(cluster.id, motion.id, byPersonId);
    return (await this.db.governance.motion(motion.id))!;
  }

  async motion(cluster: ClusterContext, id: string) {
    const motion = await this.db.governance.motion(id);
    if (!motion || motion.clusterId !== cluster.id) throw new DomainError('governance.errors.motionNotFound', { id });
    return motion;
  }

  motions(clusterId: string, filter: { meetingId?: string; status?: string[] } = {}) {
    return this.db.governance.motions(clusterId, filter);
  }

  /**
   * Opens voting and fixes who may vote: the main members in good standing at this moment.
   * An organisation accepted later does not vote on this motion. Returns false if already open.
   */
  async open(clusterId: string, motionId: string, byPersonId: string | null): Promise<boolean> {
    const now = this.now();
    return this.db.transaction(async (tx) => {
      const motion = await tx.governance.motion(motionId);
      if (!motion || motion.clusterId !== clusterId) throw new DomainError('governance.errors.motionNotFound', { id: motionId });
      if (motion.status !== 'draft') return false;
      const opensAt = motion.opensAt.getTime() < now.getTime() ? motion.opensAt : now;
      if (!(await tx.governance.markOpen(motionId, opensAt))) return false;
      const voters = await tx.governance.votingMembers(clusterId);
      await tx.governance.fixEligibility(motionId, voters.map((m) => m.id));
      if (motion.secret) await tx.governance.createTally(motionId, motionOptions(motion));
      await tx.audit.record({ clusterId, actorPersonId: byPersonId, action: 'motion.opened', subjectType: 'motion', subjectId: motionId, details: { eligible: voters.length } });
      return true;
    });
  }

  /** The ballots the actor may cast now: its own organisation's and those it holds proxies for. */
  async ballots(cluster: ClusterContext, actor: Actor): Promise<BallotEntry[]> {
    this.assertMayVote(actor);
    const member = actor.member!;
    const now = this.now();
    const open = (await this.db.governance.motions(cluster.id, { status: ['open'] })).filter((m) => m.closesAt.getTime() > now.getTime());
    const entries: BallotEntry[] = [];
    const proxiesByMeeting = new Map<string, { id: string; name: string }[]>();
    for (const motion of open) {
      if (!proxiesByMeeting.has(motion.meetingId)) {
        const held = cluster.settings.proxiesEnabled ? await this.db.governance.proxiesHeldBy(motion.meetingId, member.id) : [];
        const rows = await this.db.governance.members(held.map((p) => p.fromMemberId));
        proxiesByMeeting.set(motion.meetingId, rows.map((r) => ({ id: r.id, name: r.name })));
      }
      const forMembers = [{ id: member.id, name: member.name, proxy: false }, ...proxiesByMeeting.get(motion.meetingId)!.map((m) => ({ ...m, proxy: true }))];
      for (const forMember of forMembers) {
        entries.push(await this.entry(motion, { id: forMember.id, name: forMember.name }, forMember.proxy));
      }
    }
    return entries;
  }

  async ballot(cluster: ClusterContext, actor: Actor, motionId: string, forMemberId: string): Promise<BallotEntry> {
    const motion = await this.motion(cluster, motionId);
    const forMember = await this.voterFor(cluster, actor, motion, forMemberId);
    if (motion.status !== 'open' || motion.closesAt.getTime() <= this.now().getTime()) throw new DomainError('governance.errors.closed', { title: motion.title });
    return this.entry(motion, forMember, forMember.id !== actor.member!.id);
  }

  private async entry(motion: MotionRow, forMember: { id: string; name: string }, proxy: boolean): Promise<BallotEntry> {
    const [eligible, participation] = await Promise.all([
      this.db.governance.isEligible(motion.id, forMember.id),
      this.db.governance.participation(motion.id, forMember.id),
    ]);
    let voted: BallotEntry['voted'];
    if (participation) {
      const open = motion.secret ? null : await this.db.governance.openVote(motion.id, forMember.id);
      voted = { at: participation.castAt, byPersonId: participation.castByPersonId, ...(open ? { choice: JSON.parse(open.choice) as string[] } : {}) };
    }
    return { motion, forMember, proxy, eligible, ...(voted ? { voted } : {}) };
  }

  /** Refusals that explain the rule: only main members in good standing vote. */
  private assertMayVote(actor: Actor): void {
    if (!actor.member) throw new DomainError('governance.errors.notMember');
    if (!(ACTIVE_STATUSES as readonly string[]).includes(actor.member.status)) {
      throw new DomainError('governance.errors.suspended', { org: actor.member.name });
    }
    if (actor.member.category !== 'main') throw new DomainError('governance.errors.supporting', { org: actor.member.name });
  }

  /** The organisation the actor votes for: its own, or one that authorised it for this meeting. */
  private async voterFor(cluster: ClusterContext, actor: Actor, motion: MotionRow, forMemberId: string) {
    this.assertMayVote(actor);
    const own = actor.member!;
    if (forMemberId === own.id) return { id: own.id, name: own.name };
    const proxy = cluster.settings.proxiesEnabled ? await this.db.governance.proxyFrom(motion.meetingId, forMemberId) : null;
    if (!proxy || proxy.toMemberId !== own.id) throw new DomainError('governance.errors.noProxy');
    const [member] = await this.db.governance.members([forMemberId]);
    if (!member) throw new DomainError('governance.errors.noProxy');
    return { id: member.id, name: member.name };
  }

  /**
   * Casts (or, where allowed, changes) an organisation's vote. One vote per organisation: the
   * unique (motion, member) participation decides a race between two representatives.
   */
  async cast(cluster: ClusterContext, actor: Actor, input: CastInput): Promise<CastReceipt> {
    const motion = await this.motion(cluster, input.motionId);
    const now = this.now();
    if (motion.status === 'draft' || motion.opensAt.getTime() > now.getTime()) {
      throw new DomainError('governance.errors.notOpenYet', { opensAt: motion.opensAt });
    }
    if (motion.status !== 'open' || motion.closesAt.getTime() <= now.getTime()) throw new DomainError('governance.errors.closed', { title: motion.title });
    const forMember = await this.voterFor(cluster, actor, motion, input.forMemberId);
    // Read together: in a burst each step is one round trip for every press waiting on it.
    // Most repeat presses (the organisation's second representative, a double click) end on the
    // participation read, without a write transaction; the unique (motion, member) participation
    // inside the transaction still decides a real race.
    const [eligible, already, meeting] = await Promise.all([
      this.db.governance.isEligible(motion.id, forMember.id),
      this.db.governance.participation(motion.id, forMember.id),
      this.db.meetings.byId(motion.meetingId),
    ]);
    if (!eligible) throw new DomainError('governance.errors.notEligible', { org: forMember.name, opensAt: motion.opensAt });
    const options = motionOptions(motion);
    const picked = [...new Set(input.choice)];
    if (picked.length === 0 || picked.some((i) => !Number.isInteger(i) || i < 0 || i >= options.length) || (motion.ballotKind !== 'multiple' && picked.length !== 1)) {
      throw new DomainError('governance.errors.invalidChoice');
    }
    const choice = picked.sort((a, b) => a - b).map((i) => options[i]!);
    const proxyMemberId = forMember.id === actor.member!.id ? null : actor.member!.id;

    if (already) {
      if (!input.change) throw new DomainError('governance.errors.alreadyVoted', { org: forMember.name, at: already.castAt });
      if (motion.secret) throw new DomainError('governance.errors.secretNoChange');
      if (!motion.allowChange) throw new DomainError('governance.errors.changeNotAllowed', { at: already.castAt });
    }

    const ballot: Ballot = { motion, forMember, castByPersonId: actor.personId, proxyMemberId, choice, at: now };
    // A first vote joins the others cast at the same moment in one transaction (a General
    // Meeting's burst); a change is rare and goes alone.
    const changed = already ? await this.castAlone(ballot, input.change) : await this.castFirst(ballot);
    await this.activity.recordAutomatic(cluster.settings, {
      clusterId: cluster.id,
      memberId: forMember.id,
      source: 'vote',
      sourceKey: motion.meetingId,
      date: meeting?.startsAt ?? now,
      title: meeting?.title ?? motion.title,
      personId: actor.personId,
    });
    return { motion, memberName: forMember.name, choice, at: now, changed, proxy: proxyMemberId !== null };
  }

  /**
   * First votes cast at the same moment, in one transaction: one lock per motion, one read of who
   * has voted, one insert for all. The first press of an organisation wins, a later one in the
   * batch is told it already voted, exactly as if they had come one by one. If another replica
   * recorded one of these organisations in between, the unique index refuses the whole insert and
   * each vote is settled on its own.
   */
  private async commitFirstVotes(ballots: Ballot[]): Promise<(boolean | Error)[]> {
    const now = this.now();
    try {
      return await this.db.transaction(async (tx) => {
        const open = new Map<string, boolean>();
        for (const motionId of new Set(ballots.map((b) => b.motion.id))) open.set(motionId, await tx.governance.lockOpen(motionId, now));
        const key = (motionId: string, memberId: string) => `${motionId}\u0000${memberId}`;
        const taken = new Map((await tx.governance.participationsOf(ballots.map((b) => ({ motionId: b.motion.id, memberId: b.forMember.id })))).map((p) => [key(p.motionId, p.memberId), p.castAt]));
        const accepted: Ballot[] = [];
        const results = ballots.map((b): boolean | Error => {
          if (!open.get(b.motion.id)) return new DomainError('governance.errors.closed', { title: b.motion.title });
          const k = key(b.motion.id, b.forMember.id);
          const at = taken.get(k);
          if (at) return new DomainError('governance.errors.alreadyVoted', { org: b.forMember.name, at });
          taken.set(k, b.at);
          accepted.push(b);
          return false;
        });
        await tx.governance.addParticipations(
          accepted.map((b) => ({ motionId: b.motion.id, memberId: b.forMember.id, castByPersonId: b.castByPersonId, proxyMemberId: b.proxyMemberId, castAt: b.at })),
        );
        // Secret: only the counts move; nothing written here names the organisation with the choice.
        await tx.governance.addOpenVotes(accepted.filter((b) => !b.motion.secret).map((b) => ({ motionId: b.motion.id, memberId: b.forMember.id, choice: JSON.stringify(b.choice) })));
        const tallies = new Map<string, { motionId: string; option: string; n: number }>();
        for (const b of accepted.filter((x) => x.motion.secret)) {
          for (const option of b.choice) {
            const t = tallies.get(key(b.motion.id, option)) ?? { motionId: b.motion.id, option, n: 0 };
            t.n++;
            tallies.set(key(b.motion.id, option), t);
          }
        }
        for (const t of tallies.values()) await tx.governance.incrementTally(t.motionId, t.option, t.n);
        return results;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return Promise.all(ballots.map((b) => this.castAlone(b, false).catch((e: Error) => e)));
    }
  }

  /** One ballot in its own transaction: a changed vote, or a first vote whose batch met a race. Answers whether it changed an earlier vote. */
  private async castAlone(ballot: Ballot, change: boolean | undefined): Promise<boolean> {
    const { motion, forMember, choice } = ballot;
    const now = ballot.at;
    let changed = false;
    try {
      await this.db.transaction(async (tx) => {
        if (!(await tx.governance.lockOpen(motion.id, now))) throw new DomainError('governance.errors.closed', { title: motion.title });
        const existing = await tx.governance.participation(motion.id, forMember.id);
        if (existing) {
          if (!change) throw new DomainError('governance.errors.alreadyVoted', { org: forMember.name, at: existing.castAt });
          if (motion.secret) throw new DomainError('governance.errors.secretNoChange');
          if (!motion.allowChange) throw new DomainError('governance.errors.changeNotAllowed', { at: existing.castAt });
          await tx.governance.setOpenVote(motion.id, forMember.id, JSON.stringify(choice));
          await tx.governance.updateParticipation(motion.id, forMember.id, ballot.castByPersonId, ballot.proxyMemberId, now);
          changed = true;
          return;
        }
        await tx.governance.addParticipation({ motionId: motion.id, memberId: forMember.id, castByPersonId: ballot.castByPersonId, proxyMemberId: ballot.proxyMemberId, castAt: now });
        if (motion.secret) for (const option of choice) await tx.governance.incrementTally(motion.id, option);
        else await tx.governance.setOpenVote(motion.id, forMember.id, JSON.stringify(choice));
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another representative of the same organisation got there first.
      const winner = await this.db.governance.participation(motion.id, forMember.id);
      throw new DomainError('governance.errors.alreadyVoted', { org: forMember.name, at: winner?.castAt ?? now });
    }
    return changed;
  }

  /** Live turnout for the coordinator: who voted (never what, for a secret ballot), quorum gap. */
  async status(cluster: ClusterContext, motionId: string) {
    const motion = await this.motion(cluster, motionId);
    const [eligibility, participations] = await Promise.all([this.db.governance.eligibility(motion.id), this.db.governance.participations(motion.id)]);
    const votedIds = new Set(participations.map((p) => p.memberId));
    const notVoted = await this.db.governance.members(eligibility.map((e) => e.memberId).filter((id) => !votedIds.has(id)));
    const needed = quorumNeeded(motion.quorum, eligibility.length);
    return {
      motion,
      eligible: eligibility.length,
      voted: participations.length,
      quorumNeeded: needed,
      missingForQuorum: Math.max(0, needed - participations.length),
      notVoted: notVoted.map((m) => m.name),
      result: motionResult(motion),
    };
  }

  /**
   * Closes voting (the window ended, or the coordinator closed it early), records the result and
   * posts it to the announcements channel, exactly once even if the job and the coordinator race.
   */
  async close(clusterId: string, motionId: string, byPersonId: string | null): Promise<MotionResult | undefined> {
    const now = this.now();
    const closed = await this.db.transaction(async (tx) => {
      const motion = await tx.governance.motion(motionId);
      if (!motion || motion.clusterId !== clusterId) throw new DomainError('governance.errors.motionNotFound', { id: motionId });
      if (motion.status === 'draft') throw new DomainError('governance.errors.notOpenYet', { opensAt: motion.opensAt });
      if (motion.status !== 'open') return undefined;
      // Close first, then count: ballots still in flight either committed before this or now find it closed.
      if (!(await tx.governance.markClosed(motion.id, now))) return undefined;
      const [eligibility, participations] = await Promise.all([tx.governance.eligibility(motion.id), tx.governance.participations(motion.id)]);
      const result = computeResult({
        ballotKind: motion.ballotKind as BallotKind,
        options: motionOptions(motion),
        counts: await tallyOf(tx, motion),
        eligible: eligibility.length,
        voted: participations.length,
        quorum: motion.quorum,
        majority: motion.majority as Majority,
        abstentionsCount: motion.abstentionsCount,
      });
      await tx.governance.setResult(motion.id, result);
      await tx.audit.record({ clusterId, actorPersonId: byPersonId, action: byPersonId ? 'motion.closedEarly' : 'motion.closed', subjectType: 'motion', subjectId: motion.id, details: { outcome: result.outcome } });
      return result;
    });
    await this.announce(motionId);
    return closed;
  }

  /** Posts a closed motion's result once (a restart between closing and posting still posts it). */
  async announce(motionId: string): Promise<boolean> {
    const motion = await this.db.governance.motion(motionId);
    const result = motion && motionResult(motion);
    if (!motion || motion.status !== 'closed' || !result) return false;
    return this.deliveries.once(motion.clusterId, `motion.result:${motion.id}`, 'motion.result', async () => {
      await this.notifications.toChannel(motion.clusterId, 'announcements', (tools) => resultMessage(motion, result, tools));
      this.log.info({ clusterId: motion.clusterId, motionId: motion.id, outcome: result.outcome }, 'motion result announced');
    });
  }

  // Scheduler ------------------------------------------------------------------------------------

  /** Opens drafts whose window began, closes motions whose window ended, posts missing results. */
  async runSchedule(now: Date): Promise<void> {
    for (const motion of await this.db.governance.dueToOpen(now)) await this.open(motion.clusterId, motion.id, null);
    for (const motion of await this.db.governance.dueToClose(now)) await this.close(motion.clusterId, motion.id, null);
    const recent = await this.db.governance.closedSince(DateTime.fromJSDate(now).minus({ days: 7 }).toJSDate());
    for (const motion of recent) await this.announce(motion.id);
  }

  /** Reminds organisations that have not voted (only them), once per motion, a day before close. */
  async remindNonVoters(now: Date): Promise<number> {
    let sent = 0;
    for (const motion of await this.db.governance.openMotions()) {
      const remindAt = Math.max(motion.opensAt.getTime(), motion.closesAt.getTime() - VOTE_REMINDER_HOURS * 3600_000);
      if (now.getTime() < remindAt || now.getTime() >= motion.closesAt.getTime()) continue;
      const [eligibility, participations] = await Promise.all([this.db.governance.eligibility(motion.id), this.db.governance.participations(motion.id)]);
      const voted = new Set(participations.map((p) => p.memberId));
      for (const { memberId } of eligibility.filter((e) => !voted.has(e.memberId))) {
        const delivered = await this.deliveries.once(motion.clusterId, `vote.reminder:${motion.id}:${memberId}`, 'vote.reminder', async () => {
          for (const person of await this.db.members.representatives(memberId)) {
            await this.notifications.toPerson(
              motion.clusterId,
              person.id,
              ({ t, dateTime }) => ({
                title: t('governance.reminder.title'),
                text: t('governance.reminder.text', { title: motion.title, closesAt: dateTime(motion.closesAt) }),
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

  // Proxies --------------------------------------------------------------------------------------

  /** An organisation authorises another main member to vote for it at one General Meeting. */
  async giveProxy(cluster: ClusterContext, actor: Actor, input: { meetingId?: string; toMemberId: string; note?: string }) {
    if (!cluster.settings.proxiesEnabled) throw new DomainError('governance.errors.proxiesDisabled');
    this.assertMayVote(actor);
    const from = actor.member!;
    const meeting = await this.generalMeeting(cluster, input.meetingId);
    const [to] = await this.db.governance.members([input.toMemberId]);
    if (!to || to.clusterId !== cluster.id) throw new DomainError('governance.errors.proxyTargetUnknown');
    if (to.id === from.id) throw new DomainError('governance.errors.proxySelf');
    if (to.category !== 'main' || !(ACTIVE_STATUSES as readonly string[]).includes(to.status)) {
      throw new DomainError('governance.errors.proxyTargetNotVoter', { org: to.name });
    }
    if (await this.db.governance.proxyFrom(meeting.id, to.id)) throw new DomainError('governance.errors.proxyChain', { org: to.name });
    const held = await this.db.governance.proxiesHeldBy(meeting.id, to.id);
    if (held.length >= cluster.settings.maxProxiesPerMember) {
      throw new DomainError('governance.errors.proxyLimit', { org: to.name, count: cluster.settings.maxProxiesPerMember });
    }
    try {
      await this.db.transaction(async (tx) => {
        await tx.governance.addProxy({ clusterId: cluster.id, meetingId: meeting.id, fromMemberId: from.id, toMemberId: to.id, note: input.note ?? '' });
        await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'proxy.given', subjectType: 'meeting', subjectId: meeting.id, details: { from: from.id, to: to.id } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('governance.errors.proxyExists');
      throw error;
    }
    return { meeting, from, to };
  }

  async revokeProxy(cluster: ClusterContext, actor: Actor, meetingId?: string) {
    if (!actor.member) throw new DomainError('governance.errors.notMember');
    const meeting = await this.generalMeeting(cluster, meetingId);
    const { count } = await this.db.governance.removeProxy(meeting.id, actor.member.id);
    if (count === 0) throw new DomainError('governance.errors.noProxyGiven');
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'proxy.revoked', subjectType: 'meeting', subjectId: meeting.id, details: { from: actor.member.id } });
    return meeting;
  }

  /** Proxies for a meeting, with organisation names: for the list and the minutes. */
  async proxies(meetingId: string) {
    const rows = await this.db.governance.proxies(meetingId);
    const members = await this.db.governance.members(rows.flatMap((r) => [r.fromMemberId, r.toMemberId]));
    const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
    return rows.map((r) => ({ from: name(r.fromMemberId), to: name(r.toMemberId), note: r.note, at: r.createdAt }));
  }

  /** The organisation a person represents (to name a proxy holder by one of its people). */
  async organisationOf(clusterId: string, personId: string) {
    return (await this.db.people.representation(clusterId, personId))?.member ?? null;
  }

  /** For open ballots only: which organisation chose what (minutes' roll call). Never for secret ones. */
  async openRollCall(motion: MotionRow): Promise<{ org: string; choice: string[] }[]> {
    if (motion.secret) return [];
    const votes = await this.db.governance.openVotes(motion.id);
    const members = await this.db.governance.members(votes.map((v) => v.memberId));
    return members.map((m) => ({ org: m.name, choice: JSON.parse(votes.find((v) => v.memberId === m.id)!.choice) as string[] }));
  }
}

/** Ballots per option: the secret tally's counts, or the open votes added up. */
async function tallyOf(db: Database, motion: MotionRow): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (motion.secret) {
    for (const row of await db.governance.tally(motion.id)) counts[row.option] = row.count;
  } else {
    for (const vote of await db.governance.openVotes(motion.id)) {
      for (const option of JSON.parse(vote.choice) as string[]) counts[option] = (counts[option] ?? 0) + 1;
    }
  }
  return counts;
}

/** The announcement of a result, in the channel's language. */
export function resultMessage(motion: MotionRow, result: MotionResult, tools: MessageTools): Reply {
  const { t } = tools;
  const outcomeKey: TranslationKey = `governance.outcome.${result.outcome}`;
  return {
    title: t('governance.result.title', { title: motion.title }),
    text: t(outcomeKey),
    fields: [
      { label: t('governance.result.counts'), value: countsText(motion, result, t) },
      { label: t('governance.result.turnout'), value: t('governance.result.turnoutValue', { voted: result.voted, eligible: result.eligible, needed: result.quorumNeeded }) },
      { label: t('governance.result.quorum'), value: t(result.quorumMet ? 'governance.result.quorumMet' : 'governance.result.quorumMissed') },
      // "More yes than no" describes a yes/no motion only; an election is won by an option.
      { label: t('governance.result.majority'), value: t(motion.ballotKind === 'yesno' ? `governance.majority.${result.majority}` : `governance.majorityOptions.${result.majority}`) },
      ...(result.accepted.length && motion.ballotKind !== 'yesno'
        ? [{ label: t('governance.result.accepted'), value: result.accepted.join(', ') }]
        : []),
      ...(motion.secret ? [{ label: t('governance.result.secret'), value: t('governance.result.secretValue') }] : []),
    ],
    tone: result.passed ? 'success' : 'info',
  };
}

export function countsText(motion: Pick<MotionRow, 'ballotKind'>, result: MotionResult, t: MessageTools['t']): string {
  return Object.entries(result.counts)
    .map(([option, n]) => `${optionLabel(motion, option, t)}: ${n}`)
    .join(', ');
}
