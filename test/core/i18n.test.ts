import { describe, expect, it } from 'vitest';
import { flattenKeys, isPluralForms, toLocale, translate } from '../../src/core/i18n.ts';
import { resources } from '../../src/core/locales.ts';
import { AUDIT_ACTIONS, auditActionKey, describeAuditAction } from '../../src/core/audit.ts';

const LOCALE_NAMES = ['pl', 'en'] as const;
const REQUIRED_PLURALS: Record<string, string[]> = { pl: ['one', 'few', 'many', 'other'], en: ['one', 'other'] };

function pluralNodes(node: unknown, prefix = ''): [string, Record<string, string>][] {
  if (isPluralForms(node)) return [[prefix, node as Record<string, string>]];
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => pluralNodes(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Placeholders that differ between the plural forms of one key (in any of the languages given). */
function pluralMismatches(key: string, languages: [string, Record<string, string>][]): string[] {
  const all = new Set(languages.flatMap(([, forms]) => Object.values(forms).flatMap(placeholders)));
  // A name that only a minority of forms has is a typo, not part of the key.
  const count = (name: string) => languages.flatMap(([, forms]) => Object.values(forms)).filter((text) => placeholders(text).includes(name)).length;
  const total = languages.flatMap(([, forms]) => Object.values(forms)).length;
  const expected = [...all].filter((name) => count(name) * 2 > total).sort();
  const out: string[] = [];
  for (const [lang, forms] of languages) {
    for (const [form, text] of Object.entries(forms)) {
      const names = placeholders(text);
      const required = form === 'one' ? expected.filter((n) => n !== 'count') : expected;
      const ok = names.every((n) => expected.includes(n)) && required.every((n) => names.includes(n));
      if (!ok) out.push(`${lang}:${key}.${form} has {${names.join()}} where the key has {${expected.join()}}`);
    }
  }
  return out;
}

describe('translations', () => {
  const pl = new Set(flattenKeys(resources.pl));
  const en = new Set(flattenKeys(resources.en));

  it('has every Polish key in English', () => {
    expect([...pl].filter((k) => !en.has(k))).toEqual([]);
  });

  it('has no English key missing in Polish', () => {
    expect([...en].filter((k) => !pl.has(k))).toEqual([]);
  });

  it('gives every plural the forms its language needs', () => {
    for (const [lang, forms] of Object.entries(REQUIRED_PLURALS)) {
      for (const [key, node] of pluralNodes(resources[lang as 'pl' | 'en'])) {
        for (const form of forms) expect(node[form], `${lang}:${key}.${form}`).toBeTypeOf('string');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    const mismatches: string[] = [];
    for (const key of pl) {
      const a = translate('pl', key, {});
      const b = translate('en', key, {});
      if (placeholders(a).join() !== placeholders(b).join()) mismatches.push(key);
    }
    expect(mismatches).toEqual([]);
  });

  it('uses the same placeholders in every plural form of every key, in every language', () => {
    // A form is picked by the count at run time: a `{count}` broken in a Polish `few` form shows
    // only for 2–4 and 22–24, which no test of one count catches. Every form of a key, in every
    // language, carries the same placeholders; only a `one` form may say its number in words
    // ("Jutro", "Tomorrow") instead of `{count}`.
    const keys = new Set(LOCALE_NAMES.flatMap((lang) => pluralNodes(resources[lang]).map(([key]) => key)));
    const mismatches = [...keys].flatMap((key) => pluralMismatches(key, LOCALE_NAMES.map((lang) => [lang, pluralNodes(resources[lang]).find(([k]) => k === key)?.[1] ?? {}])));
    expect(mismatches).toEqual([]);
  });

  it('finds a placeholder broken in one plural form, and one dropped from a form that is not `one`', () => {
    const forms = { one: '{count} plik', few: '{count} pliki', many: '{count} plików', other: '{count} pliku' };
    expect(pluralMismatches('x', [['pl', forms], ['en', { one: 'a file', other: '{count} files' }]])).toEqual([]);
    expect(pluralMismatches('x', [['pl', { ...forms, few: '{cout} pliki' }]])).toEqual(['pl:x.few has {cout} where the key has {count}']);
    expect(pluralMismatches('x', [['pl', { ...forms, many: 'plików' }]])).toEqual(['pl:x.many has {} where the key has {count}']);
  });

  it('describes every kind of audit-log entry in every language', () => {
    const missing = LOCALE_NAMES.flatMap((lang) =>
      AUDIT_ACTIONS.filter((action) => typeof translate(lang, auditActionKey(action)) !== 'string' || translate(lang, auditActionKey(action)) === auditActionKey(action)).map((a) => `${lang}:${a}`),
    );
    expect(missing).toEqual([]);
    expect(describeAuditAction('role.granted', (k, p) => translate('pl', k, p))).toBe('nadanie roli');
    expect(describeAuditAction('something.new', (k, p) => translate('en', k, p))).toBe('entry of an unknown kind');
  });

  it('picks Polish plural forms: 1 działanie, 2 działania, 5 działań, 22 działania, 25 działań', () => {
    const say = (count: number) => translate('pl', 'core.units.activities', { count });
    expect([1, 2, 5, 12, 22, 25, 0].map(say)).toEqual([
      '1 działanie',
      '2 działania',
      '5 działań',
      '12 działań',
      '22 działania',
      '25 działań',
      '0 działań',
    ]);
  });

  it('says how many buttons of /home fit with the noun agreeing: 22 przyciski, 25 przycisków', () => {
    const say = (count: number) => translate('pl', 'home.tooMany', { count }).split(';')[0];
    expect([22, 25].map(say)).toEqual(['Zmieściły się tylko 22 przyciski', 'Zmieściło się tylko 25 przycisków']);
  });

  it('picks English plural forms', () => {
    expect(translate('en', 'core.units.activities', { count: 1 })).toBe('1 activity');
    expect(translate('en', 'core.units.activities', { count: 2 })).toBe('2 activities');
  });

  it('maps platform locales to ours and falls back for the rest', () => {
    expect(toLocale('en-US')).toBe('en');
    expect(toLocale('pl')).toBe('pl');
    expect(toLocale('de', 'en')).toBe('en');
    expect(toLocale(undefined)).toBe('pl');
  });
});
