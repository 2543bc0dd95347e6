import { groupBy, lookup, type Lookup } from './batch.ts';
import type { AuditAction } from '../core/audit.ts';
import { isUniqueViolation, Prisma, type Client, type Tx } from './client.ts';
import type { Category, GrantedRole, MemberStatus, Platform } from '../core/vocabulary.ts';
import { actorRow, clusterRow, memberRow, roleRow, type Checked, type Narrowed } from './vocabulary-rows.ts';
import type { ClusterModel } from './generated/sqlite/models.ts';

type Db = Client | Tx;

type ClusterRow = Checked<typeof clusterRow, ClusterModel>;

/**
 * Everything the rules need to know about who is acting, from one query: the person, the roles
 * the cluster granted them, the organisation they represent and the working groups they lead.
 */
export interface ActorView {
  personId: string;
  displayName: string;
  locale: string | null;
  erased: boolean;
  roles: GrantedRole[];
  member: { id: string; name: string; category: Category; status: MemberStatus } | null;
  leads: string[];
}

interface ActorRow {
  personId: string;
  platformUserId: string;
  displayName: string;
  locale: string | null;
  erased: number | boolean | bigint;
  role: string | null;
  memberId: string | null;
  memberName: string | null;
  memberCategory: string | null;
  memberStatus: string | null;
  groupId: string | null;
}
type CheckedActorRow = Narrowed<ActorRow, typeof actorRow.vocabulary> & { clusterId: string };

/** Clusters (tenants) and their settings. */
export class ClusterStore {
  private readonly byExternal: Lookup<{ platform: Platform; externalId: string }, ClusterRow>;

  constructor(
    private readonly db: Db,
    batched = false,
  ) {
    this.byExternal = lookup(
      batched,
      async (keys) => clusterRow.many(await this.db.cluster.findMany({ where: { OR: keys.map((k) => ({ platform: k.platform, externalId: k.externalId })) } })),
      (k) => `${k.platform}\u0000${k.externalId}`,
      (row) => `${row.platform}\u0000${row.externalId}`,
    );
  }

  /** The cluster of a guild/workspace/console session, created on first contact. */
  async ensure(platform: Platform, externalId: string, defaults: { name: string; locale: string; timeZone: string }) {
    const existing = await this.byExternal.one({ platform, externalId });
    if (existing) return existing;
    try {
      return clusterRow.one(await this.db.cluster.create({ data: { platform, externalId, ...defaults } }));
    } catch (error) {
      // Another replica or request created it at the same moment.
      if (!isUniqueViolation(error)) throw error;
      return clusterRow.one(await this.db.cluster.findUniqueOrThrow({ where: { platform_externalId: { platform, externalId } } }));
    }
  }

  async byId(id: string) {
    return clusterRow.one(await this.db.cluster.findUniqueOrThrow({ where: { id } }));
  }

  async all() {
    return clusterRow.many(await this.db.cluster.findMany({ orderBy: { createdAt: 'asc' } }));
  }

  async update(id: string, data: { name?: string; locale?: string; timeZone?: string; settings?: string }) {
    return clusterRow.one(await this.db.cluster.update({ where: { id }, data }));
  }
}

/** People (chat users), the roles the cluster grants them, and whom they represent. */
export class PeopleStore {
  private readonly actorRows: Lookup<{ clusterId: string; platformUserId: string }, CheckedActorRow>;

  constructor(
    private readonly db: Db,
    batched = false,
  ) {
    this.actorRows = lookup(batched, (keys) => this.fetchActors(keys), (k) => `${k.clusterId}\u0000${k.platformUserId}`, (row) => `${row.clusterId}\u0000${row.platformUserId}`);
  }

  /** Who is acting, or undefined for someone the cluster has never seen. */
  async actor(clusterId: string, platformUserId: string): Promise<ActorView | undefined> {
    const rows = await this.actorRows.all({ clusterId, platformUserId });
    const first = rows[0];
    if (!first) return undefined;
    const roles = new Set<GrantedRole>();
    const leads = new Set<string>();
    for (const row of rows) {
      if (row.role) roles.add(row.role);
      if (row.groupId) leads.add(row.groupId);
    }
    return {
      personId: first.personId,
      displayName: first.displayName,
      locale: first.locale,
      erased: Boolean(Number(first.erased)),
      roles: [...roles],
      member: first.memberId ? { id: first.memberId, name: first.memberName!, category: first.memberCategory!, status: first.memberStatus! } : null,
      leads: [...leads],
    };
  }

