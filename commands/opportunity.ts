import { z } from 'zod';
import { defineCommand, defineSubcommand, type CommandContext, type Picker } from '../src/core/command.ts';
import { csvAttachment } from '../src/core/csv.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { readList, text } from '../src/core/input.ts';
import { formatMoney } from '../src/core/money.ts';
import { chosenRecordField, labelled, oneRecord, recordField } from '../src/core/options.ts';
import { anyOf } from '../src/core/permissions.ts';
import { recordForm, recordList, recordSubcommand } from '../src/core/record-list.ts';
import type { Button, Field, FormField, Reply } from '../src/core/reply.ts';
import { neutralizeMentions } from '../src/core/text.ts';
import { CONSORTIUM_NEXT, OPPORTUNITY_STATUSES, isOneOf } from '../src/core/vocabulary.ts';
import { opportunityRows } from '../src/services/market-exports.ts';
import { declareButton, opportunityCard } from '../src/services/market-opportunities.ts';
import { MARKET_LIMITS as LIMITS, runsIt, type Opportunity } from '../src/services/market.ts';

/** The coordinator, or a member (posting where the cluster allows it; running what its organisation posted: the service checks). */
/** A command's or an action's context, whatever its options. */
type Ctx = Omit<CommandContext, 'options'>;

const COORDINATOR_OR_MEMBER = anyOf('coordinator', 'member');
const MOVES = OPPORTUNITY_STATUSES.filter((s) => s !== 'open' && s !== 'forming');

function picker(scope: 'open' | 'run' | 'live'): Picker {
  return async (ctx, typed) =>
    (await ctx.services.opportunities.suggestions(ctx.cluster, ctx.actor, typed, scope)).map((o) => ({
      value: o.id,
      label: `${neutralizeMentions(o.title)} · ${ctx.t(`market.status.${o.status}`)} · ${ctx.format.date(o.deadline)}`.slice(0, 100),
    }));
}

const idOption = () => text().trim().min(1).max(40).describe('market.options.opportunity');

/** An opportunity with what the caller may do next: declare, or (whoever runs it) form the consortium and move it on. */
async function showReply(ctx: Ctx, id: string): Promise<Reply> {
  const { services, cluster, actor, t, format, locale } = ctx;
  const o = await services.opportunities.get(cluster, id);
  const card = opportunityCard(o, { t, date: format.date });
  const poster = await services.opportunities.posterName(o);
  const fields: Field[] = [...card.fields, { label: t('market.opportunity.postedBy'), value: poster ? neutralizeMentions(poster) : t('market.opportunity.byCoordinator'), inline: true }];
  const buttons: Button[] = [];
  const runs = runsIt(actor, o.memberId);
  const open = o.status === 'open' && o.deadline.getTime() > ctx.now().getTime();
  if (open && actor.member && actor.member.id !== o.memberId) buttons.push(declareButton(o.id, t));
  if (runs) {
    const { declarations } = await services.consortia.candidates(cluster, actor, o.id);
    for (const d of declarations.slice(0, 15)) {
      fields.push({ label: neutralizeMentions(d.name), value: declarationLine(ctx, d) });
    }
    if (declarations.length === 0) fields.push({ label: t('market.opportunity.declarations'), value: t('market.opportunity.noDeclarations') });
    const parts = await services.consortia.chosen(o);
    if (parts.length) fields.push(...services.consortia.partFields(o, parts, { t, locale }));
    if ((o.status === 'open' || o.status === 'forming') && declarations.length) buttons.push(consortiumButton(o, ctx));
    for (const to of CONSORTIUM_NEXT[o.status]) {
      if (isOneOf(MOVES, to) && (o.budgetGrosze !== null || to === 'cancelled')) buttons.push({ label: t(`market.move.${to}`), action: { command: 'opportunity', action: 'status', args: [o.id, to] }, style: to === 'cancelled' || to === 'lost' ? 'danger' : 'success' });
    }
    buttons.push({ label: t('market.opportunity.exportButton'), action: { command: 'opportunity', action: 'export', args: [o.id] }, style: 'secondary' });
  }
  return { title: card.title, ...(card.text ? { text: card.text } : {}), fields, buttons, private: true };
}

