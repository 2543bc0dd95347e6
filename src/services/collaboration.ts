import { month, type YearWindow } from './evaluation-numbers.ts';

/*
 * Which organisations worked together. A pair collaborated when one answered the other's barter
 * post or quick help (or closed an exchange with it), when both were in the same working group at
 * the same time, when both were present at the same working-group meeting, or when both took part
 * in the same consortium (counted in the year it was formed), or when one used the other's shared
 * equipment or space (a booking that held, dated at its start). Network meetings
 * and the General Meeting are left out: everyone meets there, so they would join every pair.
 */

/** Where a collaboration comes from. */
export const COLLABORATION_SOURCES = ['barter', 'quickhelp', 'group', 'meeting', 'consortium', 'booking'] as const;
export type CollaborationSource = (typeof COLLABORATION_SOURCES)[number];

export interface CollaborationEvent {
  a: string;
  b: string;
  date: Date;
  source: CollaborationSource;
}

export interface Pair {
  a: string;
  b: string;
  /** Events of the year, by source. */
  events: Partial<Record<CollaborationSource, number>>;
  total: number;
  /** The pair's first collaboration ever; in the year for a new pair. */
  first: Date;
  isNew: boolean;
}

export interface Collaboration {
  pairs: Pair[];
  newPairs: number;
  newByMonth: { month: string; count: number }[];
  /** Organisations counted in the year that worked with nobody. */
  isolated: string[];
  /** How many collaborations each organisation had in the year, by partner count. */
  partners: Map<string, number>;
}

/** What the sources hold, as the evaluation store reads it (any time before the year's end). */
export interface CollaborationInput {
  posts: { memberId: string; type: string; partnerMemberId: string | null; closedAt: Date | null; responses: { memberId: string; createdAt: Date }[] }[];
  memberships: { groupId: string; memberId: string; joinedAt: Date | null; leftAt: Date | null }[];
  meetings: { startsAt: Date; present: string[] }[];
  /** Consortia formed: each with its members and the date the consortium was formed. */
  consortia?: { members: { memberId: string; joinedAt: Date }[] }[];
  /** Bookings of another organisation's shared resource that held (confirmed or returned). */
  bookings?: { ownerId: string; bookerId: string; startsAt: Date }[];
}

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Every collaboration event a pair of organisations took part in, in any year. */
export function collaborationEvents(input: CollaborationInput, until: Date): CollaborationEvent[] {
  const events: CollaborationEvent[] = [];
  const add = (a: string, b: string, date: Date, source: CollaborationSource) => {
    if (a !== b && date < until) events.push({ a: a < b ? a : b, b: a < b ? b : a, date, source });
  };
  for (const p of input.posts) {
    const source = p.type === 'quickhelp' ? 'quickhelp' : 'barter';
    for (const r of p.responses) add(p.memberId, r.memberId, r.createdAt, source);
    if (p.partnerMemberId && p.closedAt) add(p.memberId, p.partnerMemberId, p.closedAt, source);
  }
  for (const s of groupSpans(input, until)) add(s.a, s.b, s.from, 'group');
  for (const m of input.meetings) {
    for (let i = 0; i < m.present.length; i++) for (let j = i + 1; j < m.present.length; j++) add(m.present[i]!, m.present[j]!, m.startsAt, 'meeting');
  }
  for (const c of input.consortia ?? []) {
    for (let i = 0; i < c.members.length; i++) {
      for (let j = i + 1; j < c.members.length; j++) {
        const x = c.members[i]!;
        const y = c.members[j]!;
        add(x.memberId, y.memberId, x.joinedAt > y.joinedAt ? x.joinedAt : y.joinedAt, 'consortium');
      }
    }
  }
  for (const b of input.bookings ?? []) add(b.ownerId, b.bookerId, b.startsAt, 'booking');
  return events;
}

/**
 * The year's pairs. A shared working group counts in every year both were in it together (its
 * event is dated when they met there first), so it is carried into the year it spans.
 */
export function collaboration(w: YearWindow, input: CollaborationInput, counted: string[]): Collaboration {
  const until = w.asOf < w.end ? w.asOf : w.end;
  const events = collaborationEvents(input, until);
  const first = new Map<string, Date>();
  for (const e of events) {
    const k = key(e.a, e.b);
    const seen = first.get(k);
    if (!seen || e.date < seen) first.set(k, e.date);
  }
  const spans = groupSpans(input, until);
  const pairs = new Map<string, Pair>();
  const touch = (a: string, b: string, source: CollaborationSource) => {
    const k = key(a, b);
    const pair = pairs.get(k) ?? { a: a < b ? a : b, b: a < b ? b : a, events: {}, total: 0, first: first.get(k)!, isNew: first.get(k)! >= w.start };
    pair.events[source] = (pair.events[source] ?? 0) + 1;
    pair.total += 1;
    pairs.set(k, pair);
  };
  for (const e of events) if (e.source !== 'group' && e.date >= w.start) touch(e.a, e.b, e.source);
  for (const s of spans) if (s.to > w.start) touch(s.a, s.b, 'group');
  const list = [...pairs.values()].sort((x, y) => x.first.getTime() - y.first.getTime() || key(x.a, x.b).localeCompare(key(y.a, y.b)));
  const partners = new Map<string, number>();
  for (const p of list) {
    partners.set(p.a, (partners.get(p.a) ?? 0) + 1);
    partners.set(p.b, (partners.get(p.b) ?? 0) + 1);
  }
  const newPairs = list.filter((p) => p.isNew);
  const months = new Map<string, number>();
  for (const p of newPairs) months.set(month(p.first, w.zone), (months.get(month(p.first, w.zone)) ?? 0) + 1);
  const newByMonth = Array.from({ length: 12 }, (_, i) => `${w.year}-${String(i + 1).padStart(2, '0')}`).map((m) => ({ month: m, count: months.get(m) ?? 0 }));
  return { pairs: list, newPairs: newPairs.length, newByMonth, isolated: counted.filter((id) => !partners.has(id)), partners };
}

/** The times two organisations were in the same working group together. */
function groupSpans(input: CollaborationInput, until: Date): { a: string; b: string; from: Date; to: Date }[] {
  const spans: { a: string; b: string; from: Date; to: Date }[] = [];
  const byGroup = new Map<string, CollaborationInput['memberships']>();
  for (const m of input.memberships) if (m.joinedAt) byGroup.set(m.groupId, [...(byGroup.get(m.groupId) ?? []), m]);
  for (const rows of byGroup.values()) {
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const x = rows[i]!;
        const y = rows[j]!;
        if (x.memberId === y.memberId) continue;
        const from = x.joinedAt! > y.joinedAt! ? x.joinedAt! : y.joinedAt!;
        const to = [x.leftAt, y.leftAt].filter((d): d is Date => d !== null).reduce((a, b) => (a < b ? a : b), until);
        if (from < to) spans.push({ a: x.memberId < y.memberId ? x.memberId : y.memberId, b: x.memberId < y.memberId ? y.memberId : x.memberId, from, to });
      }
    }
  }
  return spans;
}
