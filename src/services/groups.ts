import { DateTime } from 'luxon';
import { isUniqueViolation, type Database, type PersonModel as Person } from '../db/index.ts';
import type { GroupMembership, WorkingGroup } from '../db/groups.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { PersonAddress } from '../core/notifier.ts';
import type { ActivityService } from './activity.ts';
import type { MeetingService } from './meetings.ts';
import type { MessageBuilder, NotificationService } from './notifications.ts';

export type { WorkingGroup };

const DAY_MS = 86_400_000;

export interface GroupInput {
  name: string;
  purpose: string;
  leaderPersonId: string;
  /** Days between meetings; the cluster's `groupMeetingRhythmDays` when absent. */
  rhythmDays?: number;
  /** YYYY-MM-DD in the cluster's time zone. */
  endsOn?: string;
  requiresApproval?: boolean;
}

export interface GroupChanges {
  name?: string;
  purpose?: string;
  rhythmDays?: number;
  /** YYYY-MM-DD, or "none" to clear the end date. */
  endsOn?: string;
  requiresApproval?: boolean;
}

export interface GroupOverview {
  group: WorkingGroup;
  leader: Person | null;
  memberCount: number;
  nextMeeting: { id: string; title: string; startsAt: Date } | null;
  /** The caller's organisation in this group: in it, waiting for approval, or not. */
  mine: 'active' | 'pending' | null;
}

export type JoinOutcome = { kind: 'joined'; group: WorkingGroup; counted: boolean } | { kind: 'requested'; group: WorkingGroup };

/**
 * Working groups: created, changed and dissolved by the Coordinating Team; joined by member
 * organisations through their representatives; led by a leader who schedules meetings and
 * records attendance. The platform mirrors membership through MembershipEvents.
 */
