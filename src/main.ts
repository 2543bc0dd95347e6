import { existsSync } from 'node:fs';
import { ConfigError, hasDiscord, hasSlack, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createApp } from './app.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';
import { startPlatforms } from './adapters/platforms.ts';

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

const stops: (() => Promise<void>)[] = [];
if (consoleMode) {
  const adapter = new ConsoleAdapter(app, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
  if (config.SCHEDULER_ENABLED) await app.scheduler.start();
  log.info({ ms: Math.round(performance.now() - startedAt) }, 'ready (console)');
  await adapter.run();
  await app.close();
  process.exit(0);
} else {
  try {
    stops.push(...(await startPlatforms(app)));
  } catch (error) {
    // A refused token or a port in use: say so in one line and exit, rather than a stack trace.
    log.fatal({ err: error }, `could not start: ${(error as Error).message}`);
    await app.close();
    process.exit(1);
  }
  if (config.SCHEDULER_ENABLED) await app.scheduler.start();
  log.info({ ms: Math.round(performance.now() - startedAt) }, 'ready');
}

async function shutdown(signal: string) {
  log.info({ signal }, 'shutting down');
  for (const stop of stops) await stop().catch((err: unknown) => log.error({ err }, 'stop failed'));
  await app.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
