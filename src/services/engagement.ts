import { DateTime } from 'luxon';
import { userText } from '../core/text.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { ClusterContext } from '../core/actor.ts';
import type { Button, Reply } from '../core/reply.ts';
import { CORE_COMMAND } from '../core/command.ts';
import { SNOOZE_DAYS, type ActivityService, type MemberStanding } from './activity.ts';
import type { MeetingService } from './meetings.ts';
import type { CalendarService } from './calendar.ts';
import { meetingLines } from './meeting-times.ts';
import type { DeliveryService } from './deliveries.ts';
import type { MessageBuilder, MessageTools, NotificationService } from './notifications.ts';
import type { MeetingKind } from '../core/vocabulary.ts';
import { daysBefore, isValidCron, latestFireTime, onWorkingDay, quarterOf } from './schedule-times.ts';

/** Concrete ways for an organisation to act now. */
export interface Suggestions {
  groups: { id: string; name: string }[];
  meetings: { id: string; title: string; kind: string; startsAt: Date }[];
  requests: { id: string; title: string }[];
}

/** How far ahead upcoming meetings count as a way to act. */
const SUGGESTION_HORIZON_DAYS = 60;
const OCCURRENCE_FORMAT = "yyyy-MM-dd'T'HHmm";
/** Planning reminders to the coordinator go out at this local hour. */
const PLANNING_HOUR = 9;

/** At most `max` suggestions, one of each kind first, so a nudge offers varied ways. */
export function suggestionLines(s: Suggestions, { t, dateTime }: Pick<MessageTools, 't' | 'dateTime'>, max = 3): string[] {
  const pools = [
    s.groups.map((g) => t('activity.suggest.group', { name: g.name })),
    s.meetings.map((m) => t('activity.suggest.meeting', { title: m.title, when: dateTime(m.startsAt) })),
    s.requests.map((r) => t('activity.suggest.request', { title: r.title })),
  ];
  const out: string[] = [];
  for (let i = 0; out.length < max && pools.some((p) => p.length > i); i++) {
    for (const pool of pools) if (pool[i] && out.length < max) out.push(pool[i]!);
  }
  // Never fewer than two ways, even in a cluster with no open groups, meetings or requests yet.
  for (const generic of [t('activity.suggest.logOwn'), t('activity.suggest.propose')]) if (out.length < 2) out.push(generic);
  return out;
}

/** The buttons a nudge offers: log an activity, join a group, see meetings, snooze. */
export function nudgeButtons(t: MessageTools['t']): Button[] {
  return [
    { label: t('activity.nudge.log'), action: { command: CORE_COMMAND, action: 'form', args: ['activity.log'] }, style: 'primary' },
    { label: t('activity.nudge.groups'), action: { command: 'activity', action: 'groups' } },
    { label: t('activity.nudge.meetings'), action: { command: 'meeting', action: 'upcoming' } },
    { label: t('activity.nudge.snooze'), action: { command: 'activity', action: 'snooze' }, style: 'secondary' },
  ];
}

export function attendButtons(t: MessageTools['t'], meetingId: string): Button[] {
  return [
    { label: t('meetings.attend'), action: { command: 'meeting', action: 'respond', args: [meetingId, 'yes'] }, style: 'success' },
    { label: t('meetings.notAttend'), action: { command: 'meeting', action: 'respond', args: [meetingId, 'no'] }, style: 'secondary' },
  ];
}

/**
 * Keeping members active: suggestions, inactivity nudges and the coordinator's digest, meeting
 * reminders, and the planning reminders (a quarter without a network meeting, a year without a
 * General Meeting). Each message goes through `deliveries.once` with a durable key, so re-runs,
 * restarts, catch-up and replicas send it once.
 */
export class EngagementService {
  constructor(
    private readonly db: Database,
    private readonly activity: ActivityService,
    private readonly meetings: MeetingService,
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
    private readonly log: Logger,
    private readonly calendar?: CalendarService,
  ) {}

