import { isUniqueViolation, type Client, type Tx } from './client.ts';

type Db = Client | Tx;

/** Activities of member organisations. */
export class ActivityStore {
  constructor(private readonly db: Db) {}

  /**
   * Records an automatic activity once: the (member, sourceKey) unique index makes a repeat a
   * no-op, also when two requests race. Returns whether a row was added.
   */
  async addOnce(data: {
    clusterId: string;
    memberId: string;
    kind: string;
    date: Date;
    title: string;
    source: string;
    sourceKey: string;
    loggedByPersonId?: string | null;
  }): Promise<boolean> {
    try {
      await this.db.activity.create({ data: { ...data, loggedByPersonId: data.loggedByPersonId ?? null, status: 'confirmed' } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
