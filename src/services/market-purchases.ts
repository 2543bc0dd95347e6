import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { readList } from '../core/input.ts';
import { formatMoney, readMoney } from '../core/money.ts';
import type { Button, Field } from '../core/reply.ts';
import { neutralizeMentions, userText } from '../core/text.ts';
import { inCluster, namesOf, readDeadline, requireOrganisation, runsIt, tellOrganisation, type Purchase } from './market.ts';
import { nextTier, readTiers, tierFor, writeTiers, type PriceTier } from './market-shares.ts';
import type { MessageBuilder, MessageTools, NotificationService } from './notifications.ts';

export interface PurchaseInput {
  item: string;
  unit: string;
  /** "1: 12,50; 50: 11,00; 100: 10,00": from how many units in total, what a unit costs. */
  tiers: string;
  deadline: string;
  description?: string | undefined;
}

/** A participant's line at the close: its quantity and what it pays at the tier reached. */
export interface Share {
  memberId: string;
  name: string;
  quantity: number;
  /** Grosze; null when no tier was reached. */
  amount: number | null;
}

/**
 * Joint purchases (the model's service area V): a member proposes an item with prices falling by
 * the total quantity; others sign up, change or withdraw until the deadline, and the card shows
 * the total and the tier reached as it moves. At the deadline the organiser gets the list and each
 * participant its share. Each change claims the purchase's row first, so two sign-ups at a tier's
 * edge are counted together and neither is lost.
 */
