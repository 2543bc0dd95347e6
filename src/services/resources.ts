import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { Button, Field } from '../core/reply.ts';
import { neutralizeMentions, userText } from '../core/text.ts';
import { isInGoodStanding, type ResourceKind } from '../core/vocabulary.ts';
import type { BarterService } from './barter-posts.ts';
import { inCluster, namesOf, runsIt, tellOrganisation } from './market.ts';
import type { MessageBuilder, MessageTools, NotificationService } from './notifications.ts';

/*
 * Shared equipment and spaces (the model's service area V): an organisation lists what it shares
 * (a van, a hall, a kitchen, a sewing machine) with its rules and when it can be booked; members
 * book a period (resource-bookings.ts). This file owns the resource itself: listing, its card,
 * its history, and offering it on the barter board.
 */

/** Typed into an optional field of the edit form, empties it. */
export const CLEAR = '-';

/** Lengths enforced by the command schemas and the forms alike. */
export const RESOURCE_LIMITS = { name: 80, text: 1000, short: 200, place: 80, note: 300 } as const;

export type SharedResource = NonNullable<Awaited<ReturnType<Database['resources']['resource']>>>;
export type ResourceBooking = NonNullable<Awaited<ReturnType<Database['resources']['booking']>>>;

export interface ResourceInput {
  name: string;
  kind: ResourceKind;
  description?: string | undefined;
  rules?: string | undefined;
  availability?: string | undefined;
  place: string;
  approval?: boolean | undefined;
}

/** A booking as a history line shows it: the period, who booked it, where it stands. */
export interface HistoryLine {
  booking: ResourceBooking;
  booker: string;
}

