import type { App } from '../app.ts';
import { hasDiscord, hasSlack } from '../config.ts';

/** A started platform adapter: whether it is connected or serving (readiness), and how to stop it. */
export interface PlatformHandle {
  name: string;
  ready(): boolean | Promise<boolean>;
  /** Stops accepting interactions (closes the endpoint or the connection). */
  stop(): Promise<void>;
}

/**
 * Starts the chat platforms that have credentials. The Discord and Slack adapters are loaded only
 * when configured, so the console needs neither library loaded.
 */
export async function startPlatforms(app: App): Promise<PlatformHandle[]> {
  const handles: PlatformHandle[] = [];
  if (hasDiscord(app.config)) {
    const { startDiscord } = await import('./discord/index.ts');
    handles.push(await startDiscord(app));
  }
  if (hasSlack(app.config)) {
    const { startSlack } = await import('./slack/index.ts');
    handles.push(await startSlack(app));
  }
  return handles;
}
