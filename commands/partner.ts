import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { labelled } from '../src/core/options.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import { PARTNER_KINDS } from '../src/core/vocabulary.ts';


/** Strategic partners are contacts only: no membership, no rights, no vote. */
export default defineCommand({
  name: 'partner',
  description: 'membership.commands.partner.description',
  localizedNames: { pl: 'partner' },
  subcommands: {
    add: defineSubcommand({
      description: 'membership.commands.partner.add',
      permission: 'coordinator',
      options: z.object({
        name: text().trim().min(2).max(150).describe('membership.options.partnerName'),
        kind: labelled(z.enum(PARTNER_KINDS), 'membership.partnerKinds').describe('membership.options.partnerKind'),
        contact: text().trim().max(200).optional().describe('membership.options.partnerContact'),
        note: text().trim().max(500).optional().describe('membership.options.partnerNote'),
      }),
      async run({ options, cluster, actor, services, t }) {
        const partner = await services.partners.add(cluster, actor.personId, options);
        return { text: t('membership.partners.added', { name: partner.name }), private: true, tone: 'success' };
      },
    }),
    list: defineSubcommand({
      description: 'membership.commands.partner.list',
      permission: 'coordinatingTeam',
      options: z.object({}),
      async run({ cluster, services, t }) {
        const partners = await services.partners.list(cluster);
        if (partners.length === 0) return { text: t('membership.partners.none'), private: true };
        return {
          title: t('membership.partners.title'),
          text: [
            t('membership.partners.noRights'),
            ...partners.map((p) => `• **${p.name}** (${t(`membership.partnerKinds.${p.kind}`)})${p.contact ? ` – ${p.contact}` : ''}${p.note ? ` – ${p.note}` : ''}`),
          ].join('\n'),
          private: true,
        };
      },
    }),
    remove: defineSubcommand({
      description: 'membership.commands.partner.remove',
      permission: 'coordinator',
      options: z.object({ name: text().trim().min(2).max(150).describe('membership.options.partnerName') }),
      async run({ options, cluster, actor, services, t }) {
        const partner = await services.partners.remove(cluster, actor.personId, options.name);
        return { text: t('membership.partners.removed', { name: partner.name }), private: true, tone: 'success' };
      },
    }),
  },
});
