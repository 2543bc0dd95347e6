import { z } from 'zod';
import { defineCommand, defineSubcommand, type CommandContext, type FormFieldSpec, type Picker } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { inputNotes, text } from '../src/core/input.ts';
import { chosenRecordField, labelled, oneRecord, recordField } from '../src/core/options.ts';
import { anyOf } from '../src/core/permissions.ts';
import { listSubcommand, recordForm, recordSubcommand } from '../src/core/record-list.ts';
import type { Button, Reply } from '../src/core/reply.ts';
import { neutralizeMentions, userText } from '../src/core/text.ts';
import { RESOURCE_KINDS } from '../src/core/vocabulary.ts';
import { bookingCard, remindsOf, returnButton } from '../src/services/resource-bookings.ts';
import { bookButton, RESOURCE_LIMITS as LIMITS, resourceCard, type SharedResource } from '../src/services/resources.ts';
import { runsIt } from '../src/services/market.ts';

/** A command's or an action's context, whatever its options. */
type Ctx = Omit<CommandContext, 'options'>;

/** A member (the owner's or the booker's representative) or the coordinator; whose resource or booking it is, the service checks. */
const MEMBER_OR_COORDINATOR = anyOf('member', 'coordinator');

const yesNo = [
  { value: 'yes', label: 'core.form.yes' },
  { value: 'no', label: 'core.form.no' },
] satisfies FormFieldSpec['options'];

/** The add form's fields: the edit form shows the same ones, filled in. */
const RESOURCE_FIELDS: FormFieldSpec[] = [
  { name: 'name', label: 'resources.form.name', kind: 'short', required: true, maxLength: LIMITS.name, placeholder: 'resources.form.namePlaceholder' },
  { name: 'kind', label: 'resources.form.kind', kind: 'choice', required: true, options: RESOURCE_KINDS.map((k) => ({ value: k, label: `resources.kind.${k}` as const })) },
  { name: 'place', label: 'resources.form.place', kind: 'short', required: true, maxLength: LIMITS.place },
  { name: 'approval', label: 'resources.form.approval', kind: 'choice', required: true, options: yesNo },
  { name: 'description', label: 'resources.form.description', kind: 'paragraph', maxLength: LIMITS.text },
  { name: 'rules', label: 'resources.form.rules', kind: 'paragraph', maxLength: LIMITS.text, placeholder: 'resources.form.rulesPlaceholder' },
  { name: 'availability', label: 'resources.form.availability', kind: 'short', maxLength: LIMITS.short, placeholder: 'resources.form.availabilityPlaceholder' },
];

/** The same fields for an edit, where a dash empties an optional one. */
const EDIT_FIELDS: FormFieldSpec[] = RESOURCE_FIELDS.map((f) => (f.required ? f : { ...f, label: `${f.label}Edit` as TranslationKey }));

const RESOURCE_FIELD = recordField('resource', 'resources.form.resource');

/** What a person reads of a resource in a list: its name, kind and place. */
function resourceLabel(ctx: Ctx, r: SharedResource): string {
  return `${neutralizeMentions(r.name)} · ${ctx.t(`resources.kind.${r.kind}`)}${r.place ? ` · ${neutralizeMentions(r.place)}` : ''}`.slice(0, 100);
}

/** Resources by their name, kind and place (what a person reads, so a typed place finds them too), or by id; `own`: those the caller runs. */
const pickerOf =
  (scope: 'all' | 'own'): Picker =>
  async (ctx, typed) => {
  const wanted = typed.trim().toLocaleLowerCase('pl');
  return (await ctx.services.resources.suggestions(ctx.cluster, ctx.actor, scope))
    .map((r) => ({ value: r.id, label: resourceLabel(ctx, r) }))
    .filter((o) => !wanted || o.value === typed.trim() || o.label.toLocaleLowerCase('pl').includes(wanted))
    .slice(0, 25);
};
const resourcePicker = pickerOf('all');

const resourceOption = () => text().trim().min(1).max(40).describe('resources.options.resource');
/** Any resource, as /resource show and history name it. */
const anyResource = { name: 'resource', option: resourceOption(), picker: resourcePicker };
const when = (key: 'resources.options.from' | 'resources.options.to') => text().trim().min(1).max(20).describe(key);

