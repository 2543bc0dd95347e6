import { z } from 'zod';
import { userText } from '../src/core/text.ts';
import type { ActivityKind } from '../src/core/vocabulary.ts';
import { labelled } from '../src/core/options.ts';
import { DateTime } from 'luxon';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { Reply } from '../src/core/reply.ts';
import { dateText, httpUrl, text } from '../src/core/input.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { ACTIVITY_KINDS } from '../src/core/vocabulary.ts';
import { suggestionLines } from '../src/services/engagement.ts';
import { memberCardImage } from '../src/services/evaluation-report.ts';

/** The label key of an activity kind ("other" is labelled `otherKind`). */
function kindKey(kind: ActivityKind): TranslationKey {
  return kind === 'other' ? 'activity.kinds.otherKind' : `activity.kinds.${kind}`;
}

/** The year asked for, or the current one in the cluster's time zone. */
function yearOf(ctx: CommandContext<unknown>, year: number | undefined): number {
  return year ?? DateTime.fromJSDate(ctx.now(), { zone: ctx.cluster.timeZone }).year;
}

function requireMember(ctx: CommandContext<unknown>): { id: string; name: string } {
  if (!ctx.actor.member) throw new DomainError('activity.errors.noOrganisation');
  return ctx.actor.member;
}

const yearOption = z.number().int().min(2000).max(2100).optional().describe('activity.options.year');

