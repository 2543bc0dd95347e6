import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { isDateText, isDateTimeText, readDate, readDateTime } from '../core/input.ts';
import type { TranslationKey } from '../core/i18n.ts';
import { readMoney } from '../core/money.ts';
import { isInGoodStanding } from '../core/vocabulary.ts';
import { fold } from './barter.ts';
import type { MessageBuilder, NotificationService } from './notifications.ts';

/*
 * What the cluster's economy shares (service areas I and V beyond barter): market opportunities
 * and consortia (market-opportunities.ts, market-consortia.ts), joint purchases
 * (market-purchases.ts); the arithmetic is in market-shares.ts.
 */

/** Lengths enforced by the command schemas and the forms alike. */
export const MARKET_LIMITS = { title: 100, text: 1000, short: 80, part: 300, unit: 20, tiers: 300 } as const;

export type Opportunity = NonNullable<Awaited<ReturnType<Database['market']['opportunity']>>>;
export type Purchase = NonNullable<Awaited<ReturnType<Database['market']['purchase']>>>;

/** The organisation the actor speaks for, in good standing: only such a member takes part in the market. */
export function requireOrganisation(actor: Actor): string {
  if (!actor.member || !isInGoodStanding(actor.member.status)) throw new DomainError('market.errors.notMember');
  return actor.member.id;
}

/** An amount typed by a person, in grosze; a clear message naming the field when it is not one. */
export function moneyOf(text: string, field: string): number {
  const grosze = readMoney(text);
  if (grosze === undefined) throw new DomainError('market.errors.money', { value: text.trim() }, { [field]: 'market.errors.moneyField' });
  return grosze;
}

/**
 * Whether a profile (what an organisation offers, its sectors) fits the words of an opportunity:
 * a phrase found whole, or a long word by its stem ("gastronomia" fits "usługi gastronomiczne").
 */
export function fits(words: readonly string[], profile: string): boolean {
  const text = fold(profile);
  if (!text) return false;
  const stems = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5).map((w) => w.slice(0, 6));
  return words.some((phrase) => {
    const p = fold(phrase);
    if (p.length >= 3 && text.includes(p)) return true;
    return p.split(/[^\p{L}\p{N}]+/u).some((w) => w.length >= 5 && stems.includes(w.slice(0, 6)));
  });
}

/** Messages every representative of an organisation, each in their language. */
export async function tellOrganisation(db: Database, notifications: NotificationService, clusterId: string, memberId: string, build: MessageBuilder, kind: string): Promise<void> {
  for (const person of await db.members.representatives(memberId)) await notifications.toPerson(clusterId, person.id, build, kind);
}

/** The names of organisations by id, for cards and exports. */
export async function namesOf(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.barter.membersByIds([...new Set(ids)]);
  return new Map(rows.map((m) => [m.id, m.name]));
}

/** Is this someone who runs the record: the coordinator, or a representative of the organisation that posted it. */
export function runsIt(actor: Actor, memberId: string | null): boolean {
  return actor.roles.has('coordinator') || (memberId !== null && actor.member?.id === memberId);
}

export function inCluster<T extends { clusterId: string }>(row: T | null, cluster: ClusterContext, error: TranslationKey, id: string): T {
  if (!row || row.clusterId !== cluster.id) throw new DomainError(error, { id });
  return row;
}

/**
 * A market deadline, an opportunity's or a joint purchase's: a day, meant to its end, or where
 * `withTime` allows it also a day and an hour. One that has already passed is refused.
 */
export function readDeadline(text: string, timeZone: string, now: Date, withTime: boolean): Date {
  const value = text.trim();
  if (!isDateText(value) && !(withTime && isDateTimeText(value))) throw new DomainError('market.errors.deadlineInvalid', { value }, { deadline: 'market.errors.deadlineInvalidField' });
  const at = withTime ? readDateTime(value, timeZone, 'deadline', { dateAlone: 'end' }).at : readDate(value, timeZone, 'deadline').endOf('day').toJSDate();
  if (at.getTime() <= now.getTime()) throw new DomainError('market.errors.deadlinePast', { value }, { deadline: 'market.errors.deadlinePastField' });
  return at;
}
