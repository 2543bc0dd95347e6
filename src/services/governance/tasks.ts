import { DateTime } from 'luxon';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logger.ts';
import type { Actor, ClusterContext } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import { TASK_ACTIVE, TASK_OWNER_KINDS, isOneOf, type TaskOwnerKind, type TaskProgress } from '../../core/vocabulary.ts';
import type { DeliveryService } from '../deliveries.ts';
import type { NotificationService } from '../notifications.ts';
import { bestMatches } from '../suggestions.ts';
import { motionResult, type MotionRow } from './rules.ts';
import { assignedNotice, doneNotice, type OwnedTask } from './task-messages.ts';

export type TaskRow = NonNullable<Awaited<ReturnType<Database['tasks']['byId']>>>;

export interface TaskInput {
  motionId: string;
  title: string;
  /** `<kind>:<id>`, as the owner picker offers it. */
  owner: string;
  /** The due day in the cluster's zone. */
  due: DateTime;
}

/** A task's owner as the picker offers it: what it is, which one, its name. */
export interface OwnerChoice {
  kind: TaskOwnerKind;
  id: string;
  name: string;
}

const DUE_FORMAT = 'yyyy-MM-dd';

/** The owner picker's value: kind and id in one string, under Discord's 100-character limit. */
export const ownerValue = (kind: TaskOwnerKind, id: string) => `${kind}:${id}`;

export function readOwnerValue(value: string): { kind: TaskOwnerKind; id: string } | undefined {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  return at > 0 && isOneOf(TASK_OWNER_KINDS, kind) ? { kind, id: value.slice(at + 1) } : undefined;
}

/**
 * What a motion asks somebody to do by a date (Loomio's outcomes, Decidim's accountability): the
 * coordinator adds tasks while the motion is prepared or voted; when it passes they begin to
 * count and each owner is told once; owners report progress. Reminders, overdue notices and the
 * coordinator's digest are in task-schedule.ts.
 */