export class GroupService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly activity: ActivityService,
    private readonly meetings: MeetingService,
    private readonly now: () => Date,
  ) {}

  listActive(clusterId: string): Promise<WorkingGroup[]> {
    return this.db.groups.listActive(clusterId);
  }

  /** A group picked by name, as people type it (case and spacing do not matter). */
  async findByName(clusterId: string, name: string): Promise<WorkingGroup> {
    const wanted = normalise(name);
    const group = (await this.db.groups.listActive(clusterId)).find((g) => normalise(g.name) === wanted);
    if (!group) throw new DomainError('groups.errors.notFound', { name: name.trim() });
    return group;
  }

  /** A group picked from a button or choice list; a dissolved one is refused. */
  async activeById(clusterId: string, id: string): Promise<WorkingGroup> {
    const group = await this.db.groups.byId(id);
    if (!group || group.clusterId !== clusterId) throw new DomainError('groups.errors.notFound', { name: id });
    if (group.status !== 'active') throw new DomainError('groups.errors.dissolved', { name: group.name });
    return group;
  }

  async create(cluster: ClusterContext, actor: Actor, input: GroupInput): Promise<{ group: WorkingGroup; leaderOrgJoined: boolean }> {
    const now = this.now();
    const name = input.name.trim();
    await this.ensureNameFree(cluster.id, name);
    const endsAt = input.endsOn ? parseEndDate(input.endsOn, cluster.timeZone, now) : null;
    const leaderOrg = await this.db.people.representation(cluster.id, input.leaderPersonId);
    const orgJoins = leaderOrg && ['active', 'conditional'].includes(leaderOrg.member.status);

    const group = await this.db.transaction(async (tx) => {
      // A dissolved group keeps its history; its name is freed for the new one.
      const old = await tx.groups.byName(cluster.id, name);
      if (old) await tx.groups.update(old.id, { name: `${old.name} (${old.id})` });
      const created = await tx.groups.create({
        clusterId: cluster.id,
        name,
        purpose: input.purpose.trim(),
        leaderPersonId: input.leaderPersonId,
        rhythmDays: input.rhythmDays ?? cluster.settings.groupMeetingRhythmDays,
        endsAt,
        requiresApproval: input.requiresApproval ?? false,
        emptySince: orgJoins ? null : now,
        createdAt: now,
      });
      // The leader's own organisation is in the group it leads.
      if (orgJoins) await tx.groups.upsertMembership(created.id, leaderOrg.member.id, { status: 'active', requestedByPersonId: input.leaderPersonId, joinedAt: now });
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: actor.personId,
        action: 'group.created',
        subjectType: 'group',
        subjectId: created.id,
        details: { name, leaderPersonId: input.leaderPersonId, rhythmDays: created.rhythmDays, requiresApproval: created.requiresApproval, endsAt: endsAt?.toISOString() ?? null },
      });
      return created;
    }).catch((error: unknown) => {
      // Two members of the team creating the same group at once: the second is told, not crashed.
      if (isUniqueViolation(error)) throw new DomainError('groups.errors.nameTaken', { name });
      throw error;
    });

    if (orgJoins) await this.countJoin(cluster, group, leaderOrg.member.id, input.leaderPersonId);
    const leader = await this.db.people.byId(input.leaderPersonId);
    const people = uniqueAddresses([...(leader ? [leader] : []), ...(orgJoins ? await this.db.members.representatives(leaderOrg.member.id) : [])]);
    await this.notifications.membershipChanged(cluster.id, { type: 'group.created', groupId: group.id, groupName: group.name, people });
    if (input.leaderPersonId !== actor.personId) {
      await this.notifications.toPerson(
        cluster.id,
        input.leaderPersonId,
        ({ t }) => ({ title: t('groups.notify.leaderTitle', { group: group.name }), text: t('groups.notify.leaderText', { group: group.name, count: group.rhythmDays }), tone: 'info' }),
        'group-leader',
      );
    }
    return { group, leaderOrgJoined: Boolean(orgJoins) };
  }

  async update(cluster: ClusterContext, actor: Actor, groupId: string, changes: GroupChanges): Promise<WorkingGroup> {
    const group = await this.activeById(cluster.id, groupId);
    const data: Parameters<Database['groups']['update']>[1] = {};
    if (changes.name !== undefined && changes.name.trim() !== group.name) {
      await this.ensureNameFree(cluster.id, changes.name.trim(), group.id);
      data.name = changes.name.trim();
    }
    if (changes.purpose !== undefined) data.purpose = changes.purpose.trim();
    if (changes.rhythmDays !== undefined) data.rhythmDays = changes.rhythmDays;
    if (changes.requiresApproval !== undefined) data.requiresApproval = changes.requiresApproval;
    if (changes.endsOn !== undefined) data.endsAt = isNone(changes.endsOn) ? null : parseEndDate(changes.endsOn, cluster.timeZone, this.now());
    if (Object.keys(data).length === 0) throw new DomainError('groups.errors.nothingToChange');
    return this.db.transaction(async (tx) => {
      if (data.name) {
        const old = await tx.groups.byName(cluster.id, data.name);
        if (old && old.id !== group.id) await tx.groups.update(old.id, { name: `${old.name} (${old.id})` });
      }
      const updated = await tx.groups.update(group.id, data);
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: actor.personId,
        action: 'group.updated',
        subjectType: 'group',
        subjectId: group.id,
        details: { ...data, endsAt: data.endsAt === undefined ? undefined : (data.endsAt?.toISOString() ?? null) },
      });
      return updated;
    });
  }

  async changeLeader(cluster: ClusterContext, actor: Actor, groupId: string, leaderPersonId: string): Promise<WorkingGroup> {
    const group = await this.activeById(cluster.id, groupId);
    if (group.leaderPersonId === leaderPersonId) throw new DomainError('groups.errors.alreadyLeader', { group: group.name });
    const updated = await this.db.transaction(async (tx) => {
      const row = await tx.groups.update(group.id, { leaderPersonId });
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: actor.personId,
        action: 'group.leaderChanged',
        subjectType: 'group',
        subjectId: group.id,
        details: { from: group.leaderPersonId, to: leaderPersonId },
      });
      return row;
    });
    await this.notifications.toPerson(
      cluster.id,
      leaderPersonId,
      ({ t }) => ({ title: t('groups.notify.leaderTitle', { group: group.name }), text: t('groups.notify.leaderText', { group: group.name, count: group.rhythmDays }), tone: 'info' }),
      'group-leader',
    );
    if (group.leaderPersonId && group.leaderPersonId !== actor.personId) {
      await this.notifications.toPerson(cluster.id, group.leaderPersonId, ({ t }) => ({ text: t('groups.notify.leaderReplaced', { group: group.name }), tone: 'info' }), 'group-leader');
    }
    return updated;
  }

  /** Dissolving is a Coordinating Team decision with a reason; every organisation in the group is told. */
  async dissolve(cluster: ClusterContext, actor: Actor, groupId: string, reason: string): Promise<{ group: WorkingGroup; told: number }> {
    const group = await this.activeById(cluster.id, groupId);
    const now = this.now();
    const active = await this.db.groups.memberships(group.id, 'active');
    const updated = await this.db.transaction(async (tx) => {
      const row = await tx.groups.update(group.id, { status: 'dissolved', dissolvedReason: reason.trim(), dissolvedAt: now, emptySince: null });
      await tx.groups.closeAll(group.id, now);
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: actor.personId,
        action: 'group.dissolved',
        subjectType: 'group',
        subjectId: group.id,
        reason: reason.trim(),
        details: { members: active.length },
      });
      return row;
    });
    const reps = (await Promise.all(active.map((m) => this.db.members.representatives(m.memberId)))).flat();
    const leader = group.leaderPersonId ? await this.db.people.byId(group.leaderPersonId) : null;
    const people = uniqueAddresses([...reps, ...(leader ? [leader] : [])]);
    const message: MessageBuilder = ({ t }) => ({ title: t('groups.notify.dissolvedTitle', { group: group.name }), text: t('groups.notify.dissolvedText', { group: group.name, reason: reason.trim() }), tone: 'warning' });
    for (const person of people) {
      if (person.personId !== actor.personId) await this.notifications.toPerson(cluster.id, person.personId, message, 'group-dissolved');
    }
    await this.notifications.membershipChanged(cluster.id, { type: 'group.dissolved', groupId: group.id, groupName: group.name, people });
    return { group: updated, told: people.filter((p) => p.personId !== actor.personId).length };
  }

  /** Every active group with what a member wants to know before joining. */
  async overview(cluster: ClusterContext, memberId: string | undefined): Promise<GroupOverview[]> {
    const now = this.now();
    const groups = await this.db.groups.listActive(cluster.id);
    if (groups.length === 0) return [];
    const [counts, mine, leaders] = await Promise.all([
      this.db.groups.countActiveByGroup(groups.map((g) => g.id)),
      memberId ? this.db.groups.ofMember(memberId) : Promise.resolve([] as GroupMembership[]),
      this.db.people.byIds(groups.map((g) => g.leaderPersonId).filter((id): id is string => Boolean(id))),
    ]);
    return Promise.all(
      groups.map(async (group) => {
        const [next] = await this.meetings.list(cluster.id, { kind: 'group', groupId: group.id, from: now });
        const membership = mine.find((m) => m.groupId === group.id);
        return {
          group,
          leader: leaders.find((p) => p.id === group.leaderPersonId) ?? null,
          memberCount: counts.get(group.id) ?? 0,
          nextMeeting: next ? { id: next.id, title: next.title, startsAt: next.startsAt } : null,
          mine: membership ? (membership.status as 'active' | 'pending') : null,
        };
      }),
    );
  }

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
    const group = await this.activeById(cluster.id, groupId);
    const now = this.now();
    if (group.endsAt && group.endsAt <= now) throw new DomainError('groups.errors.ended', { group: group.name });
    const existing = await this.db.groups.membership(group.id, member.id);
    if (existing?.status === 'active') throw new DomainError('groups.errors.alreadyIn', { group: group.name });
    if (existing?.status === 'pending') throw new DomainError('groups.errors.alreadyRequested', { group: group.name });

    if (group.requiresApproval && !this.mayDecide(actor, group)) {
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
    const counted = await this.countJoin(cluster, group, member.id, actor.personId);
    await this.announceJoined(cluster, group, member.id);
    return { kind: 'joined', group, counted };
  }

  /** The leader (or the Coordinating Team) approves or declines a pending request. */
  async decide(cluster: ClusterContext, actor: Actor, membershipId: string, approve: boolean): Promise<{ group: WorkingGroup; memberName: string }> {
    const request = await this.db.groups.membershipById(membershipId);
    const group = request ? await this.db.groups.byId(request.groupId) : null;
    if (!request || !group || group.clusterId !== cluster.id) throw new DomainError('groups.errors.requestNotFound');
    if (!this.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
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
      await this.countJoin(cluster, group, request.memberId, request.requestedByPersonId);
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
    const group = await this.activeById(cluster.id, groupId);
    const existing = await this.db.groups.membership(group.id, member.id);
    if (!existing || (existing.status !== 'active' && existing.status !== 'pending')) throw new DomainError('groups.errors.notIn', { group: group.name });
    const now = this.now();
    const left = await this.db.transaction(async (tx) => {
      const moved = await tx.groups.transition(existing.id, existing.status as 'active' | 'pending', { status: 'left', leftAt: now });
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
    const group = await this.activeById(cluster.id, groupId);
    const names = async (rows: GroupMembership[]) =>
      Promise.all(rows.map(async (r) => ({ name: (await this.db.members.byId(r.memberId))?.name ?? r.memberId, since: r.joinedAt })));
    const active = (await names(await this.db.groups.memberships(group.id, 'active'))).sort((a, b) => a.name.localeCompare(b.name, 'pl'));
    const pending = this.mayDecide(actor, group) ? (await names(await this.db.groups.memberships(group.id, 'pending'))).map((r) => r.name) : null;
    return { group, active, pending };
  }

  /** The leader schedules the group's meetings; the meeting service owns meetings and their reminders. */
  async scheduleMeeting(cluster: ClusterContext, actor: Actor, groupId: string, input: { title?: string; startsAt: string; place?: string; agenda?: string }) {
    const group = await this.activeById(cluster.id, groupId);
    if (!this.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
    const startsAt = parseDateTime(input.startsAt, cluster.timeZone);
    if (startsAt <= this.now()) throw new DomainError('groups.errors.meetingInPast');
    const meeting = await this.meetings.schedule(cluster, {
      kind: 'group',
      groupId: group.id,
      title: input.title?.trim() || group.name,
      startsAt,
      place: input.place?.trim() ?? '',
      agenda: input.agenda?.trim() ?? '',
      byPersonId: actor.personId,
    });
    return { group, meeting };
  }

  /** The group's latest meeting that has started, and the organisations that could have attended. */
  async attendanceSheet(cluster: ClusterContext, actor: Actor, groupId: string) {
    const group = await this.activeById(cluster.id, groupId);
    if (!this.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
    const past = await this.meetings.list(cluster.id, { kind: 'group', groupId: group.id, to: new Date(this.now().getTime() + 1) });
    const meeting = past.at(-1);
    if (!meeting) throw new DomainError('groups.errors.noPastMeeting', { group: group.name });
    const rows = await this.db.groups.memberships(group.id, 'active');
    if (rows.length === 0) throw new DomainError('groups.errors.noMembers', { group: group.name });
    const orgs = await Promise.all(rows.map(async (r) => ({ id: r.memberId, name: (await this.db.members.byId(r.memberId))?.name ?? r.memberId })));
    return { group, meeting, orgs: orgs.sort((a, b) => a.name.localeCompare(b.name, 'pl')) };
  }

  /** Attendance of the group's organisations; each counts as an activity once per meeting. */
  async recordAttendance(cluster: ClusterContext, actor: Actor, meetingId: string, memberIds: string[]): Promise<{ present: number; counted: number; meetingTitle: string }> {
    const meeting = await this.meetings.get(meetingId);
    if (!meeting || meeting.clusterId !== cluster.id || meeting.kind !== 'group' || !meeting.groupId) throw new DomainError('groups.errors.meetingNotFound');
    const group = await this.activeById(cluster.id, meeting.groupId);
    if (!this.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
    const inGroup = new Set((await this.db.groups.memberships(group.id, 'active')).map((m) => m.memberId));
    const present = [...new Set(memberIds)].filter((id) => inGroup.has(id));
    if (present.length === 0) throw new DomainError('groups.errors.noneChosen');
    const counted = await this.meetings.recordAttendance(cluster, meeting.id, present, actor.personId);
    return { present: present.length, counted, meetingTitle: meeting.title };
  }

  /**
   * Reminds each leader whose group has gone without a meeting longer than its rhythm allows
   * (the group's rhythm plus the cluster's grace, 30 + 5 days by default). Once per gap: the key
   * names the last meeting (or the group's creation), so the next gap gets its own reminder.
   */
  async remindQuietGroups(cluster: ClusterContext, deliveries: { once(clusterId: string, key: string, kind: string, send: () => Promise<unknown>): Promise<boolean> }, now: Date): Promise<number> {
    const grace = Math.max(0, cluster.settings.groupMeetingGapDays - cluster.settings.groupMeetingRhythmDays);
    let sent = 0;
    for (const group of await this.db.groups.listActive(cluster.id)) {
      if (!group.leaderPersonId || (group.endsAt && group.endsAt <= now)) continue;
      const meetings = await this.meetings.list(cluster.id, { kind: 'group', groupId: group.id });
      // A meeting already on the calendar is the answer the reminder would ask for.
      if (meetings.some((m) => m.startsAt > now)) continue;
      const last = meetings.filter((m) => m.startsAt <= now).at(-1);
      const since = last?.startsAt ?? group.createdAt;
      const allowedDays = group.rhythmDays + grace;
      if (now.getTime() - since.getTime() <= allowedDays * DAY_MS) continue;
      const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
      const leaderId = group.leaderPersonId;
      const key = `group-gap:${group.id}:${last?.id ?? 'created'}`;
      const ran = await deliveries.once(cluster.id, key, 'group-gap', () =>
        this.notifications.toPerson(
          cluster.id,
          leaderId,
          ({ t, date }) => ({
            title: t('groups.notify.gapTitle', { group: group.name }),
            text: last
              ? t('groups.notify.gapText', { group: group.name, count: days, last: date(last.startsAt), rhythm: group.rhythmDays })
              : t('groups.notify.gapTextNever', { group: group.name, count: days, rhythm: group.rhythmDays }),
            tone: 'warning',
          }),
          'group-gap',
        ),
      );
      if (ran) sent++;
    }
    return sent;
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
    const roles = await this.db.people.withRole(clusterId, ['coordinator', 'operator', 'team']);
    return [...new Set([...roles.map((r) => r.personId), ...groups.map((g) => g.leaderPersonId).filter((id): id is string => Boolean(id))])];
  }

  /**
   * The group's own leader, or the Coordinating Team by granted role. Leaders of other groups sit
   * in the team too, but deciding who joins a group they do not lead is not theirs.
   */
  mayDecide(actor: Actor, group: WorkingGroup): boolean {
    return group.leaderPersonId === actor.personId || actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team');
  }

  private async askLeader(cluster: ClusterContext, group: WorkingGroup, request: GroupMembership, orgName: string, actor: Actor): Promise<void> {
    const message: MessageBuilder = ({ t }) => ({
      title: t('groups.notify.requestTitle', { group: group.name }),
      text: t('groups.notify.requestText', { org: orgName, person: `<@${actor.platformUserId}>`, group: group.name }),
      buttons: [
        { label: t('groups.buttons.approve'), action: { command: 'group', action: 'approve', args: [request.id] }, style: 'success' },
        { label: t('groups.buttons.decline'), action: { command: 'group', action: 'decline', args: [request.id] }, style: 'danger' },
      ],
    });
    if (group.leaderPersonId) {
      await this.notifications.toPerson(cluster.id, group.leaderPersonId, message, 'group-request');
    } else {
      await this.notifications.toRoles(cluster.id, ['coordinator'], message, 'group-request');
    }
  }

  /** Joining counts as an activity once per group per calendar year (in the cluster's time zone). */
  private countJoin(cluster: ClusterContext, group: WorkingGroup, memberId: string, personId: string | null): Promise<boolean> {
    const now = this.now();
    const year = DateTime.fromJSDate(now, { zone: cluster.timeZone }).year;
    return this.activity.recordAutomatic(cluster.settings, {
      clusterId: cluster.id,
      memberId,
      source: 'group-join',
      sourceKey: `${group.id}:${year}`,
      date: now,
      title: group.name,
      personId,
    });
  }

  private async announceJoined(cluster: ClusterContext, group: WorkingGroup, memberId: string): Promise<void> {
    const people = uniqueAddresses(await this.db.members.representatives(memberId));
    await this.notifications.membershipChanged(cluster.id, { type: 'group.joined', groupId: group.id, groupName: group.name, memberId, people });
  }

  private async ensureNameFree(clusterId: string, name: string, exceptId?: string): Promise<void> {
    const wanted = normalise(name);
    const clash = (await this.db.groups.listActive(clusterId)).find((g) => g.id !== exceptId && normalise(g.name) === wanted);
    if (clash) throw new DomainError('groups.errors.nameTaken', { name: clash.name });
  }
}

function requireMember(actor: Actor): NonNullable<Actor['member']> {
  if (!actor.member) throw new DomainError('groups.errors.noOrganisation');
  return actor.member;
}

function normalise(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('pl');
}

function isNone(text: string): boolean {
  return ['none', 'brak', '-', 'nie'].includes(text.trim().toLowerCase());
}

function uniqueAddresses(people: Person[]): PersonAddress[] {
  const seen = new Map<string, PersonAddress>();
  for (const p of people) if (!p.erasedAt) seen.set(p.id, { personId: p.id, platformUserId: p.platformUserId });
  return [...seen.values()];
}

/** An end date is a day in the cluster's time zone; the group runs through that whole day. */
function parseEndDate(text: string, timeZone: string, now: Date): Date {
  const day = DateTime.fromFormat(text.trim(), 'yyyy-MM-dd', { zone: timeZone });
  if (!day.isValid) throw new DomainError('groups.errors.invalidDate', { value: text.trim() });
  const end = day.endOf('day').toJSDate();
  if (end <= now) throw new DomainError('groups.errors.endInPast', { value: text.trim() });
  return end;
}

function parseDateTime(text: string, timeZone: string): Date {
  const value = text.trim().replace('T', ' ');
  const parsed = DateTime.fromFormat(value, 'yyyy-MM-dd HH:mm', { zone: timeZone });
  if (!parsed.isValid) throw new DomainError('groups.errors.invalidDateTime', { value: text.trim() });
  return parsed.toJSDate();
}
