import { z } from 'zod';
import { CORE_COMMAND, defineCommand, defineSubcommand, type CommandContext, type FormFieldSpec, type Picker } from '../src/core/command.ts';
import { DomainError } from '../src/core/errors.ts';
import type { TranslationKey } from '../src/core/i18n.ts';
import { csvAttachment } from '../src/core/csv.ts';
import { isEmail, isPhone, text } from '../src/core/input.ts';
import { chosenRecordField, labelled, oneRecord, recordField } from '../src/core/options.ts';
import { recordSubcommand } from '../src/core/record-list.ts';
import type { Button, Field, Form, Reply } from '../src/core/reply.ts';
import { neutralizeMentions } from '../src/core/text.ts';
import { CATALOGUE_LIMITS as LIMITS, CLEAR, placesOf, type CatalogueFilter, type CatalogueItem } from '../src/services/catalogue.ts';
import { catalogueMarkdown, catalogueRows, markdownAttachment } from '../src/services/catalogue-export.ts';

/*
 * The common catalogue of services and products: read by anyone in the cluster's space (a client
 * too), by sector and place; each organisation's representatives keep its own entries; the
 * coordinator may hide one. Exported as Markdown and CSV.
 */

type Ctx = Omit<CommandContext, 'options'>;

const FORMATS = ['markdown', 'csv'] as const;
/** What a reply lists before asking to narrow by sector or place. */
const SHOWN = 20;

const label = (s: string) => {
  const clean = neutralizeMentions(s);
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean;
};

function entryPicker(scope: 'own' | 'all'): Picker {
  return async (ctx, typed) =>
    (await ctx.services.catalogue.suggestions(ctx.cluster, ctx.actor, typed, scope)).map((e) => ({ value: e.id, label: label(`${e.title} · ${e.organisation}`), description: label(e.sector) }));
}
const sectorPicker: Picker = async (ctx, typed) => (await ctx.services.catalogue.sectors(ctx.cluster, typed)).map((s) => ({ value: s, label: label(s) }));
const placePicker: Picker = async (ctx, typed) => (await ctx.services.catalogue.places(ctx.cluster, typed)).map((s) => ({ value: s, label: label(s) }));

const idOption = () => text().trim().min(1).max(40).describe('catalogue.options.entry');
const filterOptions = {
  sector: text().trim().min(1).max(LIMITS.sector).optional().describe('catalogue.options.sectorFilter'),
  place: text().trim().min(1).max(LIMITS.place).optional().describe('catalogue.options.placeFilter'),
};
const entryFields = {
  title: text().trim().min(3).max(LIMITS.title).describe('catalogue.options.title'),
  description: text().trim().max(LIMITS.description).optional().describe('catalogue.options.description'),
  sector: text().trim().min(2).max(LIMITS.sector).describe('catalogue.options.sector'),
  area: text().trim().min(2).max(LIMITS.area).describe('catalogue.options.area'),
  contact: text().trim().max(LIMITS.contactName).optional().describe('catalogue.options.contact'),
  email: text().trim().max(LIMITS.email).refine((v) => v === CLEAR || isEmail(v), { message: 'catalogue.errors.emailField' }).optional().describe('catalogue.options.email'),
  phone: text().trim().max(LIMITS.phone).refine((v) => v === CLEAR || isPhone(v), { message: 'catalogue.errors.phoneField' }).optional().describe('catalogue.options.phone'),
};

const FORM_FIELDS = [
  { name: 'title', label: 'catalogue.form.title', kind: 'short', required: true, maxLength: LIMITS.title, placeholder: 'catalogue.form.titlePlaceholder' },
  { name: 'description', label: 'catalogue.form.description', kind: 'paragraph', maxLength: LIMITS.description },
  { name: 'sector', label: 'catalogue.form.sector', kind: 'short', required: true, maxLength: LIMITS.sector, placeholder: 'catalogue.form.sectorPlaceholder' },
  { name: 'area', label: 'catalogue.form.area', kind: 'short', required: true, maxLength: LIMITS.area, placeholder: 'catalogue.form.areaPlaceholder' },
  { name: 'contact', label: 'catalogue.form.contact', kind: 'short', maxLength: LIMITS.contactName },
  { name: 'email', label: 'catalogue.form.email', kind: 'short', maxLength: LIMITS.email },
  { name: 'phone', label: 'catalogue.form.phone', kind: 'short', maxLength: LIMITS.phone },
] as const satisfies readonly FormFieldSpec[];

/** The same fields for an edit, where a dash empties an optional one. */
const EDIT_FIELDS: readonly FormFieldSpec[] = FORM_FIELDS.map((f) => ('required' in f ? f : { ...f, label: `${f.label}Edit` as TranslationKey }));

