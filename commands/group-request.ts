import { z } from 'zod';
import { dateText, text } from '../src/core/input.ts';
import { defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { userOption } from '../src/core/options.ts';
import type { Reply } from '../src/core/reply.ts';
import { userText } from '../src/core/text.ts';
import { personPicker } from './pickers.ts';

/**
 * `/group request` and the team's buttons on it: working groups on members' request, where the
 * cluster's model allows it (W-M KES §3 ust. 3; settings.groupCreation).
 */
export const groupRequestSubcommand = defineSubcommand({
  description: 'models.groupRequest.commands.request',
  permission: 'member',
  options: z.object({
    name: text().trim().min(2).max(80).describe('models.groupRequest.options.name'),
    purpose: text().trim().min(3).max(500).describe('models.groupRequest.options.purpose'),
    coordinator: userOption().describe('models.groupRequest.options.coordinator'),
    deadline: dateText().describe('models.groupRequest.options.deadline'),
  }),
  pickers: { coordinator: personPicker },
  async run({ options, services, cluster, actor, t, users }) {
    const leader = await services.people.ensure(cluster.id, options.coordinator, users[options.coordinator]?.displayName ?? options.coordinator);
    const request = await services.groupRequests.request(cluster, actor, { name: options.name, purpose: options.purpose, leaderPersonId: leader.id, endsOn: options.deadline });
    return { text: t('models.groupRequest.submitted', { group: userText(request.name), org: actor.member?.name ?? '' }), tone: 'success', private: true };
  },
});

async function decideReply(ctx: CommandContext<unknown>, approve: boolean): Promise<Reply> {
  const { request } = await ctx.services.groupRequests.decide(ctx.cluster, ctx.actor, ctx.args[0] ?? '', approve);
  return {
    text: ctx.t(approve ? 'models.groupRequest.approvedCard' : 'models.groupRequest.declinedCard', { group: userText(request.name), person: `<@${ctx.actor.platformUserId}>` }),
    tone: approve ? 'success' : 'info',
  };
}

/** The request card's buttons: the Coordinating Team decides for the council. */
export const groupRequestActions = {
  approveRequest: { permission: 'coordinatingTeam', updatesMessage: true, run: (ctx: CommandContext<unknown>) => decideReply(ctx, true) },
  declineRequest: { permission: 'coordinatingTeam', updatesMessage: true, run: (ctx: CommandContext<unknown>) => decideReply(ctx, false) },
} as const;
