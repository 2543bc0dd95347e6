import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { translator } from '../core/i18n.ts';
import type { Attachment, Reply } from '../core/reply.ts';
import { userText } from '../core/text.ts';
import type { CalendarMeeting, CalendarService } from './calendar.ts';
import type { DeliveryService } from './deliveries.ts';
import { attendButtons } from './engagement.ts';
import type { MeetingService } from './meetings.ts';
import type { MessageTools, NotificationService } from './notifications.ts';
import { meetingLines, meetingWhen } from './meeting-times.ts';

type MeetingRow = NonNullable<Awaited<ReturnType<Database['meetings']['byId']>>>;

export interface MeetingChange {
  startsAt?: Date | undefined;
  place?: string | undefined;
  onlineLink?: string | undefined;
}

/**
 * A meeting after it was announced: a new time, place or link, or its cancellation. Everyone it
 * concerns hears of it with a calendar file that replaces the one they had (same UID, a higher
 * SEQUENCE; METHOD:CANCEL when called off), and the platform's own event follows it.
 */
export class MeetingChangeService {
  constructor(
    private readonly db: Database,
    private readonly meetings: MeetingService,
    private readonly calendar: CalendarService,
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /** Who may change or cancel a meeting: who may schedule it (the coordinator; for a group's, its leader and the team). */
  private async manageable(cluster: ClusterContext, actor: Actor, meetingId: string): Promise<MeetingRow> {
    const meeting = await this.db.meetings.byId(meetingId.trim());
    if (!meeting || meeting.clusterId !== cluster.id || meeting.cancelledAt) throw new DomainError('meetings.errors.notFound', { id: meetingId });
    const oversees = actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team');
    const allowed = actor.roles.has('coordinator') || (meeting.kind === 'group' && (oversees || actor.leads.includes(meeting.groupId ?? '')));
    if (!allowed) throw new DomainError(meeting.kind === 'group' ? 'calendar.errors.notGroupLeader' : 'meetings.errors.coordinatorOnly');
    if (meeting.startsAt.getTime() <= this.now().getTime()) throw new DomainError('meetings.errors.alreadyHeld', { title: meeting.title });
    // A convened General Meeting's changes go out as its convocation did (chat and e-mail): /assembly change.
    if (meeting.kind === 'general' && (await this.db.generalMeetings.byMeetingId(meeting.id))) throw new DomainError('assembly.errors.convenedElsewhere', { title: meeting.title });
    return meeting;
  }

  async change(cluster: ClusterContext, actor: Actor, meetingId: string, input: MeetingChange): Promise<{ meeting: MeetingRow; told: number }> {
    const before = await this.manageable(cluster, actor, meetingId);
    const data: { startsAt?: Date; place?: string; onlineLink?: string } = {};
    if (input.startsAt && input.startsAt.getTime() !== before.startsAt.getTime()) {
      if (input.startsAt.getTime() <= this.now().getTime()) throw new DomainError('meetings.errors.inPast', { when: input.startsAt }, { date: 'meetings.errors.inPastField' });
      data.startsAt = input.startsAt;
    }
    if (input.place !== undefined && input.place.trim() !== before.place) data.place = input.place.trim();
    if (input.onlineLink !== undefined && input.onlineLink.trim() !== before.onlineLink) data.onlineLink = input.onlineLink.trim();
    if (!Object.keys(data).length) throw new DomainError('calendar.errors.nothingChanged', { title: before.title });
    const meeting = await this.db.transaction(async (tx) => {
      const changed = await tx.meetings.change(before.id, data, this.now());
      if (!changed) throw new DomainError('meetings.errors.notFound', { id: meetingId });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'calendar.meetingChanged', subjectType: 'meeting', subjectId: before.id, details: { fields: Object.keys(data), sequence: changed.sequence } });
      return changed;
    });
    const told = await this.tell(cluster, meeting, (tools, group) => changedMessage(meeting, before, group, tools, this.calendar.file(cluster, meeting, tools.t, group)));
    await this.mirror(cluster, meeting, 'changed');
    return { meeting, told };
  }

  async cancel(cluster: ClusterContext, actor: Actor, meetingId: string, reason?: string): Promise<{ meeting: MeetingRow; told: number }> {
    const before = await this.manageable(cluster, actor, meetingId);
    const meeting = await this.db.transaction(async (tx) => {
      const cancelled = await tx.meetings.change(before.id, { cancelledAt: this.now() }, this.now());
      if (!cancelled) throw new DomainError('meetings.errors.notFound', { id: meetingId });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'calendar.meetingCancelled', subjectType: 'meeting', subjectId: before.id, reason: reason ?? null, details: { sequence: cancelled.sequence } });
      return cancelled;
    });
    const told = await this.tell(cluster, meeting, (tools, group) => cancelledMessage(meeting, reason, group, tools, this.calendar.file(cluster, meeting, tools.t, group)));
    await this.mirror(cluster, meeting, 'cancelled');
    return { meeting, told };
  }

  /** A convened General Meeting changed or cancelled through its convocation: the platform's event follows. */
  async followed(cluster: ClusterContext, meeting: MeetingRow, change: 'changed' | 'cancelled'): Promise<void> {
    await this.mirror(cluster, meeting, change);
  }

  /** A meeting just scheduled (by any command): the platform lists it too. */
  async scheduled(cluster: ClusterContext, meeting: MeetingRow): Promise<void> {
    await this.mirror(cluster, meeting, 'scheduled');
  }

  /** Each person the meeting concerns, once per version of the meeting (a retry sends nothing twice). */
  private async tell(cluster: ClusterContext, meeting: MeetingRow, build: (tools: MessageTools, group: string | undefined) => Reply): Promise<number> {
    const group = await this.calendar.groupName(meeting);
    let told = 0;
    for (const personId of await this.meetings.audience(cluster, meeting)) {
      const key = `meeting-change:${meeting.id}:${meeting.sequence}:${personId}`;
      if (await this.deliveries.once(cluster.id, key, 'meeting-change', () => this.notifications.toPerson(cluster.id, personId, (tools) => build(tools, group), 'meeting-change'))) told++;
    }
    return told;
  }

  /**
   * The platform's event follows the meeting. What the platform refused (a missing permission) is
   * told to the coordinators once per reason, not at every meeting: the fix is the same each time.
   */
  private async mirror(cluster: ClusterContext, meeting: MeetingRow & CalendarMeeting, change: 'scheduled' | 'changed' | 'cancelled'): Promise<void> {
    const t = translator(cluster.locale, { timeZone: cluster.timeZone });
    const event = this.calendar.event(cluster, meeting, t, await this.calendar.groupName(meeting));
    const result = await this.notifications.meetingChanged(cluster.id, {
      change,
      meetingId: meeting.id,
      ref: meeting.platformEventId,
      title: meeting.title,
      description: event.description,
      startsAt: event.start,
      endsAt: event.end,
      place: meeting.place,
      onlineLink: meeting.onlineLink,
    });
    if (!result) return;
    if (result.ref !== meeting.platformEventId) await this.db.meetings.setPlatformEventId(meeting.id, result.ref);
    for (const problem of result.problems) {
      this.log.warn({ clusterId: cluster.id, meetingId: meeting.id, problem }, 'meeting not mirrored on the platform');
      await this.deliveries.once(cluster.id, `meeting-mirror-problem:${cluster.id}:${problem.reason}`, 'meeting-mirror-problem', async () => {
        await this.notifications.toRoles(
          cluster.id,
          ['coordinator'],
          ({ t: tr }) => ({
            title: tr('calendar.mirror.problemTitle'),
            text: [tr(problem.reason === 'missing-permission' ? 'calendar.mirror.missingPermission' : 'calendar.mirror.failed', { title: meeting.title }), problem.detail].join('\n'),
            tone: 'warning',
          }),
          'sync-problem',
        );
      });
    }
  }
}

