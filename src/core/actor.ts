import type { Locale } from './i18n.ts';

export type Platform = 'discord' | 'slack' | 'console';

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

export type GrantedRole = 'coordinator' | 'operator' | 'team';

/** Member statuses in which an organisation exercises its rights. */
export const ACTIVE_STATUSES = ['active', 'conditional'] as const;

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
  member?: { id: string; name: string; category: string; status: string };
  /** Ids of the working groups this person leads. */
  leads: readonly string[];
}

export function isActiveMember(actor: Actor): boolean {
  return Boolean(actor.member && (ACTIVE_STATUSES as readonly string[]).includes(actor.member.status));
}
