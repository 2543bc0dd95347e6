import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp, ErrorCode, HTTPModuleFunctions, HTTPReceiver, LogLevel, SocketModeReceiver, type RespondFn } from '@slack/bolt';
import type { Logger as SlackLogger } from '@slack/logger';
import type { WebClient } from '@slack/web-api';
import type { App } from '../../app.ts';
import type { PlatformHandle } from '../platforms.ts';
import { CORE_COMMAND, type Invocation } from '../../core/dispatcher.ts';
import { toLocale, translator } from '../../core/i18n.ts';
import type { Reply } from '../../core/reply.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformUser } from '../../services/people.ts';
import { actionFromElement, formValues, FORM_CALLBACK, hasBody, parseMetadata, renderErrorModal, renderMessages, renderModal, slashRewriter } from './blocks.ts';
import { SlackNotifier, slackError } from './notifier.ts';
import { commandFromSlash, parseCommandText, slashFor } from './parse.ts';

export interface SlackAdapterOptions {
  /** HTTP mode: where to listen (tests pass port 0 and 127.0.0.1). */
  port?: number;
  host?: string;
  /** How long a user's Slack profile (locale, admin flag) is trusted before asking again. */
  userCacheMs?: number;
  /** A form submission answered later than this closes the modal and posts the result instead. */
  viewAckBudgetMs?: number;
}

export interface SlackAdapter {
  bolt: BoltApp;
  notifier: SlackNotifier;
  mode: 'socket' | 'http';
  /** The HTTP port actually listened on (HTTP mode). */
  port?: number;
  /** Serving (HTTP mode) or connected (Socket Mode). */
  ready(): boolean;
  stop(): Promise<void>;
}

/** Loaded by src/adapters/platforms.ts when SLACK_BOT_TOKEN is set. */
export async function startSlack(app: App): Promise<PlatformHandle> {
  const adapter = await createSlackAdapter(app);
  return { name: 'slack', ready: () => adapter.ready(), stop: () => adapter.stop() };
}

/** Bolt's own log lines, through our logger; its debug output (payloads) is never written. */
function boltLogger(log: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return {
    debug: () => {},
    info: (...args) => log.info({ source: 'bolt' }, line(args)),
    warn: (...args) => log.warn({ source: 'bolt' }, line(args)),
    error: (...args) => log.error({ source: 'bolt' }, line(args)),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The Slack adapter: translates slash commands, modal submissions and button presses into
 * Invocations and renders the core's replies as Block Kit. It decides nothing itself.
 * Socket Mode when SLACK_APP_TOKEN is set (no public URL), HTTP mode with SLACK_SIGNING_SECRET.
 */
export async function createSlackAdapter(app: App, opts: SlackAdapterOptions = {}): Promise<SlackAdapter> {
  const { config } = app;
  const log = app.log.child({ platform: 'slack' });
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set');
  const logger = boltLogger(log);
  const clientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    // A 429 waits for Retry-After and tries again; so do network errors and 5xx, a few times.
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 30_000, randomize: true },
  };
  const socket = Boolean(config.SLACK_APP_TOKEN);
  let receiver: HTTPReceiver | undefined;
  let bolt: BoltApp;
  let connected = false;
  if (socket) {
    // apps.connections.open goes through SLACK_API_URL too; its own retry policy (reconnects) is kept.
    const socketReceiver = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN!, logger, installerOptions: { clientOptions: { slackApiUrl: config.SLACK_API_URL } } });
    socketReceiver.client.on('connected', () => (connected = true));
    socketReceiver.client.on('disconnected', () => (connected = false));
    socketReceiver.client.on('reconnecting', () => (connected = false));
    bolt = new BoltApp({ token: config.SLACK_BOT_TOKEN, receiver: socketReceiver, clientOptions, logger });
  } else {
    // Signature and 5-minute timestamp checks stay on: this is the only thing that says a request is Slack's.
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: '/slack/events',
      processBeforeResponse: false,
      signatureVerification: true,
      logger,
      // Any path Bolt does not serve: the bot's own routes (health, readiness, metrics), else 404.
      dispatchErrorHandler: async (args) => {
        if ((args.error as { code?: string }).code === ErrorCode.HTTPReceiverDeferredRequestError && (await app.routes.handle(args.request, args.response))) return;
        HTTPModuleFunctions.defaultDispatchErrorHandler(args);
      },
    });
    bolt = new BoltApp({ token: config.SLACK_BOT_TOKEN, receiver, clientOptions, logger });
  }

  const localize = slashRewriter(app.dispatcher.registry.list.map((c) => c.name), config.SLACK_COMMAND_PREFIX);
  const notifier = new SlackNotifier(bolt.client, log, localize);
  app.services.notifications.register(notifier);
  // Every event is in flight until its listener is done (after ack): a graceful shutdown waits for it.
  bolt.use(({ next }) => app.inflight.track(next()));
  const handlers = new SlackHandlers(app, bolt.client, notifier, log, opts, localize);
  handlers.register(bolt);

  let port: number | undefined;
  let server: Server | undefined;
  if (socket) await bolt.start();
  else {
    server = await receiver!.start({ port: opts.port ?? config.SLACK_HTTP_PORT, host: opts.host ?? '0.0.0.0' });
    port = (server.address() as AddressInfo).port;
  }
  log.info({ mode: socket ? 'socket' : 'http', port }, 'slack adapter started');
  return {
    bolt,
    notifier,
    mode: socket ? 'socket' : 'http',
    ...(port !== undefined ? { port } : {}),
    ready: () => (socket ? connected : Boolean(server?.listening)),
    stop: async () => {
      await bolt.stop();
    },
  };
}

