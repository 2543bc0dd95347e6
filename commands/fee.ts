import { z } from 'zod';
import { defineCommand, defineSubcommand, type CommandContext, type FormSpec } from '../src/core/command.ts';
import { csvAttachment } from '../src/core/csv.ts';
import { amountText, dateText, text } from '../src/core/input.ts';
import { formatMoney } from '../src/core/money.ts';
import { anyOf } from '../src/core/permissions.ts';
import type { Button, Field, Form, Reply } from '../src/core/reply.ts';
import { neutralizeMentions } from '../src/core/text.ts';
import { bandLabel, describeFeeRules, feeRulesText } from '../src/services/fee-rules.ts';
import type { FeeStanding } from '../src/services/fees.ts';
import { memberPicker } from './pickers.ts';

/** An organisation's own representatives see its fee; the coordinator sees every one. */
const OWN_ORGANISATION = anyOf('representative', 'coordinator');

type Ctx = Omit<CommandContext, 'options'>;

/** The fee rules as the coordinator types them (`/setup fees`, and the rules' Change button). */
export const FEE_RULES_FORM: FormSpec = {
  title: 'fees.form.rulesTitle',
  fields: [
    { name: 'entry', label: 'fees.form.entry', kind: 'short', maxLength: 30, placeholder: 'fees.form.entryPlaceholder' },
    { name: 'yearly', label: 'fees.form.yearly', kind: 'paragraph', maxLength: 300, placeholder: 'fees.form.yearlyPlaceholder' },
    { name: 'supporting', label: 'fees.form.supporting', kind: 'short', maxLength: 30, placeholder: 'fees.form.supportingPlaceholder' },
    { name: 'due', label: 'fees.form.dueDate', kind: 'short', maxLength: 10, placeholder: 'fees.form.dueDatePlaceholder' },
    { name: 'reminders', label: 'fees.form.reminders', kind: 'short', maxLength: 10, placeholder: 'fees.form.remindersPlaceholder' },
  ],
};

const RECORD_FORM: FormSpec = {
  title: 'fees.form.recordTitle',
  fields: [
    { name: 'member', label: 'fees.form.member', kind: 'short', required: true, maxLength: 150 },
    { name: 'amount', label: 'fees.form.amount', kind: 'short', required: true, maxLength: 20, placeholder: 'fees.form.amountPlaceholder' },
    { name: 'date', label: 'fees.form.date', kind: 'short', required: true, maxLength: 10, placeholder: 'fees.form.datePlaceholder' },
    { name: 'reference', label: 'fees.form.reference', kind: 'short', required: true, maxLength: 100, placeholder: 'fees.form.referencePlaceholder' },
    { name: 'year', label: 'fees.form.year', kind: 'short', maxLength: 4, placeholder: 'fees.form.yearPlaceholder' },
  ],
};

/** A declared form in the reader's language with values filled in; `choices` turn a field into a list. */
function formOf(ctx: Ctx, spec: FormSpec, submit: { command: string; subcommand: string }, values: Record<string, string>, choices: Record<string, Form['fields'][number]['options']> = {}): Form {
  return {
    id: `${submit.command}.${submit.subcommand}`,
    title: ctx.t(spec.title),
    submit,
    fields: spec.fields.map((f) => ({
      name: f.name,
      label: ctx.t(f.label),
      kind: choices[f.name] ? 'choice' : f.kind,
      required: f.required ?? false,
      ...(f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}),
      ...(f.maxLength ? { maxLength: f.maxLength } : {}),
      ...(choices[f.name] ? { options: choices[f.name], picker: true } : {}),
      ...(values[f.name] !== undefined ? { value: values[f.name] } : {}),
    })),
  };
}

const yearOption = () => z.number().int().min(2000).max(2100).optional().describe('fees.options.year');
const memberRef = () => text().trim().min(1).max(150).optional().describe('fees.options.member');

function money(ctx: Ctx, grosze: number): string {
  return formatMoney(grosze, ctx.locale);
}

