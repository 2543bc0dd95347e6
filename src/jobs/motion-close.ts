import type { Job } from './job.ts';

/**
 * Opens motions whose voting window began and closes those whose window ended, posting each
 * result once. Runs every minute and at start, so a window that ended during downtime closes on
 * the first run after the restart.
 */
export const motionCloseJob: Job = {
  name: 'motion-close',
  schedule: '* * * * *',
  run: (now, { services }) => services.governance.runSchedule(now),
};
