import type { App } from '../app.ts';
import type { Logger } from '../logger.ts';

export interface Stoppable {
  name: string;
  /** Stops accepting work; may wait for requests already received. */
  stop(): Promise<void>;
}

export interface ShutdownPlan {
  app: App;
  /** The platform adapters, stopped first (no new interactions). */
  platforms: readonly Stoppable[];
  /** Stopped last, after the database: the bot's own HTTP server (probes see 503 until then). */
  after?: () => Promise<void>;
  drainMs: number;
  graceMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The graceful stop, in order: readiness turns false (and stays so for drainMs while the bot still
 * serves, so a load balancer sends nothing new); the adapters stop accepting; interactions in flight
 * finish; the scheduler stops after its current job; SQLite's WAL is checkpointed; the database
 * closes. Waiting for work is bounded by graceMs in total. Returns whether nothing was cut short.
 */
export async function gracefulShutdown({ app, platforms, after, drainMs, graceMs }: ShutdownPlan): Promise<boolean> {
  const { log } = app;
  app.health.shuttingDown = true;
  log.info({ inFlight: app.inflight.size, drainMs, graceMs }, 'shutting down: not ready');
  if (drainMs > 0) await sleep(drainMs);
  const deadline = Date.now() + graceMs;
  const left = () => Math.max(0, deadline - Date.now());

  // An HTTP endpoint's close waits for its open requests, so it is bounded like the rest.
  const stopped = await Promise.race([
    Promise.all(platforms.map((p) => p.stop().catch((err: unknown) => log.error({ err, platform: p.name }, 'stop failed')))).then(() => true),
    sleep(left()).then(() => false),
  ]);
  log.info({ inFlight: app.inflight.size }, 'shutting down: no longer accepting interactions');
  const answered = await app.inflight.idle(left());
  if (!answered) log.warn({ inFlight: app.inflight.size }, 'shutting down: interactions still in flight after the grace period');
  await app.close(left());
  await after?.().catch((err: unknown) => log.warn({ err }, 'ops server close failed'));
  log.info({ answered, stopped }, 'shut down');
  return answered && stopped;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * SIGTERM and SIGINT start `stop` once; the process exits 0 when it completes. A second signal
 * exits at once (128 + the signal's number), as an operator pressing Ctrl-C twice expects.
 */
export function exitOnSignals(log: Logger, stop: (signal: string) => Promise<unknown>): { trigger(reason: string): void } {
  let started = false;
  const trigger = (reason: string) => {
    started = true;
    stop(reason).then(
      () => process.exit(0),
      (err: unknown) => {
        log.fatal({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      if (started) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(128 + number);
      }
      log.info({ signal }, 'signal received');
      trigger(signal);
    });
  }
  return {
    trigger: (reason) => {
      if (!started) trigger(reason);
    },
  };
}
