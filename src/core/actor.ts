import type { Locale } from './i18n.ts';
import type { ClusterSettings } from '../services/settings.ts';

export type Platform = 'discord' | 'slack' | 'console';

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
