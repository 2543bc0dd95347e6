import type { Job } from './job.ts';

/**
 * A passed motion's tasks: the reminder before the due date, the overdue notice after it and the
 * coordinator's digest of overdue tasks, on local dates. The task schedule decides what is due at
 * `now`; the delivery ledger keeps each message single across runs, restarts and replicas.
 */
export const motionTasksJob: Job = {
  name: 'motion-tasks',
  schedule: '*/10 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      try {
        const sent = await services.governance.taskSchedule.run(cluster, now);
        if (sent.reminded || sent.overdue) log.info({ clusterId: cluster.id, ...sent }, 'motion task reminders sent');
      } catch (error) {
        log.error({ clusterId: cluster.id, err: error }, 'motion task reminders failed for a cluster');
      }
    }
  },
};
