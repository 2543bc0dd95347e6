import type { App as BoltApp } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { commandFromSlash, parseCommandText } from '../parse.ts';

/** `/pkes-<command> …`: the text is read as words and `name:value` options (src/core/input.ts). */
export function registerCommands(bolt: BoltApp, ctx: SlackContext): void {
  bolt.command(new RegExp(`^/${ctx.prefix}-`), async ({ command, ack, respond }) => {
    await ack();
    await ctx.guard('command', async () => {
      const name = commandFromSlash(command.command, ctx.prefix);
      if (!name) return;
      const parsed = parseCommandText(ctx.app.dispatcher.registry, name, command.text ?? '');
      const user = await ctx.user(command.user_id, command.user_name);
      const reply = await ctx.dispatch({
        kind: 'command',
        platform: 'slack',
        cluster: { externalId: command.team_id, name: command.team_domain },
        user,
        users: parsed.users,
        channelId: command.channel_id,
        deliveryKey: `trigger:${command.trigger_id}`,
        command: parsed.command,
        ...(parsed.subcommand !== undefined ? { subcommand: parsed.subcommand } : {}),
        options: parsed.options,
      });
      await ctx.deliver(reply, { userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id, respond, locale: user.locale ?? '' });
    });
  });
}
