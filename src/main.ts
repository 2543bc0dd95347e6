import { existsSync } from 'node:fs';
import { ConfigError, hasDiscord, hasSlack, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { createApp } from './app.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';
import { startPlatforms, type PlatformHandle } from './adapters/platforms.ts';
import { startOpsServer } from './ops/server.ts';
import { exitOnSignals, gracefulShutdown } from './ops/shutdown.ts';

// Settings come from the environment; a .env file beside package.json fills it in when present.
if (existsSync('.env')) process.loadEnvFile('.env');

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const consoleMode = !hasDiscord(config) && !hasSlack(config);
// At a terminal, log lines would interleave with the chat: keep them to warnings unless asked.
const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? { ...config, LOG_LEVEL: 'warn' } : config);
const startedAt = performance.now();
const app = await createApp({ config, log });
// The first burst of presses after a start (a General Meeting vote) finds its connections open.
await app.db.openConnections();

const platforms: PlatformHandle[] = [];
let closeOpsServer: (() => Promise<void>) | undefined;
const shutdown = exitOnSignals(log, () =>
  gracefulShutdown({ app, platforms, ...(closeOpsServer ? { after: closeOpsServer } : {}), drainMs: config.SHUTDOWN_DRAIN_MS, graceMs: config.SHUTDOWN_GRACE_MS }),
);

/**
 * Where /healthz, /readyz and /metrics are served: an HTTP interactions endpoint serves them
 * itself; otherwise the bot's own port (gateway and Socket Mode by default, the console when set).
 */
function opsPort(c: Config): number | undefined {
  if (c.OPS_PORT !== undefined) return c.OPS_PORT;
  if (consoleMode) return undefined;
  const httpEndpoint = (hasDiscord(c) && c.DISCORD_PUBLIC_KEY) || (hasSlack(c) && !c.SLACK_APP_TOKEN);
  return httpEndpoint ? undefined : 3000;
}

try {
  const port = opsPort(config);
  if (port !== undefined) {
    const ops = await startOpsServer(app.routes, port, config.OPS_HOST);
    closeOpsServer = ops.close;
    log.info({ port: ops.port }, 'ops endpoints listening (/healthz, /readyz' + (app.metrics ? ', /metrics)' : ')'));
  }
  if (consoleMode) {
    const adapter = new ConsoleAdapter(app, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    // Stopping reads no further line; the one being answered counts as in flight until it is done.
    platforms.push({ name: 'console', ready: () => true, stop: async () => void app.inflight.track(adapter.stop()) });
    app.health.setPlatforms(platforms);
    // Whatever fell due while the bot was down is caught up before the first line is read.
    if (config.SCHEDULER_ENABLED) await app.scheduler.start();
    // The end of input (or :quit) closes the bot the same careful way a signal does.
    if (!app.health.shuttingDown) void adapter.run().then(() => shutdown.trigger('end of input'));
  } else {
    platforms.push(...(await startPlatforms(app)));
    app.health.setPlatforms(platforms);
  }
} catch (error) {
  // A refused token or a port in use: say so in one line and exit, rather than a stack trace.
  log.fatal({ err: error }, `could not start: ${(error as Error).message}`);
  for (const p of platforms) await p.stop().catch(() => undefined);
  await closeOpsServer?.();
  await app.close();
  process.exit(1);
}
if (config.SCHEDULER_ENABLED && !consoleMode && !app.health.shuttingDown) await app.scheduler.start();
log.info({ ms: Math.round(performance.now() - startedAt) }, consoleMode ? 'ready (console)' : 'ready');
