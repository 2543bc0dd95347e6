import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { CatalogueEntryModel as CatalogueEntry } from '../db/index.ts';
import type { CatalogueFields } from '../db/catalogue.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { readList } from '../core/input.ts';
import { GOOD_STANDING } from '../core/vocabulary.ts';
import { fold } from './barter.ts';
import { tellOrganisation } from './market.ts';
import type { NotificationService } from './notifications.ts';

/*
 * The cluster's common catalogue of services and products (the model's area I): each member
 * organisation's offers, kept by its own representatives, read by sector and place, exported for
 * the cluster's website or a tender. The yearly data confirmation confirms the entries too; an
 * entry not confirmed within `dataConfirmationMonths` is marked in chat and left out of exports,
 * so a client never reads an offer nobody has vouched for in a year.
 */

/** Sector and place fit in a button's id twice over (Discord's 100 characters) as the export's filter. */
export const CATALOGUE_LIMITS = { title: 100, description: 1000, sector: 35, place: 35, area: 200, contactName: 100, email: 120, phone: 20, perOrganisation: 20 } as const;

export interface EntryInput {
  title: string;
  description?: string | undefined;
  sector: string;
  area: string;
  contact?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

export type EntryPatch = Partial<EntryInput>;

/** Typed into an optional field of the edit form: empties it (an empty field leaves it as it was). */
export const CLEAR = '-';

const given = (value: string | undefined) => (value === undefined || value.trim() === CLEAR ? '' : value.trim());

export interface CatalogueItem extends CatalogueEntry {
  organisation: string;
  /** Not confirmed within the cluster's data-confirmation period. */
  stale: boolean;
}

export interface CatalogueFilter {
  sector?: string | undefined;
  place?: string | undefined;
}

/** The places an entry serves, as stored ("; " between them). */
export function placesOf(area: string): string[] {
  return readList(area);
}

export class CatalogueService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}

  async add(cluster: ClusterContext, actor: Actor, input: EntryInput): Promise<CatalogueEntry> {
    const memberId = this.ownOrganisation(actor);
    const fields = await this.fields(cluster, input);
    return this.db.transaction(async (tx) => {
      if ((await tx.catalogue.countOfMember(memberId)) >= CATALOGUE_LIMITS.perOrganisation) throw new DomainError('catalogue.errors.tooMany', { max: CATALOGUE_LIMITS.perOrganisation });
      const entry = await tx.catalogue.create({ ...fields, clusterId: cluster.id, memberId, authorPersonId: actor.personId, at: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'catalogue.added', subjectType: 'catalogueEntry', subjectId: entry.id });
      return entry;
    });
  }

  /** A representative's edit: what is given changes, a dash (`CLEAR`) empties an optional field. */
  async edit(cluster: ClusterContext, actor: Actor, id: string, patch: EntryPatch): Promise<CatalogueEntry> {
    const entry = await this.own(cluster, actor, id);
    const merged: EntryInput = {
      title: patch.title ?? entry.title,
      description: patch.description ?? entry.description,
      sector: patch.sector ?? entry.sector,
      area: patch.area ?? entry.area,
      contact: patch.contact ?? entry.contactName,
      email: patch.email ?? entry.contactEmail ?? undefined,
      phone: patch.phone ?? entry.contactPhone ?? undefined,
    };
    const fields = await this.fields(cluster, merged);
    return this.db.transaction(async (tx) => {
      const updated = await tx.catalogue.update(entry.id, { ...fields, authorPersonId: actor.personId, at: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'catalogue.edited', subjectType: 'catalogueEntry', subjectId: entry.id });
      return updated;
    });
  }

  async remove(cluster: ClusterContext, actor: Actor, id: string): Promise<CatalogueEntry> {
    const entry = await this.own(cluster, actor, id);
    await this.db.transaction(async (tx) => {
      if (!(await tx.catalogue.remove(entry.id))) throw new DomainError('catalogue.errors.notFound');
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'catalogue.removed', subjectType: 'catalogueEntry', subjectId: entry.id, details: { title: entry.title } });
    });
    return entry;
  }

  /** The coordinator hides an entry from the catalogue (or shows it again); its organisation is told. */
  async setHidden(cluster: ClusterContext, actor: Actor, id: string, hidden: boolean): Promise<CatalogueItem> {
    const entry = await this.item(cluster, id);
    if (Boolean(entry.hiddenAt) === hidden) return entry;
    await this.db.transaction(async (tx) => {
      await tx.catalogue.setHidden(entry.id, hidden ? { at: this.now(), byPersonId: actor.personId } : null);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: hidden ? 'catalogue.hidden' : 'catalogue.shown', subjectType: 'catalogueEntry', subjectId: entry.id });
    });
    await tellOrganisation(
      this.db,
      this.notifications,
      cluster.id,
      entry.memberId,
      ({ t }) => ({
        title: t(hidden ? 'catalogue.hide.toldTitle' : 'catalogue.hide.shownTitle'),
        text: t(hidden ? 'catalogue.hide.told' : 'catalogue.hide.shown', { title: entry.title }),
        buttons: [{ label: t('catalogue.mine.button'), action: { command: 'catalogue', action: 'mine' }, style: 'secondary' }],
        tone: hidden ? 'warning' : 'info',
      }),
      'catalogue.hidden',
    );
    return this.item(cluster, id);
  }

  /** One entry of this cluster, with its organisation's name (hidden ones too: whoever asks by id). */
  async item(cluster: ClusterContext, id: string): Promise<CatalogueItem> {
    const entry = await this.db.catalogue.entry(id.trim());
    if (!entry || entry.clusterId !== cluster.id) throw new DomainError('catalogue.errors.notFound');
    const member = await this.db.members.byId(entry.memberId);
    return { ...entry, organisation: member?.name ?? '', stale: this.isStale(cluster, entry) };
  }

  /** The caller's organisation and its entries, hidden ones included. */
  async mine(cluster: ClusterContext, actor: Actor): Promise<{ organisation: string; memberId: string; entries: CatalogueItem[] }> {
    const memberId = this.ownOrganisation(actor);
    return { organisation: actor.member!.name, memberId, entries: await this.ofMember(cluster, memberId, actor.member!.name) };
  }

  /** An organisation's entries (the yearly data confirmation shows them). */
  async ofMember(cluster: ClusterContext, memberId: string, organisation: string): Promise<CatalogueItem[]> {
    return (await this.db.catalogue.ofMember(memberId)).map((e) => ({ ...e, organisation, stale: this.isStale(cluster, e) }));
  }

  /**
   * The catalogue of organisations in good standing, by sector, organisation and title; a sector or
   * place named must be one the catalogue has (they are picked from it), so a typo is told, not an
   * empty list. The coordinator also sees hidden entries.
   */
  async browse(cluster: ClusterContext, filter: CatalogueFilter, opts: { withHidden?: boolean } = {}): Promise<CatalogueItem[]> {
    const all = await this.listed(cluster, opts.withHidden ?? false);
    const sector = filter.sector ? fold(filter.sector) : '';
    const place = filter.place ? fold(filter.place) : '';
    if (sector && !all.some((e) => fold(e.sector) === sector)) throw new DomainError('catalogue.errors.unknownSector', { sector: filter.sector! });
    if (place && !all.some((e) => placesOf(e.area).some((p) => fold(p) === place))) throw new DomainError('catalogue.errors.unknownPlace', { place: filter.place! });
    return all.filter((e) => (!sector || fold(e.sector) === sector) && (!place || placesOf(e.area).some((p) => fold(p) === place)));
  }

  /** What goes out to clients: visible entries confirmed within the period; how many stale ones were left out. */
  async forExport(cluster: ClusterContext, filter: CatalogueFilter): Promise<{ entries: CatalogueItem[]; leftOut: number }> {
    const found = await this.browse(cluster, filter);
    const entries = found.filter((e) => !e.stale);
    return { entries, leftOut: found.length - entries.length };
  }

  /** Sectors of the catalogue for a picker, matching what was typed. */
  async sectors(cluster: ClusterContext, typed: string): Promise<string[]> {
    return distinct((await this.listed(cluster, false)).map((e) => e.sector), typed);
  }

  async places(cluster: ClusterContext, typed: string): Promise<string[]> {
    return distinct((await this.listed(cluster, false)).flatMap((e) => placesOf(e.area)), typed);
  }

  /** Entries for a picker: the caller's own organisation's (`own`), or the whole catalogue. */
  async suggestions(cluster: ClusterContext, actor: Actor, typed: string, scope: 'own' | 'all'): Promise<CatalogueItem[]> {
    const rows = scope === 'own' ? (actor.member ? await this.ofMember(cluster, actor.member.id, actor.member.name) : []) : await this.listed(cluster, actor.roles.has('coordinator'));
    const needle = fold(typed);
    return rows.filter((e) => !needle || fold(`${e.title} ${e.organisation} ${e.sector}`).includes(needle)).slice(0, 25);
  }

  isStale(cluster: ClusterContext, entry: Pick<CatalogueEntry, 'confirmedAt'>): boolean {
    const limit = DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).minus({ months: cluster.settings.dataConfirmationMonths });
    return entry.confirmedAt.getTime() < limit.toMillis();
  }

  private async listed(cluster: ClusterContext, withHidden: boolean): Promise<CatalogueItem[]> {
    const rows = await this.db.catalogue.listed(cluster.id, GOOD_STANDING, { withHidden });
    return rows
      .map((e) => ({ ...e, stale: this.isStale(cluster, e) }))
      .sort((a, b) => a.sector.localeCompare(b.sector, 'pl') || a.organisation.localeCompare(b.organisation, 'pl') || a.title.localeCompare(b.title, 'pl') || a.id.localeCompare(b.id));
  }

  private ownOrganisation(actor: Actor): string {
    if (!actor.member) throw new DomainError('membership.errors.noOrganisation');
    return actor.member.id;
  }

  /** Only the organisation's own representatives change its entries (the coordinator hides, never edits). */
  private async own(cluster: ClusterContext, actor: Actor, id: string): Promise<CatalogueEntry> {
    const entry = await this.db.catalogue.entry(id.trim());
    if (!entry || entry.clusterId !== cluster.id) throw new DomainError('catalogue.errors.notFound');
    if (entry.memberId !== actor.member?.id) throw new DomainError('catalogue.errors.notYourEntry');
    return entry;
  }

  /** Stored fields: one spelling per sector (the first one used), places one by one, a way to reach them. */
  private async fields(cluster: ClusterContext, input: EntryInput): Promise<CatalogueFields> {
    const email = given(input.email) || null;
    const phone = given(input.phone) || null;
    if (!email && !phone) throw new DomainError('catalogue.errors.noContact', {}, { email: 'catalogue.errors.noContact', phone: 'catalogue.errors.noContact' });
    const places = distinct(readList(input.area.replaceAll(',', ';')), '');
    if (places.length === 0) throw new DomainError('catalogue.errors.noPlace', {}, { area: 'catalogue.errors.noPlace' });
    const long = places.find((p) => p.length > CATALOGUE_LIMITS.place);
    if (long) throw new DomainError('catalogue.errors.placeTooLong', { place: long, max: CATALOGUE_LIMITS.place }, { area: 'catalogue.errors.placeField' });
    const typed = input.sector.trim().replace(/\s+/g, ' ');
    const known = (await this.db.catalogue.listed(cluster.id, GOOD_STANDING, { withHidden: true })).find((e) => fold(e.sector) === fold(typed));
    return {
      title: input.title.trim(),
      description: given(input.description),
      sector: known?.sector ?? typed,
      area: places.join('; '),
      contactName: given(input.contact),
      contactEmail: email,
      contactPhone: phone,
    };
  }
}

/** Distinct by their folded form (first spelling kept), those containing what was typed, sorted. */
function distinct(values: string[], typed: string): string[] {
  const needle = fold(typed);
  const seen = new Map<string, string>();
  for (const v of values) {
    const key = fold(v);
    if (key && !seen.has(key) && (!needle || key.includes(needle))) seen.set(key, v.trim());
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'pl'));
}