function consortiumButton(o: Opportunity, { t }: Pick<CommandContext, 't'>): Button {
  return { label: t(o.status === 'forming' ? 'market.consortium.changeButton' : 'market.consortium.formButton'), action: { command: 'opportunity', action: 'consortium', args: [o.id] }, style: 'primary' };
}

/** A declaration and its organisation's track record, as the coordinator weighs it. */
function declarationLine(ctx: Pick<CommandContext, 't' | 'locale'>, d: { part: string; capacity: string; priceGrosze: number | null; record: { consortia: number; delivered: number; lost: number; cancelled: number; running: number } }): string {
  const { t, locale } = ctx;
  return [
    t('market.declaration.line', { part: neutralizeMentions(d.part), capacity: d.capacity ? neutralizeMentions(d.capacity) : '–', price: d.priceGrosze === null ? '–' : formatMoney(d.priceGrosze, locale) }),
    d.record.consortia === 0 ? t('market.record.none') : t('market.record.line', { count: d.record.consortia, delivered: d.record.delivered, lost: d.record.lost, cancelled: d.record.cancelled, running: d.record.running }),
  ].join('\n');
}

/** Step 1 of forming: choose the members from the declarations (each with its track record). */
async function chooseMembersReply(ctx: Ctx, id: string): Promise<Reply> {
  const { opportunity, declarations } = await ctx.services.consortia.candidates(ctx.cluster, ctx.actor, id);
  if (declarations.length === 0) return { text: ctx.t('market.opportunity.noDeclarations'), private: true, tone: 'warning' };
  return {
    title: ctx.t('market.consortium.chooseTitle', { title: neutralizeMentions(opportunity.title) }),
    text: ctx.t('market.consortium.choose'),
    fields: declarations.slice(0, 15).map((d) => ({ label: neutralizeMentions(d.name), value: declarationLine(ctx, d) })),
    choices: {
      action: { command: 'opportunity', action: 'members', args: [opportunity.id] },
      placeholder: ctx.t('market.consortium.choosePlaceholder'),
      options: declarations.slice(0, 25).map((d) => ({ value: d.memberId, label: neutralizeMentions(d.name).slice(0, 100), description: neutralizeMentions(d.part).slice(0, 100) })),
      minValues: 1,
      maxValues: Math.min(25, declarations.length),
    },
    private: true,
  };
}

/** A form about this opportunity (submitted to `/opportunity <subcommand>`): the opportunity already chosen, then `fields`. */
function formOn(ctx: Ctx, o: Opportunity, subcommand: string, title: TranslationKey, fields: FormField[]): Reply {
  return recordForm(ctx, { command: 'opportunity', subcommand }, title, o.id, [chosenRecordField('id', ctx.t('market.form.opportunity'), { value: o.id, label: neutralizeMentions(o.title).slice(0, 100) }), ...fields]);
}

/** Step 2: the leader among the chosen, the budget and the cluster's margin. */
async function consortiumForm(ctx: Ctx, o: Opportunity): Promise<Reply> {
  const { t, cluster, services } = ctx;
  const chosen = await services.consortia.chosen(o);
  return formOn(ctx, o, 'consortium', 'market.form.consortiumTitle', [
    { name: 'leader', label: t('market.form.leader'), kind: 'choice', required: true, options: chosen.map((p) => ({ value: p.memberId, label: neutralizeMentions(p.name).slice(0, 100) })), ...(o.leaderMemberId ? { value: o.leaderMemberId } : {}) },
    { name: 'budget', label: t('market.form.budget'), kind: 'short', required: true, maxLength: 20, placeholder: t('market.form.budgetPlaceholder'), ...(o.budgetGrosze !== null ? { value: formatMoney(o.budgetGrosze, 'pl').replace(/\s*zł$/, '') } : {}) },
    { name: 'margin', label: t('market.form.margin'), kind: 'short', required: false, maxLength: 8, value: String(cluster.settings.consortiumMarginPercent).replace('.', ',') },
  ]);
}

