import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

/** Private calendar subscriptions: a person's feed answers to a token whose hash alone is kept. */
export class CalendarFeedStore {
  constructor(private readonly db: Db) {}

  create(data: { clusterId: string; personId: string; tokenHash: string }) {
    return this.db.calendarFeed.create({ data });
  }

  /** The feed a token's hash opens, if it has not been revoked. */
  active(tokenHash: string) {
    return this.db.calendarFeed.findFirst({ where: { tokenHash, revokedAt: null } });
  }

  /** Revokes every feed of a person; returns how many were still open. */
  async revokeAll(clusterId: string, personId: string, at: Date): Promise<number> {
    const { count } = await this.db.calendarFeed.updateMany({ where: { clusterId, personId, revokedAt: null }, data: { revokedAt: at } });
    return count;
  }

  countActive(clusterId: string, personId: string): Promise<number> {
    return this.db.calendarFeed.count({ where: { clusterId, personId, revokedAt: null } });
  }
}
