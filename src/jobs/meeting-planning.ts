import { eachCluster } from './job.ts';

/** Reminds the coordinator of a quarter without a network meeting and a year without a General Meeting. */
export const meetingPlanning = eachCluster('meeting-planning', '*/30 * * * *', 'meeting planning reminders', (services, cluster, now) => services.engagement.runPlanningReminders(cluster, now));