async function formedReply(ctx: Ctx, id: string): Promise<Reply> {
  const reply = await showReply(ctx, id);
  return { ...reply, text: ctx.t('market.consortium.formed'), tone: 'success' };
}

export default defineCommand({
  name: 'opportunity',
  description: 'market.commands.opportunity.description',
  localizedNames: { pl: 'zlecenie' },
  subcommands: {
    post: defineSubcommand({
      description: 'market.commands.opportunity.post',
      permission: COORDINATOR_OR_MEMBER,
      // Refused before the form opens where only the coordinator posts, so nobody types it in vain.
      ready: async (ctx) => ctx.services.opportunities.mayPost(ctx.cluster, ctx.actor),
      options: z.object({
        title: text().trim().min(1).max(LIMITS.title).describe('market.options.title'),
        need: text().trim().max(LIMITS.text).optional().describe('market.options.need'),
        place: text().trim().min(1).max(LIMITS.short).describe('market.options.place'),
        when: text().trim().max(LIMITS.short).optional().describe('market.options.when'),
        volume: text().trim().max(LIMITS.short).optional().describe('market.options.volume'),
        sectors: text().trim().min(1).max(LIMITS.short * 2).describe('market.options.sectors'),
        deadline: text().trim().min(1).max(20).describe('market.options.deadline'),
      }),
      form: {
        title: 'market.form.opportunityTitle',
        fields: [
          { name: 'title', label: 'market.form.title', kind: 'short', required: true, maxLength: LIMITS.title },
          { name: 'need', label: 'market.form.need', kind: 'paragraph', maxLength: LIMITS.text, placeholder: 'market.form.needPlaceholder' },
          { name: 'place', label: 'market.form.place', kind: 'short', required: true, maxLength: LIMITS.short },
          { name: 'when', label: 'market.form.when', kind: 'short', maxLength: LIMITS.short, placeholder: 'market.form.whenPlaceholder' },
          { name: 'volume', label: 'market.form.volume', kind: 'short', maxLength: LIMITS.short, placeholder: 'market.form.volumePlaceholder' },
          { name: 'sectors', label: 'market.form.sectors', kind: 'short', required: true, maxLength: LIMITS.short * 2, placeholder: 'market.form.sectorsPlaceholder' },
          { name: 'deadline', label: 'market.form.deadline', kind: 'short', required: true, maxLength: 20, placeholder: 'market.form.deadlinePlaceholder' },
        ],
      },
      async run(ctx) {
        const { opportunity, told } = await ctx.services.opportunities.post(ctx.cluster, ctx.actor, ctx.options);
        const lines = [ctx.t('market.opportunity.posted', { title: neutralizeMentions(opportunity.title) })];
        lines.push(told.length ? ctx.t('market.opportunity.told', { count: told.length, orgs: told.map(neutralizeMentions).join(', ') }) : ctx.t('market.opportunity.toldNone'));
        return { text: lines.join('\n'), buttons: [{ label: ctx.t('market.opportunity.showButton'), action: { command: 'opportunity', action: 'show', args: [opportunity.id] }, style: 'secondary' }], private: true, tone: 'success' };
      },
    }),
    list: defineSubcommand({
      description: 'market.commands.opportunity.list',
      permission: 'participant',
      options: z.object({}),
      run: (ctx) => listReply(ctx, false),
    }),
    show: recordSubcommand('market.commands.opportunity.show', 'participant', { name: 'id', option: idOption(), picker: picker('live') }, showReply),
    declare: defineSubcommand({
      description: 'market.commands.opportunity.declare',
      permission: 'member',
      ...oneRecord('id', idOption(), picker('open'), {
        part: text().trim().min(1).max(LIMITS.part).describe('market.options.part'),
        capacity: text().trim().max(LIMITS.short).optional().describe('market.options.capacity'),
        price: text().trim().max(20).optional().describe('market.options.price'),
      }),
      form: {
        title: 'market.form.declareTitle',
        fields: [
          recordField('id', 'market.form.opportunity'),
          { name: 'part', label: 'market.form.part', kind: 'paragraph', required: true, maxLength: LIMITS.part, placeholder: 'market.form.partPlaceholder' },
          { name: 'capacity', label: 'market.form.capacity', kind: 'short', maxLength: LIMITS.short, placeholder: 'market.form.capacityPlaceholder' },
          { name: 'price', label: 'market.form.price', kind: 'short', maxLength: 20, placeholder: 'market.form.pricePlaceholder' },
        ],
      },
      async run(ctx) {
        const { id, ...input } = ctx.options;
        const o = await ctx.services.opportunities.declare(ctx.cluster, ctx.actor, id, input);
        return { text: ctx.t('market.declare.done', { title: neutralizeMentions(o.title), deadline: ctx.format.date(o.deadline) }), private: true, tone: 'success' };
      },
    }),
    consortium: defineSubcommand({
      description: 'market.commands.opportunity.consortium',
      permission: COORDINATOR_OR_MEMBER,
      options: z.object({
        id: idOption(),
        leader: text().trim().min(1).max(LIMITS.title).describe('market.options.leader'),
        budget: text().trim().min(1).max(20).describe('market.options.budget'),
        margin: text().trim().max(8).optional().describe('market.options.margin'),
        members: text().trim().max(LIMITS.text).optional().describe('market.options.members'),
      }),
      pickers: {
        id: picker('run'),
        leader: async (ctx, typed) =>
          (await ctx.services.consortia.leaderSuggestions(ctx.cluster, ctx.actor, typed)).map((l) => ({ value: l.memberId, label: `${neutralizeMentions(l.name)} · ${neutralizeMentions(l.title)}`.slice(0, 100) })),
      },
      form: {
        title: 'market.form.consortiumTitle',
        fields: [
          recordField('id', 'market.form.opportunity'),
          { name: 'leader', label: 'market.form.leader', kind: 'short', required: true, maxLength: LIMITS.title },
          { name: 'budget', label: 'market.form.budget', kind: 'short', required: true, maxLength: 20, placeholder: 'market.form.budgetPlaceholder' },
          { name: 'margin', label: 'market.form.margin', kind: 'short', maxLength: 8 },
        ],
      },
      async run(ctx) {
        const { id, members, ...input } = ctx.options;
        if (members) await ctx.services.consortia.choose(ctx.cluster, ctx.actor, id, await ctx.services.consortia.memberIdsByName(ctx.cluster, ctx.actor, id, readList(members)));
        await ctx.services.consortia.form(ctx.cluster, ctx.actor, id, input);
        return formedReply(ctx, id);
      },
    }),
    status: defineSubcommand({
      description: 'market.commands.opportunity.status',
      permission: COORDINATOR_OR_MEMBER,
      options: z.object({ id: idOption(), status: labelled(z.enum(MOVES), 'market.status').describe('market.options.status') }),
      pickers: { id: picker('run') },
      async run(ctx) {
        await ctx.services.consortia.move(ctx.cluster, ctx.actor, ctx.options.id, ctx.options.status);
        return { ...(await showReply(ctx, ctx.options.id)), text: ctx.t('market.consortium.movedDone', { status: ctx.t(`market.status.${ctx.options.status}`) }), tone: 'success' };
      },
    }),
    export: recordSubcommand('market.commands.opportunity.export', COORDINATOR_OR_MEMBER, { name: 'id', option: idOption(), picker: picker('run') }, exportReply),
  },
  actions: {
    all: { permission: 'participant', run: (ctx) => listReply(ctx, true) },
    show: { permission: 'participant', run: (ctx) => showReply(ctx, ctx.args.at(-1) ?? '') },
    /** The notice's Declare button: the form with the opportunity already chosen, pre-filled with what was declared before. */
    declare: {
      permission: 'member',
      async run(ctx) {
        const o = await ctx.services.opportunities.get(ctx.cluster, ctx.args[0] ?? '');
        const own = await ctx.services.opportunities.ownDeclaration(o, ctx.actor);
        const t = ctx.t;
        return formOn(ctx, o, 'declare', 'market.form.declareTitle', [
          { name: 'part', label: t('market.form.part'), kind: 'paragraph', required: true, maxLength: LIMITS.part, placeholder: t('market.form.partPlaceholder'), ...(own ? { value: own.part } : {}) },
          { name: 'capacity', label: t('market.form.capacity'), kind: 'short', required: false, maxLength: LIMITS.short, placeholder: t('market.form.capacityPlaceholder'), ...(own?.capacity ? { value: own.capacity } : {}) },
          { name: 'price', label: t('market.form.price'), kind: 'short', required: false, maxLength: 20, placeholder: t('market.form.pricePlaceholder'), ...(own?.priceGrosze != null ? { value: formatMoney(own.priceGrosze, 'pl').replace(/\s*zł$/, '') } : {}) },
        ]);
      },
    },
    /** Form (or change) the consortium: first choose its members from the declarations. */
    consortium: { permission: COORDINATOR_OR_MEMBER, run: (ctx) => chooseMembersReply(ctx, ctx.args[0] ?? '') },
    /** The members chosen: then the leader, the budget and the margin. */
    members: {
      permission: COORDINATOR_OR_MEMBER,
      async run(ctx) {
        const [id = '', ...memberIds] = ctx.args;
        const { opportunity } = await ctx.services.consortia.choose(ctx.cluster, ctx.actor, id, memberIds);
        return consortiumForm(ctx, opportunity);
      },
    },
    status: {
      permission: COORDINATOR_OR_MEMBER,
      async run(ctx) {
        const [id = '', to = ''] = ctx.args;
        if (!isOneOf(MOVES, to)) return { text: ctx.t('market.errors.badStatusMove'), private: true, tone: 'error', errorId: 'market.errors.badStatusMove' };
        await ctx.services.consortia.move(ctx.cluster, ctx.actor, id, to);
        return { ...(await showReply(ctx, id)), text: ctx.t('market.consortium.movedDone', { status: ctx.t(`market.status.${to}`) }), tone: 'success' };
      },
    },
    export: { permission: COORDINATOR_OR_MEMBER, run: (ctx) => exportReply(ctx, ctx.args[0] ?? '') },
  },
});

