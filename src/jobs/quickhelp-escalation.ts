import { neutralizeMentions } from '../core/text.ts';
import { placeLabel } from '../services/barter.ts';
import { eachCluster } from './job.ts';

/**
 * A quick-help request nobody answered within `quickHelpEscalationHours` (or by two hours before
 * its deadline, when that is sooner) goes to the coordinator, once per request (the delivery key),
 * however often the job runs.
 */
export const quickHelpEscalationJob = eachCluster('quickhelp-escalation', '*/10 * * * *', 'quick help escalations', async (services, cluster, now) => {
  const { quickHelp, deliveries, notifications } = services;
  const hours = cluster.settings.quickHelpEscalationHours;
  let escalated = 0;
  for (const post of await quickHelp.dueForEscalation(cluster, now)) {
    if ((await quickHelp.countResponses(post.id)) > 0) continue;
    const owner = await quickHelp.contactOf(post.memberId);
    const sent = await deliveries.once(cluster.id, `quickhelp-escalation:${post.id}`, 'quickhelp-escalation', async () => {
      await quickHelp.markEscalated(post.id, now);
      await notifications.toRoles(
        cluster.id,
        ['coordinator'],
        ({ t, dateTime }) => ({
          title: t('barter.quickHelp.escalationTitle'),
          text: t('barter.quickHelp.escalation', {
            org: owner.name,
            title: neutralizeMentions(post.title),
            place: placeLabel(post.place, t),
            until: dateTime(post.availableUntil),
            hours,
            id: post.id,
          }),
          tone: 'warning',
        }),
        'quickhelp-escalation',
      );
    });
    if (sent) escalated++;
  }
  return { escalated };
});
