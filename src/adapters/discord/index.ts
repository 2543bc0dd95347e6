import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESTEvents, type REST } from '@discordjs/rest';
import { GatewayDispatchEvents, OAuth2Scopes, PermissionFlagsBits, Routes, type APIInteraction } from 'discord-api-types/v10';
import type { Client } from 'discord.js';
import type { App } from '../../app.ts';
import { createInteractionServer } from './http-server.ts';
import { InteractionHandler, type InitialResponder } from './interactions.ts';
import { DiscordNotifier } from './notifier.ts';
import { createRest, restOptions } from './rest.ts';

/**
 * What the bot needs in a server, and nothing more: see and write in its channels (View Channel,
 * Send Messages), show replies as embeds with files (Embed Links, Attach Files) and keep members'
 * roles in step (Manage Roles). Interaction answers need no permission; the bot edits only its own
 * messages by id, so Read Message History is not needed.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.ManageRoles;
export const BOT_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands];

export function inviteUrl(applicationId: string): string {
  const scope = BOT_SCOPES.map(encodeURIComponent).join('%20');
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=${scope}&permissions=${BOT_PERMISSIONS.toString()}`;
}

export type DiscordMode = 'gateway' | 'http';

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
  /** Gateway mode. */
  client?: Client;
  /** HTTP mode. */
  server?: Server;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** HTTP mode, once started. */
  port(): number | undefined;
}

/** Limited caches: the bot reads everything it needs from interactions and REST, never from history. */
async function createGatewayClient(app: App): Promise<Client> {
  const { Client, GatewayIntentBits, Options } = await import('discord.js');
  return new Client({
    // Guilds only: non-privileged, and enough for slash commands, components and modals.
    intents: [GatewayIntentBits.Guilds],
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      StageInstanceManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      ApplicationEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      EntitlementManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user?.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      threads: { interval: 3600, lifetime: 3600 },
    },
    rest: restOptions(app.config),
  });
}

export async function createDiscordAdapter(app: App, opts: DiscordAdapterOptions = {}): Promise<DiscordAdapter> {
  const config = app.config;
  const mode: DiscordMode = opts.mode ?? (config.DISCORD_PUBLIC_KEY ? 'http' : 'gateway');
  let client: Client | undefined;
  let rest: REST;
  if (mode === 'gateway') {
    client = await createGatewayClient(app);
    rest = client.rest;
    if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  } else {
    rest = createRest(config);
  }
  rest.on(RESTEvents.RateLimited, (info) => app.log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit: request queued'));

  const handler = new InteractionHandler(app, rest, { ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}) });
  const notifier = new DiscordNotifier(app, rest);
  app.services.notifications.register(notifier);

  let server: Server | undefined;
  if (client) {
    const viaCallback =
      (raw: APIInteraction): InitialResponder =>
      async (response, files) => {
        await rest.post(Routes.interactionCallback(raw.id, raw.token), { body: response, ...(files.length ? { files } : {}), auth: false });
      };
    client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction) => {
      void handler.handle(raw, viaCallback(raw));
    });
    client.on('error', (error) => app.log.error({ err: error }, 'discord client error'));
    client.on('shardError', (error) => app.log.warn({ err: error }, 'discord gateway connection error'));
  } else {
    if (!config.DISCORD_PUBLIC_KEY) throw new Error('DISCORD_PUBLIC_KEY is required for the HTTP interactions endpoint');
    server = createInteractionServer({ publicKey: config.DISCORD_PUBLIC_KEY, handler, rest, log: app.log, now: () => app.clock.now() });
  }

  return {
    mode,
    rest,
    handler,
    notifier,
    ...(client ? { client } : {}),
    ...(server ? { server } : {}),
    async start() {
      if (config.DISCORD_APPLICATION_ID) {
        app.log.info({ inviteUrl: inviteUrl(config.DISCORD_APPLICATION_ID) }, 'discord: invite the bot with this URL');
      } else {
        app.log.warn('discord: DISCORD_APPLICATION_ID is not set; no invite URL');
      }
      if (client && opts.login !== false) {
        if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is required for the gateway');
        await client.login(config.DISCORD_TOKEN);
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
      if (client) await client.destroy();
      if (server?.listening) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    port: () => (server?.listening ? (server.address() as AddressInfo).port : undefined),
  };
}

/** Loaded by src/adapters/platforms.ts when DISCORD_TOKEN or DISCORD_PUBLIC_KEY is set. */
export async function startDiscord(app: App): Promise<() => Promise<void>> {
  const adapter = await createDiscordAdapter(app);
  await adapter.start();
  return () => adapter.stop();
}
