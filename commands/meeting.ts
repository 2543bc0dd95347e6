import { z } from 'zod';
import { labelled } from '../src/core/options.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { Field, Reply } from '../src/core/reply.ts';
import { dateText, inputNotes, readDateAndTime, readList, timeText } from '../src/core/input.ts';
import { MEETING_KINDS, type MeetingKind } from '../src/services/meetings.ts';
import { attendButtons } from '../src/services/engagement.ts';
import { minutesSubcommand } from './motion.ts';

type MeetingRow = { id: string; kind: string; title: string; startsAt: Date; place: string; agenda: string };

function meetingField(ctx: CommandContext<unknown>, m: MeetingRow, extra: string[] = []): Field {
  return {
    label: `${m.title} · ${ctx.format.dateTime(m.startsAt)}`,
    value: [
      ctx.t(`meetings.kinds.${m.kind as MeetingKind}`),
      m.place ? ctx.t('meetings.fields.place', { place: m.place }) : '',
      m.agenda ? ctx.t('meetings.fields.agenda', { agenda: m.agenda }) : '',
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
    fields.push(meetingField(ctx, m, [ctx.t('meetings.fields.responses', { yes, no: responses.length - yes })]));
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
        place: z.string().trim().min(2).max(300).describe('meetings.options.place'),
        agenda: z.string().trim().max(1500).optional().describe('meetings.options.agenda'),
        title: z.string().trim().min(3).max(120).optional().describe('meetings.options.title'),
        group: z.string().trim().max(100).optional().describe('meetings.options.group'),
      }),
      async run(ctx) {
        const { date, time, ...rest } = ctx.options;
        const startsAt = readDateAndTime(date, time, ctx.cluster.timeZone, { date: 'date', time: 'time' });
        const meeting = await ctx.services.meetings.scheduleAs(ctx.cluster, ctx.actor, { ...rest, startsAt: startsAt.at }, (kind, group) =>
          ctx.t(`meetings.defaultTitle.${kind}`, { group: group ?? '' }),
        );
        const notes = inputNotes(ctx.t, startsAt);
        return {
          title: ctx.t('meetings.scheduled', { title: meeting.title }),
          ...(notes.length ? { text: notes.join('\n') } : {}),
          fields: [meetingField(ctx, meeting)],
          buttons: attendButtons(ctx.t, meeting.id),
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
      options: z.object({
        meeting: z.string().trim().min(1).max(64).describe('meetings.options.meeting'),
        members: z.string().trim().max(2000).optional().describe('meetings.options.members'),
      }),
      async run(ctx) {
        const meeting = await ctx.services.meetings.meetingForAttendance(ctx.cluster, ctx.actor, ctx.options.meeting);
        if (ctx.options.members) {
          const names = readList(ctx.options.members);
          const { found, unknown } = await ctx.services.meetings.membersByNames(ctx.cluster, names);
          if (unknown.length) throw new DomainError('meetings.errors.unknownMembers', { names: unknown.join(', ') });
          return recorded(ctx, meeting, found.map((m) => m.id));
        }
        const [invited, responses] = await Promise.all([ctx.services.meetings.invitedMembers(ctx.cluster, meeting), ctx.services.meetings.responses(meeting.id)]);
        const saidYes = new Set(responses.filter((r) => r.answer === 'yes').map((r) => r.memberId));
        const options = invited.slice(0, 25).map((m) => ({ value: m.id, label: m.name.slice(0, 100), ...(saidYes.has(m.id) ? { description: ctx.t('meetings.attendanceSaidYes') } : {}) }));
        return {
          text: ctx.t('meetings.attendanceChoose', { title: meeting.title }),
          choices: { action: { command: 'meeting', action: 'attended', args: [meeting.id] }, placeholder: ctx.t('meetings.attendancePlaceholder'), options, minValues: 1, maxValues: options.length },
          private: true,
        };
      },
    }),
    minutes: minutesSubcommand,
  },
  actions: {
    respond: {
      permission: 'member',
      async run(ctx) {
        const [meetingId = '', answer] = ctx.args;
        const choice = answer === 'yes' ? 'yes' : 'no';
        const meeting = await ctx.services.meetings.respond(ctx.cluster, ctx.actor, meetingId, choice);
        return { text: ctx.t(`meetings.answered.${choice}`, { org: ctx.actor.member?.name ?? '', title: meeting.title }), private: true, tone: 'success' };
      },
    },
    upcoming: { permission: 'anyone', run: upcoming },
    attended: {
      permission: 'groupLeader',
      async run(ctx) {
        const [meetingId = '', ...memberIds] = ctx.args;
        const meeting = await ctx.services.meetings.meetingForAttendance(ctx.cluster, ctx.actor, meetingId);
        const invited = new Set((await ctx.services.meetings.invitedMembers(ctx.cluster, meeting)).map((m) => m.id));
        return recorded(ctx, meeting, memberIds.filter((id) => invited.has(id)));
      },
    },
  },
});

async function recorded(ctx: CommandContext<unknown>, meeting: { id: string; title: string }, memberIds: string[]): Promise<Reply> {
  const counted = await ctx.services.meetings.recordAttendance(ctx.cluster, meeting.id, memberIds, ctx.actor.personId);
  return {
    text: [ctx.t('meetings.attendanceRecorded', { count: memberIds.length, title: meeting.title }), ctx.t('meetings.attendanceCounted', { count: counted })].join('\n'),
    tone: 'success',
    private: true,
  };
}
