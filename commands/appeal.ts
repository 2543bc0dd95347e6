import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { labelled } from '../src/core/options.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { Reply } from '../src/core/reply.ts';
import { appealPicker } from './pickers.ts';
import { APPEAL_OUTCOMES } from '../src/core/vocabulary.ts';
import { appealAgainstKey } from '../src/services/appeals.ts';

type Ctx = CommandContext<unknown>;

/** The Decide button's form: the outcome and its justification; the appeal travels as the argument. */
function decideForm(ctx: Ctx, appealId: string, values: Record<string, string> = {}): Reply {
  const { t } = ctx;
  return {
    form: {
      id: 'appeal.decide',
      title: t('membership.steps.forms.appeal'),
      submit: { command: 'appeal', subcommand: 'decide' },
      args: [appealId],
      fields: [
        {
          name: 'outcome',
          label: t('membership.steps.fields.outcome'),
          kind: 'choice',
          required: true,
          options: APPEAL_OUTCOMES.map((o) => ({ value: o, label: t(`membership.steps.outcomes.${o}`) })),
          ...(values.outcome ? { value: values.outcome } : {}),
        },
        { name: 'justification', label: t('membership.steps.fields.justification'), kind: 'paragraph', required: true, minLength: 10, maxLength: 1000, ...(values.justification ? { value: values.justification } : {}) },
      ],
    },
    private: true,
  };
}

/** Open appeals to choose from; the choice opens the Decide form. */
async function pickAppeal(ctx: Ctx): Promise<Reply> {
  const open = await ctx.services.suggestions.appeals(ctx.cluster, '');
  if (open.length === 0) return { text: ctx.t('membership.appeals.none'), private: true };
  return {
    text: ctx.t('membership.steps.pick.appeal'),
    choices: {
      action: { command: 'appeal', action: 'decide' },
      placeholder: ctx.t('membership.steps.pick.appealPlaceholder'),
      options: open.map((a) => ({ value: a.id, label: a.orgName.slice(0, 100), description: `${ctx.t(appealAgainstKey(a.against))} · ${ctx.format.date(a.createdAt)}` })),
    },
    private: true,
  };
}

export default defineCommand({
  name: 'appeal',
  description: 'membership.commands.appeal.description',
  localizedNames: { pl: 'odwolanie' },
  subcommands: {
    submit: defineSubcommand({
      description: 'membership.commands.appeal.submit',
      // A suspended or ended organisation, or a refused candidate where the cluster's rules allow it:
      // who may appeal depends on the data, so the service says, before the form opens.
      permission: 'anyone',
      options: z.object({ text: text().trim().min(20).max(2000).describe('membership.options.appealText') }),
      // A long text: the bare command opens a form for it rather than asking for it in the command line.
      form: {
        title: 'membership.appeals.formTitle',
        fields: [{ name: 'text', label: 'membership.options.appealText', kind: 'paragraph', required: true, minLength: 20, maxLength: 2000 }],
      },
      async ready({ cluster, actor, services }) {
        await services.appeals.appellant(cluster, actor);
      },
      async run({ options, cluster, actor, services, t }) {
        const { appellant } = await services.appeals.submitFrom(cluster, actor, options.text);
        return { text: t(appellant.kind === 'member' ? 'membership.appeals.submitted' : 'membership.appeals.submittedRefusal', { org: appellant.org }), private: true, tone: 'success' };
      },
    }),
    list: defineSubcommand({
      description: 'membership.commands.appeal.list',
      permission: 'coordinatingTeam',
      options: z.object({}),
      async run(ctx) {
        const { cluster, services, t, format } = ctx;
        const open = await services.appeals.open(cluster);
        if (open.length === 0) return { text: t('membership.appeals.none'), private: true };
        const { choices } = await pickAppeal(ctx);
        return {
          title: t('membership.appeals.title', { count: open.length }),
          ...(choices ? { choices } : {}),
          private: true,
          fields: open.map(({ appeal, org }) => ({
            label: `${org} – ${t(appealAgainstKey(appeal.against))} – ${format.date(appeal.createdAt)}`,
            value: appeal.text,
          })),
        };
      },
    }),
    decide: defineSubcommand({
      description: 'membership.commands.appeal.decide',
      permission: 'coordinatingTeam',
      options: z.object({
        appeal: text().trim().min(1).max(40).optional().describe('membership.options.appeal'),
        outcome: labelled(z.enum(APPEAL_OUTCOMES), 'core.choices.appealOutcome').optional().describe('membership.options.outcome'),
        justification: text().trim().min(10).max(1000).optional().describe('membership.options.justification'),
      }),
      pickers: { appeal: appealPicker },
      async run(ctx) {
        const { options, cluster, actor, services, t } = ctx;
        // From the Decide form the appeal is its argument; typed, it is the option.
        const appealId = ctx.args[0] ?? options.appeal;
        if (!appealId) return pickAppeal(ctx);
        if (!options.outcome || !options.justification) {
          return decideForm(ctx, appealId, { ...(options.outcome ? { outcome: options.outcome } : {}), ...(options.justification ? { justification: options.justification } : {}) });
        }
        const appeal = await services.appeals.decide(cluster, actor.personId, appealId, options.outcome, options.justification);
        if (appeal.against !== 'refused') return { text: t(`membership.appeals.decided.${options.outcome}`), private: true, tone: 'success' };
        const app = await services.admission.application(cluster, appeal.applicationId ?? '');
        return { text: t(`membership.appeals.decidedRefusal.${options.outcome}`, { org: app.orgName }), private: true, tone: 'success' };
      },
    }),
  },
  actions: {
    /** The Decide button of the appeal notice, and the choice in /appeal list. */
    decide: {
      permission: 'coordinatingTeam',
      async run(ctx) {
        const appealId = ctx.args.at(-1) ?? '';
        // A decided appeal says so at once rather than after the form is filled.
        if (!(await ctx.services.appeals.open(ctx.cluster)).some((a) => a.appeal.id === appealId)) throw new DomainError('membership.errors.appealDecided');
        return decideForm(ctx, appealId);
      },
    },
  },
});
