import type { Job } from './job.ts';

/**
 * Membership fees: the reminder before the due date, the notice after it (each once per
 * organisation and year) and the coordinator's digest of fees unpaid past the cluster's limit.
 * It never suspends anyone: that stays the coordinator's justified decision.
 */
export const feeRemindersJob: Job = {
  name: 'fee-reminders',
  schedule: '*/30 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      try {
        const sent = await services.feeReminders.run(cluster, now);
        if (sent.reminded || sent.overdue) log.info({ clusterId: cluster.id, ...sent }, 'fee reminders sent');
      } catch (error) {
        log.error({ clusterId: cluster.id, err: error }, 'fee reminders failed for a cluster');
      }
    }
  },
};
