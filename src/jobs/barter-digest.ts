import { DateTime } from 'luxon';
import type { TranslationKey } from '../core/i18n.ts';
import { neutralizeMentions } from '../core/text.ts';
import { placeLabel } from '../services/barter.ts';
import { eachCluster } from './job.ts';

/** Monday morning, cluster time: last week's new posts go to the barter channel. */
const DIGEST_HOUR = 9;

/**
 * The weekly digest of new offers and requests. One per ISO week and cluster (key
 * `barter-digest:<clusterId>:<isoWeek>`, the week it is posted in), covering the previous
 * Monday–Sunday in the cluster's time zone; a late run (downtime) still sends it that week, a
 * repeated one never again.
 */
export const barterDigestJob = eachCluster('barter-digest', '5 * * * *', 'barter digest', async (services, cluster, now) => {
  const { barter, deliveries, notifications } = services;
  const local = DateTime.fromJSDate(now, { zone: cluster.timeZone });
  const weekStart = local.startOf('week');
  if (local < weekStart.set({ hour: DIGEST_HOUR })) return;
  const from = weekStart.minus({ weeks: 1 });
  const posts = await barter.createdBetween(cluster, from.toJSDate(), weekStart.toJSDate());
  // A quiet week sends nothing rather than an empty digest.
  if (posts.length === 0) return;
  const orgs = new Map<string, string>();
  for (const id of new Set(posts.map((p) => p.memberId))) orgs.set(id, (await barter.contactOf(id)).name);
  const key = `barter-digest:${cluster.id}:${weekStart.toFormat("kkkk-'W'WW")}`;
  const sent = await deliveries.once(cluster.id, key, 'barter-digest', async () => {
    await notifications.toChannel(cluster.id, 'barter', ({ t, date }) => ({
      title: t('barter.digest.title'),
      text: [t('barter.digest.intro', { count: posts.length, from: date(from.toJSDate()) }), '', t('barter.digest.footer')].join('\n'),
      fields: posts.map((p) => ({
        label: t(`barter.type.${p.type}`),
        value: t('barter.digest.item', {
          title: neutralizeMentions(p.title),
          org: orgs.get(p.memberId) ?? '?',
          kind: t(`barter.kind.${p.kind}`),
          place: placeLabel(p.place, t),
          status: t(`barter.status.${p.status}`),
        }),
      })),
    }));
  });
  return { posts: sent ? posts.length : 0 };
});