export class PurchaseService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}

  async get(cluster: ClusterContext, id: string): Promise<Purchase> {
    return inCluster(await this.db.market.purchase(id.trim()), cluster, 'market.errors.purchaseNotFound', id);
  }

  tiers(purchase: Purchase): PriceTier[] {
    return readTiers(purchase.tiers);
  }

  async propose(cluster: ClusterContext, actor: Actor, input: PurchaseInput): Promise<Purchase> {
    const memberId = requireOrganisation(actor);
    const tiers = readTierText(input.tiers);
    const deadline = readDeadline(input.deadline, cluster.timeZone, this.now(), true);
    const purchase = await this.db.createAudited((tx) => tx.market.createPurchase({
      clusterId: cluster.id,
      memberId,
      authorPersonId: actor.personId,
      item: input.item.trim(),
      unit: input.unit.trim(),
      description: (input.description ?? '').trim(),
      tiers: writeTiers(tiers),
      deadline,
      createdAt: this.now(),
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'market.purchaseProposed', subjectType: 'jointPurchase', subjectId: created.id }));
    const organiser = (await namesOf(this.db, [memberId])).get(memberId) ?? '?';
    const ref = await this.notifications.toChannel(cluster.id, 'barter', (tools) => purchaseCard(purchase, organiser, tools));
    if (ref) await this.db.market.setPurchaseMessageRef(purchase.id, ref);
    return (await this.db.market.purchase(purchase.id))!;
  }

  /** Signs up (or changes) the actor's organisation's quantity; 0 withdraws. Returns the purchase as it now stands. */
  async signUp(cluster: ClusterContext, actor: Actor, id: string, quantity: number): Promise<{ purchase: Purchase; quantity: number }> {
    const memberId = requireOrganisation(actor);
    const purchase = await this.get(cluster, id);
    const now = this.now();
    const after = await this.db.transaction(async (tx) => {
      if (!(await tx.market.claimPurchase(purchase.id, now))) throw new DomainError('market.errors.purchaseClosed', { item: neutralizeMentions(purchase.item) });
      if (quantity > 0) await tx.market.setSignup({ purchaseId: purchase.id, memberId, personId: actor.personId, quantity, at: now });
      else if (!(await tx.market.removeSignup(purchase.id, memberId))) throw new DomainError('market.errors.notSignedUp');
      return tx.market.retotal(purchase.id);
    });
    await this.refreshCard(cluster, after);
    return { purchase: after, quantity };
  }

  /** The organisation's current quantity, if signed up. */
  async quantityOf(purchase: Purchase, memberId: string | undefined): Promise<number | undefined> {
    if (!memberId) return undefined;
    return (await this.db.market.signups(purchase.id)).find((s) => s.memberId === memberId)?.quantity;
  }

  /** Open purchases, the nearest deadline first. */
  async list(cluster: ClusterContext) {
    const rows = await this.db.market.purchases(cluster.id, ['open']);
    const names = await namesOf(this.db, rows.map((r) => r.memberId));
    return rows.map((r) => ({ ...r, organiser: names.get(r.memberId) ?? '?' }));
  }

  async suggestions(cluster: ClusterContext, actor: Actor, typed: string, scope: 'open' | 'run'): Promise<Purchase[]> {
    const rows = await this.db.market.purchases(cluster.id, scope === 'open' ? ['open'] : ['open', 'closed', 'cancelled']);
    const wanted = typed.trim().toLocaleLowerCase('pl');
    return rows
      .filter((p) => scope === 'open' || runsIt(actor, p.memberId))
      .filter((p) => !wanted || p.id === typed.trim() || p.item.toLocaleLowerCase('pl').includes(wanted))
      .slice(0, 25);
  }

  /** Every participant's quantity and, at the tier the total reached, what it pays. */
  async shares(purchase: Purchase): Promise<{ shares: Share[]; tier: PriceTier | undefined; total: number }> {
    const signups = await this.db.market.signups(purchase.id);
    const names = await namesOf(this.db, signups.map((s) => s.memberId));
    const total = signups.reduce((sum, s) => sum + s.quantity, 0);
    const tier = tierFor(this.tiers(purchase), total);
    return { total, tier, shares: signups.map((s) => ({ memberId: s.memberId, name: names.get(s.memberId) ?? '?', quantity: s.quantity, amount: tier ? s.quantity * tier.price : null })) };
  }

  /** The organiser (or the coordinator) sees the list any time. */
  async runnable(cluster: ClusterContext, actor: Actor, id: string): Promise<Purchase> {
    const purchase = await this.get(cluster, id);
    if (!runsIt(actor, purchase.memberId)) throw new DomainError('market.errors.notOrganiser');
    return purchase;
  }

  async organiserName(purchase: Purchase): Promise<string> {
    return (await namesOf(this.db, [purchase.memberId])).get(purchase.memberId) ?? '?';
  }

  // ── the deadline (called by the job, which makes each message exactly-once) ────────────────

  /** Purchases whose deadline came in the last week: closed and told once each (the job's ledger). */
  pastDeadline(cluster: ClusterContext, now: Date) {
    return this.db.market.purchasesPastDeadline(cluster.id, new Date(now.getTime() - 7 * 86_400_000), now);
  }

  /** Closes a purchase at its deadline: closed when a tier was reached, else cancelled. False if already closed. */
  async close(cluster: ClusterContext, purchase: Purchase, now: Date): Promise<boolean> {
    const fresh = (await this.db.market.purchase(purchase.id))!;
    const reached = tierFor(this.tiers(fresh), fresh.totalQuantity) !== undefined;
    const closed = await this.db.market.closePurchaseIfOpen(purchase.id, reached ? 'closed' : 'cancelled', now);
    if (closed) {
      await this.db.audit.record({ clusterId: cluster.id, actorPersonId: null, action: 'market.purchaseClosed', subjectType: 'jointPurchase', subjectId: purchase.id, details: { total: fresh.totalQuantity, reached } });
      await this.refreshCard(cluster, (await this.db.market.purchase(purchase.id))!);
    }
    return closed;
  }

  /** Tells one participant its share (or that the minimum was not reached). */
  tellShare(cluster: ClusterContext, purchase: Purchase, share: Share, build: MessageBuilder) {
    return tellOrganisation(this.db, this.notifications, cluster.id, share.memberId, build, 'market-purchase-share');
  }

  tellOrganiser(cluster: ClusterContext, purchase: Purchase, build: MessageBuilder) {
    return tellOrganisation(this.db, this.notifications, cluster.id, purchase.memberId, build, 'market-purchase-list');
  }

  /**
   * Re-renders the card until what it shows is the newest version: two changes at once may send
   * their updates out of order, and the one that finds a newer version renders again.
   */
  private async refreshCard(cluster: ClusterContext, purchase: Purchase): Promise<void> {
    let current = purchase;
    const organiser = await this.organiserName(purchase);
    for (let round = 0; round < 5 && current.messageRef; round++) {
      const shown = current;
      await this.notifications.updateChannelMessage(cluster.id, shown.messageRef!, (tools) => purchaseCard(shown, organiser, tools));
      current = (await this.db.market.purchase(purchase.id))!;
      if (current.version === shown.version) return;
    }
  }

}