const bookFields: FormFieldSpec[] = [
  RESOURCE_FIELD,
  { name: 'from', label: 'resources.form.from', kind: 'short', required: true, maxLength: 20, placeholder: 'resources.form.fromPlaceholder' },
  { name: 'to', label: 'resources.form.to', kind: 'short', required: true, maxLength: 20, placeholder: 'resources.form.toPlaceholder' },
  { name: 'note', label: 'resources.form.note', kind: 'paragraph', maxLength: LIMITS.note },
];

/** The resource's card with what the caller may do next: book it, read its history, offer it on the barter board. */
async function showReply(ctx: Ctx, id: string, note?: string): Promise<Reply> {
  const r = await ctx.services.resources.get(ctx.cluster, id);
  const card = resourceCard(r, await ctx.services.resources.ownerName(r), ctx);
  const buttons: Button[] = [];
  if (r.status === 'active' && ctx.actor.member) buttons.push(bookButton(r.id, ctx.t));
  buttons.push({ label: ctx.t('resources.card.historyButton'), action: { command: 'resource', action: 'history', args: [r.id] }, style: 'secondary' });
  const active = r.status === 'active';
  if (active && ctx.actor.member?.id === r.memberId) {
    buttons.push({ label: ctx.t('resources.card.barterButton'), action: { command: 'resource', action: 'barter', args: [r.id] }, style: 'secondary' });
    buttons.push({ label: ctx.t('resources.card.editButton'), action: { command: 'resource', action: 'edit', args: [r.id] }, style: 'secondary' });
  }
  if (active && runsIt(ctx.actor, r.memberId)) buttons.push({ label: ctx.t('resources.card.withdrawButton'), action: { command: 'resource', action: 'withdraw', args: [r.id] }, style: 'danger' });
  const said = [note, active ? undefined : ctx.t('resources.card.withdrawnNote'), card.text].filter(Boolean).join('\n\n');
  return { ...card, text: said || undefined!, buttons, private: true, ...(note ? { tone: 'success' as const } : {}) };
}

/** The edit form from the card's Change button: the add form's fields, the current values filled in. */
async function editForm(ctx: Ctx, id: string): Promise<Reply> {
  const r = await ctx.services.resources.get(ctx.cluster, id);
  if (ctx.actor.member?.id !== r.memberId) throw new DomainError('resources.errors.notOwnerEdit', { name: neutralizeMentions(r.name) });
  if (r.status !== 'active') throw new DomainError('resources.errors.withdrawn', { name: neutralizeMentions(r.name) });
  const values: Record<string, string> = { name: r.name, kind: r.kind, place: r.place, approval: r.approval ? 'yes' : 'no', description: r.description, rules: r.rules, availability: r.availability };
  return recordForm(ctx, { command: 'resource', subcommand: 'edit' }, 'resources.form.editTitle', r.id, [
    chosenRecordField('resource', ctx.t(RESOURCE_FIELD.label), { value: r.id, label: resourceLabel(ctx, r) }),
    ...EDIT_FIELDS.map((f) => ({
      name: f.name,
      label: ctx.t(f.label),
      kind: f.kind,
      required: f.required ?? false,
      ...(f.maxLength ? { maxLength: f.maxLength } : {}),
      ...(f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}),
      ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: ctx.t(o.label) })) } : {}),
      value: values[f.name] ?? '',
    })),
  ]);
}

/** The confirm step before a withdrawal: what it cancels and closes, said before it happens. */
async function withdrawConfirm(ctx: Ctx, id: string): Promise<Reply> {
  const { resource: r, upcoming } = await ctx.services.resources.withdrawable(ctx.cluster, ctx.actor, id);
  const name = userText(neutralizeMentions(r.name));
  return {
    title: ctx.t('resources.withdraw.title', { name }),
    text: [ctx.t('resources.withdraw.confirm', { name }), upcoming ? ctx.t('resources.withdraw.upcoming', { count: upcoming }) : ctx.t('resources.withdraw.noUpcoming'), ctx.t('resources.withdraw.history')].join('\n'),
    buttons: [
      { label: ctx.t('resources.withdraw.confirmButton'), action: { command: 'resource', action: 'withdrawConfirmed', args: [r.id] }, style: 'danger' },
      { label: ctx.t('resources.withdraw.backButton'), action: { command: 'resource', action: 'show', args: [r.id] }, style: 'secondary' },
    ],
    private: true,
    tone: 'warning',
  };
}

