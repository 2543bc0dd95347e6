import { isUniqueViolation, type Database } from '../../db/index.ts';
import { gather } from '../../db/batch.ts';
import type { Actor, ClusterContext } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { ActivityService, AutomaticEntry } from '../activity.ts';
import type { ClusterSettings } from '../settings.ts';
import { assertMayVote, votesAtAll, motionOptions, type MotionRow } from './rules.ts';
import type { MotionService } from './motions.ts';
import { OWN_ORGANISATION } from './ballot-card.ts';
import { proxyHolderPresent } from './presence.ts';
import type { SecretBallot, SecretBallotService } from './secret-ballot.ts';

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
  voted?: { at: Date; choice?: string[] };
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
  /** The cluster's k: a secret ballot's batches hold at least this many. */
  k: number;
  /** Voting counts as the organisation's activity: recorded in the same commit as the vote. */
  activity: { settings: Pick<ClusterSettings, 'autoActivities'>; entry: AutomaticEntry };
}

const pairOf = (b: Ballot) => ({ motionId: b.motion.id, memberId: b.forMember.id });
const keyOf = (p: { motionId: string; memberId: string }) => `${p.motionId}\u0000${p.memberId}`;

/** Casting votes: the ballots a representative may cast, and one vote per organisation. */
export class VotingService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly motions: MotionService,
    private readonly activity: ActivityService,
    private readonly secret: SecretBallotService,
  ) {}

  private readonly castFirst = gather((ballots: Ballot[]) => this.commitFirstVotes(ballots));

  private motion(cluster: ClusterContext, id: string) {
    return this.motions.motion(cluster, id);
  }

  /** The ballots the actor may cast now: its own organisation's and those it holds proxies for. */
  async ballots(cluster: ClusterContext, actor: Actor): Promise<BallotEntry[]> {
    assertMayVote(actor, cluster.settings);
    const member = actor.member;
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
    const [eligible, participation] = await Promise.all([this.db.governance.isEligible(motion.id, forMember.id), this.votedOn(motion, forMember.id)]);
    let voted: BallotEntry['voted'];
    if (participation) {
      const open = motion.secret ? null : await this.db.governance.openVote(motion.id, forMember.id);
      voted = { at: participation.castAt, ...(open ? { choice: JSON.parse(open.choice) as string[] } : {}) };
    }
    return { motion, forMember, proxy, eligible, ...(voted ? { voted } : {}) };
  }

  /** Whether the actor's own organisation may vote on this open motion and has not yet. */
  async mayVote(cluster: ClusterContext, actor: Actor, motion: MotionRow): Promise<boolean> {
    const now = this.now().getTime();
    if (!votesAtAll(actor, cluster.settings) || motion.status !== 'open' || motion.opensAt.getTime() > now || motion.closesAt.getTime() <= now) return false;
    const [eligible, voted] = await Promise.all([this.db.governance.isEligible(motion.id, actor.member!.id), this.votedOn(motion, actor.member!.id)]);
    return eligible && !voted;
  }

  /**
   * Whether the organisation voted: its participation, or for a secret ballot its pending row too
   * (a pending ballot has no time of its own: it is dated when counted).
   */
  private async votedOn(motion: MotionRow, memberId: string): Promise<{ castAt: Date } | null> {
    if (!motion.secret) return this.db.governance.participation(motion.id, memberId);
    return (await this.db.governance.sealedBallot(motion.id, memberId)) ? { castAt: motion.opensAt } : null;
  }

  /** The organisation the actor votes for: its own, or one that authorised it for this meeting. */
  private async voterFor(cluster: ClusterContext, actor: Actor, motion: MotionRow, forMemberId: string) {
    assertMayVote(actor, cluster.settings);
    const own = actor.member;
    // A button on a channel post names no organisation: it is the presser's own.
    if (forMemberId === own.id || forMemberId === OWN_ORGANISATION) return { id: own.id, name: own.name };
    const proxy = cluster.settings.proxiesEnabled ? await this.db.governance.proxyFrom(motion.meetingId, forMemberId) : null;
    if (!proxy || proxy.toMemberId !== own.id) throw new DomainError('governance.errors.noProxy');
    if (!(await proxyHolderPresent(this.db, motion.meetingId, own.id))) throw new DomainError('chair.errors.holderAbsent', { org: own.name });
    const [member] = await this.db.governance.members([forMemberId]);
    if (!member) throw new DomainError('governance.errors.noProxy');
    return { id: member.id, name: member.name };
  }

  /**
   * Casts (or, where allowed, changes) an organisation's vote. One vote per organisation: the
   * unique (motion, member) participation decides a race between two representatives.
   */
  async cast(cluster: ClusterContext, actor: Actor, input: CastInput): Promise<CastReceipt> {
    // One read before the transaction: the motion, its meeting's title, and the organisation's
    // eligibility and earlier vote. In a burst every step is a round trip for each press waiting
    // on it, so concurrent presses share this one. Most repeat presses (the organisation's second
    // representative, a double click) end here, without a write transaction; the unique
    // (motion, member) key inside the transaction still decides a real race.
    const forMemberId = input.forMemberId === OWN_ORGANISATION ? (actor.member?.id ?? '') : input.forMemberId;
    const state = await this.db.governance.ballotState(input.motionId, forMemberId);
    if (!state || state.motion.clusterId !== cluster.id) throw new DomainError('governance.errors.motionNotFound', { id: input.motionId });
    const { motion } = state;
    const now = this.now();
    if (motion.status === 'draft' || motion.opensAt.getTime() > now.getTime()) {
      throw new DomainError('governance.errors.notOpenYet', { opensAt: motion.opensAt });
    }
    if (motion.status !== 'open' || motion.closesAt.getTime() <= now.getTime()) throw new DomainError('governance.errors.closed', { title: motion.title });
    const forMember = await this.voterFor(cluster, actor, motion, input.forMemberId);
    if (!state.eligible) throw new DomainError('governance.errors.notEligible', { org: forMember.name, opensAt: motion.opensAt });
    const options = motionOptions(motion);
    const picked = [...new Set(input.choice)];
    if (picked.length === 0 || picked.some((i) => !Number.isInteger(i) || i < 0 || i >= options.length) || (motion.ballotKind !== 'multiple' && picked.length !== 1)) {
      throw new DomainError('governance.errors.invalidChoice');
    }
    const choice = picked.sort((a, b) => a - b).map((i) => options[i]!);
    const proxyMemberId = forMember.id === actor.member!.id ? null : actor.member!.id;

    // A secret ballot's pending row has no time of its own (it is dated when counted).
    const already = motion.secret ? (state.sealed ? { castAt: motion.opensAt } : null) : state.castAt ? { castAt: state.castAt } : null;
    if (already) {
      if (motion.secret) throw new DomainError(input.change ? 'governance.errors.secretNoChange' : 'governance.errors.alreadyVotedSecret', { org: forMember.name });
      if (!input.change) throw new DomainError('governance.errors.alreadyVoted', { org: forMember.name, at: already.castAt });
      if (!motion.allowChange) throw new DomainError('governance.errors.changeNotAllowed', { at: already.castAt });
    }

    const ballot: Ballot = {
      motion,
      forMember,
      castByPersonId: actor.personId,
      proxyMemberId,
      choice,
      at: now,
      k: cluster.settings.secretBallotK,
      activity: {
        settings: cluster.settings,
        // The day the organisation voted, not the meeting's (possibly later) date: an activity is dated when it happened.
        entry: { clusterId: cluster.id, memberId: forMember.id, source: 'vote', sourceKey: motion.meetingId, date: now, title: state.meetingTitle ?? motion.title, personId: actor.personId },
      },
    };
    // A first vote joins the others cast at the same moment in one transaction (a General
    // Meeting's burst); a change is rare and goes alone.
    if (motion.secret) await this.secret.ensureRegistered();
    const changed = already ? await this.castAlone(ballot, input.change) : await this.castFirst(ballot);
    return { motion, memberName: forMember.name, choice, at: now, changed, proxy: proxyMemberId !== null };
  }

  /**
   * First votes cast at the same moment, in one transaction: one lock per motion, one insert per
   * table for all, the activities with them. The first press of an organisation in the batch goes
   * in, a later one is told it already voted, exactly as if they had come one by one. An
   * organisation recorded since the read before (another batch, another replica) is skipped by the
   * unique key, not refused with the whole statement, and is told it already voted.
   */
  private async commitFirstVotes(ballots: Ballot[]): Promise<(boolean | Error)[]> {
    const now = this.now();
    try {
      return await this.db.transaction(async (tx) => {
        const open = new Map<string, boolean>();
        for (const motionId of new Set(ballots.map((b) => b.motion.id))) open.set(motionId, await tx.governance.lockOpen(motionId, now));
        const first = new Map<string, Ballot>();
        for (const b of ballots) if (open.get(b.motion.id) && !first.has(keyOf(pairOf(b)))) first.set(keyOf(pairOf(b)), b);
        const candidates = [...first.values()];
        const [secret, plain] = [candidates.filter((b) => b.motion.secret), candidates.filter((b) => !b.motion.secret)];
        const recorded = new Set(
          (await tx.governance.addParticipationsOnce(plain.map((b) => ({ ...pairOf(b), castByPersonId: b.castByPersonId, proxyMemberId: b.proxyMemberId, castAt: b.at })))).map(keyOf),
        );
        const accepted = plain.filter((b) => recorded.has(keyOf(pairOf(b))));
        await tx.governance.addOpenVotes(accepted.map((b) => ({ ...pairOf(b), choice: JSON.stringify(b.choice) })));
        // Secret: a pending row with the choice sealed; it is counted later, with at least k others.
        for (const p of await tx.governance.addSealedBallotsOnce(this.secret.pendingRows(secret.map(toSecret)))) recorded.add(keyOf(p));
        const sealed = secret.filter((b) => recorded.has(keyOf(pairOf(b))));
        for (const b of new Map(sealed.map((s) => [s.motion.id, s])).values()) await this.secret.countIfDue(tx, b.motion, b.k);
        await this.activity.recordAutomaticIn(tx, [...accepted, ...sealed].map((b) => b.activity));
        // The time of the vote that was there first, for those told so (an open ballot shows it).
        const skipped = plain.filter((b) => !recorded.has(keyOf(pairOf(b))));
        const castAt = new Map(skipped.length ? (await tx.governance.participationsOf(skipped.map(pairOf))).map((p) => [keyOf(p), p.castAt]) : []);
        return ballots.map((b): boolean | Error => {
          if (!open.get(b.motion.id)) return new DomainError('governance.errors.closed', { title: b.motion.title });
          const k = keyOf(pairOf(b));
          if (first.get(k) === b && recorded.has(k)) return false;
          return alreadyVoted(b, castAt.get(k) ?? first.get(k)!.at);
        });
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
        if (motion.secret) {
          if (await tx.governance.sealedBallot(motion.id, forMember.id)) throw alreadyVoted(ballot, undefined);
          await tx.governance.addSealedBallots(this.secret.pendingRows([toSecret(ballot)]));
          await this.secret.countIfDue(tx, motion, ballot.k);
        } else {
          const existing = await tx.governance.participation(motion.id, forMember.id);
          if (existing) {
            if (!change) throw alreadyVoted(ballot, existing.castAt);
            if (!motion.allowChange) throw new DomainError('governance.errors.changeNotAllowed', { at: existing.castAt });
            await tx.governance.setOpenVote(motion.id, forMember.id, JSON.stringify(choice));
            await tx.governance.updateParticipation(motion.id, forMember.id, ballot.castByPersonId, ballot.proxyMemberId, now);
            changed = true;
          } else {
            await tx.governance.addParticipation({ motionId: motion.id, memberId: forMember.id, castByPersonId: ballot.castByPersonId, proxyMemberId: ballot.proxyMemberId, castAt: now });
            await tx.governance.setOpenVote(motion.id, forMember.id, JSON.stringify(choice));
          }
        }
        await this.activity.recordAutomaticIn(tx, [ballot.activity]);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another representative of the same organisation got there first.
      const winner = motion.secret ? null : await this.db.governance.participation(motion.id, forMember.id);
      throw alreadyVoted(ballot, winner?.castAt ?? now);
    }
    return changed;
  }
}

/** "Already voted": with the time for an open ballot; a secret one's pending ballot has none to show. */
function alreadyVoted(b: Ballot, at: Date | undefined): DomainError {
  return b.motion.secret ? new DomainError('governance.errors.alreadyVotedSecret', { org: b.forMember.name }) : new DomainError('governance.errors.alreadyVoted', { org: b.forMember.name, at: at ?? b.at });
}

function toSecret(b: Ballot): SecretBallot {
  return { motion: b.motion, memberId: b.forMember.id, castByPersonId: b.castByPersonId, proxyMemberId: b.proxyMemberId, choice: b.choice };
}
