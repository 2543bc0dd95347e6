import { DateTime } from 'luxon';
import { ENDED_STATUSES, type ActivityKind, type ApplicationStatus, type Category, type MemberStatus, type PostType } from '../core/vocabulary.ts';
import { classify } from './activity.ts';

/*
 * The numbers of the yearly evaluation, made from the rows the evaluation store reads. Pure
 * functions of those rows, the year's bounds and the cluster's settings: what a chart shows, its
 * CSV holds and the Markdown summary explains is the same table.
 */

export interface YearWindow {
  year: number;
  zone: string;
  start: Date;
  end: Date;
  /** The moment the numbers are taken at: the year's end, or now for the running year. */
  asOf: Date;
}

export interface MemberRow {
  id: string;
  name: string;
  category: Category;
  status: MemberStatus;
  joinedAt: Date;
  statusChangedAt: Date | null;
}

export const month = (d: Date, zone: string): string => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM');

/** The twelve months of a year, `yyyy-MM`. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** The months from `from` to `to` inclusive, `yyyy-MM`. */
export function monthRange(from: DateTime, to: DateTime): string[] {
  const out: string[] = [];
  for (let m = from.startOf('month'); m <= to; m = m.plus({ months: 1 })) out.push(m.toFormat('yyyy-MM'));
  return out;
}

/** A member at `at`: joined by then, and its membership had not ended before `since`. */
export function wasMember(m: MemberRow, since: Date, at: Date): boolean {
  if (m.joinedAt >= at) return false;
  const ended = (ENDED_STATUSES as readonly string[]).includes(m.status);
  return !(ended && m.statusChangedAt && m.statusChangedAt < since);
}

const median = (values: number[]): number | null => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

// --- Activities per month by kind ---------------------------------------------------------------

export interface ActivityMonthRow {
  month: string;
  kind: ActivityKind;
  count: number;
}

/** Every month × kind of the year, zeros included, so the CSV has the whole grid. */
export function activitiesByMonth(w: YearWindow, rows: { kind: ActivityKind; date: Date }[], kinds: readonly ActivityKind[]): ActivityMonthRow[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${month(r.date, w.zone)}|${r.kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return monthsOf(w.year).flatMap((m) => kinds.map((kind) => ({ month: m, kind, count: counts.get(`${m}|${kind}`) ?? 0 })));
}

// --- Members by standing, over the years ----------------------------------------------------------

export const STANDING_GROUPS = ['met', 'atRisk', 'inactive'] as const;
export type StandingGroup = (typeof STANDING_GROUPS)[number];

export interface StandingYearRow {
  year: number;
  met: number;
  atRisk: number;
  inactive: number;
  members: number;
}

/**
 * Each year's members placed as the duty placed them at that year's end (or today): met the
 * minimum; below it but active within `atRiskMonths` (at risk); below it and silent longer (inactive).
 */
export function standingsOverYears(
  windows: YearWindow[],
  members: MemberRow[],
  activities: { memberId: string; date: Date }[],
  rules: { required: number; atRiskMonths: number },
): StandingYearRow[] {
  const byMember = new Map<string, Date[]>();
  for (const a of activities) byMember.set(a.memberId, [...(byMember.get(a.memberId) ?? []), a.date]);
  return windows.map((w) => {
    const row: StandingYearRow = { year: w.year, met: 0, atRisk: 0, inactive: 0, members: 0 };
    for (const m of members) {
      if (!wasMember(m, w.start, w.asOf)) continue;
      const dates = byMember.get(m.id) ?? [];
      const count = dates.filter((d) => d >= w.start && d < w.end).length;
      const before = dates.filter((d) => d < w.end);
      const lastActivity = before.length ? new Date(Math.max(...before.map((d) => d.getTime()))) : null;
      const s = classify({ count, required: rules.required, lastActivity, joinedAt: m.joinedAt, asOf: w.asOf, atRiskMonths: rules.atRiskMonths, zone: w.zone });
      row[s === 'onTrack' ? 'met' : s === 'atRisk' ? 'atRisk' : 'inactive'] += 1;
      row.members += 1;
    }
    return row;
  });
}

// --- Admissions -------------------------------------------------------------------------------------

export interface AdmissionRow {
  orgName: string;
  status: ApplicationStatus;
  submitted: string;
  decided: string | null;
  /** Calendar days from application to decision (local dates), or waited so far while open. */
  days: number;
  withinRule: boolean;
}

export interface Admissions {
  submitted: number;
  decided: number;
  decidedWithinRule: number;
  /** Open at the time of the numbers and already past the rule. */
  openPastRule: number;
  ruleDays: number;
  byMonth: { month: string; submitted: number; decided: number }[];
  /** Every application decided in the year, and every one still open, in order of submission. */
  rows: AdmissionRow[];
}

export function admissions(w: YearWindow, apps: { orgName: string; status: ApplicationStatus; submittedAt: Date; decidedAt: Date | null }[], ruleDays: number): Admissions {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: w.zone }).startOf('day');
  const inYear = (d: Date | null) => Boolean(d && d >= w.start && d < w.end && d < w.asOf);
  const byMonth = new Map(monthsOf(w.year).map((m) => [m, { month: m, submitted: 0, decided: 0 }]));
  const rows: AdmissionRow[] = [];
  for (const a of apps) {
    if (inYear(a.submittedAt)) byMonth.get(month(a.submittedAt, w.zone))!.submitted += 1;
    if (a.decidedAt && inYear(a.decidedAt)) byMonth.get(month(a.decidedAt, w.zone))!.decided += 1;
    const open = a.status === 'open' && a.submittedAt < w.asOf;
    if (!(a.decidedAt && inYear(a.decidedAt)) && !open) continue;
    const until = a.decidedAt && inYear(a.decidedAt) ? a.decidedAt : w.asOf;
    const days = Math.round(day(until).diff(day(a.submittedAt), 'days').days);
    rows.push({ orgName: a.orgName, status: a.status, submitted: day(a.submittedAt).toISODate()!, decided: a.decidedAt && inYear(a.decidedAt) ? day(a.decidedAt).toISODate()! : null, days, withinRule: days <= ruleDays });
  }
  const decidedRows = rows.filter((r) => r.decided);
  return {
    submitted: [...byMonth.values()].reduce((n, m) => n + m.submitted, 0),
    decided: decidedRows.length,
    decidedWithinRule: decidedRows.filter((r) => r.withinRule).length,
    openPastRule: rows.filter((r) => !r.decided && !r.withinRule).length,
    ruleDays,
    byMonth: [...byMonth.values()],
    rows,
  };
}

