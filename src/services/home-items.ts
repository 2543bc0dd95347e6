import { DateTime } from 'luxon';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { isActiveMember } from '../core/actor.ts';
import { allows } from '../core/permissions.ts';
import type { Appealable } from '../core/vocabulary.ts';
import type { AppealService } from './appeals.ts';
import { feeNoticeTimes } from './fee-reminders.ts';
import type { FeeService } from './fees.ts';

/** An organisation's unpaid fee for the running year, shown from the reminder's day on. */
export type FeeItem = { kind: 'fee'; id: string; title: string; year: number; amount: number; due: Date; overdue: boolean };
/** An appeal that waits for the Coordinating Team's decision. */
export type AppealItem = { kind: 'appeal'; id: string; title: string; against: Appealable; submitted: Date };

/**
 * The organisation's fee for the running year while something is left to pay, from the day its
 * reminder goes out (`reminderLeadDays` before the due date) and on after the due date: the same
 * moment the fee reminder speaks, so home never asks earlier than the cluster's own rules do.
 */
export async function feeItems(fees: FeeService, cluster: ClusterContext, actor: Actor, now: Date): Promise<FeeItem[]> {
  if (!isActiveMember(actor) || !fees.collects(cluster)) return [];
  const year = fees.currentYear(cluster);
  const standing = await fees.standing(cluster, actor.member!.id, year);
  if (!standing || standing.due.total <= 0 || standing.balance <= 0) return [];
  const { reminderLeadDays, overdueDays } = cluster.settings.fees;
  const { remindAt, overdueAt } = feeNoticeTimes(standing, reminderLeadDays, overdueDays);
  const at = DateTime.fromJSDate(now, { zone: cluster.timeZone });
  if (at < remindAt.startOf('day')) return [];
  return [{ kind: 'fee', id: standing.memberId, title: standing.name, year, amount: standing.balance, due: standing.due.dueOn.toJSDate(), overdue: at >= overdueAt.startOf('day') }];
}

/** Open appeals, oldest first, for the Coordinating Team, who decide them. */
export async function appealItems(appeals: AppealService, cluster: ClusterContext, actor: Actor): Promise<AppealItem[]> {
  if (!allows('coordinatingTeam', actor)) return [];
  return (await appeals.open(cluster)).map(({ appeal, org }) => ({ kind: 'appeal' as const, id: appeal.id, title: org, against: appeal.against, submitted: appeal.createdAt }));
}
