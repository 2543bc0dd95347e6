import type { Job } from './job.ts';

/**
 * Inactivity nudges on each cluster's `nudgeCron` (`nudgeCronLastQuarter` in Q4), in its own time
 * zone. This job only looks often; the engagement service decides what is due at `now`.
 */
export const inactivityNudges: Job = {
  name: 'inactivity-nudges',
  schedule: '*/10 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      try {
        const nudged = await services.engagement.runNudges(cluster, now);
        if (nudged) log.info({ clusterId: cluster.id, nudged }, 'inactivity nudges sent');
      } catch (error) {
        log.error({ clusterId: cluster.id, err: error }, 'inactivity nudges failed for a cluster');
      }
    }
  },
};
