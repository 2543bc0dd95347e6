import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { GroupService } from './groups.ts';
import type { MeetingService } from './meetings.ts';
import type { NotificationService } from './notifications.ts';

const DAY_MS = 86_400_000;

/**
 * A working group's meetings: the leader schedules them and records attendance; a group that has
 * gone quiet for longer than its rhythm allows reminds its leader.
 */
export class GroupMeetingService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly groups: GroupService,
    private readonly meetings: MeetingService,
    private readonly now: () => Date,
  ) {}

  /** The leader schedules the group's meetings; the meeting service owns meetings and their reminders. */
  async scheduleMeeting(cluster: ClusterContext, actor: Actor, groupId: string, input: { title?: string; startsAt: Date; place?: string; onlineLink?: string; agenda?: string }) {
    const group = await this.groups.activeById(cluster.id, groupId);
    if (!this.groups.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
    const { startsAt } = input;
    if (startsAt <= this.now()) throw new DomainError('groups.errors.meetingInPast');
    const meeting = await this.meetings.schedule(cluster, {
      kind: 'group',
      groupId: group.id,
      title: input.title?.trim() || group.name,
      startsAt,
      place: input.place?.trim() ?? '',
      onlineLink: input.onlineLink?.trim() ?? '',
      agenda: input.agenda?.trim() ?? '',
      byPersonId: actor.personId,
    });
    return { group, meeting };
  }

  /**
   * `/group attendance`: the group's latest meeting that has started, and its attendance list.
   * Who may record it and who can have attended are the meeting service's one rule.
   */
  async attendanceSheet(cluster: ClusterContext, actor: Actor, groupId: string) {
    const group = await this.groups.activeById(cluster.id, groupId);
    if (!this.groups.mayDecide(actor, group)) throw new DomainError('groups.errors.notLeader', { group: group.name });
    const past = await this.meetings.list(cluster.id, { kind: 'group', groupId: group.id, to: new Date(this.now().getTime() + 1) });
    const latest = past.at(-1);
    if (!latest) throw new DomainError('groups.errors.noPastMeeting', { group: group.name });
    const sheet = await this.meetings.attendanceSheet(cluster, actor, latest.id);
    if (sheet.orgs.length === 0) throw new DomainError('groups.errors.noMembers', { group: group.name });
    return { group, ...sheet };
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
              ? t('groups.notify.gapText', { group: group.name, count: days, last: date(last.startsAt), rhythm: t('core.units.days', { count: group.rhythmDays }) })
              : t('groups.notify.gapTextNever', { group: group.name, count: days, rhythm: t('core.units.days', { count: group.rhythmDays }) }),
            tone: 'warning',
          }),
          'group-gap',
        ),
      );
      if (ran) sent++;
    }
    return sent;
  }

}

