import type { Job } from './job.ts';

/** Polls past their deadline close and post results; a day before, non-respondents are reminded once. */
export const pollJobs: Job = {
  name: 'poll-jobs',
  schedule: '*/5 * * * *',
  run: async (now, { services }) => {
    await services.polls.runSchedule(now);
    await services.polls.remindNonRespondents(now);
  },
};
