import { neutralizeMentions } from '../core/text.ts';
import { eachCluster } from './job.ts';

/**
 * Barter posts past their date close by themselves, and their owners hear about it; a few days
 * before (`barterExpiryNoticeDays`) owners are told, with a button to extend. The notice key holds
 * the date it warns about, so an extended post is warned again before its new date, never twice
 * for the same one.
 */
export const barterExpiryJob = eachCluster('barter-expiry', '*/15 * * * *', 'barter expiry notices', async (services, cluster, now) => {
  const { barter, deliveries } = services;
  const horizon = new Date(now.getTime() + cluster.settings.barterExpiryNoticeDays * 86_400_000);
  let expired = 0;
  let noticed = 0;
  for (const post of await barter.endingBefore(cluster, horizon)) {
    const title = neutralizeMentions(post.title);
    if (post.availableUntil.getTime() <= now.getTime()) {
      // Claimed before closing: a run that dies after the claim is taken over, and a post the
      // owner closed meanwhile is left alone (expire answers false, nothing is sent).
      const sent = await deliveries.once(cluster.id, `barter-expired:${post.id}`, 'barter-expired', async () => {
        if (!(await barter.expire(cluster, post.id, now))) return;
        return barter.tellOwner(
          cluster,
          post,
          ({ t, date }) => ({ title: t('barter.expiry.expiredTitle'), text: t('barter.expiry.expired', { title, until: date(post.availableUntil) }) }),
          'barter-expired',
        );
      });
      if (sent) expired++;
    } else if (post.type !== 'quickhelp') {
      const key = `barter-expiry-notice:${post.id}:${post.availableUntil.toISOString()}`;
      const sent = await deliveries.once(cluster.id, key, 'barter-expiry-notice', () =>
        barter.tellOwner(
          cluster,
          post,
          ({ t, date }) => ({
            title: t('barter.expiry.noticeTitle'),
            text: t('barter.expiry.notice', { title, until: date(post.availableUntil) }),
            fields: [{ label: t('barter.card.id'), value: post.id }],
            buttons: [{ label: t('barter.extend.button'), action: { command: 'barter', action: 'extend', args: [post.id] }, style: 'primary' }],
          }),
          'barter-expiry-notice',
        ),
      );
      if (sent) noticed++;
    }
  }
  return { expired, noticed };
});
