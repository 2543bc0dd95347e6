import type { Client, Tx } from './client.ts';
import { GOOD_STANDING, TASK_ACTIVE, type TaskOwnerKind, type TaskStatus } from '../core/vocabulary.ts';
import { groupRow, memberRow, motionTaskRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

/** A motion's follow-up tasks: proposed with it, to do once it passed, their progress. */
export class TaskStore {
  constructor(private readonly db: Db) {}

  async create(data: { clusterId: string; motionId: string; title: string; ownerKind: TaskOwnerKind; ownerId: string; dueOn: string; status: TaskStatus; createdByPersonId: string | null; createdAt: Date; activatedAt: Date | null }) {
    return motionTaskRow.one(await this.db.motionTask.create({ data }));
  }

  async byId(id: string) {
    return motionTaskRow.maybe(await this.db.motionTask.findUnique({ where: { id } }));
  }

  async ofMotion(motionId: string) {
    return motionTaskRow.many(await this.db.motionTask.findMany({ where: { motionId }, orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] }));
  }

  async ofMotions(motionIds: string[]) {
    return motionTaskRow.many(await this.db.motionTask.findMany({ where: { motionId: { in: motionIds } }, orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] }));
  }

  /** Every task of the cluster that began to count (its motion passed), oldest due first. */
  async activated(clusterId: string) {
    return motionTaskRow.many(
      await this.db.motionTask.findMany({ where: { clusterId, activatedAt: { not: null } }, orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] }),
    );
  }

  /** The cluster's tasks still to do or under way (reminders, overdue notices, the digest). */
  async active(clusterId: string) {
    return motionTaskRow.many(await this.db.motionTask.findMany({ where: { clusterId, status: { in: [...TASK_ACTIVE] } }, orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] }));
  }

  /** The motion's vote decided its proposed tasks: to do when it passed, dropped when not. */
  async settle(motionId: string, passed: boolean, at: Date): Promise<number> {
    const { count } = await this.db.motionTask.updateMany({
      where: { motionId, status: 'proposed' },
      data: passed ? { status: 'todo', activatedAt: at } : { status: 'dropped' },
    });
    return count;
  }

  /** The owner's report; a task already done stays done (a late "in progress" press changes nothing). */
  async progress(id: string, data: { status: TaskStatus; note: string; at: Date; byPersonId: string | null }): Promise<boolean> {
    const { count } = await this.db.motionTask.updateMany({
      where: { id, status: { in: data.status === 'done' ? [...TASK_ACTIVE] : ['todo', 'inProgress'] } },
      data: { status: data.status, note: data.note, progressAt: data.at, progressByPersonId: data.byPersonId, ...(data.status === 'done' ? { doneAt: data.at } : {}) },
    });
    return count === 1;
  }

  /** Done between two instants (what the General Meeting hears was done since the last one). */
  async doneBetween(clusterId: string, from: Date | undefined, to: Date) {
    return motionTaskRow.many(
      await this.db.motionTask.findMany({ where: { clusterId, status: 'done', doneAt: { ...(from ? { gte: from } : {}), lt: to } }, orderBy: { doneAt: 'asc' } }),
    );
  }

  // Owners: names for the list, and who to tell.

  async membersByIds(ids: string[]) {
    return memberRow.many(await this.db.member.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, clusterId: true, status: true } }));
  }

  async groupsByIds(ids: string[]) {
    return groupRow.many(await this.db.workingGroup.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, clusterId: true, leaderPersonId: true, status: true } }));
  }

  peopleByIds(ids: string[]) {
    return this.db.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, clusterId: true, erasedAt: true } });
  }

  /** What the owner picker offers: organisations in good standing, active groups, people. */
  async ownerCandidates(clusterId: string) {
    const [members, groups, people] = await Promise.all([
      this.db.member.findMany({ where: { clusterId, status: { in: [...GOOD_STANDING] } }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
      this.db.workingGroup.findMany({ where: { clusterId, status: 'active' }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
      this.db.person.findMany({ where: { clusterId, erasedAt: null }, select: { id: true, displayName: true }, orderBy: { displayName: 'asc' } }),
    ]);
    return { members, groups, people };
  }
}
