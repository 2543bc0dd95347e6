import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { readDateTime, type LocalDateTime } from '../core/input.ts';
import type { Button, Field, Reply } from '../core/reply.ts';
import { neutralizeMentions, userText } from '../core/text.ts';
import type { BookingStatus } from '../core/vocabulary.ts';
import { namesOf, tellOrganisation } from './market.ts';
import type { MessageBuilder, MessageTools, NotificationService } from './notifications.ts';
import { requireMember, requireOwner, type ResourceBooking, type ResourceService, type SharedResource } from './resources.ts';

/** How long before its start a booking is reminded of. */
export const REMINDER_LEAD_MS = 24 * 3_600_000;
/** A booking longer than this is a loan, not a booking: agreed with the owner directly. */
const MAX_BOOKING_MS = 31 * 86_400_000;
/** How long after its end the owner is still asked to confirm the return. */
const RETURN_WINDOW_MS = 7 * 86_400_000;

export interface BookingInput {
  resource: string;
  /** Local date and time in the cluster's zone (a date alone: from the day's start). */
  from: string;
  /** Local date and time (a date alone: to the day's end). */
  to: string;
  note?: string | undefined;
}

type Tools = Pick<MessageTools, 't' | 'dateTime'>;

/** Whether a booking gets the reminder: made more than the reminder's lead before its start. */
export function remindsOf(b: Pick<ResourceBooking, 'createdAt' | 'startsAt'>): boolean {
  return b.startsAt.getTime() - b.createdAt.getTime() > REMINDER_LEAD_MS;
}

/**
 * Bookings of shared equipment and spaces: a member books a period in local time; a period that
 * overlaps one already held (waiting for approval or confirmed) is refused. Each booking claims
 * the resource's row first (an UPDATE, which locks it until the transaction ends), so of two
 * bookings of one slot made at the same moment exactly one is written and the other is refused.
 * The owner approves or declines where the resource asks for it, and confirms the return.
 */
