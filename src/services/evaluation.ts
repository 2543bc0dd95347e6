import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { ACTIVITY_KINDS, POST_TYPES } from '../core/vocabulary.ts';
import { yearBounds } from './schedule-times.ts';
import { collaboration, type Collaboration } from './collaboration.ts';
import {
  activitiesByMonth,
  admissions,
  exchange,
  generalMeetings,
  monthRange,
  standingsOverYears,
  wasMember,
  workingGroups,
  type ActivityMonthRow,
  type Admissions,
  type Exchange,
  type GeneralMeetingRow,
  type GroupRow,
  type MemberRow,
  type StandingYearRow,
  type YearWindow,
} from './evaluation-numbers.ts';

/** Years the standing trend and General Meeting participation look back over, the evaluated one included. */
export const TREND_YEARS = 5;

export interface Evaluation {
  window: YearWindow;
  finished: boolean;
  rules: { required: number; atRiskMonths: number; decisionDays: number };
  activities: ActivityMonthRow[];
  standings: StandingYearRow[];
  admissions: Admissions;
  groups: GroupRow[];
  exchange: Exchange;
  generalMeetings: GeneralMeetingRow[];
  collaboration: Collaboration;
  /** Every organisation's name, by id. */
  names: Map<string, string>;
  /** The year's members: joined before its end (or now), their membership not ended before it began. */
  counted: string[];
}

export interface MemberMonths {
  required: number;
  /** The last 24 months, oldest first: activities in the month and so far in its year. */
  months: { month: string; count: number; yearToDate: number }[];
}

/**
 * The yearly evaluation the General Meeting reads, and the activity card of one organisation:
 * numbers made from what the bot recorded, in the cluster's time zone.
 */
export class EvaluationService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  window(cluster: ClusterContext, year: number): YearWindow {
    const { start, end } = yearBounds(year, cluster.timeZone);
    const now = this.now();
    if (start > now) throw new DomainError('evaluation.errors.futureYear', { year: String(year) });
    return { year, zone: cluster.timeZone, start, end, asOf: now < end ? now : end };
  }

  /** The year's evaluation; no year given means the running one, in the cluster's time zone. */
  async year(cluster: ClusterContext, asked?: number): Promise<Evaluation> {
    const year = asked ?? DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).year;
    const w = this.window(cluster, year);
    const s = cluster.settings;
    const windows = Array.from({ length: TREND_YEARS }, (_, i) => year - TREND_YEARS + 1 + i).map((y) => {
      const b = yearBounds(y, w.zone);
      return { year: y, zone: w.zone, start: b.start, end: b.end, asOf: w.asOf < b.end ? w.asOf : b.end };
    });
    const trendStart = windows[0]!.start;
    const lookBack = DateTime.fromJSDate(trendStart).minus({ months: s.atRiskMonths }).toJSDate();
    const store = this.db.evaluation;
    const [members, activities, apps, groups, meetings, general] = await Promise.all([
      store.members(cluster.id),
      store.activities(cluster.id, lookBack, w.end),
      store.applications(cluster.id, w.start, w.end),
      store.groups(cluster.id, w.end),
      store.meetings(cluster.id, new Date(0), w.asOf, ['group']),
      store.meetings(cluster.id, trendStart, w.asOf, ['general']),
    ]);
    const [memberships, posts, voters, consortia, bookings] = await Promise.all([
      store.groupMemberships(groups.map((g) => g.id)),
      store.posts(cluster.id, w.end),
      store.votersByMeeting(general.map((m) => m.id)),
      store.consortia(cluster.id, w.end),
      store.bookings(cluster.id, w.end),
    ]);
    const counted = countedIn(w, members);
    const yearActivities = activities.filter((a) => a.date >= w.start && a.date < w.end);
    const trend = standingsOverYears(windows, members, activities, { required: s.minActivitiesPerYear, atRiskMonths: s.atRiskMonths });
    // Years before the cluster had a member say nothing; the trend starts with the first that has one.
    const firstWithMembers = trend.findIndex((r) => r.members > 0);
    return {
      window: w,
      finished: w.asOf >= w.end,
      rules: { required: s.minActivitiesPerYear, atRiskMonths: s.atRiskMonths, decisionDays: s.admissionDecisionDays },
      activities: activitiesByMonth(w, yearActivities, ACTIVITY_KINDS),
      standings: firstWithMembers < 0 ? trend.slice(-1) : trend.slice(firstWithMembers),
      admissions: admissions(w, apps, s.admissionDecisionDays),
      groups: workingGroups(w, groups, meetings),
      exchange: exchange(w, posts, POST_TYPES),
      generalMeetings: generalMeetings(w.zone, general, voters, members),
      collaboration: collaboration(w, { posts, memberships, meetings, consortia, bookings }, counted),
      names: new Map(members.map((m) => [m.id, m.name])),
      counted,
    };
  }

  /** One organisation's activities month by month over the last 24 months, against the yearly duty. */
  async memberMonths(cluster: ClusterContext, memberId: string): Promise<MemberMonths> {
    const zone = cluster.timeZone;
    const now = DateTime.fromJSDate(this.now(), { zone });
    const from = now.startOf('month').minus({ months: 23 });
    const months = monthRange(from, now);
    // The first month's year started earlier: its year-to-date count starts with that year's January.
    const rows = await this.db.evaluation.activities(cluster.id, from.startOf('year').toJSDate(), now.endOf('month').toJSDate(), memberId);
    const perMonth = new Map<string, number>();
    for (const r of rows) {
      const m = DateTime.fromJSDate(r.date, { zone }).toFormat('yyyy-MM');
      perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
    }
    const out: MemberMonths['months'] = [];
    let running = 0;
    let year = '';
    for (const m of monthRange(from.startOf('year'), now)) {
      if (m.slice(0, 4) !== year) {
        year = m.slice(0, 4);
        running = 0;
      }
      running += perMonth.get(m) ?? 0;
      if (months.includes(m)) out.push({ month: m, count: perMonth.get(m) ?? 0, yearToDate: running });
    }
    return { required: cluster.settings.minActivitiesPerYear, months: out };
  }
}

/** The year's members: joined before its end (or now), their membership not ended before it began. */
function countedIn(w: YearWindow, members: MemberRow[]): string[] {
  return members.filter((m) => wasMember(m, w.start, w.asOf)).map((m) => m.id);
}