// --- Working groups -----------------------------------------------------------------------------------

export interface GroupRow {
  name: string;
  rhythmDays: number;
  /** Meetings the rhythm asks for over the days the group existed in the year (so far). */
  expected: number;
  held: number;
  /** Organisations present, on average over the meetings held. */
  averagePresent: number;
}

export function workingGroups(
  w: YearWindow,
  groups: { id: string; name: string; rhythmDays: number; createdAt: Date; dissolvedAt: Date | null }[],
  meetings: { groupId: string | null; startsAt: Date; present: string[] }[],
): GroupRow[] {
  const until = w.asOf < w.end ? w.asOf : w.end;
  return groups
    .filter((g) => g.createdAt < until && (!g.dissolvedAt || g.dissolvedAt >= w.start))
    .map((g) => {
      const from = g.createdAt > w.start ? g.createdAt : w.start;
      const to = g.dissolvedAt && g.dissolvedAt < until ? g.dissolvedAt : until;
      const days = Math.max(0, (to.getTime() - from.getTime()) / 86_400_000);
      const held = meetings.filter((m) => m.groupId === g.id && m.startsAt >= w.start && m.startsAt < until);
      const present = held.reduce((n, m) => n + m.present.length, 0);
      return { name: g.name, rhythmDays: g.rhythmDays, expected: Math.floor(days / g.rhythmDays), held: held.length, averagePresent: held.length ? round1(present / held.length) : 0 };
    });
}

// --- Barter and quick help ----------------------------------------------------------------------------

export interface ExchangeTypeRow {
  type: PostType;
  posted: number;
  /** Posts another organisation responded to. */
  answered: number;
  /** Median hours from the post to its first response, over the answered posts. */
  medianHoursToFirstAnswer: number | null;
}

export interface Exchange {
  byMonth: { month: string; type: PostType; posted: number }[];
  byType: ExchangeTypeRow[];
}

export function exchange(
  w: YearWindow,
  posts: { memberId: string; type: PostType; createdAt: Date; responses: { memberId: string; createdAt: Date }[] }[],
  types: readonly PostType[],
): Exchange {
  const inYear = posts.filter((p) => p.createdAt >= w.start && p.createdAt < w.end && p.createdAt < w.asOf);
  const byMonth = monthsOf(w.year).flatMap((m) => types.map((type) => ({ month: m, type, posted: inYear.filter((p) => p.type === type && month(p.createdAt, w.zone) === m).length })));
  const byType = types.map((type): ExchangeTypeRow => {
    const ofType = inYear.filter((p) => p.type === type);
    const firsts = ofType
      .map((p) => p.responses.find((r) => r.memberId !== p.memberId && r.createdAt < w.asOf))
      .map((r, i) => (r ? (r.createdAt.getTime() - ofType[i]!.createdAt.getTime()) / 3_600_000 : null))
      .filter((h): h is number => h !== null);
    const m = median(firsts);
    return { type, posted: ofType.length, answered: firsts.length, medianHoursToFirstAnswer: m === null ? null : round1(m) };
  });
  return { byMonth, byType };
}

// --- General Meeting participation ----------------------------------------------------------------------

export interface GeneralMeetingRow {
  date: string;
  title: string;
  /** Main members at the meeting's date: who could vote. */
  eligible: number;
  present: number;
  voted: number;
}

export function generalMeetings(
  zone: string,
  meetings: { id: string; title: string; startsAt: Date; present: string[] }[],
  voters: Map<string, Set<string>>,
  members: MemberRow[],
): GeneralMeetingRow[] {
  return meetings.map((m) => ({
    date: DateTime.fromJSDate(m.startsAt, { zone }).toISODate()!,
    title: m.title,
    eligible: members.filter((x) => x.category === 'main' && wasMember(x, m.startsAt, m.startsAt)).length,
    present: m.present.length,
    voted: voters.get(m.id)?.size ?? 0,
  }));
}
