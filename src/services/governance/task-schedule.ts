import { DateTime } from 'luxon';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logger.ts';
import type { ClusterContext } from '../../core/actor.ts';
import type { DeliveryService } from '../deliveries.ts';
import type { MessageBuilder, NotificationService } from '../notifications.ts';
import { isValidCron, latestFireTime } from '../schedule-times.ts';
import { digestMessage, overdueNotice, reminderNotice, type OwnedTask } from './task-messages.ts';
import type { MotionTaskService, TaskRow } from './tasks.ts';

const OCCURRENCE_FORMAT = "yyyy-MM-dd'T'HHmm";

/**
 * When a task's messages fall due, on local dates: the reminder `taskReminderDays` before the due
 * date and the overdue notice the day after it, both at `taskNoticeHour` on the local clock, so a
 * change of time between them moves neither.
 */
export function taskNoticeTimes(task: { dueOn: string }, cluster: Pick<ClusterContext, 'timeZone' | 'settings'>) {
  const { taskReminderDays, taskNoticeHour } = cluster.settings;
  const due = DateTime.fromISO(task.dueOn, { zone: cluster.timeZone }).startOf('day');
  return {
    remindAt: due.minus({ days: taskReminderDays }).set({ hour: taskNoticeHour }),
    overdueAt: due.plus({ days: 1 }).set({ hour: taskNoticeHour }),
  };
}

/**
 * A passed motion's tasks over time: each owner is reminded once before the due date and told
 * once when it has passed; the coordinator gets a digest of overdue tasks on `taskDigestCron`.
 * Every message has a durable key in the delivery ledger, so runs that repeat, overlap, come late
 * or run on another replica send each one once.
 */
export class TaskScheduleService {
  constructor(
    private readonly db: Database,
    private readonly tasks: MotionTaskService,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
  ) {}

  /** What is due at `now` in this cluster; returns how many owners' messages went out. */
  async run(cluster: ClusterContext, now: Date): Promise<{ reminded: number; overdue: number }> {
    const active = (await this.db.tasks.active(cluster.id)).filter((t) => t.activatedAt);
    let reminded = 0;
    let overdue = 0;
    if (!active.length) return { reminded, overdue };
    const owned = await this.own(cluster, active);
    const at = now.getTime();
    for (const task of owned) {
      const { remindAt, overdueAt } = taskNoticeTimes(task, cluster);
      const activated = task.activatedAt!.getTime();
      // Told of the task after its reminder time, the owner has just read the due date: no reminder.
      if (at >= remindAt.toMillis() && at < overdueAt.toMillis() && activated < remindAt.toMillis()) {
        const day = (d: DateTime) => d.startOf('day');
        const daysLeft = Math.round(day(DateTime.fromISO(task.dueOn, { zone: cluster.timeZone })).diff(day(DateTime.fromJSDate(now, { zone: cluster.timeZone })), 'days').days);
        if (await this.toOwner(cluster, `task.reminder:${task.id}`, 'task.reminder', task, (tools) => reminderNotice(task, cluster.timeZone, daysLeft, tools))) reminded++;
      }
      if (at >= overdueAt.toMillis() && activated < overdueAt.toMillis()) {
        if (await this.toOwner(cluster, `task.overdue:${task.id}`, 'task.overdue', task, (tools) => overdueNotice(task, cluster.timeZone, tools))) overdue++;
      }
    }
    await this.digest(cluster, now, owned);
    return { reminded, overdue };
  }

  private async own(cluster: ClusterContext, tasks: TaskRow[]): Promise<(TaskRow & OwnedTask)[]> {
    const names = await this.tasks.names(tasks, cluster.id);
    const titles = new Map((await this.db.governance.motions(cluster.id, { status: ['closed'] })).map((m) => [m.id, m.title]));
    return tasks.map((t) => ({ ...t, motionTitle: titles.get(t.motionId) ?? '', ownerName: names.get(`${t.ownerKind}:${t.ownerId}`) ?? '' }));
  }

  /** One message per recipient under `key`; a run cut short is finished by the next (stale claim). */
  private async toOwner(cluster: ClusterContext, key: string, kind: string, task: TaskRow, build: MessageBuilder): Promise<boolean> {
    const recipients = await this.tasks.recipients(task);
    if (!recipients.length) {
      // A group without a leader, an organisation without representatives: the digest still shows it.
      this.log.warn({ clusterId: cluster.id, taskId: task.id, kind }, 'no one to tell about a task');
      return false;
    }
    return this.deliveries.once(cluster.id, key, `${kind}-run`, async () => {
      for (const personId of recipients) {
        await this.deliveries.once(cluster.id, `${key}:${personId}`, kind, () => this.notifications.toPerson(cluster.id, personId, build, kind));
      }
    });
  }

  /**
   * The coordinator's digest at the latest `taskDigestCron` time: the tasks overdue by then and not
   * done since. A quiet week sends nothing; a late run still sends it until the next time comes.
   */
  private async digest(cluster: ClusterContext, now: Date, owned: OwnedTask[]): Promise<void> {
    const expr = cluster.settings.taskDigestCron;
    if (!isValidCron(expr)) {
      this.log.warn({ clusterId: cluster.id, cron: expr }, 'invalid task digest schedule; no digest');
      return;
    }
    const occurrence = latestFireTime(now, cluster.timeZone, () => expr);
    if (!occurrence) return;
    const overdue = owned.filter((t) => taskNoticeTimes(t, cluster).overdueAt <= occurrence);
    if (!overdue.length) return;
    const coordinators = [...new Set((await this.db.people.withRole(cluster.id, ['coordinator'])).map((r) => r.personId))];
    if (!coordinators.length) return;
    const key = `task-digest:${cluster.id}:${occurrence.toFormat(OCCURRENCE_FORMAT)}`;
    await this.deliveries.once(cluster.id, key, 'task-digest-run', async () => {
      for (const id of coordinators) {
        await this.deliveries.once(cluster.id, `${key}:${id}`, 'task-digest', () => this.notifications.toPerson(cluster.id, id, (tools) => digestMessage(overdue, cluster.timeZone, tools), 'task-digest'));
      }
      this.log.info({ clusterId: cluster.id, overdue: overdue.length }, 'overdue tasks digest sent');
    });
  }
}
