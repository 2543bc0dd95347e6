import { z } from 'zod';
import { defineCommand, defineSubcommand, type CommandContext, type Picker } from '../src/core/command.ts';
import { csvAttachment } from '../src/core/csv.ts';
import { text } from '../src/core/input.ts';
import { formatMoney } from '../src/core/money.ts';
import { chosenRecordField, oneRecord, recordField } from '../src/core/options.ts';
import { anyOf } from '../src/core/permissions.ts';
import { listSubcommand, recordForm, recordSubcommand } from '../src/core/record-list.ts';
import type { Button, Reply } from '../src/core/reply.ts';
import { neutralizeMentions } from '../src/core/text.ts';
import { purchaseRows } from '../src/services/market-exports.ts';
import { purchaseCard } from '../src/services/market-purchases.ts';
import { tierFor } from '../src/services/market-shares.ts';
import { MARKET_LIMITS as LIMITS, runsIt } from '../src/services/market.ts';

/** The organiser (a member) or the coordinator; which purchase is whose, the service checks. */
/** A command's or an action's context, whatever its options. */
type Ctx = Omit<CommandContext, 'options'>;

const ORGANISER = anyOf('member', 'coordinator');
const MAX_QUANTITY = 1_000_000;

function picker(scope: 'open' | 'run'): Picker {
  return async (ctx, typed) =>
    (await ctx.services.purchases.suggestions(ctx.cluster, ctx.actor, typed, scope)).map((p) => ({
      value: p.id,
      label: `${neutralizeMentions(p.item)} · ${p.totalQuantity} ${neutralizeMentions(p.unit)} · ${ctx.format.dateTime(p.deadline)}`.slice(0, 100),
    }));
}

const idOption = () => text().trim().min(1).max(40).describe('market.options.purchase');

/** The purchase as its card shows it, with the caller's own quantity and next steps. */
async function showReply(ctx: Ctx, id: string, note?: string): Promise<Reply> {
  const { services, cluster, actor, t, format, locale } = ctx;
  const p = await services.purchases.get(cluster, id);
  const organiser = await services.purchases.organiserName(p);
  const card = purchaseCard(p, organiser, { t, locale, dateTime: format.dateTime });
  const own = await services.purchases.quantityOf(p, actor.member?.id);
  const buttons: Button[] = [];
  if (p.status === 'open' && actor.member) {
    buttons.push({ label: t(own ? 'market.purchase.changeButton' : 'market.purchase.joinButton'), action: { command: 'purchase', action: 'join', args: [p.id] }, style: 'primary' });
    if (own) buttons.push({ label: t('market.purchase.withdrawButton'), action: { command: 'purchase', action: 'withdraw', args: [p.id] }, style: 'danger' });
  }
  if (runsIt(actor, p.memberId)) buttons.push({ label: t('market.purchase.exportButton'), action: { command: 'purchase', action: 'export', args: [p.id] }, style: 'secondary' });
  const tier = tierFor(services.purchases.tiers(p), p.totalQuantity);
  const mine = own
    ? [{ label: t('market.purchase.yours'), value: t('market.purchase.yoursLine', { quantity: own, unit: neutralizeMentions(p.unit), amount: tier ? formatMoney(own * tier.price, locale) : '–' }) }]
    : [];
  return { title: card.title, text: [note, card.text].filter(Boolean).join('\n\n') || undefined!, fields: [...card.fields, ...mine], buttons, private: true, ...(note ? { tone: 'success' as const } : {}) };
}

async function signedReply(ctx: Ctx, id: string, quantity: number): Promise<Reply> {
  const p = await ctx.services.purchases.get(ctx.cluster, id);
  const unit = neutralizeMentions(p.unit);
  const note = quantity > 0 ? ctx.t('market.purchase.signed', { quantity, unit, total: p.totalQuantity }) : ctx.t('market.purchase.withdrawn', { total: p.totalQuantity, unit });
  return showReply(ctx, id, note);
}

