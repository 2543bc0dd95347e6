import type { Job } from './job.ts';

/** A day before a motion closes, organisations that have not voted (only them) are reminded, once. */
export const voteRemindersJob: Job = {
  name: 'vote-reminders',
  schedule: '*/15 * * * *',
  run: async (now, { services }) => {
    await services.governance.remindNonVoters(now);
  },
};
