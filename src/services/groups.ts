import { DateTime } from 'luxon';
import { isUniqueViolation, type Database, type PersonModel as Person } from '../db/index.ts';
import type { GroupMembership, WorkingGroup } from '../db/groups.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { readDate } from '../core/input.ts';
import type { PersonAddress } from '../core/notifier.ts';
import { GRANTED_ROLES, isInGoodStanding } from '../core/vocabulary.ts';
import type { ActivityService } from './activity.ts';
import type { MeetingService } from './meetings.ts';
import type { MessageBuilder, NotificationService } from './notifications.ts';

export type { WorkingGroup };

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
 * Working groups: created, changed and dissolved by the Coordinating Team, each with a leader.
 * Who is in a group is group-membership.ts; its meetings and attendance are group-meetings.ts.
 * The platform mirrors membership through MembershipEvents.
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
    const orgJoins = leaderOrg && isInGoodStanding(leaderOrg.member.status);

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

  /** Who may be appointed to lead a group: a representative of one of its organisations, or someone of the Coordinating Team. */
  async leaderCandidates(cluster: ClusterContext, groupId: string): Promise<{ group: WorkingGroup; people: { id: string; name: string }[] }> {
    const group = await this.activeById(cluster.id, groupId);
    const reps = await this.db.meetings.representativesOf(await this.db.meetings.groupMemberIds(group.id));
    const team = await Promise.all((await this.db.people.withRole(cluster.id, [...GRANTED_ROLES])).map((r) => this.db.people.byId(r.personId)));
    const people = new Map<string, { id: string; name: string }>();
    for (const p of [...reps.map((r) => r.person), ...team]) {
      if (p && !p.erasedAt && p.clusterId === cluster.id && p.id !== group.leaderPersonId) people.set(p.id, { id: p.id, name: p.displayName });
    }
    return { group, people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'pl')) };
  }

  /** The Coordinating Team appoints a leader chosen from the candidates (a button on the "no leader" notice). */
  async appointLeader(cluster: ClusterContext, actor: Actor, groupId: string, personId: string): Promise<WorkingGroup> {
    const { group, people } = await this.leaderCandidates(cluster, groupId);
    if (!people.some((p) => p.id === personId)) throw new DomainError('groups.errors.notALeaderCandidate', { group: group.name });
    return this.changeLeader(cluster, actor, group.id, personId);
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
          mine: membership?.status === 'active' || membership?.status === 'pending' ? membership.status : null,
        };
      }),
    );
  }

  /**
   * The group's own leader, or the Coordinating Team by granted role. Leaders of other groups sit
   * in the team too, but deciding who joins a group they do not lead is not theirs.
   */
  mayDecide(actor: Actor, group: WorkingGroup): boolean {
    return group.leaderPersonId === actor.personId || actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team');
  }

  /** Joining counts as an activity once per group per calendar year (in the cluster's time zone). */
  countJoin(cluster: ClusterContext, group: WorkingGroup, memberId: string, personId: string | null): Promise<boolean> {
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

  private async ensureNameFree(clusterId: string, name: string, exceptId?: string): Promise<void> {
    const wanted = normalise(name);
    const clash = (await this.db.groups.listActive(clusterId)).find((g) => g.id !== exceptId && normalise(g.name) === wanted);
    if (clash) throw new DomainError('groups.errors.nameTaken', { name: clash.name });
  }
}

export function requireMember(actor: Actor): NonNullable<Actor['member']> {
  if (!actor.member) throw new DomainError('groups.errors.noOrganisation');
  return actor.member;
}

function normalise(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('pl');
}

function isNone(text: string): boolean {
  return ['none', 'brak', '-', 'nie'].includes(text.trim().toLowerCase());
}

export function uniqueAddresses(people: Person[]): PersonAddress[] {
  const seen = new Map<string, PersonAddress>();
  for (const p of people) if (!p.erasedAt) seen.set(p.id, { personId: p.id, platformUserId: p.platformUserId });
  return [...seen.values()];
}

/** An end date is a day in the cluster's time zone; the group runs through that whole day. */
export function parseEndDate(text: string, timeZone: string, now: Date): Date {
  const end = readDate(text, timeZone, 'ends').endOf('day').toJSDate();
  if (end <= now) throw new DomainError('groups.errors.endInPast', { value: text.trim() });
  return end;
}
