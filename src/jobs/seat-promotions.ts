import type { Job } from './job.ts';

/**
 * A freed seat's notice is owed in the same commit as the seat (the delivery ledger); one whose
 * sender died before sending it is sent here, once, after the claim has gone stale.
 */
export const seatPromotionsJob: Job = {
  name: 'seat-promotions',
  schedule: '*/5 * * * *',
  async run(_now, { services, log }) {
    const told = await services.seats.finishPromotions();
    if (told) log.info({ told }, 'seat promotion notices finished');
  },
};
