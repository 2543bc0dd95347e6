import type { App } from '../../app.ts';

/** Placeholder until the Slack adapter lands (issue: Slack adapter). */
export async function startSlack(app: App): Promise<() => Promise<void>> {
  app.log.error('the Slack adapter is not implemented yet');
  return async () => {};
}