/** How a person reaches the organisation about this offer. */
function contactLine(e: CatalogueItem): string {
  return neutralizeMentions([e.contactName, e.contactEmail, e.contactPhone].filter(Boolean).join(' · ')) || '–';
}

function confirmedLine(ctx: Ctx, e: CatalogueItem): string {
  const when = ctx.format.date(e.confirmedAt);
  return e.stale ? ctx.t('catalogue.entry.stale', { date: when }) : ctx.t('catalogue.entry.confirmed', { date: when });
}

function summary(ctx: Ctx, e: CatalogueItem): Field {
  const marks = e.hiddenAt ? ` (${ctx.t('catalogue.entry.hiddenMark')})` : '';
  const about = e.description ? `${neutralizeMentions(e.description).slice(0, 200)}${e.description.length > 200 ? '…' : ''}\n` : '';
  return {
    label: label(`${e.title} – ${e.organisation}${marks}`),
    value: `${about}${ctx.t('catalogue.entry.line', { sector: neutralizeMentions(e.sector), area: neutralizeMentions(placesOf(e.area).join(', ')) })}\n${contactLine(e)}\n${confirmedLine(ctx, e)}`,
  };
}

function filterText(ctx: Ctx, filter: CatalogueFilter): string {
  const parts = [filter.sector ? ctx.t('catalogue.browse.sector', { sector: neutralizeMentions(filter.sector) }) : '', filter.place ? ctx.t('catalogue.browse.place', { place: neutralizeMentions(filter.place) }) : ''].filter(Boolean);
  return parts.join(', ');
}

async function browseReply(ctx: Ctx, filter: CatalogueFilter): Promise<Reply> {
  const coordinator = ctx.actor.roles.has('coordinator');
  const entries = await ctx.services.catalogue.browse(ctx.cluster, filter, { withHidden: coordinator });
  const narrowed = filterText(ctx, filter);
  if (entries.length === 0) return { text: ctx.t('catalogue.browse.empty'), private: true };
  const lines = [narrowed ? ctx.t('catalogue.browse.filtered', { filter: narrowed }) : ctx.t('catalogue.browse.intro')];
  if (entries.length > SHOWN) lines.push(ctx.t('catalogue.browse.more', { shown: SHOWN, count: entries.length }));
  const args = [filter.sector ?? '', filter.place ?? ''];
  return {
    title: ctx.t('catalogue.browse.title', { count: entries.length }),
    text: lines.join('\n'),
    fields: entries.slice(0, SHOWN).map((e) => summary(ctx, e)),
    choices: { action: { command: 'catalogue', action: 'show' }, placeholder: ctx.t('catalogue.browse.choose'), options: entries.slice(0, 25).map((e) => ({ value: e.id, label: label(`${e.title} · ${e.organisation}`) })) },
    buttons: [
      { label: ctx.t('catalogue.export.markdownButton'), action: { command: 'catalogue', action: 'markdown', args }, style: 'secondary' },
      { label: ctx.t('catalogue.export.csvButton'), action: { command: 'catalogue', action: 'csv', args }, style: 'secondary' },
    ],
    private: true,
  };
}

async function showReply(ctx: Ctx, id: string, note?: string): Promise<Reply> {
  const e = await ctx.services.catalogue.item(ctx.cluster, id);
  const buttons: Button[] = [];
  if (ctx.actor.member?.id === e.memberId) {
    buttons.push({ label: ctx.t('catalogue.entry.editButton'), action: { command: 'catalogue', action: 'edit', args: [e.id] }, style: 'primary' });
    buttons.push({ label: ctx.t('catalogue.entry.removeButton'), action: { command: 'catalogue', action: 'remove', args: [e.id] }, style: 'danger' });
  }
  if (ctx.actor.roles.has('coordinator')) {
    buttons.push(e.hiddenAt ? { label: ctx.t('catalogue.hide.showButton'), action: { command: 'catalogue', action: 'unhide', args: [e.id] }, style: 'secondary' } : { label: ctx.t('catalogue.hide.button'), action: { command: 'catalogue', action: 'hide', args: [e.id] }, style: 'danger' });
  }
  const fields: Field[] = [
    { label: ctx.t('catalogue.entry.organisation'), value: neutralizeMentions(e.organisation), inline: true },
    { label: ctx.t('catalogue.entry.sector'), value: neutralizeMentions(e.sector), inline: true },
    { label: ctx.t('catalogue.entry.area'), value: neutralizeMentions(placesOf(e.area).join(', ')) },
    { label: ctx.t('catalogue.entry.contact'), value: contactLine(e) },
    { label: ctx.t('catalogue.entry.confirmedLabel'), value: confirmedLine(ctx, e) },
  ];
  if (e.hiddenAt) fields.push({ label: ctx.t('catalogue.entry.hiddenLabel'), value: ctx.t('catalogue.entry.hiddenSince', { date: ctx.format.date(e.hiddenAt) }) });
  return {
    title: label(e.title),
    text: [note, e.description ? neutralizeMentions(e.description) : ''].filter(Boolean).join('\n\n') || ctx.t('catalogue.entry.noDescription'),
    fields,
    buttons,
    private: true,
    ...(note ? { tone: 'success' as const } : {}),
  };
}