  async suggestions(cluster: ClusterContext, memberId: string, now: Date): Promise<Suggestions> {
    const horizon = DateTime.fromJSDate(now).plus({ days: SUGGESTION_HORIZON_DAYS }).toJSDate();
    const [groups, myGroups, upcoming, requests] = await Promise.all([
      this.db.activities.openGroupsFor(cluster.id, memberId),
      this.db.activities.groupIdsOf(memberId),
      this.db.meetings.list(cluster.id, { from: now, to: horizon }),
      this.db.activities.openBarterRequests(cluster.id, memberId, now),
    ]);
    const mine = new Set(myGroups);
    return {
      groups: groups.map((g) => ({ id: g.id, name: g.name })),
      meetings: upcoming
        .filter((m) => m.kind === 'network' || m.kind === 'general' || (m.kind === 'group' && mine.has(m.groupId ?? '')))
        .slice(0, 3)
        .map((m) => ({ id: m.id, title: m.title, kind: m.kind, startsAt: m.startsAt })),
      requests: requests.map((r) => ({ id: r.id, title: r.title })),
    };
  }

  /**
   * The latest nudge due at or before `now`: the regular cron, the last-quarter one in Q4, none
   * before `nudgeFirstMonth` (members get January to start the year). A fire time on a weekend or
   * a Polish public holiday is sent on the next working day at the same hour, and one that would
   * thus cross into the next year is dropped (that year's duty has not begun to count).
   */
  nudgeOccurrence(cluster: ClusterContext, now: Date): DateTime | undefined {
    const { nudgeCron, nudgeCronLastQuarter, nudgeFirstMonth } = cluster.settings;
    // Settings are validated when set; a value stored before that rule is reported, not guessed.
    if (!isValidCron(nudgeCron)) this.log.warn({ clusterId: cluster.id, cron: nudgeCron }, 'invalid nudge schedule; no nudges');
    const lastQuarter = isValidCron(nudgeCronLastQuarter) ? nudgeCronLastQuarter : nudgeCron;
    const cronFor = (month: number) => (month < nudgeFirstMonth ? undefined : month >= 10 ? lastQuarter : nudgeCron);
    let before = now;
    // Each step goes one fire time further back; a run of days off is at most a few fire times long.
    for (let step = 0; step < 60; step++) {
      const fire = latestFireTime(before, cluster.timeZone, cronFor);
      if (!fire) return undefined;
      const sent = onWorkingDay(fire);
      if (sent.year === fire.year && sent.toMillis() <= now.getTime()) return sent;
      before = new Date(fire.toMillis() - 1);
    }
    return undefined;
  }

  /**
   * Nudges every organisation below the yearly minimum (each representative, in its language) at
   * the latest nudge time; a missed one is caught up until the next. The coordinator gets a digest
   * of the inactive ones. Returns the number of organisations nudged.
   */
  async runNudges(cluster: ClusterContext, now: Date): Promise<number> {
    const occurrence = this.nudgeOccurrence(cluster, now);
    // The duty is yearly: last December's nudge is no longer worth catching up in January.
    if (!occurrence || occurrence.year !== DateTime.fromJSDate(now, { zone: cluster.timeZone }).year) return 0;
    // No colons: the keys below are split on them.
    const occ = occurrence.toFormat(OCCURRENCE_FORMAT);
    let nudged = 0;
    // One claim per cluster and occurrence makes later runs cheap; if its runner died mid-way the
    // stale claim is taken over, and the per-person keys below keep each message single.
    await this.deliveries.once(cluster.id, `nudge-run:${cluster.id}:${occ}`, 'nudge-run', async () => {
      const standings = await this.activity.report(cluster, occurrence.year, now);
      const members = new Map((await this.db.members.listActive(cluster.id)).map((m) => [m.id, m]));
      // The year's first nudge does not tell an organisation that met last year's duty it does too little.
      const metLastYear = (await this.isFirstOfYear(cluster, occurrence))
        ? new Set((await this.activity.report(cluster, occurrence.year - 1, now)).filter((s) => s.count >= s.required).map((s) => s.memberId))
        : new Set<string>();
      for (const s of standings) {
        if (s.standing === 'onTrack') continue;
        const member = members.get(s.memberId);
        if (!member || !(await this.mayNudge(cluster, s.memberId, member.joinedAt, occurrence, occ))) continue;
        const suggestions = await this.suggestions(cluster, s.memberId, now);
        const reps = await this.db.members.representatives(s.memberId);
        for (const rep of reps) {
          await this.deliveries.once(cluster.id, `nudge:${s.memberId}:${occ}:${rep.id}`, 'nudge', () =>
            this.notifications.toPerson(cluster.id, rep.id, (tools) => (metLastYear.has(s.memberId) ? newYearMessage(s, suggestions, tools) : nudgeMessage(s, suggestions, tools)), 'nudge'),
          );
        }
        if (reps.length) nudged++;
      }
      const inactive = standings.filter((s) => s.standing === 'inactive');
      if (inactive.length) {
        await this.toCoordinators(cluster, `inactivity-digest:${cluster.id}:${occ}`, 'inactivity-digest', (tools) => digestMessage(inactive, cluster.settings.atRiskMonths, tools));
      }
    });
    return nudged;
  }

