import { z } from 'zod';
import { defineCommand, defineSubcommand, LEAF } from '../src/core/command.ts';
import { allows } from '../src/core/permissions.ts';
import type { Field } from '../src/core/reply.ts';
import { describeRoles } from '../src/core/roles.ts';

export default defineCommand({
  name: 'help',
  description: 'core.commands.help.description',
  localizedNames: { pl: 'pomoc' },
  subcommands: {
    [LEAF]: defineSubcommand({
      description: 'core.commands.help.description',
      permission: 'anyone',
      options: z.object({}),
      async run({ t, actor, registry }) {
        const fields: Field[] = [];
        for (const def of registry.list) {
          const lines = Object.entries(def.subcommands)
            .filter(([, sub]) => allows(sub.permission, actor))
            .map(([name, sub]) => `\`/${def.name}${name ? ` ${name}` : ''}\` – ${t(sub.description)}`);
          if (lines.length) fields.push({ label: `/${def.name}`, value: lines.join('\n') });
        }
        const roles = describeRoles(actor, t);
        return {
          title: t('core.help.title'),
          text: [t('core.help.intro'), roles.length ? t('core.help.roles', { roles: roles.join(', ') }) : t('core.help.noRoles')].join('\n'),
          fields,
          private: true,
        };
      },
    }),
  },
});
