import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext, GrantedRole, PlatformUser } from '../core/actor.ts';
import { toLocale } from '../core/i18n.ts';

export type { PlatformUser };

/** Chat users, the roles the cluster grants them, and the organisation each speaks for. */
export class PeopleService {
  constructor(private readonly db: Database) {}

  /** Who is acting: person, granted roles, organisation, groups led. One query per interaction, shared by concurrent ones. */
  async actor(cluster: ClusterContext, user: PlatformUser): Promise<Actor> {
    const platformLocale = user.locale ? toLocale(user.locale, cluster.locale) : undefined;
    let view = await this.db.people.actor(cluster.id, user.id);
    const stale = view && !view.erased && (view.displayName !== user.displayName || (platformLocale && view.locale !== platformLocale));
    if (!view || stale) {
      // First contact, or a renamed user: written only then, so an ordinary press is a single read.
      const person = await this.db.people.ensure(cluster.id, user.id, user.displayName, platformLocale);
      view = { ...(view ?? { roles: [], member: null, leads: [] }), personId: person.id, displayName: person.displayName, locale: person.locale, erased: Boolean(person.erasedAt) };
    }
    const member = view.member;
    return {
      personId: view.personId,
      platformUserId: user.id,
      displayName: view.erased ? user.displayName : view.displayName,
      locale: toLocale(platformLocale ?? view.locale, cluster.locale),
      roles: new Set(view.roles),
      isPlatformAdmin: Boolean(user.isPlatformAdmin),
      member: member ? { id: member.id, name: member.name, category: member.category, status: member.status } : undefined,
      leads: view.leads,
    };
  }

  /** A person known only by platform id (someone mentioned in a command), created if new. */
  ensure(clusterId: string, platformUserId: string, displayName: string) {
    return this.db.people.ensure(clusterId, platformUserId, displayName);
  }

  byId(personId: string) {
    return this.db.people.byId(personId);
  }

  async grantRole(clusterId: string, personId: string, role: GrantedRole, byPersonId: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.people.grant(clusterId, personId, role);
      await tx.audit.record({ clusterId, actorPersonId: byPersonId, action: 'role.granted', subjectType: 'person', subjectId: personId, details: { role } });
    });
  }

  async revokeRole(clusterId: string, personId: string, role: GrantedRole, byPersonId: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.people.revoke(personId, role);
      await tx.audit.record({ clusterId, actorPersonId: byPersonId, action: 'role.revoked', subjectType: 'person', subjectId: personId, details: { role } });
    });
  }

  /** People holding any of the roles (e.g. everyone in the Coordinating Team). */
  async withRoles(clusterId: string, roles: GrantedRole[]) {
    const rows = await this.db.people.withRole(clusterId, roles);
    return this.db.people.byIds([...new Set(rows.map((r) => r.personId))]);
  }
}
