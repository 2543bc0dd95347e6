import { z } from 'zod';
import type { OptionsSchema } from './command.ts';
import { translate, type Locale, type TranslationKey } from './i18n.ts';
import { resources } from './locales.ts';

/** What a platform needs to know about one option, read from the command's zod schema. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'user';
  required: boolean;
  /** Translation key of the option's help text (`.describe(key)` in the schema). */
  description?: TranslationKey;
  choices?: string[];
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
  anyOf?: JsonProperty[];
}

const specCache = new WeakMap<OptionsSchema, OptionSpec[]>();

/** Marks a string option as a chat user (Discord USER option, Slack <@U…> mention, console @name). */
export const userOption = () => z.string().min(1).meta({ 'x-kind': 'user' });

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
    const type: OptionSpec['type'] =
      (raw['x-kind'] ?? prop['x-kind']) === 'user'
        ? 'user'
        : prop.type === 'integer' || prop.type === 'number' || prop.type === 'boolean'
          ? prop.type
          : 'string';
    const spec: OptionSpec = { name, type, required: required.has(name) };
    const description = raw.description ?? prop.description;
    if (description) spec.description = description as TranslationKey;
    if (prop.enum) spec.choices = prop.enum.map(String);
    if (prop.minLength !== undefined) spec.minLength = prop.minLength;
    if (prop.maxLength !== undefined) spec.maxLength = prop.maxLength;
    if (prop.minimum !== undefined && Math.abs(prop.minimum) < Number.MAX_SAFE_INTEGER) spec.min = prop.minimum;
    if (prop.maximum !== undefined && Math.abs(prop.maximum) < Number.MAX_SAFE_INTEGER) spec.max = prop.maximum;
    return spec;
  });
  specCache.set(schema, specs);
  return specs;
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
    } else {
      out[name] = value;
    }
  }
  return out;
}

function isTranslationKey(message: string): message is TranslationKey {
  if (!/^[a-z]+\.[\w.]+$/i.test(message)) return false;
  let node: unknown = resources.pl;
  for (const part of message.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined;
}

/** One localized sentence per invalid field; a custom message that is a translation key is used as is. */
export function fieldErrors(error: z.ZodError, locale: Locale, input: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    if (out[field]) continue;
    const given = input[field];
    out[field] = issueMessage(issue, locale, given !== undefined && given !== null && given !== '');
  }
  return out;
}

function issueMessage(issue: z.core.$ZodIssue, locale: Locale, given: boolean): string {
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
      return translate(locale, 'core.validation.choice', { values: issue.values.map(String).join(', ') });
    case 'invalid_format':
      if (issue.format === 'email') return translate(locale, 'core.validation.email');
      if (issue.format === 'url') return translate(locale, 'core.validation.url');
      return translate(locale, 'core.validation.format');
    default:
      return translate(locale, 'core.validation.invalid');
  }
}
