import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { Attachment, Reply } from '../core/reply.ts';
import { isHttpUrl } from '../core/input.ts';
import type { ClusterService } from './clusters.ts';
import type { DeliveryService } from './deliveries.ts';
import type { MailService } from './mail.ts';
import type { CalendarService } from './calendar.ts';
import type { MeetingChangeService } from './meeting-changes.ts';
import { messageTools, type NotificationService } from './notifications.ts';
import { chatNotice, mailNotice, type Convocation } from './general-meeting-notice.ts';
import type { MotionTaskService } from './governance/tasks.ts';

export interface ConveneInput {
  title: string;
  /** Read from what was typed in the cluster's time zone (src/core/input.ts). */
  startsAt: Date;
  place?: string | undefined;
  onlineLink?: string | undefined;
  agenda?: string | undefined;
}

export type ChangeInput = Partial<ConveneInput>;

/** Who was told of one revision: organisations in chat, e-mails enqueued, organisations without an address. */
export interface NoticeCount {
  organisations: number;
  emails: number;
  withoutEmail: number;
}

/**
 * The General Meeting as convened. A General Meeting is a Meeting of kind `general` (so the
 * calendar, the attend/not-attend answers, attendance and motions already apply to it); this
 * service adds its convocation: the online link, the notice to every organisation in chat and by
 * e-mail, and each change or cancellation sent the same way. Each revision's notices go out once
 * per organisation (the delivery ledger and the outbox's keys), also across restarts.
 */
export class GeneralMeetingService {
  constructor(
    private readonly db: Database,
    private readonly clusters: ClusterService,
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
    private readonly mail: MailService,
    private readonly calendar: CalendarService,
    private readonly meetingChanges: MeetingChangeService,
    private readonly now: () => Date,
    private readonly log: Logger,
    /** What passed motions' tasks got done since the last General Meeting: a point of the agenda. */
    private readonly tasks?: Pick<MotionTaskService, 'sinceLastGeneralMeeting'>,
  ) {}

  async convene(cluster: ClusterContext, actor: Actor, input: ConveneInput) {
    const fields = this.checked(cluster, input);
    const meeting = await this.db.transaction(async (tx) => {
      const meeting = await tx.meetings.create({
        clusterId: cluster.id,
        kind: 'general',
        title: input.title,
        startsAt: input.startsAt,
        place: fields.place,
        agenda: fields.agenda,
        onlineLink: fields.onlineLink,
        createdByPersonId: actor.personId,
      });
      await tx.generalMeetings.create({ meetingId: meeting.id, clusterId: cluster.id, convenedByPersonId: actor.personId, convenedAt: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'assembly.convened', subjectType: 'meeting', subjectId: meeting.id, details: { startsAt: input.startsAt.toISOString() } });
      return meeting;
    });
    await this.meetingChanges.scheduled(cluster, meeting);
    const told = await this.announce(cluster.id, meeting.id);
    return { ...(await this.session(cluster, meeting.id)), told };
  }

