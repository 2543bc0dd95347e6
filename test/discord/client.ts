import nock from 'nock';
import type { APIEmbed } from 'discord-api-types/v10';
import { API, APP_ID, GUILD, signed, waitFor, type DiscordTest, type Who } from './support.ts';
import { recordReply } from '../support/rendered.ts';
import { translate } from '../../src/core/i18n.ts';
import type { Locale } from '../../src/core/i18n.ts';

/**
 * A Discord stand-in and a client that uses the bot only as a person in Discord's app can: one
 * slash command built from what the bot registered (registered options only, every required one,
 * choices from the registered choices, autocomplete values from the bot's own suggestions), then
 * only the buttons and selects of messages the bot sent (DMs, channel posts, replies) and the
 * modals it opened, with their own custom ids. Anything else throws, naming what was missing.
 */

const ORIGIN = new URL(API).origin;
const BASE = `${new URL(API).pathname}/v10`;

let counter = 0;
/** Snowflakes as Discord makes them: unique, increasing, 18–19 digits. */
export const snowflake = () => `${1100000000000000000n + BigInt(++counter) * 1000n + BigInt(Math.floor(Math.random() * 1000))}`;

interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  disabled?: boolean;
  url?: string;
  required?: boolean;
  value?: string;
  min_length?: number;
  max_length?: number;
  min_values?: number;
  max_values?: number;
  options?: { label: string; value: string; default?: boolean }[];
  components?: Component[];
  component?: Component;
}

/** A message the bot showed: a channel post, a DM, or an answer to an interaction. */
export interface Shown {
  id: string;
  channelId: string;
  /** The other side of a DM; undefined in a server channel. */
  dmWith?: string;
  /** An ephemeral answer: only this person sees it. */
  onlyFor?: string;
  content?: string;
  embeds: APIEmbed[];
  components: Component[];
  flags?: number;
  /** The names of the files it carries. */
  files?: string[];
}

/** A modal the bot opened for one person, where it was opened. */
export interface Modal {
  forUser: string;
  dm?: string;
  channelId: string;
  data: { custom_id: string; title: string; components: Component[] };
}

