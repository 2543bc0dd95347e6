import { COUNTING_STATUSES, IN_OR_ASKED } from '../core/vocabulary.ts';
import { gather, groupBy } from './batch.ts';
import { isUniqueViolation, type Client, type Tx } from './client.ts';
import type { ActivityKind, ActivitySource } from '../core/vocabulary.ts';
import { activityRow, barterPostRow, groupRow } from './vocabulary-rows.ts';
import { insertRows, insertRowsOnce, newId } from './insert-rows.ts';
import type { Provider } from './provider.ts';

type Db = Client | Tx;


/** A `memberId IN (...)` filter when the caller asks about some organisations, none for all. */
function onlyMembers(memberIds: string[] | undefined) {
  return memberIds ? { memberId: memberIds.length === 1 ? memberIds[0]! : { in: memberIds } } : {};
}

/** Activities of member organisations, and the few reads engagement suggestions need. */
export type AutomaticActivity = {
  clusterId: string;
  memberId: string;
  kind: ActivityKind;
  date: Date;
  title: string;
  source: ActivitySource;
  sourceKey: string;
  loggedByPersonId?: string | null;
};

/** Automatic activities count at once: nobody needs to confirm that an organisation voted. */
const automaticRow = (a: AutomaticActivity) => ({ ...a, loggedByPersonId: a.loggedByPersonId ?? null, status: 'confirmed' });

