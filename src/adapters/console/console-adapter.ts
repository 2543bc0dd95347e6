import { createInterface, type Interface } from 'node:readline';
import { CATEGORIES, GRANTED_ROLES, isOneOf } from '../../core/vocabulary.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../app.ts';
import { LEAF } from '../../core/command.ts';
import type { Invocation } from '../../core/dispatcher.ts';
import { describeOptions } from '../../core/options.ts';
import { toLocale, translate, type Locale } from '../../core/i18n.ts';
import type { ChannelPurpose, ClusterAddress, PersonAddress, PlatformNotifier, PrivateDelivery } from '../../core/notifier.ts';
import type { Form, Reply } from '../../core/reply.ts';
import type { PlatformUser } from '../../services/people.ts';
import { parseLine } from './parse.ts';
import { PrintedMessages, type PrintedMessage, type Problem } from './printed.ts';
import { renderReply } from './render.ts';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Prompts and colours for a person at a terminal; plain lines for piped scenarios. */
  interactive: boolean;
  /** Where attachments (CSV, JSON exports) are written. */
  attachmentsDir?: string;
}

/**
 * A local chat in the terminal: you act as a named user with a role and type the same commands
 * members type. Scriptable from standard input, one line per action (README, "Console").
 */
export class ConsoleAdapter implements PlatformNotifier {
  readonly platform = 'console' as const;
  private user: PlatformUser;
  /** Every message printed this session, by its number: what `:press` and `:choose` address. */
  private readonly printed = new PrintedMessages();
  private rl: Interface | undefined;
  private readonly pending: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;
  /** Tells this session's channel posts from those of earlier runs, whose refs the database still holds. */
  private readonly session = Date.now().toString(36);

  constructor(
    private readonly app: App,
    private readonly io: ConsoleOptions,
  ) {
    this.user = { id: app.config.CONSOLE_USER, displayName: app.config.CONSOLE_USER };
    app.services.notifications.register(this);
  }

  private get clusterId() {
    return this.app.config.CONSOLE_CLUSTER;
  }

  private write(text: string): void {
    this.io.output.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  private locale(): Locale {
    return toLocale(this.user.locale, this.app.config.DEFAULT_LOCALE);
  }

  /** Reads lines until end of input, `:quit` or stop(). */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }
  private running: Promise<void> | undefined;
  private stopped = false;

  /** Takes no further line; resolves once the line being handled is answered. */
  stop(): Promise<void> {
    this.stopped = true;
    this.waiting?.(undefined);
    this.waiting = undefined;
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    this.rl = createInterface({ input: this.io.input, terminal: false });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else this.pending.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
    const t = (key: Parameters<typeof translate>[1]) => translate(this.locale(), key);
    if (this.io.interactive) this.write(`${t('console.welcome')}\n`);
    for (;;) {
      const line = await this.nextLine(this.prompt());
      if (line === undefined) break;
      if (!(await this.handle(line))) break;
    }
    this.rl.close();
  }

  private prompt(): string {
    return `${this.user.displayName}> `;
  }