export default defineCommand({
  name: 'purchase',
  description: 'market.commands.purchase.description',
  localizedNames: { pl: 'zakup' },
  subcommands: {
    propose: defineSubcommand({
      description: 'market.commands.purchase.propose',
      permission: 'member',
      options: z.object({
        item: text().trim().min(1).max(LIMITS.title).describe('market.options.item'),
        unit: text().trim().min(1).max(LIMITS.unit).describe('market.options.unit'),
        tiers: text().trim().min(1).max(LIMITS.tiers).describe('market.options.tiers'),
        deadline: text().trim().min(1).max(20).describe('market.options.purchaseDeadline'),
        description: text().trim().max(LIMITS.text).optional().describe('market.options.description'),
      }),
      form: {
        title: 'market.form.purchaseTitle',
        fields: [
          { name: 'item', label: 'market.form.item', kind: 'short', required: true, maxLength: LIMITS.title },
          { name: 'unit', label: 'market.form.unit', kind: 'short', required: true, maxLength: LIMITS.unit, placeholder: 'market.form.unitPlaceholder' },
          { name: 'tiers', label: 'market.form.tiers', kind: 'paragraph', required: true, maxLength: LIMITS.tiers, placeholder: 'market.form.tiersPlaceholder' },
          { name: 'deadline', label: 'market.form.purchaseDeadline', kind: 'short', required: true, maxLength: 20, placeholder: 'market.form.purchaseDeadlinePlaceholder' },
          { name: 'description', label: 'market.form.description', kind: 'paragraph', maxLength: LIMITS.text },
        ],
      },
      async run(ctx) {
        const p = await ctx.services.purchases.propose(ctx.cluster, ctx.actor, ctx.options);
        return showReply(ctx, p.id, ctx.t('market.purchase.proposed', { item: neutralizeMentions(p.item) }));
      },
    }),
    list: listSubcommand('market.commands.purchase.list', 'participant', (ctx) => ctx.services.purchases.list(ctx.cluster), (ctx) => ({
      texts: { title: 'market.purchase.listTitle', empty: 'market.purchase.none', choose: 'market.purchase.choose' },
      show: { command: 'purchase', action: 'show' },
      name: (p) => neutralizeMentions(p.item),
      line: (p) => ctx.t('market.purchase.listItem', { total: p.totalQuantity, unit: neutralizeMentions(p.unit), org: neutralizeMentions(p.organiser), deadline: ctx.format.dateTime(p.deadline) }),
    })),
    show: recordSubcommand('market.commands.purchase.show', 'participant', { name: 'id', option: idOption(), picker: picker('open') }, showReply),
    join: defineSubcommand({
      description: 'market.commands.purchase.join',
      permission: 'member',
      ...oneRecord('id', idOption(), picker('open'), {
        quantity: z.number().int().min(1).max(MAX_QUANTITY).describe('market.options.quantity'),
      }),
      form: {
        title: 'market.form.joinTitle',
        fields: [
          recordField('id', 'market.form.purchase'),
          { name: 'quantity', label: 'market.form.quantity', kind: 'short', required: true, maxLength: 7 },
        ],
      },
      async run(ctx) {
        const { purchase, quantity } = await ctx.services.purchases.signUp(ctx.cluster, ctx.actor, ctx.options.id, ctx.options.quantity);
        return signedReply(ctx, purchase.id, quantity);
      },
    }),
    withdraw: defineSubcommand({
      description: 'market.commands.purchase.withdraw',
      permission: 'member',
      ...oneRecord('id', idOption(), picker('open')),
      async run(ctx) {
        const { purchase } = await ctx.services.purchases.signUp(ctx.cluster, ctx.actor, ctx.options.id, 0);
        return signedReply(ctx, purchase.id, 0);
      },
    }),
    export: recordSubcommand('market.commands.purchase.export', ORGANISER, { name: 'id', option: idOption(), picker: picker('run') }, exportReply),
  },
  actions: {
    show: { permission: 'participant', run: (ctx) => showReply(ctx, ctx.args.at(-1) ?? '') },
    /** The card's Sign up button: the quantity form, the purchase already chosen, the current quantity filled in. */
    join: {
      permission: 'member',
      async run(ctx) {
        const p = await ctx.services.purchases.get(ctx.cluster, ctx.args[0] ?? '');
        if (p.status !== 'open') return showReply(ctx, p.id);
        const own = await ctx.services.purchases.quantityOf(p, ctx.actor.member?.id);
        return recordForm(ctx, { command: 'purchase', subcommand: 'join' }, 'market.form.joinTitle', p.id, [
          chosenRecordField('id', ctx.t('market.form.purchase'), { value: p.id, label: neutralizeMentions(p.item).slice(0, 100) }),
          { name: 'quantity', label: ctx.t('market.form.quantityIn', { unit: neutralizeMentions(p.unit) }), kind: 'short', required: true, maxLength: 7, ...(own ? { value: String(own) } : {}) },
        ]);
      },
    },
    withdraw: {
      permission: 'member',
      async run(ctx) {
        const { purchase } = await ctx.services.purchases.signUp(ctx.cluster, ctx.actor, ctx.args[0] ?? '', 0);
        return signedReply(ctx, purchase.id, 0);
      },
    },
    export: { permission: ORGANISER, run: (ctx) => exportReply(ctx, ctx.args[0] ?? '') },
  },
});

async function exportReply(ctx: Ctx, id: string): Promise<Reply> {
  const p = await ctx.services.purchases.runnable(ctx.cluster, ctx.actor, id);
  const { shares, tier } = await ctx.services.purchases.shares(p);
  return {
    text: ctx.t('market.purchase.exported', { item: neutralizeMentions(p.item), count: shares.length }),
    attachments: [csvAttachment(`${ctx.t('market.csv.purchaseFile')}-${p.id}`, purchaseRows(p, shares, tier, { t: ctx.t, locale: ctx.locale }))],
    private: true,
  };
}