/** What an organisation owes for the year, paid and has left, with the payments recorded. */
async function statusReply(ctx: Ctx, ref: string | undefined, year?: number): Promise<Reply> {
  const { services, cluster, actor, t } = ctx;
  const rules = services.fees.rules(cluster);
  if (!services.fees.collects(cluster)) return { text: t('fees.errors.notCollected'), private: true };
  const member = await services.members.organisationFor(cluster, actor, ref);
  const y = year ?? services.fees.currentYear(cluster);
  const s = await services.fees.standing(cluster, member.id, y);
  if (!s) return { text: t('fees.status.notYet', { org: member.name, year: String(y) }), private: true };
  const fields: Field[] = [
    { label: t('fees.status.due'), value: money(ctx, s.due.total), inline: true },
    { label: t('fees.status.paid'), value: money(ctx, s.paid), inline: true },
    { label: s.balance < 0 ? t('fees.status.overpaid') : t('fees.status.balance'), value: money(ctx, Math.abs(s.balance)), inline: true },
    { label: t('fees.status.dueOn'), value: ctx.format.date(s.due.dueOn.toJSDate()), inline: true },
  ];
  const parts = [
    s.due.entry ? t('fees.status.entryPart', { amount: money(ctx, s.due.entry) }) : '',
    s.due.band ? t('fees.status.bandPart', { amount: money(ctx, s.due.yearly), band: bandLabel(rules.yearly, s.due.band, t) }) : s.due.yearly ? t('fees.status.yearlyPart', { amount: money(ctx, s.due.yearly) }) : '',
  ].filter(Boolean);
  if (parts.length) fields.push({ label: t('fees.status.breakdown'), value: parts.join('\n') });
  if (s.payments.length) {
    fields.push({ label: t('fees.status.payments'), value: s.payments.map((p) => t('fees.status.paymentLine', { amount: money(ctx, p.amount), date: ctx.format.date(new Date(`${p.paidOn}T12:00:00Z`)), reference: neutralizeMentions(p.reference) })).join('\n') });
  }
  const notes = [s.balance <= 0 ? t('fees.status.settled') : '', s.due.bandAssumed ? t('fees.status.bandAssumed') : ''].filter(Boolean);
  return { title: t('fees.status.title', { org: member.name, year: String(y) }), ...(notes.length ? { text: notes.join('\n') } : {}), fields, private: true };
}

/** The year's table for the coordinator: who owes what, with the CSV and recording a payment a press away. */
async function listReply(ctx: Ctx, year?: number): Promise<Reply> {
  const { services, cluster, t } = ctx;
  const y = year ?? services.fees.currentYear(cluster);
  const standings = await services.fees.yearStandings(cluster, y);
  const buttons: Button[] = [
    { label: t('fees.list.recordButton'), action: { command: 'fee', action: 'record' }, style: 'primary' },
    { label: t('fees.list.exportButton'), action: { command: 'fee', action: 'export', args: [String(y)] }, style: 'secondary' },
  ];
  if (!standings.length) return { text: t('fees.list.none', { year: String(y) }), buttons, private: true };
  const line = (s: FeeStanding) =>
    t(s.balance > 0 ? 'fees.list.owes' : 'fees.list.settled', { due: money(ctx, s.due.total), paid: money(ctx, s.paid), balance: money(ctx, Math.max(0, s.balance)), date: ctx.format.date(s.due.dueOn.toJSDate()) });
  const total = (f: (s: FeeStanding) => number) => money(ctx, standings.reduce((acc, s) => acc + f(s), 0));
  return {
    title: t('fees.list.title', { year: String(y) }),
    text: t('fees.list.totals', { due: total((s) => s.due.total), paid: total((s) => s.paid), balance: total((s) => Math.max(0, s.balance)) }),
    fields: standings.slice(0, 20).map((s) => ({ label: neutralizeMentions(s.name), value: line(s) })),
    buttons,
    private: true,
  };
}

async function exportReply(ctx: Ctx, year?: number): Promise<Reply> {
  const { services, cluster, t } = ctx;
  const y = year ?? services.fees.currentYear(cluster);
  const standings = await services.fees.yearStandings(cluster, y);
  return {
    text: t('fees.list.exported', { year: String(y), count: standings.length }),
    attachments: [csvAttachment(`${t('fees.csv.file')}-${y}`, services.fees.exportRows(standings, y, t, services.fees.rules(cluster)))],
    private: true,
  };
}

