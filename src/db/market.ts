import { CONSORTIUM_ROLES, OPPORTUNITY_STATUSES, PURCHASE_STATUSES, type ConsortiumRole, type OpportunityStatus, type PurchaseStatus } from '../core/vocabulary.ts';
import type { Client, Tx } from './client.ts';
import { reader } from './vocabulary-rows.ts';

type Db = Client | Tx;

const opportunityRow = reader('MarketOpportunity', { status: OPPORTUNITY_STATUSES });
const partRow = reader('ConsortiumPart', { role: CONSORTIUM_ROLES });
const purchaseRow = reader('JointPurchase', { status: PURCHASE_STATUSES });

export interface NewOpportunity {
  clusterId: string;
  memberId: string | null;
  authorPersonId: string;
  title: string;
  need: string;
  place: string;
  whenText: string;
  volume: string;
  sectors: string;
  deadline: Date;
  createdAt: Date;
}

export interface NewPurchase {
  clusterId: string;
  memberId: string;
  authorPersonId: string;
  item: string;
  unit: string;
  description: string;
  tiers: string;
  deadline: Date;
  createdAt: Date;
}

/** Market opportunities with their declarations and consortia; joint purchases and their sign-ups. */
export class MarketStore {
  constructor(private readonly db: Db) {}

  // ── opportunities and consortia ──────────────────────────────────────────────────────────

  async createOpportunity(data: NewOpportunity) {
    return opportunityRow.one(await this.db.marketOpportunity.create({ data }));
  }

  async opportunity(id: string) {
    return opportunityRow.maybe(await this.db.marketOpportunity.findUnique({ where: { id } }));
  }

