import type { App as BoltApp } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { actionFromElement } from '../blocks.ts';

/** Buttons and selects on the bot's messages (block_actions). */
export function registerActions(bolt: BoltApp, ctx: SlackContext): void {
  bolt.action({ type: 'block_actions' }, async ({ ack, body, action, respond }) => {
    await ack();
    await ctx.guard('action', async () => {
      // Link buttons also report a click; there is nothing to do for them.
      if (action.type === 'button' && action.url) return;
      const element = action as { type: string; action_id: string; value?: string; selected_option?: { value: string }; selected_options?: { value: string }[] };
      const ref = actionFromElement(element.type === 'button' ? element : { action_id: element.action_id });
      if (!ref) return;
      const key = body.trigger_id ?? `${body.container?.message_ts ?? body.view?.id}:${(action as { action_ts?: string }).action_ts}`;
      const values = element.selected_option ? [element.selected_option.value] : element.selected_options ? element.selected_options.map((o) => o.value) : [];
      const user = await ctx.user(body.user.id, (body.user as { name?: string }).name ?? body.user.id);
      const teamId = body.team?.id ?? (body.user as { team_id?: string }).team_id ?? '';
      const channelId = body.channel?.id;
      const reply = await ctx.dispatch({
        kind: 'action',
        platform: 'slack',
        cluster: { externalId: teamId, ...(body.team?.domain ? { name: body.team.domain } : {}) },
        user,
        ...(channelId ? { channelId } : {}),
        deliveryKey: `trigger:${key}`,
        action: ref,
        values,
      });
      await ctx.deliver(reply, {
        userId: body.user.id,
        ...(channelId ? { channelId } : {}),
        ...(body.trigger_id ? { triggerId: body.trigger_id } : {}),
        ...(body.response_url ? { respond } : {}),
        locale: user.locale ?? '',
      });
    });
  });
}
