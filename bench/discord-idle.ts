/**
 * Idle memory of the bot running with the Discord adapter (`tsx bench/discord-idle.ts`).
 *
 * - `http`: the real entry point (src/main.ts) in HTTP-interactions mode (DISCORD_PUBLIC_KEY set),
 *   which needs no network: started, given a few signed PINGs, then left idle.
 * - `gateway-client`: the same app with the gateway adapter's discord.js Client built (limited
 *   caches) but not connected, since a gateway session needs Discord; the difference to `http` is
 *   what discord.js itself costs.
 *
 * Prints JSON: RSS and heap in MiB per mode, sampled after the process has been idle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBundle, freePort, rssMiB, sleep } from './lib.ts';

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
// Exactly what `npm start` runs: the esbuild bundle with the Node flags from package.json.
const START_FLAGS = buildBundle();




async function waitUntil(check: () => Promise<boolean>, what: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: timed out`);
    await sleep(100);
  }
}

async function idleSample(pid: number): Promise<{ rssMiB: number; samples: number[] }> {
  const samples: number[] = [];
  const steps = 5;
  for (let i = 0; i < steps; i++) {
    await sleep(IDLE_MS / steps);
    samples.push(rssMiB(pid));
  }
  return { rssMiB: samples[samples.length - 1]!, samples };
}

async function httpMode(dir: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const port = await freePort();
  const start = () =>
    spawn(process.execPath, [...START_FLAGS, 'dist/main.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: `file:${path.join(dir, 'http.db')}`,
        SCHEDULER_ENABLED: 'true',
        DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString('hex'),
        DISCORD_APPLICATION_ID: '100000000000000001',
        DISCORD_HTTP_PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const url = `http://127.0.0.1:${port}/`;
  const stop = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  // First start creates and migrates the database; the measured start finds it existing.
  const first = start();
  await waitUntil(async () => (await fetch(url)).status === 405, 'http endpoint (first start)', first);
  await stop(first);

  const startedAt = performance.now();
  const child = start();
  try {
    await waitUntil(async () => (await fetch(url)).status === 405, 'http endpoint', child);
    const readyMs = Math.round(performance.now() - startedAt);
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({ id: String(i), type: 1, application_id: '100000000000000001', token: 't', version: 1 });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      const res = await fetch(url, { method: 'POST', body, headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp } });
      if (res.status !== 200) throw new Error(`PING answered ${res.status}`);
    }
    return { readyMsOnExistingDatabase: readyMs, ...(await idleSample(child.pid!)) };
  } finally {
    await stop(child);
  }
}

const GATEWAY_SCRIPT = `
import { createApp } from './src/app.ts';
import { loadConfig } from './src/config.ts';
import { createLogger } from './src/logger.ts';
import { createDiscordAdapter } from './src/adapters/discord/index.ts';
const config = loadConfig();
const app = await createApp({ config, log: createLogger(config) });
const adapter = await createDiscordAdapter(app, { mode: 'gateway', login: false });
await adapter.start();
console.log('ready');
setInterval(() => {}, 1 << 30);
`;

/** The gateway script bundled like `npm start` bundles the bot, so no TypeScript loader is measured. */
async function gatewayBundle(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(process.cwd(), 'dist', 'bench-gateway.mjs');
  await build({ stdin: { contents: GATEWAY_SCRIPT, resolveDir: process.cwd(), loader: 'ts' }, outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
  return outfile;
}

async function gatewayClient(dir: string) {
  const entry = await gatewayBundle();
  const child = spawn(process.execPath, [...START_FLAGS, entry], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `file:${path.join(dir, 'gateway.db')}`,
      SCHEDULER_ENABLED: 'false',
      DISCORD_TOKEN: 'bench-token',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let ready = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) ready = true;
    });
    await waitUntil(async () => ready, 'gateway client', child);
    return await idleSample(child.pid!);
  } finally {
    child.kill('SIGTERM');
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'pkes-bench-discord-'));
try {
  const http = await httpMode(dir);
  const gateway = await gatewayClient(dir);
  console.log(
    JSON.stringify(
      {
        bench: 'discord-idle',
        node: process.version,
        idleMs: IDLE_MS,
        nodeFlags: START_FLAGS.join(' '),
        http: { rssMiB: http.rssMiB, samplesMiB: http.samples, readyMsOnExistingDatabase: http.readyMsOnExistingDatabase },
        gatewayClient: { rssMiB: gateway.rssMiB, samplesMiB: gateway.samples },
        note: 'http: RSS of `npm start` (bundle + nodeFlags, scheduler on, HTTP-interactions mode) idle on an existing database; gatewayClient: the same bundle and flags with the discord.js gateway client built but not connected (no network here to open a session)',
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

