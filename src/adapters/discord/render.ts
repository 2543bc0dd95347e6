import { escapeMarkdown, escapeMaskedLink } from '@discordjs/formatters';
import type { RawFile } from '@discordjs/rest';
import {
  ButtonStyle as DiscordButtonStyle,
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
  type APITextInputComponent,
} from 'discord-api-types/v10';
import { translate, type Locale } from '../../core/i18n.ts';
import { showUserTextIn } from '../../core/text.ts';
import { encodeAction, type Button, type ButtonStyle, type Form, type FormField, type Reply } from '../../core/reply.ts';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  /** Files on one message. */
  files: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  embedTotal: 6000,
  embeds: 10,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionText: 100,
  choiceName: 100,
  selectPlaceholder: 150,
  modalInputs: 5,
  modalTitle: 45,
  inputLabel: 45,
  labelDescription: 100,
  inputPlaceholder: 100,
  inputValue: 4000,
} as const;

const TONE_COLORS: Record<NonNullable<Reply['tone']>, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

const BUTTON_STYLES: Record<ButtonStyle, DiscordButtonStyle> = {
  primary: DiscordButtonStyle.Primary,
  secondary: DiscordButtonStyle.Secondary,
  success: DiscordButtonStyle.Success,
  danger: DiscordButtonStyle.Danger,
};

export interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowed_mentions: APIAllowedMentions;
  attachments?: { id: string; filename: string }[];
  flags?: number;
}

export interface RenderedMessage {
  body: MessageBody;
  files: RawFile[];
  /** Files past the tenth: sent after the message, ten to a message (Discord refuses more on one). */
  more: { body: MessageBody; files: RawFile[] }[];
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Splits long text into pieces of at most `size`, at a line break when there is one. */
export function chunkText(text: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf('\n', size);
    const at = cut > size / 2 ? cut : size;
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest) chunks.push(rest);
  return chunks;
}

const MENTION = /<@!?(\d{5,25})>/g;

/**
 * Only people named as `<@id>` in the message content are pinged; never @everyone, @here or a role,
 * whatever a user typed into a text that the bot repeats.
 */
export function allowedMentions(content: string | undefined): APIAllowedMentions {
  const users = content ? [...new Set([...content.matchAll(MENTION)].map((m) => m[1]!))].slice(0, 100) : [];
  return { parse: [], users, replied_user: false };
}

function mainText(reply: Reply): string | undefined {
  if (reply.text) return reply.text;
  if (reply.fieldErrors) return Object.entries(reply.fieldErrors).map(([field, message]) => `• ${field}: ${message}`).join('\n');
  return undefined;
}

/**
 * Title, text and fields as embeds within Discord's limits: a long text continues in further
 * embeds, more than 25 fields continue in the next embed, and whatever would pass the 6000
 * characters of a message is cut with a visible mark rather than rejected by Discord.
 */
/** What a member typed is shown as typed: no bold, no masked link, no broken formatting (discord.js's own escaping). */
const escapeUserText = (value: string) => escapeMaskedLink(escapeMarkdown(value));

