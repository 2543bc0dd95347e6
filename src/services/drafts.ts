import type { Database } from '../db/index.ts';

/** What a person typed into a form, kept until the form is accepted. */
export class DraftService {
  constructor(private readonly db: Database) {}
  get(clusterId: string, personId: string, formId: string) {
    return this.db.drafts.get(clusterId, personId, formId);
  }
  save(clusterId: string, personId: string, formId: string, values: Record<string, string>) {
    return this.db.drafts.save(clusterId, personId, formId, values);
  }
  clear(clusterId: string, personId: string, formId: string) {
    return this.db.drafts.clear(clusterId, personId, formId);
  }
}