/** Everything a message shows a reader, as one text: content, titles, descriptions, fields, footers. */
export function textOf(m: Pick<Shown, 'content' | 'embeds'>): string {
  const parts = [m.content ?? ''];
  for (const e of m.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

/** Everything a reader sees of a message, buttons and select options included, for the language check. */
function readable(m: Pick<Shown, 'content' | 'embeds' | 'components'>): string {
  const controls = m.components.flatMap((row) => row.components ?? []).flatMap((c) => [c.label ?? '', ...(c.options ?? []).map((o) => o.label)]);
  return [textOf(m), ...controls].filter(Boolean).join('\n');
}

/** Discord's locale of a person, as the language the check reads their messages in. */
const languageOf = (discordLocale: string | undefined): Locale => (discordLocale?.startsWith('en') ? 'en' : 'pl');

export function buttonLabels(m: Shown): string[] {
  return m.components.flatMap((row) => row.components ?? []).filter((c) => c.type === 2).map((c) => c.label ?? '');
}

/** nock hands a body that is not UTF-8 (a PNG inside a multipart upload) over as hex. */
const decoded = (body: string) => (/^(?:[0-9a-f]{2})+$/.test(body) && body.length > 64 ? Buffer.from(body, 'hex').toString('latin1') : body);

/** The body of a request as nock hands it over: parsed JSON, JSON text, or multipart with payload_json. */
function parseBody(raw: unknown): any {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  const body = decoded(raw);
  try {
    return JSON.parse(body);
  } catch {
    const json = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(body);
    if (!json) throw new Error(`unreadable request body: ${body.slice(0, 200)}`);
    // A multipart body is read byte for byte (latin1, for the files); its JSON part is UTF-8.
    return JSON.parse(body === raw ? json[1]! : Buffer.from(json[1]!, 'latin1').toString('utf8'));
  }
}

/** The files of a multipart body, in order: their names and declared types. */
function filesOf(raw: unknown): { name: string; contentType: string }[] {
  if (typeof raw !== 'string') return [];
  const body = decoded(raw);
  return [...body.matchAll(/name="files\[\d+\]"; filename="([^"]+)"\r\nContent-Type: ([^\r\n]+)/g)].map((m) => ({ name: m[1]!, contentType: m[2]! }));
}

interface WebhookCall {
  token: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  body?: any;
  /** Files uploaded with it (multipart parts). */
  files?: { name: string; contentType: string }[];
  /** The message id a follow-up got. */
  id?: string;
}

/**
 * Discord's REST API as the bot meets it: command registration, DM channels, messages in channels
 * and DMs (kept, with ids), edits, interaction webhooks, roles. Every body also passes the schema
 * check of support.ts on its way here.
 */
export class DiscordStandIn {
  readonly messages: Shown[] = [];
  readonly webhooks: WebhookCall[] = [];
  registered: (Record<string, any> & { id: string })[] = [];
  readonly roleGrants: { userId: string; roleId: string }[] = [];
  /** The server's scheduled events the bot made, as they stand. */
  readonly scheduledEvents: (Record<string, any> & { id: string })[] = [];
  /** Every call the bot made to them, in order. */
  readonly eventCalls: { method: 'POST' | 'PATCH'; eventId?: string; body: any }[] = [];
  /** A server where the bot lacks the permission to create events. */
  eventsRefused = false;
  private readonly dmOf = new Map<string, string>();
  private readonly userOfDm = new Map<string, string>();
  /** Each person's language as their Discord app reports it; a channel post is read in the cluster's (Polish). */
  readonly readers = new Map<string, Locale>();

  /** Everything the bot shows goes through the language check after the test (test/support/setup.ts). */
  read(m: Shown, reader?: string): void {
    const who = reader ?? m.dmWith ?? m.onlyFor;
    recordReply({ text: readable(m), locale: (who && this.readers.get(who)) || 'pl' }, `Discord ${m.dmWith ? `DM to ${m.dmWith}` : `message in ${m.channelId}`}${who ? ` read by ${who}` : ''}`);
  }

  constructor(readonly roles: { id: string; name: string }[] = []) {}

  install(): void {
    const match = (re: RegExp) => (path: string) => re.test(path);
    const webhookToken = (path: string) => decodeURIComponent(path.slice(BASE.length).split('/')[3] ?? '');
    nock(ORIGIN)
      .persist()
      .put(match(new RegExp(`^${BASE}/applications/\\d+(/guilds/\\d+)?/commands$`)))
      .reply((_path, body) => {
        this.registered = (parseBody(body) as Record<string, any>[]).map((c) => ({ ...c, id: snowflake(), application_id: APP_ID, version: snowflake() }));
        return [200, this.registered];
      })
      .post(`${BASE}/users/@me/channels`)
      .reply((_path, body) => {
        const userId = String(parseBody(body).recipient_id);
        let channel = this.dmOf.get(userId);
        if (!channel) {
          channel = snowflake();
          this.dmOf.set(userId, channel);
          this.userOfDm.set(channel, userId);
        }
        return [200, { id: channel, type: 1, recipients: [{ id: userId, username: 'user', discriminator: '0', avatar: null }] }];
      })
      .post(match(new RegExp(`^${BASE}/channels/\\d+/messages$`)))
      .reply((path, body) => {
        const channelId = path.split('/').at(-2)!;
        const sent = parseBody(body);
        const shown: Shown = { id: snowflake(), channelId, ...(this.userOfDm.has(channelId) ? { dmWith: this.userOfDm.get(channelId)! } : {}), ...asShown(sent) };
        this.messages.push(shown);
        this.read(shown);
        return [200, asApiMessage(shown)];
      })
      .patch(match(new RegExp(`^${BASE}/channels/\\d+/messages/\\d+$`)))
      .reply((path, body) => {
        const id = path.split('/').at(-1)!;
        const shown = this.messages.find((m) => m.id === id);
        if (!shown) return [404, { message: 'Unknown Message', code: 10008 }];
        Object.assign(shown, asShown({ ...shownBody(shown), ...parseBody(body) }));
        this.read(shown);
        return [200, asApiMessage(shown)];
      })
      .get(match(new RegExp(`^${BASE}/guilds/\\d+/roles$`)))
      .reply(() => [200, this.roles.map((r, i) => ({ ...r, position: i + 1, permissions: '0', color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }))])
      .put(match(new RegExp(`^${BASE}/guilds/\\d+/members/\\d+/roles/\\d+$`)))
      .reply((path) => {
        const parts = path.split('/');
        this.roleGrants.push({ userId: parts.at(-3)!, roleId: parts.at(-1)! });
        return [204, ''];
      })
      // Meetings mirrored as the server's scheduled events: kept, so a test can read them.
      .post(match(new RegExp(`^${BASE}/guilds/\\d+/scheduled-events$`)))
      .reply((path, body) => {
        this.eventCalls.push({ method: 'POST', body: parseBody(body) });
        if (this.eventsRefused) return [403, { message: 'Missing Permissions', code: 50013 }];
        const event = { id: snowflake(), guild_id: path.split('/').at(-2)!, status: 1, ...parseBody(body) };
        this.scheduledEvents.push(event);
        return [200, event];
      })
      .patch(match(new RegExp(`^${BASE}/guilds/\\d+/scheduled-events/\\d+$`)))
      .reply((path, body) => {
        this.eventCalls.push({ method: 'PATCH', eventId: path.split('/').at(-1)!, body: parseBody(body) });
        const event = this.scheduledEvents.find((e) => e.id === path.split('/').at(-1));
        if (!event) return [404, { message: 'Unknown Guild Scheduled Event', code: 10070 }];
        Object.assign(event, parseBody(body));
        return [200, event];
      })
      .post(match(new RegExp(`^${BASE}/webhooks/\\d+/[^/]+$`)))
      .reply((path, body) => {
        const id = snowflake();
        this.webhooks.push({ token: webhookToken(path), method: 'POST', body: parseBody(body), files: filesOf(body), id });
        return [200, { id, channel_id: '0', content: '', embeds: [], components: [] }];
      })
      .patch(match(new RegExp(`^${BASE}/webhooks/\\d+/[^/]+/messages/(%40|@)original$`)))
      .reply((path, body) => {
        this.webhooks.push({ token: webhookToken(path), method: 'PATCH', body: parseBody(body), files: filesOf(body) });
        return [200, { id: snowflake(), channel_id: '0', content: '', embeds: [], components: [] }];
      })
      .delete(match(new RegExp(`^${BASE}/webhooks/\\d+/[^/]+/messages/(%40|@)original$`)))
      .reply((path) => {
        this.webhooks.push({ token: webhookToken(path), method: 'DELETE' });
        return [204, ''];
      });
  }

  dmChannelOf(userId: string): string | undefined {
    return this.dmOf.get(userId);
  }

  /** Private messages the bot sent to one person, oldest first. */
  dmsTo(userId: string): Shown[] {
    return this.messages.filter((m) => m.dmWith === userId);
  }

  /** Posts in a server channel, oldest first. */
  postsIn(channelId: string): Shown[] {
    return this.messages.filter((m) => m.channelId === channelId && !m.dmWith);
  }

  /** The last message (to a person, or in a channel) whose text matches. */
  last(messages: Shown[], text: RegExp | string): Shown {
    const found = messages.filter((m) => (typeof text === 'string' ? textOf(m).includes(text) : text.test(textOf(m)))).at(-1);
    if (!found) throw new Error(`no message matching ${text} among:\n${messages.map((m) => `- ${textOf(m).slice(0, 120)}`).join('\n')}`);
    return found;
  }
}

function asShown(body: any): Omit<Shown, 'id' | 'channelId'> {
  const files = ((body.attachments ?? []) as { filename?: string }[]).flatMap((a) => (a.filename ? [a.filename] : []));
  return { ...(body.content ? { content: body.content } : {}), embeds: body.embeds ?? [], components: body.components ?? [], ...(body.flags ? { flags: body.flags } : {}), ...(files.length ? { files } : {}) };
}

function shownBody(m: Shown) {
  return { content: m.content, embeds: m.embeds, components: m.components };
}

function asApiMessage(m: Shown) {
  return {
    id: m.id,
    channel_id: m.channelId,
    type: 0,
    content: m.content ?? '',
    embeds: m.embeds,
    components: m.components,
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: m.flags ?? 0,
    author: { id: APP_ID, username: 'PKES', discriminator: '0', avatar: null, bot: true },
  };
}

/** What the bot answered an interaction with. */
export class Answer {
  constructor(
    readonly kind: 'message' | 'modal' | 'suggestions' | 'nothing',
    private readonly value?: Shown | Modal | { name: string; value: string }[],
  ) {}

  get message(): Shown {
    if (this.kind !== 'message') throw new Error(`expected a message, the bot answered with ${this.describe()}`);
    return this.value as Shown;
  }

  get modal(): Modal {
    if (this.kind !== 'modal') throw new Error(`expected a modal, the bot answered with ${this.describe()}`);
    return this.value as Modal;
  }

  get suggestions(): { name: string; value: string }[] {
    if (this.kind !== 'suggestions') throw new Error(`expected suggestions, the bot answered with ${this.describe()}`);
    return this.value as { name: string; value: string }[];
  }

  private describe(): string {
    if (this.kind === 'message') return `a message: ${textOf(this.value as Shown).slice(0, 300)}`;
    return this.kind;
  }
}

type OptionValue = string | number | boolean | Who;

interface Place {
  /** A DM channel: the interaction comes from outside the server. */
  dm?: string;
  channelId: string;
}

/** One person in Discord's app. */
export class DiscordClient {
  /** Autocomplete values the bot offered, per `command sub option`: the only values this client sends there. */
  private readonly offered = new Map<string, Set<string>>();

  constructor(
    private readonly d: DiscordTest,
    private readonly discord: DiscordStandIn,
    readonly who: Who,
    /** The server channel this person types commands in. */
    private readonly channelId = '400000000000000004',
  ) {
    discord.readers.set(who.id, languageOf(who.locale));
  }

  private url(): string {
    return `http://127.0.0.1:${this.d.adapter.port()}/interactions`;
  }

  private base(type: number, place: Place) {
    const id = snowflake();
    const user = { id: this.who.id, username: this.who.name.toLowerCase(), global_name: this.who.name, discriminator: '0', avatar: null };
    const common = { id, application_id: APP_ID, type, token: `token-${id}`, version: 1, locale: this.who.locale ?? 'pl', app_permissions: '2048', entitlements: [], authorizing_integration_owners: { '0': GUILD }, attachment_size_limit: 8388608 };
    if (place.dm) {
      // Outside the server: no guild, no member, the user as such (Discord's BOT_DM context).
      return { ...common, channel_id: place.dm, channel: { id: place.dm, type: 1, recipients: [user] }, user, context: 1 };
    }
    return {
      ...common,
      guild_id: GUILD,
      guild: { id: GUILD, locale: 'pl', features: [] },
      guild_locale: 'pl',
      channel_id: place.channelId,
      channel: { id: place.channelId, type: 0 },
      member: { user, nick: null, roles: [], permissions: this.who.admin ? '8' : '2048', joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
      context: 0,
    };
  }

  /** The registered subcommand (or command) and its options, as Discord's app shows them. */
  private registered(line: string) {
    const [name, sub, ...rest] = line.replace(/^\//, '').split(/\s+/);
    if (rest.length) throw new Error(`subcommand groups are not registered: ${line}`);
    const command = this.discord.registered.find((c) => c.name === name);
    if (!command) throw new Error(`/${name} is not registered (registered: ${this.discord.registered.map((c) => c.name).join(', ')})`);
    const top = (command.options ?? []) as any[];
    const hasSubs = top.some((o) => o.type === 1 || o.type === 2);
    if (hasSubs && !sub) throw new Error(`/${name} cannot be sent without a subcommand (${top.map((o) => o.name).join(', ')})`);
    if (!hasSubs && sub) throw new Error(`/${name} has no subcommand ${sub}`);
    const subDef = sub ? top.find((o) => o.name === sub && o.type === 1) : undefined;
    if (sub && !subDef) throw new Error(`/${name} ${sub} is not registered`);
    return { command, sub, options: (subDef ? subDef.options ?? [] : top) as any[] };
  }

  /** A slash command as Discord's app sends it: refused here if the app would not let it be sent. */
  async command(line: string, options: Record<string, OptionValue> = {}): Promise<Answer> {
    const { command, sub, options: defs } = this.registered(line);
    const key = (o: string) => `${line.replace(/^\//, '')} ${o}`;
    for (const name of Object.keys(options)) {
      if (!defs.some((o) => o.name === name)) throw new Error(`/${line}: no option ${name} is registered (${defs.map((o) => o.name).join(', ') || 'none'})`);
    }
    const missing = defs.filter((o) => o.required && options[o.name] === undefined).map((o) => o.name);
    if (missing.length) throw new Error(`/${line}: Discord's app does not send the command before the required ${missing.join(', ')} are filled`);
    const resolved: { users?: Record<string, unknown>; members?: Record<string, unknown> } = {};
    const sent = Object.entries(options).map(([name, value]) => {
      const def = defs.find((o) => o.name === name)!;
      const fail = (why: string) => new Error(`/${line} ${name}: ${why}`);
      switch (def.type) {
        case 3: {
          if (typeof value !== 'string') throw fail('a text option takes text');
          if (def.min_length !== undefined && value.length < def.min_length) throw fail(`shorter than ${def.min_length}`);
          if (def.max_length !== undefined && value.length > def.max_length) throw fail(`longer than ${def.max_length}`);
          break;
        }
        case 4:
        case 10: {
          if (typeof value !== 'number' || (def.type === 4 && !Number.isInteger(value))) throw fail('not a number of the registered type');
          if (def.min_value !== undefined && value < def.min_value) throw fail(`below ${def.min_value}`);
          if (def.max_value !== undefined && value > def.max_value) throw fail(`above ${def.max_value}`);
          break;
        }
        case 5:
          if (typeof value !== 'boolean') throw fail('a yes/no option');
          break;
        case 6: {
          if (typeof value !== 'object') throw fail('a user option takes a person');
          const user = { id: value.id, username: value.name.toLowerCase(), global_name: value.name, discriminator: '0', avatar: null };
          (resolved.users ??= {})[value.id] = user;
          (resolved.members ??= {})[value.id] = { roles: [], nick: null, joined_at: '2026-01-01T00:00:00.000Z', permissions: '0', flags: 0 };
          return { name, type: 6, value: value.id };
        }
        default:
          throw fail(`option type ${def.type} is not supported by this client`);
      }
      if (def.choices && !def.choices.some((c: { value: unknown }) => c.value === value)) {
        throw fail(`${JSON.stringify(value)} is not one of the registered choices (${def.choices.map((c: { value: unknown }) => c.value).join(', ')})`);
      }
      if (def.autocomplete && !this.offered.get(key(name))?.has(String(value))) throw fail(`${JSON.stringify(value)} was never suggested by the bot's autocomplete`);
      return { name, type: def.type, value };
    });
    const raw = {
      ...this.base(2, { channelId: this.channelId }),
      data: { id: command.id, name: command.name, type: 1, options: sub ? [{ name: sub, type: 1, options: sent }] : sent, ...(Object.keys(resolved).length ? { resolved } : {}) },
    };
    return this.send(raw, { channelId: this.channelId });
  }

  /** What the bot suggests while this person types into an autocomplete option; the values may then be sent. */
  async autocomplete(line: string, option: string, typed: string): Promise<{ name: string; value: string }[]> {
    const { command, sub, options: defs } = this.registered(line);
    const def = defs.find((o) => o.name === option);
    if (!def?.autocomplete) throw new Error(`/${line} ${option} is not registered with autocomplete`);
    const focused = [{ name: option, type: def.type, value: typed, focused: true }];
    const raw = { ...this.base(4, { channelId: this.channelId }), data: { id: command.id, name: command.name, type: 1, options: sub ? [{ name: sub, type: 1, options: focused }] : focused } };
    const choices = (await this.send(raw, { channelId: this.channelId })).suggestions;
    const key = `${line.replace(/^\//, '')} ${option}`;
    const set = this.offered.get(key) ?? new Set<string>();
    for (const c of choices) set.add(c.value);
    this.offered.set(key, set);
    return choices;
  }

  private seeing(message: Shown): Place {
    if (message.dmWith && message.dmWith !== this.who.id) throw new Error(`${this.who.name} cannot see a DM to ${message.dmWith}`);
    if (message.onlyFor && message.onlyFor !== this.who.id) throw new Error(`${this.who.name} cannot see a message only ${message.onlyFor} sees`);
    return { channelId: message.channelId, ...(message.dmWith ? { dm: message.channelId } : {}) };
  }

  /** Presses the button with this label on a message the bot sent. */
  async press(message: Shown, label: string | RegExp): Promise<Answer> {
    const place = this.seeing(message);
    const buttons = message.components.flatMap((row) => row.components ?? []).filter((c) => c.type === 2);
    const button = buttons.find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label ?? '')));
    if (!button) throw new Error(`no button "${label}" on the message (buttons: ${buttons.map((b) => b.label).join(', ') || 'none'}):\n${textOf(message).slice(0, 300)}`);
    if (button.disabled) throw new Error(`the button "${button.label}" is disabled`);
    if (!button.custom_id) throw new Error(`the button "${button.label}" is a link`);
    const raw = { ...this.base(3, place), message: asApiMessage(message), data: { custom_id: button.custom_id, component_type: 2 } };
    return this.send(raw, place, message);
  }

  /** Chooses options (by label) in the select menu of a message the bot sent. */
  async choose(message: Shown, labels: string[]): Promise<Answer> {
    const place = this.seeing(message);
    const select = message.components.flatMap((row) => row.components ?? []).find((c) => c.type === 3);
    if (!select?.custom_id) throw new Error(`no select menu on the message:\n${textOf(message).slice(0, 300)}`);
    const values = labels.map((l) => {
      const option = select.options?.find((o) => o.label === l);
      if (!option) throw new Error(`no option "${l}" in the select (options: ${select.options?.map((o) => o.label).join(', ')})`);
      return option.value;
    });
    if (values.length < (select.min_values ?? 1) || values.length > (select.max_values ?? 1)) throw new Error(`the select takes ${select.min_values ?? 1}–${select.max_values ?? 1} options`);
    const raw = { ...this.base(3, place), message: asApiMessage(message), data: { custom_id: select.custom_id, component_type: 3, values } };
    return this.send(raw, place, message);
  }

  /**
   * Fills and submits a modal the bot opened for this person: values by the inputs' own custom ids
   * (a select's by its options' labels or values); what the bot pre-filled stays unless replaced.
   */
  async submit(modal: Modal, values: Record<string, string>): Promise<Answer> {
    if (modal.forUser !== this.who.id) throw new Error(`${this.who.name} cannot submit a modal opened for ${modal.forUser}`);
    const inputs = modal.data.components.map((c) => (c.type === 18 ? c.component! : c.type === 1 ? c.components![0]! : c)).filter((c) => c.custom_id);
    for (const name of Object.keys(values)) {
      if (!inputs.some((c) => c.custom_id === name)) throw new Error(`the modal "${modal.data.title}" has no input ${name} (inputs: ${inputs.map((c) => c.custom_id).join(', ')})`);
    }
    const components = inputs.map((input, i) => {
      const id = input.custom_id!;
      const fail = (why: string) => new Error(`modal "${modal.data.title}", ${id}: ${why}`);
      if (input.type === 4) {
        const value = values[id] ?? input.value ?? '';
        const required = input.required ?? true;
        if (required && !value) throw fail('required, and Discord does not submit it empty');
        if (value && input.min_length !== undefined && value.length < input.min_length) throw fail(`shorter than ${input.min_length}`);
        if (input.max_length !== undefined && value.length > input.max_length) throw fail(`longer than ${input.max_length}`);
        return { type: 18, id: i + 1, component: { type: 4, id: i + 100, custom_id: id, value } };
      }
      if (input.type === 3) {
        const given = values[id];
        const chosen =
          given === undefined
            ? (input.options ?? []).filter((o) => o.default).map((o) => o.value)
            : given.split(',').map((g) => {
                const option = input.options?.find((o) => o.value === g || o.label === g);
                if (!option) throw fail(`"${g}" is not one of its options (${input.options?.map((o) => o.label).join(', ')})`);
                return option.value;
              });
        const min = input.required === false ? 0 : (input.min_values ?? 1);
        if (chosen.length < min || chosen.length > (input.max_values ?? 1)) throw fail(`takes ${min}–${input.max_values ?? 1} options, got ${chosen.length}`);
        return { type: 18, id: i + 1, component: { type: 3, id: i + 100, custom_id: id, values: chosen } };
      }
      throw fail(`component type ${input.type} is not supported by this client`);
    });
    const place: Place = { channelId: modal.channelId, ...(modal.dm ? { dm: modal.dm } : {}) };
    const raw = { ...this.base(5, place), data: { custom_id: modal.data.custom_id, components } };
    return this.send(raw, place);
  }

  /** Sends a signed interaction to the bot's endpoint and reads its answer, following a deferral to its webhook edit. */
  private async send(raw: Record<string, any>, place: Place, pressed?: Shown): Promise<Answer> {
    const text = JSON.stringify(raw);
    const res = await fetch(this.url(), { method: 'POST', body: text, headers: signed(this.d.keys.privateKey, text, this.d.t.clock.now()) });
    if (res.status === 202) return new Answer('nothing');
    if (res.status !== 200) throw new Error(`the bot answered ${res.status}: ${await res.text()}`);
    const answer = (await res.json()) as { type: number; data?: any };
    const reply = (body: any): Shown => {
      const shown: Shown = {
        id: snowflake(),
        channelId: place.channelId,
        ...(place.dm ? { dmWith: this.who.id } : {}),
        ...((body.flags ?? 0) & 64 ? { onlyFor: this.who.id } : {}),
        ...asShown(body),
      };
      this.discord.messages.push(shown);
      this.discord.read(shown, this.who.id);
      return shown;
    };
    const update = (body: any): Shown => {
      if (!pressed) throw new Error('the bot updated a message, but no message was pressed');
      Object.assign(pressed, asShown({ ...shownBody(pressed), ...body }));
      this.discord.read(pressed, pressed.dmWith ?? pressed.onlyFor ?? this.who.id);
      return pressed;
    };
    switch (answer.type) {
      case 4:
        return new Answer('message', reply(answer.data));
      case 7:
        return new Answer('message', update(answer.data));
      case 8:
        return new Answer('suggestions', answer.data.choices);
      case 9:
        recordReply(
          { text: [answer.data.title, ...JSON.stringify(answer.data.components).match(/"(?:label|placeholder|description)":"[^"]*"/g)!.map((p) => JSON.parse(`{${p}}`)[p.slice(1, p.indexOf('"', 1))] as string)].join('\n'), locale: languageOf(this.who.locale) },
          `Discord modal for ${this.who.id}`,
        );
        return new Answer('modal', { forUser: this.who.id, channelId: place.channelId, ...(place.dm ? { dm: place.dm } : {}), data: answer.data });
      case 5:
      case 6: {
        // Deferred: the answer comes as the webhook edit of the original (or a follow-up).
        const ofThis = () => this.discord.webhooks.filter((w) => w.token === raw.token && w.method !== 'DELETE');
        await waitFor(() => ofThis().length > 0, `the deferred answer to ${raw.data?.name ?? raw.data?.custom_id}`, 15_000);
        const call = ofThis()[0]!;
        if (answer.type === 6 && call.method === 'PATCH') return new Answer('message', update(call.body));
        const shown = reply(call.method === 'POST' ? call.body : { ...call.body, flags: answer.data?.flags ?? 0 });
        // On a busy machine the bot may defer a command or press whose answer is a form; it then offers
        // a button that opens it, and a person who wanted the form presses it. So does this client.
        const opener = buttonLabels(shown).includes(translate(languageOf(this.who.locale), 'discord.form.open'));
        if (opener && (raw.type === 2 || raw.type === 3)) return this.press(shown, translate(languageOf(this.who.locale), 'discord.form.open'));
        return new Answer('message', shown);
      }
      default:
        throw new Error(`unexpected interaction response type ${answer.type}`);
    }
  }
}
