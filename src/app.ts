import { commands as allCommands } from '../commands/index.ts';
import type { CommandDefinition } from './core/command.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { CommandRegistry, Dispatcher } from './core/dispatcher.ts';
import type { Services } from './core/services.ts';
import { createServices } from './services/index.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';
import { jobs as allJobs } from './jobs/index.ts';
import type { Job } from './jobs/job.ts';
import { Scheduler } from './jobs/scheduler.ts';
import type { Logger } from './logger.ts';

export interface App {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  services: Services;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  commands?: CommandDefinition[];
  jobs?: Job[];
  onQuery?: (sql: string) => void;
}

/** The composition root: database (migrated), services, command core and scheduler. */
export async function createApp({ config, log, clock = systemClock, commands = allCommands, jobs = allJobs, onQuery }: AppOptions): Promise<App> {
  const db = await openDatabase(config.DATABASE_URL, { onQuery });
  if (db.appliedMigrations.length) log.info({ migrations: db.appliedMigrations }, 'database migrated');
  const services = createServices({ db, clock, log, defaults: { locale: config.DEFAULT_LOCALE, timeZone: config.DEFAULT_TIME_ZONE } });
  const dispatcher = new Dispatcher({ registry: new CommandRegistry(commands), services, log, now: () => clock.now() });
  const scheduler = new Scheduler(jobs, { services, log }, clock);
  return {
    config,
    log,
    clock,
    db,
    services,
    dispatcher,
    scheduler,
    async close() {
      await scheduler.stop();
      await db.close();
    },
  };
}
