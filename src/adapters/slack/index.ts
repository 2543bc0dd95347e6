import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp, ErrorCode, HTTPModuleFunctions, HTTPReceiver, LogLevel, SocketModeReceiver, type ReceiverDispatchErrorHandlerArgs } from '@slack/bolt';
import type { Logger as SlackLogger } from '@slack/logger';
import type { App } from '../../app.ts';
import type { PlatformHandle } from '../platforms.ts';
import type { Logger } from '../../logger.ts';
import { slashRewriter } from './blocks.ts';
import { SlackContext, type SlackListenerOptions } from './context.ts';
import { registerListeners } from './listeners/index.ts';
import { SlackNotifier } from './notifier.ts';

export interface SlackAdapterOptions extends SlackListenerOptions {
  /** HTTP mode: where to listen (tests pass port 0 and 127.0.0.1). */
  port?: number;
  host?: string;
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

/**
 * Slack's guidance: refuse a request whose timestamp is more than 5 minutes from now, either way.
 * Bolt's check refuses only old ones; a signed request stamped in the future (a clock far off, or
 * one prepared for replay later) is refused here before Bolt sees it.
 */
const MAX_CLOCK_SKEW_S = 5 * 60;

type DispatchError = (args: ReceiverDispatchErrorHandlerArgs) => Promise<void>;

function refuseFutureRequests(server: Server, receiver: HTTPReceiver, dispatchError: DispatchError, now: () => Date, log: Logger): void {
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp - now().getTime() / 1000 > MAX_CLOCK_SKEW_S) {
      log.warn({ aheadS: Math.round(stamp - now().getTime() / 1000) }, 'slack request stamped in the future refused');
      res.writeHead(401, { 'content-type': 'text/plain' }).end();
      req.resume();
      return;
    }
    // Bolt's own listener throws for a path it does not serve; its server hands that to the error handler, and so must this one.
    try {
      receiver.requestListener(req, res);
    } catch (error) {
      void dispatchError({ error: error as Error, logger: boltLogger(log), request: req, response: res });
    }
  });
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
  // Any path Bolt does not serve: the bot's own routes (health, readiness, metrics), else 404.
  const dispatchError: DispatchError = async (args) => {
    if ((args.error as { code?: string }).code === ErrorCode.HTTPReceiverDeferredRequestError && (await app.routes.handle(args.request, args.response))) return;
    HTTPModuleFunctions.defaultDispatchErrorHandler(args);
  };
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
      dispatchErrorHandler: dispatchError,
    });
    bolt = new BoltApp({ token: config.SLACK_BOT_TOKEN, receiver, clientOptions, logger });
  }

  const localize = slashRewriter(app.dispatcher.registry.list.map((c) => c.name), config.SLACK_COMMAND_PREFIX);
  const notifier = new SlackNotifier(bolt.client, log, localize);
  app.services.notifications.register(notifier);
  // Every event is in flight until its listener is done (after ack): a graceful shutdown waits for it.
  bolt.use(({ next }) => app.inflight.track(next()));
  const ctx = new SlackContext(app, bolt.client, notifier, log, opts, localize);
  notifier.onPrivate = (userId) => ctx.home.touched(userId);
  registerListeners(bolt, ctx);

  let port: number | undefined;
  let server: Server | undefined;
  if (socket) await bolt.start();
  else {
    server = await receiver!.start({ port: opts.port ?? config.SLACK_HTTP_PORT, host: opts.host ?? '0.0.0.0' });
    port = (server.address() as AddressInfo).port;
    // Wall-clock time, as Bolt's own check of old requests uses.
    refuseFutureRequests(server, receiver!, dispatchError, () => new Date(), log);
  }
  log.info({ mode: socket ? 'socket' : 'http', port }, 'slack adapter started');
  return {
    bolt,
    notifier,
    mode: socket ? 'socket' : 'http',
    ...(port !== undefined ? { port } : {}),
    ready: () => (socket ? connected : Boolean(server?.listening)),
    stop: async () => {
      ctx.home.stop();
      await bolt.stop();
    },
  };
}
