import type { Job } from './job.ts';

/**
 * Working-group duties: a leader whose group has gone without a meeting longer than its rhythm
 * allows is reminded once per gap; a group empty for `emptyGroupDays` is flagged to the
 * Coordinating Team once per empty period. Both go through the delivery ledger, so hourly runs,
 * restarts and replicas send each message once.
 */
export const groupRemindersJob: Job = {
  name: 'group-reminders',
  schedule: '17 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      const reminded = await services.groupMeetings.remindQuietGroups(cluster, services.deliveries, now);
      const flagged = await services.groupMembership.flagEmptyGroups(cluster, services.deliveries, now);
      if (reminded || flagged) log.info({ clusterId: cluster.id, reminded, flagged }, 'working-group reminders sent');
    }
  },
};