/** The resource's bookings, the latest first; the owner may confirm a return from here. */
async function historyReply(ctx: Ctx, id: string): Promise<Reply> {
  const r = await ctx.services.resources.get(ctx.cluster, id);
  const lines = await ctx.services.resources.history(r);
  const name = userText(neutralizeMentions(r.name));
  if (lines.length === 0) return { text: ctx.t('resources.history.none', { name }), buttons: r.status === 'active' && ctx.actor.member ? [bookButton(r.id, ctx.t)] : [], private: true };
  const now = ctx.now().getTime();
  const returnable = runsIt(ctx.actor, r.memberId) ? lines.filter((l) => l.booking.status === 'confirmed' && l.booking.startsAt.getTime() <= now) : [];
  return {
    title: ctx.t('resources.history.title', { name }),
    fields: lines.slice(0, 20).map(({ booking: b, booker }) => ({
      label: `${ctx.format.dateTime(b.startsAt)} – ${ctx.format.dateTime(b.endsAt)}`,
      value: ctx.t('resources.history.line', { org: userText(booker), status: ctx.t(`resources.bookingStatus.${b.status}`) }),
    })),
    ...(returnable.length
      ? { choices: { action: { command: 'resource', action: 'returned' }, placeholder: ctx.t('resources.history.returnChoose'), options: returnable.slice(0, 25).map(({ booking: b, booker }) => ({ value: b.id, label: `${booker} · ${ctx.format.dateTime(b.startsAt)}`.slice(0, 100) })) } }
      : {}),
    ...(r.status === 'active' && ctx.actor.member ? { buttons: [bookButton(r.id, ctx.t)] } : {}),
    private: true,
  };
}

/** The start field's hint: the date format first (Discord cuts hints at 100 characters), then the owner's free-text availability, so a member reads it before choosing a period. */
function fromHint(ctx: Ctx, availability: string | undefined): string {
  const example = ctx.t('resources.form.fromPlaceholder');
  return availability ? ctx.t('resources.form.fromWithAvailability', { example, availability: availability.replace(/\s+/g, ' ').trim() }) : example;
}

function bookForm(ctx: Ctx, resource: { id: string; label: string; availability?: string }): Reply {
  return recordForm(
    ctx,
    { command: 'resource', subcommand: 'book' },
    'resources.form.bookTitle',
    resource.id,
    bookFields.map((f) => ({
      name: f.name,
      label: ctx.t(f.label),
      kind: f.name === 'resource' ? ('choice' as const) : f.kind,
      required: f.required ?? false,
      ...(f.maxLength ? { maxLength: f.maxLength } : {}),
      ...(f.name === 'from' ? { placeholder: fromHint(ctx, resource.availability) } : f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}),
      ...(f.name === 'resource' ? { picker: true, options: [{ value: resource.id, label: resource.label }], value: resource.id } : {}),
    })),
  );
}

/** The booking as its booker reads it, with a Cancel button while it holds. */
async function bookingReply(ctx: Ctx, bookingId: string, note: string, tone: Reply['tone']): Promise<Reply> {
  const { booking, resource } = await ctx.services.bookings.get(ctx.cluster, bookingId);
  const owner = await ctx.services.resources.ownerName(resource);
  return { ...bookingCard(booking, resource, { owner }, { t: ctx.t, dateTime: ctx.format.dateTime }), text: note, private: true, ...(tone ? { tone } : {}) };
}

/** What the owner (or the coordinator) sees after deciding: the booking with the booker named. */
async function decidedReply(ctx: Ctx, bookingId: string, note: string): Promise<Reply> {
  const { booking, resource } = await ctx.services.bookings.get(ctx.cluster, bookingId);
  const booker = await ctx.services.bookings.nameOf(booking.memberId);
  const card = bookingCard(booking, resource, { booker }, { t: ctx.t, dateTime: ctx.format.dateTime });
  const buttons = booking.status === 'confirmed' && booking.startsAt.getTime() <= ctx.now().getTime() ? [returnButton(booking.id, ctx.t)] : [];
  return { ...card, text: note, buttons, private: true, tone: 'success' };
}

