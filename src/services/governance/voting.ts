import { isUniqueViolation, type Database } from '../../db/index.ts';
import { gather } from '../../db/batch.ts';
import type { Actor, ClusterContext } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { ActivityService } from '../activity.ts';
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
}

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
      this.votedOn(motion, forMember.id),
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
      if (motion.secret) throw new DomainError(input.change ? 'governance.errors.secretNoChange' : 'governance.errors.alreadyVotedSecret', { org: forMember.name });
      if (!input.change) throw new DomainError('governance.errors.alreadyVoted', { org: forMember.name, at: already.castAt });
      if (!motion.allowChange) throw new DomainError('governance.errors.changeNotAllowed', { at: already.castAt });
    }

    const ballot: Ballot = { motion, forMember, castByPersonId: actor.personId, proxyMemberId, choice, at: now, k: cluster.settings.secretBallotK };
    // A first vote joins the others cast at the same moment in one transaction (a General
    // Meeting's burst); a change is rare and goes alone.
    if (motion.secret) await this.secret.ensureRegistered();
    const changed = already ? await this.castAlone(ballot, input.change) : await this.castFirst(ballot);
    await this.activity.recordAutomatic(cluster.settings, {
      clusterId: cluster.id,
      memberId: forMember.id,
      source: 'vote',
      sourceKey: motion.meetingId,
      // The day the organisation voted, not the meeting's (possibly later) date: an activity is dated when it happened.
      date: now,
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
        const pairs = (secret: boolean) => ballots.filter((b) => b.motion.secret === secret).map((b) => ({ motionId: b.motion.id, memberId: b.forMember.id }));
        const taken = new Map<string, Date | undefined>((await tx.governance.participationsOf(pairs(false))).map((p) => [key(p.motionId, p.memberId), p.castAt]));
        for (const p of await tx.governance.sealedBallotsOf(pairs(true))) taken.set(key(p.motionId, p.memberId), undefined);
        const accepted: Ballot[] = [];
        const results = ballots.map((b): boolean | Error => {
          if (!open.get(b.motion.id)) return new DomainError('governance.errors.closed', { title: b.motion.title });
          const k = key(b.motion.id, b.forMember.id);
          if (taken.has(k)) return alreadyVoted(b, taken.get(k));
          taken.set(k, b.at);
          accepted.push(b);
          return false;
        });
        const [secret, open_] = [accepted.filter((b) => b.motion.secret), accepted.filter((b) => !b.motion.secret)];
        await tx.governance.addParticipations(open_.map((b) => ({ motionId: b.motion.id, memberId: b.forMember.id, castByPersonId: b.castByPersonId, proxyMemberId: b.proxyMemberId, castAt: b.at })));
        await tx.governance.addOpenVotes(open_.map((b) => ({ motionId: b.motion.id, memberId: b.forMember.id, choice: JSON.stringify(b.choice) })));
        // Secret: a pending row with the choice sealed; it is counted later, with at least k others.
        await tx.governance.addSealedBallots(this.secret.pendingRows(secret.map(toSecret)));
        for (const b of new Map(secret.map((s) => [s.motion.id, s])).values()) await this.secret.countIfDue(tx, b.motion, b.k);
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
        if (motion.secret) {
          if (await tx.governance.sealedBallot(motion.id, forMember.id)) throw alreadyVoted(ballot, undefined);
          await tx.governance.addSealedBallots(this.secret.pendingRows([toSecret(ballot)]));
          await this.secret.countIfDue(tx, motion, ballot.k);
          return;
        }
        const existing = await tx.governance.participation(motion.id, forMember.id);
        if (existing) {
          if (!change) throw alreadyVoted(ballot, existing.castAt);
          if (!motion.allowChange) throw new DomainError('governance.errors.changeNotAllowed', { at: existing.castAt });
          await tx.governance.setOpenVote(motion.id, forMember.id, JSON.stringify(choice));
          await tx.governance.updateParticipation(motion.id, forMember.id, ballot.castByPersonId, ballot.proxyMemberId, now);
          changed = true;
          return;
        }
        await tx.governance.addParticipation({ motionId: motion.id, memberId: forMember.id, castByPersonId: ballot.castByPersonId, proxyMemberId: ballot.proxyMemberId, castAt: now });
        await tx.governance.setOpenVote(motion.id, forMember.id, JSON.stringify(choice));
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