  /** Whether no nudge of the same year came before this one. */
  private async isFirstOfYear(cluster: ClusterContext, occurrence: DateTime): Promise<boolean> {
    const previous = this.nudgeOccurrence(cluster, new Date(occurrence.toMillis() - 1));
    return !previous || previous.year !== occurrence.year;
  }

  /** Not within the cluster's minimum interval of the last nudge, not snoozed, not a newcomer. */
  private async mayNudge(cluster: ClusterContext, memberId: string, joinedAt: Date, occurrence: DateTime, occ: string): Promise<boolean> {
    const zone = cluster.timeZone;
    const day = occurrence.startOf('day');
    const daysSince = (d: DateTime) => day.diff(d.setZone(zone).startOf('day'), 'days').days;
    const minDays = cluster.settings.nudgeMinIntervalDays;
    // A newcomer gets time to find its way before the first nudge.
    if (daysSince(DateTime.fromJSDate(joinedAt, { zone })) < minDays) return false;
    const { nudge, snooze } = await this.db.activities.lastNudges(memberId);
    if (snooze && daysSince(DateTime.fromJSDate(snooze.createdAt, { zone })) < SNOOZE_DAYS) return false;
    if (!nudge) return true;
    const lastOcc = nudge.key.split(':')[2] ?? '';
    // This very occurrence, resumed after an interrupted run: the remaining representatives still get it.
    if (lastOcc === occ) return true;
    // Counted between nudge times, not send times, so a run that came late never skips the next one.
    const lastDay = DateTime.fromFormat(lastOcc, OCCURRENCE_FORMAT, { zone });
    return !lastDay.isValid || daysSince(lastDay) >= minDays;
  }

  /**
   * Reminds each meeting's audience N days before it (the same local wall-clock time, so DST
   * moves nothing). Only the latest due threshold is sent: a 7-day reminder found due together
   * with the 1-day one is stale. Nothing is sent once the meeting has started.
   */
  async runMeetingReminders(cluster: ClusterContext, now: Date): Promise<number> {
    const thresholds = cluster.settings.meetingReminderDays.filter((n) => n > 0);
    if (!thresholds.length) return 0;
    const horizon = DateTime.fromJSDate(now).plus({ days: Math.max(...thresholds) + 1 }).toJSDate();
    const upcoming = await this.db.meetings.list(cluster.id, { from: now, to: horizon });
    let sent = 0;
    for (const meeting of upcoming) {
      if (meeting.startsAt.getTime() <= now.getTime()) continue;
      const due = thresholds.filter((n) => daysBefore(meeting.startsAt, n, cluster.timeZone).getTime() <= now.getTime());
      if (!due.length) continue;
      const days = Math.min(...due);
      const key = `meeting-reminder:${meeting.id}:${days}d`;
      await this.deliveries.once(cluster.id, key, 'meeting-reminder-run', async () => {
        const people = await this.meetings.audience(cluster, meeting);
        // A caught-up reminder says how far the meeting really is, not the threshold it was due at.
        const localDay = (d: Date) => DateTime.fromJSDate(d, { zone: cluster.timeZone }).startOf('day');
        const daysLeft = Math.round(localDay(meeting.startsAt).diff(localDay(now), 'days').days);
        let group: string | undefined;
        if (meeting.groupId) group = (await this.db.meetings.groupsByIds([meeting.groupId]))[0]?.name;
        for (const personId of people) {
          const done = await this.deliveries.once(cluster.id, `${key}:${personId}`, 'meeting-reminder', () =>
            this.notifications.toPerson(
              cluster.id,
              personId,
              (tools) => ({ ...reminderMessage(meeting, daysLeft, group, tools), ...(this.calendar ? { attachments: [this.calendar.file(cluster, meeting, tools.t, group)] } : {}) }),
              'meeting-reminder',
            ),
          );
          if (done) sent++;
        }
      });
    }
    return sent;
  }

