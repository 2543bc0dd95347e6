import { isActiveMember, type Actor } from './actor.ts';
import type { Translate } from './i18n.ts';

/** The caller's roles in words, for /help and /about. */
export function describeRoles(actor: Actor, t: Translate): string[] {
  const out: string[] = [];
  if (actor.roles.has('coordinator')) out.push(t('core.roles.coordinator'));
  if (actor.roles.has('operator')) out.push(t('core.roles.operator'));
  if (actor.roles.has('team')) out.push(t('core.roles.team'));
  if (actor.leads.length) out.push(t('core.roles.groupLeader'));
  if (actor.member) {
    const org = actor.member.name;
    if (!isActiveMember(actor)) out.push(t('core.roles.suspendedMember', { org }));
    else out.push(t(actor.member.category === 'main' ? 'core.roles.mainMember' : 'core.roles.supportingMember', { org }));
  }
  return out;
}
