import type { HomeView } from '@slack/types';
import { HOME_COMMAND } from '../../core/command.ts';
import type { SlackContext } from './context.ts';
import { homeView } from './blocks.ts';
import { slackError } from './notifier.ts';

/** How long after a change the Home tab is published again: a burst of changes makes one publish. */
const DEFAULT_REFRESH_MS = 2_000;

/**
 * Slack's Home tab: the core's `/home` reply, published for one person with views.publish. Shown
 * when the person opens it, and published again (at most once per interval) after that person's
 * own interactions and whenever the bot sends them a private message, which is how the core tells
 * someone that something new waits (a ballot opened, a poll, an application). Only people who
 * opened the tab since the process started are republished; anyone else gets it fresh on opening.
 * What the tab says is the core's; this only decides when Slack's copy is stale.
 */
export class SlackHome {
  /** Slack user id → the workspace it was opened in. */
  private readonly opened = new Map<string, string>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; done: () => void }>();

  constructor(private readonly ctx: SlackContext) {}

  private get refreshMs(): number {
    return this.ctx.opts.homeRefreshMs ?? DEFAULT_REFRESH_MS;
  }

  /** app_home_opened on the Home tab: published at once, and kept fresh from now on. */
  async open(teamId: string, userId: string): Promise<void> {
    this.opened.set(userId, teamId);
    await this.publish(userId);
  }

  /** Something of this person's may have changed: publish again after the interval, once however many arrive. */
  touched(userId: string): void {
    if (!this.opened.has(userId) || this.pending.has(userId)) return;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(() => {
      this.pending.delete(userId);
      void this.publish(userId).finally(done);
    }, this.refreshMs);
    timer.unref();
    this.pending.set(userId, { timer, done });
    // Counted as work in flight: a graceful shutdown (and a test) waits for the publish.
    void this.ctx.app.inflight.track(finished);
  }

  stop(): void {
    for (const { timer, done } of this.pending.values()) {
      clearTimeout(timer);
      done();
    }
    this.pending.clear();
  }

  private async publish(userId: string): Promise<void> {
    const teamId = this.opened.get(userId);
    if (!teamId) return;
    try {
      const user = await this.ctx.user(userId, userId);
      const reply = await this.ctx.app.dispatcher.dispatch({ kind: 'command', platform: 'slack', cluster: { externalId: teamId }, user, command: HOME_COMMAND, options: {} });
      const view: HomeView = homeView(this.ctx.localize(reply));
      await this.ctx.client.views.publish({ user_id: userId, view });
    } catch (error) {
      this.ctx.log.warn({ reason: slackError(error) }, 'home tab not published');
    }
  }
}
