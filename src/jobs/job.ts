import type { ClusterContext } from '../core/actor.ts';
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

/**
 * A job that does the same in every cluster: `each` answers what it did there, as counts (logged
 * as `<what> sent` when any is not zero). A cluster that fails is logged and the others still run.
 */
export function eachCluster(
  name: string,
  schedule: string,
  what: string,
  each: (services: Services, cluster: ClusterContext, now: Date) => Promise<Record<string, number> | void>,
): Job {
  return {
    name,
    schedule,
    async run(now, { services, log }) {
      for (const cluster of await services.clusters.all()) {
        try {
          const counts = await each(services, cluster, now);
          if (counts && Object.values(counts).some(Boolean)) log.info({ clusterId: cluster.id, ...counts }, `${what} sent`);
        } catch (error) {
          log.error({ clusterId: cluster.id, err: error }, `${what} failed for a cluster`);
        }
      }
    },
  };
}