/** "1: 12,50; 50: 11,00" (also "od 50: 11 zł", one tier a line) → tiers ascending by minimum, prices falling. */
export function readTierText(text: string): PriceTier[] {
  const tiers: PriceTier[] = [];
  for (const item of readList(text)) {
    const match = /^(?:od|from)?\s*(\d{1,7})\s*[^\d:=]*[:=]\s*(.+)$/i.exec(item);
    const price = match ? readMoney(match[2]!) : undefined;
    if (!match || price === undefined || price === 0 || Number(match[1]) < 1) throw new DomainError('market.errors.tiers', { value: item }, { tiers: 'market.errors.tiersField' });
    tiers.push({ min: Number(match[1]), price });
  }
  if (tiers.length === 0) throw new DomainError('market.errors.tiers', { value: text.trim() }, { tiers: 'market.errors.tiersField' });
  tiers.sort((a, b) => a.min - b.min);
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.min === tiers[i - 1]!.min || tiers[i]!.price >= tiers[i - 1]!.price) throw new DomainError('market.errors.tiersOrder');
  }
  return tiers;
}

/** The public card: the item, the tiers with the one reached marked, the total, the deadline. */
export function purchaseCard(p: Purchase, organiser: string, { t, locale, dateTime }: Pick<MessageTools, 't' | 'locale' | 'dateTime'>) {
  const tiers = readTiers(p.tiers);
  const reached = tierFor(tiers, p.totalQuantity);
  const next = nextTier(tiers, p.totalQuantity);
  const unit = neutralizeMentions(p.unit);
  const open = p.status === 'open';
  const fields: Field[] = [
    { label: t('market.purchase.tiers'), value: tiers.map((tier) => `${tier === reached ? '▶ ' : ''}${t('market.purchase.tierLine', { min: tier.min, unit, price: formatMoney(tier.price, locale) })}`).join('\n') },
    { label: t('market.purchase.total'), value: `${p.totalQuantity} ${unit}`, inline: true },
    { label: t('market.purchase.reached'), value: reached ? t('market.purchase.reachedPrice', { price: formatMoney(reached.price, locale), unit }) : t('market.purchase.notReached'), inline: true },
    ...(open && next ? [{ label: t('market.purchase.next'), value: t('market.purchase.nextLine', { count: next.min - p.totalQuantity, unit, price: formatMoney(next.price, locale) }), inline: true }] : []),
    { label: t('market.purchase.deadline'), value: dateTime(p.deadline), inline: true },
    { label: t('market.purchase.organiser'), value: userText(organiser), inline: true },
    { label: t('market.purchase.status'), value: t(`market.purchaseStatus.${p.status}`), inline: true },
  ];
  const buttons: Button[] = open ? [{ label: t('market.purchase.joinButton'), action: { command: 'purchase', action: 'join', args: [p.id] }, style: 'primary' }] : [];
  return {
    title: t('market.purchase.cardTitle', { item: userText(neutralizeMentions(p.item)) }),
    ...(p.description ? { text: userText(neutralizeMentions(p.description)) } : {}),
    fields,
    buttons,
    tone: open ? ('info' as const) : ('success' as const),
  };
}
