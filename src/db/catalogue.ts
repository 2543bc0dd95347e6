import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

export interface CatalogueFields {
  title: string;
  description: string;
  sector: string;
  area: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
}

/** The catalogue of services and products: each organisation's entries. */
export class CatalogueStore {
  constructor(private readonly db: Db) {}

  create(data: CatalogueFields & { clusterId: string; memberId: string; authorPersonId: string; at: Date }) {
    const { at, ...fields } = data;
    return this.db.catalogueEntry.create({ data: { ...fields, confirmedAt: at, createdAt: at } });
  }

  entry(id: string) {
    return this.db.catalogueEntry.findUnique({ where: { id } });
  }

  /** Edited by a representative: the entry is current again. */
  update(id: string, data: Partial<CatalogueFields> & { authorPersonId: string; at: Date }) {
    const { at, ...fields } = data;
    return this.db.catalogueEntry.update({ where: { id }, data: { ...fields, confirmedAt: at } });
  }

  async remove(id: string): Promise<boolean> {
    const { count } = await this.db.catalogueEntry.deleteMany({ where: { id } });
    return count === 1;
  }

  setHidden(id: string, hidden: { at: Date; byPersonId: string } | null) {
    return this.db.catalogueEntry.update({ where: { id }, data: hidden ? { hiddenAt: hidden.at, hiddenByPersonId: hidden.byPersonId } : { hiddenAt: null, hiddenByPersonId: null } });
  }

  ofMember(memberId: string) {
    return this.db.catalogueEntry.findMany({ where: { memberId }, orderBy: [{ sector: 'asc' }, { title: 'asc' }, { id: 'asc' }] });
  }

  countOfMember(memberId: string) {
    return this.db.catalogueEntry.count({ where: { memberId } });
  }

  /** The yearly data confirmation covers every entry of the organisation. */
  async confirmAll(memberId: string, at: Date): Promise<number> {
    const { count } = await this.db.catalogueEntry.updateMany({ where: { memberId }, data: { confirmedAt: at } });
    return count;
  }

  /** The cluster's entries with their organisation's name, of organisations in the given statuses. */
  async listed(clusterId: string, statuses: readonly string[], opts: { withHidden: boolean }) {
    const rows = await this.db.catalogueEntry.findMany({ where: { clusterId, ...(opts.withHidden ? {} : { hiddenAt: null }) } });
    if (rows.length === 0) return [];
    const members = await this.db.member.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.memberId))] }, status: { in: [...statuses] } }, select: { id: true, name: true } });
    const names = new Map(members.map((m) => [m.id, m.name]));
    return rows.filter((r) => names.has(r.memberId)).map((r) => ({ ...r, organisation: names.get(r.memberId)! }));
  }

  /** Entries a person wrote (their personal data: /privacy). */
  byAuthor(clusterId: string, personId: string) {
    return this.db.catalogueEntry.findMany({ where: { clusterId, authorPersonId: personId }, orderBy: { createdAt: 'asc' } });
  }
}
