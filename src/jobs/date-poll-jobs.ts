import type { Job } from './job.ts';

/**
 * Date polls: notices a crash left unsent, and the one reminder to those who have not answered
 * (`datePollReminderHours` after the poll opened). The delivery ledger sends each once.
 */
export const datePollJobs: Job = {
  name: 'date-poll-jobs',
  schedule: '*/15 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      const reminded = await services.datePolls.runSchedule(cluster, now);
      if (reminded) log.info({ clusterId: cluster.id, reminded }, 'date poll reminders sent');
    }
  },
};
