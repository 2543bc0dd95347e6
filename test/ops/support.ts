import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface BotProcess {
  proc: ChildProcess;
  /** Every log line (JSON) the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line that matches. */
  logged(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/**
 * The real entry point in a child process, as an operator runs it: `node --import tsx src/main.ts`
 * by default, or any command (the production bundle). Only the given environment is passed on.
 */
export function startBot(env: Record<string, string>, opts: { command?: string[]; cwd?: string; stdin?: 'pipe' | 'ignore' } = {}): BotProcess {
  const command = opts.command ?? ['--import', 'tsx', 'src/main.ts'];
  const proc = spawn(process.execPath, command, {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'info', SCHEDULER_ENABLED: 'false', ...env },
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let out = '';
  let err = '';
  let partial = '';
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    partial += c.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      logs.push(entry);
      for (const w of waiters.filter((x) => x.match(entry))) w.resolve(entry);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    logs,
    stdout: () => out,
    stderr: () => err,
    exited,
    logged: (match, what, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const seen = logs.find(match);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`the bot never logged ${what}; stderr: ${err.slice(-3000)}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(({ code }) => setTimeout(() => reject(new Error(`the bot exited (${code}) before logging ${what}; stderr: ${err.slice(-3000)}`)), 50));
      }),
  };
}

/** Polls until `check` holds (or the process dies, or time runs out). */
export async function until(check: () => Promise<boolean>, what: string, bot?: BotProcess, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (bot && bot.proc.exitCode !== null) throw new Error(`${what}: the bot exited with ${bot.proc.exitCode}; stderr: ${bot.stderr().slice(-3000)}`);
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: timed out${bot ? `; stderr: ${bot.stderr().slice(-3000)}` : ''}`);
    await sleep(100);
  }
}

export async function status(url: string): Promise<number> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * A TCP relay on loopback in front of PostgreSQL: the bot connects through it, so the test can cut
 * the network (every connection reset, new ones refused) and bring it back, as a failover does.
 */
export class TcpProxy {
  private server: TcpServer | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = createTcpServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface Recorded {
  method: string;
  path: string;
  body: string;
}

/**
 * A stand-in for the Slack Web API and response URLs on loopback: answers auth.test and users.info,
 * records every request. `hold` makes users.info wait until released (an interaction in flight).
 */
export class SlackStandIn {
  readonly requests: Recorded[] = [];
  private server: Server | undefined;
  private held: (() => void)[] = [];
  hold = false;
  admin = false;
  url = '';
  /** Socket Mode: the WebSocket URL apps.connections.open hands out, and whether it refuses to. */
  socketUrl = '';
  refuseSockets = false;

  async start(): Promise<void> {
    this.server = createHttpServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async serve(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ method: req.method ?? '', path, body });
    const json = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (path === '/api/auth.test') return json({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0OPS' });
    if (path === '/api/apps.connections.open') return json(this.refuseSockets ? { ok: false, error: 'service_unavailable' } : { ok: true, url: this.socketUrl });
    if (path === '/api/users.info') {
      if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
      const user = new URLSearchParams(body).get('user') ?? 'U0';
      return json({ ok: true, user: { id: user, name: 'ola', real_name: 'Ola', locale: 'pl-PL', is_admin: this.admin, profile: { display_name: 'Ola' } } });
    }
    return json({ ok: true });
  }

  /** users.info calls waiting for `release`. */
  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    this.hold = false;
    for (const go of this.held.splice(0)) go();
  }

  responses(): Recorded[] {
    return this.requests.filter((r) => r.path.startsWith('/respond/'));
  }

  close(): Promise<void> {
    this.release();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export const SLACK_SECRET = 'ops-test-signing-secret';

/** A slash command exactly as Slack POSTs it to the request URL of the manifest, signed. */
export function slackSlashCommand(opts: { command: string; text: string; userId: string; responseUrl: string; teamId?: string }) {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: opts.teamId ?? 'T0OPS',
    team_domain: 'klaster',
    channel_id: 'C0OPS',
    channel_name: 'general',
    user_id: opts.userId,
    user_name: 'ola',
    command: opts.command,
    text: opts.text,
    api_app_id: 'A0OPS',
    is_enterprise_install: 'false',
    response_url: opts.responseUrl,
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}.abc`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) },
  };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses Prometheus' text exposition format (version 0.0.4) strictly: every sample line is
 * `name{label="value",…} number`, every metric family is declared by # HELP and # TYPE before its
 * samples. Throws on anything else.
 */
export function parsePrometheus(text: string): { samples: Sample[]; types: Record<string, string> } {
  const types: Record<string, string> = {};
  const helps = new Set<string>();
  const samples: Sample[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!/^(counter|gauge|histogram|summary|untyped)$/.test(meta[3]!)) throw new Error(`line ${i + 1}: bad type ${meta[3]}`);
        types[meta[2]!] = meta[3]!;
      } else helps.add(meta[2]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${line}`);
    const [, name, rawLabels = '', rawValue] = m;
    const labels: Record<string, string> = {};
    let rest = rawLabels;
    while (rest.length) {
      const l = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(?:,|$)/.exec(rest);
      if (!l) throw new Error(`line ${i + 1}: bad labels ${rawLabels}`);
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      rest = rest.slice(l[0].length);
    }
    // Values as Prometheus reads them (Go's ParseFloat): a number, or NaN / ±Inf in any case.
    const special = rawValue!.toLowerCase();
    const value = special === 'nan' ? NaN : /^[+]?inf$/.test(special) ? Infinity : special === '-inf' ? -Infinity : Number(rawValue);
    if (Number.isNaN(value) && special !== 'nan') throw new Error(`line ${i + 1}: bad value ${rawValue}`);
    const family = Object.keys(types).find((f) => name === f || (/^(histogram|summary)$/.test(types[f]!) && new RegExp(`^${f}_(bucket|sum|count)$`).test(name!)));
    if (!family || !helps.has(family)) throw new Error(`line ${i + 1}: ${name} has no # HELP and # TYPE before it`);
    samples.push({ name: name!, labels, value });
  }
  return { samples, types };
}

/** The value of one sample (0 when absent: a counter not yet incremented). */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const hit = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hit?.value ?? 0;
}
