import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { Locale, Translate, TranslationKey } from './i18n.ts';
import type { ChoiceOption, FormFieldKind, Reply } from './reply.ts';
import type { Permission, PermissionName } from './permissions.ts';
import type { Actor, ClusterContext } from './actor.ts';
import type { Services } from './services.ts';
import type { CommandRegistry } from './dispatcher.ts';

/** Option values come from zod; Discord, Slack and the console all feed the same schema. */
export type OptionsSchema = z.ZodObject<z.ZodRawShape>;

/** A form field as declared on a command: labels are translation keys, filled in per reader. */
export interface FormFieldSpec {
  name: string;
  label: TranslationKey;
  kind: FormFieldKind;
  required?: boolean;
  placeholder?: TranslationKey;
  maxLength?: number;
  minLength?: number;
  options?: { value: string; label: TranslationKey }[];
}

export interface FormSpec {
  title: TranslationKey;
  fields: FormFieldSpec[];
}

export interface CommandContext<O = Record<string, never>> {
  cluster: ClusterContext;
  actor: Actor;
  locale: Locale;
  t: Translate;
  /** Dates shown in the cluster's time zone and the reader's language. */
  format: { date(d: Date): string; dateTime(d: Date): string };
  options: O;
  /** For actions: the arguments encoded in the button or choice (see ActionRef). */
  args: string[];
  services: Services;
  now: () => Date;
  log: Logger;
  /** The channel the interaction came from, when the platform has one. */
  channelId?: string;
  /** Display names of mentioned users, when the platform resolved them. */
  users: Record<string, { displayName: string }>;
  /** Every command, for /help. */
  registry: CommandRegistry;
}

/**
 * Suggests the records an option may name (an application, a motion, a barter post…), filtered by
 * what the person typed so far and by what the caller may act on; at most 25, best first. Discord
 * shows them as autocomplete, Slack as a select, the console as a numbered list. The value is what
 * the option receives (an id); the label is what a person reads (a name, never an id alone).
 */
export type Picker = (ctx: CommandContext, typed: string) => Promise<ChoiceOption[]>;

export interface Subcommand<S extends OptionsSchema = OptionsSchema> {
  description: TranslationKey;
  permission: Permission;
  /** Options as a zod schema; `.describe('<translation key>')` on each option names its help text. */
  options: S;
  /**
   * Where the input is too long for slash-command options (an application, an activity), the
   * command declares a form: invoked with none of its fields, it opens the form instead.
   */
  form?: FormSpec;
  /**
   * A rule that depends on the data, checked before the form opens (throws a DomainError), so
   * nobody writes a long text only to be refused: a refused candidate hears whether it may appeal.
   */
  ready?(ctx: CommandContext): Promise<void>;
  /** Options chosen from a list of records instead of typed: option name → its picker. */
  pickers?: Record<string, Picker>;
  /** Long-running work (reports, exports): adapters defer before calling run. */
  slow?: boolean;
  run(ctx: CommandContext<z.output<S>>): Promise<Reply>;
}

export interface ActionHandler {
  permission: Permission;
  run(ctx: CommandContext): Promise<Reply>;
  /** True when the result replaces the message the button was on (e.g. a vote card). */
  updatesMessage?: boolean;
  /** Long-running work (a chart drawn): adapters defer before calling run, as for a slow subcommand. */
  slow?: boolean;
}

export interface CommandDefinition {
  /** Lower-case, at most 32 characters (Discord). */
  name: string;
  description: TranslationKey;
  /** Localized command names where they differ (Discord name_localizations). */
  localizedNames?: Partial<Record<Locale, string>>;
  /** A command is either a leaf (one subcommand named '') or a group of subcommands. */
  subcommands: Record<string, Subcommand>;
  /** Buttons and choice lists come back here: `<command>.<action>`. */
  actions?: Record<string, ActionHandler>;
}

/** Actions the core handles itself (reopening a form), on buttons any part of the bot may show. */
export const CORE_COMMAND = 'core';

/** The command whose reply is what waits for a person; a platform with a home screen (Slack's Home tab) shows that reply there. */
export const HOME_COMMAND = 'home';

/** The name of the single subcommand of a leaf command. */
export const LEAF = '';

/** Keeps the zod type of each subcommand's options while typing the whole definition. */
export function defineSubcommand<S extends OptionsSchema>(sub: Subcommand<S>): Subcommand {
  return sub as unknown as Subcommand;
}

export function defineCommand(def: CommandDefinition): CommandDefinition {
  return def;
}

/**
 * A command that does one thing (`/vote`, `/help`): what it is and its only subcommand (LEAF)
 * declared together, described once, with no options unless it names some.
 */
export type LeafCommand<S extends OptionsSchema> = Omit<CommandDefinition, 'subcommands'> &
  Omit<Subcommand<S>, 'description' | 'options'> & { options?: S };

export function defineLeafCommand<S extends OptionsSchema = z.ZodObject<{}>>(leaf: LeafCommand<S>): CommandDefinition {
  const { name, description, localizedNames, actions, options, ...sub } = leaf;
  return {
    name,
    description,
    ...(localizedNames ? { localizedNames } : {}),
    // Without options S stays its default, the empty object given here.
    subcommands: { [LEAF]: defineSubcommand<S>({ description, options: options ?? (z.object({}) as S), ...sub }) },
    ...(actions ? { actions } : {}),
  };
}

export function isLeaf(def: CommandDefinition): boolean {
  const keys = Object.keys(def.subcommands);
  return keys.length === 1 && keys[0] === LEAF;
}

/** Permissions only the Coordinating Team holds. */
const STAFF: ReadonlySet<PermissionName> = new Set<PermissionName>(['coordinator', 'coordinatingTeam', 'admin']);

/**
 * A command that only the Coordinating Team can use (every subcommand needs a team permission).
 * Discord hides it from members (`default_member_permissions`); Slack, which cannot hide a slash
 * command, says so in the manifest, and /help lists it apart. The core still checks every call.
 */
export function isStaffOnly(def: CommandDefinition): boolean {
  return Object.values(def.subcommands).every((sub) => staffOnly(sub.permission));
}

/** Every way of qualifying needs a team permission: for anyOf each alternative, for allOf one of the parts. */
function staffOnly(permission: Permission): boolean {
  if (typeof permission === 'string') return STAFF.has(permission);
  if ('anyOf' in permission) return permission.anyOf.every(staffOnly);
  return permission.allOf.some(staffOnly);
}