async function listReply(ctx: Ctx, all: boolean): Promise<Reply> {
  const { items, filtered } = await ctx.services.opportunities.list(ctx.cluster, ctx.actor, all);
  const more: Button[] = filtered ? [{ label: ctx.t('market.opportunity.showAll'), action: { command: 'opportunity', action: 'all' }, style: 'secondary' }] : [];
  return recordList(ctx, items, {
    texts: filtered
      ? { title: 'market.opportunity.listFitting', empty: 'market.opportunity.noneFitting', choose: 'market.opportunity.choose' }
      : { title: 'market.opportunity.listAll', empty: 'market.opportunity.none', choose: 'market.opportunity.choose' },
    show: { command: 'opportunity', action: 'show' },
    name: (o) => neutralizeMentions(o.title),
    line: (o) => ctx.t('market.opportunity.listItem', { status: ctx.t(`market.status.${o.status}`), deadline: ctx.format.date(o.deadline), place: neutralizeMentions(o.place), count: o.declarations }),
    buttons: more,
  });
}

async function exportReply(ctx: Ctx, id: string): Promise<Reply> {
  const { opportunity, declarations } = await ctx.services.consortia.candidates(ctx.cluster, ctx.actor, id);
  const parts = await ctx.services.consortia.chosen(opportunity);
  const rows = opportunityRows(opportunity, declarations, parts, { t: ctx.t, locale: ctx.locale });
  return {
    text: ctx.t('market.opportunity.exported', { title: neutralizeMentions(opportunity.title), count: declarations.length }),
    attachments: [csvAttachment(`${ctx.t('market.csv.opportunityFile')}-${opportunity.id}`, rows)],
    private: true,
  };
}
