import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Discord on loopback: the REST route discord.js asks for the gateway address, a WebSocket gateway
 * speaking the real protocol (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, dispatches) and an
 * HTTP API that records every other REST call, answering interaction callbacks with 204. Lets a
 * test or the idle benchmark run the bot's gateway mode with a real connection, without Discord.
 */
export interface FakeGatewayOptions {
  applicationId: string;
  guildId: string;
  /** Text channels and roles in the guild's GUILD_CREATE, as a small real server would send. */
  channels?: number;
  roles?: number;
  /** Close every IDENTIFY with 4004 (Authentication failed), as Discord does for a bad token. */
  refuseToken?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

export interface FakeDiscordGateway {
  /** For DISCORD_API_URL. */
  apiUrl: string;
  /** IDENTIFY payloads received, in order. */
  identifies: Record<string, unknown>[];
  /** REST calls other than the gateway lookup. */
  requests: RecordedRequest[];
  /** RESUME payloads received (op 6), after `drop()`. */
  resumes: Record<string, unknown>[];
  /** Sends a dispatch (op 0) to every identified session. */
  dispatch(t: string, d: unknown): void;
  /** Closes every session with 4000 (unknown error), after which a client resumes. */
  drop(): void;
  /** Resolves once a session has resumed. */
  resumed(): Promise<void>;
  /** Resolves once a session has been sent READY and its guild. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const BOT_USER_ID = '100000000000000099';

export async function startFakeDiscordGateway(opts: FakeGatewayOptions): Promise<FakeDiscordGateway> {
  const identifies: Record<string, unknown>[] = [];
  const resumes: Record<string, unknown>[] = [];
  let markResumed!: () => void;
  const resumedOnce = new Promise<void>((resolve) => (markResumed = resolve));
  const requests: RecordedRequest[] = [];
  const sessions = new Set<{ socket: WebSocket; seq: number }>();
  let markReady!: () => void;
  const readyOnce = new Promise<void>((resolve) => (markReady = resolve));

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = (req.url ?? '/').replace(/^\/api/, '').replace(/\?.*$/, '');
      if (req.method === 'GET' && path === '/v10/gateway/bot') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }));
        return;
      }
      requests.push({ method: req.method ?? 'GET', path, body });
      if (/\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: '1' }));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));

  wss.on('connection', (socket: WebSocket) => {
    const session = { socket, seq: 0 };
    const send = (payload: Record<string, unknown>) => socket.send(JSON.stringify(payload));
    const dispatchTo = (t: string, d: unknown) => send({ op: 0, t, s: ++session.seq, d });
    send({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> };
      if (msg.op === 1) send({ op: 11, d: null, s: null, t: null });
      if (msg.op === 6) {
        resumes.push(msg.d);
        sessions.add(session);
        session.seq = Number(msg.d.seq ?? 0);
        dispatchTo('RESUMED', null);
        markResumed();
      }
      if (msg.op === 2) {
        identifies.push(msg.d);
        if (opts.refuseToken) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        sessions.add(session);
        dispatchTo('READY', {
          v: 10,
          user: { id: BOT_USER_ID, username: 'pkes-bot', discriminator: '0', global_name: null, avatar: null, bot: true },
          guilds: [{ id: opts.guildId, unavailable: true }],
          session_id: 'fake-session',
          resume_gateway_url: wsUrl,
          shard: [0, 1],
          application: { id: opts.applicationId, flags: 0 },
        });
        dispatchTo('GUILD_CREATE', guild(opts));
        markReady();
      }
    });
    socket.on('close', () => sessions.delete(session));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const wsUrl = `ws://127.0.0.1:${port}`;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    identifies,
    resumes,
    requests,
    dispatch(t, d) {
      for (const s of sessions) s.socket.send(JSON.stringify({ op: 0, t, s: ++s.seq, d }));
    },
    drop() {
      for (const s of sessions) s.socket.close(4000, 'Unknown error.');
      sessions.clear();
    },
    ready: () => readyOnce,
    resumed: () => resumedOnce,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A guild as GUILD_CREATE carries it: channels, roles, the bot's own member entry. */
function guild(opts: FakeGatewayOptions) {
  const channels = Array.from({ length: opts.channels ?? 8 }, (_, i) => ({
    id: String(500000000000000000n + BigInt(i)),
    type: 0,
    name: `kanal-${i}`,
    position: i,
    permission_overwrites: [],
    guild_id: opts.guildId,
  }));
  const roles = Array.from({ length: opts.roles ?? 6 }, (_, i) => ({
    id: i === 0 ? opts.guildId : String(600000000000000000n + BigInt(i)),
    name: i === 0 ? '@everyone' : `rola-${i}`,
    color: 0,
    hoist: false,
    position: i,
    permissions: '1024',
    managed: false,
    mentionable: false,
    flags: 0,
  }));
  return {
    id: opts.guildId,
    name: 'Pomorski Klaster Ekonomii Społecznej',
    icon: null,
    owner_id: '300000000000000003',
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'pl',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    channels,
    threads: [],
    roles,
    emojis: [],
    stickers: [],
    members: [{ user: { id: BOT_USER_ID, username: 'pkes-bot', discriminator: '0', avatar: null, bot: true }, roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 }],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
