import { z } from 'zod';
import type { FormFieldSpec, OptionsSchema, Picker, Subcommand } from './command.ts';
import type { ChoiceOption, FormField } from './reply.ts';
import { translate, type Locale, type TranslationKey } from './i18n.ts';
import { resources } from './locales.ts';
import { valueFromLabel } from './labels.ts';
import { text } from './input.ts';

/** What a platform needs to know about one option, read from the command's zod schema. */
export interface OptionSpec {
  name: string;
  /** `user`, `channel` and `role` carry the platform's id: Discord types them, Slack sends <@U…>/<#C…>. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'user' | 'channel' | 'role';
  required: boolean;
  /** Translation key of the option's help text (`.describe(key)` in the schema). */
  description?: TranslationKey;
  choices?: string[];
  /** Translation-key prefix of the choices' names: `<prefix>.<value>` (see `labelled`). */
  choiceLabels?: string;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
}

interface JsonProperty {
  type?: string;
  description?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  'x-kind'?: string;
  'x-labels'?: string;
  anyOf?: JsonProperty[];
}

const specCache = new WeakMap<OptionsSchema, OptionSpec[]>();

/** Marks a string option as a chat user (Discord USER option, Slack <@U…> mention, console @name). */
// A mention made only of invisible characters would become a person no one can see or reach.
export const userOption = () => text().min(1).meta({ 'x-kind': 'user' });
/** A chat channel (Discord CHANNEL option, Slack <#C…> mention); the value is the channel's id. */
export const channelOption = () => z.string().min(1).max(64).meta({ 'x-kind': 'channel' });
/** A platform role (Discord ROLE option); the value is the role's id. */
export const roleOption = () => z.string().min(1).max(64).meta({ 'x-kind': 'role' });

/**
 * Names an enum's values for people: the choice `<prefix>.<value>` is shown instead of the slug
 * (`membership.legalForms` → "spółdzielnia socjalna" for `social-cooperative`).
 */
export function labelled<T extends z.ZodType>(schema: T, prefix: string): T {
  return schema.meta({ 'x-labels': prefix }) as T;
}

const KINDS = new Set(['user', 'channel', 'role']);

export function describeOptions(schema: OptionsSchema): OptionSpec[] {
  const cached = specCache.get(schema);
  if (cached) return cached;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  const specs = Object.entries(json.properties ?? {}).map(([name, raw]): OptionSpec => {
    const prop = raw.anyOf?.find((p) => p.type !== 'null') ?? raw;
    const kind = raw['x-kind'] ?? prop['x-kind'];
    const type: OptionSpec['type'] =
      kind && KINDS.has(kind)
        ? (kind as OptionSpec['type'])
        : prop.type === 'integer' || prop.type === 'number' || prop.type === 'boolean'
          ? prop.type
          : 'string';
    const spec: OptionSpec = { name, type, required: required.has(name) };
    const description = raw.description ?? prop.description;
    if (description) spec.description = description as TranslationKey;
    if (prop.enum) spec.choices = prop.enum.map(String);
    const labels = raw['x-labels'] ?? prop['x-labels'];
    if (prop.enum && labels) spec.choiceLabels = labels;
    if (prop.minLength !== undefined) spec.minLength = prop.minLength;
    if (prop.maxLength !== undefined) spec.maxLength = prop.maxLength;
    if (prop.minimum !== undefined && Math.abs(prop.minimum) < Number.MAX_SAFE_INTEGER) spec.min = prop.minimum;
    if (prop.maximum !== undefined && Math.abs(prop.maximum) < Number.MAX_SAFE_INTEGER) spec.max = prop.maximum;
    return spec;
  });
  specCache.set(schema, specs);
  return specs;
}

/** A choice's name in the reader's language; the value itself where the command names none. */
export function choiceLabel(spec: Pick<OptionSpec, 'choiceLabels'>, value: string, locale: Locale): string {
  const key = `${spec.choiceLabels}.${value}`;
  return spec.choiceLabels && typeof lookup(key) === 'string' ? translate(locale, key as TranslationKey) : value;
}

/**
 * The options a platform registers for a subcommand (Discord's slash options, Slack's usage hint,
 * /help). A subcommand with a form opens it when invoked bare, so none of the form's fields is
 * required on the command line (a client would refuse to send the bare command otherwise), and
 * long texts (paragraph fields) are left to the form alone. Short fields stay as optional
 * options for quick use (`/activity log kind:event date:… title:…`).
 */
export function registeredOptions(sub: Pick<Subcommand, 'options' | 'form'>): OptionSpec[] {
  const specs = describeOptions(sub.options);
  if (!sub.form) return specs;
  const fields = new Map(sub.form.fields.map((f) => [f.name, f]));
  return specs
    .filter((s) => fields.get(s.name)?.kind !== 'paragraph')
    .map((s) => (fields.has(s.name) ? { ...s, required: false } : s));
}

const TRUE = new Set(['true', 'yes', 'tak', 't', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'nie', 'n', 'f', '0', 'off']);

