import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { fileNamePart } from '../core/filenames.ts';
import { toLocale, translator, type Translate } from '../core/i18n.ts';
import type { Attachment } from '../core/reply.ts';
import type { MeetingKind } from '../core/vocabulary.ts';
import type { ClusterService } from './clusters.ts';
import { icsCalendar, type CalendarEvent } from './ics.ts';
import type { MeetingService } from './meetings.ts';
import type { PeopleService } from './people.ts';

export const ICS_TYPE = 'text/calendar; charset=utf-8';
/** Held meetings stay in a subscribed calendar this long; older ones are the calendar's own history. */
const FEED_PAST_DAYS = 60;
/** How often a subscribed calendar is asked to look again. */
const FEED_REFRESH_SECONDS = 3600;

/** What a calendar needs of a meeting. */
export interface CalendarMeeting {
  id: string;
  kind: MeetingKind;
  groupId: string | null;
  title: string;
  startsAt: Date;
  place: string;
  onlineLink: string;
  agenda: string;
  sequence: number;
  cancelledAt: Date | null;
  changedAt: Date | null;
  createdAt: Date;
}

/** A person's calendar feed, ready to serve: its bytes and when its newest meeting last changed. */
export interface CalendarFeedBody {
  body: string;
  lastModified: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Meetings in people's calendars: an .ics file with every announcement, reminder, change and
 * cancellation (one UID per meeting, SEQUENCE raised on each change), and a private subscription
 * feed of the meetings a person is invited to, opened by a secret token of which only a hash is kept.
 */
export class CalendarService {
  constructor(
    private readonly db: Database,
    private readonly clusters: ClusterService,
    private readonly people: PeopleService,
    private readonly meetings: MeetingService,
    private readonly now: () => Date,
    /** The bot's public address (PUBLIC_URL); without it no subscription can be offered. */
    private readonly publicUrl: string | undefined,
    /**
     * The address the cluster's mail is sent from (MAIL_FROM), named as the events' ORGANIZER.
     * Without one no ORGANIZER is written: its value must be an address, and a made-up one would
     * give calendars somewhere to send replies nobody reads.
     */
    private readonly organizerEmail?: string,
  ) {}

  private organizerOf(cluster: ClusterContext): Pick<CalendarEvent, 'organizer'> {
    return this.organizerEmail ? { organizer: { name: cluster.name, email: this.organizerEmail } } : {};
  }

  /** The event of one meeting, in the reader's language. */
  event(cluster: ClusterContext, meeting: CalendarMeeting, t: Translate, group?: string): CalendarEvent {
    const description = [
      t(`meetings.kinds.${meeting.kind}`) + (group ? ` – ${group}` : ''),
      meeting.agenda ? t('calendar.file.agenda', { agenda: meeting.agenda }) : '',
      meeting.onlineLink ? t('calendar.file.online', { link: meeting.onlineLink }) : '',
      t('calendar.file.answer'),
    ].filter(Boolean);
    return {
      uid: `meeting-${meeting.id}@pkes-bot`,
      sequence: meeting.sequence,
      title: meeting.title,
      description: description.join('\n'),
      start: meeting.startsAt,
      end: new Date(meeting.startsAt.getTime() + cluster.settings.meetingLengthMinutes * 60_000),
      location: meeting.place || meeting.onlineLink,
      ...(meeting.onlineLink ? { url: meeting.onlineLink } : {}),
      cancelled: Boolean(meeting.cancelledAt),
      stamp: meeting.changedAt ?? meeting.createdAt,
      ...this.organizerOf(cluster),
    };
  }

  /** The .ics file a message carries: the meeting as it is now; a cancelled one as a CANCEL. */
  file(cluster: ClusterContext, meeting: CalendarMeeting, t: Translate, group?: string): Attachment {
    const day = DateTime.fromJSDate(meeting.startsAt, { zone: cluster.timeZone }).toISODate();
    const data = icsCalendar([this.event(cluster, meeting, t, group)], { timeZone: cluster.timeZone, method: meeting.cancelledAt ? 'CANCEL' : 'PUBLISH' });
    return { filename: `${fileNamePart(t('calendar.file.prefix'))}-${fileNamePart(meeting.title)}-${day}.ics`, contentType: ICS_TYPE, data: Buffer.from(data, 'utf8') };
  }

