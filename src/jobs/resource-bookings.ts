import type { Job } from './job.ts';

/**
 * Shared equipment and spaces: a day before a confirmed booking starts, the booking organisation
 * is reminded (with the owner and the period in local time); once it has ended, the owner is asked
 * to confirm the return. Each message has its own key in the delivery ledger, so it goes out once.
 */
export const resourceBookingsJob: Job = {
  name: 'resource-bookings',
  schedule: '*/10 * * * *',
  async run(now, { services, log }) {
    const { bookings, deliveries } = services;
    for (const cluster of await services.clusters.all()) {
      try {
        let reminded = 0;
        let asked = 0;
        for (const booking of await bookings.startingSoon(cluster, now)) {
          if (await deliveries.once(cluster.id, `booking-reminder:${booking.id}`, 'resource-reminder', () => bookings.remind(cluster, booking))) reminded++;
        }
        for (const booking of await bookings.ended(cluster, now)) {
          if (await deliveries.once(cluster.id, `booking-return:${booking.id}`, 'resource-return', () => bookings.askReturn(cluster, booking))) asked++;
        }
        if (reminded || asked) log.info({ clusterId: cluster.id, reminded, asked }, 'resource bookings handled');
      } catch (error) {
        log.error({ clusterId: cluster.id, err: error }, 'resource bookings failed for a cluster');
      }
    }
  },
};
