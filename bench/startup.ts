/**
 * Start to ready of what `npm start` runs (the esbuild bundle dist/main.js with the Node flags of
 * package.json) with the Discord adapter in HTTP interactions mode, on an existing database (the
 * seeded benchmark one). That mode needs no network, so the figure is the bot's own: loading,
 * migration check, adapter start.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { freePort, rssMiB, sleep } from './lib.ts';

export interface StartupResult {
  /** From spawning the process until the interactions endpoint answers (node + bundle + app + adapter). */
  spawnToServingMs: number;
  /** The bot's own "ready" log line: from main.ts starting createApp to the adapters listening. */
  readyLogMs: number | null;
  rssAtReadyMiB: number;
  rssAfterIdleMiB: number;
  idleMs: number;
}




export async function measureStartup(root: string, nodeFlags: string[], databaseUrl: string, idleMs = 5000): Promise<StartupResult> {
  const { publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, 'dist/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_STARTUP_LOG_LEVEL ?? 'info',
      DATABASE_URL: databaseUrl,
      SCHEDULER_ENABLED: 'false',
      DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString('hex'),
      DISCORD_APPLICATION_ID: '100000000000000001',
      DISCORD_HTTP_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let readyLogMs: number | null = null;
  const errors: string[] = [];
  // The logger may write to either stream; both are read for the "ready" line and kept for a failure report.
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        try {
          const entry = JSON.parse(line) as { msg?: string; ms?: number; level?: number };
          if (entry.msg === 'ready' && typeof entry.ms === 'number') readyLogMs = entry.ms;
          if ((entry.level ?? 0) >= 50) errors.push(line);
        } catch {
          errors.push(line);
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
  }
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${errors.slice(-3).join(' / ').slice(0, 1000)}`);
      if (performance.now() - started > 60_000) throw new Error('the bot did not get ready within 60 s');
      const status = await fetch(url, { method: 'POST', body: '{}' }).then((r) => r.status, () => 0);
      // An unsigned request refused: the endpoint is up and verifying signatures.
      if (status === 401) break;
      await sleep(20);
    }
    const spawnToServingMs = Math.round(performance.now() - started);
    const rssAtReadyMiB = rssMiB(child.pid!);
    await sleep(idleMs);
    return { spawnToServingMs, readyLogMs, rssAtReadyMiB, rssAfterIdleMiB: rssMiB(child.pid!), idleMs };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}
