import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { valueFromLabel } from '../../src/core/labels.ts';
import { LOCALES, translate, type TranslationKey } from '../../src/core/i18n.ts';
import { choiceLabel, describeOptions } from '../../src/core/options.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { applicationForm } from '../membership/support.ts';

const everyOption = commands.flatMap((def) =>
  Object.entries(def.subcommands).flatMap(([sub, s]) => describeOptions(s.options).map((spec) => ({ where: `/${def.name} ${sub} ${spec.name}`, spec }))),
);

describe('fixed-value options name their values in the reader\'s language', () => {
  it('every option with fixed values says where its names are, and each value has a distinct name in every language', () => {
    const problems: string[] = [];
    for (const { where, spec } of everyOption.filter((o) => o.spec.choices)) {
      if (!spec.choiceLabels) {
        problems.push(`${where}: z.enum without labelled(…, prefix)`);
        continue;
      }
      for (const locale of LOCALES) {
        const names = spec.choices!.map((value) => {
          const key = `${spec.choiceLabels}.${value}` as TranslationKey;
          if (translate(locale, key) === key) problems.push(`${where}: no ${locale} name for "${value}" (${key})`);
          return choiceLabel(spec, value, locale).toLowerCase();
        });
        if (new Set(names).size !== names.length) problems.push(`${where}: two values share a ${locale} name`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads a value typed by its name in either language, or by its id', () => {
    const spec = { choices: ['social-cooperative', 'foundation'], choiceLabels: 'membership.legalForms' };
    expect(valueFromLabel(spec, 'Spółdzielnia  socjalna')).toBe('social-cooperative');
    expect(valueFromLabel(spec, 'Social cooperative')).toBe('social-cooperative');
    expect(valueFromLabel(spec, 'foundation')).toBe('foundation');
    expect(valueFromLabel(spec, 'spółka')).toBeUndefined();
  });

  describe('through the command core', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
      await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
      await t.given('ewa', { main: 'Fundacja Horyzont' });
    });
    afterEach(() => t.close());

    it('a rejected application names the fields by their labels and the legal forms by their Polish names', async () => {
      const reply = await t.as('ola').form('apply', { ...applicationForm(), legal_form: 'spółka z o.o.', contact_email: 'nie-adres', ethics_statement: 'no' });
      expect(reply.errorId).toBe('core.errors.invalidOptions');
      const text = reply.text!;
      expect(text).toContain('• Forma prawna: wybierz jedną z wartości: „spółdzielnia socjalna”, „fundacja”');
      expect(text).toContain('• E-mail kontaktowy: podaj poprawny adres e-mail');
      // Internal names appear only in the usage line, as the syntax to type.
      expect(text.split('\n').filter((l) => !l.startsWith('Użycie:')).join('\n')).not.toMatch(/social-cooperative|legal_form|contact_email|ethics_statement/);
      // Nothing typed is lost: the reopened form keeps it.
      const reopened = await t.as('ola').press(reply, 'Popraw formularz');
      expect(reopened.form?.fields.find((f) => f.name === 'contact_email')?.value).toBe('nie-adres');
    });

    it('the same in English, with English names', async () => {
      const reply = await t.as('ola', { locale: 'en' }).form('apply', { ...applicationForm(), legal_form: 'ltd' });
      expect(reply.text).toContain('choose one of: “social cooperative”, “foundation”');
      expect(reply.text).not.toContain('social-cooperative');
    });

    it('accepts a value typed by the name it was listed under', async () => {
      const reply = await t.as('jan').command('barter', 'offer', { kind: 'Sprzęt', title: 'Namiot 6×3', description: 'Namiot na wydarzenia plenerowe', exchange: 'za darmo (solidarnie)', place: 'Gdańsk', until: '14' });
      expect(reply.tone, reply.text).toBe('success');
      const [post] = await t.app.db.dumpTable('BarterPost');
      expect(post).toMatchObject({ kind: 'equipment', exchange: 'free' });
    });
  });
});
