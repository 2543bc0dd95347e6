import type { Job } from './job.ts';

/** How long a platform delivery id is remembered: far beyond Slack's and Discord's retry windows. */
export const PROCESSED_EVENT_DAYS = 7;

/** Forgets platform delivery ids no retry can repeat any more, so the dedupe table stays small. */
export const housekeepingJob: Job = {
  name: 'housekeeping',
  schedule: '17 4 * * *',
  async run(now, { services, log }) {
    const removed = await services.deliveries.forgetEventsBefore(new Date(now.getTime() - PROCESSED_EVENT_DAYS * 86_400_000));
    if (removed > 0) log.info({ removed }, 'old platform delivery ids forgotten');
  },
};
