import { readFileSync } from 'node:fs';
import nock from 'nock';
import { expect } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Locale } from '../../src/core/i18n.ts';
import { recordReply, recordTyped } from '../support/rendered.ts';
import { API, HOOKS, TEAM, decodeBody, interactionBody, postSigned, type Call } from './support.ts';

/**
 * A Slack workspace as the bot meets it, for click-through tests: the Web API and response_url
 * answered as Slack answers them (every call kept), and a client that does only what the Slack
 * client lets a person do. It types a slash command only if the manifest declares it, presses a
 * button or picks an option only from blocks the bot posted and that person can see, and submits
 * a modal built from the view the bot opened (its callback_id, block_ids, action_ids,
 * private_metadata, and the input types its blocks declare), refusing what Slack would refuse
 * (a required field left empty, too long or too short a text, an option that was not offered).
 */

type Obj = Record<string, unknown>;

interface TextObject {
  type: string;
  text: string;
}
interface Option {
  text: TextObject;
  value: string;
}
interface Element {
  type: string;
  action_id: string;
  text?: TextObject;
  value?: string;
  url?: string;
  style?: string;
  options?: Option[];
  placeholder?: TextObject;
  initial_value?: string;
  initial_option?: Option;
  max_length?: number;
  min_length?: number;
  multiline?: boolean;
  max_selected_items?: number;
}
export interface Block {
  type: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: Element[];
  element?: Element;
  label?: TextObject;
  optional?: boolean;
}

/** A message the bot made appear: posted, ephemeral, or an answer through a response_url. */
export interface Message {
  seq: number;
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
  /** Ephemeral: only this person sees it. */
  only?: string;
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url';
}

/** A modal the bot opened for a person (views.open), as it currently stands. */
export interface View {
  seq: number;
  id: string;
  user: string;
  hash: string;
  view: Obj & { callback_id: string; private_metadata?: string; blocks: Block[]; title?: TextObject };
}

/** A person's Home tab as the bot last published it (views.publish), and how many times it did. */
export interface HomeTab {
  seq: number;
  id: string;
  user: string;
  blocks: Block[];
  publishes: number;
}

/** What one interaction led to: new messages (anyone's), the modal opened, the ack's body. */
export interface Outcome {
  status: number;
  ack: Obj | undefined;
  messages: Message[];
  view?: View;
  calls: { method: string; body: Call }[];
}

interface Origin {
  user: string;
  channel: string;
  /** The message whose button was pressed (a response_url may replace it). */
  message?: Message;
}

interface SlackUser {
  name: string;
  locale: string;
  admin: boolean;
}

const MANIFEST = JSON.parse(readFileSync(new URL('../../slack-manifest.json', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; should_escape?: boolean }[] };
};

/** Every line of a message, as one text: header, sections, fields, button labels. */
export function shown(message: { text?: string; blocks: Block[] } | undefined): string {
  if (!message) return '';
  const parts: string[] = [];
  for (const b of message.blocks) {
    if (b.text) parts.push(b.text.text);
    for (const f of b.fields ?? []) parts.push(f.text);
    for (const e of b.elements ?? []) if (e.text) parts.push(e.text.text);
  }
  return parts.join('\n');
}

export function buttonLabels(message: Message | undefined): string[] {
  return (message?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).filter((e) => e.type === 'button').map((e) => e.text!.text) : []));
}

/** Where files.getUploadURLExternal sends the upload. */
const FILES = 'https://files.slack.test';

export class SlackWorkspace {
  readonly calls: { method: string; body: Call }[] = [];
  readonly messages: Message[] = [];
  /** Files shared in a conversation (files.uploadV2: get a URL, upload, complete), with their bytes. */
  readonly files: { channel: string; filename: string; data: string }[] = [];
  private readonly uploads = new Map<string, { filename: string; data: string }>();
  readonly views: View[] = [];
  /** Each person's Home tab, as last published. */
  readonly homes = new Map<string, HomeTab>();
  /** What Slack itself would have refused or not known: a test fails when this is not empty. */
  readonly problems: string[] = [];
  private readonly users = new Map<string, SlackUser>();
  private readonly dmOwner = new Map<string, string>();
  private readonly triggers = new Map<string, { user: string; used: boolean; at: number }>();
  private readonly responseUrls = new Map<string, Origin>();
  private seq = 0;
  private ts = 1_700_000_000;
  port = 0;