  private nextLine(prompt: string): Promise<string | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    if (this.io.interactive) this.io.output.write(prompt);
    const queued = this.pending.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Handles one line; false ends the session. */
  async handle(line: string): Promise<boolean> {
    if (!this.io.interactive && line.trim() && !line.trim().startsWith('#')) this.write(`${this.prompt()}${line.trim()}`);
    const parsed = parseLine(line);
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'text':
        this.write(translate(this.locale(), 'console.notACommand'));
        return true;
      case 'command':
        await this.command(parsed.command, parsed.words, parsed.options);
        return true;
      case 'directive':
        return this.directive(parsed.name, parsed.words, parsed.options, parsed.rest);
    }
  }

  private async command(name: string, words: string[], options: Record<string, string>): Promise<void> {
    const def = this.app.dispatcher.registry.get(name);
    // `/activity log …`: the first word names the subcommand when the command has subcommands.
    let subcommand: string | undefined;
    const rest = [...words];
    if (def && !(LEAF in def.subcommands) && rest[0] && rest[0] in def.subcommands) subcommand = rest.shift();
    else if (def && !(LEAF in def.subcommands) && rest[0] === undefined) subcommand = undefined;
    const sub = this.app.dispatcher.registry.subcommand(name, subcommand);
    const channels = new Set(sub ? describeOptions(sub.options).filter((o) => o.type === 'channel').map((o) => o.name) : []);
    await this.send({ kind: 'command', command: name, ...(subcommand !== undefined ? { subcommand } : {}), options: this.mentions(options, channels) });
  }

  /** `@anna` in an option is the console user "anna", `#ogloszenia` the channel, as a mention would be on a platform. */
  private mentions(options: Record<string, string>, channels: Set<string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(options).map(([k, v]) => [k, v.startsWith('@') || (channels.has(k) && v.startsWith('#')) ? v.slice(1) : v]),
    );
  }

  private async directive(name: string, words: string[], options: Record<string, string>, rest: string): Promise<boolean> {
    const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(this.locale(), key, params);
    switch (name) {
      case 'quit':
      case 'exit':
        return false;
      case 'help':
        this.write(t('console.directives'));
        return true;
      case 'as':
        await this.switchUser(words, options);
        return true;
      case 'lang':
        this.user = { ...this.user, locale: toLocale(words[0], this.locale()) };
        this.write(t('console.languageSet', { language: this.locale() }));
        return true;
      case 'press': {
        const found = this.printed.button(rest, this.user.id);
        if (!found.ok) this.write(this.explain(found.problem, 'press'));
        else await this.send({ kind: 'action', action: found.button.action }, found.message);
        return true;
      }
      case 'choose': {
        const found = this.printed.choice(rest, this.user.id);
        if (!found.ok) this.write(this.explain(found.problem, 'choose'));
        else await this.send({ kind: 'action', action: found.list.action, values: found.values }, found.message);
        return true;
      }
      default:
        this.write(t('console.unknownDirective', { name }));
        return true;
    }
  }

  /**
   * `:as anna coordinator` or `:as jan main:"Spółdzielnia Razem"`: become that user; roles and
   * representation given here are put in place, as an administrator would on a real platform.
   */
  private async switchUser(words: string[], options: Record<string, string>): Promise<void> {
    const [name, ...flags] = words;
    if (!name) {
      this.write(translate(this.locale(), 'console.asUsage'));
      return;
    }
    this.user = {
      id: name,
      displayName: name,
      isPlatformAdmin: flags.includes('admin'),
      ...(options.lang ? { locale: options.lang } : {}),
    };
    const { services } = this.app;
    const cluster = await services.clusters.resolve('console', this.clusterId);
    const person = await services.people.ensure(cluster.id, name, name);
    for (const role of flags.filter((f) => isOneOf(GRANTED_ROLES, f))) {
      await services.people.grantRole(cluster.id, person.id, role, null);
    }
    for (const category of CATEGORIES) {
      if (options[category]) await services.seeding.representativeOf(cluster.id, person.id, options[category]!, category);
    }
    const actor = await services.people.actor(cluster, this.user);
    this.write(translate(this.locale(), 'console.actingAs', { name, roles: [...[...actor.roles].map((r) => translate(this.locale(), `core.roles.${r}`)), ...(actor.member ? [actor.member.name] : [])].join(', ') || '—' }));
  }

  private base() {
    return { platform: 'console' as const, cluster: { externalId: this.clusterId, name: this.clusterId }, user: this.user, channelId: 'console' };
  }

  /** `pressed`: the printed message whose button or list this is, which the reply may take the place of. */
  async send(inv: Omit<Invocation, 'platform' | 'cluster' | 'user'> & Partial<Invocation>, pressed?: PrintedMessage): Promise<Reply> {
    const reply = await this.app.dispatcher.dispatch({ ...this.base(), ...inv } as Invocation);
    return this.show(reply, pressed);
  }

  private async show(reply: Reply, pressed?: PrintedMessage): Promise<Reply> {
    if (reply.form) return this.fillForm(reply.form);
    if (reply.replacesMessage && pressed) this.print(this.printed.replace(pressed.number, reply)!, true);
    // A private reply is the acting user's; a public one lands in the channel, anyone's to press.
    else if (renderReply(reply, this.locale()).trim()) this.print(this.printed.add(reply, reply.private ? this.user.id : undefined));
    if (reply.attachments?.length) await this.saveAttachments(reply);
    return reply;
  }

  /** `[3] …` for a reply, `[3] → DM @jan:` with the message indented for one sent elsewhere. */
  private print(message: PrintedMessage, updated = false): void {
    // A DM is private by nature and written in the recipient's language: no "only you can see
    // this" note in the language of whoever is at the console.
    const shown = message.header?.startsWith('→ DM') ? { ...message.reply, private: false } : message.reply;
    const body = renderReply(shown, this.locale(), message.number);
    const note = updated ? ` (${translate(this.locale(), 'console.updated')})` : '';
    if (message.header) this.write(`[${message.number}] ${message.header}${note}:\n${indent(body)}`);
    else this.write(updated ? `[${message.number}]${note}\n${body}` : `[${message.number}] ${body}`);
  }

  /** Why nothing was pressed or chosen, and what can be. */
  private explain(problem: Problem, directive: 'press' | 'choose'): string {
    const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(this.locale(), key, params);
    const user = this.user.id;
    const what = (() => {
      switch (problem.kind) {
        case 'noMessage':
          return t('console.noSuchMessage', { number: problem.number });
        case 'notYours':
          return t('console.notYours', { number: problem.number, user: problem.to });
        case 'noButton':
          if (problem.ref) return t('console.noSuchButtonRef', { ref: problem.ref, number: problem.number! });
          return problem.number !== undefined ? t('console.noSuchButtonIn', { which: problem.which, number: problem.number }) : t('console.noSuchButton', { which: problem.which });
        case 'disabled':
          return t('console.buttonDisabled', { label: problem.label });
        case 'noList':
          return problem.number !== undefined ? t('console.noChoicesIn', { number: problem.number }) : t('console.noChoices');
        case 'noChoice':
          return problem.ref ? t('console.noSuchChoiceRef', { ref: problem.ref, number: problem.number }) : t('console.noSuchChoice', { which: problem.which, number: problem.number });
      }
    })();
    if (directive === 'choose') {
      const options = problem.kind === 'noChoice' ? this.printed.options(problem.number) : this.printed.choosable(user);
      if (options.length) return [what, t('console.canChoose', { options: options.join(', ') })].join('\n');
      return problem.kind === 'noList' && problem.number === undefined ? t('console.nothingToChoose') : [what, t('console.nothingToChoose')].join('\n');
    }
    const only = problem.kind === 'noButton' ? problem.number : undefined;
    const buttons = only !== undefined && this.printed.pressable(user, 1, only).length ? this.printed.pressable(user, 1, only) : this.printed.pressable(user);
    return [what, buttons.length ? t('console.canPress', { buttons: buttons.join(', ') }) : t('console.nothingToPress')].join('\n');
  }

  /** Asks each field in turn; in a piped scenario the next lines are the answers, one per field. */
  private async fillForm(form: Form): Promise<Reply> {
    const t = (key: Parameters<typeof translate>[1]) => translate(this.locale(), key);
    this.write(`== ${form.title} ==`);
    const values: Record<string, string> = {};
    for (const field of form.fields) {
      // The choices by the names the reader knows them by; the answer may be a name or a number.
      const hint = field.options ? ` [${field.options.map((o, i) => `${i + 1}. ${o.label}`).join(' / ')}]` : '';
      // What is there now, as the reader knows it: a choice by its label, not the value behind it.
      const current = field.value ? ` (${field.options?.find((o) => o.value === field.value)?.label ?? field.value})` : '';
      const answer = await this.nextLine(`? ${field.label}${field.required ? ' *' : ''}${hint}${current}: `);
      if (answer === undefined) {
        await this.app.dispatcher.dispatch({ ...this.base(), kind: 'form', formId: form.id, values, partial: true });
        this.write(t('console.formAbandoned'));
        return {};
      }
      if (!this.io.interactive) this.write(`? ${field.label}: ${answer}`);
      values[field.name] = answer.trim() === '' && field.value !== undefined ? field.value : chosenValue(field, answer);
    }
    return this.send({ kind: 'form', formId: form.id, values, ...(form.args ? { args: form.args } : {}) });
  }

  private async saveAttachments(reply: Reply): Promise<void> {
    const dir = this.io.attachmentsDir ?? path.resolve('data', 'console-files');
    await mkdir(dir, { recursive: true });
    for (const file of reply.attachments ?? []) {
      const target = await writeNew(dir, path.basename(file.filename), file.data);
      this.write(`📎 ${target}`);
    }
  }

  // PlatformNotifier: messages to others appear in the same terminal, marked with their target.
  // A DM is the recipient's to press (after `:as` them); a post is anyone's.
  async sendPrivate(_cluster: ClusterAddress, to: PersonAddress, message: Reply): Promise<PrivateDelivery> {
    this.print(this.printed.add(message, to.platformUserId, `→ DM @${to.platformUserId}`));
    // A DM's file (a meeting's .ics) is written like a reply's: the terminal is everyone's inbox.
    if (message.attachments?.length) await this.saveAttachments(message);
    return { status: 'sent' };
  }

  async postToChannel(cluster: ClusterAddress, channel: ChannelPurpose, message: Reply): Promise<string> {
    const printed = this.printed.add(message, undefined, `→ ${channelLabel(cluster, channel, this.locale())}`);
    this.print(printed);
    return `console/${channel}/${this.session}.${printed.number}`;
  }

  /** A post of this session keeps its number; one from an earlier run is printed anew. */
  async updateMessage(cluster: ClusterAddress, ref: string, message: Reply): Promise<void> {
    const [, channel, id] = ref.split('/');
    const [session, number] = (id ?? '').split('.');
    const same = session === this.session ? this.printed.replace(Number(number), message) : undefined;
    this.print(same ?? this.printed.add(message, undefined, `→ ${channelLabel(cluster, channel as ChannelPurpose, this.locale())}`), true);
  }
}

/** A choice field's answer: its number in the hint, its name (any letter case) or its value. */
function chosenValue(field: Form['fields'][number], answer: string): string {
  if (!field.options) return answer;
  const typed = answer.trim().toLocaleLowerCase('pl');
  const byNumber = /^\d+$/.test(typed) ? field.options[Number(typed) - 1] : undefined;
  const option = byNumber ?? field.options.find((o) => o.label.toLocaleLowerCase('pl') === typed || o.value.toLocaleLowerCase('pl') === typed);
  return option?.value ?? answer;
}

/**
 * The channel a post lands in, as Discord would choose it: the one set for the purpose, else the
 * bot's channel; with none set, the purpose's name in the reader's language.
 */
function channelLabel(cluster: ClusterAddress, channel: ChannelPurpose, locale: Locale): string {
  const configured = cluster.channels[channel] ?? cluster.channels.bot;
  return configured ? `#${configured}` : `#(${translate(locale, `core.channels.${channel}`)})`;
}

/** Writes a file under a name not yet taken in `dir` (`name`, `name-2`, …): an export never replaces another. */
async function writeNew(dir: string, name: string, data: Buffer): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const target = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    try {
      await writeFile(target, data, { flag: 'wx' });
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}
