import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { defineCommand, defineSubcommand, type CommandContext, type FormSpec } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { chosenRecordField, labelled, oneRecord, recordField, userOption } from '../src/core/options.ts';
import { anyOf } from '../src/core/permissions.ts';
import type { Button, Reply } from '../src/core/reply.ts';
import { neutralizeMentions } from '../src/core/text.ts';
import { isOneOf } from '../src/core/vocabulary.ts';
import { BARTER_LIMITS as LIMITS, placeLabel, type ListFilter } from '../src/services/barter.ts';
import { BARTER_KINDS, CLOSE_OUTCOMES, EXCHANGES, POST_TYPES } from '../src/core/vocabulary.ts';
import { personPicker, postOption, postPicker } from './pickers.ts';

const kindOptions = BARTER_KINDS.map((k) => ({ value: k, label: `barter.kind.${k}` as const }));
const exchangeOptions = EXCHANGES.map((e) => ({ value: e, label: `barter.exchange.${e}` as const }));

const postOptions = z.object({
  kind: labelled(z.enum(BARTER_KINDS), 'barter.kind').describe('barter.options.kind'),
  title: text().trim().min(1).max(LIMITS.title).describe('barter.options.title'),
  description: text().trim().max(LIMITS.description).optional().describe('barter.options.description'),
  exchange: labelled(z.enum(EXCHANGES), 'barter.exchange').default('open').describe('barter.options.exchange'),
  place: text().trim().min(1).max(LIMITS.place).describe('barter.options.place'),
  until: text().trim().max(20).optional().describe('barter.options.until'),
});

const postForm = (title: TranslationKey): FormSpec => ({
  title,
  fields: [
    { name: 'kind', label: 'barter.form.kind', kind: 'choice', required: true, options: kindOptions },
    { name: 'title', label: 'barter.form.title', kind: 'short', required: true, maxLength: LIMITS.title },
    { name: 'description', label: 'barter.form.description', kind: 'paragraph', maxLength: LIMITS.description },
    { name: 'exchange', label: 'barter.form.exchange', kind: 'choice', options: exchangeOptions },
    { name: 'place', label: 'barter.form.place', kind: 'short', required: true, maxLength: LIMITS.place, placeholder: 'barter.form.placePlaceholder' },
    { name: 'until', label: 'barter.form.until', kind: 'short', maxLength: 20, placeholder: 'barter.form.untilPlaceholder' },
  ],
});

function postSubcommand(type: 'offer' | 'request') {
  return defineSubcommand({
    description: `barter.commands.barter.${type}`,
    // Members in good standing, supporting ones included; candidates and suspended members are refused.
    permission: 'member',
    options: postOptions,
    form: postForm(type === 'offer' ? 'barter.form.offerTitle' : 'barter.form.requestTitle'),
    async run({ options, cluster, actor, services, t }) {
      const { post, matches } = await services.barter.post(cluster, actor, type, options);
      const lines = [t(`barter.posted.${type}`, { id: post.id })];
      if (matches > 0) lines.push(t('barter.posted.matches', { count: matches }));
      return { text: lines.join('\n'), private: true, tone: 'success' };
    },
  });
}

const listOptions = z.object({
  kind: labelled(z.enum(BARTER_KINDS), 'barter.kind').optional().describe('barter.options.kind'),
  type: labelled(z.enum(POST_TYPES), 'barter.type').optional().describe('barter.options.type'),
  place: text().trim().max(LIMITS.filter).optional().describe('barter.options.place'),
  text: text().trim().max(LIMITS.filter).optional().describe('barter.options.text'),
  page: z.number().int().min(1).default(1).describe('barter.options.page'),
});

