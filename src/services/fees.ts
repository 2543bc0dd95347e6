import { DateTime } from 'luxon';
import { isUniqueViolation, type Database } from '../db/index.ts';
import type { FeePaymentModel } from '../db/index.ts';
import type { ClusterContext } from '../core/actor.ts';
import type { CsvCell } from '../core/csv.ts';
import { DomainError } from '../core/errors.ts';
import type { Translate } from '../core/i18n.ts';
import { readAmount, readDate } from '../core/input.ts';
import { isInGoodStanding, type Category } from '../core/vocabulary.ts';
import type { ClusterService } from './clusters.ts';
import { bandLabel, collectsFees, feeDue, readFeeRules, type FeeDue, type FeeRules, type FeeRulesInput } from './fee-rules.ts';
import type { MemberService } from './members.ts';

export type FeePayment = FeePaymentModel;

/** An organisation's fee for a year: what it owes, what it paid, what is left. */
export interface FeeStanding {
  memberId: string;
  name: string;
  category: Category;
  employees: number | null;
  due: FeeDue;
  paid: number;
  /** Still to pay; negative when paid more than due. */
  balance: number;
  payments: FeePayment[];
}

export interface PaymentInput {
  member: string;
  amount: string;
  date: string;
  reference: string;
  year?: number | undefined;
}

const MAX_REFERENCE = 100;

/** A reference without case and spaces: "FV 12/2026" typed twice as "fv12/2026" is one payment. */
export function referenceKey(reference: string): string {
  return reference.normalize('NFKC').toLocaleLowerCase('pl').replace(/[\s\u00a0\u202f]+/g, '');
}

/** Grosze as the treasurer's spreadsheet takes them: "1234,50", no thousands separator, no currency. */
export function csvAmount(grosze: number): string {
  return `${Math.floor(grosze / 100)},${String(grosze % 100).padStart(2, '0')}`;
}

/**
 * Membership fees: the cluster's rules (settings), each organisation's standing for a year, and
 * payments the coordinator records from the bank statement. Recording is idempotent by the
 * payment's reference: the database holds one row per reference, so two coordinators recording
 * the same transfer at once count it once. Nothing here suspends anyone: an unpaid fee is listed
 * for the coordinator, whose decision a suspension stays.
 */
export class FeeService {
  constructor(
    private readonly db: Database,
    private readonly clusters: ClusterService,
    private readonly members: MemberService,
    private readonly now: () => Date,
  ) {}

  rules(cluster: ClusterContext): FeeRules {
    return cluster.settings.fees;
  }

