import { DateTime } from 'luxon';
import { resources, type Namespaces } from './locales.ts';

export const LOCALES = ['pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'pl';

const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
type PluralForms = { other: string } & Partial<Record<(typeof PLURAL_CATEGORIES)[number], string>>;

/** Intl.PluralRules' categories: an object keyed by these alone is one plural leaf. */
type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/**
 * Dotted paths to every translatable leaf; an object with plural forms counts as one leaf. A
 * vocabulary's labels that merely include `other` (barter.kind.other) stay separate keys.
 */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K}`
    : T[K] extends { other: string }
      ? Exclude<keyof T[K], PluralForm> extends never
        ? `${P}${K}`
        : Leaves<T[K], `${P}${K}.`>
      : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type TranslationKey = { [N in keyof Namespaces & string]: Leaves<Namespaces[N], `${N}.`> }[keyof Namespaces & string];
export type TranslationParams = Record<string, string | number | Date | undefined | null>;
export type Translate = (key: TranslationKey, params?: TranslationParams) => string;

/** Platforms send "en-US", "pl", "en-GB"…; anything we do not speak falls back. */
export function toLocale(value: string | null | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!value) return fallback;
  const base = value.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : fallback;
}

export function isPluralForms(value: unknown): value is PluralForms {
  return (
    typeof value === 'object' &&
    value !== null &&
    'other' in value &&
    Object.keys(value).every((k) => (PLURAL_CATEGORIES as readonly string[]).includes(k))
  );
}

function lookup(locale: Locale, key: string): unknown {
  let node: unknown = resources[locale];
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

export interface FormatOptions {
  timeZone?: string;
  /**
   * What the cluster calls its deciding assembly (settings.assemblyName). Texts name it through
   * {gm}, {gmGen}, {gmLoc}… (a meeting of it, by Polish case) and {gmBody}, {gmBodyGen}… (the body);
   * a capital first letter ({Gm}, {GmBody}…) starts a sentence. Unset: the General Meeting.
   */
  assembly?: string;
}

const DEFAULT_ASSEMBLY = 'generalMeeting';
const assemblyTermCache = new Map<string, Record<string, string>>();

/** The assembly's words in one language, from locales/<lang>/models.json, with capitalised twins. */
export function assemblyTerms(locale: Locale, assembly: string = DEFAULT_ASSEMBLY): Record<string, string> {
  const key = `${locale}|${assembly}`;
  let terms = assemblyTermCache.get(key);
  if (!terms) {
    const node = (lookup(locale, `models.assembly.${assembly}`) ?? lookup(locale, `models.assembly.${DEFAULT_ASSEMBLY}`)) as Record<string, string> | undefined;
    terms = {};
    for (const [name, text] of Object.entries(node ?? {})) {
      terms[name] = text;
      terms[name.charAt(0).toUpperCase() + name.slice(1)] = text.charAt(0).toUpperCase() + text.slice(1);
    }
    assemblyTermCache.set(key, terms);
  }
  return terms;
}

function formatValue(value: TranslationParams[string], locale: Locale, opts: FormatOptions): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return formatDateTime(value, locale, opts.timeZone ?? 'Europe/Warsaw');
  if (typeof value === 'number') return numberFormat(locale).format(value);
  return value;
}

/**
 * Translates a key. `count` picks the plural form with Intl.PluralRules (Polish: one/few/many);
 * `{name}` placeholders are filled from params. A missing key shows itself, never crashes:
 * the i18n test is what keeps every key present in every language.
 */
export function translate(locale: Locale, key: string, params: TranslationParams = {}, opts: FormatOptions = {}): string {
  let entry = lookup(locale, key) ?? lookup(DEFAULT_LOCALE, key);
  if (isPluralForms(entry)) {
    const count = typeof params.count === 'number' ? params.count : 0;
    entry = entry[pluralCategory(locale, count)] ?? entry.other;
  }
  if (typeof entry !== 'string') return key;
  return entry.replace(/\{(\w+)\}/g, (match, name: string) => {
    if (name in params) return formatValue(params[name], locale, opts);
    return assemblyTerms(locale, opts.assembly)[name] ?? match;
  });
}

export function translator(locale: Locale, opts: FormatOptions = {}): Translate {
  return (key, params) => translate(locale, key, params, opts);
}

/** Building an Intl formatter costs more than formatting with it; a burst of replies shares one per language. */
const numberFormats = new Map<Locale, Intl.NumberFormat>();
function numberFormat(locale: Locale): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f;
}

/**
 * Dates are shown to the minute, and a burst of replies (a General Meeting vote: hundreds of
 * receipts) shows the same few minutes. Each (format, language, zone, minute) is formatted once;
 * luxon's zone arithmetic was the costliest part of a receipt.
 */
const formattedMinutes = new Map<string, string>();
function onceAMinute(format: string, date: Date, locale: Locale, timeZone: string): string {
  const key = `${format}|${locale}|${timeZone}|${Math.floor(date.getTime() / 60_000)}`;
  let text = formattedMinutes.get(key);
  if (text === undefined) {
    if (formattedMinutes.size >= 512) formattedMinutes.clear();
    text = DateTime.fromJSDate(date, { zone: timeZone }).setLocale(locale).toFormat(format);
    formattedMinutes.set(key, text);
  }
  return text;
}

export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return onceAMinute(locale === 'pl' ? 'd.MM.yyyy, HH:mm' : 'd MMM yyyy, HH:mm', date, locale, timeZone);
}

export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return onceAMinute(locale === 'pl' ? 'd.MM.yyyy' : 'd MMM yyyy', date, locale, timeZone);
}

/** Every key of one language, flattened; used by the completeness test and the console's help. */
export function flattenKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string' || isPluralForms(node)) return [prefix];
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => flattenKeys(v, prefix ? `${prefix}.${k}` : k));
}
