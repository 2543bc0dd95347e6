import { z } from 'zod';
import { defineSubcommand, type CommandContext, type Picker, type Subcommand } from './command.ts';
import type { TranslationKey } from './i18n.ts';
import { oneRecord } from './options.ts';
import type { Permission } from './permissions.ts';
import type { ActionRef, Button, FormField, Reply } from './reply.ts';

/** A command's or an action's context, whatever its options. */
type Ctx = Omit<CommandContext, 'options'>;

/** Fields a list shows; its choice list offers up to 25, Discord's limit for a select. */
const LISTED = 20;
const CHOOSABLE = 25;

/** What a list of records says of each one, and where choosing one leads. */
export interface RecordList<T> {
  /** The list's title, what is said when there is none, the choice list's placeholder. */
  texts: { title: TranslationKey; empty: TranslationKey; choose: TranslationKey };
  /** The command's action that shows one record; the chosen id arrives as its last argument. */
  show: ActionRef;
  /** The record's name as a person reads it (mentions defused): the field's label, and the choice's cut to 100 characters. */
  name(item: T): string;
  /** The field's value: what else the list tells of the record. */
  line(item: T): string;
  /** The field's label where it is not the plain name (the name marked as user text). */
  label?(item: T): string;
  /** Buttons under the list, shown with an empty one too. */
  buttons?: Button[];
}

/** A private list of records, each a field, with a choice list that opens the chosen one. */
export function recordList<T extends { id: string }>(ctx: Pick<Ctx, 't'>, items: readonly T[], list: RecordList<T>): Reply {
  const buttons = list.buttons ? { buttons: list.buttons } : {};
  if (items.length === 0) return { text: ctx.t(list.texts.empty), ...buttons, private: true };
  return {
    title: ctx.t(list.texts.title),
    fields: items.slice(0, LISTED).map((item) => ({ label: list.label?.(item) ?? list.name(item), value: list.line(item) })),
    choices: { action: list.show, placeholder: ctx.t(list.texts.choose), options: items.slice(0, CHOOSABLE).map((item) => ({ value: item.id, label: list.name(item).slice(0, 100) })) },
    ...buttons,
    private: true,
  };
}

/** A subcommand without options that lists the records `load` reads. */
export function listSubcommand<T extends { id: string }>(
  description: TranslationKey,
  permission: Permission,
  load: (ctx: Ctx) => Promise<readonly T[]>,
  list: (ctx: Ctx) => RecordList<T>,
): Subcommand {
  return { description, permission, options: z.object({}), run: async (ctx) => recordList(ctx, await load(ctx), list(ctx)) };
}

/**
 * The form a record's button opens: submitted to the subcommand with the record's id, the record
 * already chosen in one of `fields` and the others filled in as the caller knows them.
 */
export function recordForm(ctx: Pick<Ctx, 't'>, submit: { command: string; subcommand: string }, title: TranslationKey, id: string, fields: FormField[]): Reply {
  return { form: { id: `${submit.command}.${submit.subcommand}`, title: ctx.t(title), submit, args: [id], fields }, private: true };
}

/** The one record a subcommand acts on: its option's name, the option, and the picker that suggests records. */
export interface RecordOption<N extends string = string> {
  name: N;
  option: z.ZodType<string>;
  picker: Picker;
}

/**
 * A subcommand that asks for nothing but one record and answers with `reply` (its card, its
 * history, its export), the reply the record's buttons give too.
 */
export function recordSubcommand<N extends string>(description: TranslationKey, permission: Permission, record: RecordOption<N>, reply: (ctx: Ctx, id: string) => Promise<Reply>): Subcommand {
  // zod's inferred options cannot be indexed by a generic name; the schema is exactly { [name]: string }.
  return defineSubcommand({ description, permission, ...oneRecord(record.name, record.option, record.picker), run: (ctx) => reply(ctx, (ctx.options as Record<N, string>)[record.name]) });
}