export class MotionTaskService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
  ) {}

  async add(cluster: ClusterContext, byPersonId: string, input: TaskInput): Promise<TaskRow> {
    const motion = await this.db.governance.motion(input.motionId);
    if (!motion || motion.clusterId !== cluster.id) throw new DomainError('governance.errors.motionNotFound', { id: input.motionId });
    const result = motionResult(motion);
    if (motion.status === 'closed' && !result?.passed) throw new DomainError('outcomes.errors.motionNotPassed', { title: motion.title });
    const owner = await this.owner(cluster, input.owner);
    const today = DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).startOf('day');
    if (input.due < today) throw new DomainError('outcomes.errors.duePast', {}, { due: 'outcomes.errors.duePast' });
    const now = this.now();
    // A motion that already passed (a task forgotten before the vote) gives it to do at once.
    const passed = motion.status === 'closed';
    const task = await this.db.createAudited((tx) => tx.tasks.create({
      clusterId: cluster.id,
      motionId: motion.id,
      title: input.title,
      ownerKind: owner.kind,
      ownerId: owner.id,
      dueOn: input.due.toFormat(DUE_FORMAT),
      status: passed ? 'todo' : 'proposed',
      createdByPersonId: byPersonId,
      createdAt: now,
      activatedAt: passed ? now : null,
    }), (created) => ({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'motion.taskAdded', subjectType: 'motion', subjectId: motion.id, details: { taskId: created.id, ownerKind: owner.kind } }));
    if (passed) await this.tellOwner(motion, task);
    return task;
  }

  /** The owner a picker value names, in this cluster and still there to do it. */
  async owner(cluster: ClusterContext, value: string): Promise<OwnerChoice> {
    const read = readOwnerValue(value);
    const found = read ? (await this.names([{ ownerKind: read.kind, ownerId: read.id }], cluster.id)).get(value) : undefined;
    if (!read || found === undefined) throw new DomainError('outcomes.errors.ownerNotFound', {}, { owner: 'outcomes.errors.ownerNotFound' });
    return { ...read, name: found };
  }

  /**
   * The owner picker: working groups, organisations in good standing and people, by what was typed,
   * matched against `describe` (what the reader sees, e.g. the name with what it is).
   */
  async ownerChoices(cluster: ClusterContext, typed: string, describe: (o: OwnerChoice) => string = (o) => o.name): Promise<OwnerChoice[]> {
    const { members, groups, people } = await this.db.tasks.ownerCandidates(cluster.id);
    const all: OwnerChoice[] = [
      ...groups.map((g) => ({ kind: 'group' as const, id: g.id, name: g.name })),
      ...members.map((m) => ({ kind: 'member' as const, id: m.id, name: m.name })),
      ...people.map((p) => ({ kind: 'person' as const, id: p.id, name: p.displayName })),
    ];
    return bestMatches(all, typed, describe, (o) => ownerValue(o.kind, o.id));
  }

  /** Owners' names by picker value, only those of this cluster (a person erased stays, unnamed). */
  async names(tasks: { ownerKind: TaskOwnerKind; ownerId: string }[], clusterId: string): Promise<Map<string, string>> {
    const ids = (kind: TaskOwnerKind) => [...new Set(tasks.filter((t) => t.ownerKind === kind).map((t) => t.ownerId))];
    const [members, groups, people] = await Promise.all([this.db.tasks.membersByIds(ids('member')), this.db.tasks.groupsByIds(ids('group')), this.db.tasks.peopleByIds(ids('person'))]);
    const names = new Map<string, string>();
    for (const m of members) if (m.clusterId === clusterId) names.set(ownerValue('member', m.id), m.name);
    for (const g of groups) if (g.clusterId === clusterId) names.set(ownerValue('group', g.id), g.name);
    for (const p of people) if (p.clusterId === clusterId) names.set(ownerValue('person', p.id), p.displayName);
    return names;
  }

  /** Who hears about a task: the organisation's representatives, the group's leader, or the person. */
  async recipients(task: { ownerKind: TaskOwnerKind; ownerId: string }): Promise<string[]> {
    if (task.ownerKind === 'person') return [task.ownerId];
    if (task.ownerKind === 'member') return (await this.db.members.representatives(task.ownerId)).map((p) => p.id);
    const [group] = await this.db.tasks.groupsByIds([task.ownerId]);
    return group?.leaderPersonId ? [group.leaderPersonId] : [];
  }

  /** Whether this person may report on the task: its owner (as above) or the coordinator. */
  mayReport(actor: Actor, task: { ownerKind: TaskOwnerKind; ownerId: string }): boolean {
    return actor.roles.has('coordinator') || this.owns(actor, task);
  }

  /** Whether the task is this person's to do: theirs, their organisation's, or their group's (they lead it). */
  owns(actor: Actor, task: { ownerKind: TaskOwnerKind; ownerId: string }): boolean {
    if (task.ownerKind === 'person') return actor.personId === task.ownerId;
    if (task.ownerKind === 'member') return actor.member?.id === task.ownerId;
    return actor.leads.includes(task.ownerId);
  }

  async task(cluster: ClusterContext, id: string): Promise<TaskRow> {
    const task = await this.db.tasks.byId(id);
    if (!task || task.clusterId !== cluster.id) throw new DomainError('outcomes.errors.taskNotFound', { id });
    return task;
  }

  /** A task with its motion and its owner's name, as every message shows it. */
  async owned(cluster: ClusterContext, task: TaskRow): Promise<OwnedTask> {
    const [motion, names] = await Promise.all([this.db.governance.motion(task.motionId), this.names([task], cluster.id)]);
    return { ...task, motionTitle: motion?.title ?? '', ownerName: names.get(ownerValue(task.ownerKind, task.ownerId)) ?? '' };
  }

  /** The owner's report: under way, or done, with a short note. The coordinator hears when it is done. */
  async progress(cluster: ClusterContext, actor: Actor, taskId: string, status: TaskProgress, note: string): Promise<OwnedTask> {
    const task = await this.task(cluster, taskId);
    if (!this.mayReport(actor, task)) throw new DomainError('outcomes.errors.notOwner');
    if (!isOneOf(TASK_ACTIVE, task.status)) throw new DomainError(task.status === 'done' ? 'outcomes.errors.alreadyDone' : 'outcomes.errors.notActive', { title: task.title });
    const now = this.now();
    const changed = await this.db.transaction(async (tx) => {
      // A report without a note keeps the last one: pressing Done after an earlier note loses nothing.
      if (!(await tx.tasks.progress(task.id, { status, note: note.trim() || task.note, at: now, byPersonId: actor.personId }))) return false;
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: status === 'done' ? 'motion.taskDone' : 'motion.taskStarted', subjectType: 'motion', subjectId: task.motionId, details: { taskId: task.id } });
      return true;
    });
    if (!changed) throw new DomainError('outcomes.errors.alreadyDone', { title: task.title });
    const updated = await this.owned(cluster, (await this.db.tasks.byId(task.id))!);
    if (status === 'done') {
      await this.deliveries.once(cluster.id, `task.done:${task.id}`, 'task.done', async () => {
        await this.notifications.toRoles(cluster.id, ['coordinator'], (tools) => doneNotice(updated, actor.displayName, cluster.timeZone, tools), 'task.done');
      });
    }
    return updated;
  }

  /** A motion's tasks (the motion card lists them). */
  ofMotion(motionId: string) {
    return this.db.tasks.ofMotion(motionId);
  }

  /**
   * The vote decided the motion's proposed tasks: to do when it passed, dropped when not. Called in
   * the transaction that records the result, so a task never counts without its motion's result.
   */
  settle(tx: Database, motionId: string, passed: boolean, at: Date): Promise<number> {
    return tx.tasks.settle(motionId, passed, at);
  }

  /**
   * Tells each owner of a passed motion's tasks, once per task (the delivery ledger). Runs right
   * after the result is announced and again on the scheduler's catch-up, which finishes a run a
   * restart interrupted.
   */
  async tellOwners(motion: MotionRow): Promise<void> {
    if (!motionResult(motion)?.passed) return;
    const tasks = (await this.db.tasks.ofMotion(motion.id)).filter((t) => t.activatedAt);
    if (!tasks.length) return;
    await this.deliveries.once(motion.clusterId, `motion.tasks:${motion.id}`, 'task.assigned-run', async () => {
      for (const task of tasks) await this.tellOwner(motion, task);
    });
  }

  private async tellOwner(motion: MotionRow, task: TaskRow): Promise<void> {
    await this.deliveries.once(motion.clusterId, `task.assigned:${task.id}`, 'task.assigned', async () => {
      const { timeZone: zone } = await this.db.clusters.byId(motion.clusterId);
      const names = await this.names([task], motion.clusterId);
      const owned: OwnedTask = { ...task, motionTitle: motion.title, ownerName: names.get(ownerValue(task.ownerKind, task.ownerId)) ?? '' };
      for (const personId of await this.recipients(task)) {
        await this.notifications.toPerson(motion.clusterId, personId, (tools) => assignedNotice(owned, zone, tools), 'task.assigned');
      }
      this.log.info({ clusterId: motion.clusterId, motionId: motion.id, taskId: task.id }, 'task owner told');
    });
  }

  /** Every task of passed motions, with their motions and owners' names (`/motion outcomes`). */
  async outcomes(cluster: ClusterContext, filter: { meetingId?: string; openOnly?: boolean } = {}): Promise<{ motion: MotionRow; tasks: OwnedTask[] }[]> {
    let tasks = await this.db.tasks.activated(cluster.id);
    if (filter.openOnly) tasks = tasks.filter((t) => isOneOf(TASK_ACTIVE, t.status));
    const motions = await this.db.governance.motions(cluster.id, filter.meetingId ? { meetingId: filter.meetingId } : {});
    const names = await this.names(tasks, cluster.id);
    return motions
      .map((motion) => ({
        motion,
        tasks: tasks.filter((t) => t.motionId === motion.id).map((t) => ({ ...t, motionTitle: motion.title, ownerName: names.get(ownerValue(t.ownerKind, t.ownerId)) ?? '' })),
      }))
      .filter((m) => m.tasks.length > 0);
  }

  /**
   * What was done since the last General Meeting, for the next one's agenda: tasks done after the
   * General Meeting before `meetingId` (all of them when there was none), and those still open.
   */
  async sinceLastGeneralMeeting(cluster: ClusterContext, meetingId: string): Promise<{ since?: Date; done: OwnedTask[]; open: OwnedTask[] }> {
    const meeting = await this.db.meetings.byId(meetingId);
    if (!meeting || meeting.clusterId !== cluster.id) throw new DomainError('governance.errors.meetingNotFound', { id: meetingId });
    const earlier = (await this.db.meetings.list(cluster.id, { kind: 'general', to: meeting.startsAt })).filter((m) => m.id !== meeting.id);
    const since = earlier.at(-1)?.startsAt;
    const done = await this.db.tasks.doneBetween(cluster.id, since, meeting.startsAt);
    const open = (await this.db.tasks.active(cluster.id)).filter((t) => t.activatedAt && t.activatedAt < meeting.startsAt);
    const all = [...done, ...open];
    const [names, motions] = await Promise.all([this.names(all, cluster.id), this.db.governance.motions(cluster.id)]);
    const titles = new Map(motions.map((m) => [m.id, m.title]));
    const own = (t: TaskRow): OwnedTask => ({ ...t, motionTitle: titles.get(t.motionId) ?? '', ownerName: names.get(ownerValue(t.ownerKind, t.ownerId)) ?? '' });
    return { ...(since ? { since } : {}), done: done.map(own), open: open.map(own) };
  }
}
