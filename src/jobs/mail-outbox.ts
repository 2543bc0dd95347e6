import type { Job } from './job.ts';

/**
 * Sends the e-mail outbox (retries wait their turn there), and finishes General Meeting notices a
 * restart interrupted. Every minute: a convocation should not wait long for its e-mail.
 */
export const mailOutboxJob: Job = {
  name: 'mail-outbox',
  schedule: '* * * * *',
  async run(_now, { services, log }) {
    try {
      const finished = await services.generalMeetings.finishAnnouncements();
      if (finished) log.info({ finished }, 'general meeting notices finished');
    } catch (error) {
      log.error({ err: error }, 'finishing general meeting notices failed');
    }
    await services.mail.drain();
  },
};