  constructor(
    private readonly app: App,
    readonly channels: Record<string, string> = { C0GENERAL: 'general' },
  ) {}

  person(id: string, user: Partial<SlackUser> = {}): this {
    this.users.set(id, { name: user.name ?? id.toLowerCase(), locale: user.locale ?? 'pl-PL', admin: Boolean(user.admin) });
    return this;
  }

  /** Answers the Web API and every response_url, as Slack would; call before the adapter starts. */
  install(): void {
    // A workspace left over from a test that failed before its cleanup must not answer for this one.
    nock.cleanAll();
    nock(API)
      .persist()
      .post((uri) => uri.startsWith('/api/'))
      .reply((uri, body) => [200, this.api(uri.slice('/api/'.length), decodeBody(body))]);
    nock(FILES)
      .persist()
      .post((uri) => uri.startsWith('/upload/'))
      .reply((uri, body) => {
        const upload = this.uploads.get(uri.slice('/upload/'.length));
        if (!upload) return [404, 'unknown upload'];
        upload.data = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
        return [200, `OK - ${upload.data.length}`];
      });
    nock(HOOKS)
      .persist()
      .post(() => true)
      .reply((uri, body) => {
        this.respond(`${HOOKS}${uri}`, typeof body === 'string' ? (JSON.parse(body) as Obj) : (body as Obj));
        return [200, 'ok'];
      });
  }

  private nextTs(): string {
    return `${++this.ts}.000100`;
  }

  /** Slack gives an actions block without a block_id one of its own, and sends it back on a press. */
  private withBlockIds(blocks: unknown): Block[] {
    const list = (typeof blocks === 'string' ? JSON.parse(blocks) : (blocks ?? [])) as Block[];
    this.checkBlocks(list, 50, 'message');
    return list.map((b) => (b.block_id ? b : { ...b, block_id: `blk${++this.seq}` }));
  }

  private add(message: Omit<Message, 'seq'>): Message {
    const m = { ...message, seq: ++this.seq };
    this.messages.push(m);
    this.read(m);
    return m;
  }

  /** The reader's language: Slack's locale of the person a message is for; the cluster's (Polish) in a channel. */
  private localeOf(m: Pick<Message, 'channel' | 'only'>): Locale {
    const reader = m.only ?? this.dmOwner.get(m.channel);
    return this.users.get(reader ?? '')?.locale.startsWith('en') ? 'en' : 'pl';
  }

  /** Everything the bot shows goes through the language check after the test (test/support/setup.ts). */
  private read(m: Message): void {
    recordReply({ text: shown(m), locale: this.localeOf(m) }, `Slack ${m.via} in ${m.channel}${m.only ? ` for ${m.only}` : ''}`);
  }

