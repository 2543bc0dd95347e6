import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { readDate } from '../core/input.ts';
import type { ActivityKind, Category } from '../core/vocabulary.ts';
import type { ClusterSettings } from './settings.ts';
import { yearBounds } from './schedule-times.ts';

/** The automatic activities a cluster may count (setting `autoActivities`). */
export type AutoActivitySource = ClusterSettings['autoActivities'][number];

/**
 * Where a member stands against the yearly duty, worst first. A year still running is on track,
 * at risk or inactive; a finished one is only met or missed: nothing can be done about it now.
 */
export const STANDINGS = ['missed', 'inactive', 'atRisk', 'onTrack', 'met'] as const;
export type Standing = (typeof STANDINGS)[number];

/** Which activity kind an automatic source is recorded as. */
/** One collator for the whole sort: `localeCompare(…, 'pl')` looks one up on every comparison. */
const byPolishName = new Intl.Collator('pl');

const KIND_OF: Record<AutoActivitySource, ActivityKind> = {
  meeting: 'event',
  'group-meeting': 'working-group',
  'group-join': 'working-group',
  barter: 'network-initiative',
  vote: 'event',
  consortium: 'consortium',
};

/** Something the bot saw an organisation do; `sourceKey` names it once per source (a meeting's id). */
export interface AutomaticEntry {
  clusterId: string;
  memberId: string;
  source: AutoActivitySource;
  sourceKey: string;
  date: Date;
  title: string;
  personId?: string | null;
}

/** The activity row an automatic entry becomes, or null when the cluster does not count its source. */
function automaticActivity(settings: Pick<ClusterSettings, 'autoActivities'>, entry: AutomaticEntry) {
  if (!settings.autoActivities.includes(entry.source)) return null;
  return {
    clusterId: entry.clusterId,
    memberId: entry.memberId,
    kind: KIND_OF[entry.source],
    date: entry.date,
    title: entry.title,
    source: entry.source,
    sourceKey: `${entry.source}:${entry.sourceKey}`,
    loggedByPersonId: entry.personId ?? null,
  };
}

export interface ActivityInput {
  kind: ActivityKind;
  /** YYYY-MM-DD, a local date in the cluster's time zone. */
  date: string;
  title: string;
  description: string;
  link?: string | undefined;
}

export interface MemberStanding {
  memberId: string;
  name: string;
  category: Category;
  year: number;
  /** The year is over at the time asked (standing is then `met` or `missed`). */
  finished: boolean;
  count: number;
  required: number;
  missing: number;
  lastActivity: Date | null;
  standing: Standing;
}

/**
 * On track: the duty is met. Inactive: below it and nothing for `atRiskMonths` (counted from the
 * last activity, or from joining). At risk: below it otherwise.
 */
export function classify(input: { count: number; required: number; lastActivity: Date | null; joinedAt: Date; asOf: Date; atRiskMonths: number; zone: string; finished?: boolean }): Standing {
  if (input.finished) return input.count >= input.required ? 'met' : 'missed';
  if (input.count >= input.required) return 'onTrack';
  // A newcomer is measured from the day it joined, not from activities of an earlier membership.
  const since = input.lastActivity && input.lastActivity > input.joinedAt ? input.lastActivity : input.joinedAt;
  const threshold = DateTime.fromJSDate(input.asOf, { zone: input.zone }).minus({ months: input.atRiskMonths });
  return since.getTime() <= threshold.toMillis() ? 'inactive' : 'atRisk';
}