  /** One row per (role × group led); a person with neither still gets one row. */
  private async fetchActors(keys: { clusterId: string; platformUserId: string }[]): Promise<CheckedActorRow[]> {
    const out: CheckedActorRow[] = [];
    for (const [clusterId, ks] of groupBy(keys, (k) => k.clusterId)) {
      const users = ks.map((k) => k.platformUserId);
      const rows = await this.db.$queryRaw<ActorRow[]>`
        SELECT p."id" AS "personId", p."platformUserId", p."displayName", p."locale",
               CASE WHEN p."erasedAt" IS NULL THEN 0 ELSE 1 END AS "erased",
               r."role", m."id" AS "memberId", m."name" AS "memberName", m."category" AS "memberCategory", m."status" AS "memberStatus",
               g."id" AS "groupId"
        FROM "Person" p
        LEFT JOIN "PersonRole" r ON r."personId" = p."id"
        LEFT JOIN "Representative" rep ON rep."clusterId" = p."clusterId" AND rep."personId" = p."id"
        LEFT JOIN "Member" m ON m."id" = rep."memberId"
        LEFT JOIN "WorkingGroup" g ON g."clusterId" = p."clusterId" AND g."leaderPersonId" = p."id" AND g."status" = 'active'
        WHERE p."clusterId" = ${clusterId} AND p."platformUserId" IN (${Prisma.join(users)})`;
      for (const row of actorRow.many(rows)) out.push({ ...row, clusterId });
    }
    return out;
  }