  /** `/setup fees`: the form's text as the cluster's rules. */
  async setRules(cluster: ClusterContext, byPersonId: string, input: FeeRulesInput): Promise<FeeRules> {
    const rules = readFeeRules(input, cluster.settings.fees);
    const saved = (await this.clusters.updateSettings(cluster.id, { fees: rules })).settings.fees;
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'fee.rulesChanged', subjectType: 'cluster', subjectId: cluster.id, details: { from: cluster.settings.fees, to: saved } });
    return saved;
  }

  /** The running year in the cluster's zone. */
  currentYear(cluster: ClusterContext): number {
    return DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).year;
  }

  collects(cluster: ClusterContext): boolean {
    return collectsFees(cluster.settings.fees);
  }

  /** No rule, no fee: the cluster does not collect fees, and every fee command says so. */
  requireFees(cluster: ClusterContext): FeeRules {
    const rules = cluster.settings.fees;
    if (!collectsFees(rules)) throw new DomainError('fees.errors.notCollected');
    return rules;
  }

  /** One organisation's standing for a year; undefined for a year before it joined. */
  async standing(cluster: ClusterContext, memberId: string, year: number): Promise<FeeStanding | undefined> {
    const rules = this.requireFees(cluster);
    const member = await this.members.member(cluster, memberId);
    const payments = await this.db.fees.ofYear(cluster.id, year, member.id);
    return standingOf(rules, member, year, payments, cluster.timeZone);
  }

  /** Every organisation in good standing that owes something for the year (or paid something), by name. */
  async yearStandings(cluster: ClusterContext, year: number): Promise<FeeStanding[]> {
    const rules = this.requireFees(cluster);
    const [members, payments] = await Promise.all([this.db.members.all(cluster.id), this.db.fees.ofYear(cluster.id, year)]);
    const byMember = new Map<string, FeePayment[]>();
    for (const p of payments) byMember.set(p.memberId, [...(byMember.get(p.memberId) ?? []), p]);
    return members
      .map((m) => standingOf(rules, m, year, byMember.get(m.id) ?? [], cluster.timeZone, isInGoodStanding(m.status)))
      .filter((s): s is FeeStanding => s !== undefined && (s.due.total > 0 || s.paid > 0))
      .sort((a, b) => a.name.localeCompare(b.name, 'pl'));
  }

  /**
   * A payment from the bank statement. The same reference recorded again (a retry, a second
   * coordinator at the same moment) answers with the payment already there; a reference used for
   * another organisation or amount is refused rather than silently merged.
   */
  async record(cluster: ClusterContext, byPersonId: string, input: PaymentInput): Promise<{ payment: FeePayment; duplicate: boolean }> {
    this.requireFees(cluster);
    const member = await this.members.member(cluster, input.member);
    const amount = readAmount(input.amount, 'amount');
    if (amount <= 0) throw new DomainError('fees.errors.amountPositive', {}, { amount: 'core.validation.amount' });
    const paid = readDate(input.date, cluster.timeZone, 'date');
    if (paid > DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).endOf('day')) throw new DomainError('fees.errors.futureDate', { date: paid.toFormat('dd.MM.yyyy') }, { date: 'core.validation.date' });
    const reference = input.reference.trim();
    const key = referenceKey(reference);
    if (!key || reference.length > MAX_REFERENCE) throw new DomainError('fees.errors.badReference', {}, { reference: 'core.validation.required' });
    const data = { clusterId: cluster.id, memberId: member.id, year: input.year ?? paid.year, amount, paidOn: paid.toISODate()!, reference, referenceKey: key, recordedById: byPersonId };
    const earlier = await this.db.fees.byReference(cluster.id, key);
    if (earlier) return { payment: this.sameOrRefuse(earlier, data, member.name), duplicate: true };
    try {
      const payment = await this.db.createAudited(
        (tx) => tx.fees.create(data),
        (created) => ({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'fee.paymentRecorded', subjectType: 'member', subjectId: member.id, details: { paymentId: created.id, amount, year: created.year, reference } }),
      );
      return { payment, duplicate: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another coordinator recorded this reference a moment ago: theirs is the payment.
      const winner = await this.db.fees.byReference(cluster.id, key);
      if (!winner) throw error;
      return { payment: this.sameOrRefuse(winner, data, member.name), duplicate: true };
    }
  }

  private sameOrRefuse(existing: FeePayment, wanted: { memberId: string; amount: number; year: number }, name: string): FeePayment {
    if (existing.memberId === wanted.memberId && existing.amount === wanted.amount && existing.year === wanted.year) return existing;
    throw new DomainError('fees.errors.referenceTaken', { reference: existing.reference, org: name }, { reference: 'fees.errors.referenceField' });
  }

  /** The treasurer's table: one row per organisation, then the totals; amounts as "1234,50". */
  exportRows(standings: FeeStanding[], year: number, t: Translate, rules: FeeRules): CsvCell[][] {
    const sum = (f: (s: FeeStanding) => number) => standings.reduce((acc, s) => acc + f(s), 0);
    const toPay = (s: FeeStanding) => Math.max(0, s.balance);
    const over = (s: FeeStanding) => Math.max(0, -s.balance);
    return [
      (['organisation', 'category', 'year', 'band', 'entry', 'yearly', 'due', 'dueOn', 'paid', 'toPay', 'overpaid', 'references'] as const).map((c) => t(`fees.csv.${c}`)),
      ...standings.map((s) => [
        s.name,
        t(`membership.categories.${s.category}`),
        year,
        s.due.band ? bandLabel(rules.yearly, s.due.band, t) + (s.due.bandAssumed ? ` (${t('fees.csv.assumed')})` : '') : '',
        csvAmount(s.due.entry),
        csvAmount(s.due.yearly),
        csvAmount(s.due.total),
        s.due.dueOn.toFormat('dd.MM.yyyy'),
        csvAmount(s.paid),
        csvAmount(toPay(s)),
        csvAmount(over(s)),
        s.payments.map((p) => `${p.reference} (${DateTime.fromISO(p.paidOn).toFormat('dd.MM.yyyy')})`).join(', '),
      ]),
      [t('fees.csv.total'), '', year, '', csvAmount(sum((s) => s.due.entry)), csvAmount(sum((s) => s.due.yearly)), csvAmount(sum((s) => s.due.total)), '', csvAmount(sum((s) => s.paid)), csvAmount(sum(toPay)), csvAmount(sum(over)), ''],
    ];
  }
}

/**
 * What one organisation owes and paid. An organisation no longer in good standing owes nothing
 * more, but what it paid is still shown (the treasurer's table must add up to the bank's).
 */
function standingOf(
  rules: FeeRules,
  member: { id: string; name: string; category: Category; employees: number | null; joinedAt: Date },
  year: number,
  payments: FeePayment[],
  zone: string,
  owes = true,
): FeeStanding | undefined {
  const computed = feeDue(rules, member, year, zone);
  if (!computed) return undefined;
  const due = owes ? computed : { ...computed, entry: 0, yearly: 0, total: 0 };
  const paid = payments.reduce((acc, p) => acc + p.amount, 0);
  return { memberId: member.id, name: member.name, category: member.category, employees: member.employees, due, paid, balance: due.total - paid, payments };
}