  /**
   * The invitation to an application's introductory meeting: not a cluster meeting, so an event of
   * its own (its UID names the application), in the candidate's calendar like any other.
   */
  introductoryFile(cluster: ClusterContext, app: { id: string; orgName: string; at: Date; place: string | null }, t: Translate): Attachment {
    const title = t('calendar.file.introductory', { org: app.orgName });
    const event: CalendarEvent = {
      uid: `introduction-${app.id}@pkes-bot`,
      sequence: 0,
      title,
      description: t('calendar.file.introductoryText'),
      start: app.at,
      end: new Date(app.at.getTime() + cluster.settings.meetingLengthMinutes * 60_000),
      location: app.place ?? '',
      cancelled: false,
      stamp: this.now(),
      ...this.organizerOf(cluster),
    };
    const day = DateTime.fromJSDate(app.at, { zone: cluster.timeZone }).toISODate();
    const data = icsCalendar([event], { timeZone: cluster.timeZone, method: 'PUBLISH' });
    return { filename: `${fileNamePart(title)}-${day}.ics`, contentType: ICS_TYPE, data: Buffer.from(data, 'utf8') };
  }

  /** The file for a meeting read by id (a group's name looked up): for messages built per recipient. */
  async fileFor(cluster: ClusterContext, meeting: CalendarMeeting, t: Translate): Promise<Attachment> {
    return this.file(cluster, meeting, t, await this.groupName(meeting));
  }

  async groupName(meeting: { groupId: string | null }): Promise<string | undefined> {
    return meeting.groupId ? (await this.db.meetings.groupsByIds([meeting.groupId]))[0]?.name : undefined;
  }

  /** Whether subscriptions can be offered at all: the bot must know the address it is reached at. */
  get subscriptions(): boolean {
    return Boolean(this.publicUrl);
  }

  /**
   * A new private subscription address for this person. Earlier ones keep working (one per
   * device) until revoked; the token itself is shown once and never stored.
   */
  async subscribe(cluster: ClusterContext, actor: Actor): Promise<{ url: string | undefined; others: number }> {
    const others = await this.db.calendarFeeds.countActive(cluster.id, actor.personId);
    if (!this.publicUrl) return { url: undefined, others };
    const token = randomBytes(32).toString('base64url');
    await this.db.calendarFeeds.create({ clusterId: cluster.id, personId: actor.personId, tokenHash: sha256(token) });
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'calendar.subscribed', subjectType: 'person', subjectId: actor.personId, details: {} });
    return { url: `${this.publicUrl.replace(/\/+$/, '')}/calendar/${token}.ics`, others };
  }

  /** Every subscription address of this person stops answering. */
  async revoke(cluster: ClusterContext, actor: Actor): Promise<number> {
    const count = await this.db.calendarFeeds.revokeAll(cluster.id, actor.personId, this.now());
    if (count) await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'calendar.revoked', subjectType: 'person', subjectId: actor.personId, details: { count } });
    return count;
  }

  /** The calendar a token opens: the owner's meetings, in their language; nothing for an unknown or revoked token. */
  async feed(token: string): Promise<CalendarFeedBody | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const feed = await this.db.calendarFeeds.active(sha256(token));
    if (!feed) return undefined;
    const person = await this.people.byId(feed.personId);
    if (!person || person.erasedAt) return undefined;
    const cluster = await this.clusters.byId(feed.clusterId);
    const actor = await this.people.actor(cluster, { id: person.platformUserId, displayName: person.displayName });
    const calendar = await this.calendarOf(cluster, actor, translator(toLocale(person.locale, cluster.locale), { timeZone: cluster.timeZone }));
    return { ...calendar, lastModified: new Date(Math.max(feed.createdAt.getTime(), calendar.lastModified.getTime())) };
  }

  /** The same calendar as a file, for where no subscription address can be given (a console session). */
  async personalFile(cluster: ClusterContext, actor: Actor, t: Translate): Promise<Attachment> {
    const { body } = await this.calendarOf(cluster, actor, t);
    return { filename: `${fileNamePart(t('calendar.file.personal'))}-${fileNamePart(actor.displayName)}.ics`, contentType: ICS_TYPE, data: Buffer.from(body, 'utf8') };
  }

  /** The meetings a person is invited to, recent and coming, cancelled ones marked so. */
  private async calendarOf(cluster: ClusterContext, actor: Actor, t: Translate): Promise<CalendarFeedBody> {
    const from = new Date(this.now().getTime() - FEED_PAST_DAYS * 86_400_000);
    const invited = await this.meetings.invites(actor);
    const meetings = (await this.db.meetings.forCalendar(cluster.id, from)).filter(invited);
    const groups = new Map((await this.db.meetings.groupsByIds([...new Set(meetings.flatMap((m) => (m.groupId ? [m.groupId] : [])))])).map((g) => [g.id, g.name]));
    const events = meetings.map((m) => this.event(cluster, m, t, m.groupId ? groups.get(m.groupId) : undefined));
    const lastModified = new Date(Math.max(0, ...meetings.map((m) => (m.changedAt ?? m.createdAt).getTime())));
    return { body: icsCalendar(events, { timeZone: cluster.timeZone, name: t('calendar.feed.name', { cluster: cluster.name }), refreshSeconds: FEED_REFRESH_SECONDS }), lastModified };
  }
}
