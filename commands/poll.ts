import { z } from 'zod';
import { labelled, oneRecord } from '../src/core/options.ts';
import { defineCommand, defineSubcommand, type CommandContext } from '../src/core/command.ts';
import type { Reply } from '../src/core/reply.ts';
import { inputNotes, readDateTime, readList, text } from '../src/core/input.ts';
import { groupPicker, pollPicker } from './pickers.ts';
import { closeButton, resultsButton, resultsText, type PollResults } from '../src/services/polls.ts';
import { POLL_AUDIENCES } from '../src/core/vocabulary.ts';

const pollRef = () => text().trim().min(1).max(40).describe('governance.options.poll');

/** Results; the coordinator, who may close an open poll, also gets its Close button. */
function resultsReply(results: PollResults, ctx: Pick<CommandContext, 't' | 'actor'>): Reply {
  const { t } = ctx;
  const open = results.poll.status === 'open';
  return {
    title: t('governance.poll.resultTitle', { question: results.poll.question }),
    text: [resultsText(results, ctx), open ? t('governance.poll.stillOpen') : t('governance.poll.closedLine')].join('\n'),
    ...(open && ctx.actor.roles.has('coordinator') ? { buttons: [closeButton(results.poll.id, t)] } : {}),
    private: true,
  };
}

export default defineCommand({
  name: 'poll',
  description: 'governance.commands.poll',
  localizedNames: { pl: 'ankieta' },
  subcommands: {
    create: defineSubcommand({
      description: 'governance.commands.pollCreate',
      permission: 'coordinator',
      options: z.object({
        question: text().trim().min(3).max(300).describe('governance.options.question'),
        choices: text().trim().min(3).max(1000).describe('governance.options.choices'),
        deadline: text().trim().min(1).max(40).describe('governance.options.deadline'),
        multiple: z.boolean().default(false).describe('governance.options.multiple'),
        anonymous: z.boolean().default(false).describe('governance.options.anonymous'),
        audience: labelled(z.enum(POLL_AUDIENCES), 'core.choices.pollAudience').default('all').describe('governance.options.audience'),
        group: text().trim().max(100).optional().describe('governance.options.group'),
        per: labelled(z.enum(['person', 'organisation']), 'core.choices.pollPer').default('person').describe('governance.options.per'),
        results: labelled(z.enum(['live', 'after']), 'core.choices.pollResults').default('live').describe('governance.options.results'),
      }),
      pickers: { group: groupPicker('all') },
      async run({ options: o, services, cluster, actor, t, format }) {
        const deadline = readDateTime(o.deadline, cluster.timeZone, 'deadline', { dateAlone: 'end' });
        const poll = await services.polls.create(cluster, actor, {
          question: o.question,
          options: readList(o.choices),
          multiple: o.multiple,
          anonymous: o.anonymous,
          audience: o.audience,
          ...(o.group ? { group: o.group } : {}),
          perOrganisation: o.per === 'organisation',
          resultsLive: o.results === 'live',
          deadline: deadline.at,
        });
        const created = t('governance.poll.created', { id: poll.id, deadline: format.dateTime(poll.deadline) });
        return {
          text: [created, ...inputNotes(t, deadline), t('governance.poll.told', { count: poll.told })].join('\n'),
          buttons: [resultsButton(poll.id, t), closeButton(poll.id, t)],
          private: true,
          tone: 'success',
        };
      },
    }),
    results: defineSubcommand({
      description: 'governance.commands.pollResults',
      permission: 'anyone',
      ...oneRecord('poll', pollRef(), pollPicker()),
      async run(ctx) {
        return resultsReply(await ctx.services.polls.resultsFor(ctx.cluster, ctx.actor, ctx.options.poll), ctx);
      },
    }),
    close: defineSubcommand({
      description: 'governance.commands.pollClose',
      permission: 'coordinator',
      ...oneRecord('poll', pollRef(), pollPicker('open')),
      async run(ctx) {
        return resultsReply(await ctx.services.polls.close(ctx.cluster, ctx.options.poll, ctx.actor.personId), ctx);
      },
    }),
    export: defineSubcommand({
      description: 'governance.commands.pollExport',
      permission: 'coordinator',
      slow: true,
      ...oneRecord('poll', pollRef(), pollPicker()),
      async run({ options, services, cluster, t }) {
        const file = await services.polls.exportCsv(cluster, options.poll, t);
        return { text: t('governance.poll.exported'), attachments: [file], private: true };
      },
    }),
    list: defineSubcommand({
      description: 'governance.commands.pollList',
      permission: 'anyone',
      options: z.object({}),
      async run({ services, cluster, t, format }) {
        const polls = await services.polls.list(cluster.id, 'open');
        if (!polls.length) return { text: t('governance.poll.none'), private: true };
        return {
          title: t('governance.poll.listTitle'),
          fields: polls.map((p) => ({ label: p.question, value: t('governance.poll.deadline', { deadline: format.dateTime(p.deadline) }) })),
          choices: {
            action: { command: 'poll', action: 'results' },
            placeholder: t('governance.poll.pick'),
            options: polls.slice(0, 25).map((p) => ({ value: p.id, label: p.question.slice(0, 100) })),
          },
          private: true,
        };
      },
    }),
  },
  actions: {
    /** A poll opened from elsewhere (the person's home): its card with the answer buttons, for this person only. */
    open: {
      permission: 'anyone',
      async run({ services, cluster, args, t, format, locale }) {
        const card = await services.polls.card(cluster, args[0] ?? '', { t, locale, timeZone: cluster.timeZone, date: format.date, dateTime: format.dateTime });
        return { ...card, private: true };
      },
    },
    answer: {
      permission: 'anyone',
      async run(ctx) {
        const [pollId = '', index = ''] = ctx.args;
        return answerReply(ctx, pollId, [Number(index)]);
      },
    },
    /** The Results button of the card, the DM and the list. */
    results: {
      permission: 'anyone',
      async run(ctx) {
        return resultsReply(await ctx.services.polls.resultsFor(ctx.cluster, ctx.actor, ctx.args.at(-1) ?? ''), ctx);
      },
    },
    /** The coordinator's Close button. */
    close: {
      permission: 'coordinator',
      async run(ctx) {
        return resultsReply(await ctx.services.polls.close(ctx.cluster, ctx.args[0] ?? '', ctx.actor.personId), ctx);
      },
    },
    answerMany: {
      permission: 'anyone',
      async run(ctx) {
        const [pollId = '', ...values] = ctx.args;
        return answerReply(ctx, pollId, values.map(Number));
      },
    },
  },
});

async function answerReply(ctx: CommandContext, pollId: string, choice: number[]): Promise<Reply> {
  const { t } = ctx;
  const r = await ctx.services.polls.answer(ctx.cluster, ctx.actor, pollId, choice);
  const lines = [t(r.changed ? 'governance.poll.answerChanged' : 'governance.poll.answered', { choice: r.choice.join(', ') })];
  if (r.poll.resultsLive) lines.push('', resultsText(await ctx.services.polls.results(r.poll), ctx));
  else lines.push(t('governance.poll.resultsAfter', { deadline: ctx.format.dateTime(r.poll.deadline) }));
  return { text: lines.join('\n'), private: true, tone: 'success' };
}
