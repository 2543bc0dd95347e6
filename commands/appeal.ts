import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { labelled } from '../src/core/options.ts';
import { defineCommand, defineSubcommand } from '../src/core/command.ts';
import { appealPicker } from './pickers.ts';
import { APPEAL_OUTCOMES, statusLabelKey } from '../src/services/membership.ts';

export default defineCommand({
  name: 'appeal',
  description: 'membership.commands.appeal.description',
  localizedNames: { pl: 'odwolanie' },
  subcommands: {
    submit: defineSubcommand({
      description: 'membership.commands.appeal.submit',
      // Suspended and ended organisations keep this one door open.
      permission: 'representative',
      options: z.object({ text: text().trim().min(20).max(2000).describe('membership.options.appealText') }),
      async run({ options, cluster, actor, services, t }) {
        await services.appeals.submit(cluster, actor.personId, actor.member!.id, options.text);
        return { text: t('membership.appeals.submitted', { org: actor.member!.name }), private: true, tone: 'success' };
      },
    }),
    list: defineSubcommand({
      description: 'membership.commands.appeal.list',
      permission: 'coordinatingTeam',
      options: z.object({}),
      async run({ cluster, services, t, format }) {
        const open = await services.appeals.open(cluster);
        if (open.length === 0) return { text: t('membership.appeals.none'), private: true };
        return {
          title: t('membership.appeals.title', { count: open.length }),
          fields: open.map(({ appeal, member }) => ({
            label: `${member?.name ?? '?'} – ${t(statusLabelKey(appeal.against))} – ${format.date(appeal.createdAt)}`,
            value: `${appeal.text}\n\`${appeal.id}\``,
          })),
          private: true,
        };
      },
    }),
    decide: defineSubcommand({
      description: 'membership.commands.appeal.decide',
      permission: 'coordinatingTeam',
      options: z.object({
        appeal: text().trim().min(1).max(40).describe('membership.options.appeal'),
        outcome: labelled(z.enum(APPEAL_OUTCOMES), 'core.choices.appealOutcome').describe('membership.options.outcome'),
        justification: text().trim().min(10).max(1000).describe('membership.options.justification'),
      }),
      pickers: { appeal: appealPicker },
      async run({ options, cluster, actor, services, t }) {
        await services.appeals.decide(cluster, actor.personId, options.appeal, options.outcome, options.justification);
        return { text: t(`membership.appeals.decided.${options.outcome}`), private: true, tone: 'success' };
      },
    }),
  },
});
