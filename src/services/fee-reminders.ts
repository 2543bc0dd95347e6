import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { ClusterContext } from '../core/actor.ts';
import { formatMoney } from '../core/money.ts';
import type { Reply } from '../core/reply.ts';
import type { DeliveryService } from './deliveries.ts';
import { collectsFees, type FeeRules } from './fee-rules.ts';
import type { FeeService, FeeStanding } from './fees.ts';
import type { MessageBuilder, MessageTools, NotificationService } from './notifications.ts';
import { isValidCron, latestFireTime } from './schedule-times.ts';

/** The local hour fee reminders go out. */
const NOTICE_HOUR = 9;
const OCCURRENCE_FORMAT = "yyyy-MM-dd'T'HHmm";

/**
 * When an organisation's fee messages fall due, on local dates: the reminder `reminderLeadDays`
 * before the due date, the notice the day after it, and its place in the coordinator's digest once
 * `overdueDays` have passed.
 */
export function feeNoticeTimes(s: FeeStanding, lead: number, overdueDays: number) {
  return {
    remindAt: s.due.dueOn.minus({ days: lead }).set({ hour: NOTICE_HOUR }),
    overdueAt: s.due.dueOn.plus({ days: 1 }).set({ hour: NOTICE_HOUR }),
    digestFrom: s.due.dueOn.plus({ days: overdueDays }),
  };
}

/**
 * Fee reminders: each organisation that has not paid is reminded once before the due date and once
 * after it (per year, through the delivery ledger, so repeated runs, restarts and replicas send
 * each once); the coordinator's weekly digest (`taskDigestCron`) lists those unpaid past
 * `overdueDays`. A suspension stays the coordinator's justified decision: nothing here changes a
 * membership.
 */
export class FeeReminderService {
  constructor(
    private readonly db: Database,
    private readonly fees: FeeService,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
  ) {}

  async run(cluster: ClusterContext, now: Date): Promise<{ reminded: number; overdue: number; listed: number }> {
    const rules = cluster.settings.fees;
    const sent = { reminded: 0, overdue: 0, listed: 0 };
    if (!collectsFees(rules)) return sent;
    const year = DateTime.fromJSDate(now, { zone: cluster.timeZone }).year;
    const unpaidOf = async (y: number) => (await this.fees.yearStandings(cluster, y)).filter((s) => s.balance > 0 && s.due.total > 0);
    const unpaid = await unpaidOf(year);
    const at = now.getTime();
    for (const s of [...unpaid, ...(await this.acrossNewYear(year, rules, unpaidOf))]) {
      const { remindAt, overdueAt } = feeNoticeTimes(s, rules.reminderLeadDays, rules.overdueDays);
      if (at >= remindAt.toMillis() && at < overdueAt.toMillis()) {
        if (await this.toOrganisation(cluster, `fee.before:${s.memberId}:${s.due.year}`, 'fee.before', s, (tools) => feeNotice(s, 'before', tools))) sent.reminded++;
      }
      if (at >= overdueAt.toMillis()) {
        if (await this.toOrganisation(cluster, `fee.after:${s.memberId}:${s.due.year}`, 'fee.after', s, (tools) => feeNotice(s, 'after', tools))) sent.overdue++;
      }
    }
    sent.listed = await this.digest(cluster, now, unpaid);
    return sent;
  }

  /**
   * Other years' fees with a notice due in `year`: last year's whose day after the due date is in
   * it (due 31.12, or a newcomer admitted in December), next year's whose reminder is (due in early
   * January). Last year's other notices fell in last year and were sent then.
   */
  private async acrossNewYear(year: number, rules: FeeRules, unpaidOf: (y: number) => Promise<FeeStanding[]>): Promise<FeeStanding[]> {
    const times = (s: FeeStanding) => feeNoticeTimes(s, rules.reminderLeadDays, rules.overdueDays);
    const [last, next] = await Promise.all([unpaidOf(year - 1), unpaidOf(year + 1)]);
    return [...last.filter((s) => times(s).overdueAt.year === year), ...next.filter((s) => times(s).remindAt.year === year)];
  }

  /** Each representative once under `key`; a run cut short is finished by the next (stale claim). */
  private async toOrganisation(cluster: ClusterContext, key: string, kind: string, s: FeeStanding, build: MessageBuilder): Promise<boolean> {
    const reps = await this.db.members.representatives(s.memberId);
    if (!reps.length) {
      this.log.warn({ clusterId: cluster.id, memberId: s.memberId, kind }, 'no representative to remind of a fee');
      return false;
    }
    return this.deliveries.once(cluster.id, key, `${kind}-run`, async () => {
      for (const rep of reps) await this.deliveries.once(cluster.id, `${key}:${rep.id}`, kind, () => this.notifications.toPerson(cluster.id, rep.id, build, kind));
    });
  }

  /** At the latest digest time: the organisations unpaid `overdueDays` after the due date by then. */
  private async digest(cluster: ClusterContext, now: Date, unpaid: FeeStanding[]): Promise<number> {
    const expr = cluster.settings.taskDigestCron;
    if (!isValidCron(expr)) return 0;
    const occurrence = latestFireTime(now, cluster.timeZone, () => expr);
    if (!occurrence) return 0;
    const { reminderLeadDays, overdueDays } = cluster.settings.fees;
    const late = unpaid.filter((s) => feeNoticeTimes(s, reminderLeadDays, overdueDays).digestFrom <= occurrence);
    if (!late.length) return 0;
    const coordinators = [...new Set((await this.db.people.withRole(cluster.id, ['coordinator'])).map((r) => r.personId))];
    const key = `fee-digest:${cluster.id}:${occurrence.toFormat(OCCURRENCE_FORMAT)}`;
    await this.deliveries.once(cluster.id, key, 'fee-digest-run', async () => {
      for (const id of coordinators) {
        await this.deliveries.once(cluster.id, `${key}:${id}`, 'fee-digest', () => this.notifications.toPerson(cluster.id, id, (tools) => digestMessage(late, overdueDays, tools), 'fee-digest'));
      }
    });
    return late.length;
  }
}

const statusButton = (t: MessageTools['t']) => [{ label: t('fees.status.button'), action: { command: 'fee', action: 'status' }, style: 'primary' as const }];

/** The notice before the due date (a reminder) or after it (overdue): the same lines, another tone. */
function feeNotice(s: FeeStanding, when: 'before' | 'after', { t, locale, date }: MessageTools): Reply {
  return {
    title: t(`fees.reminder.${when}Title`, { year: String(s.due.year) }),
    text: t(`fees.reminder.${when}`, { org: s.name, amount: formatMoney(s.balance, locale), date: date(s.due.dueOn.toJSDate()) }),
    buttons: statusButton(t),
    tone: when === 'before' ? 'info' : 'warning',
  };
}

function digestMessage(rows: FeeStanding[], overdueDays: number, { t, locale, date }: MessageTools): Reply {
  return {
    title: t('fees.digest.title', { count: rows.length }),
    text: [
      t('fees.digest.intro', { count: overdueDays }),
      ...rows.map((s) =>
        t('fees.digest.row', { org: s.name, amount: formatMoney(s.balance, locale), date: date(s.due.dueOn.toJSDate()) }),
      ),
      '',
      t('fees.digest.noSuspension'),
    ].join('\n'),
    buttons: [{ label: t('fees.list.exportButton'), action: { command: 'fee', action: 'export', args: [String(rows[0]!.due.year)] }, style: 'secondary' }],
    tone: 'warning',
  };
}
