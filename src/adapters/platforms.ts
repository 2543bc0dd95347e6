import type { App } from '../app.ts';
import { hasDiscord, hasSlack } from '../config.ts';

/**
 * Starts the chat platforms that have credentials; returns how to stop each. The Discord and
 * Slack adapters are loaded only when configured, so the console needs neither library loaded.
 */
export async function startPlatforms(app: App): Promise<(() => Promise<void>)[]> {
  const stops: (() => Promise<void>)[] = [];
  if (hasDiscord(app.config)) {
    const { startDiscord } = await import('./discord/index.ts');
    stops.push(await startDiscord(app));
  }
  if (hasSlack(app.config)) {
    const { startSlack } = await import('./slack/index.ts');
    stops.push(await startSlack(app));
  }
  return stops;
}