export class BookingService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly resources: ResourceService,
    private readonly now: () => Date,
  ) {}

  async get(cluster: ClusterContext, id: string): Promise<{ booking: ResourceBooking; resource: SharedResource }> {
    const booking = await this.db.resources.booking(id.trim());
    if (!booking || booking.clusterId !== cluster.id) throw new DomainError('resources.errors.bookingNotFound', { id });
    return { booking, resource: await this.resources.get(cluster, booking.resourceId) };
  }

  async book(cluster: ClusterContext, actor: Actor, input: BookingInput): Promise<{ booking: ResourceBooking; resource: SharedResource; reads: LocalDateTime[] }> {
    const memberId = requireMember(actor);
    const resource = await this.resources.get(cluster, input.resource);
    const name = neutralizeMentions(resource.name);
    const from = readDateTime(input.from, cluster.timeZone, 'from', { dateAlone: 'start' });
    const to = readDateTime(input.to, cluster.timeZone, 'to', { dateAlone: 'end' });
    const now = this.now();
    if (from.at.getTime() < now.getTime()) throw new DomainError('resources.errors.past', { value: input.from.trim() }, { from: 'resources.errors.pastField' });
    if (to.at.getTime() <= from.at.getTime()) throw new DomainError('resources.errors.endBeforeStart', { from: from.at, to: to.at }, { to: 'resources.errors.endBeforeStartField' });
    if (to.at.getTime() - from.at.getTime() > MAX_BOOKING_MS) throw new DomainError('resources.errors.tooLong', { days: MAX_BOOKING_MS / 86_400_000 }, { to: 'resources.errors.tooLongField' });
    // The owner's own use holds the period at once; others wait for approval where the resource asks for it.
    const status: BookingStatus = resource.approval && resource.memberId !== memberId ? 'pending' : 'confirmed';
    const booking = await this.db.transaction(async (tx) => {
      if (!(await tx.resources.claim(resource.id))) throw new DomainError('resources.errors.withdrawn', { name });
      const clash = await tx.resources.overlapping(resource.id, from.at, to.at);
      // No field error: beside a field, Slack would show only that, not which period holds the slot.
      if (clash) throw new DomainError('resources.errors.taken', { name, from: clash.startsAt, to: clash.endsAt });
      const created = await tx.resources.createBooking({
        clusterId: cluster.id,
        resourceId: resource.id,
        memberId,
        personId: actor.personId,
        startsAt: from.at,
        endsAt: to.at,
        note: (input.note ?? '').trim(),
        status,
        createdAt: now,
      });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.booked', subjectType: 'resourceBooking', subjectId: created.id, details: { resourceId: resource.id, status } });
      return created;
    });
    if (resource.memberId !== memberId) {
      const booker = actor.member?.name ?? '?';
      await this.resources.tellOwner(cluster, resource, (tools) => ownerNotice(booking, resource, booker, tools), 'resource-booking');
    }
    return { booking, resource, reads: [from, to] };
  }

  /** The owner approves a booking that waits for it; the booking organisation is told. */
  approve(cluster: ClusterContext, actor: Actor, id: string) {
    return this.decide(cluster, actor, id, 'confirmed');
  }

  decline(cluster: ClusterContext, actor: Actor, id: string) {
    return this.decide(cluster, actor, id, 'declined');
  }

  /** The booking organisation (or the coordinator) cancels a booking that has not ended; the owner is told. */
  async cancel(cluster: ClusterContext, actor: Actor, id: string): Promise<{ booking: ResourceBooking; resource: SharedResource }> {
    const { booking, resource } = await this.get(cluster, id);
    if (actor.member?.id !== booking.memberId && !actor.roles.has('coordinator')) throw new DomainError('resources.errors.notBooker');
    if (booking.endsAt.getTime() <= this.now().getTime() || !(await this.db.resources.moveBooking(booking.id, ['pending', 'confirmed'], { status: 'cancelled', decidedAt: this.now() }))) {
      throw new DomainError('resources.errors.notCancellable');
    }
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.bookingCancelled', subjectType: 'resourceBooking', subjectId: booking.id });
    const after = (await this.db.resources.booking(booking.id))!;
    if (resource.memberId !== booking.memberId) {
      const booker = await this.nameOf(booking.memberId);
      await this.resources.tellOwner(cluster, resource, (tools) => ({ ...bookingCard(after, resource, { booker }, tools), title: tools.t('resources.notice.cancelledTitle', { name: userText(neutralizeMentions(resource.name)) }) }), 'resource-booking');
    }
    return { booking: after, resource };
  }

  /** The owner confirms the resource came back, once the booking has started. */
  async confirmReturn(cluster: ClusterContext, actor: Actor, id: string): Promise<{ booking: ResourceBooking; resource: SharedResource }> {
    const { booking, resource } = await this.get(cluster, id);
    requireOwner(actor, resource);
    const now = this.now();
    if (booking.startsAt.getTime() > now.getTime()) throw new DomainError('resources.errors.notStarted', { from: booking.startsAt });
    if (!(await this.db.resources.moveBooking(booking.id, ['confirmed'], { status: 'returned', returnedAt: now }))) throw new DomainError('resources.errors.notReturnable');
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.returned', subjectType: 'resourceBooking', subjectId: booking.id });
    const after = (await this.db.resources.booking(booking.id))!;
    const owner = await this.resources.ownerName(resource);
    await this.tellBooker(cluster, booking, (tools) => ({ ...bookingCard(after, resource, { owner }, tools), title: tools.t('resources.notice.returnedTitle', { name: userText(neutralizeMentions(resource.name)) }), tone: 'success' }), 'resource-booking');
    return { booking: after, resource };
  }

  /** The actor's organisation's bookings still to come or running. */
  async mine(cluster: ClusterContext, actor: Actor): Promise<{ booking: ResourceBooking; resource: SharedResource }[]> {
    const memberId = requireMember(actor);
    const bookings = await this.db.resources.bookingsBy(cluster.id, memberId, this.now());
    return Promise.all(bookings.map(async (booking) => ({ booking, resource: await this.resources.get(cluster, booking.resourceId) })));
  }

  async nameOf(memberId: string): Promise<string> {
    return (await namesOf(this.db, [memberId])).get(memberId) ?? '?';
  }

  // ── the job's (each message exactly once through the delivery ledger) ──────────────────────

  /**
   * Confirmed bookings starting within the reminder's lead. One made within the lead is fresh in
   * the booker's mind (its answer said no reminder would come): reminding it minutes later is noise.
   */
  async startingSoon(cluster: ClusterContext, now: Date) {
    const due = await this.db.resources.startingBetween(cluster.id, now, new Date(now.getTime() + REMINDER_LEAD_MS));
    return due.filter((b) => remindsOf(b));
  }

  /** Confirmed bookings that ended in the last week and are not returned yet. */
  ended(cluster: ClusterContext, now: Date) {
    return this.db.resources.endedBetween(cluster.id, new Date(now.getTime() - RETURN_WINDOW_MS), now);
  }

  /** Reminds the booking organisation of its booking's start, with the owner's rules. */
  async remind(cluster: ClusterContext, booking: ResourceBooking): Promise<void> {
    const resource = await this.resources.get(cluster, booking.resourceId);
    const owner = await this.resources.ownerName(resource);
    await this.tellBooker(cluster, booking, (tools) => ({
      ...bookingCard(booking, resource, { owner }, tools),
      title: tools.t('resources.notice.reminderTitle', { name: userText(neutralizeMentions(resource.name)) }),
      text: tools.t('resources.notice.reminder', { from: tools.dateTime(booking.startsAt), to: tools.dateTime(booking.endsAt), owner: userText(owner) }),
    }), 'resource-reminder');
  }

  /** Asks the owner to confirm the return of a booking that has ended. */
  async askReturn(cluster: ClusterContext, booking: ResourceBooking): Promise<void> {
    const resource = await this.resources.get(cluster, booking.resourceId);
    const booker = await this.nameOf(booking.memberId);
    await this.resources.tellOwner(
      cluster,
      resource,
      (tools) => ({
        ...bookingCard(booking, resource, { booker }, tools),
        title: tools.t('resources.notice.returnTitle', { name: userText(neutralizeMentions(resource.name)) }),
        text: tools.t('resources.notice.return', { org: userText(booker), to: tools.dateTime(booking.endsAt) }),
        buttons: [returnButton(booking.id, tools.t)],
      }),
      'resource-return',
    );
  }

  /** Tells the booking organisation's representatives (each notice kind once, by the ledger's kind). */
  private tellBooker(cluster: ClusterContext, booking: ResourceBooking, build: MessageBuilder, kind: string): Promise<void> {
    return tellOrganisation(this.db, this.notifications, cluster.id, booking.memberId, build, kind);
  }

  private async decide(cluster: ClusterContext, actor: Actor, id: string, status: 'confirmed' | 'declined') {
    const { booking, resource } = await this.get(cluster, id);
    requireOwner(actor, resource);
    if (!(await this.db.resources.moveBooking(booking.id, ['pending'], { status, decidedAt: this.now() }))) {
      throw new DomainError('resources.errors.notPending');
    }
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'resource.bookingDecided', subjectType: 'resourceBooking', subjectId: booking.id, details: { status } });
    const after = (await this.db.resources.booking(booking.id))!;
    const owner = await this.resources.ownerName(resource);
    await this.tellBooker(cluster, booking, (tools) => {
      const card = bookingCard(after, resource, { owner }, tools);
      const name = userText(neutralizeMentions(resource.name));
      return status === 'confirmed'
        ? { ...card, title: tools.t('resources.notice.approvedTitle', { name }), tone: 'success' }
        : { ...card, title: tools.t('resources.notice.declinedTitle', { name }), text: tools.t('resources.notice.declined', { owner: userText(owner) }), tone: 'warning' };
    }, 'resource-booking');
    return { booking: after, resource };
  }
}

