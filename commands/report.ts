import { z } from 'zod';
import { DateTime } from 'luxon';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { csvAttachment } from '../src/core/csv.ts';
import { anyOf } from '../src/core/permissions.ts';
import type { Reply } from '../src/core/reply.ts';
import { userText } from '../src/core/text.ts';
import type { Evaluation } from '../src/services/evaluation.ts';
import { collaborationReport, evaluationReport } from '../src/services/evaluation-report.ts';

/** Lists in chat stay short; the whole list is in the attached file. */
const LIST_IN_CHAT = 30;

/** A yearly report: for the coordinator and the Coordinating Team, drawn from the year's evaluation after a deferral. */
function yearly(description: TranslationKey, report: (evaluation: Evaluation, ctx: Omit<CommandContext, 'options'>) => Promise<Reply>) {
  return defineSubcommand({
    description,
    permission: anyOf('coordinator', 'coordinatingTeam'),
    slow: true,
    options: z.object({ year: z.number().int().min(2000).max(2100).optional().describe('evaluation.options.year') }),
    run: async (ctx) => report(await ctx.services.evaluation.year(ctx.cluster, ctx.options.year), ctx),
  });
}

export default defineCommand({
  name: 'report',
  description: 'activity.commands.report',
  localizedNames: { pl: 'raport' },
  subcommands: {
    activity: defineSubcommand({
      description: 'activity.commands.reportActivity',
      permission: 'coordinator',
      slow: true,
      options: z.object({ year: z.number().int().min(2000).max(2100).optional().describe('activity.options.year') }),
      async run({ options, cluster, services, t, format, now }) {
        const year = options.year ?? DateTime.fromJSDate(now(), { zone: cluster.timeZone }).year;
        const rows = await services.activity.report(cluster, year);
        if (!rows.length) return { text: t('activity.report.empty'), private: true };
        const last = (d: Date | null) => (d ? format.date(d) : t('activity.report.never'));
        const count = (s: string) => rows.filter((r) => r.standing === s).length;
        const csv = csvAttachment(`${t('activity.report.filename')}-${year}`, [
          [
            t('activity.report.csvHeader.name'),
            t('activity.report.csvHeader.category'),
            t('activity.report.csvHeader.count'),
            t('activity.report.csvHeader.required'),
            t('activity.report.csvHeader.last'),
            t('activity.report.csvHeader.standing'),
          ],
          ...rows.map((r) => [
            r.name,
            t(`activity.report.categories.${r.category}`),
            r.count,
            r.required,
            r.lastActivity ? DateTime.fromJSDate(r.lastActivity, { zone: cluster.timeZone }).toFormat('yyyy-MM-dd') : '',
            t(`activity.standings.${r.standing}`),
          ]),
        ]);
        return {
          title: t('activity.report.title', { year: String(year) }),
          text: [
            rows[0]!.finished
              ? t('activity.report.summaryFinished', { met: count('met'), missed: count('missed') })
              : t('activity.report.summary', { onTrack: count('onTrack'), atRisk: count('atRisk'), inactive: count('inactive') }),
            '',
            ...rows.map((r) => t('activity.report.row', { name: r.name, done: r.count, required: r.required, last: last(r.lastActivity), standing: t(`activity.standings.${r.standing}`) })),
          ].join('\n'),
          attachments: [csv],
          private: true,
        };
      },
    }),
    evaluation: yearly('evaluation.commands.evaluation', async (evaluation, { t, locale, format }) => {
      const { lines, attachments } = await evaluationReport(evaluation, { t, locale, format });
      return { title: t('evaluation.reply.title', { year: String(evaluation.window.year) }), text: [...lines, '', t('evaluation.reply.files')].join('\n'), attachments, private: true };
    }),
    collaboration: yearly('evaluation.commands.collaboration', async (evaluation, { t, locale, format }) => {
      const { year } = evaluation.window;
      const { isolated, attachments } = await collaborationReport(evaluation, { t, locale, format });
      const c = evaluation.collaboration;
      const shown = isolated.slice(0, LIST_IN_CHAT);
      return {
        title: t('evaluation.collaborationReply.title', { year: String(year) }),
        text: [
          t('evaluation.collaborationReply.summary', { pairs: c.pairs.length, newPairs: c.newPairs }),
          '',
          ...(isolated.length
            ? [t('evaluation.collaborationReply.isolatedTitle', { count: isolated.length }), ...shown.map((n) => `• ${userText(n)}`), ...(isolated.length > shown.length ? [t('evaluation.collaborationReply.more', { count: isolated.length - shown.length })] : [])]
            : [t('evaluation.collaborationReply.noneIsolated')]),
        ].join('\n'),
        attachments,
        private: true,
      };
    }),
  },
});
