import { describe, expect, it } from 'vitest';
import { flattenKeys, isPluralForms, toLocale, translate } from '../../src/core/i18n.ts';
import { resources } from '../../src/core/locales.ts';

const REQUIRED_PLURALS: Record<string, string[]> = { pl: ['one', 'few', 'many', 'other'], en: ['one', 'other'] };

function pluralNodes(node: unknown, prefix = ''): [string, Record<string, string>][] {
  if (isPluralForms(node)) return [[prefix, node as Record<string, string>]];
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => pluralNodes(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
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