const ENTRY_FIELD = recordField('id', 'catalogue.form.entry');

/** The edit form from an entry's button: the entry chosen, its current values filled in. */
async function editForm(ctx: Ctx, id: string): Promise<Reply> {
  const e = await ctx.services.catalogue.item(ctx.cluster, id);
  if (ctx.actor.member?.id !== e.memberId) throw new DomainError('catalogue.errors.notYourEntry');
  const values: Record<string, string> = { title: e.title, description: e.description, sector: e.sector, area: e.area, contact: e.contactName, email: e.contactEmail ?? '', phone: e.contactPhone ?? '' };
  const form: Form = {
    id: 'catalogue.edit',
    title: ctx.t('catalogue.form.editTitle'),
    submit: { command: 'catalogue', subcommand: 'edit' },
    args: [e.id],
    fields: [
      chosenRecordField('id', ctx.t('catalogue.form.entry'), { value: e.id, label: label(e.title) }),
      ...EDIT_FIELDS.map((f) => ({ name: f.name, label: ctx.t(f.label), kind: f.kind, required: f.required ?? false, maxLength: f.maxLength, ...(f.placeholder ? { placeholder: ctx.t(f.placeholder) } : {}), value: values[f.name] ?? '' })),
    ],
  };
  return { form, private: true };
}

async function mineReply(ctx: Ctx, note?: string): Promise<Reply> {
  const { organisation, entries } = await ctx.services.catalogue.mine(ctx.cluster, ctx.actor);
  const buttons: Button[] = [
    { label: ctx.t('catalogue.mine.addButton'), action: { command: CORE_COMMAND, action: 'start', args: ['catalogue', 'add'] }, style: 'primary' },
    ...(entries.length ? [{ label: ctx.t('catalogue.mine.confirmButton'), action: { command: 'member', action: 'confirm' }, style: 'success' as const }] : []),
  ];
  return {
    title: ctx.t('catalogue.mine.title', { org: organisation }),
    text: [note, entries.length ? ctx.t('catalogue.mine.intro', { count: entries.length }) : ctx.t('catalogue.mine.empty')].filter(Boolean).join('\n\n'),
    fields: entries.slice(0, SHOWN).map((e) => summary(ctx, e)),
    ...(entries.length ? { choices: { action: { command: 'catalogue', action: 'show' }, placeholder: ctx.t('catalogue.mine.choose'), options: entries.slice(0, 25).map((e) => ({ value: e.id, label: label(e.title) })) } } : {}),
    buttons,
    private: true,
  };
}

async function exportReply(ctx: Ctx, format: (typeof FORMATS)[number], filter: CatalogueFilter): Promise<Reply> {
  const { entries, leftOut } = await ctx.services.catalogue.forExport(ctx.cluster, filter);
  if (entries.length === 0) return { text: [ctx.t('catalogue.export.empty'), leftOut ? ctx.t('catalogue.export.leftOut', { count: leftOut }) : ''].filter(Boolean).join(' '), private: true };
  const tools = { t: ctx.t, date: ctx.format.date };
  const filename = ctx.t('catalogue.file.name');
  const attachment =
    format === 'csv'
      ? csvAttachment(filename, catalogueRows(entries, tools))
      : markdownAttachment(filename, catalogueMarkdown(entries, { cluster: ctx.cluster.name, filter: filterText(ctx, filter), at: ctx.now() }, tools));
  const lines = [ctx.t('catalogue.export.done', { count: entries.length }), leftOut ? ctx.t('catalogue.export.leftOut', { count: leftOut }) : ''];
  return { text: lines.filter(Boolean).join(' '), attachments: [attachment], private: true };
}

/** A button's filter: empty arguments are no filter. */
function filterOf(args: string[]): CatalogueFilter {
  const [sector, place] = args;
  return { ...(sector ? { sector } : {}), ...(place ? { place } : {}) };
}

