import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { valueFromLabel } from '../../src/core/labels.ts';
import { LOCALES, translate, type TranslationKey } from '../../src/core/i18n.ts';
import { choiceLabel, describeOptions } from '../../src/core/options.ts';
import { appPerTest, castApp } from '../support/harness.ts';
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
    const t = appPerTest(() => castApp({ jan: { main: 'Spółdzielnia Socjalna Razem' }, ewa: { main: 'Fundacja Horyzont' } }, { start: '2026-03-02T09:00:00Z' }));

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

    it('shows a member whose legal form the list does not know as "inna", not as a key', async () => {
      const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
      // Written by an older version: a legal form no longer on the list.
      const member = await t.app.db.members.ensureOrganisation(cluster.id, 'Stara Fundacja', { category: 'main', legalForm: 'legacy-form' });
      await t.app.services.seeding.representativeOf(cluster.id, (await t.app.services.people.ensure(cluster.id, 'stary', 'stary')).id, member.name, 'main');
      const profile = await t.as('stary').command('member', 'profile');
      expect(profile.fields?.find((f) => f.label === 'Forma prawna')?.value).toBe('inna');
    });

    it('/setup settings names every setting and its value in the reader\'s language', async () => {
      await t.given('koord', { roles: ['coordinator'] });
      const shown = await t.as('koord').command('setup', 'settings');
      const fields = Object.fromEntries((shown.fields ?? []).map((f) => [f.label, f.value]));
      expect(fields['Minimalna liczba działań w roku']).toBe('2 · `minActivitiesPerYear`');
      expect(fields['Pełnomocnictwa dozwolone']).toBe('Nie · `proxiesEnabled`');
      expect(fields['Domyślna większość']).toMatch(/^zwykła/);
      const set = await t.as('koord', { locale: 'en' }).command('setup', 'set', { key: 'proxiesEnabled', value: 'true' });
      expect(set.text).toBe('The setting "Proxies allowed" is now Yes.');
    });

    it('every setting has a name in every language', async () => {
      const { defaultSettings } = await import('../../src/services/settings.ts');
      const missing = LOCALES.flatMap((locale) => Object.keys(defaultSettings()).filter((key) => translate(locale, `core.settingNames.${key}` as TranslationKey).startsWith('core.')).map((k) => `${locale}:${k}`));
      expect(missing).toEqual([]);
    });

    it('accepts a value typed by the name it was listed under', async () => {
      const reply = await t.as('jan').command('barter', 'offer', { kind: 'Sprzęt', title: 'Namiot 6×3', description: 'Namiot na wydarzenia plenerowe', exchange: 'za darmo (solidarnie)', place: 'Gdańsk', until: '14' });
      expect(reply.tone, reply.text).toBe('success');
      const [post] = await t.app.db.dumpTable('BarterPost');
      expect(post).toMatchObject({ kind: 'equipment', exchange: 'free' });
    });
  });
});
