import { GOOD_STANDING, type Category, type MemberStatus, type MemberStatusReason } from '../core/vocabulary.ts';
import { memberRow, type Checked } from './vocabulary-rows.ts';
import type { MemberModel } from './generated/sqlite/models.ts';
import { lookup, type Lookup } from './batch.ts';
import type { Client, Tx } from './client.ts';

type Db = Client | Tx;
type MemberRow = Checked<typeof memberRow, MemberModel>;

/** Member organisations and their representatives. */
export class MemberStore {
  private readonly byIdLookup: Lookup<string, MemberRow>;

  constructor(
    private readonly db: Db,
    batched = false,
  ) {
    this.byIdLookup = lookup(batched, async (ids) => memberRow.many(await this.db.member.findMany({ where: { id: { in: ids } } })), (id) => id, (row) => row.id);
  }

  /** An organisation by name, created as an active member if new (console scenarios, seeding). */
  async ensureOrganisation(clusterId: string, name: string, data: { category: Category; legalForm?: string; status?: MemberStatus; joinedAt?: Date }) {
    const existing = await this.db.member.findUnique({ where: { clusterId_name: { clusterId, name } } });
    if (existing) return memberRow.one(existing);
    return memberRow.one(
      await this.db.member.create({
        data: { clusterId, name, category: data.category, legalForm: data.legalForm ?? 'other-entity', status: data.status ?? 'active', ...(data.joinedAt ? { joinedAt: data.joinedAt } : {}) },
      }),
    );
  }

  /** Makes the person speak for this organisation (one organisation per person per cluster). */
  async setRepresentative(clusterId: string, memberId: string, personId: string) {
    return this.db.representative.upsert({
      where: { clusterId_personId: { clusterId, personId } },
      create: { clusterId, memberId, personId },
      update: { memberId },
    });
  }

  async byId(id: string) {
    return (await this.byIdLookup.one(id)) ?? null;
  }

  /** Organisations in good standing (active or conditionally accepted). */
  /** Only what the yearly standings need: the inactivity scan reads every organisation. */
  async listActiveBrief(clusterId: string) {
    return memberRow.many(
      await this.db.member.findMany({
        where: { clusterId, status: { in: [...GOOD_STANDING] } },
        select: { id: true, name: true, category: true, joinedAt: true },
      }),
    );
  }

  async listActive(clusterId: string, filter: { category?: Category } = {}) {
    return memberRow.many(
      await this.db.member.findMany({
        where: { clusterId, status: { in: [...GOOD_STANDING] }, ...(filter.category ? { category: filter.category } : {}) },
        orderBy: { name: 'asc' },
      }),
    );
  }

  /** The people who speak for an organisation, with their platform ids (for messages and roles). */
  async representatives(memberId: string) {
    const reps = await this.db.representative.findMany({ where: { memberId }, orderBy: { createdAt: 'asc' } });
    const people = await this.db.person.findMany({ where: { id: { in: reps.map((r) => r.personId) }, erasedAt: null } });
    return people;
  }

  /** Organisations in good standing, counted by category (main / supporting). */
  async countActiveByCategory(clusterId: string): Promise<Partial<Record<Category, number>>> {
    const rows = await this.db.member.groupBy({
      by: ['category'],
      where: { clusterId, status: { in: [...GOOD_STANDING] } },
      _count: { _all: true },
    });
    return Object.fromEntries(memberRow.many(rows).map((r) => [r.category, r._count._all]));
  }
  /** An organisation by its exact name. */
  async byName(clusterId: string, name: string) {
    return memberRow.maybe(await this.db.member.findUnique({ where: { clusterId_name: { clusterId, name } } }));
  }

  /** Every organisation of the cluster, whatever its status. */
  async all(clusterId: string) {
    return memberRow.many(await this.db.member.findMany({ where: { clusterId }, orderBy: { name: 'asc' } }));
  }

  async create(data: {
    clusterId: string;
    name: string;
    legalForm: string;
    category: Category;
    status: MemberStatus;
    municipality: string;
    county: string;
    inPomorskie: boolean;
    description: string;
    offers: string;
    contactEmail: string | null;
    joinedAt: Date;
    dataConfirmedAt: Date;
    conditions: string | null;
    conditionsReviewAt: Date | null;
    applicationId: string;
  }) {
    return memberRow.one(await this.db.member.create({ data }));
  }

  async update(
    id: string,
    data: Partial<{
      name: string;
      legalForm: string;
      category: Category;
      status: MemberStatus;
      municipality: string;
      county: string;
      inPomorskie: boolean;
      employees: number;
      sectors: string;
      offers: string;
      description: string;
      website: string | null;
      contactEmail: string | null;
      joinedAt: Date;
      conditions: string | null;
      conditionsReviewAt: Date | null;
      dataConfirmedAt: Date;
      statusReason: MemberStatusReason | null;
      statusNote: string | null;
      statusChangedAt: Date | null;
      applicationId: string;
    }>,
  ) {
    return memberRow.one(await this.db.member.update({ where: { id }, data }));
  }

  /** Changes the status only if it is still one of `from`: a concurrent change wins once. */
  async changeStatus(
    id: string,
    from: readonly MemberStatus[],
    data: { status: MemberStatus; statusReason: MemberStatusReason | null; statusNote: string | null; statusChangedAt: Date; conditions?: null; conditionsReviewAt?: null },
  ): Promise<boolean> {
    const { count } = await this.db.member.updateMany({ where: { id, status: { in: [...from] } }, data });
    return count === 1;
  }

  /** Organisations whose data was last confirmed before `before`, still in good standing. */
  async dataNotConfirmedSince(clusterId: string, before: Date) {
    return memberRow.many(await this.db.member.findMany({ where: { clusterId, status: { in: [...GOOD_STANDING] }, dataConfirmedAt: { lt: before } } }));
  }

  /** Conditionally accepted organisations whose conditions are due for review. */
  async conditionsDue(clusterId: string, now: Date) {
    return memberRow.many(await this.db.member.findMany({ where: { clusterId, status: 'conditional', conditionsReviewAt: { lte: now } } }));
  }

  representativeRows(memberId: string) {
    return this.db.representative.findMany({ where: { memberId }, orderBy: { createdAt: 'asc' } });
  }

  representationOf(clusterId: string, personId: string) {
    return this.db.representative.findUnique({ where: { clusterId_personId: { clusterId, personId } } });
  }

  async removeRepresentative(memberId: string, personId: string): Promise<boolean> {
    const { count } = await this.db.representative.deleteMany({ where: { memberId, personId } });
    return count > 0;
  }
}
