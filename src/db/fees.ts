import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

export interface NewFeePayment {
  clusterId: string;
  memberId: string;
  year: number;
  amount: number;
  paidOn: string;
  reference: string;
  referenceKey: string;
  recordedById: string;
}

/** Membership fee payments, as the coordinator recorded them. */
export class FeeStore {
  constructor(private readonly db: Db) {}

  /** Throws a unique violation when the reference is already recorded in the cluster. */
  create(data: NewFeePayment) {
    return this.db.feePayment.create({ data });
  }

  byReference(clusterId: string, referenceKey: string) {
    return this.db.feePayment.findUnique({ where: { clusterId_referenceKey: { clusterId, referenceKey } } });
  }

  /** A year's payments, oldest first; of one organisation when given. */
  ofYear(clusterId: string, year: number, memberId?: string) {
    return this.db.feePayment.findMany({ where: { clusterId, year, ...(memberId ? { memberId } : {}) }, orderBy: [{ paidOn: 'asc' }, { createdAt: 'asc' }] });
  }
}
