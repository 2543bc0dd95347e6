import type { Database } from '../db/index.ts';
import type { ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { orgKey } from './membership.ts';
import type { PartnerKind } from '../core/vocabulary.ts';

/** Strategic partners: contacts of the cluster, with no membership and no rights. */
export class PartnerService {
  constructor(private readonly db: Database) {}

  async add(cluster: ClusterContext, byPersonId: string, data: { name: string; kind: PartnerKind; contact?: string | undefined; note?: string | undefined }) {
    if (await this.db.applications.partnerByName(cluster.id, data.name.trim())) throw new DomainError('membership.errors.partnerExists', { name: data.name.trim() });
    return this.db.transaction(async (tx) => {
      const partner = await tx.applications.addPartner({ clusterId: cluster.id, name: data.name.trim(), kind: data.kind, contact: data.contact?.trim() || null, note: data.note?.trim() || null });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'partner.added', subjectType: 'partner', subjectId: partner.id, details: { name: partner.name, kind: partner.kind } });
      return partner;
    });
  }

  list(cluster: ClusterContext) {
    return this.db.applications.partners(cluster.id);
  }

  async remove(cluster: ClusterContext, byPersonId: string, name: string) {
    const partner = (await this.db.applications.partners(cluster.id)).find((p) => orgKey(p.name) === orgKey(name));
    if (!partner) throw new DomainError('membership.errors.partnerNotFound', { name });
    await this.db.transaction(async (tx) => {
      await tx.applications.removePartner(partner.id);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'partner.removed', subjectType: 'partner', subjectId: partner.id, details: { name: partner.name } });
    });
    return partner;
  }
}
