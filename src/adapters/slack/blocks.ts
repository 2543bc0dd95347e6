import type { ActionsBlock, Button as SlackButton, HomeView, KnownBlock, ModalView, PlainTextOption, SectionBlock } from '@slack/types';
import { decodeAction, encodeAction, type ActionRef, type Button, type Form, type FormField, type Reply } from '../../core/reply.ts';
import type { Translate } from '../../core/i18n.ts';
import { neutralizeMentions, showUserTextIn } from '../../core/text.ts';

/** Block Kit limits (api.slack.com/reference/block-kit); exceeding one makes Slack reject the whole call. */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  elementsPerActions: 25,
  placeholder: 150,
  modalTitle: 24,
  inputLabel: 2000,
  inputValue: 3000,
  privateMetadata: 3000,
  fallbackText: 3000,
} as const;

export const FORM_CALLBACK = 'pk-form';
export const ERROR_CALLBACK = 'pk-error';
/** The action id of every input element of a form modal; the block id is the field name. */
export const INPUT_ACTION = 'value';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Mentions the core itself writes (`<@U…>`, `<#C…>`) stay live; everything else is shown literally,
// so user input can never become `<!channel>`, `<!here>`, `<!everyone>` or a disguised link.
const SAFE_MENTION = /<@[UW][A-Z0-9]{2,}>|<#C[A-Z0-9]{2,}>/g;

