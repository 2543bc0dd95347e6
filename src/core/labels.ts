import type { Subcommand } from './command.ts';
import { LOCALES, type Translate, type TranslationKey } from './i18n.ts';
import { choiceLabel, describeOptions, type OptionSpec } from './options.ts';

const fold = (text: string) => text.normalize('NFC').trim().toLocaleLowerCase('pl').replace(/\s+/g, ' ');

/**
 * What a person typed for a fixed-value option (declared with `labelled`): the value itself or
 * its name in any language ("spółdzielnia socjalna", "Social cooperative"), letter case and
 * spacing aside. Undefined when it is neither, so the option's own check lists the names.
 */
export function valueFromLabel(spec: Pick<OptionSpec, 'choices' | 'choiceLabels'>, typed: string): string | undefined {
  const wanted = fold(typed);
  for (const value of spec.choices ?? []) {
    if (fold(value) === wanted) return value;
    if (LOCALES.some((locale) => fold(choiceLabel(spec, value, locale)) === wanted)) return value;
  }
  return undefined;
}

/**
 * A field of a command as its reader knows it: the form's label where the command has a form,
 * else the option's help text; never the internal name (`legal_form`, `contact_email`).
 */
export function fieldLabel(sub: Pick<Subcommand, 'form' | 'options'>, name: string, t: Translate): string {
  const formField = sub.form?.fields.find((f) => f.name === name);
  if (formField) return t(formField.label);
  const spec = describeOptions(sub.options).find((s) => s.name === name);
  return spec?.description ? t(spec.description) : name;
}

/**
 * A stored fixed value (a member's legal form, a kind) by its name in the reader's language. A
 * value the list does not name (written by an older version, or by hand) reads as `unknown`'s
 * name, never as a translation key.
 */
export function valueName(t: Translate, labels: string, value: string, unknown: TranslationKey): string {
  const key = `${labels}.${value}` as TranslationKey;
  const text = t(key);
  return text === key ? t(unknown) : text;
}
