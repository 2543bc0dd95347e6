import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  Locale as DiscordLocale,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { LEAF, isLeaf, isStaffOnly, type CommandDefinition, type Subcommand } from '../../core/command.ts';
import { translate, type Locale, type TranslationKey } from '../../core/i18n.ts';
import { resources } from '../../core/locales.ts';
import { choiceLabel, registeredOptions, type OptionSpec } from '../../core/options.ts';

export type CommandPayload = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's limits for application commands (https://discord.com/developers/docs/interactions/application-commands). */
export const COMMAND_LIMITS = {
  commands: 100,
  options: 25,
  subcommands: 25,
  choices: 25,
  name: 32,
  description: 100,
  choiceName: 100,
  totalCharacters: 4000,
  stringLength: 6000,
} as const;
export const NAME_PATTERN = /^[-_\p{L}\p{N}]{1,32}$/u;

/** The default (English) text is what users of other languages see; Polish and English are localized. */
const DISCORD_LOCALES: Record<Locale, DiscordLocale[]> = { pl: [DiscordLocale.Polish], en: [DiscordLocale.EnglishUS, DiscordLocale.EnglishGB] };
const DEFAULT: Locale = 'en';

function localized(text: (locale: Locale) => string): { default: string; localizations: LocalizationMap } {
  const localizations: LocalizationMap = {};
  for (const [locale, codes] of Object.entries(DISCORD_LOCALES) as [Locale, DiscordLocale[]][]) {
    for (const code of codes) localizations[code] = text(locale);
  }
  return { default: text(DEFAULT), localizations };
}

const describeKey = (key: TranslationKey | undefined, fallback: string) => (locale: Locale) => (key ? translate(locale, key) : fallback);

const OPTION_TYPES: Record<OptionSpec['type'], ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
  role: ApplicationCommandOptionType.Role,
};

/** The bot posts into the channels people pick, so only text and announcement channels are offered. */
const POSTABLE_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

/**
 * An option's name in a language that has its own word for it (`discord.optionNames.<name>`,
 * e.g. `tytuł` for `title`). Discord always sends the registered name back, so the core never
 * sees the localized one.
 */
function optionNameLocalizations(name: string): LocalizationMap | undefined {
  const out: LocalizationMap = {};
  for (const [locale, codes] of Object.entries(DISCORD_LOCALES) as [Locale, DiscordLocale[]][]) {
    const names = (resources[locale] as { discord?: { optionNames?: Record<string, unknown> } }).discord?.optionNames;
    const word = names && Object.hasOwn(names, name) ? names[name] : undefined;
    if (typeof word === 'string' && word !== name) for (const code of codes) out[code] = word;
  }
  return Object.keys(out).length ? out : undefined;
}

function option(spec: OptionSpec, autocomplete: boolean): APIApplicationCommandBasicOption {
  // A missing `.describe(key)` shows the option's name, and the limits check reports it.
  const description = localized(describeKey(spec.description, ''));
  const names = optionNameLocalizations(spec.name);
  const out: Record<string, unknown> = {
    type: OPTION_TYPES[spec.type],
    name: spec.name,
    ...(names ? { name_localizations: names } : {}),
    description: description.default,
    description_localizations: description.localizations,
    required: spec.required,
  };
  if (autocomplete && spec.type === 'string') out.autocomplete = true;
  else if (spec.choices && spec.type === 'string') {
    out.choices = spec.choices.map((value) => {
      const name = localized((locale) => choiceLabel(spec, value, locale));
      return { name: name.default, name_localizations: name.localizations, value };
    });
  }
  if (spec.type === 'channel') out.channel_types = POSTABLE_CHANNELS;
  if (spec.type === 'string') {
    if (spec.minLength !== undefined) out.min_length = spec.minLength;
    if (spec.maxLength !== undefined) out.max_length = spec.maxLength;
  }
  if (spec.type === 'integer' || spec.type === 'number') {
    if (spec.min !== undefined) out.min_value = spec.min;
    if (spec.max !== undefined) out.max_value = spec.max;
  }
  return out as unknown as APIApplicationCommandBasicOption;
}

/** Discord wants required options first; a form's fields are never required (see registeredOptions). */
function options(sub: Subcommand): APIApplicationCommandBasicOption[] {
  const specs = registeredOptions(sub);
  const picked = (s: OptionSpec) => Boolean(sub.pickers?.[s.name]);
  return [...specs.filter((s) => s.required), ...specs.filter((s) => !s.required)].map((s) => option(s, picked(s)));
}

