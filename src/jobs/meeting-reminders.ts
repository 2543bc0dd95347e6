import type { Job } from './job.ts';

/** Reminders N days before each meeting (settings.meetingReminderDays) to its audience. */
export const meetingReminders: Job = {
  name: 'meeting-reminders',
  schedule: '*/10 * * * *',
  async run(now, { services, log }) {
    for (const cluster of await services.clusters.all()) {
      try {
        const sent = await services.engagement.runMeetingReminders(cluster, now);
        if (sent) log.info({ clusterId: cluster.id, sent }, 'meeting reminders sent');
      } catch (error) {
        log.error({ clusterId: cluster.id, err: error }, 'meeting reminders failed for a cluster');
      }
    }
  },
};