function changedMessage(meeting: MeetingRow, before: MeetingRow, group: string | undefined, tools: MessageTools, file: Attachment): Reply {
  const { t } = tools;
  const lines = [t(`meetings.kinds.${meeting.kind}`) + (group ? ` – ${userText(group)}` : '')];
  if (meeting.startsAt.getTime() !== before.startsAt.getTime()) lines.push(t('calendar.change.wasAt', { when: meetingWhen(before.startsAt, tools) }));
  lines.push(...meetingLines(meeting, tools));
  return { title: t('calendar.change.title', { title: userText(meeting.title) }), text: lines.join('\n'), buttons: attendButtons(t, meeting.id), attachments: [file], tone: 'info' };
}

function cancelledMessage(meeting: MeetingRow, reason: string | undefined, group: string | undefined, tools: MessageTools, file: Attachment): Reply {
  const { t } = tools;
  const lines = [
    t(`meetings.kinds.${meeting.kind}`) + (group ? ` – ${userText(group)}` : ''),
    t('calendar.cancel.wasAt', { when: meetingWhen(meeting.startsAt, tools) }),
    reason ? t('calendar.cancel.reason', { reason: userText(reason) }) : '',
  ];
  return { title: t('calendar.cancel.title', { title: userText(meeting.title) }), text: lines.filter(Boolean).join('\n'), attachments: [file], tone: 'warning' };
}
