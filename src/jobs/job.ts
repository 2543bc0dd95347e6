import type { Services } from '../core/services.ts';
import type { Logger } from '../logger.ts';

export interface JobContext {
  services: Services;
  log: Logger;
}

/**
 * A scheduled duty. `run(now)` looks at what is due at `now` in every cluster's own time zone
 * and sends it through DeliveryService.once, so a run may repeat, overlap or come late (catch-up
 * after downtime) and each message still goes out exactly once.
 */
export interface Job {
  name: string;
  /** How often to look (node-cron syntax, UTC); what is due is decided by `run`, not by this. */
  schedule: string;
  run(now: Date, ctx: JobContext): Promise<void>;
}
