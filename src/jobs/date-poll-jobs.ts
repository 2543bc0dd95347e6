import { eachCluster } from './job.ts';

/**
 * Date polls: notices a crash left unsent, and the one reminder to those who have not answered
 * (`datePollReminderHours` after the poll opened). The delivery ledger sends each once.
 */
export const datePollJobs = eachCluster('date-poll-jobs', '*/15 * * * *', 'date poll reminders', async (services, cluster, now) => ({ reminded: await services.datePolls.runSchedule(cluster, now) }));
