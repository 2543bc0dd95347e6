import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { App } from '../../app.ts';
import { CORE_COMMAND, type Invocation } from '../../core/dispatcher.ts';
import { toLocale, translator, type Translate } from '../../core/i18n.ts';
import type { Reply } from '../../core/reply.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformUser } from '../../services/people.ts';
import { hasBody, renderMessages, renderModal } from './blocks.ts';
import { slackError, type SlackNotifier } from './notifier.ts';
import { SlackHome } from './home.ts';

export interface SlackListenerOptions {
  /** How long a user's Slack profile (locale, admin flag) is trusted before asking again. */
  userCacheMs?: number;
  /** A form submission answered later than this closes the modal and posts the result instead. */
  viewAckBudgetMs?: number;
  /** How long after a change the Home tab is published again (one publish for a burst). */
  homeRefreshMs?: number;
}

/** Where a reply goes: the conversation the interaction came from. */
export interface Target {
  userId: string;
  channelId?: string;
  triggerId?: string;
  respond?: RespondFn;
  locale: string;
}

interface CachedUser {
  user: PlatformUser;
  at: number;
}

/**
 * What every listener shares: who the Slack user is (cached), the core, and how a reply is shown.
 * Listeners (listeners/*) stay thin: ack, turn the payload into an Invocation, deliver the Reply.
 */
export class SlackContext {
  private readonly users = new Map<string, CachedUser>();
  /** The Home tab of each person who opened it. */
  readonly home = new SlackHome(this);

  constructor(
    readonly app: App,
    readonly client: WebClient,
    readonly notifier: SlackNotifier,
    readonly log: Logger,
    readonly opts: SlackListenerOptions,
    readonly localize: (reply: Reply) => Reply,
  ) {}

  get prefix(): string {
    return this.app.config.SLACK_COMMAND_PREFIX;
  }

  t(locale: string | undefined): Translate {
    return translator(toLocale(locale, this.app.config.DEFAULT_LOCALE));
  }

  /** Name, language and admin flag from users.info, cached briefly; the payload's name if Slack says no. */
  async user(id: string, fallbackName: string): Promise<PlatformUser> {
    const cached = this.users.get(id);
    const ttl = this.opts.userCacheMs ?? 5 * 60_000;
    if (cached && Date.now() - cached.at < ttl) return cached.user;
    try {
      const info = await this.client.users.info({ user: id, include_locale: true });
      const u = info.user;
      const user: PlatformUser = {
        id,
        displayName: u?.profile?.display_name || u?.real_name || u?.name || fallbackName,
        ...(u?.locale ? { locale: u.locale } : {}),
        isPlatformAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
      };
      this.users.set(id, { user, at: Date.now() });
      return user;
    } catch (error) {
      this.log.warn({ reason: slackError(error) }, 'users.info failed; using the cluster language');
      return { id, displayName: fallbackName };
    }
  }

  /** A person's command, press or form: their Home tab may say something else now. */
  async dispatch(inv: Invocation): Promise<Reply> {
    const reply = await this.app.dispatcher.dispatch(inv);
    if (inv.kind !== 'suggest' && !reply.duplicate) this.home.touched(inv.user.id);
    return reply;
  }

  async guard(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.log.error({ what, reason: slackError(error) }, 'slack interaction failed after ack');
    }
  }

  /** Shows a reply where the interaction happened: a modal, an ephemeral or an in-channel message. */
  async deliver(reply: Reply, target: Target): Promise<void> {
    // A delivery Slack repeated (or another replica took): the first one answered.
    if (reply.duplicate) return;
    if (reply.form) {
      const t = this.t(target.locale);
      try {
        if (!target.triggerId) throw new Error('no trigger id');
        await this.client.views.open({ trigger_id: target.triggerId, view: renderModal(reply.form, t, target.channelId) });
        return;
      } catch (error) {
        // A trigger lives 3 seconds; when it is gone, a button brings a fresh one (and the draft).
        this.log.warn({ reason: slackError(error) }, 'views.open failed; offering a button instead');
        reply = {
          title: reply.form.title,
          private: true,
          buttons: [{ label: t('core.form.edit'), action: { command: CORE_COMMAND, action: 'form', args: [reply.form.id] }, style: 'primary' }],
        };
      }
    }
    const pages = hasBody(reply) ? renderMessages(this.localize(reply)) : [];
    for (const [i, page] of pages.entries()) {
      if (target.respond) {
        // response_url works in every conversation, including DMs and channels the bot is not in.
        await target.respond({
          text: page.text,
          blocks: page.blocks,
          response_type: reply.private ? 'ephemeral' : 'in_channel',
          // Whether the answer replaces the message the button was on is the core's decision.
          replace_original: i === 0 && Boolean(reply.replacesMessage),
        });
        continue;
      }
      try {
        if (!target.channelId) throw new Error('no channel');
        if (reply.private) await this.client.chat.postEphemeral({ channel: target.channelId, user: target.userId, text: page.text, blocks: page.blocks });
        else await this.client.chat.postMessage({ channel: target.channelId, text: page.text, blocks: page.blocks });
      } catch (error) {
        // A form opened in a channel the bot is not in (or a DM between people): the answer goes to a DM.
        this.log.info({ reason: slackError(error) }, 'answer not postable where asked; sending it as a DM');
        const dm = await this.client.conversations.open({ users: target.userId });
        if (dm.channel?.id) await this.client.chat.postMessage({ channel: dm.channel.id, text: page.text, blocks: page.blocks });
      }
    }
    const files = reply.attachments ?? [];
    if (files.length) {
      // A private file goes to the person's DM: uploading to the channel would show it to everyone.
      let channel = reply.private ? undefined : target.channelId;
      if (!channel) channel = (await this.client.conversations.open({ users: target.userId })).channel?.id;
      if (channel) await this.notifier.upload(channel, files);
    }
  }
}