  /** Newest first. */
  async opportunities(clusterId: string, statuses: readonly OpportunityStatus[], take = 100) {
    return opportunityRow.many(
      await this.db.marketOpportunity.findMany({ where: { clusterId, status: { in: [...statuses] } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take }),
    );
  }

  /** Opportunities still taking declarations whose deadline has come. */
  async opportunitiesPastDeadline(clusterId: string, since: Date, now: Date) {
    return opportunityRow.many(await this.db.marketOpportunity.findMany({ where: { clusterId, status: 'open', deadline: { lte: now, gt: since } }, orderBy: { deadline: 'asc' } }));
  }

  /** Moves the status only from one of `from`: two presses at once move it once. */
  async moveOpportunity(id: string, from: readonly OpportunityStatus[], data: { status: OpportunityStatus; leaderMemberId?: string; budgetGrosze?: number; marginGrosze?: number; marginBasisPoints?: number; formedAt?: Date }): Promise<boolean> {
    const { count } = await this.db.marketOpportunity.updateMany({ where: { id, status: { in: [...from] } }, data });
    return count === 1;
  }

  /** One declaration per organisation: a second one replaces the first. */
  async declare(data: { opportunityId: string; memberId: string; personId: string; part: string; capacity: string; priceGrosze: number | null; at: Date }) {
    const { at, ...fields } = data;
    return this.db.marketDeclaration.upsert({
      where: { opportunityId_memberId: { opportunityId: data.opportunityId, memberId: data.memberId } },
      create: { ...fields, createdAt: at },
      update: { personId: fields.personId, part: fields.part, capacity: fields.capacity, priceGrosze: fields.priceGrosze },
    });
  }

  declarations(opportunityId: string) {
    return this.db.marketDeclaration.findMany({ where: { opportunityId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Of these opportunities, those the organisation has declared on: one query. */
  async declaredBy(opportunityIds: string[], memberId: string): Promise<Set<string>> {
    if (opportunityIds.length === 0) return new Set();
    const rows = await this.db.marketDeclaration.findMany({ where: { opportunityId: { in: opportunityIds }, memberId }, select: { opportunityId: true } });
    return new Set(rows.map((r) => r.opportunityId));
  }

  async countDeclarations(opportunityIds: string[]): Promise<Map<string, number>> {
    if (opportunityIds.length === 0) return new Map();
    const rows = await this.db.marketDeclaration.groupBy({ by: ['opportunityId'], where: { opportunityId: { in: opportunityIds } }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.opportunityId, r._count._all]));
  }

  /** The consortium's members as chosen: replaces whatever was chosen before. */
  async setParts(opportunityId: string, parts: { memberId: string; role: ConsortiumRole; part: string; shareGrosze: number | null }[]) {
    await this.db.consortiumPart.deleteMany({ where: { opportunityId } });
    for (const p of parts) await this.db.consortiumPart.create({ data: { opportunityId, ...p } });
  }

  async parts(opportunityId: string) {
    return partRow.many(await this.db.consortiumPart.findMany({ where: { opportunityId }, orderBy: [{ role: 'asc' }, { id: 'asc' }] }));
  }

  /** Every consortium these organisations took part in, with its status: their track record. */
  async consortiaOf(memberIds: string[]) {
    if (memberIds.length === 0) return [];
    const parts = partRow.many(await this.db.consortiumPart.findMany({ where: { memberId: { in: memberIds } } }));
    const opportunities = opportunityRow.many(
      await this.db.marketOpportunity.findMany({ where: { id: { in: [...new Set(parts.map((p) => p.opportunityId))] } }, select: { id: true, status: true } }),
    );
    const status = new Map(opportunities.map((o) => [o.id, o.status]));
    return parts.map((p) => ({ memberId: p.memberId, role: p.role, opportunityId: p.opportunityId, status: status.get(p.opportunityId) ?? 'cancelled' }));
  }

  // ── joint purchases ──────────────────────────────────────────────────────────────────────

  async createPurchase(data: NewPurchase) {
    return purchaseRow.one(await this.db.jointPurchase.create({ data }));
  }

  async purchase(id: string) {
    return purchaseRow.maybe(await this.db.jointPurchase.findUnique({ where: { id } }));
  }

  async purchases(clusterId: string, statuses: readonly PurchaseStatus[], take = 100) {
    return purchaseRow.many(await this.db.jointPurchase.findMany({ where: { clusterId, status: { in: [...statuses] } }, orderBy: [{ deadline: 'asc' }, { id: 'asc' }], take }));
  }

  /** Purchases whose deadline passed since `since`, closed or not: a run that died after closing one is finished by the next. */
  async purchasesPastDeadline(clusterId: string, since: Date, now: Date) {
    return purchaseRow.many(await this.db.jointPurchase.findMany({ where: { clusterId, deadline: { lte: now, gt: since } }, orderBy: { deadline: 'asc' } }));
  }

  /**
   * Claims the purchase for one change: only while open and before its deadline, and raising its
   * version. The UPDATE locks the row (PostgreSQL), so changes to one purchase run one at a time
   * and each total below counts every change committed before it.
   */
  async claimPurchase(id: string, now: Date): Promise<boolean> {
    const { count } = await this.db.jointPurchase.updateMany({ where: { id, status: 'open', deadline: { gt: now } }, data: { version: { increment: 1 } } });
    return count === 1;
  }

  async setSignup(data: { purchaseId: string; memberId: string; personId: string; quantity: number; at: Date }) {
    const { at, ...fields } = data;
    await this.db.purchaseSignup.upsert({
      where: { purchaseId_memberId: { purchaseId: data.purchaseId, memberId: data.memberId } },
      create: { ...fields, createdAt: at },
      update: { quantity: fields.quantity, personId: fields.personId },
    });
  }

  async removeSignup(purchaseId: string, memberId: string): Promise<boolean> {
    const { count } = await this.db.purchaseSignup.deleteMany({ where: { purchaseId, memberId } });
    return count === 1;
  }

  /** Sums the sign-ups and stores the total on the purchase; returns the purchase as it now stands. */
  async retotal(purchaseId: string) {
    const sum = await this.db.purchaseSignup.aggregate({ where: { purchaseId }, _sum: { quantity: true } });
    return purchaseRow.one(await this.db.jointPurchase.update({ where: { id: purchaseId }, data: { totalQuantity: sum._sum.quantity ?? 0 } }));
  }

  signups(purchaseId: string) {
    return this.db.purchaseSignup.findMany({ where: { purchaseId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async setPurchaseMessageRef(id: string, messageRef: string) {
    await this.db.jointPurchase.update({ where: { id }, data: { messageRef } });
  }

  async closePurchaseIfOpen(id: string, status: Exclude<PurchaseStatus, 'open'>, at: Date): Promise<boolean> {
    const { count } = await this.db.jointPurchase.updateMany({ where: { id, status: 'open' }, data: { status, closedAt: at, version: { increment: 1 } } });
    return count === 1;
  }
}
