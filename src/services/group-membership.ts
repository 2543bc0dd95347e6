import type { Database } from '../db/index.ts';
import { userText } from '../core/text.ts';
import { GRANTED_ROLES } from '../core/vocabulary.ts';
import type { GroupMembership, WorkingGroup } from '../db/groups.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { requireMember, uniqueAddresses, type GroupService, type JoinOutcome } from './groups.ts';
import type { MessageBuilder, NotificationService } from './notifications.ts';
import type { DeliveryService } from './deliveries.ts';

const DAY_MS = 86_400_000;

/**
 * Who is in a working group: member organisations join (or ask to, where the leader approves)
 * through their representatives and leave; the Coordinating Team hears of groups left empty.
 */
export class GroupMembershipService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly groups: GroupService,
    private readonly now: () => Date,
    private readonly deliveries: DeliveryService,
  ) {}

  /** Groups the organisation could join now (for the choice list). */
  async joinable(clusterId: string, memberId: string): Promise<WorkingGroup[]> {
    const [groups, mine] = await Promise.all([this.db.groups.listActive(clusterId), this.db.groups.ofMember(memberId)]);
    const taken = new Set(mine.map((m) => m.groupId));
    const now = this.now();
    return groups.filter((g) => !taken.has(g.id) && !(g.endsAt && g.endsAt <= now));
  }

  /** Groups the organisation is in or has asked to join (for the choice list). */
  async joined(clusterId: string, memberId: string): Promise<WorkingGroup[]> {
    const [groups, mine] = await Promise.all([this.db.groups.listActive(clusterId), this.db.groups.ofMember(memberId)]);
    const ids = new Set(mine.map((m) => m.groupId));
    return groups.filter((g) => ids.has(g.id));
  }

  /**
   * A representative joins on behalf of its organisation. Open groups take it at once; groups that
   * require approval send the request to the leader with Approve / Decline buttons.
   */
  async join(cluster: ClusterContext, actor: Actor, groupId: string): Promise<JoinOutcome> {
    const member = requireMember(actor);
    const group = await this.groups.activeById(cluster.id, groupId);
    const now = this.now();
    if (group.endsAt && group.endsAt <= now) throw new DomainError('groups.errors.ended', { group: group.name });
    const existing = await this.db.groups.membership(group.id, member.id);
    if (existing?.status === 'active') throw new DomainError('groups.errors.alreadyIn', { group: group.name });
    if (existing?.status === 'pending') throw new DomainError('groups.errors.alreadyRequested', { group: group.name });

    if (group.requiresApproval && !this.groups.mayDecide(actor, group)) {
      const request = await this.db.transaction(async (tx) => {
        const row = await tx.groups.upsertMembership(group.id, member.id, { status: 'pending', requestedByPersonId: actor.personId, joinedAt: null });
        await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'group.joinRequested', subjectType: 'group', subjectId: group.id, details: { memberId: member.id } });
        return row;
      });
      await this.askLeader(cluster, group, request, member.name, actor);
      return { kind: 'requested', group };
    }

    await this.db.transaction(async (tx) => {
      await tx.groups.upsertMembership(group.id, member.id, { status: 'active', requestedByPersonId: actor.personId, joinedAt: now });
      await tx.groups.update(group.id, { emptySince: null });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'group.joined', subjectType: 'group', subjectId: group.id, details: { memberId: member.id } });
    });
    const counted = await this.groups.countJoin(cluster, group, member.id, actor.personId);
    await this.announceJoined(cluster, group, member.id);
    return { kind: 'joined', group, counted };
  }

  /** The leader (or the Coordinating Team) approves or declines a pending request. */
  async decide(cluster: ClusterContext, actor: Actor, membershipId: string, approve: boolean): Promise<{ group: WorkingGroup; memberName: string }> {
    const request = await this.db.groups.membershipById(membershipId);
    const group = request ? await this.db.groups.byId(request.groupId) : null;
    if (!request || !group || group.clusterId !== cluster.id) throw new DomainError('groups.errors.requestNotFound');
    if (!this.groups.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
    if (group.status !== 'active') throw new DomainError('groups.errors.dissolved', { name: group.name });
    const member = await this.db.members.byId(request.memberId);
    const memberName = member?.name ?? request.memberId;
    const now = this.now();
    const decided = await this.db.transaction(async (tx) => {
      const moved = await tx.groups.transition(request.id, 'pending', approve ? { status: 'active', joinedAt: now } : { status: 'declined' });
      if (!moved) return false;
      if (approve) await tx.groups.update(group.id, { emptySince: null });
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: actor.personId,
        action: approve ? 'group.joinApproved' : 'group.joinDeclined',
        subjectType: 'group',
        subjectId: group.id,
        details: { memberId: request.memberId },
      });
      return true;
    });
    if (!decided) throw new DomainError('groups.errors.alreadyDecided', { org: memberName, group: group.name });

    if (approve) {
      await this.groups.countJoin(cluster, group, request.memberId, request.requestedByPersonId);
      await this.announceJoined(cluster, group, request.memberId);
    }
    const tell = request.requestedByPersonId ? [request.requestedByPersonId] : (await this.db.members.representatives(request.memberId)).map((p) => p.id);
    for (const personId of tell) {
      await this.notifications.toPerson(
        cluster.id,
        personId,
        ({ t }) => ({ text: t(approve ? 'groups.notify.approved' : 'groups.notify.declined', { group: group.name }), tone: approve ? 'success' : 'info' }),
        'group-request',
      );
    }
    return { group, memberName };
  }

  async leave(cluster: ClusterContext, actor: Actor, groupId: string): Promise<{ group: WorkingGroup; wasPending: boolean }> {
    const member = requireMember(actor);
    const group = await this.groups.activeById(cluster.id, groupId);
    const existing = await this.db.groups.membership(group.id, member.id);
    if (!existing || (existing.status !== 'active' && existing.status !== 'pending')) throw new DomainError('groups.errors.notIn', { group: group.name });
    const now = this.now();
    const left = await this.db.transaction(async (tx) => {
      const moved = await tx.groups.transition(existing.id, existing.status, { status: 'left', leftAt: now });
      if (!moved) return false;
      // The empty period starts with the last organisation leaving; the scheduler flags it later.
      if ((await tx.groups.countActive(group.id)) === 0) await tx.groups.update(group.id, { emptySince: now });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'group.left', subjectType: 'group', subjectId: group.id, details: { memberId: member.id } });
      return true;
    });
    if (!left) throw new DomainError('groups.errors.notIn', { group: group.name });
    if (existing.status === 'active') {
      const people = uniqueAddresses(await this.db.members.representatives(member.id));
      await this.notifications.membershipChanged(cluster.id, { type: 'group.left', groupId: group.id, groupName: group.name, memberId: member.id, people });
    }
    return { group, wasPending: existing.status === 'pending' };
  }

  /** The organisations in a group; the leader and the Coordinating Team also see pending requests. */
  async members(cluster: ClusterContext, actor: Actor, groupId: string): Promise<{ group: WorkingGroup; active: { name: string; since: Date | null }[]; pending: string[] | null }> {
    const group = await this.groups.activeById(cluster.id, groupId);
    const names = async (rows: GroupMembership[]) =>
      Promise.all(rows.map(async (r) => ({ name: (await this.db.members.byId(r.memberId))?.name ?? r.memberId, since: r.joinedAt })));
    const active = (await names(await this.db.groups.memberships(group.id, 'active'))).sort((a, b) => a.name.localeCompare(b.name, 'pl'));
    const pending = this.groups.mayDecide(actor, group) ? (await names(await this.db.groups.memberships(group.id, 'pending'))).map((r) => r.name) : null;
    return { group, active, pending };
  }


  /** Flags to the Coordinating Team each group empty for longer than `emptyGroupDays`, once per empty period. */
  async flagEmptyGroups(cluster: ClusterContext, deliveries: { once(clusterId: string, key: string, kind: string, send: () => Promise<unknown>): Promise<boolean> }, now: Date): Promise<number> {
    const groups = await this.db.groups.listActive(cluster.id);
    let sent = 0;
    for (const group of groups) {
      const since = group.emptySince;
      if (!since || now.getTime() - since.getTime() <= cluster.settings.emptyGroupDays * DAY_MS) continue;
      const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
      const key = `group-empty:${group.id}:${since.toISOString()}`;
      const ran = await deliveries.once(cluster.id, key, 'group-empty', async () => {
        const team = await this.coordinatingTeam(cluster.id, groups);
        for (const personId of team) {
          await this.notifications.toPerson(
            cluster.id,
            personId,
            ({ t, date }) => ({ title: t('groups.notify.emptyTitle', { group: group.name }), text: t('groups.notify.emptyText', { group: group.name, since: date(since), count: days }), tone: 'warning' }),
            'group-empty',
          );
        }
      });
      if (ran) sent++;
    }
    return sent;
  }

  /** Coordinator, operator, team members and every active group's leader. */
  private async coordinatingTeam(clusterId: string, groups: WorkingGroup[]): Promise<string[]> {
    const roles = await this.db.people.withRole(clusterId, [...GRANTED_ROLES]);
    return [...new Set([...roles.map((r) => r.personId), ...groups.map((g) => g.leaderPersonId).filter((id): id is string => Boolean(id))])];
  }


  private async askLeader(cluster: ClusterContext, group: WorkingGroup, request: GroupMembership, orgName: string, actor: Actor): Promise<void> {
    const message: MessageBuilder = ({ t }) => ({
      title: t('groups.notify.requestTitle', { group: userText(group.name) }),
      text: t('groups.notify.requestText', { org: userText(orgName), person: `<@${actor.platformUserId}>`, group: userText(group.name) }),
      buttons: [
        { label: t('groups.buttons.approve'), action: { command: 'group', action: 'approve', args: [request.id] }, style: 'success' },
        { label: t('groups.buttons.decline'), action: { command: 'group', action: 'decline', args: [request.id] }, style: 'danger' },
      ],
    });
    // Once per request (delivery ledger); a request asked again after a refusal is a new one.
    const key = `group-request:${request.id}:${this.now().toISOString()}`;
    await this.deliveries.once(cluster.id, key, 'group-request', async () => {
      if (group.leaderPersonId) await this.notifications.toPerson(cluster.id, group.leaderPersonId, message, 'group-request');
      else await this.notifications.toRoles(cluster.id, ['coordinator'], message, 'group-request');
    });
  }


  private async announceJoined(cluster: ClusterContext, group: WorkingGroup, memberId: string): Promise<void> {
    const people = uniqueAddresses(await this.db.members.representatives(memberId));
    await this.notifications.membershipChanged(cluster.id, { type: 'group.joined', groupId: group.id, groupName: group.name, memberId, people });
  }

}