interface Target {
  userId: string;
  channelId?: string;
  triggerId?: string;
  respond?: RespondFn;
  /** The reply replaces the message the button was on. */
  replaceOriginal?: boolean;
  locale: string;
}

interface CachedUser {
  user: PlatformUser;
  at: number;
}

class SlackHandlers {
  private readonly users = new Map<string, CachedUser>();

  constructor(
    private readonly app: App,
    private readonly client: WebClient,
    private readonly notifier: SlackNotifier,
    private readonly log: Logger,
    private readonly opts: SlackAdapterOptions,
    private readonly localize: (reply: Reply) => Reply,
  ) {}

  private get prefix(): string {
    return this.app.config.SLACK_COMMAND_PREFIX;
  }

  /** Durable across restarts and replicas: a delivery Slack retries is handled once. */
  private firstTime(key: string): Promise<boolean> {
    return this.app.services.deliveries.firstTime(`slack:${key}`);
  }

  /** Name, language and admin flag from users.info, cached briefly; the payload's name if Slack says no. */
  private async user(id: string, fallbackName: string): Promise<PlatformUser> {
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

  private dispatch(inv: Invocation): Promise<Reply> {
    return this.app.dispatcher.dispatch(inv);
  }

  register(bolt: BoltApp): void {
    bolt.command(new RegExp(`^/${this.prefix}-`), async ({ command, ack, respond }) => {
      await ack();
      await this.guard('command', async () => {
        if (!(await this.firstTime(`trigger:${command.trigger_id}`))) return;
        const name = commandFromSlash(command.command, this.prefix);
        if (!name) return;
        const parsed = parseCommandText(this.app.dispatcher.registry, name, command.text ?? '');
        const user = await this.user(command.user_id, command.user_name);
        const reply = await this.dispatch({
          kind: 'command',
          platform: 'slack',
          cluster: { externalId: command.team_id, name: command.team_domain },
          user,
          users: parsed.users,
          channelId: command.channel_id,
          command: parsed.command,
          ...(parsed.subcommand !== undefined ? { subcommand: parsed.subcommand } : {}),
          options: parsed.options,
        });
        await this.deliver(reply, { userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id, respond, locale: user.locale ?? '' });
      });
    });

    bolt.action({ type: 'block_actions' }, async ({ ack, body, action, respond }) => {
      await ack();
      await this.guard('action', async () => {
        // Link buttons also report a click; there is nothing to do for them.
        if (action.type === 'button' && action.url) return;
        const element = action as { type: string; action_id: string; value?: string; selected_option?: { value: string }; selected_options?: { value: string }[] };
        const ref = actionFromElement(element.type === 'button' ? element : { action_id: element.action_id });
        if (!ref) return;
        const key = body.trigger_id ?? `${body.container?.message_ts ?? body.view?.id}:${(action as { action_ts?: string }).action_ts}`;
        if (!(await this.firstTime(`trigger:${key}`))) return;
        const values = element.selected_option ? [element.selected_option.value] : element.selected_options ? element.selected_options.map((o) => o.value) : [];
        const user = await this.user(body.user.id, (body.user as { name?: string }).name ?? body.user.id);
        const teamId = body.team?.id ?? (body.user as { team_id?: string }).team_id ?? '';
        const channelId = body.channel?.id;
        const reply = await this.dispatch({
          kind: 'action',
          platform: 'slack',
          cluster: { externalId: teamId, ...(body.team?.domain ? { name: body.team.domain } : {}) },
          user,
          ...(channelId ? { channelId } : {}),
          action: ref,
          values,
        });
        const updates = Boolean(this.app.dispatcher.registry.get(ref.command)?.actions?.[ref.action]?.updatesMessage);
        await this.deliver(reply, {
          userId: body.user.id,
          ...(channelId ? { channelId } : {}),
          ...(body.trigger_id ? { triggerId: body.trigger_id } : {}),
          ...(body.response_url ? { respond } : {}),
          replaceOriginal: updates && !reply.private,
          locale: user.locale ?? '',
        });
      });
    });

    bolt.view(FORM_CALLBACK, async ({ ack, body, view }) => {
      // Whether the modal stays open depends on the answer, so the answer is awaited, but never
      // past Slack's 3 seconds: a slow one closes the modal and arrives as a message instead.
      const budget = this.opts.viewAckBudgetMs ?? 2_300;
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), budget).unref());
      const meta = parseMetadata(view.private_metadata);
      const work = (async () => {
        const key = (body as { trigger_id?: string }).trigger_id ?? `${view.id}:${view.hash}`;
        if (!meta || !(await this.firstTime(`view:${key}`))) return undefined;
        const user = await this.user(body.user.id, body.user.name ?? body.user.id);
        const teamId = body.team?.id ?? body.user.team_id ?? '';
        const reply = await this.dispatch({
          kind: 'form',
          platform: 'slack',
          cluster: { externalId: teamId, ...(body.team?.domain ? { name: body.team.domain } : {}) },
          user,
          ...(meta.c ? { channelId: meta.c } : {}),
          formId: meta.f,
          values: formValues(view.state.values as never),
          ...(meta.a ? { args: meta.a } : {}),
        });
        return { reply, locale: user.locale ?? '' };
      })();
      const first = await Promise.race([work.catch((error: unknown) => ({ error })), timer]);
      const target = (locale: string): Target => ({ userId: body.user.id, ...(meta?.c ? { channelId: meta.c } : {}), locale });
      if (first === 'late') {
        await ack();
        await this.guard('form', async () => {
          const done = await work;
          if (done) await this.deliver(done.reply, target(done.locale));
        });
        return;
      }
      if (!first || 'error' in first) {
        // A retry (already handled), a foreign modal or a failure: close it; failures are logged.
        if (first) this.log.error({ reason: slackError(first.error) }, 'slack form submission failed');
        await ack();
        return;
      }
      const { reply, locale } = first;
      const t = translator(toLocale(locale, this.app.config.DEFAULT_LOCALE));
      const fieldNames = new Set(view.blocks.map((b) => b.block_id).filter(Boolean));
      const errors = Object.fromEntries(Object.entries(reply.fieldErrors ?? {}).filter(([name]) => fieldNames.has(name)));
      if (Object.keys(errors).length) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      if (reply.form) {
        await ack({ response_action: 'update', view: renderModal(reply.form, t, meta?.c) });
        return;
      }
      if (reply.tone === 'error') {
        await ack({ response_action: 'push', view: renderErrorModal(this.localize(reply), t) });
        return;
      }
      await ack();
      await this.guard('form', () => this.deliver(reply, target(locale)));
    });

    bolt.event('app_mention', async ({ event, body }) => {
      await this.guard('mention', async () => {
        if (!(await this.firstTime(`event:${body.event_id}`))) return;
        const userId = event.user;
        const user = userId ? await this.user(userId, userId) : undefined;
        const t = translator(toLocale(user?.locale, this.app.config.DEFAULT_LOCALE));
        const help = this.app.dispatcher.registry.get('help');
        await this.client.chat.postMessage({
          channel: event.channel,
          thread_ts: event.thread_ts ?? event.ts,
          text: t('slack.mention.hint', { command: help ? slashFor(help, this.prefix) : `/${this.prefix}-help` }),
        });
      });
    });
  }

  private async guard(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.log.error({ what, reason: slackError(error) }, 'slack interaction failed after ack');
    }
  }

  /** Shows a reply where the interaction happened: a modal, an ephemeral or an in-channel message. */
  private async deliver(reply: Reply, target: Target): Promise<void> {
    if (reply.form) {
      const t = translator(toLocale(target.locale, this.app.config.DEFAULT_LOCALE));
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
          ...(i === 0 && target.replaceOriginal ? { replace_original: true } : { replace_original: false }),
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