  async ensure(clusterId: string, platformUserId: string, displayName: string, locale?: string) {
    const where = { clusterId_platformUserId: { clusterId, platformUserId } };
    const existing = await this.db.person.findUnique({ where });
    if (existing) {
      if (existing.erasedAt) return existing;
      if (existing.displayName !== displayName || (locale && existing.locale !== locale)) {
        return this.db.person.update({ where, data: { displayName, ...(locale ? { locale } : {}) } });
      }
      return existing;
    }
    try {
      return await this.db.person.create({ data: { clusterId, platformUserId, displayName, locale: locale ?? null } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.db.person.findUniqueOrThrow({ where });
    }
  }

  byId(id: string) {
    return this.db.person.findUnique({ where: { id } });
  }

  byPlatformId(clusterId: string, platformUserId: string) {
    return this.db.person.findUnique({ where: { clusterId_platformUserId: { clusterId, platformUserId } } });
  }

  byIds(ids: string[]) {
    return this.db.person.findMany({ where: { id: { in: ids } } });
  }

  async withRole(clusterId: string, roles: GrantedRole[]) {
    return roleRow.many(await this.db.personRole.findMany({ where: { clusterId, role: { in: roles } } }));
  }

  async grant(clusterId: string, personId: string, role: GrantedRole) {
    await this.db.personRole.upsert({
      where: { personId_role: { personId, role } },
      create: { clusterId, personId, role },
      update: {},
    });
  }

  async revoke(personId: string, role: GrantedRole) {
    await this.db.personRole.deleteMany({ where: { personId, role } });
  }

  /** The organisation this person speaks for, with its row. */
  async representation(clusterId: string, personId: string) {
    const rep = await this.db.representative.findUnique({ where: { clusterId_personId: { clusterId, personId } } });
    if (!rep) return null;
    const member = memberRow.maybe(await this.db.member.findUnique({ where: { id: rep.memberId } }));
    return member ? { representative: rep, member } : null;
  }

  setLocale(personId: string, locale: string) {
    return this.db.person.update({ where: { id: personId }, data: { locale } });
  }
}

/** One line of the audit log. */
export interface AuditRecord {
  clusterId: string;
  actorPersonId?: string | null;
  /** One of the kinds every coordinator can read in their language (src/core/audit.ts). */
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** The audit log: who did what, when and why. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  record(entry: AuditRecord) {
    return this.db.auditEntry.create({
      data: { ...entry, actorPersonId: entry.actorPersonId ?? null, details: entry.details ? JSON.stringify(entry.details) : null },
    });
  }

  list(clusterId: string, filter: { subjectType?: string; subjectId?: string; take?: number } = {}) {
    return this.db.auditEntry.findMany({
      where: { clusterId, subjectType: filter.subjectType, subjectId: filter.subjectId },
      orderBy: { createdAt: 'desc' },
      take: filter.take ?? 50,
    });
  }
}

/**
 * The exactly-once ledger. `claim` inserts the key; only the caller whose insert succeeded may
 * send. Restarts, overlapping runs and replicas sharing PostgreSQL all meet at the unique index.
 */
export class DeliveryStore {
  constructor(private readonly db: Db) {}

  async claim(clusterId: string, key: string, kind: string, now: Date): Promise<boolean> {
    try {
      await this.db.delivery.create({ data: { clusterId, key, kind, createdAt: now } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * Takes over a claim whose sender died before recording the send (process killed mid-run).
   * Atomic: of several replicas retrying at once, exactly one gets it.
   */
  async takeOverStale(key: string, claimedBefore: Date, now: Date): Promise<boolean> {
    const { count } = await this.db.delivery.updateMany({
      where: { key, status: 'claimed', createdAt: { lt: claimedBefore } },
      data: { createdAt: now },
    });
    return count === 1;
  }

  /** Claims of one kind still unsent since before `claimedBefore`: their sender died after claiming. */
  unsent(kind: string, claimedBefore: Date, take = 100) {
    return this.db.delivery.findMany({ where: { kind, status: 'claimed', createdAt: { lt: claimedBefore } }, orderBy: { createdAt: 'asc' }, take });
  }

  async markSent(key: string, status: 'sent' | 'fallback' | 'failed', at: Date) {
    await this.db.delivery.update({ where: { key }, data: { status, sentAt: at } });
  }

  exists(key: string) {
    return this.db.delivery.findUnique({ where: { key } });
  }

  list(clusterId: string, kind?: string) {
    return this.db.delivery.findMany({ where: { clusterId, kind }, orderBy: { createdAt: 'asc' } });
  }
}

/** Forms being filled in: what a person typed survives a rejected submit or a second step. */
export class DraftStore {
  constructor(private readonly db: Db) {}

  async get(clusterId: string, personKey: string, formId: string): Promise<Record<string, string>> {
    const row = await this.db.formDraft.findUnique({ where: { clusterId_personKey_formId: { clusterId, personKey, formId } } });
    return row ? (JSON.parse(row.values) as Record<string, string>) : {};
  }

  async save(clusterId: string, personKey: string, formId: string, values: Record<string, string>) {
    const json = JSON.stringify(values);
    await this.db.formDraft.upsert({
      where: { clusterId_personKey_formId: { clusterId, personKey, formId } },
      create: { clusterId, personKey, formId, values: json },
      update: { values: json },
    });
  }

  async clear(clusterId: string, personKey: string, formId: string) {
    await this.db.formDraft.deleteMany({ where: { clusterId, personKey, formId } });
  }
}

/** Platform deliveries already handled, so a retried or duplicated one never acts twice. */
export class EventStore {
  constructor(private readonly db: Db) {}

  /** True when this call is the first to see the key. */
  async firstTime(key: string, now: Date = new Date()): Promise<boolean> {
    try {
      await this.db.processedEvent.create({ data: { key, createdAt: now } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  prune(olderThan: Date) {
    return this.db.processedEvent.deleteMany({ where: { createdAt: { lt: olderThan } } });
  }
}

export class NotificationFailureStore {
  constructor(private readonly db: Db) {}

  record(data: { clusterId: string; personId?: string | null; kind: string; reason: string; fallback?: string | null }) {
    return this.db.notificationFailure.create({ data: { ...data, personId: data.personId ?? null, fallback: data.fallback ?? null } });
  }

  list(clusterId: string) {
    return this.db.notificationFailure.findMany({ where: { clusterId }, orderBy: { createdAt: 'desc' } });
  }
}
