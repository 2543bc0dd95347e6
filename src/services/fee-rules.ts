import { DateTime } from 'luxon';
import { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import { readAmount, readList } from '../core/input.ts';
import { formatMoney, MAX_GROSZE, readMoney } from '../core/money.ts';
import type { Locale, Translate } from '../core/i18n.ts';
import type { Category } from '../core/vocabulary.ts';

/**
 * A cluster's fee rules, as its regulations set them (shared/domain.md, "Fees"). The PKES model
 * starts without fees and may add a one-off entry fee "to keep out passive members"; a yearly fee
 * "adequate to the size and means of the entity" comes in bands by the number of employees, and
 * supporting members (business, local government) pay a fee of their own. W-M KES and KPES: none.
 * Amounts are whole grosze.
 */
const grosze = () => z.number().int().min(0).max(MAX_GROSZE);

export const feeBandSchema = z.object({ maxEmployees: z.number().int().min(0).optional(), amount: grosze() });

export const feeRulesSchema = z.object({
  /** One-off, owed in the year an organisation joins; 0: none. */
  entry: grosze().default(0),
  /** Main members' yearly fee by size, smallest band first; the last band has no limit. Empty: none. */
  yearly: z.array(feeBandSchema).max(10).default([]),
  /** Supporting members' yearly fee, instead of the bands; 0: none. */
  supporting: grosze().default(0),
  /** Month and day (MM-DD) the year's fee is due. */
  dueDate: z.string().regex(/^\d{2}-\d{2}$/).default('03-31'),
  /** Days before the due date that the unpaid are reminded (once a year). */
  reminderLeadDays: z.number().int().min(1).max(90).default(14),
  /** Days past the due date after which an unpaid organisation is listed in the coordinator's digest. */
  overdueDays: z.number().int().min(1).max(365).default(30),
});

export type FeeRules = z.output<typeof feeRulesSchema>;
export type FeeBand = z.output<typeof feeBandSchema>;

/** No fees: every cluster model's default. */
export const NO_FEES: FeeRules = feeRulesSchema.parse({});

/** Whether the cluster collects any fee at all. */
export function collectsFees(rules: FeeRules): boolean {
  return rules.entry > 0 || rules.supporting > 0 || rules.yearly.some((b) => b.amount > 0);
}

/**
 * A newcomer that joins after the year's due date has this many days to pay (its entry fee and
 * that year's fee), so nobody is "overdue" on the day it is admitted.
 */
export const NEWCOMER_DAYS = 30;

export interface FeeDue {
  year: number;
  entry: number;
  yearly: number;
  total: number;
  /** The band the yearly fee came from (main members with bands). */
  band?: FeeBand;
  /** No employee count in the profile: the smallest band was taken. */
  bandAssumed: boolean;
  /** The local day the fee is due. */
  dueOn: DateTime;
}

/** The band for a number of employees; unknown employees take the smallest band (said so where shown). */
export function bandFor(bands: readonly FeeBand[], employees: number | null): FeeBand | undefined {
  if (!bands.length) return undefined;
  if (employees === null) return bands[0];
  return bands.find((b) => b.maxEmployees === undefined || employees <= b.maxEmployees) ?? bands.at(-1);
}

/** What an organisation owes for `year` and by when; undefined for a year before it joined. */
export function feeDue(rules: FeeRules, member: { category: Category; employees: number | null; joinedAt: Date }, year: number, zone: string): FeeDue | undefined {
  const joined = DateTime.fromJSDate(member.joinedAt, { zone }).startOf('day');
  if (joined.year > year) return undefined;
  const band = member.category === 'main' ? bandFor(rules.yearly, member.employees) : undefined;
  const yearly = member.category === 'main' ? (band?.amount ?? 0) : rules.supporting;
  const entry = joined.year === year ? rules.entry : 0;
  const [month, day] = rules.dueDate.split('-').map(Number) as [number, number];
  // 29 February in a common year: the last day of February.
  const due = DateTime.fromObject({ year, month, day: Math.min(day, DateTime.fromObject({ year, month }, { zone }).daysInMonth ?? 28) }, { zone }).startOf('day');
  const newcomer = joined.plus({ days: NEWCOMER_DAYS });
  return {
    year,
    entry,
    yearly,
    total: entry + yearly,
    ...(band ? { band } : {}),
    // One band for every size needs no employee count.
    bandAssumed: Boolean(band) && member.employees === null && rules.yearly.length > 1,
    dueOn: joined.year === year && newcomer > due ? newcomer : due,
  };
}

// ── the rules as typed in /setup fees ────────────────────────────────────────────────────────

/** Words that mean "no fee" in a field (besides leaving it empty or typing 0). */
const NONE = /^(brak|nie ma|none|-|–)?$/i;

/** An amount typed in a field; "0", "brak", "none" or nothing mean no fee. */
function amountOf(text: string | undefined, field: string): number {
  const value = (text ?? '').trim();
  return NONE.test(value) ? 0 : readAmount(value, field);
}

/**
 * "9: 200 zł; 49: 500 zł; 1000 zł": up to 9 employees 200 zł, up to 49 500 zł, above 1000 zł.
 * One amount alone is the same fee for every size. Limits must grow; only the last may lack one.
 */
export function readBands(text: string | undefined, field = 'yearly'): FeeBand[] {
  const items = NONE.test((text ?? '').trim()) ? [] : readList(text);
  const bands: FeeBand[] = [];
  for (const [i, item] of items.entries()) {
    const match = /^(\d{1,6})\s*(?:os(?:ób|oby|\.)?|employees|people)?\s*:\s*(.+)$/i.exec(item);
    const amount = readMoney(match ? match[2]! : item);
    const last = i === items.length - 1;
    if (amount === undefined || (!match && !last)) throw new DomainError('fees.errors.badBands', { value: item }, { [field]: 'fees.errors.bandsField' });
    const max = match ? Number(match[1]) : undefined;
    const previous = bands.at(-1)?.maxEmployees;
    if (max !== undefined && previous !== undefined && max <= previous) throw new DomainError('fees.errors.bandsOrder', { value: item }, { [field]: 'fees.errors.bandsField' });
    bands.push(max === undefined ? { amount } : { maxEmployees: max, amount });
  }
  return bands;
}

/** "31.03" or "31.03." or "03-31" → "03-31". */
export function readDueDate(text: string | undefined, field = 'due'): string {
  const value = (text ?? '').trim().replace(/\.$/, '');
  const eu = /^(\d{1,2})[./](\d{1,2})$/.exec(value);
  const iso = /^(\d{2})-(\d{2})$/.exec(value);
  const [day, month] = eu ? [Number(eu[1]), Number(eu[2])] : iso ? [Number(iso[2]), Number(iso[1])] : [0, 0];
  // Any leap year accepts 29 February; it is moved to the 28th in a common one.
  if (!DateTime.fromObject({ year: 2024, month, day }).isValid) throw new DomainError('fees.errors.badDueDate', { value }, { [field]: 'fees.errors.dueDateField' });
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface FeeRulesInput {
  entry?: string | undefined;
  yearly?: string | undefined;
  supporting?: string | undefined;
  due?: string | undefined;
  reminders?: string | undefined;
}

/** "14/30" or "14, 30": days before the due date to remind, days after it to list the unpaid. */
function readReminderDays(text: string | undefined, current: FeeRules): { reminderLeadDays: number; overdueDays: number } {
  const value = (text ?? '').trim();
  if (!value) return { reminderLeadDays: current.reminderLeadDays, overdueDays: current.overdueDays };
  const match = /^(\d{1,3})\s*[/,;]\s*(\d{1,3})$/.exec(value);
  const lead = Number(match?.[1]);
  const overdue = Number(match?.[2]);
  if (!match || lead < 1 || lead > 90 || overdue < 1 || overdue > 365) throw new DomainError('fees.errors.badReminders', { value }, { reminders: 'fees.errors.remindersField' });
  return { reminderLeadDays: lead, overdueDays: overdue };
}

/** The form's text as rules, each field checked with a message naming it. */
export function readFeeRules(input: FeeRulesInput, current: FeeRules): FeeRules {
  return feeRulesSchema.parse({
    entry: amountOf(input.entry, 'entry'),
    yearly: readBands(input.yearly),
    supporting: amountOf(input.supporting, 'supporting'),
    dueDate: input.due?.trim() ? readDueDate(input.due) : current.dueDate,
    ...readReminderDays(input.reminders, current),
  });
}

/** The rules as the form shows them again, so a change starts from what is set. */
export function feeRulesText(rules: FeeRules, locale: Locale): Required<FeeRulesInput> {
  const money = (g: number) => (g ? formatMoney(g, locale) : '0');
  return {
    entry: money(rules.entry),
    yearly: rules.yearly.map((b) => (b.maxEmployees === undefined ? formatMoney(b.amount, locale) : `${b.maxEmployees}: ${formatMoney(b.amount, locale)}`)).join('; '),
    supporting: money(rules.supporting),
    due: dayMonth(rules.dueDate),
    reminders: `${rules.reminderLeadDays}/${rules.overdueDays}`,
  };
}

/** "03-31" → "31.03". */
export function dayMonth(mmdd: string): string {
  const [month, day] = mmdd.split('-');
  return `${day}.${month}`;
}

/** A band as a reader says it: "do 9 osób", "powyżej 49 osób", "niezależnie od wielkości". */
export function bandLabel(bands: readonly FeeBand[], band: FeeBand, t: Translate): string {
  if (band.maxEmployees !== undefined) return t('fees.band.upTo', { count: band.maxEmployees });
  const previous = bands.at(-2)?.maxEmployees;
  return previous === undefined ? t('fees.band.any') : t('fees.band.above', { count: previous });
}

/** "100,00 zł (niezależnie od wielkości)" for one band; "do 9 osób: 200,00 zł; powyżej 9 osób: 500,00 zł" for several. */
function yearlyBands(bands: readonly FeeBand[], t: Translate, money: (grosze: number) => string): string {
  if (!bands.length) return t('fees.rules.noFee');
  const only = bands.length === 1 ? bands[0]! : undefined;
  // "niezależnie od wielkości: 100,00 zł" read as a label with nothing to tell apart.
  if (only && only.maxEmployees === undefined) return `${money(only.amount)} (${t('fees.band.any')})`;
  return bands.map((b) => `${bandLabel(bands, b, t)}: ${money(b.amount)}`).join('; ');
}

/** The rules in lines, for /fee rules and /setup settings. */
export function describeFeeRules(rules: FeeRules, t: Translate, locale: Locale): string[] {
  if (!collectsFees(rules)) return [t('fees.rules.none')];
  const money = (g: number) => formatMoney(g, locale);
  return [
    t('fees.rules.entry', { amount: rules.entry ? money(rules.entry) : t('fees.rules.noFee') }),
    t('fees.rules.yearly', { bands: yearlyBands(rules.yearly, t, money) }),
    t('fees.rules.supporting', { amount: rules.supporting ? money(rules.supporting) : t('fees.rules.noFee') }),
    t('fees.rules.due', { date: dayMonth(rules.dueDate) }),
    t('fees.rules.reminders', { lead: rules.reminderLeadDays, overdue: rules.overdueDays }),
  ];
}
