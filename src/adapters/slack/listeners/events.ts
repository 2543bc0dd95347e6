import type { App as BoltApp } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { slashFor } from '../parse.ts';

/** Events: an @-mention of the bot gets a hint pointing at /help; opening the app's Home tab shows what waits for the person. */
export function registerEvents(bolt: BoltApp, ctx: SlackContext): void {
  bolt.event('app_home_opened', async ({ event, body }) => {
    // The Messages tab opens the same event; only the Home tab shows a view.
    if (event.tab !== 'home') return;
    await ctx.guard('home', () => ctx.home.open(body.team_id, event.user));
  });
  bolt.event('app_mention', async ({ event, body }) => {
    await ctx.guard('mention', async () => {
      // Not an interaction of the core, so the retry check is the delivery ledger's directly.
      if (!(await ctx.app.services.deliveries.firstTime(`slack:event:${body.event_id}`))) return;
      const userId = event.user;
      const user = userId ? await ctx.user(userId, userId) : undefined;
      const t = ctx.t(user?.locale);
      const help = ctx.app.dispatcher.registry.get('help');
      await ctx.client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        text: t('slack.mention.hint', { command: help ? slashFor(help, ctx.prefix) : `/${ctx.prefix}-help` }),
      });
    });
  });
}
