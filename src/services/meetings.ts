import type { Database } from '../db/index.ts';
import type { ActivityService } from './activity.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';

type MeetingRow = NonNullable<Awaited<ReturnType<Database['meetings']['byId']>>>;

import { GRANTED_ROLES, type MeetingKind } from '../core/vocabulary.ts';

export interface ScheduleInput {
  kind: MeetingKind;
  /** Read from what was typed in the cluster's time zone (src/core/input.ts). */
  startsAt: Date;
  place: string;
  /** Where to join online; shown beside the place. */
  onlineLink?: string | undefined;
  agenda?: string | undefined;
  title?: string | undefined;
  /** For group meetings: the group's id or name. */
  group?: string | undefined;
  /** Seats (organisations); beyond them RSVPs wait in line. */
  capacity?: number | undefined;
}

/** Meetings of the cluster's rhythm; attendance counts as an activity of the organisation. */
export class MeetingService {
  /** Told of every meeting scheduled, whichever command scheduled it (the platform's event list mirrors it). */
  private readonly scheduledListeners: ((cluster: ClusterContext, meeting: MeetingRow) => Promise<void>)[] = [];

  constructor(
    private readonly db: Database,
    private readonly activity: ActivityService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Convenes a General Meeting (general-meeting.ts); given once that service exists, as it is built after this one. */
  private convener?: (cluster: ClusterContext, actor: Actor, input: { title: string; startsAt: Date; place: string; onlineLink?: string | undefined; agenda?: string | undefined }) => Promise<MeetingRow>;

  onScheduled(listener: (cluster: ClusterContext, meeting: MeetingRow) => Promise<void>): void {
    this.scheduledListeners.push(listener);
  }

  conveneGeneralWith(convener: NonNullable<MeetingService['convener']>): void {
    this.convener = convener;
  }

  /**
   * A General Meeting is convened, whichever command names it: by the coordinator, with the
   * statutes' notice to every organisation, open to all of them (no seat limit).
   */
  mayConvene(actor: Actor, capacity: number | undefined): void {
    if (!actor.roles.has('coordinator')) throw new DomainError('meetings.errors.coordinatorOnly');
    if (capacity !== undefined) throw new DomainError('assembly.errors.noSeatLimit', {}, { capacity: 'assembly.errors.noSeatLimitField' });
  }

  async schedule(cluster: ClusterContext, data: { kind: MeetingKind; groupId?: string | null; title: string; startsAt: Date; place?: string; onlineLink?: string; agenda?: string; byPersonId?: string | null; capacity?: number | null }) {
    const scheduled = await this.db.transaction(async (tx) => {
      const meeting = await tx.meetings.create({
        clusterId: cluster.id,
        kind: data.kind,
        groupId: data.groupId ?? null,
        title: data.title,
        startsAt: data.startsAt,
        place: data.place ?? '',
        onlineLink: data.onlineLink ?? '',
        agenda: data.agenda ?? '',
        createdByPersonId: data.byPersonId ?? null,
        capacity: data.capacity ?? null,
      });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: data.byPersonId ?? null, action: 'meeting.scheduled', subjectType: 'meeting', subjectId: meeting.id, details: { kind: data.kind } });
      return meeting;
    });
    for (const listener of this.scheduledListeners) await listener(cluster, scheduled);
    return scheduled;
  }

  /**
   * `/meeting schedule`: the coordinator schedules network, team and General Meetings; a group's
   * leader (or the Coordinating Team) its group's meetings. Local date and time, never in the past.
   */
  async scheduleAs(cluster: ClusterContext, actor: Actor, input: ScheduleInput, defaultTitle: (kind: MeetingKind, groupName?: string) => string) {
    const group = await this.organisedGroup(cluster, actor, input.kind, input.group);
    const { startsAt } = input;
    if (startsAt.getTime() <= this.now().getTime()) throw new DomainError('meetings.errors.inPast', { when: startsAt }, { date: 'meetings.errors.inPastField' });
    if (input.kind === 'general' && this.convener) {
      this.mayConvene(actor, input.capacity);
      return this.convener(cluster, actor, { title: input.title?.trim() || defaultTitle('general'), startsAt, place: input.place, onlineLink: input.onlineLink, agenda: input.agenda });
    }
    return this.schedule(cluster, {
      kind: input.kind,
      groupId: group?.id ?? null,
      title: input.title?.trim() || defaultTitle(input.kind, group?.name),
      startsAt,
      place: input.place.trim(),
      onlineLink: input.onlineLink?.trim() ?? '',
      agenda: input.agenda?.trim() ?? '',
      byPersonId: actor.personId,
      capacity: input.capacity ?? null,
    });
  }

  /**
   * Who may organise a meeting of this kind (schedule it, or ask for a date first): the coordinator
   * network, team and General Meetings; a group's leader or the Coordinating Team a group's. Returns
   * the group for a group's meeting.
   */
  async organisedGroup(cluster: ClusterContext, actor: Actor, kind: MeetingKind, groupRef: string | undefined) {
    if (kind !== 'group') {
      if (!actor.roles.has('coordinator')) throw new DomainError('meetings.errors.coordinatorOnly');
      return null;
    }
    if (!groupRef) throw new DomainError('meetings.errors.groupRequired', {}, { group: 'meetings.errors.groupRequiredField' });
    const group = await this.db.meetings.group(cluster.id, groupRef.trim());
    if (!group || group.status !== 'active') throw new DomainError('meetings.errors.unknownGroup', { group: groupRef });
    if (!overseesGroups(actor) && !actor.leads.includes(group.id)) throw new DomainError('meetings.errors.notGroupLeader', { group: group.name });
    return group;
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
    return all.filter(await this.invites(actor)).slice(0, take);
  }

  /** Which meetings this person is invited to: the one rule of /meeting list and the calendar feed. */
  async invites(actor: Actor): Promise<(m: { kind: string; groupId: string | null }) => boolean> {
    const groups = new Set([...(actor.member ? await this.db.activities.groupIdsOf(actor.member.id) : []), ...actor.leads]);
    const inTeam = actor.roles.size > 0 || actor.leads.length > 0;
    return (m) => m.kind === 'network' || m.kind === 'general' || (m.kind === 'team' && inTeam) || (m.kind === 'group' && (groups.has(m.groupId ?? '') || actor.roles.has('coordinator')));
  }

  responses(meetingId: string) {
    return this.db.meetings.responses(meetingId);
  }

  /**
   * Who may record attendance: the coordinator; for a group's meetings also its leader and the
   * Coordinating Team. Only once the meeting has started.
   */
  async meetingForAttendance(cluster: ClusterContext, actor: Actor, meetingId: string) {
    const meeting = await this.db.meetings.byId(meetingId.trim());
    if (!meeting || meeting.clusterId !== cluster.id || meeting.cancelledAt) throw new DomainError('meetings.errors.notFound', { id: meetingId });
    const allowed = actor.roles.has('coordinator') || (meeting.kind === 'group' && (overseesGroups(actor) || actor.leads.includes(meeting.groupId ?? '')));
    if (!allowed) throw new DomainError('meetings.errors.attendanceNotAllowed');
    if (meeting.startsAt.getTime() > this.now().getTime()) throw new DomainError('meetings.errors.notYetHeld', { title: meeting.title });
    return meeting;
  }

  /**
   * The organisations invited to a meeting, the only ones that can have attended it: a group's
   * meeting, the group's organisations; any other, every organisation in good standing.
   */
  async invitedMembers(cluster: ClusterContext, meeting: { kind: string; groupId: string | null }) {
    if (meeting.kind === 'group') return meeting.groupId ? this.db.meetings.membersByIds(await this.db.meetings.groupMemberIds(meeting.groupId)) : [];
    return this.db.members.listActive(cluster.id);
  }

  /** The attendance list: who may record it, the meeting, its invited organisations and who said they would come. */
  async attendanceSheet(cluster: ClusterContext, actor: Actor, meetingId: string) {
    const meeting = await this.meetingForAttendance(cluster, actor, meetingId);
    const [invited, responses] = await Promise.all([this.invitedMembers(cluster, meeting), this.db.meetings.responses(meeting.id)]);
    // One still waiting for a seat said yes but was not given a place.
    const saidYes = new Set(responses.filter((r) => r.answer === 'yes' && r.waitlistPosition === null).map((r) => r.memberId));
    const orgs = invited.map((m) => ({ id: m.id, name: m.name, saidYes: saidYes.has(m.id) })).sort((a, b) => a.name.localeCompare(b.name, 'pl'));
    return { meeting, orgs };
  }

  /**
   * The one way attendance is recorded, whichever command or button asks: the caller must be
   * allowed to record this meeting's attendance, and every organisation named (by id from a
   * list, or by name typed) must have been invited to it. Anything else is refused, naming what
   * was wrong, and nothing is recorded. Each organisation present gets the meeting as an
   * activity once (if the cluster counts it).
   */
  async recordAttendance(
    cluster: ClusterContext,
    actor: Actor,
    meetingId: string,
    present: { ids?: string[]; names?: string[] },
  ): Promise<{ meeting: MeetingRow; present: number; counted: number }> {
    const meeting = await this.meetingForAttendance(cluster, actor, meetingId);
    const invited = await this.invitedMembers(cluster, meeting);
    const byId = new Map(invited.map((m) => [m.id, m]));
    const byName = new Map(invited.map((m) => [m.name.toLocaleLowerCase('pl'), m]));
    const chosen = new Map<string, { id: string; name: string }>();
    const notInvited: string[] = [];
    for (const id of present.ids ?? []) {
      const m = byId.get(id);
      if (m) chosen.set(m.id, m);
      else notInvited.push((await this.db.members.byId(id))?.name ?? id);
    }
    for (const name of present.names ?? []) {
      const m = byName.get(name.trim().toLocaleLowerCase('pl'));
      if (m) chosen.set(m.id, m);
      else notInvited.push(name.trim());
    }
    if (notInvited.length) throw new DomainError('meetings.errors.notInvited', { names: notInvited.join(', ') });
    if (chosen.size === 0) throw new DomainError('meetings.errors.noneChosen');
    const counted = await this.markPresent(cluster, meeting, [...chosen.keys()], actor.personId);
    return { meeting, present: chosen.size, counted };
  }

  private async markPresent(cluster: ClusterContext, meeting: MeetingRow, memberIds: string[], byPersonId: string | null): Promise<number> {
    let recorded = 0;
    for (const memberId of memberIds) {
      await this.db.meetings.addAttendance(meeting.id, memberId);
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
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'meeting.attendance', subjectType: 'meeting', subjectId: meeting.id, details: { count: memberIds.length } });
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
      for (const r of await this.db.people.withRole(cluster.id, [...GRANTED_ROLES])) ids.add(r.personId);
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
export function overseesGroups(actor: Actor): boolean {
  return actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team');
}