export function commandPayload(def: CommandDefinition): CommandPayload {
  const description = localized(describeKey(def.description, ''));
  const nameLocalizations: LocalizationMap = {};
  for (const [locale, codes] of Object.entries(DISCORD_LOCALES) as [Locale, DiscordLocale[]][]) {
    for (const code of codes) nameLocalizations[code] = def.localizedNames?.[locale] ?? def.name;
  }
  const base = {
    type: ApplicationCommandType.ChatInput,
    name: def.name,
    name_localizations: nameLocalizations,
    description: description.default,
    description_localizations: description.localizations,
    // Guild only: the guild is the cluster, and the bot answers nothing in DMs.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    // Hidden from members; a server administrator grants the Coordinating Team's role access under
    // Server Settings → Integrations. Manage Server is who sees it before that.
    // A number, as Discord's OpenAPI description of the request has it (responses show a string).
    ...(isStaffOnly(def) ? { default_member_permissions: Number(PermissionFlagsBits.ManageGuild) } : {}),
  };
  if (isLeaf(def)) return { ...base, options: options(def.subcommands[LEAF]!) } as CommandPayload;
  const subcommands: APIApplicationCommandSubcommandOption[] = Object.entries(def.subcommands).map(([name, sub]) => {
    const d = localized(describeKey(sub.description, ''));
    return {
      type: ApplicationCommandOptionType.Subcommand,
      name,
      description: d.default,
      description_localizations: d.localizations,
      options: options(sub),
    } as APIApplicationCommandSubcommandOption;
  });
  return { ...base, options: subcommands } as CommandPayload;
}

/** The whole bulk-overwrite body: every command of `commands/`. */
export function commandsPayload(defs: readonly CommandDefinition[]): CommandPayload[] {
  return defs.map(commandPayload);
}

type AnyOption = APIApplicationCommandOption & {
  options?: AnyOption[];
  choices?: { name: string; value: unknown; name_localizations?: LocalizationMap | null }[];
  autocomplete?: boolean;
  min_length?: number;
  max_length?: number;
  required?: boolean;
};

/** Everything in the payload Discord would refuse; empty when the deploy can go ahead. */
export function payloadProblems(payload: readonly CommandPayload[]): string[] {
  const problems: string[] = [];
  if (payload.length > COMMAND_LIMITS.commands) problems.push(`${payload.length} commands (max ${COMMAND_LIMITS.commands})`);
  const seen = new Set<string>();

  const checkName = (where: string, name: string) => {
    if (!NAME_PATTERN.test(name)) problems.push(`${where}: name "${name}" must be 1–32 letters, digits, - or _`);
    if (name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be lower-case`);
  };
  const checkDescription = (where: string, text: string | undefined, localizations?: LocalizationMap | null) => {
    for (const [lang, value] of [['default', text], ...Object.entries(localizations ?? {})] as [string, string | undefined][]) {
      if (!value) problems.push(`${where}: missing ${lang} description (a .describe('<key>') on the option?)`);
      else if (value.length > COMMAND_LIMITS.description) problems.push(`${where}: ${lang} description has ${value.length} characters (max 100)`);
    }
  };

  for (const command of payload) {
    const where = `/${command.name}`;
    if (seen.has(command.name)) problems.push(`${where}: duplicate command name`);
    seen.add(command.name);
    checkName(where, command.name);
    for (const [lang, name] of Object.entries(command.name_localizations ?? {})) if (name) checkName(`${where} (${lang})`, name);
    checkDescription(where, command.description, command.description_localizations);
    let total = command.name.length + (command.description?.length ?? 0);

    const checkOptions = (owner: string, opts: AnyOption[] | undefined, isSubList: boolean) => {
      const list = opts ?? [];
      const subs = list.filter((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
      if (isSubList && subs.length > COMMAND_LIMITS.subcommands) problems.push(`${owner}: ${subs.length} subcommands (max 25)`);
      if (list.length > COMMAND_LIMITS.options) problems.push(`${owner}: ${list.length} options (max 25)`);
      const names = new Set<string>();
      let optionalSeen = false;
      for (const o of list) {
        const at = `${owner} ${o.name}`;
        if (names.has(o.name)) problems.push(`${at}: duplicate option name`);
        names.add(o.name);
        checkName(at, o.name);
        for (const [lang, name] of Object.entries(o.name_localizations ?? {})) if (name) checkName(`${at} (${lang})`, name);
        checkDescription(at, o.description, o.description_localizations);
        total += o.name.length + (o.description?.length ?? 0);
        if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
          checkOptions(at, o.options, o.type === ApplicationCommandOptionType.SubcommandGroup);
          continue;
        }
        if (o.required && optionalSeen) problems.push(`${at}: required option after an optional one`);
        if (!o.required) optionalSeen = true;
        if ((o.choices?.length ?? 0) > COMMAND_LIMITS.choices) problems.push(`${at}: ${o.choices!.length} choices (max 25)`);
        if (o.autocomplete && o.choices?.length) problems.push(`${at}: autocomplete and choices together`);
        for (const c of o.choices ?? []) {
          for (const name of [c.name, ...Object.values(c.name_localizations ?? {})]) {
            if (!name || name.length > COMMAND_LIMITS.choiceName) problems.push(`${at}: choice "${name}" must be 1–100 characters`);
          }
          total += c.name.length + String(c.value).length;
        }
        if (o.min_length !== undefined && (o.min_length < 0 || o.min_length > COMMAND_LIMITS.stringLength)) problems.push(`${at}: min_length out of 0–6000`);
        if (o.max_length !== undefined && (o.max_length < 1 || o.max_length > COMMAND_LIMITS.stringLength)) problems.push(`${at}: max_length out of 1–6000`);
      }
    };
    checkOptions(where, (command as { options?: AnyOption[] }).options, true);
    if (total > COMMAND_LIMITS.totalCharacters) problems.push(`${where}: ${total} characters in names, descriptions and choices (max 4000)`);
  }
  return problems;
}
