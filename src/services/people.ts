import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext, GrantedRole } from '../core/actor.ts';
import { toLocale } from '../core/i18n.ts';

export interface PlatformUser {
  id: string;
  displayName: string;
  /** The platform's language for this user (Discord locale, Slack user locale). */
  locale?: string;
  isPlatformAdmin?: boolean;
}

/** Chat users, the roles the cluster grants them, and the organisation each speaks for. */
export class PeopleService {
  constructor(private readonly db: Database) {}

  /** Who is acting: person, granted roles, organisation, groups led. One call per interaction. */
  async actor(cluster: ClusterContext, user: PlatformUser): Promise<Actor> {
    const platformLocale = user.locale ? toLocale(user.locale, cluster.locale) : undefined;
    const person = await this.db.people.ensure(cluster.id, user.id, user.displayName, platformLocale);
    const [roles, representation, leads] = await Promise.all([
      this.db.people.roles(person.id),
      this.db.people.representation(cluster.id, person.id),
      this.db.people.groupsLed(cluster.id, person.id),
    ]);
    const member = representation?.member;
    return {
      personId: person.id,
      platformUserId: user.id,
      displayName: person.erasedAt ? user.displayName : person.displayName,
      locale: toLocale(platformLocale ?? person.locale, cluster.locale),
      roles: new Set(roles.map((r) => r.role as GrantedRole)),
      isPlatformAdmin: Boolean(user.isPlatformAdmin),
      member: member ? { id: member.id, name: member.name, category: member.category, status: member.status } : undefined,
      leads,
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
