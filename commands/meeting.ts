import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { labelled } from '../src/core/options.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { Field, Reply } from '../src/core/reply.ts';
import { dateText, httpUrl, inputNotes, readDateAndTime, readList, text, timeText } from '../src/core/input.ts';
import { MEETING_KINDS, type MeetingKind } from '../src/core/vocabulary.ts';
import { attendButtons } from '../src/services/engagement.ts';
import { convene } from './assembly.ts';
import { minutesSubcommand } from './motion.ts';
import { groupPicker, oneMeeting } from './pickers.ts';
import { calendarActions, calendarSubcommand, cancelSubcommand, changeSubcommand, whenTools } from './meeting-calendar.ts';
import { meetingLines } from '../src/services/meeting-times.ts';
import { datePollActions, proposeSubcommand } from './meeting-dates.ts';
import { seatActions, seatAnswerReply, seatsButton, seatsSubcommand } from './meeting-seats.ts';

type MeetingRow = { id: string; kind: MeetingKind; title: string; startsAt: Date; place: string; onlineLink: string; agenda: string };

function meetingField(ctx: CommandContext<unknown>, m: MeetingRow, extra: string[] = []): Field {
  return {
    label: `${userText(m.title)} · ${ctx.format.dateTime(m.startsAt)}`,
    value: [
      ctx.t(`meetings.kinds.${m.kind}`),
      ...meetingLines(m, whenTools(ctx)),
      m.agenda ? ctx.t('meetings.fields.agenda', { agenda: userText(m.agenda) }) : '',
      ...extra,
      ctx.t('meetings.fields.id', { id: m.id }),
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

async function upcoming(ctx: CommandContext<unknown>): Promise<Reply> {
  const meetings = await ctx.services.meetings.upcomingFor(ctx.cluster, ctx.actor);
  if (!meetings.length) return { text: ctx.t('meetings.listEmpty'), private: true };
  const fields: Field[] = [];
  for (const m of meetings) {
    const responses = await ctx.services.meetings.responses(m.id);
    const yes = responses.filter((r) => r.answer === 'yes').length;
    const no = responses.length - yes;
    const seats = await ctx.services.seats.summary(m.id);
    fields.push(meetingField(ctx, m, [seats ? ctx.t('seats.fields.responses', { ...seats, no }) : ctx.t('meetings.fields.responses', { yes, no })]));
  }
  // Buttons for the nearest meeting; each reminder carries its own.
  return { title: ctx.t('meetings.listTitle'), fields, ...(ctx.actor.member ? { buttons: attendButtons(ctx.t, meetings[0]!.id) } : {}), private: true };
}

export default defineCommand({
  name: 'meeting',
  description: 'meetings.commands.description',
  localizedNames: { pl: 'spotkanie' },
  subcommands: {
    schedule: defineSubcommand({
      description: 'meetings.commands.schedule',
      // Coordinator for network, team and General Meetings; group leaders for their groups (checked in the service).
      permission: 'groupLeader',
      options: z.object({
        kind: labelled(z.enum(MEETING_KINDS), 'meetings.kinds').describe('meetings.options.kind'),
        date: dateText().describe('meetings.options.date'),
        time: timeText().describe('meetings.options.time'),
        place: text().trim().min(2).max(300).describe('meetings.options.place'),
        link: httpUrl().max(500).optional().describe('calendar.options.link'),
        agenda: text().trim().max(1500).optional().describe('meetings.options.agenda'),
        title: text().trim().min(3).max(120).optional().describe('meetings.options.title'),
        group: text().trim().max(100).optional().describe('meetings.options.group'),
        capacity: z.number().int().min(1).max(10_000).optional().describe('seats.options.capacity'),
      }),
      pickers: { group: groupPicker('led') },
      async run(ctx) {
        const { date, time, link, ...rest } = ctx.options;
        if (rest.kind === 'general') {
          ctx.services.meetings.mayConvene(ctx.actor, rest.capacity);
          return convene(ctx, { date, time, title: rest.title, place: rest.place, link, agenda: rest.agenda });
        }
        const startsAt = readDateAndTime(date, time, ctx.cluster.timeZone, { date: 'date', time: 'time' });
        const meeting = await ctx.services.meetings.scheduleAs(ctx.cluster, ctx.actor, { ...rest, onlineLink: link, startsAt: startsAt.at }, (kind, group) =>
          ctx.t(`meetings.defaultTitle.${kind}`, { group: group ?? '' }),
        );
        const notes = inputNotes(ctx.t, startsAt);
        return {
          title: ctx.t('meetings.scheduled', { title: userText(meeting.title) }),
          ...(notes.length ? { text: notes.join('\n') } : {}),
          fields: [meetingField(ctx, meeting, meeting.capacity === null ? [] : [ctx.t('seats.fields.capacity', { count: meeting.capacity })])],
          buttons: [...attendButtons(ctx.t, meeting.id), ...(meeting.capacity === null ? [] : [seatsButton(ctx, meeting.id)])],
          attachments: [await ctx.services.calendar.fileFor(ctx.cluster, meeting, ctx.t)],
          tone: 'success',
        };
      },
    }),
    list: defineSubcommand({
      description: 'meetings.commands.list',
      permission: 'anyone',
      options: z.object({}),
      run: upcoming,
    }),
    attendance: defineSubcommand({
      description: 'meetings.commands.attendance',
      permission: 'groupLeader',
      ...oneMeeting('meetings.options.meeting', 'attendance', { members: text().trim().max(2000).optional().describe('meetings.options.members') }),
      async run(ctx) {
        if (ctx.options.members) {
          return recorded(ctx, await ctx.services.meetings.recordAttendance(ctx.cluster, ctx.actor, ctx.options.meeting, { names: readList(ctx.options.members) }));
        }
        return attendanceList(ctx, await ctx.services.meetings.attendanceSheet(ctx.cluster, ctx.actor, ctx.options.meeting));
      },
    }),
    minutes: minutesSubcommand,
    change: changeSubcommand,
    cancel: cancelSubcommand,
    calendar: calendarSubcommand,
    propose: proposeSubcommand,
    seats: seatsSubcommand,
  },
  actions: {
    ...calendarActions,
    respond: {
      permission: 'member',
      async run(ctx) {
        const [meetingId = '', answer] = ctx.args;
        const choice = answer === 'yes' ? 'yes' : 'no';
        return seatAnswerReply(ctx, await ctx.services.seats.respond(ctx.cluster, ctx.actor, meetingId, choice));
      },
    },
    ...seatActions,
    ...datePollActions,
    upcoming: { permission: 'anyone', run: upcoming },
    attended: {
      permission: 'groupLeader',
      async run(ctx) {
        const [meetingId = '', ...memberIds] = ctx.args;
        return recorded(ctx, await ctx.services.meetings.recordAttendance(ctx.cluster, ctx.actor, meetingId, { ids: memberIds }));
      },
    },
  },
});

/**
 * The attendance list of a held meeting: its invited organisations, to choose from. `/meeting
 * attendance` and `/group attendance` both answer with it, and its choice comes back to
 * `meeting.attended`: one path to the one rule in MeetingService.recordAttendance.
 */
export function attendanceList(ctx: CommandContext<unknown>, sheet: { meeting: { id: string; title: string; startsAt: Date }; orgs: { id: string; name: string; saidYes: boolean }[] }): Reply {
  const options = sheet.orgs.slice(0, 25).map((m) => ({ value: m.id, label: m.name.slice(0, 100), ...(m.saidYes ? { description: ctx.t('meetings.attendanceSaidYes') } : {}) }));
  if (options.length === 0) return { text: ctx.t('meetings.attendanceNobodyInvited', { title: userText(sheet.meeting.title) }), private: true };
  return {
    text: ctx.t('meetings.attendanceChoose', { title: userText(sheet.meeting.title) }),
    choices: { action: { command: 'meeting', action: 'attended', args: [sheet.meeting.id] }, placeholder: ctx.t('meetings.attendancePlaceholder'), options, minValues: 1, maxValues: options.length },
    private: true,
  };
}

export function recorded(ctx: CommandContext<unknown>, result: { meeting: { title: string }; present: number; counted: number }): Reply {
  return {
    text: [ctx.t('meetings.attendanceRecorded', { count: result.present, title: userText(result.meeting.title) }), ctx.t('meetings.attendanceCounted', { count: result.counted })].join('\n'),
    tone: 'success',
    private: true,
  };
}