export function renderEmbeds(marked: Reply, locale: Locale, text = mainText(marked)): APIEmbed[] {
  const reply = showUserTextIn(marked, escapeUserText);
  if (text !== undefined) text = showUserTextIn({ text }, escapeUserText).text;
  const color = reply.tone ? TONE_COLORS[reply.tone] : TONE_COLORS.info;
  const mark = translate(locale, 'discord.truncated');
  const embeds: APIEmbed[] = [];
  let budget: number = LIMITS.embedTotal;
  let current: APIEmbed = { color };
  let full = false;
  const next = () => {
    if (embeds.length + 1 >= LIMITS.embeds) {
      full = true;
      return;
    }
    embeds.push(current);
    current = { color };
  };

  if (reply.title) {
    current.title = truncate(reply.title, LIMITS.embedTitle);
    budget -= current.title.length;
  }
  for (const chunk of text ? chunkText(text, LIMITS.embedDescription) : []) {
    if (full) break;
    if (current.description !== undefined) next();
    if (full) break;
    if (chunk.length > budget) {
      current.description = `${chunk.slice(0, Math.max(0, budget - mark.length - 1))}\n${mark}`;
      budget = 0;
      full = true;
      break;
    }
    current.description = chunk;
    budget -= chunk.length;
  }
  for (const field of reply.fields ?? []) {
    if (full) break;
    const name = truncate(field.label || '\u200b', LIMITS.fieldName);
    let value = field.value || '\u200b';
    if (value.length > LIMITS.fieldValue) value = `${value.slice(0, LIMITS.fieldValue - mark.length - 1)}\n${mark}`;
    if (name.length + value.length > budget) {
      full = true;
      break;
    }
    if ((current.fields?.length ?? 0) >= LIMITS.embedFields) next();
    if (full) break;
    const out: APIEmbedField = { name, value, ...(field.inline ? { inline: true } : {}) };
    (current.fields ??= []).push(out);
    budget -= name.length + value.length;
  }
  if (full && budget >= mark.length) {
    // Readers see that something was left out.
    current.footer = { text: mark };
  }
  embeds.push(current);
  return embeds;
}

function renderButton(button: Button): APIButtonComponent {
  const label = truncate(button.label, LIMITS.buttonLabel);
  if (button.url) return { type: ComponentType.Button, style: DiscordButtonStyle.Link, label, url: button.url, disabled: Boolean(button.disabled) };
  return {
    type: ComponentType.Button,
    style: BUTTON_STYLES[button.style ?? 'secondary'],
    label,
    custom_id: encodeAction(button.action),
    disabled: Boolean(button.disabled),
  } as APIButtonComponent;
}

export function renderComponents(marked: Reply): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const reply = showUserTextIn(marked, escapeUserText);
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  if (reply.choices) {
    const c = reply.choices;
    const options = c.options.slice(0, LIMITS.selectOptions).map((o) => ({
      label: truncate(o.label, LIMITS.selectOptionText),
      value: o.value.slice(0, LIMITS.selectOptionText),
      ...(o.description ? { description: truncate(o.description, LIMITS.selectOptionText) } : {}),
    }));
    const max = Math.min(Math.max(c.maxValues ?? 1, 1), options.length || 1);
    const min = Math.min(Math.max(c.minValues ?? 1, 0), max);
    const select: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: encodeAction(c.action),
      placeholder: truncate(c.placeholder, LIMITS.selectPlaceholder),
      options,
      min_values: min,
      max_values: max,
    };
    rows.push({ type: ComponentType.ActionRow, components: [select] });
  }
  const buttons = (reply.buttons ?? []).slice(0, (LIMITS.rows - rows.length) * LIMITS.buttonsPerRow);
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow).map(renderButton) });
  }
  return rows;
}

/**
 * A reply as a Discord message. A short plain text is the message content (so its `<@id>`
 * mentions notify); anything with a title or fields is an embed.
 */
export function renderMessage(marked: Reply, locale: Locale, opts: { ephemeral?: boolean; prefix?: string } = {}): RenderedMessage {
  const reply = showUserTextIn(marked, escapeUserText);
  const text = mainText(reply);
  const plain = !reply.title && !reply.fields?.length && text !== undefined && text.length + (opts.prefix?.length ?? 0) + 1 <= LIMITS.content;
  let content: string | undefined;
  let embeds: APIEmbed[] = [];
  if (plain) {
    content = opts.prefix ? `${opts.prefix}\n${text}` : text;
  } else {
    content = opts.prefix;
    if (reply.title || text || reply.fields?.length) embeds = renderEmbeds(reply, locale, text);
  }
  const all: RawFile[] = (reply.attachments ?? []).map((a) => ({ name: a.filename, data: a.data, contentType: a.contentType }));
  const files = all.slice(0, LIMITS.files);
  if (!content && !embeds.length && !files.length) content = translate(locale, 'discord.done');
  const body: MessageBody = {
    ...(content !== undefined ? { content } : {}),
    embeds,
    components: renderComponents(reply),
    allowed_mentions: allowedMentions(content),
    // Ids are snowflake strings in Discord's schema (as discord.js sends them): the file's place in the upload.
    ...(files.length ? { attachments: files.map((f, i) => ({ id: String(i), filename: f.name })) } : {}),
    ...((opts.ephemeral ?? reply.private) ? { flags: MessageFlags.Ephemeral } : {}),
  };
  const more: RenderedMessage['more'] = [];
  for (let i = LIMITS.files; i < all.length; i += LIMITS.files) {
    const chunk = all.slice(i, i + LIMITS.files);
    more.push({
      body: {
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] },
        attachments: chunk.map((f, j) => ({ id: String(j), filename: f.name })),
        ...((opts.ephemeral ?? reply.private) ? { flags: MessageFlags.Ephemeral } : {}),
      },
      files: chunk,
    });
  }
  return { body, files, more };
}

