import { isUniqueViolation, type Database } from '../../db/index.ts';
import type { Actor, ClusterContext } from '../../core/actor.ts';
import { isInGoodStanding } from '../../core/vocabulary.ts';
import { DomainError } from '../../core/errors.ts';
import type { MotionService } from './motions.ts';
import { assertMayVote, voteWeight } from './rules.ts';

/** Proxies: an organisation hands its vote at one General Meeting to another main member. */
export class ProxyService {
  constructor(
    private readonly db: Database,
    private readonly motions: MotionService,
  ) {}

  /** An organisation authorises another main member to vote for it at one General Meeting. */
  async giveProxy(cluster: ClusterContext, actor: Actor, input: { meetingId?: string; toMemberId: string; note?: string }) {
    if (!cluster.settings.proxiesEnabled) throw new DomainError('governance.errors.proxiesDisabled');
    assertMayVote(actor, cluster.settings);
    const from = actor.member;
    const meeting = await this.motions.generalMeeting(cluster, input.meetingId);
    const [to] = await this.db.governance.members([input.toMemberId]);
    if (!to || to.clusterId !== cluster.id) throw new DomainError('governance.errors.proxyTargetUnknown');
    if (to.id === from.id) throw new DomainError('governance.errors.proxySelf');
    if (voteWeight(to.category, cluster.settings) === 0 || !isInGoodStanding(to.status)) {
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
    const meeting = await this.motions.generalMeeting(cluster, meetingId);
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

}