/** One page of open posts, with next/previous buttons that carry the filters. */
async function listReply(ctx: Pick<CommandContext, 't' | 'format' | 'services' | 'cluster'>, filter: ListFilter, page: number): Promise<Reply> {
  const { t, format, services, cluster } = ctx;
  const result = await services.barter.list(cluster, filter, page);
  if (result.total === 0) return { text: t('barter.list.empty'), private: true };
  const pageButton = (to: number, label: TranslationKey): Button => ({
    label: t(label),
    action: { command: 'barter', action: 'page', args: [String(to), filter.kind ?? '', filter.type ?? '', filter.place ?? '', filter.text ?? ''] },
    style: 'secondary',
  });
  const buttons: Button[] = [];
  if (result.page > 1) buttons.push(pageButton(result.page - 1, 'barter.list.previous'));
  if (result.page < result.pages) buttons.push(pageButton(result.page + 1, 'barter.list.next'));
  return {
    title: t('barter.list.title'),
    fields: result.items.map((p) => ({
      label: `${t(`barter.type.${p.type}`)}: ${neutralizeMentions(p.title)}`,
      value: t('barter.list.item', {
        kind: t(`barter.kind.${p.kind}`),
        place: placeLabel(p.place, t),
        org: p.orgName,
        until: p.type === 'quickhelp' ? format.dateTime(p.availableUntil) : format.date(p.availableUntil),
        responses: t('barter.card.responseCount', { count: p.responses }),
        id: p.id,
      }),
    })),
    text: t('barter.list.page', { page: result.page, pages: result.pages, total: result.total }),
    buttons,
    private: true,
  };
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional();

/** A post's owner (a member in good standing) or the coordinator who moderates; whose post it is, the service checks. */
const POST_OWNER = anyOf('member', 'coordinator');

export default defineCommand({
  name: 'barter',
  description: 'barter.commands.barter.description',
  localizedNames: { pl: 'wymiana' },
  subcommands: {
    offer: postSubcommand('offer'),
    request: postSubcommand('request'),
    list: defineSubcommand({
      description: 'barter.commands.barter.list',
      permission: 'participant',
      options: listOptions,
      run: (ctx) => listReply(ctx, ctx.options, ctx.options.page),
    }),
    mine: defineSubcommand({
      description: 'barter.commands.barter.mine',
      permission: 'representative',
      options: z.object({}),
      async run({ cluster, actor, services, t, format }) {
        const posts = await services.barter.mine(cluster, actor);
        if (posts.length === 0) return { text: t('barter.list.mineEmpty'), private: true };
        const open = posts.filter((p) => p.status === 'open');
        return {
          title: t('barter.list.mineTitle'),
          fields: posts.map((p) => ({
            label: `${t(`barter.type.${p.type}`)}: ${neutralizeMentions(p.title)}`,
            value: t('barter.list.mineItem', {
              status: t(`barter.status.${p.status}`),
              kind: t(`barter.kind.${p.kind}`),
              until: format.date(p.availableUntil),
              responses: t('barter.card.responseCount', { count: p.responses }),
              id: p.id,
            }),
          })),
          // The organisation's own open posts: choosing one offers closing and extending it.
          ...(open.length
            ? { choices: { action: { command: 'barter', action: 'manage' }, placeholder: t('barter.manage.choose'), options: open.slice(0, 25).map((p) => ({ value: p.id, label: neutralizeMentions(p.title).slice(0, 100) })) } }
            : {}),
          private: true,
        };
      },
    }),
    respond: defineSubcommand({
      description: 'barter.commands.barter.respond',
      permission: 'member',
      ...oneRecord('id', text().trim().min(1).max(40).describe('barter.options.id'), postPicker('respond'), {
        message: text().trim().min(1).max(LIMITS.message).describe('barter.options.message'),
      }),
      form: {
        title: 'barter.form.respondTitle',
        fields: [
          recordField('id', 'barter.form.id'),
          { name: 'message', label: 'barter.form.message', kind: 'paragraph', required: true, maxLength: LIMITS.message, placeholder: 'barter.form.messagePlaceholder' },
        ],
      },
      async run({ options, cluster, actor, services, t }) {
        const { owner } = await services.barter.respond(cluster, actor, options.id, options.message);
        return { text: t('barter.respond.done', { org: owner.name, contact: owner.mentions }), private: true, tone: 'success' };
      },
    }),
    close: defineSubcommand({
      description: 'barter.commands.barter.close',
      // The owner or the coordinator; the service checks which post is whose.
      permission: POST_OWNER,
      options: z.object({
        id: text().trim().min(1).max(40).describe('barter.options.id'),
        outcome: labelled(z.enum(CLOSE_OUTCOMES), 'barter.status').describe('barter.options.outcome'),
        partner: userOption().optional().describe('barter.options.partner'),
      }),
      pickers: { id: postPicker('own'), partner: personPicker },
      async run({ options, cluster, actor, services, t }) {
        if (options.outcome === 'done' && !options.partner) {
          const respondents = await services.barter.respondents(cluster, actor, options.id);
          if (respondents.length === 0) throw new DomainError('barter.errors.noRespondents');
          return {
            text: t('barter.close.choosePartner'),
            choices: {
              action: { command: 'barter', action: 'closeWith', args: [options.id] },
              placeholder: t('barter.close.choosePlaceholder'),
              options: respondents.map((r) => ({ value: r.memberId, label: r.name })),
            },
            private: true,
          };
        }
        const partnerId = options.partner ? await services.barter.organisationOf(cluster, options.partner) : undefined;
        return closedReply(await services.barter.close(cluster, actor, options.id, options.outcome, partnerId), t, services);
      },
    }),
    edit: defineSubcommand({
      description: 'barter.commands.barter.edit',
      // The owner or the coordinator; the service checks which post is whose.
      permission: POST_OWNER,
      options: z.object({
        id: text().trim().min(1).max(40).describe('barter.options.id'),
        kind: optional(labelled(z.enum(BARTER_KINDS), 'barter.kind')).describe('barter.options.kind'),
        title: optional(text().trim().min(1).max(LIMITS.title)).describe('barter.options.title'),
        description: optional(text().trim().max(LIMITS.description)).describe('barter.options.description'),
        exchange: optional(labelled(z.enum(EXCHANGES), 'barter.exchange')).describe('barter.options.exchange'),
        place: optional(text().trim().min(1).max(LIMITS.place)).describe('barter.options.place'),
        until: optional(text().trim().max(20)).describe('barter.options.until'),
      }),
      pickers: { id: postPicker('own') },
      async run({ options, cluster, actor, services, t }) {
        const { id, ...patch } = options;
        const post = await services.barter.edit(cluster, actor, id, patch);
        return { text: t('barter.edit.done', { title: post.title }), private: true, tone: 'success' };
      },
    }),
  },
  actions: {
    /** The card's Respond button: a small form for the message to the post's author. */
    respond: {
      permission: 'member',
      async run(ctx) {
        const { args, cluster, actor, services, t } = ctx;
        const post = await services.barter.respondable(cluster, actor, args[0] ?? '');
        return {
          form: {
            id: 'barter.respond',
            title: t('barter.form.respondTitle'),
            // Reopened (after a late answer, or to correct it) for the same post.
            args: [post.id],
            submit: { command: 'barter', subcommand: 'respond' },
            fields: [
              // The post is chosen, not typed: the one pressed, already selected (Slack searches for others through the picker).
              chosenRecordField('id', t('barter.form.id'), postOption(ctx, post)),
              { name: 'message', label: t('barter.form.message'), kind: 'paragraph', required: true, maxLength: LIMITS.message, placeholder: t('barter.form.messagePlaceholder') },
            ],
          },
          private: true,
        };
      },
    },
    page: {
      permission: 'participant',
      run(ctx) {
        const [page = '1', kind = '', type = '', place = '', text = ''] = ctx.args;
        const filter: ListFilter = {
          ...(isOneOf(BARTER_KINDS, kind) ? { kind } : {}),
          ...(isOneOf(POST_TYPES, type) ? { type } : {}),
          ...(place ? { place } : {}),
          ...(text ? { text } : {}),
        };
        return listReply(ctx, filter, Number(page) || 1);
      },
    },
    /** The owner's buttons for one open post: done (with whom), withdraw, extend. */
    manage: {
      permission: 'participant',
      async run({ args, cluster, actor, services, t, format }) {
        const id = args.at(-1) ?? '';
        // Only the organisation's own open posts (the coordinator's: any) are managed here.
        const post = (await services.suggestions.posts(cluster, actor, id, 'own')).find((p) => p.id === id);
        if (!post) throw new DomainError('barter.errors.notManageable');
        return {
          title: neutralizeMentions(post.title),
          text: t('barter.manage.text', { until: format.date(post.availableUntil) }),
          buttons: [
            { label: t('barter.manage.done'), action: { command: 'barter', action: 'done', args: [post.id] }, style: 'success' },
            { label: t('barter.manage.withdraw'), action: { command: 'barter', action: 'withdraw', args: [post.id] }, style: 'danger' },
            { label: t('barter.extend.button'), action: { command: 'barter', action: 'extend', args: [post.id] }, style: 'secondary' },
          ],
          private: true,
        };
      },
    },
    /** Done: the partner is chosen from the organisations that responded. */
    done: {
      permission: 'participant',
      async run({ args, cluster, actor, services, t }) {
        const postId = args[0] ?? '';
        const respondents = await services.barter.respondents(cluster, actor, postId);
        if (respondents.length === 0) throw new DomainError('barter.errors.noRespondents');
        return {
          text: t('barter.manage.choosePartner'),
          choices: { action: { command: 'barter', action: 'closeWith', args: [postId] }, placeholder: t('barter.close.choosePlaceholder'), options: respondents.map((r) => ({ value: r.memberId, label: r.name.slice(0, 100) })) },
          private: true,
        };
      },
    },
    withdraw: {
      permission: 'participant',
      async run({ args, cluster, actor, services, t }) {
        return closedReply(await services.barter.close(cluster, actor, args[0] ?? '', 'withdrawn', undefined), t, services);
      },
    },
    /** The partner chosen from the organisations that responded. */
    closeWith: {
      permission: POST_OWNER,
      async run({ args, cluster, actor, services, t }) {
        const [postId = '', memberId = ''] = args;
        return closedReply(await services.barter.close(cluster, actor, postId, 'done', memberId), t, services);
      },
    },
    /** The Extend button of the expiry notice. */
    extend: {
      permission: 'representative',
      async run({ args, cluster, actor, services, t, format }) {
        const post = await services.barter.extend(cluster, actor, args[0] ?? '');
        return { text: t('barter.extend.done', { title: post.title, until: format.date(post.availableUntil) }), private: true, tone: 'success' };
      },
    },
  },
});

async function closedReply(post: { title: string; status: string; partnerMemberId: string | null }, t: CommandContext['t'], services: CommandContext['services']): Promise<Reply> {
  if (post.status === 'done' && post.partnerMemberId) {
    const partner = await services.barter.contactOf(post.partnerMemberId);
    return { text: t('barter.close.done', { title: post.title, partner: partner.name }), private: true, tone: 'success' };
  }
  return { text: t(post.status === 'expired' ? 'barter.close.expired' : 'barter.close.withdrawn', { title: post.title }), private: true, tone: 'success' };
}