// --- Forms as modals -------------------------------------------------------------------------

const MODAL_PREFIX = 'pkform';
const STEP_PREFIX = 'pkstep';

/** How many modals a form takes (Discord: 5 inputs a modal). */
export function formSteps(form: Pick<Form, 'fields'>): number {
  return Math.max(1, Math.ceil(form.fields.length / LIMITS.modalInputs));
}

export interface ModalRef {
  formId: string;
  /** 1-based. */
  step: number;
  total: number;
  args: string[];
}

function checkedId(parts: string[]): string {
  const id = parts.map((p) => p.replaceAll('|', '')).join('|');
  if (id.length > LIMITS.customId) throw new Error(`custom id too long (${id.length} > 100): ${id.slice(0, 40)}…`);
  return id;
}

export function encodeModalId(ref: ModalRef): string {
  return checkedId([MODAL_PREFIX, ref.formId, String(ref.step), String(ref.total), ...ref.args]);
}

/** The "continue the form" button of a multi-step form: opens step `step`. */
export function encodeStepId(ref: ModalRef): string {
  return checkedId([STEP_PREFIX, ref.formId, String(ref.step), String(ref.total), ...ref.args]);
}

function decodeRef(prefix: string, id: string): ModalRef | undefined {
  const [p, formId, step, total, ...args] = id.split('|');
  if (p !== prefix || !formId || !step || !total) return undefined;
  const s = Number(step);
  const n = Number(total);
  if (!Number.isInteger(s) || !Number.isInteger(n) || s < 1 || s > n) return undefined;
  return { formId, step: s, total: n, args };
}

export const decodeModalId = (id: string) => decodeRef(MODAL_PREFIX, id);
export const decodeStepId = (id: string) => decodeRef(STEP_PREFIX, id);

function textInput(field: FormField, locale: Locale, placeholder?: string): APITextInputComponent {
  const max = Math.min(field.maxLength ?? LIMITS.inputValue, LIMITS.inputValue);
  const min = field.minLength !== undefined ? Math.min(field.minLength, max) : undefined;
  const hint = placeholder ?? field.placeholder;
  return {
    type: ComponentType.TextInput,
    custom_id: field.name,
    style: field.kind === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: field.required,
    max_length: max,
    ...(min !== undefined ? { min_length: min } : {}),
    ...(hint ? { placeholder: truncate(hint, LIMITS.inputPlaceholder) } : {}),
    // A pre-filled value longer than the input allows would make Discord reject the whole modal.
    ...(field.value ? { value: field.value.slice(0, max) } : {}),
  } as APITextInputComponent;
}

