import { z } from 'zod';
import { DateTime } from 'luxon';
import { defineSubcommand, type ActionHandler, type CommandContext } from '../src/core/command.ts';
import { dateText, httpUrl, inputNotes, readDateAndTime, text, timeText } from '../src/core/input.ts';
import type { Reply } from '../src/core/reply.ts';
import { userText } from '../src/core/text.ts';
import type { CalendarMeeting } from '../src/services/calendar.ts';
import { meetingLines, type WhenTools } from '../src/services/meeting-times.ts';
import { oneMeeting } from './pickers.ts';

/** What showing a meeting's time needs, from a command's context. */
export function whenTools(ctx: CommandContext<unknown>): WhenTools & { t: CommandContext<unknown>['t'] } {
  return { t: ctx.t, locale: ctx.locale, timeZone: ctx.cluster.timeZone, dateTime: ctx.format.dateTime };
}

/** `/meeting change`: a new date, time, place or link; whatever is left out stays as it was. */
export const changeSubcommand = defineSubcommand({
  description: 'calendar.commands.change',
  permission: 'groupLeader',
  ...oneMeeting('calendar.options.meeting', 'upcoming', {
    date: dateText().optional().describe('calendar.options.date'),
    time: timeText().optional().describe('calendar.options.time'),
    place: text().trim().min(2).max(300).optional().describe('calendar.options.place'),
    link: httpUrl().max(500).optional().describe('calendar.options.link'),
  }),
  async run(ctx) {
    const { meeting: id, date, time, place, link } = ctx.options;
    let read;
    if (date || time) {
      const current = await ctx.services.meetings.get(id.trim());
      const local = current && current.clusterId === ctx.cluster.id ? DateTime.fromJSDate(current.startsAt, { zone: ctx.cluster.timeZone }) : undefined;
      read = readDateAndTime(date ?? local?.toISODate() ?? '', time ?? local?.toFormat('HH:mm') ?? '', ctx.cluster.timeZone, { date: 'date', time: 'time' });
    }
    const { meeting, told } = await ctx.services.meetingChanges.change(ctx.cluster, ctx.actor, id, { startsAt: read?.at, place, onlineLink: link });
    const lines = [...meetingLines(meeting, whenTools(ctx)), ctx.t('calendar.told', { count: told }), ...inputNotes(ctx.t, read)];
    return changedReply(ctx, meeting, ctx.t('calendar.change.done', { title: userText(meeting.title) }), lines);
  },
});

/** `/meeting cancel`: the meeting is called off; everyone invited hears it, with a file that removes it from their calendar. */
export const cancelSubcommand = defineSubcommand({
  description: 'calendar.commands.cancel',
  permission: 'groupLeader',
  ...oneMeeting('calendar.options.meeting', 'upcoming', { reason: text().trim().max(500).optional().describe('calendar.options.reason') }),
  async run(ctx) {
    const { meeting, told } = await ctx.services.meetingChanges.cancel(ctx.cluster, ctx.actor, ctx.options.meeting, ctx.options.reason);
    return changedReply(ctx, meeting, ctx.t('calendar.cancel.done', { title: userText(meeting.title) }), [ctx.t('calendar.told', { count: told })]);
  },
});

/** The organiser's answer to a change or a cancellation: what was done, and the meeting's .ics as the invited received it. */
async function changedReply(ctx: CommandContext<unknown>, meeting: CalendarMeeting, title: string, lines: string[]): Promise<Reply> {
  const group = await ctx.services.calendar.groupName(meeting);
  return {
    title,
    text: lines.join('\n'),
    attachments: [ctx.services.calendar.file(ctx.cluster, meeting, ctx.t, group)],
    private: true,
    tone: 'success',
  };
}

/**
 * `/meeting calendar`: a private subscription address for the meetings this person is invited to.
 * Where the bot has no public address (a console session), the calendar comes as a file instead.
 */
export const calendarSubcommand = defineSubcommand({
  description: 'calendar.commands.calendar',
  permission: 'anyone',
  options: z.object({}),
  async run(ctx) {
    const { url, others } = await ctx.services.calendar.subscribe(ctx.cluster, ctx.actor);
    const revoke = { label: ctx.t('calendar.subscription.revoke'), action: { command: 'meeting', action: 'revokeCalendar' }, style: 'danger' as const };
    if (!url) {
      const file = await ctx.services.calendar.personalFile(ctx.cluster, ctx.actor, ctx.t);
      return { title: ctx.t('calendar.subscription.title'), text: ctx.t('calendar.subscription.fileOnly'), attachments: [file], ...(others ? { buttons: [revoke] } : {}), private: true };
    }
    return {
      title: ctx.t('calendar.subscription.title'),
      text: [ctx.t('calendar.subscription.intro'), url, ctx.t('calendar.subscription.secret'), others ? ctx.t('calendar.subscription.others', { count: others }) : ''].filter(Boolean).join('\n\n'),
      buttons: [revoke],
      private: true,
    };
  },
});

export const calendarActions: Record<string, ActionHandler> = {
  revokeCalendar: {
    permission: 'anyone',
    async run(ctx): Promise<Reply> {
      const count = await ctx.services.calendar.revoke(ctx.cluster, ctx.actor);
      return { text: count ? ctx.t('calendar.subscription.revoked', { count }) : ctx.t('calendar.subscription.noneToRevoke'), private: true, tone: 'success' };
    },
  },
};