export function escapeText(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SAFE_MENTION)) {
    out += escapePlain(text.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The core writes CommonMark-ish text (`**bold**`); Slack's mrkdwn uses single asterisks. */
export function toMrkdwn(text: string): string {
  return escapeText(text).replace(/\*\*(.+?)\*\*/gs, '*$1*');
}

/** Splits at line breaks where possible so no chunk exceeds `max`. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) chunks.push(current);
      current = '';
      chunks.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    const candidate = current ? `${current}\n${rest}` : rest;
    if (candidate.length > max) {
      chunks.push(current);
      current = rest;
    } else current = candidate;
  }
  if (current) chunks.push(current);
  return chunks;
}

const TONE_MARK: Record<NonNullable<Reply['tone']>, string> = {
  info: '',
  success: '✅ ',
  warning: '⚠️ ',
  error: '⚠️ ',
};

/**
 * Plain text (headers, buttons, options) is not escaped like mrkdwn, and titles carry what users
 * typed (a poll question, a group name): mass mentions in it are defused all the same.
 */
function plain(text: string, max: number) {
  // Also a `<!` cut short by truncation or left unclosed: nothing of a control sequence survives.
  return { type: 'plain_text' as const, text: truncate(neutralizeMentions(text).replaceAll('<!', '<\u200b!') || ' ', max), emoji: true };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Unique within a message: Slack rejects two elements with the same action_id. */
function uniqueId(id: string, seen: Set<string>): string {
  let candidate = id;
  for (let n = 2; seen.has(candidate); n++) candidate = `${id}#${n}`;
  seen.add(candidate);
  return candidate;
}

/** The action a button or select stands for; the `#n` suffix only made its id unique. */
export function actionFromElement(element: { action_id: string; value?: string }): ActionRef | undefined {
  return decodeAction(element.value ?? element.action_id.replace(/#\d+$/, ''));
}

function button(b: Button, seen: Set<string>): SlackButton {
  const label = plain(b.label, LIMITS.buttonText);
  if (b.url) return { type: 'button', text: label, url: b.url, action_id: uniqueId('link', seen) };
  const encoded = encodeAction(b.action);
  const style = b.style === 'primary' || b.style === 'success' ? 'primary' : b.style === 'danger' ? 'danger' : undefined;
  return { type: 'button', text: label, action_id: uniqueId(encoded, seen), value: encoded, ...(style ? { style } : {}) };
}

export function slackOption(o: { value: string; label: string; description?: string }): PlainTextOption {
  return {
    text: plain(o.label, LIMITS.optionText),
    value: o.value.slice(0, LIMITS.optionValue),
    ...(o.description ? { description: plain(o.description, LIMITS.optionText) } : {}),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Stands for a member's `*` while the bot's own `**bold**` becomes Slack's `*bold*`: what they typed stays as typed. */
const KEPT_STAR = '\uE002';

/** Every block of a reply, in order, before splitting into messages. */
export function replyBlocks(marked: Reply): KnownBlock[] {
  const blocks = composeBlocks(marked);
  return JSON.parse(JSON.stringify(blocks).replaceAll(KEPT_STAR, '*')) as KnownBlock[];
}

function composeBlocks(marked: Reply): KnownBlock[] {
  // Member text is escaped with everything else (`& < >`, escapeText); its marks only go.
  const reply = showUserTextIn(marked, (value) => value.replaceAll(KEPT_STAR, '').replaceAll('*', KEPT_STAR));
  const blocks: KnownBlock[] = [];
  const mark = TONE_MARK[reply.tone ?? 'info'];
  if (reply.title) blocks.push({ type: 'header', text: plain(`${mark}${reply.title}`, LIMITS.headerText) });
  if (reply.text) {
    const text = `${reply.title ? '' : mark}${toMrkdwn(reply.text)}`;
    for (const part of splitText(text, LIMITS.sectionText)) blocks.push(section(part));
  }

  // Inline fields sit side by side (a section's fields, ten at most); others get a section each.
  let inline: string[] = [];
  const flush = () => {
    for (const group of chunk(inline, LIMITS.fieldsPerSection)) blocks.push({ type: 'section', fields: group.map((text) => ({ type: 'mrkdwn' as const, text })) });
    inline = [];
  };
  for (const field of reply.fields ?? []) {
    const label = `*${escapeText(truncate(field.label, 200))}*`;
    if (field.inline) {
      inline.push(truncate(`${label}\n${toMrkdwn(field.value)}`, LIMITS.fieldText));
      continue;
    }
    flush();
    for (const part of splitText(`${label}\n${toMrkdwn(field.value)}`, LIMITS.sectionText)) blocks.push(section(part));
  }
  flush();

  const seen = new Set<string>();
  const buttons = (reply.buttons ?? []).filter((b) => !b.disabled).map((b) => button(b, seen));
  for (const group of chunk(buttons, LIMITS.elementsPerActions)) blocks.push({ type: 'actions', elements: group });

  if (reply.choices && reply.choices.options.length) {
    const { choices } = reply;
    const encoded = encodeAction(choices.action);
    const pages = chunk(choices.options, LIMITS.optionsPerSelect);
    // More than 100 choices: one select per hundred, each saying which part of the list it holds.
    const selects = pages.map((page, i) => {
      const from = i * LIMITS.optionsPerSelect + 1;
      const placeholder = pages.length > 1 ? `${choices.placeholder} (${from}–${from + page.length - 1})` : choices.placeholder;
      const common = { action_id: uniqueId(encoded, seen), placeholder: plain(placeholder, LIMITS.placeholder), options: page.map(slackOption) };
      return (choices.maxValues ?? 1) > 1
        ? { type: 'multi_static_select' as const, ...common, max_selected_items: Math.min(choices.maxValues!, page.length) }
        : { type: 'static_select' as const, ...common };
    });
    for (const group of chunk(selects, LIMITS.elementsPerActions)) blocks.push({ type: 'actions', elements: group } as ActionsBlock);
  }
  if (blocks.length === 0) blocks.push(section(' '));
  return blocks;
}

/** Whether a reply has anything to show as a message (it may carry only attachments). */
export function hasBody(reply: Reply): boolean {
  return Boolean(reply.title || reply.text || reply.fields?.length || reply.buttons?.some((b) => !b.disabled) || reply.choices?.options.length);
}

/** The notification text (and screen-reader text) of a message. */
export function fallbackText(marked: Reply): string {
  const reply = showUserTextIn(marked, (value) => value);
  return truncate(escapeText([reply.title, reply.text].filter(Boolean).join('\n') || ' '), LIMITS.fallbackText);
}

/**
 * A reply as one or more messages of at most 50 blocks; buttons and lists end up on the last.
 * Split messages say which part they are (a context block: "2/3").
 */
export function renderMessages(reply: Reply): SlackMessage[] {
  const text = fallbackText(reply);
  const blocks = replyBlocks(reply);
  if (blocks.length <= LIMITS.messageBlocks) return [{ text, blocks }];
  const pages = chunk(blocks, LIMITS.messageBlocks - 1);
  return pages.map((page, i) => ({
    text,
    blocks: [...page, { type: 'context', elements: [{ type: 'mrkdwn', text: `${i + 1}/${pages.length}` }] }],
  }));
}

/** A reply as the Home tab (views.publish): the same blocks a message gets, within the tab's 100. */
export function homeView(reply: Reply): HomeView {
  const blocks = replyBlocks(reply);
  if (blocks.length <= LIMITS.homeBlocks) return { type: 'home', blocks };
  // Buttons come last; the cut keeps the top of the list and says something was left out.
  return { type: 'home', blocks: [...blocks.slice(0, LIMITS.homeBlocks - 1), { type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] }] };
}

export interface FormMetadata {
  /** Form id (`command` or `command.subcommand`). */
  f: string;
  /** Extra arguments of the submit. */
  a?: string[];
  /** The channel the form was opened from, where the result is shown. */
  c?: string;
}

function input(field: FormField): KnownBlock {
  return { type: 'input', block_id: field.name, optional: !field.required, label: plain(field.label, LIMITS.inputLabel), element: inputElement(field) };
}

/** The element a field is typed or chosen in; what was typed or chosen before comes back into it. */
function inputElement(field: FormField) {
  const common = { action_id: INPUT_ACTION, ...(field.placeholder ? { placeholder: plain(field.placeholder, LIMITS.placeholder) } : {}) };
  if (field.kind === 'choice' && field.picker) {
    // A record: Slack asks the options endpoint as the person types (block_suggestion → picker).
    const chosen = field.options?.find((o) => o.value === field.value);
    return { type: 'external_select' as const, ...common, min_query_length: 0, ...(chosen ? { initial_option: slackOption(chosen) } : {}) };
  }
  if (field.kind === 'choice') {
    const options = (field.options ?? []).slice(0, LIMITS.optionsPerSelect).map(slackOption);
    const initial = options.find((o) => o.value === field.value);
    return { type: 'static_select' as const, ...common, options, ...(initial ? { initial_option: initial } : {}) };
  }
  const max = Math.min(field.maxLength ?? LIMITS.inputValue, LIMITS.inputValue);
  return {
    type: 'plain_text_input' as const,
    ...common,
    multiline: field.kind === 'paragraph',
    max_length: max,
    ...(field.minLength ? { min_length: Math.min(field.minLength, max) } : {}),
    ...(field.value ? { initial_value: field.value.slice(0, max) } : {}),
  };
}

export function renderModal(form: Form, t: Translate, channelId?: string): ModalView {
  const meta: FormMetadata = { f: form.id, ...(form.args?.length ? { a: form.args } : {}), ...(channelId ? { c: channelId } : {}) };
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(t('slack.modal.submit'), LIMITS.modalTitle),
    close: plain(t('slack.modal.close'), LIMITS.modalTitle),
    blocks: form.fields.slice(0, LIMITS.modalBlocks).map(input),
  };
}

/** Shown on top of a form whose submission was refused; closing it returns to what was typed. */
export function renderErrorModal(reply: Reply, t: Translate): ModalView {
  return {
    type: 'modal',
    callback_id: ERROR_CALLBACK,
    title: plain(t('slack.modal.errorTitle'), LIMITS.modalTitle),
    close: plain(t('slack.modal.back'), LIMITS.modalTitle),
    blocks: replyBlocks({ ...reply, buttons: [], choices: undefined }).slice(0, LIMITS.modalBlocks),
  };
}

type StateValue = { type: string; value?: string | null; selected_option?: { value: string } | null };

/** A submitted modal's values by field name; an emptied field is '' so it clears the draft. */
export function formValues(state: Record<string, Record<string, StateValue>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const element = actions[INPUT_ACTION];
    if (!element) continue;
    values[blockId] = element.selected_option?.value ?? element.value ?? '';
  }
  return values;
}

export function parseMetadata(raw: string | undefined): FormMetadata | undefined {
  try {
    const meta = JSON.parse(raw ?? '') as FormMetadata;
    return typeof meta.f === 'string' ? meta : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The core names commands as typed elsewhere (`/activity log`); on Slack they carry the prefix
 * (`/pkes-activity log`). Only a slash at the start of a word is a command: URLs keep theirs.
 */
export function slashRewriter(names: readonly string[], prefix: string): (reply: Reply) => Reply {
  if (!names.length) return (reply) => reply;
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(^|[\\s\`(„"'«])/(${escaped.join('|')})(?![\\w-])`, 'g');
  const fix = (text: string) => text.replace(pattern, `$1/${prefix}-$2`);
  return (reply) => ({
    ...reply,
    ...(reply.title ? { title: fix(reply.title) } : {}),
    ...(reply.text ? { text: fix(reply.text) } : {}),
    ...(reply.fields ? { fields: reply.fields.map((f) => ({ ...f, label: fix(f.label), value: fix(f.value) })) } : {}),
  });
}