/** One field inside a Label (the modal layout since 2025): a text input or, for choices, a select. */
function renderField(field: FormField, locale: Locale): APILabelComponent {
  const options = field.options ?? [];
  let component: APILabelComponent['component'];
  if (field.kind === 'choice' && options.length > 0 && options.length <= LIMITS.selectOptions) {
    component = {
      type: ComponentType.StringSelect,
      custom_id: field.name,
      required: field.required,
      min_values: field.required ? 1 : 0,
      max_values: 1,
      options: options.map((o) => ({
        label: truncate(o.label, LIMITS.selectOptionText),
        value: o.value.slice(0, LIMITS.selectOptionText),
        ...(o.description ? { description: truncate(o.description, LIMITS.selectOptionText) } : {}),
        ...(field.value === o.value ? { default: true } : {}),
      })),
      ...(field.placeholder ? { placeholder: truncate(field.placeholder, LIMITS.selectPlaceholder) } : {}),
    } as APIStringSelectComponent;
  } else if (field.kind === 'choice' && options.length > 0) {
    const values = options.map((o) => o.value).join(', ');
    component = textInput({ ...field, kind: 'short' }, locale, translate(locale, 'discord.form.choicePlaceholder', { values }));
  } else {
    component = textInput(field, locale);
  }
  return {
    type: ComponentType.Label,
    label: truncate(field.label, LIMITS.inputLabel),
    // The full label when it had to be shortened, so nothing of the question is lost.
    ...(field.label.length > LIMITS.inputLabel ? { description: truncate(field.label, LIMITS.labelDescription) } : {}),
    component,
  } as APILabelComponent;
}

/** Step `step` (1-based) of a form as a modal: at most 5 inputs, a title of at most 45 characters. */
export function renderModal(form: Form, step: number, locale: Locale, args: string[] = form.args ?? []): APIModalInteractionResponseCallbackData {
  const total = formSteps(form);
  const fields = form.fields.slice((step - 1) * LIMITS.modalInputs, step * LIMITS.modalInputs);
  const suffix = total > 1 ? ` (${step}/${total})` : '';
  return {
    custom_id: encodeModalId({ formId: form.id, step, total, args }),
    title: truncate(form.title, LIMITS.modalTitle - suffix.length) + suffix,
    components: fields.map((f) => renderField(f, locale)),
  } as APIModalInteractionResponseCallbackData;
}

interface SubmittedComponent {
  type: number;
  custom_id?: string;
  value?: string;
  values?: string[];
  component?: SubmittedComponent;
  components?: SubmittedComponent[];
}

/** Values of a submitted modal, from Label components and from legacy action rows alike. */
export function modalValues(components: SubmittedComponent[]): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (c: SubmittedComponent | undefined) => {
    if (!c) return;
    if (c.component) visit(c.component);
    for (const child of c.components ?? []) visit(child);
    if (!c.custom_id) return;
    if (typeof c.value === 'string') out[c.custom_id] = c.value;
    else if (Array.isArray(c.values)) out[c.custom_id] = c.values.join(',');
  };
  for (const c of components) visit(c);
  return out;
}

// --- Components in DMs ----------------------------------------------------------------------

/**
 * A DM is outside every server, so a press or a modal there arrives without the guild (the
 * cluster). Components the bot sends into a DM carry it in their custom id: `g<guild in base 36>|`
 * before the id, 14 characters for a snowflake.
 */
const GUILD_SCOPE = /^g([0-9a-z]{1,14})\|(.+)$/s;

function fromBase36(text: string): string {
  let n = 0n;
  for (const c of text) n = n * 36n + BigInt(parseInt(c, 36));
  return n.toString();
}

export function inGuild(customId: string, guildId: string): string {
  const id = `g${BigInt(guildId).toString(36)}|${customId}`;
  if (id.length > LIMITS.customId) throw new Error(`custom id too long with its server (${id.length} > 100): ${id.slice(0, 40)}…`);
  return id;
}

/** The guild a DM's component acts in, and its custom id without it; undefined for an id without one. */
export function fromGuild(customId: string): { guildId: string; customId: string } | undefined {
  const m = GUILD_SCOPE.exec(customId);
  return m ? { guildId: fromBase36(m[1]!), customId: m[2]! } : undefined;
}

/** Message components (buttons, selects) with the guild in their ids, for a DM. */
export function componentsInGuild(rows: MessageBody['components'], guildId: string): MessageBody['components'] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((c) => ('custom_id' in c && typeof c.custom_id === 'string' ? { ...c, custom_id: inGuild(c.custom_id, guildId) } : c)),
  }));
}
