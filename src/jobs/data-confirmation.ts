import { DateTime } from 'luxon';
import { neutralizeMentions } from '../core/text.ts';
import type { Job } from './job.ts';

/**
 * The duty to keep organisation data current: once the data is older than `dataConfirmationMonths`
 * (a year by default), the representatives are asked to confirm it. Keyed by organisation and the
 * date of the last confirmation, so it goes out once per due confirmation and again a year after
 * the next one.
 */
export const dataConfirmationReminders: Job = {
  name: 'data-confirmation-reminders',
  schedule: '0 9 * * *',
  async run(now, { services }) {
    const { members, deliveries, notifications } = services;
    for (const cluster of await services.clusters.all()) {
      const before = DateTime.fromJSDate(now, { zone: cluster.timeZone }).minus({ months: cluster.settings.dataConfirmationMonths }).toJSDate();
      for (const member of await members.dataNotConfirmedSince(cluster, before)) {
        const key = `member-data:${member.id}:${member.dataConfirmedAt.toISOString().slice(0, 10)}`;
        await deliveries.once(cluster.id, key, 'membership.dataConfirmation', async () => {
          // The catalogue entries are the organisation's data too: shown, to be edited or confirmed with the rest.
          const entries = await services.catalogue.ofMember(cluster, member.id, member.name);
          for (const person of await members.representativesOf(member.id)) {
            await notifications.toPerson(
              cluster.id,
              person.id,
              ({ t, date }) => ({
                title: t('membership.reminders.dataTitle'),
                text: [
                  t('membership.reminders.data', { org: member.name, confirmed: date(member.dataConfirmedAt) }),
                  entries.length
                    ? [t('catalogue.reminder.entries'), ...entries.map((e) => t('catalogue.reminder.entryLine', { title: neutralizeMentions(e.title), sector: neutralizeMentions(e.sector), area: neutralizeMentions(e.area) }))].join('\n')
                    : t('catalogue.reminder.none'),
                ].join('\n\n'),
                buttons: [
                  { label: t('catalogue.reminder.confirmButton'), action: { command: 'member', action: 'confirm' }, style: 'success' },
                  { label: t('catalogue.reminder.editButton'), action: { command: 'catalogue', action: 'mine' }, style: 'secondary' },
                ],
              }),
              'membership.dataConfirmation',
            );
          }
        });
      }
    }
  },
};