export default defineCommand({
  name: 'activity',
  description: 'activity.commands.description',
  localizedNames: { pl: 'dzialania' },
  subcommands: {
    log: defineSubcommand({
      description: 'activity.commands.log',
      permission: 'member',
      options: z.object({
        kind: labelled(z.enum(ACTIVITY_KINDS), 'core.choices.activityKind').describe('activity.options.kind'),
        date: dateText().describe('activity.options.date'),
        title: text().trim().min(3).max(120).describe('activity.options.title'),
        description: text().trim().min(1).max(1000).describe('activity.options.description'),
        link: httpUrl().max(500).optional().describe('activity.options.link'),
      }),
      form: {
        title: 'activity.form.title',
        fields: [
          { name: 'kind', label: 'activity.form.kind', kind: 'choice', required: true, options: ACTIVITY_KINDS.map((k) => ({ value: k, label: kindKey(k) })) },
          { name: 'date', label: 'activity.form.date', kind: 'short', required: true, placeholder: 'activity.form.datePlaceholder', maxLength: 10 },
          { name: 'title', label: 'activity.form.titleField', kind: 'short', required: true, minLength: 3, maxLength: 120 },
          { name: 'description', label: 'activity.form.description', kind: 'paragraph', required: true, maxLength: 1000 },
          { name: 'link', label: 'activity.form.link', kind: 'short', maxLength: 500 },
        ],
      },
      async run(ctx) {
        const activity = await ctx.services.activity.log(ctx.cluster, ctx.actor, ctx.options);
        const year = DateTime.fromJSDate(activity.date, { zone: ctx.cluster.timeZone }).year;
        const standing = await ctx.services.activity.standing(ctx.cluster, activity.memberId, year);
        return {
          text: [
            ctx.t('activity.logged', { title: activity.title, date: ctx.format.date(activity.date) }),
            ctx.t('activity.status.progress', { done: standing.count, count: standing.required, year: String(year) }),
          ].join('\n'),
          tone: 'success',
          private: true,
        };
      },
    }),
    list: defineSubcommand({
      description: 'activity.commands.list',
      permission: 'representative',
      options: z.object({ year: yearOption }),
      async run(ctx) {
        const member = requireMember(ctx);
        const year = yearOf(ctx, ctx.options.year);
        const rows = await ctx.services.activity.list(ctx.cluster, member.id, year);
        const lines = rows.map((a) => {
          const line = ctx.t('activity.list.row', {
            date: ctx.format.date(a.date),
            kind: ctx.t(kindKey(a.kind)),
            title: userText(a.title),
            status: ctx.t(`activity.statuses.${a.status}`),
          });
          return a.reviewNote ? `${line}\n  ${ctx.t('activity.list.reviewNote', { note: userText(a.reviewNote) })}` : line;
        });
        return {
          title: ctx.t('activity.list.title', { org: userText(member.name), year: String(year) }),
          text: lines.length ? lines.join('\n') : ctx.t('activity.list.empty', { year: String(year) }),
          private: true,
        };
      },
    }),
    status: defineSubcommand({
      description: 'activity.commands.status',
      permission: 'representative',
      options: z.object({ year: yearOption }),
      async run(ctx) {
        const member = requireMember(ctx);
        const year = yearOf(ctx, ctx.options.year);
        const s = await ctx.services.activity.standing(ctx.cluster, member.id, year);
        // The numbers answer at once; drawing the 24-month chart takes a second or more, so it is one press away.
        const buttons = [{ label: ctx.t('activity.status.chartButton'), action: { command: 'activity', action: 'chart' }, style: 'secondary' as const }];
        const progress = ctx.t('activity.status.progress', { done: s.count, count: s.required, year: String(year) });
        if (s.finished) {
          // A finished year is reported as met or missed; there is nothing left to do about it.
          const verdict = s.missing ? ctx.t('activity.status.finishedMissed', { year: String(year), count: s.missing }) : ctx.t('activity.status.finishedMet', { year: String(year) });
          return { title: ctx.t('activity.status.title', { org: member.name }), text: [progress, verdict].join('\n'), buttons, private: true, tone: s.missing ? 'warning' : 'success' };
        }
        const lines = [
          progress,
          s.missing ? ctx.t('activity.status.missing', { count: s.missing }) : ctx.t('activity.status.done'),
          ctx.t('activity.status.standing', { standing: ctx.t(`activity.standings.${s.standing}`) }),
        ];
        if (s.lastActivity) lines.push(ctx.t('activity.status.last', { date: ctx.format.date(s.lastActivity) }));
        if (s.missing) {
          const suggestions = await ctx.services.engagement.suggestions(ctx.cluster, member.id, ctx.now());
          lines.push('', ctx.t('activity.status.ways'), ...suggestionLines(suggestions, { t: ctx.t, dateTime: ctx.format.dateTime }).map((l) => `• ${l}`));
        }
        return { title: ctx.t('activity.status.title', { org: member.name }), text: lines.join('\n'), buttons, private: true, tone: s.missing ? 'info' : 'success' };
      },
    }),
    pending: defineSubcommand({
      description: 'activity.commands.pending',
      permission: 'coordinator',
      options: z.object({}),
      async run(ctx) {
        const rows = await ctx.services.activity.pending(ctx.cluster.id);
        if (!rows.length) return { text: ctx.t('activity.pending.empty'), private: true };
        const names = await ctx.services.activity.memberNames(rows.map((r) => r.memberId));
        return {
          title: ctx.t('activity.pending.title'),
          text: [
            ...rows.map(
              (a) =>
                `\`${a.id}\` ${ctx.t('activity.pending.row', { org: userText(names.get(a.memberId) ?? '?'), date: ctx.format.date(a.date), kind: ctx.t(kindKey(a.kind)), title: userText(a.title) })}${a.description ? `\n  ${userText(a.description)}` : ''}${a.link ? `\n  ${a.link}` : ''}`,
            ),
            '',
            ctx.t('activity.pending.rejectHint'),
          ].join('\n'),
          buttons: rows.slice(0, 5).map((a) => ({ label: ctx.t('activity.pending.confirm', { title: a.title.slice(0, 50) }), action: { command: 'activity', action: 'confirm', args: [a.id] }, style: 'success' as const })),
          private: true,
        };
      },
    }),
    review: defineSubcommand({
      description: 'activity.commands.review',
      permission: 'coordinator',
      options: z.object({
        activity: text().trim().min(1).max(64).describe('activity.options.activity'),
        decision: labelled(z.enum(['confirm', 'reject']), 'core.choices.review').describe('activity.options.decision'),
        reason: text().trim().max(500).optional().describe('activity.options.reason'),
      }),
      async run(ctx) {
        return review(ctx, ctx.options.activity, ctx.options.decision, ctx.options.reason);
      },
    }),
  },
  actions: {
    /** The card's chart: the organisation's last 24 months against the yearly minimum, drawn on request. */
    chart: {
      permission: 'representative',
      slow: true,
      async run(ctx) {
        const member = requireMember(ctx);
        const chart = await memberCardImage(member.name, await ctx.services.evaluation.memberMonths(ctx.cluster, member.id), ctx);
        return { title: ctx.t('activity.status.chartTitle', { org: member.name }), attachments: [chart], private: true };
      },
    },
    confirm: {
      permission: 'coordinator',
      async run(ctx) {
        return review(ctx, ctx.args[0] ?? '', 'confirm', undefined);
      },
    },
    groups: {
      permission: 'member',
      async run(ctx) {
        const member = requireMember(ctx);
        const s = await ctx.services.engagement.suggestions(ctx.cluster, member.id, ctx.now());
        if (!s.groups.length) return { text: ctx.t('activity.groups.empty'), private: true };
        return {
          title: ctx.t('activity.groups.title'),
          text: [...s.groups.map((g) => ctx.t('activity.groups.row', { name: g.name })), '', ctx.t('activity.groups.hint')].join('\n'),
          private: true,
        };
      },
    },
    snooze: {
      permission: 'member',
      async run(ctx) {
        const member = requireMember(ctx);
        const until = await ctx.services.activity.snooze(ctx.cluster, member.id);
        return { text: ctx.t('activity.snoozed', { date: ctx.format.date(until) }), private: true, tone: 'success' };
      },
    },
  },
});

async function review(ctx: CommandContext<unknown>, id: string, decision: 'confirm' | 'reject', reason: string | undefined): Promise<Reply> {
  const activity = await ctx.services.activity.review(ctx.cluster, id, decision, reason, ctx.actor.personId);
  if (decision === 'reject') {
    // The organisation learns why, in each representative's language.
    await ctx.services.engagement.notifyRejection(ctx.cluster, activity);
    return { text: ctx.t('activity.reviewed.rejected', { title: activity.title, reason: activity.reviewNote ?? '' }), tone: 'success', private: true };
  }
  return { text: ctx.t('activity.reviewed.confirmed', { title: activity.title }), tone: 'success', private: true };
}