export class ActivityStore {
  private readonly addOnceGathered: ((data: AutomaticActivity) => Promise<boolean>) | null;

  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
    batched = false,
  ) {
    this.addOnceGathered = batched ? gather((items: AutomaticActivity[]) => this.addOnceMany(items)) : null;
  }

  /**
   * Records an automatic activity once: the (member, sourceKey) unique index makes a repeat a
   * no-op, also when two requests race. Returns whether a row was added.
   */
  async addOnce(data: AutomaticActivity): Promise<boolean> {
    return this.addOnceGathered ? this.addOnceGathered(data) : this.insertOnce(data);
  }

  private async insertOnce(data: AutomaticActivity): Promise<boolean> {
    try {
      await this.db.activity.create({ data: automaticRow(data) });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * Automatic activities in the caller's transaction, in one statement: a row whose (member,
   * sourceKey) is recorded already is skipped, never an error that would undo the transaction.
   */
  async addAutomatic(items: AutomaticActivity[]): Promise<void> {
    if (items.length === 0) return;
    const createdAt = new Date();
    await insertRowsOnce(this.db, this.provider, 'Activity', items.map((a) => ({ id: newId(), ...automaticRow(a), createdAt })), ['memberId', 'sourceKey'], []);
  }

  /**
   * The rows of a batch not recorded yet, in one statement. If another process recorded one of
   * them in between, the unique index refuses the statement and each row is tried on its own.
   */
  private async addOnceMany(items: AutomaticActivity[]): Promise<boolean[]> {
    const key = (a: { memberId: string; sourceKey: string | null }) => `${a.memberId}\u0000${a.sourceKey}`;
    const existing = await this.db.activity.findMany({
      where: { OR: [...groupBy(items, (a) => a.sourceKey)].map(([sourceKey, rows]) => ({ sourceKey, memberId: { in: rows.map((a) => a.memberId) } })) },
      select: { memberId: true, sourceKey: true },
    });
    const seen = new Set(existing.map(key));
    const fresh: AutomaticActivity[] = [];
    const added = items.map((a) => {
      if (seen.has(key(a))) return false;
      seen.add(key(a));
      fresh.push(a);
      return true;
    });
    if (fresh.length === 0) return added;
    try {
      const createdAt = new Date();
      await insertRows(this.db, this.provider, 'Activity', fresh.map((a) => ({ id: newId(), ...automaticRow(a), createdAt })));
      return added;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const one: boolean[] = [];
      for (const a of items) one.push(await this.insertOnce(a));
      return one;
    }
  }

  /** A representative's own entry: counts at once, the coordinator may confirm or reject it. */
  async create(data: { clusterId: string; memberId: string; kind: ActivityKind; date: Date; title: string; description: string; link: string | null; loggedByPersonId: string }) {
    return activityRow.one(await this.db.activity.create({ data: { ...data, source: 'manual', status: 'logged' } }));
  }

  async byId(id: string) {
    return activityRow.maybe(await this.db.activity.findUnique({ where: { id } }));
  }

  /** Same organisation, same day, same title: almost surely logged twice. */
  async findSame(memberId: string, date: Date, title: string) {
    return activityRow.maybe(await this.db.activity.findFirst({ where: { memberId, date, title, status: { in: [...COUNTING_STATUSES] } } }));
  }

  /** One organisation's activities in [from, to), rejected ones included, newest first. */
  async listForMember(memberId: string, from: Date, to: Date) {
    return activityRow.many(await this.db.activity.findMany({ where: { memberId, date: { gte: from, lt: to } }, orderBy: [{ date: 'desc' }, { createdAt: 'desc' }] }));
  }

  /** Counting activities per organisation in [from, to): the whole cluster, or only `memberIds`. */
  async countByMember(clusterId: string, from: Date, to: Date, memberIds?: string[]): Promise<Map<string, number>> {
    const rows = await this.db.activity.groupBy({
      by: ['memberId'],
      where: { clusterId, ...onlyMembers(memberIds), status: { in: [...COUNTING_STATUSES] }, date: { gte: from, lt: to } },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.memberId, r._count._all]));
  }

  /** The date of each organisation's latest counting activity before `before` (all, or `memberIds`). */
  async lastByMember(clusterId: string, before: Date, memberIds?: string[]): Promise<Map<string, Date>> {
    const rows = await this.db.activity.groupBy({
      by: ['memberId'],
      where: { clusterId, ...onlyMembers(memberIds), status: { in: [...COUNTING_STATUSES] }, date: { lt: before } },
      _max: { date: true },
    });
    return new Map(rows.filter((r) => r._max.date).map((r) => [r.memberId, r._max.date as Date]));
  }

  /** Manual entries still waiting for the coordinator, oldest first. */
  async pending(clusterId: string, take = 20) {
    return activityRow.many(await this.db.activity.findMany({ where: { clusterId, status: 'logged', source: 'manual' }, orderBy: { createdAt: 'asc' }, take }));
  }

  async review(id: string, status: 'confirmed' | 'rejected', reviewNote: string | null) {
    return activityRow.one(await this.db.activity.update({ where: { id }, data: { status, reviewNote } }));
  }

  /** Active working groups the organisation is not (yet) in: ways to act. */
  async openGroupsFor(clusterId: string, memberId: string, take = 3) {
    const mine = await this.db.groupMembership.findMany({ where: { memberId, status: { in: [...IN_OR_ASKED] } }, select: { groupId: true } });
    return groupRow.many(
      await this.db.workingGroup.findMany({
        where: { clusterId, status: 'active', id: { notIn: mine.map((m) => m.groupId) } },
        orderBy: { name: 'asc' },
        take,
      }),
    );
  }

  /** Ids of the working groups the organisation is an active member of. */
  async groupIdsOf(memberId: string): Promise<string[]> {
    const rows = await this.db.groupMembership.findMany({ where: { memberId, status: 'active' }, select: { groupId: true } });
    return rows.map((r) => r.groupId);
  }

  /** Open barter requests of other organisations: someone needs help now. */
  async openBarterRequests(clusterId: string, exceptMemberId: string, now: Date, take = 3) {
    return barterPostRow.many(
      await this.db.barterPost.findMany({
        where: { clusterId, type: { in: ['request', 'quickhelp'] }, status: 'open', availableUntil: { gte: now }, memberId: { not: exceptMemberId } },
        orderBy: { createdAt: 'desc' },
        take,
      }),
    );
  }

  /**
   * The organisation's latest nudge and latest pause. Keys carry the nudge time and the pause
   * time in sortable form, so the order holds even when two rows share a claim instant.
   */
  async lastNudges(memberId: string) {
    const [nudge, snooze] = await Promise.all([
      this.db.delivery.findFirst({ where: { key: { startsWith: `nudge:${memberId}:` } }, orderBy: { key: 'desc' } }),
      this.db.delivery.findFirst({ where: { key: { startsWith: `nudge-snooze:${memberId}:` } }, orderBy: { key: 'desc' } }),
    ]);
    return { nudge, snooze };
  }

  /** A pause of nudges asked by the organisation, stored in the delivery ledger it silences. */
  async snooze(clusterId: string, memberId: string, now: Date): Promise<void> {
    await this.db.delivery.create({ data: { clusterId, key: `nudge-snooze:${memberId}:${now.toISOString()}`, kind: 'nudge-snooze', status: 'sent', createdAt: now, sentAt: now } });
  }
}
