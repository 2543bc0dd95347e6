import { userText } from '../src/core/text.ts';
import { defineSubcommand, type ActionHandler, type CommandContext } from '../src/core/command.ts';
import type { Button, Reply } from '../src/core/reply.ts';
import type { SeatAnswer } from '../src/services/seats.ts';
import { oneMeeting } from './pickers.ts';

/** Seats and the waitlist on /meeting: the organiser's view of both lists. */

type Lists = Awaited<ReturnType<CommandContext['services']['seats']['lists']>>;

function listsReply(ctx: CommandContext<unknown>, l: Lists): Reply {
  const none = ctx.t('seats.lists.none');
  const capacity = l.meeting.capacity;
  return {
    title: ctx.t('seats.lists.title', { title: userText(l.meeting.title) }),
    text: [ctx.format.dateTime(l.meeting.startsAt), capacity === null ? ctx.t('seats.lists.noLimit') : ctx.t('seats.lists.taken', { count: capacity, taken: l.seated.length })].join('\n'),
    fields: [
      { label: ctx.t('seats.lists.seated', { count: l.seated.length }), value: l.seated.map((n) => `• ${userText(n)}`).join('\n') || none },
      ...(capacity === null ? [] : [{ label: ctx.t('seats.lists.waiting', { count: l.waiting.length }), value: l.waiting.map((n, i) => `${i + 1}. ${userText(n)}`).join('\n') || none }]),
    ],
    buttons: [seatsButton(ctx, l.meeting.id, 'seats.buttons.refresh')],
    private: true,
  };
}

export function seatsButton(ctx: Pick<CommandContext<unknown>, 't'>, meetingId: string, label: 'seats.buttons.lists' | 'seats.buttons.refresh' = 'seats.buttons.lists'): Button {
  return { label: ctx.t(label), action: { command: 'meeting', action: 'seats', args: [meetingId] }, style: 'secondary' };
}

/** What a person hears after pressing "I will come" / "I will not". */
export function seatAnswerReply(ctx: CommandContext<unknown>, r: SeatAnswer): Reply {
  const params = { org: userText(ctx.actor.member?.name ?? ''), title: userText(r.meeting.title) };
  if (r.status === 'waiting') return { text: ctx.t('seats.answered.waiting', { ...params, position: r.position ?? 1 }), private: true, tone: 'info' };
  return { text: ctx.t(r.status === 'seated' ? 'meetings.answered.yes' : 'meetings.answered.no', params), private: true, tone: 'success' };
}

export const seatsSubcommand = defineSubcommand({
  description: 'seats.commands.seats',
  // The meeting's organiser (checked in the service): the coordinator, its author, a group's leader.
  permission: 'groupLeader',
  ...oneMeeting('seats.options.meeting', 'upcoming'),
  async run(ctx) {
    return listsReply(ctx, await ctx.services.seats.lists(ctx.cluster, ctx.actor, ctx.options.meeting));
  },
});

export const seatActions: Record<string, ActionHandler> = {
  seats: {
    permission: 'groupLeader',
    async run(ctx) {
      return listsReply(ctx, await ctx.services.seats.lists(ctx.cluster, ctx.actor, ctx.args[0] ?? ''));
    },
  },
};
