import type { Database } from '../db/index.ts';
import type { Category, MemberStatus } from '../core/vocabulary.ts';

/**
 * Puts organisations and representatives in place directly, without the admission process:
 * for console scenarios (`:as jan main:"Spółdzielnia Razem"`) and benchmark fixtures only.
 */
export class SeedService {
  constructor(private readonly db: Database) {}

  async representativeOf(clusterId: string, personId: string, orgName: string, category: Category, status: MemberStatus = 'active') {
    return this.db.transaction(async (tx) => {
      const member = await tx.members.ensureOrganisation(clusterId, orgName, { category, status });
      await tx.members.setRepresentative(clusterId, member.id, personId);
      return member;
    });
  }
}
