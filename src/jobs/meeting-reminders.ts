import { eachCluster } from './job.ts';

/** Reminders N days before each meeting (settings.meetingReminderDays) to its audience. */
export const meetingReminders = eachCluster('meeting-reminders', '*/10 * * * *', 'meeting reminders', async (services, cluster, now) => ({ sent: await services.engagement.runMeetingReminders(cluster, now) }));