/** A booking as its two sides read it: the resource, the period in local time, the other side, where it stands. */
export function bookingCard(b: ResourceBooking, resource: SharedResource, other: { owner: string } | { booker: string }, { t, dateTime }: Tools): Reply {
  const fields: Field[] = [
    { label: t('resources.booking.resource'), value: userText(neutralizeMentions(resource.name)), inline: true },
    { label: t('resources.booking.from'), value: dateTime(b.startsAt), inline: true },
    { label: t('resources.booking.to'), value: dateTime(b.endsAt), inline: true },
    'owner' in other ? { label: t('resources.booking.owner'), value: userText(other.owner), inline: true } : { label: t('resources.booking.booker'), value: userText(other.booker), inline: true },
    { label: t('resources.booking.status'), value: t(`resources.bookingStatus.${b.status}`), inline: true },
    ...(b.note ? [{ label: t('resources.booking.note'), value: userText(neutralizeMentions(b.note)) }] : []),
  ];
  const buttons: Button[] = b.status === 'pending' || b.status === 'confirmed' ? [cancelButton(b.id, t)] : [];
  return { title: t('resources.booking.title', { name: userText(neutralizeMentions(resource.name)) }), fields, buttons };
}

/** What the owner reads of a new booking: asking for approval (with the buttons), or told it holds. */
function ownerNotice(b: ResourceBooking, resource: SharedResource, booker: string, tools: Tools): Reply {
  const { t, dateTime } = tools;
  const card = bookingCard(b, resource, { booker }, tools);
  const name = userText(neutralizeMentions(resource.name));
  const text = t(b.status === 'pending' ? 'resources.notice.request' : 'resources.notice.booked', { org: userText(booker), name, from: dateTime(b.startsAt), to: dateTime(b.endsAt) });
  const buttons: Button[] =
    b.status === 'pending'
      ? [
          { label: t('resources.notice.approveButton'), action: { command: 'resource', action: 'approve', args: [b.id] }, style: 'success' },
          { label: t('resources.notice.declineButton'), action: { command: 'resource', action: 'decline', args: [b.id] }, style: 'danger' },
        ]
      : [{ label: t('resources.card.historyButton'), action: { command: 'resource', action: 'history', args: [resource.id] }, style: 'secondary' }];
  return { ...card, title: t(b.status === 'pending' ? 'resources.notice.requestTitle' : 'resources.notice.bookedTitle', { name }), text, buttons };
}

export function cancelButton(bookingId: string, t: Tools['t']): Button {
  return { label: t('resources.booking.cancelButton'), action: { command: 'resource', action: 'cancel', args: [bookingId] }, style: 'danger' };
}

export function returnButton(bookingId: string, t: Tools['t']): Button {
  return { label: t('resources.notice.returnButton'), action: { command: 'resource', action: 'returned', args: [bookingId] }, style: 'success' };
}