  /**
   * The cluster's rhythm: a quarter with no network meeting `networkMeetingLeadDays` before its
   * end, and a year with no General Meeting by `generalMeetingDeadline`, remind the coordinator,
   * once, while it is still useful (before the quarter or year ends).
   */
  async runPlanningReminders(cluster: ClusterContext, now: Date): Promise<void> {
    const zone = cluster.timeZone;
    const q = quarterOf(now, zone);
    const quarterDue = q.end.minus({ days: cluster.settings.networkMeetingLeadDays }).set({ hour: PLANNING_HOUR, minute: 0 });
    if (now.getTime() >= quarterDue.toMillis() && now.getTime() < q.end.toMillis()) {
      const key = `network-meeting-missing:${cluster.id}:${q.year}-Q${q.quarter}`;
      if (!(await this.deliveries.wasSent(key)) && !(await this.db.meetings.exists(cluster.id, 'network', q.start.toJSDate(), q.end.toJSDate()))) {
        const lastDay = q.end.minus({ days: 1 }).toJSDate();
        await this.toCoordinators(cluster, key, 'network-meeting-missing', ({ t, date }) => ({
          title: t('meetings.planning.networkTitle'),
          text: t('meetings.planning.networkMissing', { quarter: q.quarter, year: String(q.year), end: date(lastDay) }),
          tone: 'warning',
        }));
      }
    }
    if (cluster.settings.assemblyMeetingsPerYear > 1) return this.assemblyPeriodReminder(cluster, now);
    const [month, day] = cluster.settings.generalMeetingDeadline.split('-').map(Number);
    const deadline = DateTime.fromObject({ year: q.year, month, day, hour: PLANNING_HOUR }, { zone });
    if (!deadline.isValid) {
      this.log.warn({ clusterId: cluster.id, deadline: cluster.settings.generalMeetingDeadline }, 'invalid General Meeting deadline');
      return;
    }
    const yearStart = deadline.startOf('year');
    const yearEnd = yearStart.plus({ years: 1 });
    if (now.getTime() >= deadline.toMillis() && now.getTime() < yearEnd.toMillis()) {
      const key = `general-meeting-missing:${cluster.id}:${q.year}`;
      if (!(await this.deliveries.wasSent(key)) && !(await this.db.meetings.exists(cluster.id, 'general', yearStart.toJSDate(), yearEnd.toJSDate()))) {
        await this.toCoordinators(cluster, key, 'general-meeting-missing', ({ t, date }) => ({
          title: t('meetings.planning.generalTitle'),
          text: t('meetings.planning.generalMissing', { year: String(q.year), deadline: date(deadline.toJSDate()) }),
          tone: 'warning',
        }));
      }
    }
  }

  /**
   * An assembly that meets several times a year (a W-M KES Cluster Council: at least quarterly,
   * §3 ust. 2): the year is cut into that many periods of whole months, and a period with no
   * General Meeting or Council meeting `networkMeetingLeadDays` before its end reminds the
   * coordinator, once.
   */
  private async assemblyPeriodReminder(cluster: ClusterContext, now: Date): Promise<void> {
    const perYear = cluster.settings.assemblyMeetingsPerYear;
    const local = DateTime.fromJSDate(now, { zone: cluster.timeZone });
    const index = Math.floor(((local.month - 1) * perYear) / 12);
    const monthOf = (i: number) => Math.floor((i * 12) / perYear);
    const start = local.startOf('year').plus({ months: monthOf(index) });
    const end = local.startOf('year').plus({ months: monthOf(index + 1) });
    const due = end.minus({ days: cluster.settings.networkMeetingLeadDays }).set({ hour: PLANNING_HOUR, minute: 0 });
    if (now.getTime() < due.toMillis() || now.getTime() >= end.toMillis()) return;
    const key = `assembly-missing:${cluster.id}:${local.year}-${index + 1}of${perYear}`;
    if ((await this.deliveries.wasSent(key)) || (await this.db.meetings.exists(cluster.id, 'general', start.toJSDate(), end.toJSDate()))) return;
    await this.toCoordinators(cluster, key, 'assembly-missing', ({ t, date }) => ({
      title: t('meetings.planning.periodTitle'),
      text: t('meetings.planning.periodMissing', { count: perYear, start: date(start.toJSDate()), end: date(end.minus({ days: 1 }).toJSDate()) }),
      tone: 'warning',
    }));
  }

