import type { Job } from './job.ts';

/** Reminds the coordinator of a quarter without a network meeting and a year without a General Meeting. */
export const meetingPlanning: Job = {
  name: 'meeting-planning',
  schedule: '*/30 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      try {
        await services.engagement.runPlanningReminders(cluster, now);
      } catch (error) {
        log.error({ clusterId: cluster.id, err: error }, 'meeting planning reminders failed for a cluster');
      }
    }
  },
};