export default defineCommand({
  name: 'catalogue',
  description: 'catalogue.commands.catalogue.description',
  localizedNames: { pl: 'katalog' },
  subcommands: {
    browse: defineSubcommand({
      description: 'catalogue.commands.catalogue.browse',
      permission: 'anyone',
      options: z.object(filterOptions),
      pickers: { sector: sectorPicker, place: placePicker },
      run: (ctx) => browseReply(ctx, ctx.options),
    }),
    show: recordSubcommand('catalogue.commands.catalogue.show', 'anyone', { name: 'id', option: idOption(), picker: entryPicker('all') }, showReply),
    mine: defineSubcommand({
      description: 'catalogue.commands.catalogue.mine',
      permission: 'member',
      options: z.object({}),
      run: (ctx) => mineReply(ctx),
    }),
    add: defineSubcommand({
      description: 'catalogue.commands.catalogue.add',
      permission: 'member',
      options: z.object(entryFields),
      form: { title: 'catalogue.form.addTitle', fields: [...FORM_FIELDS] },
      async run(ctx) {
        const entry = await ctx.services.catalogue.add(ctx.cluster, ctx.actor, ctx.options);
        return showReply(ctx, entry.id, ctx.t('catalogue.entry.added', { title: neutralizeMentions(entry.title) }));
      },
    }),
    edit: defineSubcommand({
      description: 'catalogue.commands.catalogue.edit',
      permission: 'member',
      ...oneRecord('id', idOption(), entryPicker('own'), { ...entryFields, title: entryFields.title.optional(), sector: entryFields.sector.optional(), area: entryFields.area.optional() }),
      form: { title: 'catalogue.form.editTitle', fields: [ENTRY_FIELD, ...EDIT_FIELDS] },
      async run(ctx) {
        const { id, ...patch } = ctx.options;
        // Only the entry named: its form, filled in, to change it.
        if (Object.values(patch).every((v) => v === undefined)) return editForm(ctx, id);
        const entry = await ctx.services.catalogue.edit(ctx.cluster, ctx.actor, id, patch);
        return showReply(ctx, entry.id, ctx.t('catalogue.entry.edited', { title: neutralizeMentions(entry.title) }));
      },
    }),
    remove: defineSubcommand({
      description: 'catalogue.commands.catalogue.remove',
      permission: 'member',
      ...oneRecord('id', idOption(), entryPicker('own')),
      async run(ctx) {
        const entry = await ctx.services.catalogue.remove(ctx.cluster, ctx.actor, ctx.options.id);
        return mineReply(ctx, ctx.t('catalogue.entry.removed', { title: neutralizeMentions(entry.title) }));
      },
    }),
    export: defineSubcommand({
      description: 'catalogue.commands.catalogue.export',
      permission: 'anyone',
      options: z.object({ format: labelled(z.enum(FORMATS), 'catalogue.formats').describe('catalogue.options.format'), ...filterOptions }),
      pickers: { sector: sectorPicker, place: placePicker },
      slow: true,
      run: (ctx) => exportReply(ctx, ctx.options.format, { sector: ctx.options.sector, place: ctx.options.place }),
    }),
  },
  actions: {
    show: { permission: 'anyone', run: (ctx) => showReply(ctx, ctx.args.at(-1) ?? '') },
    mine: { permission: 'member', run: (ctx) => mineReply(ctx) },
    edit: { permission: 'member', run: (ctx) => editForm(ctx, ctx.args[0] ?? '') },
    /** Asks first: an entry removed is gone for clients at once. */
    remove: {
      permission: 'member',
      async run(ctx) {
        const e = await ctx.services.catalogue.item(ctx.cluster, ctx.args[0] ?? '');
        if (ctx.actor.member?.id !== e.memberId) throw new DomainError('catalogue.errors.notYourEntry');
        return {
          text: ctx.t('catalogue.entry.removeAsk', { title: neutralizeMentions(e.title) }),
          buttons: [{ label: ctx.t('catalogue.entry.removeConfirm'), action: { command: 'catalogue', action: 'removeConfirmed', args: [e.id] }, style: 'danger' }],
          private: true,
        };
      },
    },
    removeConfirmed: {
      permission: 'member',
      async run(ctx) {
        const entry = await ctx.services.catalogue.remove(ctx.cluster, ctx.actor, ctx.args[0] ?? '');
        return mineReply(ctx, ctx.t('catalogue.entry.removed', { title: neutralizeMentions(entry.title) }));
      },
    },
    hide: {
      permission: 'coordinator',
      async run(ctx) {
        const e = await ctx.services.catalogue.setHidden(ctx.cluster, ctx.actor, ctx.args[0] ?? '', true);
        return showReply(ctx, e.id, ctx.t('catalogue.hide.done', { title: neutralizeMentions(e.title), org: neutralizeMentions(e.organisation) }));
      },
    },
    unhide: {
      permission: 'coordinator',
      async run(ctx) {
        const e = await ctx.services.catalogue.setHidden(ctx.cluster, ctx.actor, ctx.args[0] ?? '', false);
        return showReply(ctx, e.id, ctx.t('catalogue.hide.undone', { title: neutralizeMentions(e.title) }));
      },
    },
    markdown: { permission: 'anyone', run: (ctx) => exportReply(ctx, 'markdown', filterOf(ctx.args)) },
    csv: { permission: 'anyone', run: (ctx) => exportReply(ctx, 'csv', filterOf(ctx.args)) },
  },
});