  /** Tells the organisation's representatives why the coordinator rejected its activity. */
  async notifyRejection(cluster: ClusterContext, activity: { memberId: string; title: string; date: Date; reviewNote: string | null }): Promise<void> {
    for (const rep of await this.db.members.representatives(activity.memberId)) {
      await this.notifications.toPerson(
        cluster.id,
        rep.id,
        ({ t, date }) => ({
          title: t('activity.memberNotice.rejectedTitle'),
          text: t('activity.memberNotice.rejected', { title: activity.title, date: date(activity.date), reason: activity.reviewNote ?? '' }),
          tone: 'warning',
        }),
        'activity-rejected',
      );
    }
  }

  /** One message per coordinator under `key`; with no coordinator yet, nothing is claimed, so it waits for one. */
  private async toCoordinators(cluster: ClusterContext, key: string, kind: string, build: MessageBuilder): Promise<void> {
    const roles = await this.db.people.withRole(cluster.id, ['coordinator']);
    const ids = [...new Set(roles.map((r) => r.personId))];
    if (!ids.length) {
      this.log.warn({ clusterId: cluster.id, kind }, 'no coordinator to remind');
      return;
    }
    await this.deliveries.once(cluster.id, key, `${kind}-run`, async () => {
      for (const id of ids) await this.deliveries.once(cluster.id, `${key}:${id}`, kind, () => this.notifications.toPerson(cluster.id, id, build, kind));
    });
  }
}

function nudgeMessage(s: MemberStanding, suggestions: Suggestions, tools: MessageTools): Reply {
  const { t } = tools;
  return {
    title: t('activity.nudge.title'),
    text: [
      t('activity.nudge.intro', { org: s.name }),
      t('activity.status.progress', { done: s.count, count: s.required, year: String(s.year) }),
      t('activity.status.missing', { count: s.missing }),
      ...waysToAct(suggestions, tools),
    ].join('\n'),
    buttons: nudgeButtons(t),
    tone: 'info',
  };
}

/** The year's first nudge to an organisation that met last year's duty: thanks, and this year's count so far. */
function newYearMessage(s: MemberStanding, suggestions: Suggestions, tools: MessageTools): Reply {
  const { t } = tools;
  return {
    title: t('activity.newYear.title', { year: String(s.year) }),
    text: [
      t('activity.newYear.intro', { org: s.name, lastYear: String(s.year - 1) }),
      t('activity.newYear.duty', { count: s.required, year: String(s.year), done: s.count }),
      ...waysToAct(suggestions, tools),
    ].join('\n'),
    buttons: nudgeButtons(t),
    tone: 'info',
  };
}

/** The closing paragraph of every nudge: what the organisation can do next, from what is on now. */
function waysToAct(suggestions: Suggestions, tools: MessageTools): string[] {
  return ['', tools.t('activity.nudge.ways'), ...suggestionLines(suggestions, tools).map((l) => `• ${l}`)];
}

function digestMessage(rows: MemberStanding[], months: number, { t, date }: MessageTools): Reply {
  return {
    title: t('activity.digest.title', { count: rows.length }),
    text: [
      t('activity.digest.intro', { count: months }),
      ...rows.map((r) =>
        t('activity.digest.row', { name: r.name, done: r.count, required: r.required, last: r.lastActivity ? date(r.lastActivity) : t('activity.report.never') }),
      ),
    ].join('\n'),
    tone: 'warning',
  };
}

function reminderMessage(meeting: { id: string; kind: MeetingKind; title: string; startsAt: Date; place: string; onlineLink: string; agenda: string }, days: number, group: string | undefined, tools: MessageTools): Reply {
  const { t } = tools;
  return {
    title: days <= 0 ? t('meetings.reminder.today', { title: userText(meeting.title) }) : t('meetings.reminder.title', { count: days, title: userText(meeting.title) }),
    text: [
      t(`meetings.kinds.${meeting.kind}`) + (group ? ` – ${userText(group)}` : ''),
      ...meetingLines(meeting, tools),
      meeting.agenda ? t('meetings.fields.agenda', { agenda: userText(meeting.agenda) }) : '',
    ]
      .filter(Boolean)
      .join('\n'),
    buttons: attendButtons(t, meeting.id),
    tone: 'info',
  };
}
