import type { Database } from '../db/index.ts';
import type { ActivityService } from './activity.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';

export const MEETING_KINDS = ['network', 'team', 'group', 'general'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export interface ScheduleInput {
  kind: MeetingKind;
  /** Read from what was typed in the cluster's time zone (src/core/input.ts). */
  startsAt: Date;
  place: string;
  agenda?: string | undefined;
  title?: string | undefined;
  /** For group meetings: the group's id or name. */
  group?: string | undefined;
}

/** Meetings of the cluster's rhythm; attendance counts as an activity of the organisation. */
export class MeetingService {
  constructor(
    private readonly db: Database,
    private readonly activity: ActivityService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  schedule(cluster: ClusterContext, data: { kind: MeetingKind; groupId?: string | null; title: string; startsAt: Date; place?: string; agenda?: string; byPersonId?: string | null }) {
    return this.db.transaction(async (tx) => {
      const meeting = await tx.meetings.create({
        clusterId: cluster.id,
        kind: data.kind,
        groupId: data.groupId ?? null,
        title: data.title,
        startsAt: data.startsAt,
        place: data.place ?? '',
        agenda: data.agenda ?? '',
        createdByPersonId: data.byPersonId ?? null,
      });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: data.byPersonId ?? null, action: 'meeting.scheduled', subjectType: 'meeting', subjectId: meeting.id, details: { kind: data.kind } });
      return meeting;
    });
  }

  /**
   * `/meeting schedule`: the coordinator schedules network, team and General Meetings; a group's
   * leader (or the Coordinating Team) its group's meetings. Local date and time, never in the past.
   */
  async scheduleAs(cluster: ClusterContext, actor: Actor, input: ScheduleInput, defaultTitle: (kind: MeetingKind, groupName?: string) => string) {
    const isCoordinator = actor.roles.has('coordinator');
    let group: { id: string; name: string; status: string } | null = null;
    if (input.kind === 'group') {
      if (!input.group) throw new DomainError('meetings.errors.groupRequired', {}, { group: 'meetings.errors.groupRequiredField' });
      group = await this.db.meetings.group(cluster.id, input.group.trim());
      if (!group || group.status !== 'active') throw new DomainError('meetings.errors.unknownGroup', { group: input.group });
      if (!overseesGroups(actor) && !actor.leads.includes(group.id)) throw new DomainError('meetings.errors.notGroupLeader', { group: group.name });
    } else if (!isCoordinator) {
      throw new DomainError('meetings.errors.coordinatorOnly');
    }
    const { startsAt } = input;
    if (startsAt.getTime() <= this.now().getTime()) throw new DomainError('meetings.errors.inPast', { when: startsAt }, { date: 'meetings.errors.inPastField' });
    return this.schedule(cluster, {
      kind: input.kind,
      groupId: group?.id ?? null,
      title: input.title?.trim() || defaultTitle(input.kind, group?.name),
      startsAt,
      place: input.place.trim(),
      agenda: input.agenda?.trim() ?? '',
      byPersonId: actor.personId,
    });
  }

  get(id: string) {
    return this.db.meetings.byId(id);
  }

  list(clusterId: string, filter: { from?: Date; to?: Date; kind?: MeetingKind; groupId?: string } = {}) {
    return this.db.meetings.list(clusterId, filter);
  }

  /** Upcoming meetings this person is invited to: network and General Meetings, the team's if in it, its groups'. */
  async upcomingFor(cluster: ClusterContext, actor: Actor, take = 10) {
    const all = await this.db.meetings.list(cluster.id, { from: this.now() });
    const groups = new Set([...(actor.member ? await this.db.activities.groupIdsOf(actor.member.id) : []), ...actor.leads]);
    const inTeam = actor.roles.size > 0 || actor.leads.length > 0;
    return all
      .filter((m) => m.kind === 'network' || m.kind === 'general' || (m.kind === 'team' && inTeam) || (m.kind === 'group' && (groups.has(m.groupId ?? '') || actor.roles.has('coordinator'))))
      .slice(0, take);
  }

  /** Attend / not attend, answered for the organisation the person speaks for. */
  async respond(cluster: ClusterContext, actor: Actor, meetingId: string, answer: 'yes' | 'no') {
    if (!actor.member) throw new DomainError('activity.errors.noOrganisation');
    const meeting = await this.db.meetings.byId(meetingId);
    if (!meeting || meeting.clusterId !== cluster.id || meeting.cancelledAt) throw new DomainError('meetings.errors.notFound', { id: meetingId });
    if (meeting.startsAt.getTime() <= this.now().getTime()) throw new DomainError('meetings.errors.alreadyHeld', { title: meeting.title });
    await this.db.meetings.respond(meeting.id, actor.member.id, actor.personId, answer);
    return meeting;
  }

  responses(meetingId: string) {
    return this.db.meetings.responses(meetingId);
  }

  /** Who may record attendance: the coordinator; for a group's meetings also its leader and the Coordinating Team. */
  async meetingForAttendance(cluster: ClusterContext, actor: Actor, meetingId: string) {
    const meeting = await this.db.meetings.byId(meetingId.trim());
    if (!meeting || meeting.clusterId !== cluster.id || meeting.cancelledAt) throw new DomainError('meetings.errors.notFound', { id: meetingId });
    const allowed = actor.roles.has('coordinator') || (meeting.kind === 'group' && (overseesGroups(actor) || actor.leads.includes(meeting.groupId ?? '')));
    if (!allowed) throw new DomainError('meetings.errors.attendanceNotAllowed');
    if (meeting.startsAt.getTime() > this.now().getTime()) throw new DomainError('meetings.errors.notYetHeld', { title: meeting.title });
    return meeting;
  }

  /** The organisations invited to a meeting, for the attendance list. */
  async invitedMembers(cluster: ClusterContext, meeting: { kind: string; groupId: string | null }) {
    if (meeting.kind === 'group' && meeting.groupId) return this.db.meetings.membersByIds(await this.db.meetings.groupMemberIds(meeting.groupId));
    return this.db.members.listActive(cluster.id);
  }

  /** Organisations of this cluster by exact name, and the names not found. */
  async membersByNames(cluster: ClusterContext, names: string[]) {
    const all = await this.db.members.listActive(cluster.id);
    const byName = new Map(all.map((m) => [m.name.toLocaleLowerCase('pl'), m]));
    const found = names.map((n) => byName.get(n.trim().toLocaleLowerCase('pl')));
    return { found: found.filter((m) => m !== undefined), unknown: names.filter((_, i) => !found[i]) };
  }

  /** Marks organisations present; each gets the meeting as an activity once (if the cluster counts it). */
  async recordAttendance(cluster: ClusterContext, meetingId: string, memberIds: string[], byPersonId: string | null): Promise<number> {
    const meeting = await this.db.meetings.byId(meetingId);
    if (!meeting || meeting.clusterId !== cluster.id) return 0;
    let recorded = 0;
    for (const memberId of memberIds) {
      await this.db.meetings.addAttendance(meetingId, memberId);
      const added = await this.activity.recordAutomatic(cluster.settings, {
        clusterId: cluster.id,
        memberId,
        source: meeting.kind === 'group' ? 'group-meeting' : 'meeting',
        sourceKey: meeting.id,
        date: meeting.startsAt,
        title: meeting.title,
        personId: byPersonId,
      });
      if (added) recorded++;
    }
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'meeting.attendance', subjectType: 'meeting', subjectId: meetingId, details: { count: memberIds.length } });
    return recorded;
  }

  /**
   * The people a meeting concerns: network and General Meetings, every active member's
   * representatives; team, the Coordinating Team; group, its member organisations' representatives
   * and its leader.
   */
  async audience(cluster: ClusterContext, meeting: { kind: string; groupId: string | null }): Promise<string[]> {
    const ids = new Set<string>();
    if (meeting.kind === 'team') {
      for (const r of await this.db.people.withRole(cluster.id, ['coordinator', 'operator', 'team'])) ids.add(r.personId);
      for (const id of await this.db.meetings.groupLeaderIds(cluster.id)) ids.add(id);
    } else if (meeting.kind === 'group') {
      if (meeting.groupId) {
        const reps = await this.db.meetings.representativesOf(await this.db.meetings.groupMemberIds(meeting.groupId));
        for (const r of reps) ids.add(r.person.id);
        const [group] = await this.db.meetings.groupsByIds([meeting.groupId]);
        if (group?.leaderPersonId) ids.add(group.leaderPersonId);
      }
    } else {
      const members = await this.db.members.listActive(cluster.id);
      for (const r of await this.db.meetings.representativesOf(members.map((m) => m.id))) ids.add(r.person.id);
    }
    return [...ids];
  }
}

/**
 * The Coordinating Team creates and dissolves working groups and oversees every one of them, as
 * /group meeting and /group attendance already allow (GroupService.mayDecide): the same person
 * must get the same answer whichever command schedules or records a group's meeting.
 */
function overseesGroups(actor: Actor): boolean {
  return actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team');
}
