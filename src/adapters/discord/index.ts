import type { App } from '../../app.ts';

/** Placeholder until the Discord adapter lands (issue: Discord adapter). */
export async function startDiscord(app: App): Promise<() => Promise<void>> {
  app.log.error('the Discord adapter is not implemented yet');
  return async () => {};
}
