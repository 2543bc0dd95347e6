import { isUniqueViolation, type Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { PresenceMode } from '../core/vocabulary.ts';
import type { GovernanceService } from './governance.ts';
import type { MeetingService } from './meetings.ts';
import { motionOptions, type MotionRow } from './governance/rules.ts';
import type { Closed } from './governance/closing.ts';

type Org = { id: string; name: string };

/** An organisation the chair may record in the room: present there itself, or through its proxy holder. */
export interface RoomVoter extends Org {
  /** The organisation in the room that holds its proxy, when it is not there itself. */
  holder?: Org;
}

/** One item as the chair sees it: the motion, who voted where, who may still vote in the room. */
export interface ItemState {
  motion: MotionRow;
  eligible: number;
  room: { org: string; holder?: string; choice?: string[] }[];
  online: number;
  paperCount?: Record<string, number>;
  notVoted: string[];
}

/**
 * Chair mode: the General Meeting run item by item from the chat. The chair records who is in the
 * room and who online, opens an item, records the room's votes (open ballot: per organisation;
 * secret ballot: which organisations took a paper ballot, then the urn's counts per option) and
 * closes it. Room votes are written where online ones are (ChairStore.addRoomVotes), against the
 * same frozen list of voters, so one vote per organisation holds across both channels.
 */
export class ChairService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly governance: GovernanceService,
    private readonly meetings: MeetingService,
  ) {}

  /** The meeting, who is there and how, and its items (the motions on its agenda). */
  async session(cluster: ClusterContext, meetingId?: string) {
    const meeting = await this.governance.generalMeeting(cluster, meetingId);
    const [presence, motions] = await Promise.all([this.db.chair.presence(meeting.id), this.governance.motions(cluster.id, { meetingId: meeting.id })]);
    const names = await this.names(presence.map((p) => p.memberId));
    const of = (mode: PresenceMode) => presence.filter((p) => p.mode === mode).map((p) => ({ id: p.memberId, name: names.get(p.memberId) ?? p.memberId })).sort(byName);
    return { meeting, room: of('room'), online: of('online'), motions };
  }

  /** Organisations the chair may still mark present: invited ones not yet on the list, first 25 in the picker. */
  async presenceCandidates(cluster: ClusterContext, actor: Actor, meetingId: string): Promise<Org[]> {
    const sheet = await this.meetings.attendanceSheet(cluster, actor, meetingId);
    const marked = new Set((await this.db.chair.presence(meetingId)).map((p) => p.memberId));
    return sheet.orgs.filter((o) => !marked.has(o.id)).map((o) => ({ id: o.id, name: o.name }));
  }

  /**
   * Marks organisations present in the room or online (a second mark changes the form). It is
   * the meeting's attendance too (MeetingService.recordAttendance: its rules, its activity).
   */
  async recordPresence(cluster: ClusterContext, actor: Actor, meetingId: string, memberIds: string[], mode: PresenceMode) {
    const { meeting } = await this.meetings.recordAttendance(cluster, actor, meetingId, { ids: memberIds });
    await this.db.transaction(async (tx) => {
      await tx.chair.setPresence(cluster.id, meeting.id, memberIds, mode, this.now());
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'chair.presence', subjectType: 'meeting', subjectId: meeting.id, details: { mode, members: memberIds } });
    });
    return meeting;
  }

  /** Opens an item's voting (online ballots go out as for any motion); an open one just shows. */
  async openItem(cluster: ClusterContext, actor: Actor, motionId: string): Promise<MotionRow> {
    const motion = await this.governance.motion(cluster, motionId);
    if (motion.status === 'draft') await this.governance.open(cluster.id, motion.id, actor.personId);
    return this.governance.motion(cluster, motionId);
  }

  async item(cluster: ClusterContext, motionId: string): Promise<ItemState> {
    const motion = await this.governance.motion(cluster, motionId);
    const [eligibility, voted, roomBallots, paper] = await Promise.all([
      this.db.governance.eligibility(motion.id),
      this.governance.motionsService.votedIds(motion.id),
      this.db.chair.roomBallots(motion.id),
      this.db.chair.roomTally(motion.id),
    ]);
    const names = await this.names([...eligibility.map((e) => e.memberId), ...roomBallots.flatMap((b) => (b.proxyMemberId ? [b.proxyMemberId] : []))]);
    const choices = motion.secret ? new Map<string, string[]>() : new Map((await this.db.governance.openVotes(motion.id)).map((v) => [v.memberId, JSON.parse(v.choice) as string[]]));
    return {
      motion,
      eligible: eligibility.length,
      room: roomBallots.map((b) => ({
        org: names.get(b.memberId) ?? b.memberId,
        ...(b.proxyMemberId ? { holder: names.get(b.proxyMemberId) ?? b.proxyMemberId } : {}),
        ...(choices.has(b.memberId) ? { choice: choices.get(b.memberId)! } : {}),
      })).sort((a, b) => a.org.localeCompare(b.org, 'pl')),
      online: voted.size - roomBallots.length,
      ...(paper.length ? { paperCount: Object.fromEntries(paper.map((p) => [p.option, p.count])) } : {}),
      notVoted: eligibility.filter((e) => !voted.has(e.memberId)).map((e) => names.get(e.memberId) ?? e.memberId).sort((a, b) => a.localeCompare(b, 'pl')),
    };
  }

  /**
   * Who the chair may record in the room now: organisations on the motion's frozen voter list
   * that have not voted in either channel and are in the room themselves, or, where proxies are
   * allowed, are absent and hold a proxy given to an organisation in the room.
   */
  async roomVoters(cluster: ClusterContext, motion: MotionRow): Promise<RoomVoter[]> {
    const [eligibility, voted, presence, proxies] = await Promise.all([
      this.db.governance.eligibility(motion.id),
      this.governance.motionsService.votedIds(motion.id),
      this.db.chair.presence(motion.meetingId),
      cluster.settings.proxiesEnabled ? this.db.governance.proxies(motion.meetingId) : Promise.resolve([]),
    ]);
    const inRoom = new Set(presence.filter((p) => p.mode === 'room').map((p) => p.memberId));
    const present = new Set(presence.map((p) => p.memberId));
    const names = await this.names([...eligibility.map((e) => e.memberId), ...proxies.map((p) => p.toMemberId)]);
    const voters: RoomVoter[] = [];
    for (const { memberId } of eligibility) {
      if (voted.has(memberId)) continue;
      const name = names.get(memberId) ?? memberId;
      if (inRoom.has(memberId)) {
        voters.push({ id: memberId, name });
        continue;
      }
      // Present online, it votes online itself; absent, only its proxy holder in the room votes for it here.
      const proxy = proxies.find((p) => p.fromMemberId === memberId);
      if (!present.has(memberId) && proxy && inRoom.has(proxy.toMemberId)) voters.push({ id: memberId, name, holder: { id: proxy.toMemberId, name: names.get(proxy.toMemberId) ?? proxy.toMemberId } });
    }
    return voters.sort(byName);
  }

  /**
   * Records the room's votes: for an open ballot, the options chosen (indexes) for each
   * organisation named; for a secret one (null), that each took a paper ballot. An organisation that voted online in
   * the meantime is not recorded and is named back, so nothing counts twice: the unique
   * participation decides a race with an online ballot committing at the same moment.
   */
  async recordRoomVotes(cluster: ClusterContext, actor: Actor, motionId: string, memberIds: string[], choice: number[] | null) {
    const motion = await this.governance.motion(cluster, motionId);
    const options = motionOptions(motion);
    const picked = choice === null ? null : [...new Set(choice)].sort((a, b) => a - b);
    if (motion.secret !== (picked === null)) throw new DomainError('governance.errors.invalidChoice');
    if (picked !== null && (picked.length === 0 || picked.some((i) => !Number.isInteger(i) || i < 0 || i >= options.length) || (motion.ballotKind !== 'multiple' && picked.length !== 1))) {
      throw new DomainError('governance.errors.invalidChoice');
    }
    if (motion.secret && (await this.db.chair.roomTally(motion.id)).length) throw new DomainError('chair.errors.paperCounted');
    const wanted = [...new Set(memberIds)];
    if (wanted.length === 0) throw new DomainError('meetings.errors.noneChosen');
    for (let attempt = 0; ; attempt++) {
      const voters = new Map((await this.roomVoters(cluster, motion)).map((v) => [v.id, v]));
      const voted = await this.governance.motionsService.votedIds(motion.id);
      const already = wanted.filter((id) => voted.has(id));
      const absent = wanted.filter((id) => !voted.has(id) && !voters.has(id));
      if (absent.length) throw new DomainError('chair.errors.notInRoom', { orgs: [...(await this.names(absent)).values()].join(', ') });
      const rows = wanted
        .filter((id) => !voted.has(id))
        .map((id) => ({ motionId: motion.id, memberId: id, proxyMemberId: voters.get(id)!.holder?.id ?? null, castByPersonId: actor.personId, at: this.now(), ...(picked !== null ? { choice: JSON.stringify(picked.map((i) => options[i]!)) } : {}) }));
      try {
        await this.db.transaction(async (tx) => {
          if (!(await tx.governance.lockOpen(motion.id, this.now()))) throw new DomainError(motion.opensAt.getTime() > this.now().getTime() ? 'governance.errors.notOpenYet' : 'governance.errors.closed', { title: motion.title, opensAt: motion.opensAt });
          await tx.chair.addRoomVotes(rows, motion.secret);
          await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'chair.roomVotes', subjectType: 'motion', subjectId: motion.id, details: { members: rows.map((r) => r.memberId), secret: motion.secret } });
        });
      } catch (error) {
        // An online ballot of one of them committed in between: read again and record the others.
        if (isUniqueViolation(error) && attempt < 3) continue;
        throw error;
      }
      const names = await this.names(wanted);
      return { motion, recorded: rows.map((r) => names.get(r.memberId) ?? r.memberId), already: already.map((id) => names.get(id) ?? id) };
    }
  }

  /**
   * A secret ballot's urn, counted in the room: votes per option, once, added to the tally in the
   * same commit. They cannot outnumber the paper ballots taken (each with its organisation's
   * weight); fewer are blank or spoilt ballots.
   */
  async recordPaperCount(cluster: ClusterContext, actor: Actor, motionId: string, counts: number[]) {
    const motion = await this.governance.motion(cluster, motionId);
    if (!motion.secret) throw new DomainError('governance.errors.invalidChoice');
    const options = motionOptions(motion);
    if (counts.length !== options.length || counts.some((c) => !Number.isInteger(c) || c < 0)) throw new DomainError('chair.errors.paperInvalid');
    const [taken, eligibility] = await Promise.all([this.db.chair.roomBallots(motion.id), this.db.governance.eligibility(motion.id)]);
    if (taken.length === 0) throw new DomainError('chair.errors.noPaperBallots');
    // Each organisation's votes, frozen at opening (who-votes settings: one each, or its category's weight).
    const weights = new Map(eligibility.map((e) => [e.memberId, e.weight]));
    const most = taken.reduce((sum, b) => sum + (weights.get(b.memberId) ?? 1), 0);
    const total = counts.reduce((a, b) => a + b, 0);
    if (total > most) throw new DomainError('chair.errors.paperTooMany', { count: total, taken: most });
    const byOption = Object.fromEntries(options.map((o, i) => [o, counts[i]!]));
    try {
      await this.db.transaction(async (tx) => {
        if (!(await tx.governance.lockOpen(motion.id, this.now()))) throw new DomainError('governance.errors.closed', { title: motion.title });
        await tx.chair.addRoomTally(motion.id, byOption);
        for (const [option, count] of Object.entries(byOption)) if (count > 0) await tx.governance.incrementTally(motion.id, option, count);
        await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'chair.paperCount', subjectType: 'motion', subjectId: motion.id, details: { counts: byOption } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('chair.errors.paperCounted');
      throw error;
    }
    return { motion, counts: byOption, blank: most - total };
  }

  /** Closes an item: a secret ballot whose paper ballots were taken waits for their count. */
  async closeItem(cluster: ClusterContext, actor: Actor, motionId: string): Promise<{ motion: MotionRow; result: Closed }> {
    const motion = await this.governance.motion(cluster, motionId);
    if (motion.secret && (await this.db.chair.roomBallots(motion.id)).length > 0 && (await this.db.chair.roomTally(motion.id)).length === 0) {
      throw new DomainError('chair.errors.paperNotCounted');
    }
    const result = await this.governance.close(cluster.id, motion.id, actor.personId);
    if (!result) throw new DomainError('governance.errors.closed', { title: motion.title });
    return { motion, result };
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.db.governance.members([...new Set(ids)])).map((m) => [m.id, m.name]));
  }
}

const byName = (a: Org, b: Org) => a.name.localeCompare(b.name, 'pl');