function rulesReply(ctx: Ctx): Reply {
  const { t, locale, actor, services, cluster } = ctx;
  const change: Button[] = actor.roles.has('coordinator') ? [{ label: t('fees.rules.changeButton'), action: { command: 'fee', action: 'rules' }, style: 'primary' }] : [];
  return { title: t('fees.rules.title'), text: describeFeeRules(services.fees.rules(cluster), t, locale).join('\n'), buttons: change, private: true };
}

export default defineCommand({
  name: 'fee',
  description: 'fees.commands.fee.description',
  localizedNames: { pl: 'skladka' },
  subcommands: {
    status: defineSubcommand({
      description: 'fees.commands.fee.status',
      permission: OWN_ORGANISATION,
      options: z.object({ year: yearOption(), member: memberRef() }),
      pickers: { member: memberPicker() },
      run: (ctx) => statusReply(ctx, ctx.options.member, ctx.options.year),
    }),
    rules: defineSubcommand({
      description: 'fees.commands.fee.rules',
      permission: 'participant',
      options: z.object({}),
      run: async (ctx) => rulesReply(ctx),
    }),
    record: defineSubcommand({
      description: 'fees.commands.fee.record',
      permission: 'coordinator',
      options: z.object({
        member: text().trim().min(1).max(150).describe('fees.options.member'),
        amount: amountText().describe('fees.options.amount'),
        date: dateText().describe('fees.options.date'),
        reference: text().trim().min(1).max(100).describe('fees.options.reference'),
        year: yearOption(),
      }),
      pickers: { member: memberPicker() },
      form: RECORD_FORM,
      async run(ctx) {
        const { services, cluster, actor, t } = ctx;
        const { payment, duplicate } = await services.fees.record(cluster, actor.personId, ctx.options);
        const member = await services.members.member(cluster, payment.memberId);
        const note = t(duplicate ? 'fees.record.duplicate' : 'fees.record.recorded', { amount: money(ctx, payment.amount), org: member.name, reference: neutralizeMentions(payment.reference), year: String(payment.year) });
        const status = await statusReply(ctx, member.id, payment.year);
        return { ...status, text: [note, status.text].filter(Boolean).join('\n\n'), tone: 'success', buttons: [{ label: t('fees.list.recordButton'), action: { command: 'fee', action: 'record' }, style: 'secondary' }] };
      },
    }),
    list: defineSubcommand({
      description: 'fees.commands.fee.list',
      permission: 'coordinator',
      options: z.object({ year: yearOption() }),
      run: (ctx) => listReply(ctx, ctx.options.year),
    }),
    export: defineSubcommand({
      description: 'fees.commands.fee.export',
      permission: 'coordinator',
      options: z.object({ year: yearOption() }),
      slow: true,
      run: (ctx) => exportReply(ctx, ctx.options.year),
    }),
  },
  actions: {
    /** A reminder's button: the organisation's own status. */
    status: { permission: 'representative', run: (ctx) => statusReply(ctx, undefined) },
    export: { permission: 'coordinator', run: (ctx) => exportReply(ctx, Number(ctx.args[0]) || undefined) },
    /** The list's button: the payment form, today's date filled in. */
    record: {
      permission: 'coordinator',
      async run(ctx) {
        ctx.services.fees.requireFees(ctx.cluster);
        const members = await memberPicker()({ ...ctx, options: {} }, '');
        if (!members.length) return { text: ctx.t('core.pick.none'), private: true };
        return { form: formOf(ctx, RECORD_FORM, { command: 'fee', subcommand: 'record' }, { date: ctx.format.date(ctx.now()) }, { member: members }), private: true };
      },
    },
    /** The rules' Change button: the rules form with what is set now. */
    rules: {
      permission: 'coordinator',
      async run(ctx) {
        const values = feeRulesText(ctx.services.fees.rules(ctx.cluster), ctx.locale);
        return { form: formOf(ctx, FEE_RULES_FORM, { command: 'setup', subcommand: 'fees' }, values), private: true };
      },
    },
  },
});
