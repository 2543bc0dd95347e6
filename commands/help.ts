import { defineLeafCommand, isStaffOnly } from '../src/core/command.ts';
import { allows } from '../src/core/permissions.ts';
import type { Field } from '../src/core/reply.ts';
import { describeRoles } from '../src/core/roles.ts';

export default defineLeafCommand({
  name: 'help',
  description: 'core.commands.help.description',
  localizedNames: { pl: 'pomoc' },
  permission: 'anyone',
  async run({ t, actor, registry }) {
    const fields: Field[] = [];
    // Commands for the Coordinating Team come last and say so, as Discord hides them from members.
    const ordered = [...registry.list.filter((d) => !isStaffOnly(d)), ...registry.list.filter(isStaffOnly)];
    for (const def of ordered) {
      const lines = Object.entries(def.subcommands)
        .filter(([, sub]) => allows(sub.permission, actor))
        .map(([name, sub]) => `\`/${def.name}${name ? ` ${name}` : ''}\` – ${t(sub.description)}`);
      const label = isStaffOnly(def) ? `/${def.name} ${t('core.help.staffOnly')}` : `/${def.name}`;
      if (lines.length) fields.push({ label, value: lines.join('\n') });
    }
    const roles = describeRoles(actor, t);
    return {
      title: t('core.help.title'),
      text: [t('core.help.intro'), roles.length ? t('core.help.roles', { roles: roles.join(', ') }) : t('core.help.noRoles')].join('\n'),
      fields,
      private: true,
    };
  },
});