export default defineCommand({
  name: 'resource',
  description: 'resources.commands.resource.description',
  localizedNames: { pl: 'zasob' },
  subcommands: {
    add: defineSubcommand({
      description: 'resources.commands.resource.add',
      permission: 'member',
      options: z.object({
        name: text().trim().min(1).max(LIMITS.name).describe('resources.options.name'),
        kind: labelled(z.enum(RESOURCE_KINDS), 'resources.kind').describe('resources.options.kind'),
        place: text().trim().min(1).max(LIMITS.place).describe('resources.options.place'),
        description: text().trim().max(LIMITS.text).optional().describe('resources.options.description'),
        rules: text().trim().max(LIMITS.text).optional().describe('resources.options.rules'),
        availability: text().trim().max(LIMITS.short).optional().describe('resources.options.availability'),
        approval: z.boolean().default(false).describe('resources.options.approval'),
      }),
      form: { title: 'resources.form.addTitle', fields: RESOURCE_FIELDS },
      async run(ctx) {
        const r = await ctx.services.resources.add(ctx.cluster, ctx.actor, ctx.options);
        return showReply(ctx, r.id, ctx.t('resources.added', { name: userText(neutralizeMentions(r.name)) }));
      },
    }),
    edit: defineSubcommand({
      description: 'resources.commands.resource.edit',
      permission: 'member',
      ...oneRecord('resource', resourceOption(), pickerOf('own'), {
        name: text().trim().min(1).max(LIMITS.name).optional().describe('resources.options.name'),
        kind: labelled(z.enum(RESOURCE_KINDS), 'resources.kind').optional().describe('resources.options.kind'),
        place: text().trim().min(1).max(LIMITS.place).optional().describe('resources.options.place'),
        description: text().trim().max(LIMITS.text).optional().describe('resources.options.descriptionEdit'),
        rules: text().trim().max(LIMITS.text).optional().describe('resources.options.rulesEdit'),
        availability: text().trim().max(LIMITS.short).optional().describe('resources.options.availabilityEdit'),
        approval: z.boolean().optional().describe('resources.options.approval'),
      }),
      form: { title: 'resources.form.editTitle', fields: [RESOURCE_FIELD, ...EDIT_FIELDS] },
      async run(ctx) {
        const { resource, ...patch } = ctx.options;
        // Only the resource named: its form, filled in, to change it.
        if (Object.values(patch).every((v) => v === undefined)) return editForm(ctx, resource);
        const r = await ctx.services.resources.edit(ctx.cluster, ctx.actor, resource, patch);
        return showReply(ctx, r.id, ctx.t('resources.edited', { name: userText(neutralizeMentions(r.name)) }));
      },
    }),
    list: listSubcommand('resources.commands.resource.list', 'participant', (ctx) => ctx.services.resources.list(ctx.cluster), (ctx) => ({
      texts: { title: 'resources.listTitle', empty: 'resources.none', choose: 'resources.choose' },
      show: { command: 'resource', action: 'show' },
      name: (r) => neutralizeMentions(r.name),
      line: (r) => ctx.t('resources.listItem', { kind: ctx.t(`resources.kind.${r.kind}`), org: userText(r.owner), place: userText(neutralizeMentions(r.place)) }),
      label: (r) => userText(neutralizeMentions(r.name)),
    })),
    show: recordSubcommand('resources.commands.resource.show', 'participant', anyResource, showReply),
    book: defineSubcommand({
      description: 'resources.commands.resource.book',
      permission: 'member',
      ...oneRecord('resource', resourceOption(), resourcePicker, {
        from: when('resources.options.from'),
        to: when('resources.options.to'),
        note: text().trim().max(LIMITS.note).optional().describe('resources.options.note'),
      }),
      form: { title: 'resources.form.bookTitle', fields: bookFields },
      async run(ctx) {
        const { booking, resource, reads } = await ctx.services.bookings.book(ctx.cluster, ctx.actor, ctx.options);
        const name = userText(neutralizeMentions(resource.name));
        const key = booking.status === 'pending' ? 'resources.bookedPending' : remindsOf(booking) ? 'resources.bookedConfirmed' : 'resources.bookedSoon';
        const said = ctx.t(key, { name, from: ctx.format.dateTime(booking.startsAt), to: ctx.format.dateTime(booking.endsAt) });
        return bookingReply(ctx, booking.id, [said, ...inputNotes(ctx.t, ...reads)].join('\n'), 'success');
      },
    }),
    history: recordSubcommand('resources.commands.resource.history', 'participant', anyResource, historyReply),
    mine: defineSubcommand({
      description: 'resources.commands.resource.mine',
      permission: 'member',
      options: z.object({}),
      async run(ctx) {
        const items = await ctx.services.bookings.mine(ctx.cluster, ctx.actor);
        if (items.length === 0) return { text: ctx.t('resources.mine.none'), private: true };
        return {
          title: ctx.t('resources.mine.title'),
          fields: items.map(({ booking: b, resource: r }) => ({
            label: userText(neutralizeMentions(r.name)),
            value: `${ctx.format.dateTime(b.startsAt)} – ${ctx.format.dateTime(b.endsAt)} · ${ctx.t(`resources.bookingStatus.${b.status}`)}`,
          })),
          choices: {
            action: { command: 'resource', action: 'cancel' },
            placeholder: ctx.t('resources.mine.cancelChoose'),
            options: items.map(({ booking: b, resource: r }) => ({ value: b.id, label: `${neutralizeMentions(r.name)} · ${ctx.format.dateTime(b.startsAt)}`.slice(0, 100) })),
          },
          private: true,
        };
      },
    }),
  },
  actions: {
    show: { permission: 'participant', run: (ctx) => showReply(ctx, ctx.args.at(-1) ?? '') },
    history: { permission: 'participant', run: (ctx) => historyReply(ctx, ctx.args.at(-1) ?? '') },
    /** The card's Book button: the booking form, the resource already chosen. */
    book: {
      permission: 'member',
      async run(ctx) {
        const r = await ctx.services.resources.get(ctx.cluster, ctx.args[0] ?? '');
        // An old Book button (a barter card, a DM) of a resource since withdrawn.
        if (r.status !== 'active') throw new DomainError('resources.errors.withdrawn', { name: neutralizeMentions(r.name) });
        return bookForm(ctx, { id: r.id, label: resourceLabel(ctx, r), availability: r.availability });
      },
    },
    approve: {
      permission: MEMBER_OR_COORDINATOR,
      async run(ctx) {
        const result = await ctx.services.bookings.approve(ctx.cluster, ctx.actor, ctx.args.at(-1) ?? '');
        return decidedReply(ctx, result.booking.id, ctx.t('resources.approved', { org: userText(await ctx.services.bookings.nameOf(result.booking.memberId)) }));
      },
    },
    decline: {
      permission: MEMBER_OR_COORDINATOR,
      async run(ctx) {
        const result = await ctx.services.bookings.decline(ctx.cluster, ctx.actor, ctx.args.at(-1) ?? '');
        return decidedReply(ctx, result.booking.id, ctx.t('resources.declined', { org: userText(await ctx.services.bookings.nameOf(result.booking.memberId)) }));
      },
    },
    returned: {
      permission: MEMBER_OR_COORDINATOR,
      async run(ctx) {
        const result = await ctx.services.bookings.confirmReturn(ctx.cluster, ctx.actor, ctx.args.at(-1) ?? '');
        return decidedReply(ctx, result.booking.id, ctx.t('resources.returned', { name: userText(neutralizeMentions(result.resource.name)) }));
      },
    },
    /** The booker's Cancel (its booking's card, or the choice in /resource mine). */
    cancel: {
      permission: MEMBER_OR_COORDINATOR,
      async run(ctx) {
        const { booking, resource } = await ctx.services.bookings.cancel(ctx.cluster, ctx.actor, ctx.args.at(-1) ?? '');
        return bookingReply(ctx, booking.id, ctx.t('resources.cancelled', { name: userText(neutralizeMentions(resource.name)) }), 'success');
      },
    },
    /** The card's Change button: the form filled in with what the card says now. */
    edit: { permission: 'member', run: (ctx) => editForm(ctx, ctx.args[0] ?? '') },
    /** The card's Withdraw button: first the confirm step. */
    withdraw: { permission: MEMBER_OR_COORDINATOR, run: (ctx) => withdrawConfirm(ctx, ctx.args[0] ?? '') },
    withdrawConfirmed: {
      permission: MEMBER_OR_COORDINATOR,
      async run(ctx) {
        const { resource, cancelled } = await ctx.services.resources.withdraw(ctx.cluster, ctx.actor, ctx.args[0] ?? '');
        const name = userText(neutralizeMentions(resource.name));
        return { text: cancelled.length ? ctx.t('resources.withdraw.doneCancelled', { name, count: cancelled.length }) : ctx.t('resources.withdraw.done', { name }), private: true, tone: 'success' };
      },
    },
    /** The owner's "Offer on the barter board": an offer of the resource's kind whose card leads to booking it. */
    barter: {
      permission: 'member',
      async run(ctx) {
        const post = await ctx.services.resources.postToBarter(ctx.cluster, ctx.actor, ctx.args[0] ?? '');
        return { text: ctx.t('resources.posted', { title: userText(neutralizeMentions(post.title)) }), private: true, tone: 'success' };
      },
    },
  },
});
