import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import { labelled } from '../src/core/options.ts';
import { defineSubcommand, type ActionHandler, type CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { Button, Reply } from '../src/core/reply.ts';
import { inputNotes, isDateTimeText, readDateTime, readList, text, type LocalDateTime } from '../src/core/input.ts';
import { DATE_POLL_ANSWERS, MEETING_KINDS, isOneOf, type DatePollAnswer, type MeetingKind } from '../src/core/vocabulary.ts';
import { ballotButton, type Ranking } from '../src/services/date-polls.ts';
import { groupPicker } from './pickers.ts';

/**
 * "When can you?" on /meeting: the organiser types the slots once (`/meeting propose`, a form that
 * fits one Discord modal: the slots are one field, a line each); everything after is buttons: each
 * person goes through the slots one card at a time (three buttons a card fit every platform, where
 * ten slots times three answers would not), and the organiser schedules from the ranking.
 */

/** Slots typed a line each (or separated by ";"), each a local date and time; a bad one is named by its number. */
function readSlots(typed: string, zone: string): LocalDateTime[] {
  return readList(typed).map((line, i) => {
    if (!isDateTimeText(line)) throw new DomainError('datePolls.errors.badSlot', { number: i + 1, value: line }, { slots: 'datePolls.errors.badSlotField' });
    return readDateTime(line, zone, 'slots');
  });
}

const defaultTitle = (ctx: CommandContext<unknown>) => (kind: MeetingKind, group?: string) => ctx.t(`meetings.defaultTitle.${kind}`, { group: group ?? '' });

export const proposeSubcommand = defineSubcommand({
  description: 'datePolls.commands.propose',
  // Coordinator for network, team and General Meetings; group leaders for their groups (checked in the service).
  permission: 'groupLeader',
  options: z.object({
    kind: labelled(z.enum(MEETING_KINDS), 'meetings.kinds').describe('meetings.options.kind'),
    slots: text().trim().min(5).max(400).describe('datePolls.options.slots'),
    place: text().trim().min(2).max(300).describe('meetings.options.place'),
    title: text().trim().min(3).max(120).optional().describe('meetings.options.title'),
    group: text().trim().max(100).optional().describe('meetings.options.group'),
  }),
  form: {
    title: 'datePolls.form.title',
    fields: [
      { name: 'kind', label: 'datePolls.form.kind', kind: 'choice', required: true, options: MEETING_KINDS.map((value) => ({ value, label: `meetings.kinds.${value}` as const })) },
      { name: 'group', label: 'datePolls.form.group', kind: 'short', maxLength: 100 },
      { name: 'title', label: 'datePolls.form.titleField', kind: 'short', minLength: 3, maxLength: 120 },
      { name: 'place', label: 'datePolls.form.place', kind: 'short', required: true, minLength: 2, maxLength: 300 },
      { name: 'slots', label: 'datePolls.form.slots', kind: 'paragraph', required: true, minLength: 5, maxLength: 400, placeholder: 'datePolls.form.slotsPlaceholder' },
    ],
  },
  pickers: { group: groupPicker('led') },
  async run(ctx) {
    const { slots: typed, ...rest } = ctx.options;
    const slots = readSlots(typed, ctx.cluster.timeZone);
    const { poll, told } = await ctx.services.datePolls.propose(ctx.cluster, ctx.actor, { ...rest, slots: slots.map((s) => s.at) }, defaultTitle(ctx));
    return {
      title: ctx.t('datePolls.created.title', { title: userText(poll.title) }),
      text: [...slots.map((s, i) => `${i + 1}. ${ctx.format.dateTime(s.at)}`), ...inputNotes(ctx.t, ...slots), '', ctx.t('datePolls.created.told', { count: told })].join('\n'),
      buttons: [rankingButton(ctx, poll.id)],
      private: true,
      tone: 'success',
    };
  },
});

function rankingButton(ctx: CommandContext<unknown>, pollId: string): Button {
  return { label: ctx.t('datePolls.buttons.ranking'), action: { command: 'meeting', action: 'ranking', args: [pollId] }, style: 'primary' };
}

const SHORT: Record<DatePollAnswer, string> = { yes: 'y', maybe: 'm', no: 'n' };
const LONG: Record<string, DatePollAnswer> = { y: 'yes', m: 'maybe', n: 'no' };

type Ballot = Awaited<ReturnType<CommandContext['services']['datePolls']['ballot']>>;

/** One slot with the three answers, or (past the last) what the person answered on each. */
function ballotReply(ctx: CommandContext<unknown>, b: Ballot): Reply {
  const title = userText(b.poll.title);
  const slot = b.slots[b.index];
  if (!slot) {
    return {
      title: ctx.t('datePolls.ballot.doneTitle', { title }),
      text: b.slots.map((s, i) => `${i + 1}. ${ctx.format.dateTime(s.startsAt)}: ${ctx.t(`datePolls.answers.${b.mine.get(s.id) ?? 'none'}`)}`).join('\n'),
      buttons: [{ ...ballotButton(b.poll.id, ctx.t), label: ctx.t('datePolls.buttons.change'), style: 'secondary' }],
      private: true,
      tone: 'success',
    };
  }
  const current = b.mine.get(slot.id);
  return {
    title: ctx.t('datePolls.ballot.title', { title }),
    text: [
      ctx.t('datePolls.ballot.slot', { number: b.index + 1, count: b.slots.length, when: ctx.format.dateTime(slot.startsAt) }),
      ...(current ? [ctx.t('datePolls.ballot.current', { answer: ctx.t(`datePolls.answers.${current}`) })] : []),
    ].join('\n'),
    buttons: DATE_POLL_ANSWERS.map((answer) => ({
      label: ctx.t(`datePolls.buttons.${answer}`),
      action: { command: 'meeting', action: 'date', args: [b.poll.id, String(b.index), SHORT[answer]] },
      style: answer === 'yes' ? 'success' : answer === 'no' ? 'danger' : 'secondary',
    })),
    private: true,
  };
}

function rankingReply(ctx: CommandContext<unknown>, r: Ranking): Reply {
  const title = userText(r.poll.title);
  const lines = r.slots.map((s, i) =>
    ctx.t(s.past ? 'datePolls.ranking.linePast' : 'datePolls.ranking.line', { place: i + 1, when: ctx.format.dateTime(s.slot.startsAt), yes: s.yes, maybe: s.maybe, no: s.no }),
  );
  const head = ctx.t('datePolls.ranking.answered', { count: r.audience, answered: r.answered });
  if (r.poll.status !== 'open') return { title: ctx.t('datePolls.ranking.title', { title }), text: [head, ...lines, '', ctx.t('datePolls.ranking.scheduled')].join('\n'), private: true };
  const buttons: Button[] = [];
  if (r.best) {
    buttons.push({ label: ctx.t('datePolls.buttons.schedule', { when: ctx.format.dateTime(r.best.slot.startsAt) }), action: { command: 'meeting', action: 'fromSlot', args: [r.poll.id, r.best.slot.id] }, style: 'success' });
  }
  buttons.push({ ...rankingButton(ctx, r.poll.id), label: ctx.t('datePolls.buttons.refresh'), style: 'secondary' });
  return {
    title: ctx.t('datePolls.ranking.title', { title }),
    text: [head, ...lines, ...(r.best ? [] : ['', ctx.t('datePolls.ranking.allPast')])].join('\n'),
    buttons,
    private: true,
  };
}

export const datePollActions: Record<string, ActionHandler> = {
  /** "Mark the slots" on the notice and the reminder: the first slot's card. */
  dates: {
    permission: 'anyone',
    async run(ctx) {
      return ballotReply(ctx, await ctx.services.datePolls.ballot(ctx.cluster, ctx.actor, ctx.args[0] ?? '', 0));
    },
  },
  /** An answer on one slot; the reply is the next slot's card. */
  date: {
    permission: 'anyone',
    async run(ctx) {
      const [pollId = '', index = '', short = ''] = ctx.args;
      const answer = LONG[short];
      if (!answer || !isOneOf(DATE_POLL_ANSWERS, answer)) throw new DomainError('datePolls.errors.notFound');
      return ballotReply(ctx, await ctx.services.datePolls.answer(ctx.cluster, ctx.actor, pollId, Number(index), answer));
    },
  },
  ranking: {
    permission: 'groupLeader',
    async run(ctx) {
      return rankingReply(ctx, await ctx.services.datePolls.ranking(ctx.cluster, ctx.actor, ctx.args[0] ?? ''));
    },
  },
  /** The one press that schedules the meeting from a slot, closes the poll and tells everyone. */
  fromSlot: {
    permission: 'groupLeader',
    async run(ctx) {
      const [pollId = '', slotId = ''] = ctx.args;
      const { meeting, told } = await ctx.services.datePolls.schedule(ctx.cluster, ctx.actor, pollId, slotId, defaultTitle(ctx));
      return {
        title: ctx.t('meetings.scheduled', { title: userText(meeting.title) }),
        text: [ctx.t('meetings.fields.when', { when: ctx.format.dateTime(meeting.startsAt) }), meeting.place ? ctx.t('meetings.fields.place', { place: userText(meeting.place) }) : '', ctx.t('datePolls.scheduled.told', { count: told })]
          .filter(Boolean)
          .join('\n'),
        private: true,
        tone: 'success',
      };
    },
  },
};
