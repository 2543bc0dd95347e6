import { eachCluster } from './job.ts';

/**
 * Inactivity nudges on each cluster's `nudgeCron` (`nudgeCronLastQuarter` in Q4), in its own time
 * zone. This job only looks often; the engagement service decides what is due at `now`.
 */
export const inactivityNudges = eachCluster('inactivity-nudges', '*/10 * * * *', 'inactivity nudges', async (services, cluster, now) => ({ nudged: await services.engagement.runNudges(cluster, now) }));
