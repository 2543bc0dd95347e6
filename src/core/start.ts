import type { FormFieldSpec, FormSpec, Subcommand } from './command.ts';
import type { TranslationKey } from './i18n.ts';
import { registeredOptions, type OptionSpec } from './options.ts';

/** One Discord modal: a form built from options holds every required one and optional ones up to this. */
const MAX_FIELDS = 5;
/** Longer texts get a paragraph to write in. */
const LONG_TEXT = 200;

/** How a subcommand pressed from the list of a bare command begins. */
export type Start =
  /** Run it as it is: it needs nothing, opens its own form, or offers its one record to choose. */
  | { kind: 'run' }
  /** Its options asked for in a form. */
  | { kind: 'form'; spec: FormSpec }
  /** An option only a command line can carry (a person, a channel, a role): say how to type it. */
  | { kind: 'type' };

export function howToStart(sub: Subcommand): Start {
  if (sub.form) return { kind: 'run' };
  const specs = registeredOptions(sub);
  const required = specs.filter((o) => o.required);
  if (required.length === 0) return { kind: 'run' };
  if (required.length === 1 && sub.pickers?.[required[0]!.name]) return { kind: 'run' };
  const formable = (o: OptionSpec) => (o.type !== 'user' && o.type !== 'channel' && o.type !== 'role') || Boolean(sub.pickers?.[o.name]);
  if (!required.every(formable)) return { kind: 'type' };
  const optional = specs.filter((o) => !o.required && formable(o)).slice(0, Math.max(0, MAX_FIELDS - required.length));
  return { kind: 'form', spec: { title: sub.description, fields: [...required, ...optional].map(field) } };
}

function field(o: OptionSpec): FormFieldSpec {
  const label = o.description ?? (o.name as TranslationKey);
  const base = { name: o.name, label, required: o.required };
  if (o.type === 'boolean') {
    return { ...base, kind: 'choice', options: [{ value: 'true', label: 'core.form.yes' }, { value: 'false', label: 'core.form.no' }] };
  }
  if (o.choices) {
    return { ...base, kind: 'choice', options: o.choices.map((value) => ({ value, label: (o.choiceLabels ? `${o.choiceLabels}.${value}` : value) as TranslationKey })) };
  }
  return {
    ...base,
    kind: (o.maxLength ?? 0) > LONG_TEXT ? 'paragraph' : 'short',
    ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
    ...(o.minLength !== undefined ? { minLength: o.minLength } : {}),
  };
}