/** Activities: what members did, and the yearly duty of at least two. */
export class ActivityService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records something the bot saw happen (attendance, a barter completed, a vote) as an activity
   * of the organisation, once per `sourceKey`, if the cluster counts that source.
   * Returns whether it was recorded now.
   */
  async recordAutomatic(
    settings: Pick<ClusterSettings, 'autoActivities'>,
    entry: AutomaticEntry,
  ): Promise<boolean> {
    const row = automaticActivity(settings, entry);
    return row ? this.db.activities.addOnce(row) : false;
  }

  /**
   * The same, in the caller's transaction (a vote's: the activity lands with the votes or not at
   * all), for several at once; an activity already recorded is left as it is.
   */
  async recordAutomaticIn(tx: Database, entries: { settings: Pick<ClusterSettings, 'autoActivities'>; entry: AutomaticEntry }[]): Promise<void> {
    const rows = entries.flatMap(({ settings, entry }) => automaticActivity(settings, entry) ?? []);
    await tx.activities.addAutomatic(rows);
  }

  /** A representative logs what its organisation did. The date is a local day, checked against today and the membership. */
  async log(cluster: ClusterContext, actor: Actor, input: ActivityInput) {
    if (!actor.member) throw new DomainError('activity.errors.noOrganisation');
    const member = await this.db.members.byId(actor.member.id);
    if (!member) throw new DomainError('activity.errors.noOrganisation');
    const zone = cluster.timeZone;
    const day = readDate(input.date, zone, 'date');
    const today = DateTime.fromJSDate(this.now(), { zone }).startOf('day');
    if (day > today) throw new DomainError('activity.errors.future', { date: input.date, today: today.toFormat('yyyy-MM-dd') }, { date: 'activity.errors.futureField' });
    const joined = DateTime.fromJSDate(member.joinedAt, { zone }).startOf('day');
    if (day < joined) {
      throw new DomainError('activity.errors.beforeMembership', { date: input.date, since: joined.toFormat('yyyy-MM-dd') }, { date: 'activity.errors.beforeMembershipField' });
    }
    const date = day.toJSDate();
    const title = input.title.trim();
    if (await this.db.activities.findSame(member.id, date, title)) throw new DomainError('activity.errors.duplicate', { title, date: input.date });
    return this.db.transaction(async (tx) => {
      const activity = await tx.activities.create({
        clusterId: cluster.id,
        memberId: member.id,
        kind: input.kind,
        date,
        title,
        description: input.description.trim(),
        link: input.link?.trim() || null,
        loggedByPersonId: actor.personId,
      });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'activity.logged', subjectType: 'activity', subjectId: activity.id, details: { memberId: member.id, kind: input.kind } });
      return activity;
    });
  }

  /** An organisation's activities in a local year, newest first (rejected ones shown as such). */
  list(cluster: ClusterContext, memberId: string, year: number) {
    const { start, end } = yearBounds(year, cluster.timeZone);
    return this.db.activities.listForMember(memberId, start, end);
  }

  /** Where one organisation stands in `year`, as of `asOf` (the year's end for a past year). */
  async standing(cluster: ClusterContext, memberId: string, year: number, asOf: Date = this.now()): Promise<MemberStanding> {
    const member = await this.db.members.byId(memberId);
    if (!member || member.clusterId !== cluster.id) throw new DomainError('activity.errors.noOrganisation');
    // Only this organisation's rows: the cluster-wide aggregates are for the report and the scan.
    const rows = await this.standings(cluster, [member], year, asOf, { onlyThese: true });
    return rows[0]!;
  }

  /** Every member in good standing with its count, last activity and standing, worst first. */
  async report(cluster: ClusterContext, year: number, asOf: Date = this.now()): Promise<MemberStanding[]> {
    const members = await this.db.members.listActiveBrief(cluster.id);
    return this.standings(cluster, members, year, asOf);
  }

  private async standings(
    cluster: ClusterContext,
    members: { id: string; name: string; category: Category; joinedAt: Date }[],
    year: number,
    asOf: Date,
    scope: { onlyThese?: boolean } = {},
  ): Promise<MemberStanding[]> {
    const zone = cluster.timeZone;
    const { start, end } = yearBounds(year, zone);
    const until = asOf < end ? asOf : end;
    const finished = asOf >= end;
    const ids = scope.onlyThese ? members.map((m) => m.id) : undefined;
    const [counts, last] = await Promise.all([this.db.activities.countByMember(cluster.id, start, end, ids), this.db.activities.lastByMember(cluster.id, end, ids)]);
    const required = cluster.settings.minActivitiesPerYear;
    const rows = members.map((m): MemberStanding => {
      const count = counts.get(m.id) ?? 0;
      const lastActivity = last.get(m.id) ?? null;
      return {
        memberId: m.id,
        name: m.name,
        category: m.category,
        year,
        finished,
        count,
        required,
        missing: Math.max(0, required - count),
        lastActivity,
        standing: classify({ count, required, lastActivity, joinedAt: m.joinedAt, asOf: until, atRiskMonths: cluster.settings.atRiskMonths, zone, finished }),
      };
    });
    const rank = (s: Standing) => STANDINGS.indexOf(s);
    return rows.sort(
      (a, b) =>
        rank(a.standing) - rank(b.standing) ||
        a.count - b.count ||
        (a.lastActivity?.getTime() ?? 0) - (b.lastActivity?.getTime() ?? 0) ||
        byPolishName.compare(a.name, b.name),
    );
  }

  async memberNames(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.db.meetings.membersByIds([...new Set(ids)]);
    return new Map(rows.map((m) => [m.id, m.name]));
  }

  pending(clusterId: string) {
    return this.db.activities.pending(clusterId);
  }

  /** The coordinator confirms or rejects a logged activity; a rejection needs a reason the member will read. */
  async review(cluster: ClusterContext, activityId: string, decision: 'confirm' | 'reject', reason: string | undefined, byPersonId: string) {
    const activity = await this.db.activities.byId(activityId);
    if (!activity || activity.clusterId !== cluster.id) throw new DomainError('activity.errors.notFound', { id: activityId });
    const note = reason?.trim() || null;
    if (decision === 'reject' && !note) throw new DomainError('activity.errors.reasonRequired', {}, { reason: 'activity.errors.reasonRequiredField' });
    const status = decision === 'confirm' ? 'confirmed' : 'rejected';
    if (activity.status === status) throw new DomainError('activity.errors.alreadyReviewed', { title: activity.title });
    return this.db.transaction(async (tx) => {
      const updated = await tx.activities.review(activity.id, status, note);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: `activity.${status}`, subjectType: 'activity', subjectId: activity.id, reason: note });
      return updated;
    });
  }

  /** The organisation asks for a pause: no nudge for `SNOOZE_DAYS`. */
  async snooze(cluster: ClusterContext, memberId: string): Promise<Date> {
    const now = this.now();
    await this.db.activities.snooze(cluster.id, memberId, now);
    return DateTime.fromJSDate(now).plus({ days: SNOOZE_DAYS }).toJSDate();
  }
}

export const SNOOZE_DAYS = 30;
