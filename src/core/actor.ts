import type { Locale } from './i18n.ts';
import { isInGoodStanding, type Category, type GrantedRole, type MemberStatus, type Platform } from './vocabulary.ts';

export type { GrantedRole, Platform } from './vocabulary.ts';

/** A chat user as the platform presents them. */
export interface PlatformUser {
  id: string;
  displayName: string;
  /** The platform's language for this user (Discord locale, Slack user locale). */
  locale?: string;
  isPlatformAdmin?: boolean;
}

/**
 * A cluster's own rules. Their schema and defaults are domain knowledge (src/services/settings.ts),
 * which completes this interface by declaration merging; the core only carries them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClusterSettings {}

export interface ClusterContext {
  id: string;
  platform: Platform;
  externalId: string;
  name: string;
  locale: Locale;
  timeZone: string;
  settings: ClusterSettings;
}


/** Who is acting, as far as the rules care. Built once per interaction from the database. */
export interface Actor {
  personId: string;
  platformUserId: string;
  displayName: string;
  locale: Locale;
  roles: ReadonlySet<GrantedRole>;
  /** Discord "Administrator" / Slack workspace admin: may set up the cluster's first coordinator. */
  isPlatformAdmin: boolean;
  /** The organisation this person represents, if any. */
  member?: { id: string; name: string; category: Category; status: MemberStatus };
  /** Ids of the working groups this person leads. */
  leads: readonly string[];
}

export function isActiveMember(actor: Actor): boolean {
  return Boolean(actor.member && isInGoodStanding(actor.member.status));
}
