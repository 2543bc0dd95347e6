import { GOOD_STANDING, POST_TYPES } from '../core/vocabulary.ts';
import type { Client, Tx } from './client.ts';
import type { BarterKind, CloseOutcome, Exchange, PostStatus, PostType } from '../core/vocabulary.ts';
import { barterPostRow, memberRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

export interface NewBarterPost {
  clusterId: string;
  memberId: string;
  authorPersonId: string | null;
  type: PostType;
  kind: BarterKind;
  title: string;
  description: string;
  exchange: Exchange;
  place: string;
  availableUntil: Date;
  /** An offer of a shared resource: its card offers booking it. */
  resourceId?: string | null;
  /** From the service's clock, not the database's: digests and escalation run on that time. */
  createdAt: Date;
}

export type BarterPatch = Partial<Pick<NewBarterPost, 'kind' | 'title' | 'description' | 'exchange' | 'place' | 'availableUntil'>>;

/** Barter posts (offers, requests, quick help), their edit history and the responses they got. */
export class BarterStore {
  constructor(private readonly db: Db) {}

  async create(data: NewBarterPost) {
    return barterPostRow.one(await this.db.barterPost.create({ data }));
  }

  async byId(id: string) {
    return barterPostRow.maybe(await this.db.barterPost.findUnique({ where: { id } }));
  }

  async setMessageRef(id: string, messageRef: string) {
    return barterPostRow.one(await this.db.barterPost.update({ where: { id }, data: { messageRef } }));
  }

  async update(id: string, data: BarterPatch) {
    return barterPostRow.one(await this.db.barterPost.update({ where: { id }, data }));
  }

  addRevision(postId: string, previous: Record<string, unknown>, editedAt: Date) {
    return this.db.barterRevision.create({ data: { postId, previous: JSON.stringify(previous), editedAt } });
  }

  revisions(postId: string) {
    return this.db.barterRevision.findMany({ where: { postId }, orderBy: { editedAt: 'asc' } });
  }

  /**
   * Closes a post only if it is still open; the count tells the caller whether it won (a job
   * and the owner closing at once, or two replicas, close it exactly once).
   */
  async closeIfOpen(id: string, data: { status: CloseOutcome; closedAt: Date; partnerMemberId?: string | null }): Promise<boolean> {
    const { count } = await this.db.barterPost.updateMany({ where: { id, status: 'open' }, data: { ...data, partnerMemberId: data.partnerMemberId ?? null } });
    return count === 1;
  }

  async markEscalated(id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.barterPost.updateMany({ where: { id, escalatedAt: null }, data: { escalatedAt: at } });
    return count === 1;
  }

  /** Newest first; text and place are matched by the service (case- and accent-aware in JS). */
  async list(clusterId: string, filter: { status?: PostStatus; kind?: BarterKind; type?: PostType; memberId?: string; take?: number } = {}) {
    return barterPostRow.many(
      await this.db.barterPost.findMany({
        where: {
          clusterId,
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.kind ? { kind: filter.kind } : {}),
          ...(filter.type ? { type: filter.type } : {}),
          ...(filter.memberId ? { memberId: filter.memberId } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: filter.take ?? 500,
      }),
    );
  }

  /** Open posts of the given types and kind, from other organisations: candidates for matching. */
  async openOfKind(clusterId: string, types: PostType[], kind: BarterKind, excludeMemberId: string) {
    return barterPostRow.many(
      await this.db.barterPost.findMany({
        where: { clusterId, status: 'open', type: { in: types }, kind, memberId: { not: excludeMemberId } },
        orderBy: { createdAt: 'asc' },
      }),
    );
  }

  /** Open posts whose date has passed (or passes before `until`). */
  async openEndingBefore(clusterId: string, until: Date) {
    return barterPostRow.many(await this.db.barterPost.findMany({ where: { clusterId, status: 'open', availableUntil: { lte: until } }, orderBy: { availableUntil: 'asc' } }));
  }

  /** Quick-help posts still open and never escalated, created at or before `createdBefore`. */
  /** Open quick help posted before `createdBefore`, or whose deadline comes before `deadlineBefore`. */
  async quickHelpToEscalate(clusterId: string, createdBefore: Date, deadlineBefore: Date) {
    return barterPostRow.many(
      await this.db.barterPost.findMany({
        where: {
          clusterId,
          type: 'quickhelp',
          status: 'open',
          escalatedAt: null,
          OR: [{ createdAt: { lte: createdBefore } }, { availableUntil: { lte: deadlineBefore } }],
        },
        orderBy: { createdAt: 'asc' },
      }),
    );
  }

  async createdBetween(clusterId: string, from: Date, to: Date) {
    return barterPostRow.many(
      await this.db.barterPost.findMany({
        where: { clusterId, type: { in: [...POST_TYPES] }, createdAt: { gte: from, lt: to } },
        orderBy: { createdAt: 'asc' },
      }),
    );
  }

  addResponse(data: { postId: string; memberId: string; personId: string | null; message: string; createdAt: Date }) {
    return this.db.barterResponse.create({ data });
  }

  responses(postId: string) {
    return this.db.barterResponse.findMany({ where: { postId }, orderBy: { createdAt: 'asc' } });
  }

  /** Of these posts, those the organisation has responded to: one query. */
  async respondedBy(postIds: string[], memberId: string): Promise<Set<string>> {
    if (postIds.length === 0) return new Set();
    const rows = await this.db.barterResponse.findMany({ where: { postId: { in: postIds }, memberId }, select: { postId: true } });
    return new Set(rows.map((r) => r.postId));
  }

  countResponses(postId: string) {
    return this.db.barterResponse.count({ where: { postId } });
  }

  /** Responses per post for a page of posts, in one query; a post without any is absent. */
  async countResponsesFor(postIds: string[]): Promise<Map<string, number>> {
    if (postIds.length === 0) return new Map();
    const rows = await this.db.barterResponse.groupBy({ by: ['postId'], where: { postId: { in: postIds } }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.postId, r._count._all]));
  }

  /** Organisations in good standing with what they offer and their sectors (quick-help matching). */
  async activeProfiles(clusterId: string) {
    return memberRow.many(
      await this.db.member.findMany({
        where: { clusterId, status: { in: [...GOOD_STANDING] } },
        select: { id: true, name: true, offers: true, sectors: true, municipality: true },
        orderBy: { name: 'asc' },
      }),
    );
  }

  async membersByIds(ids: string[]) {
    return memberRow.many(await this.db.member.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, status: true } }));
  }
}