  private api(method: string, body: Call): Obj {
    this.calls.push({ method, body });
    const channel = String(body.channel ?? '');
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: TEAM };
      case 'users.info': {
        const user = this.users.get(String(body.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id: body.user, name: user.name, real_name: user.name, locale: user.locale, is_admin: user.admin, is_owner: false, profile: { display_name: user.name } },
        };
      }
      case 'conversations.open': {
        const user = String(body.users);
        if (!this.users.has(user)) return { ok: false, error: 'user_not_found' };
        const id = `D${user.slice(1)}`;
        this.dmOwner.set(id, user);
        return { ok: true, channel: { id } };
      }
      case 'chat.postMessage': {
        if (!this.dmOwner.has(channel) && !this.channels[channel]) return this.refuse(method, 'channel_not_found', body);
        const ts = this.nextTs();
        this.add({ channel, ts, text: String(body.text ?? ''), blocks: this.withBlockIds(body.blocks), via: method });
        return { ok: true, channel, ts, message: { text: body.text, ts } };
      }
      case 'chat.postEphemeral': {
        const user = String(body.user);
        // Slack shows an ephemeral message only in a conversation the person is in: a channel, or their own DM with the bot.
        if (this.dmOwner.has(channel) ? this.dmOwner.get(channel) !== user : !this.channels[channel]) return this.refuse(method, 'channel_not_found', body);
        const ts = this.nextTs();
        this.add({ channel, ts, text: String(body.text ?? ''), blocks: this.withBlockIds(body.blocks), only: user, via: method });
        return { ok: true, message_ts: ts };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === channel && m.ts === body.ts && !m.only);
        if (!message) return this.refuse(method, 'message_not_found', body);
        message.blocks = this.withBlockIds(body.blocks);
        message.text = String(body.text ?? '');
        this.read(message);
        return { ok: true, channel, ts: body.ts };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++this.seq}`;
        this.uploads.set(id, { filename: String(body.filename), data: '' });
        return { ok: true, upload_url: `${FILES}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const target = String(body.channel_id ?? '');
        if (!this.dmOwner.has(target) && !this.channels[target]) return this.refuse(method, 'channel_not_found', body);
        const listed = (typeof body.files === 'string' ? JSON.parse(body.files) : body.files) as { id: string }[];
        for (const f of listed) {
          const upload = this.uploads.get(f.id);
          if (!upload) return this.refuse(method, 'file_not_found', body);
          this.files.push({ channel: target, filename: upload.filename, data: upload.data });
        }
        return { ok: true, files: listed.map((f) => ({ id: f.id })) };
      }
      case 'views.open': {
        const trigger = this.triggers.get(String(body.trigger_id));
        if (!trigger) return this.refuse(method, 'invalid_trigger_id', body);
        // A trigger is good once, for 3 seconds.
        if (trigger.used || Date.now() - trigger.at > 3000) return this.refuse(method, 'expired_trigger_id', body);
        trigger.used = true;
        const view = body.view as View['view'];
        this.checkView(view);
        this.readView(view, trigger.user);
        const opened: View = { seq: ++this.seq, id: `V${this.seq}`, user: trigger.user, hash: `h${this.seq}`, view };
        this.views.push(opened);
        return { ok: true, view: { ...view, id: opened.id, hash: opened.hash, state: { values: {} } } };
      }
      case 'views.publish': {
        const user = String(body.user_id);
        if (!this.users.has(user)) return this.refuse(method, 'user_not_found', body);
        const view = body.view as View['view'];
        if (view.type !== 'home') this.problems.push(`invalid home view: type ${String(view.type)}`);
        this.checkBlocks(view.blocks, 100, 'home tab');
        const home: HomeTab = { seq: ++this.seq, id: `VH${user.slice(1)}`, user, blocks: view.blocks.map((b) => (b.block_id ? b : { ...b, block_id: `blk${++this.seq}` })), publishes: (this.homes.get(user)?.publishes ?? 0) + 1 };
        this.homes.set(user, home);
        recordReply({ text: shown(home), locale: this.localeOf({ channel: '', only: user }) }, `Slack Home tab of ${user}`);
        return { ok: true, view: { ...view, id: home.id, team_id: TEAM } };
      }
      default:
        return this.refuse(method, 'unknown_method', body);
    }
  }

  /** The Block Kit rules whose breach makes Slack refuse the whole call (invalid_blocks). */
  private checkBlocks(blocks: Block[], max: number, where: string): void {
    const bad = (why: string) => this.problems.push(`invalid_blocks in a ${where}: ${why}`);
    if (blocks.length > max) bad(`${blocks.length} blocks`);
    for (const b of blocks) {
      // An action_id is unique within its block.
      const actionIds = new Set<string>();
      if (b.block_id && b.block_id.length > 255) bad(`block_id ${b.block_id.slice(0, 20)}…`);
      if (b.text && b.text.text.length > 3000) bad('section text over 3000');
      for (const e of [...(b.elements ?? []), ...(b.element ? [b.element] : [])]) {
        if (!e.action_id && e.type !== 'mrkdwn' && e.type !== 'plain_text') bad(`${e.type} without action_id`);
        if (e.action_id && (e.action_id.length > 255 || actionIds.has(e.action_id))) bad(`action_id ${e.action_id}`);
        if (e.action_id) actionIds.add(e.action_id);
        if (e.text && e.type === 'button' && e.text.text.length > 75) bad(`button text ${e.text.text}`);
        if (e.value && e.value.length > 2000) bad('button value over 2000');
        if (e.options && (e.options.length > 100 || e.options.some((o) => o.text.text.length > 75 || o.value.length > 150))) bad('select options');
      }
    }
  }

  private readView(view: View['view'], user: string): void {
    const parts = [view.title?.text, (view.submit as TextObject | undefined)?.text, (view.close as TextObject | undefined)?.text];
    for (const b of view.blocks) {
      parts.push(b.label?.text, b.text?.text, b.element?.placeholder?.text, b.element?.initial_option?.text.text);
      for (const o of b.element?.options ?? []) parts.push(o.text.text);
    }
    recordReply({ text: parts.filter(Boolean).join('\n'), locale: this.localeOf({ channel: '', only: user }) }, `Slack modal for ${user}`);
  }

  private checkView(view: View['view']): void {
    const bad = (why: string) => this.problems.push(`invalid view: ${why}`);
    if (view.type !== 'modal') bad(`type ${String(view.type)}`);
    if (!view.title || view.title.text.length > 24) bad(`title ${view.title?.text}`);
    const inputs = view.blocks.filter((b) => b.type === 'input');
    if (inputs.length && !(view.submit as TextObject | undefined)?.text) bad('inputs without a submit button');
    if (String(view.private_metadata ?? '').length > 3000) bad('private_metadata over 3000');
    if (new Set(inputs.map((b) => b.block_id)).size !== inputs.length) bad('repeated block_id');
    for (const b of inputs) if (!b.block_id || !b.element?.action_id || !b.label?.text || b.label.text.length > 2000) bad(`input ${b.block_id}`);
    this.checkBlocks(view.blocks, 100, 'modal');
  }

  private refuse(method: string, error: string, body: Call): Obj {
    this.problems.push(`${method}: ${error} ${JSON.stringify(body).slice(0, 300)}`);
    return { ok: false, error };
  }

  private respond(url: string, body: Obj): void {
    this.calls.push({ method: 'response_url', body: { ...body, url } });
    const origin = this.responseUrls.get(url);
    if (!origin) {
      this.problems.push(`response_url not issued: ${url}`);
      return;
    }
    const blocks = this.withBlockIds(body.blocks);
    const text = String(body.text ?? '');
    if (body.replace_original === true && origin.message) {
      origin.message.blocks = blocks;
      origin.message.text = text;
      this.read(origin.message);
      return;
    }
    const only = body.response_type === 'in_channel' ? undefined : origin.user;
    this.add({ channel: origin.channel, ts: this.nextTs(), text, blocks, ...(only ? { only } : {}), via: 'response_url' });
  }

  /** Whether a person can see a message: a channel post, their own DM, or an ephemeral meant for them. */
  sees(user: string, m: Message): boolean {
    if (m.only && m.only !== user) return false;
    const owner = this.dmOwner.get(m.channel);
    return owner === undefined || owner === user;
  }

  /** The latest message a person can see that contains `text` (or any, without it). */
  last(user: string, text?: string | RegExp, where: { channel?: string; since?: number } = {}): Message {
    const found = [...this.messages]
      .reverse()
      .find((m) => this.sees(user, m) && (!where.channel || m.channel === where.channel) && m.seq > (where.since ?? 0) && (text === undefined || (typeof text === 'string' ? shown(m).includes(text) : text.test(shown(m)))));
    if (!found) throw new Error(`${user} sees no message with ${String(text)}; they see:\n${this.messages.filter((m) => this.sees(user, m)).map((m) => `  [${m.channel}] ${shown(m).slice(0, 120).replaceAll('\n', ' | ')}`).join('\n')}`);
    return found;
  }

  dm(user: string): string {
    return `D${user.slice(1)}`;
  }

  private who(user: string) {
    const u = this.users.get(user);
    if (!u) throw new Error(`${user} is not in the workspace`);
    return { id: user, username: u.name, name: u.name, team_id: TEAM };
  }

  private trigger(user: string): string {
    const id = `${++this.seq}.${Date.now()}.trig${Math.random().toString(36).slice(2, 10)}`;
    this.triggers.set(id, { user, used: false, at: Date.now() });
    return id;
  }

  private responseUrl(kind: 'commands' | 'actions', origin: Origin): string {
    const url = `${HOOKS}/${kind}/${TEAM}/${++this.seq}/${Math.random().toString(36).slice(2, 12)}`;
    this.responseUrls.set(url, origin);
    return url;
  }

  /** Sends a signed request and waits until the bot has finished all the work it took on. */
  private async send(body: string, contentType?: string): Promise<Outcome> {
    const before = this.seq;
    const callsBefore = this.calls.length;
    const res = await postSigned(this.port, body, contentType ? { contentType } : {});
    expect(res.status, res.body).toBe(200);
    expect(await this.app.inflight.idle(20_000), 'the bot finished its work').toBe(true);
    const ack = res.body ? (JSON.parse(res.body) as Obj) : undefined;
    const view = this.views.find((v) => v.seq > before);
    return { status: res.status, ack, messages: this.messages.filter((m) => m.seq > before), ...(view ? { view } : {}), calls: this.calls.slice(callsBefore) };
  }

  /** `/pkes-apply` or `/pkes-motion create title:"…"`, typed in a channel: only commands the manifest declares. */
  slash(user: string, line: string, channel = 'C0GENERAL'): Promise<Outcome> {
    const [command = '', ...rest] = line.split(' ');
    const declared = MANIFEST.features.slash_commands.find((c) => c.command === command);
    if (!declared) throw new Error(`${command} is not a slash command of the manifest`);
    let text = rest.join(' ');
    // What the person typed comes back as typed: the language check leaves it alone.
    for (const m of text.matchAll(/\w+:(?:"([^"]*)"|(\S+))/g)) recordTyped(m[1] ?? m[2]);
    // A person picked from the client's autocomplete is written `<@U…>` here. With should_escape,
    // Slack sends & < > as entities and the pick as `<@U…|name>`; without it, as the plain `@name`.
    const picked = (id: string) => (declared.should_escape ? `<@${id}|${this.who(id).name}>` : `@${this.who(id).name}`);
    const parts = text.split(/<@([UW][A-Z0-9]+)>/);
    text = parts.map((part, i) => (i % 2 ? picked(part) : declared.should_escape ? part.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;') : part)).join('');
    const u = this.who(user);
    return this.send(
      new URLSearchParams({
        token: 'legacy',
        team_id: TEAM,
        team_domain: 'pkes',
        channel_id: channel,
        channel_name: this.channels[channel] ?? 'directmessage',
        user_id: user,
        user_name: u.name,
        command,
        text,
        api_app_id: 'A0APP',
        is_enterprise_install: 'false',
        response_url: this.responseUrl('commands', { user, channel }),
        trigger_id: this.trigger(user),
      }).toString(),
    );
  }

  private actionPayload(user: string, message: Message, action: Obj): string {
    if (!this.sees(user, message)) throw new Error(`${user} cannot see message ${message.seq}`);
    const dm = this.dmOwner.has(message.channel);
    return interactionBody({
      type: 'block_actions',
      user: this.who(user),
      api_app_id: 'A0APP',
      token: 'legacy',
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: Boolean(message.only) },
      trigger_id: this.trigger(user),
      team: { id: TEAM, domain: 'pkes' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: message.channel, name: dm ? 'directmessage' : (this.channels[message.channel] ?? '') },
      // Slack sends the message itself only when it is not ephemeral.
      ...(message.only ? {} : { message: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', text: message.text, ts: message.ts, blocks: message.blocks } }),
      state: { values: {} },
      response_url: this.responseUrl('actions', { user, channel: message.channel, message }),
      actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
    });
  }

  /** The person opens the app's Home tab (the app_home_opened event); the tab as the bot published it. */
  async openHome(user: string): Promise<Outcome & { home: HomeTab }> {
    this.who(user);
    const event = { type: 'app_home_opened', user, channel: this.dm(user), tab: 'home', event_ts: `${Date.now() / 1000}` };
    const outcome = await this.send(JSON.stringify({ type: 'event_callback', team_id: TEAM, api_app_id: 'A0APP', event_id: `Ev${++this.seq}`, event_time: Math.floor(Date.now() / 1000), event }), 'application/json');
    return { ...outcome, home: this.home(user) };
  }

  /** The person's Home tab as last published (fails when the bot never published one). */
  home(user: string): HomeTab {
    const home = this.homes.get(user);
    if (!home) throw new Error(`no Home tab was published for ${user}`);
    return home;
  }

  /** Presses a button on the person's Home tab: a block_actions from a view, with no channel and no response_url. */
  pressHome(user: string, label: string): Promise<Outcome> {
    const home = this.home(user);
    for (const block of home.blocks) {
      const button = block.type === 'actions' ? (block.elements ?? []).find((e) => e.type === 'button' && e.text?.text === label) : undefined;
      if (!button) continue;
      return this.send(
        interactionBody({
          type: 'block_actions',
          user: this.who(user),
          api_app_id: 'A0APP',
          token: 'legacy',
          container: { type: 'view', view_id: home.id },
          trigger_id: this.trigger(user),
          team: { id: TEAM, domain: 'pkes' },
          enterprise: null,
          is_enterprise_install: false,
          view: { id: home.id, team_id: TEAM, type: 'home', blocks: home.blocks, private_metadata: '', callback_id: '', state: { values: {} }, hash: `h${home.seq}`, app_id: 'A0APP', bot_id: 'B0BOT', root_view_id: home.id, previous_view_id: null },
          actions: [{ type: 'button', action_id: button.action_id, block_id: block.block_id, text: button.text, ...(button.value !== undefined ? { value: button.value } : {}), action_ts: `${Date.now() / 1000}` }],
        }),
      );
    }
    throw new Error(`no button "${label}" on ${user}'s Home tab; it has: ${home.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.text?.text) : [])).join(', ')}`);
  }

  /** Presses the button with this text on a message the bot sent and this person sees. */
  press(user: string, message: Message, label: string): Promise<Outcome> {
    for (const block of message.blocks) {
      if (block.type !== 'actions') continue;
      const button = (block.elements ?? []).find((e) => e.type === 'button' && e.text?.text === label);
      if (!button) continue;
      if (button.url) throw new Error(`"${label}" is a link button`);
      return this.send(
        this.actionPayload(user, message, {
          type: 'button',
          action_id: button.action_id,
          block_id: block.block_id,
          text: button.text,
          ...(button.value !== undefined ? { value: button.value } : {}),
          ...(button.style ? { style: button.style } : {}),
        }),
      );
    }
    throw new Error(`no button "${label}" on the message; it has: ${buttonLabels(message).join(', ')}`);
  }

  /** Picks an option (by its text) from a select on a message the bot sent. */
  choose(user: string, message: Message, label: string): Promise<Outcome> {
    for (const block of message.blocks) {
      for (const element of block.type === 'actions' ? (block.elements ?? []) : []) {
        const option = element.type === 'static_select' ? element.options?.find((o) => o.text.text === label) : undefined;
        if (!option) continue;
        return this.send(
          this.actionPayload(user, message, { type: 'static_select', action_id: element.action_id, block_id: block.block_id, selected_option: option, placeholder: element.placeholder }),
        );
      }
    }
    throw new Error(`no option "${label}" in a select of the message`);
  }

  /** Picks several options (by their texts) from a multi-select on a message the bot sent. */
  chooseMany(user: string, message: Message, labels: string[]): Promise<Outcome> {
    for (const block of message.blocks) {
      for (const element of block.type === 'actions' ? (block.elements ?? []) : []) {
        if (element.type !== 'multi_static_select') continue;
        const options = labels.map((label) => {
          const option = element.options?.find((o) => o.text.text === label);
          if (!option) throw new Error(`no option "${label}" in the multi-select (options: ${element.options?.map((o) => o.text.text).join(', ')})`);
          return option;
        });
        if (options.length > (element.max_selected_items ?? options.length)) throw new Error(`Slack lets at most ${element.max_selected_items} be chosen`);
        return this.send(this.actionPayload(user, message, { type: 'multi_static_select', action_id: element.action_id, block_id: block.block_id, selected_options: options, placeholder: element.placeholder }));
      }
    }
    throw new Error('no multi-select on the message');
  }

  /** What the bot's options endpoint offers in a modal's external select for the text typed. */
  async suggest(user: string, view: View, blockId: string, typed: string): Promise<Option[]> {
    const block = view.view.blocks.find((b) => b.block_id === blockId);
    if (block?.element?.type !== 'external_select') throw new Error(`${blockId} is not an external select`);
    const res = await postSigned(
      this.port,
      interactionBody({
        type: 'block_suggestion',
        user: this.who(user),
        team: { id: TEAM, domain: 'pkes' },
        api_app_id: 'A0APP',
        token: 'legacy',
        action_id: block.element.action_id,
        block_id: blockId,
        value: typed,
        view: this.viewPayload(view, { values: {} }),
      }),
    );
    expect(res.status).toBe(200);
    return (JSON.parse(res.body) as { options: Option[] }).options;
  }

  private viewPayload(view: View, state: Obj): Obj {
    return {
      ...view.view,
      id: view.id,
      team_id: TEAM,
      app_id: 'A0APP',
      bot_id: 'B0BOT',
      hash: view.hash,
      root_view_id: view.id,
      previous_view_id: null,
      state,
    };
  }

  /**
   * Fills the modal as a person would, field by field (by block_id): text typed into a text
   * input, an option chosen by its text (or value) among those the select offers; untouched
   * fields keep their initial value. Refuses what the Slack client refuses to send.
   */
  async submit(user: string, view: View, typed: Record<string, string>): Promise<Outcome & { errors?: Record<string, string> }> {
    if (view.user !== user) throw new Error(`${user} cannot submit ${view.user}'s modal`);
    const inputs = view.view.blocks.filter((b) => b.type === 'input');
    recordTyped(Object.values(typed));
    for (const name of Object.keys(typed)) if (!inputs.some((b) => b.block_id === name)) throw new Error(`the modal has no field ${name}`);
    const values: Record<string, Record<string, Obj>> = {};
    for (const block of inputs) {
      const el = block.element!;
      const given = typed[block.block_id!];
      const label = block.label?.text ?? block.block_id;
      let state: Obj;
      if (el.type === 'plain_text_input') {
        const value = given ?? el.initial_value ?? '';
        if (value && el.max_length && value.length > el.max_length) throw new Error(`Slack refuses ${label}: over ${el.max_length} characters`);
        if (value && el.min_length && value.length < el.min_length) throw new Error(`Slack refuses ${label}: under ${el.min_length} characters`);
        state = { type: el.type, value: value || null };
      } else if (el.type === 'static_select' || el.type === 'external_select') {
        let option = el.initial_option;
        if (given !== undefined) {
          const offered = el.type === 'static_select' ? (el.options ?? []) : await this.suggest(user, view, block.block_id!, given);
          option = offered.find((o) => o.text.text === given) ?? offered.find((o) => o.value === given);
          if (!option) throw new Error(`${label}: "${given}" is not offered (${offered.map((o) => o.text.text).join(', ')})`);
        }
        state = { type: el.type, selected_option: option ?? null };
      } else throw new Error(`input of type ${el.type} is not modelled`);
      const empty = state.value === null || state.selected_option === null;
      if (empty && !block.optional) throw new Error(`Slack refuses the modal: ${label} is required`);
      values[block.block_id!] = { [el.action_id]: state };
    }
    const outcome = await this.send(
      interactionBody({
        type: 'view_submission',
        team: { id: TEAM, domain: 'pkes' },
        user: this.who(user),
        api_app_id: 'A0APP',
        token: 'legacy',
        trigger_id: this.trigger(user),
        view: this.viewPayload(view, { values }),
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      }),
    );
    const ack = outcome.ack;
    if (ack?.response_action === 'update') view.view = ack.view as View['view'];
    if (ack?.response_action === 'errors') return { ...outcome, errors: ack.errors as Record<string, string> };
    return outcome;
  }
}
