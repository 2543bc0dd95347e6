import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { labelled } from '../src/core/options.ts';
import { defineLeafCommand } from '../src/core/command.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { BARTER_LIMITS as LIMITS, QUICK_HELP_MAX_DAYS } from '../src/services/barter.ts';
import { BARTER_KINDS } from '../src/core/vocabulary.ts';

export default defineLeafCommand({
  name: 'quickhelp',
  description: 'barter.commands.quickhelp.description',
  localizedNames: { pl: 'szybkapomoc' },
  permission: 'member',
  options: z.object({
    what: text().trim().min(1).max(LIMITS.title).describe('barter.options.what'),
    within: z.number().int().min(1).max(QUICK_HELP_MAX_DAYS * 24).describe('barter.options.within'),
    unit: labelled(z.enum(['hours', 'days']), 'barter.unit').default('hours').describe('barter.options.unit'),
    where: text().trim().min(1).max(LIMITS.place).describe('barter.options.where'),
    kind: labelled(z.enum(BARTER_KINDS), 'barter.kind').optional().describe('barter.options.kind'),
    description: text().trim().max(LIMITS.description).optional().describe('barter.options.description'),
  }),
  form: {
    title: 'barter.form.quickHelpTitle',
    fields: [
      { name: 'what', label: 'barter.form.what', kind: 'short', required: true, maxLength: LIMITS.title },
      { name: 'within', label: 'barter.form.within', kind: 'short', required: true, maxLength: 4 },
      { name: 'unit', label: 'barter.form.unit', kind: 'choice', options: [{ value: 'hours', label: 'barter.unit.hours' }, { value: 'days', label: 'barter.unit.days' }] },
      { name: 'where', label: 'barter.form.where', kind: 'short', required: true, maxLength: LIMITS.place, placeholder: 'barter.form.placePlaceholder' },
      { name: 'kind', label: 'barter.form.kind', kind: 'choice', options: BARTER_KINDS.map((k) => ({ value: k, label: `barter.kind.${k}` as const })) },
      { name: 'description', label: 'barter.form.description', kind: 'paragraph', maxLength: LIMITS.description },
    ],
  },
  async run({ options, cluster, actor, services, t }) {
    const { post, notified } = await services.quickHelp.post(cluster, actor, options);
    const lines = [t('barter.quickHelp.posted', { id: post.id }), notified > 0 ? t('barter.quickHelp.notified', { count: notified }) : t('barter.quickHelp.nobody')];
    return { text: lines.join('\n'), private: true, tone: 'success' };
  },
});
