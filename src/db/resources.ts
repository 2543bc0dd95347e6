import { HOLDING_BOOKINGS, type BookingStatus, type ResourceKind } from '../core/vocabulary.ts';
import type { Client, Tx } from './client.ts';
import { resourceBookingRow, sharedResourceRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

export interface NewResource {
  clusterId: string;
  memberId: string;
  authorPersonId: string | null;
  name: string;
  kind: ResourceKind;
  description: string;
  rules: string;
  availability: string;
  place: string;
  approval: boolean;
  createdAt: Date;
}

export interface NewBooking {
  clusterId: string;
  resourceId: string;
  memberId: string;
  personId: string | null;
  startsAt: Date;
  endsAt: Date;
  note: string;
  status: BookingStatus;
  createdAt: Date;
}

/** Shared equipment and spaces, and their bookings. */
export class ResourceStore {
  constructor(private readonly db: Db) {}

  async create(data: NewResource) {
    return sharedResourceRow.one(await this.db.sharedResource.create({ data }));
  }

  async resource(id: string) {
    return sharedResourceRow.maybe(await this.db.sharedResource.findUnique({ where: { id } }));
  }

  /** Bookable resources of the cluster, by name. */
  async active(clusterId: string) {
    return sharedResourceRow.many(await this.db.sharedResource.findMany({ where: { clusterId, status: 'active' }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 200 }));
  }

  /**
   * Claims the resource for one booking: only while it is active, raising its version. The UPDATE
   * locks the row until the transaction ends (PostgreSQL; SQLite takes the write lock), so two
   * bookings of one resource run one after the other and the second sees the first.
   */
  async claim(id: string): Promise<boolean> {
    const { count } = await this.db.sharedResource.updateMany({ where: { id, status: 'active' }, data: { version: { increment: 1 } } });
    return count === 1;
  }

  /** The owner's edit of what the card says; bookings are untouched. */
  async update(id: string, data: Partial<Pick<NewResource, 'name' | 'kind' | 'description' | 'rules' | 'availability' | 'place' | 'approval'>>) {
    return sharedResourceRow.one(await this.db.sharedResource.update({ where: { id }, data }));
  }

  /**
   * Withdraws the resource only while it is active, raising its version like a booking's claim:
   * a booking racing the withdrawal either claims first (and is cancelled with the rest) or finds it withdrawn.
   */
  async withdraw(id: string): Promise<boolean> {
    const { count } = await this.db.sharedResource.updateMany({ where: { id, status: 'active' }, data: { status: 'withdrawn', version: { increment: 1 } } });
    return count === 1;
  }

  /** Bookings still holding a period that has not started: what a withdrawal cancels. */
  async holdingFrom(resourceId: string, after: Date) {
    return resourceBookingRow.many(await this.db.resourceBooking.findMany({ where: { resourceId, status: { in: [...HOLDING_BOOKINGS] }, startsAt: { gt: after } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] }));
  }

  /** Open barter posts that offer this resource: closed with it. */
  async openPostsOf(resourceId: string): Promise<string[]> {
    return (await this.db.barterPost.findMany({ where: { resourceId, status: 'open' }, select: { id: true } })).map((p) => p.id);
  }

  /** A booking that holds any part of [startsAt, endsAt): ends after the start and starts before the end. */
  async overlapping(resourceId: string, startsAt: Date, endsAt: Date) {
    return resourceBookingRow.maybe(
      await this.db.resourceBooking.findFirst({ where: { resourceId, status: { in: [...HOLDING_BOOKINGS] }, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } }, orderBy: { startsAt: 'asc' } }),
    );
  }

  async createBooking(data: NewBooking) {
    return resourceBookingRow.one(await this.db.resourceBooking.create({ data }));
  }

  async booking(id: string) {
    return resourceBookingRow.maybe(await this.db.resourceBooking.findUnique({ where: { id } }));
  }

  /** Moves the status only from one of `from`: two presses at once move it once. */
  async moveBooking(id: string, from: readonly BookingStatus[], data: { status: BookingStatus; decidedAt?: Date; returnedAt?: Date }): Promise<boolean> {
    const { count } = await this.db.resourceBooking.updateMany({ where: { id, status: { in: [...from] } }, data });
    return count === 1;
  }

  /** A resource's bookings, the latest period first: its history. */
  /** Bookings not yet ended that wait for the owner organisation's approval, soonest first, with the resource's name: two queries. */
  async awaitingOwner(clusterId: string, memberId: string, now: Date) {
    const own = await this.db.sharedResource.findMany({ where: { clusterId, memberId, status: 'active' }, select: { id: true, name: true } });
    if (own.length === 0) return [];
    const names = new Map(own.map((r) => [r.id, r.name]));
    const rows = resourceBookingRow.many(await this.db.resourceBooking.findMany({ where: { resourceId: { in: [...names.keys()] }, status: 'pending', endsAt: { gt: now } }, orderBy: { startsAt: 'asc' } }));
    return rows.map((booking) => ({ booking, resourceName: names.get(booking.resourceId) ?? '' }));
  }

  async bookingsOf(resourceId: string, take = 50) {
    return resourceBookingRow.many(await this.db.resourceBooking.findMany({ where: { resourceId }, orderBy: [{ startsAt: 'desc' }, { id: 'desc' }], take }));
  }

  /** An organisation's bookings still to come or running, the nearest first. */
  async bookingsBy(clusterId: string, memberId: string, after: Date) {
    return resourceBookingRow.many(
      await this.db.resourceBooking.findMany({ where: { clusterId, memberId, status: { in: [...HOLDING_BOOKINGS] }, endsAt: { gt: after } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take: 25 }),
    );
  }

  /** Confirmed bookings starting within (from, to]: the reminder's. */
  async startingBetween(clusterId: string, from: Date, to: Date) {
    return resourceBookingRow.many(await this.db.resourceBooking.findMany({ where: { clusterId, status: 'confirmed', startsAt: { gt: from, lte: to } }, orderBy: { startsAt: 'asc' } }));
  }

  /** Confirmed bookings that ended within (from, to] and are not yet returned: the owner is asked to confirm the return. */
  async endedBetween(clusterId: string, from: Date, to: Date) {
    return resourceBookingRow.many(await this.db.resourceBooking.findMany({ where: { clusterId, status: 'confirmed', endsAt: { gt: from, lte: to } }, orderBy: { endsAt: 'asc' } }));
  }
}
