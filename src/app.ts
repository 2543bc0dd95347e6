import { commands as allCommands } from '../commands/index.ts';
import type { CommandDefinition } from './core/command.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { CommandRegistry, Dispatcher } from './core/dispatcher.ts';
import { HttpRoutes } from './core/http-routes.ts';
import { InFlight } from './core/inflight.ts';
import { noObserver } from './core/observer.ts';
import type { Services } from './core/services.ts';
import { createServices } from './services/index.ts';
import { mailPolicy, smtpMailer } from './ops/mailer.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';
import { jobs as allJobs } from './jobs/index.ts';
import type { Job } from './jobs/job.ts';
import { Scheduler } from './jobs/scheduler.ts';
import type { Logger } from './logger.ts';
import { Health } from './ops/health.ts';
import type { Metrics } from './ops/metrics.ts';
import { registerOpsRoutes } from './ops/routes.ts';
import { registerCalendarRoutes } from './ops/calendar-feed.ts';

export interface App {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  services: Services;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  /** The bot's own HTTP routes: /healthz, /readyz, /metrics, and any a feature adds. */
  routes: HttpRoutes;
  health: Health;
  /** Interactions accepted and not yet answered (graceful shutdown waits for them). */
  inflight: InFlight;
  /** Present when METRICS_ENABLED. */
  metrics?: Metrics;
  /** Stops the scheduler after its current job (within graceMs), checkpoints SQLite's WAL, closes the database. */
  close(graceMs?: number): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  commands?: CommandDefinition[];
  jobs?: Job[];
}

/** The composition root: database (migrated), services, command core and scheduler. */
export async function createApp({ config, log, clock = systemClock, commands = allCommands, jobs = allJobs }: AppOptions): Promise<App> {
  // prom-client is loaded only when metrics are on: an idle bot without them carries none of it.
  const metrics = config.METRICS_ENABLED ? new (await import('./ops/metrics.ts')).Metrics() : undefined;
  const observer = metrics ?? noObserver;
  const db = await openDatabase(config.DATABASE_URL, { log, ...(metrics ? { onError: (kind: string) => metrics.databaseError(kind) } : {}) });
  if (db.appliedMigrations.length) log.info({ migrations: db.appliedMigrations }, 'database migrated');
  const services = createServices({ db, clock, log, defaults: { locale: config.DEFAULT_LOCALE, timeZone: config.DEFAULT_TIME_ZONE }, observer, publicUrl: config.PUBLIC_URL, mail: { mailer: smtpMailer(config), policy: mailPolicy(config) } });
  const inflight = new InFlight();
  const dispatcher = new Dispatcher({ registry: new CommandRegistry(commands), services, log, now: () => clock.now(), observer, inflight });
  const scheduler = new Scheduler(jobs, { services, log }, clock, observer);
  const routes = new HttpRoutes();
  const health = new Health(db);
  registerOpsRoutes(routes, health, metrics, config.METRICS_TOKEN);
  registerCalendarRoutes(routes, services.calendar);
  // The secret ballot's heartbeat: this process's sign of life, and the public key replicas seal to.
  services.governance.secret.start();
  return {
    config,
    log,
    clock,
    db,
    services,
    dispatcher,
    scheduler,
    routes,
    health,
    inflight,
    ...(metrics ? { metrics } : {}),
    async close(graceMs) {
      if (!(await scheduler.stop(graceMs))) log.warn({ graceMs }, 'a scheduler job was still running at shutdown; its unsent messages are taken over on the next run');
      // Pending secret ballots go to a live replica before this process's key vanishes.
      await services.governance.secret.stop();
      await db.checkpoint().catch((err: unknown) => log.warn({ err }, 'WAL checkpoint failed'));
      await db.close();
    },
  };
}