  /** A new revision: what is given replaces what was; the rest stays. Sent to everyone again. */
  async change(cluster: ClusterContext, actor: Actor, meetingId: string, patch: ChangeInput) {
    const current = await this.changeable(cluster, meetingId);
    const next = {
      title: patch.title?.trim() || current.meeting.title,
      startsAt: patch.startsAt ?? current.meeting.startsAt,
      place: patch.place ?? current.meeting.place,
      onlineLink: patch.onlineLink ?? current.meeting.onlineLink,
      agenda: patch.agenda ?? current.meeting.agenda,
    };
    const dateChanged = next.startsAt.getTime() !== current.meeting.startsAt.getTime();
    const fields = this.checked(cluster, next, dateChanged);
    const motionIds = current.motions.map((m) => m.id).join(',');
    const same =
      !dateChanged &&
      next.title === current.meeting.title &&
      fields.place === current.meeting.place &&
      fields.onlineLink === current.meeting.onlineLink &&
      fields.agenda === current.meeting.agenda &&
      motionIds === current.session.sentMotionIds;
    if (same) throw new DomainError('assembly.errors.nothingChanged');
    const changed = await this.db.transaction(async (tx) => {
      const done = await tx.generalMeetings.change(
        meetingId,
        { title: next.title, startsAt: next.startsAt, place: fields.place, onlineLink: fields.onlineLink, agenda: fields.agenda },
        { status: 'changed', changedAt: this.now(), sentMotionIds: motionIds },
        current.session.revision,
      );
      if (done) await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'assembly.changed', subjectType: 'meeting', subjectId: meetingId, details: { revision: done.session.revision } });
      return done;
    });
    if (!changed) throw new DomainError('assembly.errors.changedMeanwhile');
    await this.meetingChanges.followed(cluster, changed.meeting, 'changed');
    const told = await this.announce(cluster.id, meetingId);
    return { ...(await this.session(cluster, meetingId)), told };
  }

  async cancel(cluster: ClusterContext, actor: Actor, meetingId: string, reason: string) {
    const current = await this.changeable(cluster, meetingId);
    const cancelled = await this.db.transaction(async (tx) => {
      const done = await tx.generalMeetings.change(meetingId, {}, { status: 'cancelled', changedAt: this.now(), cancelledAt: this.now(), cancelReason: reason.trim() }, current.session.revision);
      if (done) await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'assembly.cancelled', subjectType: 'meeting', subjectId: meetingId, details: {} });
      return done;
    });
    if (!cancelled) throw new DomainError('assembly.errors.changedMeanwhile');
    await this.meetingChanges.followed(cluster, cancelled.meeting, 'cancelled');
    const told = await this.announce(cluster.id, meetingId);
    return { ...(await this.session(cluster, meetingId)), told };
  }

  /** A convened General Meeting with its agenda's motions; cancelled ones too (they say so). */
  async session(cluster: ClusterContext, meetingId: string) {
    const session = await this.db.generalMeetings.byMeetingId(meetingId.trim());
    const meeting = session ? await this.db.meetings.byId(session.meetingId) : null;
    if (!session || !meeting || session.clusterId !== cluster.id) throw new DomainError('assembly.errors.notFound', { id: meetingId });
    const motions = await this.db.governance.motions(cluster.id, { meetingId: meeting.id });
    const outcomes = this.tasks ? await this.tasks.sinceLastGeneralMeeting(cluster, meeting.id) : undefined;
    return { meeting, session, motions, outcomes };
  }

  /** Convened General Meetings still ahead (not cancelled), soonest first: what the pickers offer. */
  upcoming(cluster: ClusterContext) {
    return this.db.generalMeetings.upcoming(cluster.id, this.now());
  }

  /** A session that may still be changed or cancelled: not cancelled, not begun. */
  async changeable(cluster: ClusterContext, meetingId: string) {
    const current = await this.session(cluster, meetingId);
    if (current.session.status === 'cancelled') throw new DomainError('assembly.errors.cancelled', { title: current.meeting.title });
    if (current.meeting.startsAt.getTime() <= this.now().getTime()) throw new DomainError('assembly.errors.alreadyHeld', { title: current.meeting.title });
    return current;
  }

  /**
   * The statutes' notice period: the convocation must reach the organisations at least
   * `generalMeetingNoticeDays` before the meeting. A place or an online link (or both).
   */
  private checked(cluster: ClusterContext, input: ConveneInput, checkDate = true) {
    const place = input.place?.trim() ?? '';
    const onlineLink = input.onlineLink?.trim() ?? '';
    if (!place && !onlineLink) throw new DomainError('assembly.errors.whereMissing', {}, { place: 'assembly.errors.whereMissingField' });
    if (onlineLink && !isHttpUrl(onlineLink)) throw new DomainError('assembly.errors.badLink', {}, { link: 'assembly.errors.badLinkField' });
    if (checkDate) {
      const days = cluster.settings.generalMeetingNoticeDays;
      const earliest = DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).plus({ days }).startOf('day');
      if (input.startsAt.getTime() < earliest.toMillis()) {
        throw new DomainError('assembly.errors.tooSoon', { count: days, earliest: earliest.toFormat('dd.MM.yyyy') }, { date: 'assembly.errors.tooSoonField' });
      }
    }
    return { place, onlineLink, agenda: input.agenda?.trim() ?? '' };
  }

  /**
   * Sends the current revision to every organisation in good standing: privately to each of its
   * representatives, by e-mail to its contact address (when e-mail is configured), and once to the
   * announcements channel (last, so that `unannounced` finds a run that died midway).
   */
  async announce(clusterId: string, meetingId: string): Promise<NoticeCount> {
    const cluster = await this.clusters.byId(clusterId);
    const { meeting, session, motions, outcomes } = await this.session(cluster, meetingId);
    const convocation: Convocation = { meeting, session, motions, outcomes, settings: cluster.settings, clusterName: cluster.name, timeZone: cluster.timeZone };
    const revision = `${meeting.id}:${session.revision}`;
    const kind = `assembly.${session.status}`;
    const members = await this.db.members.listActive(clusterId);
    const count: NoticeCount = { organisations: members.length, emails: 0, withoutEmail: 0 };
    const mailTools = messageTools(cluster.locale, cluster.timeZone, cluster.settings.assemblyName);
    for (const member of members) {
      if (member.contactEmail && this.mail.enabled) {
        const { subject, text } = mailNotice(convocation, member, mailTools);
        await this.mail.enqueue({ clusterId, key: `assembly:${revision}:${member.id}`, kind, memberId: member.id, to: member.contactEmail, subject, text });
        count.emails++;
      } else if (!member.contactEmail) {
        count.withoutEmail++;
      }
      await this.deliveries.once(clusterId, `assembly:${revision}:${member.id}`, kind, async () => {
        for (const person of await this.db.members.representatives(member.id)) {
          await this.notifications.toPerson(clusterId, person.id, (tools) => withCalendarFile(chatNotice(convocation, tools), this.calendar.file(cluster, meeting, tools.t)), kind);
        }
      });
    }
    await this.deliveries.once(clusterId, postKey(revision), kind, async () => {
      await this.notifications.toChannel(clusterId, 'announcements', (tools) => withCalendarFile(chatNotice(convocation, tools), this.calendar.file(cluster, meeting, tools.t)));
    });
    this.log.info({ clusterId, meetingId, revision: session.revision, status: session.status, organisations: count.organisations, emails: count.emails }, 'general meeting notice sent');
    return count;
  }

  /** Finishes notices a run left unfinished (a restart midway): for the scheduler. */
  async finishAnnouncements(): Promise<number> {
    let finished = 0;
    for (const cluster of await this.clusters.all()) {
      for (const { meeting, session } of await this.db.generalMeetings.upcoming(cluster.id, this.now(), true)) {
        if (await this.deliveries.wasSent(postKey(`${meeting.id}:${session.revision}`))) continue;
        await this.announce(cluster.id, meeting.id);
        finished++;
      }
    }
    return finished;
  }
}

const postKey = (revision: string) => `assembly:${revision}`;

/** Each notice carries the meeting's .ics: the same event (UID), its SEQUENCE raised by each change, CANCEL when called off. */
function withCalendarFile(reply: Reply, file: Attachment): Reply {
  return { ...reply, attachments: [...(reply.attachments ?? []), file] };
}
