import type { Job } from './job.ts';

/**
 * Deletes personal data past its retention period, once a day. Nothing is sent, and what is
 * deleted is not found again, so repeated, overlapping or late runs do no harm. Logs counts only.
 */
export const retentionJob: Job = {
  name: 'retention',
  schedule: '20 3 * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      const result = await services.privacy.applyRetention(cluster, now);
      if (result.refusedApplicationsDeleted + result.endedMembers > 0) log.info({ clusterId: cluster.id, ...result }, 'retention applied');
    }
  },
};
