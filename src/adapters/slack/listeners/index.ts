import type { App as BoltApp } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { registerActions } from './actions.ts';
import { registerCommands } from './commands.ts';
import { registerEvents } from './events.ts';
import { registerOptions } from './options.ts';
import { registerViews } from './views.ts';

/** Every listener, by the kind of request Slack sends (as Bolt's starter template keeps them). */
export function registerListeners(bolt: BoltApp, ctx: SlackContext): void {
  registerCommands(bolt, ctx);
  registerActions(bolt, ctx);
  registerViews(bolt, ctx);
  registerOptions(bolt, ctx);
  registerEvents(bolt, ctx);
}
