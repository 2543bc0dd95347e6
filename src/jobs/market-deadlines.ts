import { csvAttachment } from '../core/csv.ts';
import { formatMoney } from '../core/money.ts';
import { neutralizeMentions } from '../core/text.ts';
import { purchaseRows } from '../services/market-exports.ts';
import { eachCluster } from './job.ts';

/**
 * Deadlines of the cluster's economy. A joint purchase whose deadline has come closes (cancelled
 * when no price tier was reached); its organiser gets the list as CSV and each participant its
 * share. An opportunity whose declarations closed: whoever runs it is told, with the button that
 * forms the consortium. Each message has its own key, so it goes out once.
 */
export const marketDeadlinesJob = eachCluster('market-deadlines', '*/5 * * * *', 'market deadline notices', async (services, cluster, now) => {
  const { purchases, opportunities, deliveries } = services;
  let closed = 0;
  for (const due of await purchases.pastDeadline(cluster, now)) {
    if (due.status === 'open' && (await purchases.close(cluster, due, now))) closed++;
    const purchase = (await purchases.get(cluster, due.id));
    const { shares, tier, total } = await purchases.shares(purchase);
    const item = neutralizeMentions(purchase.item);
    const unit = neutralizeMentions(purchase.unit);
    await deliveries.once(cluster.id, `purchase-list:${purchase.id}`, 'market-purchase-list', () =>
      purchases.tellOrganiser(cluster, purchase, (tools) => ({
        title: tools.t('market.purchase.closedTitle', { item }),
        text: tier
          ? tools.t('market.purchase.closedOrganiser', { total, unit, price: formatMoney(tier.price, tools.locale), count: shares.length })
          : tools.t('market.purchase.cancelledOrganiser', { total, unit }),
        attachments: [csvAttachment(`zakup-${purchase.id}`, purchaseRows(purchase, shares, tier, tools))],
      })),
    );
    for (const share of shares) {
      await deliveries.once(cluster.id, `purchase-share:${purchase.id}:${share.memberId}`, 'market-purchase-share', () =>
        purchases.tellShare(cluster, purchase, share, (tools) => ({
          title: tools.t('market.purchase.closedTitle', { item }),
          text: tier && share.amount !== null
            ? tools.t('market.purchase.share', { quantity: share.quantity, unit, price: formatMoney(tier.price, tools.locale), amount: formatMoney(share.amount, tools.locale), total })
            : tools.t('market.purchase.cancelledShare', { total, unit }),
          tone: tier ? ('success' as const) : ('warning' as const),
        })),
      );
    }
  }
  let told = 0;
  for (const opportunity of await opportunities.pastDeadline(cluster, now)) {
    if (await deliveries.once(cluster.id, `opportunity-deadline:${opportunity.id}`, 'market-deadline', () => opportunities.tellDeadline(cluster, opportunity))) told++;
  }
  return { closed, told };
});