/**
 * Slack and the console deliver every option as text; Discord types them. Text is turned into
 * the schema's type here, once, so every platform feeds the same zod schema. Empty text is absent.
 */
export function coerceOptions(schema: OptionsSchema, raw: Record<string, unknown>): Record<string, unknown> {
  const specs = new Map(describeOptions(schema).map((s) => [s.name, s]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '' && specs.get(name)?.type !== 'string') continue;
    if (typeof value === 'string' && value.trim() === '' && !specs.get(name)?.required) continue;
    const spec = specs.get(name);
    if (!spec || typeof value !== 'string') {
      out[name] = value;
      continue;
    }
    const text = value.trim();
    if (spec.type === 'integer' || spec.type === 'number') {
      const n = Number(text.replace(',', '.'));
      out[name] = text !== '' && Number.isFinite(n) ? n : value;
    } else if (spec.type === 'boolean') {
      const lower = text.toLowerCase();
      out[name] = TRUE.has(lower) ? true : FALSE.has(lower) ? false : value;
    } else if (spec.choices && spec.choiceLabels) {
      // A fixed-value option is answered with the value's name as the reader saw it listed.
      out[name] = valueFromLabel(spec, text) ?? value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** The Polish resource at a dotted key (own properties only), or undefined. */
function lookup(key: string): unknown {
  let node: unknown = resources.pl;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function isTranslationKey(message: string): message is TranslationKey {
  return /^[a-z]+\.[\w.]+$/i.test(message) && lookup(message) !== undefined;
}

/** One localized sentence per invalid field; a custom message that is a translation key is used as is. */
export function fieldErrors(error: z.ZodError, locale: Locale, input: Record<string, unknown> = {}, schema?: OptionsSchema): Record<string, string> {
  const out: Record<string, string> = {};
  const specs = schema ? describeOptions(schema) : [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    if (out[field]) continue;
    const given = input[field];
    out[field] = issueMessage(issue, locale, given !== undefined && given !== null && given !== '', specs.find((s) => s.name === field));
  }
  return out;
}

function issueMessage(issue: z.core.$ZodIssue, locale: Locale, given: boolean, spec?: OptionSpec): string {
  if (isTranslationKey(issue.message)) return translate(locale, issue.message);
  switch (issue.code) {
    case 'invalid_type':
      // zod does not report the input; whether the field was given at all is known here.
      if (!given) return translate(locale, 'core.validation.required');
      if (issue.expected === 'number' || issue.expected === 'int') return translate(locale, 'core.validation.number');
      if (issue.expected === 'boolean') return translate(locale, 'core.validation.boolean');
      return translate(locale, 'core.validation.invalid');
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? translate(locale, 'core.validation.required')
          : translate(locale, 'core.validation.tooShort', { count: Number(issue.minimum) });
      }
      if (issue.origin === 'array' || issue.origin === 'set') return translate(locale, 'core.validation.tooFew', { count: Number(issue.minimum) });
      return translate(locale, 'core.validation.min', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return translate(locale, 'core.validation.tooLong', { count: Number(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return translate(locale, 'core.validation.tooMany', { count: Number(issue.maximum) });
      return translate(locale, 'core.validation.max', { max: Number(issue.maximum) });
    case 'invalid_value':
      // The allowed values by the names the reader knows them by, never the ids the code keeps.
      return translate(locale, 'core.validation.choice', {
        values: issue.values.map((v) => (spec?.choiceLabels ? translate(locale, 'core.validation.quoted', { text: choiceLabel(spec, String(v), locale) }) : String(v))).join(', '),
      });
    case 'invalid_format':
      if (issue.format === 'email') return translate(locale, 'core.validation.email');
      if (issue.format === 'url') return translate(locale, 'core.validation.url');
      return translate(locale, 'core.validation.format');
    default:
      return translate(locale, 'core.validation.invalid');
  }
}

/**
 * The options of a subcommand that acts on one record named by its id (`name`), chosen with
 * `picker` (Discord autocomplete, a Slack select, the console's numbered list), and what else it takes.
 */
export function oneRecord<N extends string, T extends z.ZodType, M extends z.ZodRawShape = {}>(
  name: N,
  option: T,
  picker: Picker,
  more?: M,
): { options: z.ZodObject<Record<N, T> & M>; pickers: Record<N, Picker> } {
  return {
    options: z.object({ [name]: option, ...more } as Record<N, T> & M),
    pickers: { [name]: picker } as Record<N, Picker>,
  };
}

/** The field of a declared form that names the record acted on: its id typed, as `oneRecord`'s option takes it. */
export function recordField(name: string, label: TranslationKey): FormFieldSpec {
  return { name, label, kind: 'short', required: true, maxLength: 40 };
}

/**
 * The same field in a form opened from the record's own button: that record already chosen (a
 * platform that searches as one types, Slack, offers the others through the picker).
 */
export function chosenRecordField(name: string, label: string, record: ChoiceOption): FormField {
  return { name, label, kind: 'choice', required: true, picker: true, options: [record], value: record.value };
}
