import { eachCluster } from './job.ts';

/**
 * A passed motion's tasks: the reminder before the due date, the overdue notice after it and the
 * coordinator's digest of overdue tasks, on local dates. The task schedule decides what is due at
 * `now`; the delivery ledger keeps each message single across runs, restarts and replicas.
 */
export const motionTasksJob = eachCluster('motion-tasks', '*/10 * * * *', 'motion task reminders', (services, cluster, now) => services.governance.taskSchedule.run(cluster, now));
