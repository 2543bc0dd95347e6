/**
 * Idle memory of the bot running with the Discord adapter (`tsx bench/discord-idle.ts`).
 *
 * Both run what `npm start` runs (the bundle dist/main.js with the Node flags of package.json),
 * scheduler on, on an existing database, answer five signed /about commands, then stay idle:
 * - `http`: HTTP-interactions mode (DISCORD_PUBLIC_KEY set), the commands POSTed to its endpoint;
 * - `gateway`: logged in over a real WebSocket session to a Discord stand-in on loopback
 *   (test/support/fake-discord-gateway.ts), the commands arriving as INTERACTION_CREATE.
 *
 * Prints JSON: RSS and heap in MiB per mode, sampled after the process has been idle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeDiscordGateway } from '../test/support/fake-discord-gateway.ts';
import { buildBundle, freePort, rssMiB, sleep } from './lib.ts';

const APP_ID = '100000000000000001';
const GUILD_ID = '200000000000000002';

/** A member's /about in the cluster's guild, as Discord delivers it over either transport. */
function aboutInteraction(i: number) {
  return {
    id: String(910000000000000000n + BigInt(i)),
    application_id: APP_ID,
    type: 2,
    token: `bench-${i}`,
    version: 1,
    guild_id: GUILD_ID,
    guild: { id: GUILD_ID, locale: 'pl', features: [] },
    channel_id: '500000000000000000',
    channel: { id: '500000000000000000', type: 0 },
    locale: 'pl',
    guild_locale: 'pl',
    member: { user: { id: '300000000000000003', username: 'ala', global_name: 'Ala', discriminator: '0', avatar: null }, roles: [], permissions: '2048', joined_at: '2026-01-01T00:00:00.000Z', nick: null, deaf: false, mute: false, flags: 0 },
    app_permissions: '2048',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 8388608,
    data: { id: '1', name: 'about', type: 1 },
  };
}

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 30_000);
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

/**
 * RSS once a second while the bot sits idle. The first sample is the memory just after the last
 * interaction; V8's memory reducer then compacts the heap once the process has been quiet for
 * about 8 s, so the last sample, after IDLE_MS, is the idle figure.
 */
async function idleSample(pid: number): Promise<{ rssMiB: number; justAfterMiB: number; samples: number[] }> {
  const samples: number[] = [];
  const steps = Math.max(1, Math.round(IDLE_MS / 1000));
  for (let i = 0; i < steps; i++) {
    await sleep(IDLE_MS / steps);
    samples.push(rssMiB(pid));
  }
  return { rssMiB: samples[samples.length - 1]!, justAfterMiB: samples[0]!, samples };
}

/**
 * `metrics`: the same with METRICS_ENABLED (prom-client, default process metrics and the bot's
 * own), /metrics scraped once after the commands, as Prometheus would.
 */
async function httpMode(dir: string, opts: { metrics?: boolean } = {}) {
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
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_HTTP_PORT: String(port),
        ...(opts.metrics ? { METRICS_ENABLED: 'true' } : {}),
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
    // A PING, then the same five /about commands the gateway run answers (each touches the database).
    for (let i = -1; i < 5; i++) {
      // Interaction ids of their own per run: the bot answers an id once, and the runs share a database.
      const body = JSON.stringify(i < 0 ? { id: '1', type: 1, application_id: APP_ID, token: 't', version: 1 } : aboutInteraction(i + (opts.metrics ? 100 : 0)));
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp } });
      if (res.status !== 200) throw new Error(`interaction ${i} answered ${res.status}`);
      const answer = (await res.json()) as { type: number };
      if (answer.type !== (i < 0 ? 1 : 4)) throw new Error(`interaction ${i} answered type ${answer.type}`);
    }
    if (opts.metrics) {
      const scrape = await fetch(`${url}metrics`);
      const text = await scrape.text();
      if (scrape.status !== 200 || !text.includes('pkes_interactions_total{')) throw new Error(`/metrics answered ${scrape.status} without the interaction counter`);
    }
    return { readyMsOnExistingDatabase: readyMs, ...(await idleSample(child.pid!)) };
  } finally {
    await stop(child);
  }
}

/**
 * `npm start` in gateway mode, logged in to a Discord stand-in on loopback (test/support): the real
 * WebSocket session, READY and a guild with channels and roles, a few interactions answered, then
 * idle. Start to ready is measured to the gateway's READY on an existing database.
 */
async function gatewayMode(dir: string) {
  const gateway = await startFakeDiscordGateway({ applicationId: APP_ID, guildId: GUILD_ID, channels: 40, roles: 20 });
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...START_FLAGS, 'dist/main.js'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // The database the HTTP run created and migrated: an existing one.
      DATABASE_URL: `file:${path.join(dir, 'http.db')}`,
      SCHEDULER_ENABLED: 'true',
      DISCORD_TOKEN: 'bench-token',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: gateway.apiUrl,
      // Its own /healthz server on a free port rather than the default 3000.
      OPS_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let ready = false;
    void gateway.ready().then(() => (ready = true));
    await waitUntil(async () => ready, 'gateway READY', child);
    const readyMs = Math.round(performance.now() - startedAt);
    // Ids after the HTTP run's: the bot answers an interaction id once, and this is its database.
    for (let i = 5; i < 10; i++) {
      gateway.dispatch('INTERACTION_CREATE', aboutInteraction(i));
      const callback = `/v10/interactions/${aboutInteraction(i).id}/bench-${i}/callback`;
      await waitUntil(async () => gateway.requests.some((r) => r.path === callback), 'interaction answered', child);
    }
    return { readyMsOnExistingDatabase: readyMs, identifies: gateway.identifies.length, ...(await idleSample(child.pid!)) };
  } finally {
    child.kill('SIGTERM');
    await gateway.close();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'pkes-bench-discord-'));
try {
  const http = await httpMode(dir);
  const httpMetrics = await httpMode(dir, { metrics: true });
  const gateway = await gatewayMode(dir);
  console.log(
    JSON.stringify(
      {
        bench: 'discord-idle',
        node: process.version,
        idleMs: IDLE_MS,
        nodeFlags: START_FLAGS.join(' '),
        http: { rssMiB: http.rssMiB, justAfterMiB: http.justAfterMiB, samplesMiB: http.samples, readyMsOnExistingDatabase: http.readyMsOnExistingDatabase },
        httpMetrics: { rssMiB: httpMetrics.rssMiB, justAfterMiB: httpMetrics.justAfterMiB, samplesMiB: httpMetrics.samples, readyMsOnExistingDatabase: httpMetrics.readyMsOnExistingDatabase },
        gateway: { rssMiB: gateway.rssMiB, justAfterMiB: gateway.justAfterMiB, samplesMiB: gateway.samples, readyMsOnExistingDatabase: gateway.readyMsOnExistingDatabase },
        note: 'RSS of `npm start` (bundle + nodeFlags, scheduler on) on an existing database after answering 5 interactions: justAfterMiB 1 s after the last, rssMiB after idleMs idle (V8 compacts the heap once the process has been quiet for about 8 s). http: HTTP-interactions mode; httpMetrics: the same with METRICS_ENABLED=true and /metrics scraped once after the commands; gateway: logged in over a real WebSocket session to a Discord stand-in on loopback (test/support/fake-discord-gateway.ts), READY plus one guild of 40 channels and 20 roles',
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

