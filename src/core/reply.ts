/**
 * The neutral reply model: what a command wants shown, never how a platform shows it.
 * Discord renders it as embeds, components and modals; Slack as Block Kit and views; the console
 * as text and prompts. All strings are already in the reader's language.
 */

import type { Locale } from './i18n.ts';

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

/**
 * A reference to an action handler: `<command>.<action>` plus string arguments. Adapters encode it
 * into a custom id (Discord, at most 100 chars) or action value (Slack) with `encodeAction`.
 */
export interface ActionRef {
  command: string;
  action: string;
  args?: string[];
}

export interface Button {
  label: string;
  action: ActionRef;
  style?: ButtonStyle;
  /** A link button opens a URL instead of calling back. */
  url?: string;
  disabled?: boolean;
}

export interface ChoiceOption {
  value: string;
  label: string;
  description?: string;
}

/** A select menu; the chosen value(s) arrive as the action's last args. */
export interface ChoiceList {
  action: ActionRef;
  placeholder: string;
  options: ChoiceOption[];
  minValues?: number;
  maxValues?: number;
}

export type FormFieldKind = 'short' | 'paragraph' | 'choice';

export interface FormField {
  /** The option name in the command's zod schema the value is parsed into. */
  name: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  placeholder?: string;
  minLength?: number;
  maxLength?: number;
  /** For kind 'choice': the allowed values. */
  options?: ChoiceOption[];
  /**
   * The choice names a record and its options came from a picker (the first 25): a platform that
   * can search as the person types (Slack's external select) asks for more with a `suggest`.
   */
  picker?: boolean;
  /** Pre-filled value: a draft, the current data, or what was typed before a rejected submit. */
  value?: string;
}

/**
 * A form to fill. `submit` names the command (and subcommand) that receives the values as its
 * options. Platforms with small forms (Discord: 5 inputs a modal) split it into steps; the
 * core keeps the draft between steps.
 */
export interface Form {
  id: string;
  title: string;
  submit: { command: string; subcommand?: string };
  fields: FormField[];
  /** Extra arguments for the submit (e.g. the id of the record being edited). */
  args?: string[];
}

export interface Field {
  label: string;
  value: string;
  inline?: boolean;
}

export interface Attachment {
  filename: string;
  contentType: string;
  data: Buffer;
  /** A file written in another language than the reply around it (minutes asked for in English). */
  locale?: Locale;
}

export interface Reply {
  title?: string;
  text?: string;
  fields?: Field[];
  buttons?: Button[];
  choices?: ChoiceList;
  /** Answer to a `suggest` invocation: what a picker offers for the text typed so far. */
  suggestions?: ChoiceOption[];
  /** Ask the platform to show this form (Discord modal, Slack view, console prompts). */
  form?: Form;
  attachments?: Attachment[];
  /** Only the caller sees it (Discord ephemeral, Slack ephemeral, console: same). */
  private?: boolean;
  /** For errors: the identifier (e.g. "membership.notEligibleToVote") the text was made from. */
  errorId?: string;
  /** Field-level problems of a rejected form or option list: name → localized message. */
  fieldErrors?: Record<string, string>;
  /** The language the reply is written in (the reader's): adapters add their own words in it. */
  locale?: Locale;
  /** Some adapters color or mark replies by tone. */
  tone?: 'info' | 'success' | 'warning' | 'error';
  /** Set by the core: the reply takes the place of the message whose button was pressed. */
  replacesMessage?: boolean;
  /** Set by the core: this delivery was handled already (a retry, another replica); show nothing. */
  duplicate?: boolean;
}

const ACTION_PREFIX = 'pk';
const SEP = '|';

/** `pk|command|action|arg1|arg2`, kept under Discord's 100-char custom_id limit. */
export function encodeAction(ref: ActionRef): string {
  const parts = [ACTION_PREFIX, ref.command, ref.action, ...(ref.args ?? [])].map((p) => p.replaceAll(SEP, ''));
  const id = parts.join(SEP);
  if (id.length > 100) throw new Error(`action id too long (${id.length} > 100): ${id.slice(0, 40)}…`);
  return id;
}

export function decodeAction(id: string): ActionRef | undefined {
  const [prefix, command, action, ...args] = id.split(SEP);
  if (prefix !== ACTION_PREFIX || !command || !action) return undefined;
  return { command, action, args };
}

export const reply = {
  text: (text: string, extra: Partial<Reply> = {}): Reply => ({ text, ...extra }),
  private: (text: string, extra: Partial<Reply> = {}): Reply => ({ text, private: true, ...extra }),
};
