import { isActiveMember, type Actor } from './actor.ts';
import type { TranslationKey } from './i18n.ts';

/**
 * Named preconditions declared on commands and actions (Sapphire's lesson): who may run what is
 * data, checked in one place, and a refusal says what to do instead.
 */
export const PERMISSIONS = {
  /** Anyone in the workspace, members or not (help, apply, privacy). */
  anyone: () => true,
  /** A representative of any organisation, even a suspended one (appeals, withdrawal). */
  representative: (a: Actor) => Boolean(a.member),
  /** A representative of a member in good standing: main or supporting, not suspended or ended. */
  member: (a: Actor) => isActiveMember(a),
  /** A member in good standing, or the Coordinating Team, who oversee the cluster without representing an organisation. */
  participant: (a: Actor) => isActiveMember(a) || isCoordinatingTeam(a),
  /**
   * May reach the ballot: a member in good standing. Which categories vote is the cluster's rule
   * (settings.votingMembers), which the governance service applies with its own refusal.
   */
  voter: (a: Actor) => isActiveMember(a),
  /** A representative of a main member in good standing. */
  mainMember: (a: Actor) => isActiveMember(a) && a.member?.category === 'main',
  /** Leads a working group (or sits in the Coordinating Team, which oversees every group). */
  groupLeader: (a: Actor) => a.leads.length > 0 || isCoordinatingTeam(a),
  /** The Coordinating Team: coordinator, operator, team members and working-group leaders. */
  coordinatingTeam: (a: Actor) => isCoordinatingTeam(a),
  coordinator: (a: Actor) => a.roles.has('coordinator'),
  /** Platform administrators set the cluster up (first coordinator); coordinators too. */
  admin: (a: Actor) => a.isPlatformAdmin || a.roles.has('coordinator'),
} satisfies Record<string, (a: Actor) => boolean>;

export type PermissionName = keyof typeof PERMISSIONS;

/**
 * What a command or action declares: a named precondition, or several combined, so the whole
 * static rule (who may ever run it) is stated where the command is defined. What depends on the
 * data (whose post, which organisation) stays in the service.
 */
export type Permission = PermissionName | { readonly anyOf: readonly Permission[] } | { readonly allOf: readonly Permission[] };

/** Allowed when any of the preconditions holds (e.g. the organisation's representative, or the coordinator). */
export function anyOf(...permissions: Permission[]): Permission {
  return { anyOf: permissions };
}

/** Allowed only when every precondition holds. */
export function allOf(...permissions: Permission[]): Permission {
  return { allOf: permissions };
}

function isCoordinatingTeam(a: Actor): boolean {
  return a.roles.has('coordinator') || a.roles.has('operator') || a.roles.has('team') || a.leads.length > 0;
}

export function allows(permission: Permission, actor: Actor): boolean {
  if (typeof permission === 'string') return PERMISSIONS[permission](actor);
  if ('anyOf' in permission) return permission.anyOf.some((p) => allows(p, actor));
  return permission.allOf.every((p) => allows(p, actor));
}

/**
 * The refusal message: it explains the rule and the way forward. For a choice of preconditions the
 * first alternative speaks (the way most people qualify); for a conjunction, the first one unmet.
 */
export function deniedKey(permission: Permission, actor: Actor): TranslationKey {
  if (typeof permission !== 'string') {
    const parts = 'anyOf' in permission ? permission.anyOf : permission.allOf.filter((p) => !allows(p, actor));
    return deniedKey(parts[0] ?? 'anyone', actor);
  }
  if (actor.member && !isActiveMember(actor) && permission !== 'coordinator' && permission !== 'coordinatingTeam') {
    return 'core.denied.suspended';
  }
  if (permission === 'mainMember' && isActiveMember(actor)) return 'core.denied.supportingMember';
  return `core.denied.${permission}` as TranslationKey;
}
