import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { REST } from '@discordjs/rest';
import { GatewayDispatchEvents, GatewayIntentBits, OAuth2Scopes, PermissionFlagsBits, Routes, type APIInteraction } from 'discord-api-types/v10';
import type { WebSocketManager, WebSocketShardStatus } from '@discordjs/ws';
import type { App } from '../../app.ts';
import type { PlatformHandle } from '../platforms.ts';
import { createInteractionServer } from './http-server.ts';
import { InteractionHandler, type InitialResponder } from './interactions.ts';
import { DiscordNotifier } from './notifier.ts';
import { createRest, RESTEvents } from './rest.ts';

/**
 * What the bot needs in a server, and nothing more: see and write in its channels (View Channel,
 * Send Messages), show replies as embeds with files (Embed Links, Attach Files) and keep members'
 * roles in step (Manage Roles), list meetings among the server's events (Create Events: it edits
 * and cancels only the events it made). Interaction answers need no permission; the bot edits only
 * its own messages by id, so Read Message History is not needed.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.CreateEvents;
export const BOT_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands];

export function inviteUrl(applicationId: string): string {
  const scope = BOT_SCOPES.map(encodeURIComponent).join('%20');
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=${scope}&permissions=${BOT_PERMISSIONS.toString()}`;
}

export type DiscordMode = 'gateway' | 'http';

/** WebSocketShardStatus.Ready, without loading @discordjs/ws in HTTP mode (idle memory). */
const SHARD_READY = 3 satisfies WebSocketShardStatus.Ready;

export interface DiscordAdapterOptions {
  /** Default from config: HTTP when DISCORD_PUBLIC_KEY is set, the gateway otherwise. */
  mode?: DiscordMode;
  /** Tests drive the gateway client without connecting it. */
  login?: boolean;
  deferAfterMs?: number;
  /** HTTP mode: where to listen (DISCORD_HTTP_PORT; 0 picks a free port). */
  port?: number;
  host?: string;
}

export interface DiscordAdapter {
  mode: DiscordMode;
  rest: REST;
  handler: InteractionHandler;
  notifier: DiscordNotifier;
  /** Gateway mode: the WebSocket connection, whose dispatches carry the interactions. */
  gateway?: WebSocketManager;
  /** HTTP mode. */
  server?: Server;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** HTTP mode, once started. */
  port(): number | undefined;
  /** Serving (HTTP mode) or every gateway shard connected and READY. */
  ready(): Promise<boolean>;
}

/**
 * The gateway connection alone (discord.js's @discordjs/ws, which its Client is built on): the bot
 * needs only INTERACTION_CREATE and reads the rest from interactions and REST, so it keeps no
 * caches and builds no discord.js structures from what Discord sends. Guilds only: the one
 * non-privileged intent slash commands, components and modals need.
 */
async function createGateway(app: App, token: string, rest: REST, onInteraction: (raw: APIInteraction) => void): Promise<WebSocketManager> {
  const { WebSocketManager, WebSocketShardEvents } = await import('@discordjs/ws');
  const gateway = new WebSocketManager({ token, intents: GatewayIntentBits.Guilds, rest });
  gateway.on(WebSocketShardEvents.Dispatch, ({ data }) => {
    if (data.t === GatewayDispatchEvents.InteractionCreate) onInteraction(data.d);
  });
  gateway.on(WebSocketShardEvents.Ready, ({ shardId }) => app.log.info({ shardId }, 'discord: gateway session ready'));
  gateway.on(WebSocketShardEvents.Error, ({ error, shardId }) => app.log.warn({ err: error, shardId }, 'discord gateway connection error'));
  return gateway;
}

export async function createDiscordAdapter(app: App, opts: DiscordAdapterOptions = {}): Promise<DiscordAdapter> {
  const config = app.config;
  const mode: DiscordMode = opts.mode ?? (config.DISCORD_PUBLIC_KEY ? 'http' : 'gateway');
  const rest = createRest(config, app.log);
  rest.on(RESTEvents.RateLimited, (info) => app.log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit: request queued'));

  const handler = new InteractionHandler(app, rest, { ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}) });
  const notifier = new DiscordNotifier(app, rest);
  app.services.notifications.register(notifier);

  let server: Server | undefined;
  let gateway: WebSocketManager | undefined;
  if (mode === 'gateway') {
    if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is required for the gateway');
    // Over the gateway the first answer is a REST call to the interaction's callback endpoint.
    const viaCallback =
      (raw: APIInteraction): InitialResponder =>
      async (response, files) => {
        await rest.post(Routes.interactionCallback(raw.id, raw.token), { body: response, ...(files.length ? { files } : {}), auth: false });
      };
    gateway = await createGateway(app, config.DISCORD_TOKEN, rest, (raw) => void handler.handle(raw, viaCallback(raw)));
  } else {
    if (!config.DISCORD_PUBLIC_KEY) throw new Error('DISCORD_PUBLIC_KEY is required for the HTTP interactions endpoint');
    server = createInteractionServer({ publicKey: config.DISCORD_PUBLIC_KEY, handler, rest, log: app.log, now: () => app.clock.now(), routes: app.routes });
  }

  return {
    mode,
    rest,
    handler,
    notifier,
    ...(gateway ? { gateway } : {}),
    ...(server ? { server } : {}),
    async start() {
      if (config.DISCORD_APPLICATION_ID) {
        app.log.info({ inviteUrl: inviteUrl(config.DISCORD_APPLICATION_ID) }, 'discord: invite the bot with this URL');
      } else {
        app.log.warn('discord: DISCORD_APPLICATION_ID is not set; no invite URL');
      }
      if (gateway && opts.login !== false) {
        await gateway.connect();
        app.log.info({ mode }, 'discord: connected to the gateway');
      }
      if (server) {
        await new Promise<void>((resolve, reject) => {
          server!.once('error', reject);
          server!.listen(opts.port ?? config.DISCORD_HTTP_PORT, opts.host ?? '0.0.0.0', () => resolve());
        });
        app.log.info({ mode, port: (server.address() as AddressInfo).port }, 'discord: interactions endpoint listening');
      }
    },
    async stop() {
      if (gateway && opts.login !== false) await gateway.destroy();
      if (server?.listening) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    port: () => (server?.listening ? (server.address() as AddressInfo).port : undefined),
    async ready() {
      if (server) return server.listening;
      if (!gateway || opts.login === false) return true;
      const shards = [...(await gateway.fetchStatus()).values()];
      return shards.length > 0 && shards.every((s) => s === SHARD_READY);
    },
  };
}

/** Loaded by src/adapters/platforms.ts when DISCORD_TOKEN or DISCORD_PUBLIC_KEY is set. */
export async function startDiscord(app: App): Promise<PlatformHandle> {
  const adapter = await createDiscordAdapter(app);
  await adapter.start();
  return { name: 'discord', ready: () => adapter.ready(), stop: () => adapter.stop() };
}