export class ResourceService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly barter: BarterService,
    private readonly now: () => Date,
  ) {}

  async get(cluster: ClusterContext, id: string): Promise<SharedResource> {
    return inCluster(await this.db.resources.resource(id.trim()), cluster, 'resources.errors.notFound', id);
  }

  /** A representative of a member in good standing lists what its organisation shares. */
  async add(cluster: ClusterContext, actor: Actor, input: ResourceInput): Promise<SharedResource> {
    const memberId = requireMember(actor);
    return this.db.createAudited((tx) => tx.resources.create({
      clusterId: cluster.id,
      memberId,
      authorPersonId: actor.personId,
      name: input.name.trim(),
      kind: input.kind,
      description: (input.description ?? '').trim(),
      rules: (input.rules ?? '').trim(),
      availability: (input.availability ?? '').trim(),
      place: input.place.trim(),
      approval: input.approval ?? false,
      createdAt: this.now(),
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.added', subjectType: 'sharedResource', subjectId: created.id, details: { kind: input.kind } }));
  }

  /** Bookable resources with their owners' names, by name. */
  async list(cluster: ClusterContext): Promise<(SharedResource & { owner: string })[]> {
    const rows = await this.db.resources.active(cluster.id);
    const names = await namesOf(this.db, rows.map((r) => r.memberId));
    return rows.map((r) => ({ ...r, owner: names.get(r.memberId) ?? '?' }));
  }

  /** For pickers (which filter by what a person reads): `own` only those the actor runs (its organisation's, or all for the coordinator). */
  async suggestions(cluster: ClusterContext, actor: Actor, scope: 'all' | 'own'): Promise<SharedResource[]> {
    return (await this.db.resources.active(cluster.id)).filter((r) => scope === 'all' || runsIt(actor, r.memberId));
  }

  async ownerName(resource: SharedResource): Promise<string> {
    return (await namesOf(this.db, [resource.memberId])).get(resource.memberId) ?? '?';
  }

  /** The resource's bookings, the latest period first, with the booking organisations' names. */
  async history(resource: SharedResource): Promise<HistoryLine[]> {
    const bookings = await this.db.resources.bookingsOf(resource.id);
    const names = await namesOf(this.db, bookings.map((b) => b.memberId));
    return bookings.map((booking) => ({ booking, booker: names.get(booking.memberId) ?? '?' }));
  }

  /**
   * Offers the resource on the barter board (an offer of its kind, at its place): members who read
   * the board find it there, and the card's Book button leads back to booking it.
   */
  async postToBarter(cluster: ClusterContext, actor: Actor, id: string) {
    const resource = await this.get(cluster, id);
    if (actor.member?.id !== resource.memberId) throw new DomainError('resources.errors.notOwnerPost', { name: neutralizeMentions(resource.name) });
    if (resource.status !== 'active') throw new DomainError('resources.errors.withdrawn', { name: neutralizeMentions(resource.name) });
    const description = [resource.description, resource.rules, resource.availability].filter(Boolean).join('\n').slice(0, 1000);
    const { post } = await this.barter.post(cluster, actor, 'offer', { kind: resource.kind, title: resource.name, description, place: resource.place }, resource.id);
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.posted', subjectType: 'sharedResource', subjectId: resource.id, details: { postId: post.id } });
    return post;
  }

  /** What the owner's representative changes on the card; bookings already made stay as they are. */
  async edit(cluster: ClusterContext, actor: Actor, id: string, patch: Partial<ResourceInput>): Promise<SharedResource> {
    const resource = await this.get(cluster, id);
    if (actor.member?.id !== resource.memberId) throw new DomainError('resources.errors.notOwnerEdit', { name: neutralizeMentions(resource.name) });
    if (resource.status !== 'active') throw new DomainError('resources.errors.withdrawn', { name: neutralizeMentions(resource.name) });
    const changes: Parameters<Database['resources']['update']>[1] = {};
    for (const key of ['name', 'place', 'description', 'rules', 'availability'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      // A dash empties an optional field; the name and place stay required.
      const next = value.trim() === CLEAR && key !== 'name' && key !== 'place' ? '' : value.trim();
      if (next !== resource[key]) changes[key] = next;
    }
    if (patch.kind !== undefined && patch.kind !== resource.kind) changes.kind = patch.kind;
    if (patch.approval !== undefined && patch.approval !== resource.approval) changes.approval = patch.approval;
    if (Object.keys(changes).length === 0) return resource;
    return this.db.transaction(async (tx) => {
      const after = await tx.resources.update(resource.id, changes);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.edited', subjectType: 'sharedResource', subjectId: resource.id, details: { fields: Object.keys(changes) } });
      return after;
    });
  }

  /** What a withdrawal would cancel, checked before the confirm step: the resource and its bookings still to come. */
  async withdrawable(cluster: ClusterContext, actor: Actor, id: string): Promise<{ resource: SharedResource; upcoming: number }> {
    const resource = await this.get(cluster, id);
    requireOwner(actor, resource);
    if (resource.status !== 'active') throw new DomainError('resources.errors.withdrawn', { name: neutralizeMentions(resource.name) });
    return { resource, upcoming: (await this.db.resources.holdingFrom(resource.id, this.now())).length };
  }

  /**
   * The owner (or the coordinator) withdraws the resource: it leaves the list and the pickers, its
   * bookings not yet started are cancelled (each booking organisation told once, with all its
   * periods), and its open barter posts are closed through the board so their cards update. A
   * booking already running stays, so its return can still be confirmed; the history stays readable.
   */
  async withdraw(cluster: ClusterContext, actor: Actor, id: string): Promise<{ resource: SharedResource; cancelled: ResourceBooking[] }> {
    const resource = await this.get(cluster, id);
    requireOwner(actor, resource);
    const name = neutralizeMentions(resource.name);
    const now = this.now();
    const cancelled = await this.db.transaction(async (tx) => {
      if (!(await tx.resources.withdraw(resource.id))) throw new DomainError('resources.errors.withdrawn', { name });
      const upcoming = await tx.resources.holdingFrom(resource.id, now);
      for (const b of upcoming) await tx.resources.moveBooking(b.id, ['pending', 'confirmed'], { status: 'cancelled', decidedAt: now });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.withdrawn', subjectType: 'sharedResource', subjectId: resource.id, details: { cancelled: upcoming.map((b) => b.id) } });
      return upcoming;
    });
    const owner = await this.ownerName(resource);
    const byBooker = new Map<string, ResourceBooking[]>();
    for (const b of cancelled) if (b.memberId !== resource.memberId) byBooker.set(b.memberId, [...(byBooker.get(b.memberId) ?? []), b]);
    for (const [memberId, periods] of byBooker) {
      await tellOrganisation(
        this.db,
        this.notifications,
        cluster.id,
        memberId,
        ({ t, dateTime }) => ({
          title: t('resources.notice.withdrawnTitle', { name: userText(name) }),
          text: [t('resources.notice.withdrawn', { name: userText(name), owner: userText(owner) }), ...periods.map((b) => `• ${dateTime(b.startsAt)} – ${dateTime(b.endsAt)}`)].join('\n'),
          tone: 'warning',
        }),
        'resource-booking',
      );
    }
    for (const postId of await this.db.resources.openPostsOf(resource.id)) {
      try {
        await this.barter.close(cluster, actor, postId, 'withdrawn');
      } catch (error) {
        // Closed meanwhile by its author: nothing left to close.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return { resource: await this.get(cluster, resource.id), cancelled };
  }

  /** Messages every representative of the resource's owner. */
  tellOwner(cluster: ClusterContext, resource: SharedResource, build: MessageBuilder, kind: string) {
    return tellOrganisation(this.db, this.notifications, cluster.id, resource.memberId, build, kind);
  }
}

/** The organisation the actor speaks for, in good standing: only such a member shares and books resources. */
export function requireMember(actor: Actor): string {
  if (!actor.member || !isInGoodStanding(actor.member.status)) throw new DomainError('resources.errors.notMember');
  return actor.member.id;
}

/** The owner's representative, or the coordinator who moderates: who decides on bookings and returns. */
export function requireOwner(actor: Actor, resource: SharedResource): void {
  if (!runsIt(actor, resource.memberId)) throw new DomainError('resources.errors.notOwner', { name: neutralizeMentions(resource.name) });
}

/** The resource's card: what it is, whose, where, its rules and when it can be booked. */
export function resourceCard(r: SharedResource, owner: string, { t }: Pick<MessageTools, 't'>) {
  const fields: Field[] = [
    { label: t('resources.card.kind'), value: t(`resources.kind.${r.kind}`), inline: true },
    { label: t('resources.card.owner'), value: userText(owner), inline: true },
    { label: t('resources.card.place'), value: r.place ? userText(neutralizeMentions(r.place)) : '–', inline: true },
    { label: t('resources.card.approval'), value: t(r.approval ? 'resources.card.approvalYes' : 'resources.card.approvalNo'), inline: true },
    ...(r.availability ? [{ label: t('resources.card.availability'), value: userText(neutralizeMentions(r.availability)) }] : []),
    ...(r.rules ? [{ label: t('resources.card.rules'), value: userText(neutralizeMentions(r.rules)) }] : []),
  ];
  return {
    title: t(`resources.card.title.${r.kind}`, { name: userText(neutralizeMentions(r.name)) }),
    ...(r.description ? { text: userText(neutralizeMentions(r.description)) } : {}),
    fields,
  };
}

/** The Book button, with the resource chosen. */
export function bookButton(resourceId: string, t: MessageTools['t']): Button {
  return { label: t('resources.card.bookButton'), action: { command: 'resource', action: 'book', args: [resourceId] }, style: 'primary' };
}
