import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import type { ChannelPurpose, ClusterAddress, PersonAddress } from '../../src/core/notifier.ts';
import { splitOptions, tokenize } from '../../src/core/input.ts';
import type { Reply } from '../../src/core/reply.ts';
import { showUserTextIn } from '../../src/core/text.ts';
import { recordReply, recordTyped } from '../support/rendered.ts';
import { createTestApp, perTest, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { generalMeeting } from '../governance/support.ts';

/*
 * A person at the console's terminal, for the click-through tests: types lines, reads the numbers
 * the console printed beside buttons and list entries, and presses only those.
 */

export interface Printed {
  number: number;
  /** `→ DM @jan`, `→ #(ogłoszenia)`, '' for a reply; with `(zmieniona)` when reprinted after a change. */
  header: string;
  text: string;
  buttons: { ref: string; label: string }[];
  options: { ref: string; label: string }[];
}

const PROMPT = /^[\p{L}\d_.-]+> /u;

/** The messages on the screen, in print order (a message changed later appears again, same number). */
function printedMessages(screen: string): Printed[] {
  const out: Printed[] = [];
  let current: Printed | undefined;
  for (const line of screen.split('\n')) {
    // A message that arrives while the console waits (a job's DM) is printed right after the prompt.
    const start = /^(?:[\p{L}\d_.-]+> )?\[(\d+)\] ?(.*)$/u.exec(line);
    if (start) {
      const [, number, rest = ''] = start;
      const header = rest.startsWith('→ ') || rest.startsWith('(') ? rest.replace(/:$/, '') : '';
      current = { number: Number(number), header, text: header ? '' : rest, buttons: [], options: [] };
      out.push(current);
      continue;
    }
    if (PROMPT.test(line) || line.startsWith('? ') || line.startsWith('== ')) {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const trimmed = line.trim();
    if (/^\[\d+\.\d+\] /.test(trimmed)) {
      for (const part of trimmed.split(/\s{2,}(?=\[)/)) {
        const button = /^\[(\d+\.\d+)\] (.+?)( \(—\))?$/.exec(part);
        if (button && !button[3]) current.buttons.push({ ref: button[1]!, label: button[2]! });
      }
    } else if (/^\(\d+\.\d+\) /.test(trimmed)) {
      const option = /^\((\d+\.\d+)\) (.+?)(?: – .*)?$/.exec(trimmed)!;
      current.options.push({ ref: option[1]!, label: option[2]! });
    } else current.text += `${current.text ? '\n' : ''}${trimmed}`;
  }
  return out;
}

/**
 * The console as it is, handing every reply, DM and post it prints to the language check that
 * runs after each test (test/support/setup.ts), as the harness's recording notifier does.
 */
class CheckedConsole extends ConsoleAdapter {
  private check(reply: Reply, where: string): void {
    if (Object.keys(reply).length && !reply.form) recordReply(showUserTextIn(reply, (value) => value), where);
  }
  override async send(...args: Parameters<ConsoleAdapter['send']>): Promise<Reply> {
    const reply = await super.send(...args);
    this.check(reply, 'console reply');
    return reply;
  }
  override sendPrivate(cluster: ClusterAddress, to: PersonAddress, message: Reply) {
    this.check(message, `DM to ${to.platformUserId}`);
    return super.sendPrivate(cluster, to, message);
  }
  override postToChannel(cluster: ClusterAddress, channel: ChannelPurpose, message: Reply) {
    this.check(message, `post to #${channel}`);
    return super.postToChannel(cluster, channel, message);
  }
  override updateMessage(cluster: ClusterAddress, ref: string, message: Reply) {
    this.check(message, `update of ${ref}`);
    return super.updateMessage(cluster, ref, message);
  }
}

/** What the person typed comes back as typed: names, titles, answers are theirs, in any language. */
function recordTypedLine(line: string): void {
  if (!line.startsWith('/') && !line.startsWith(':')) return recordTyped(line);
  const { words, options } = splitOptions(tokenize(line.slice(1)));
  if (line.startsWith(':as')) recordTyped(words[1]);
  for (const value of Object.values(options)) if (!/^(true|false|en|pl)$/.test(value)) recordTyped(value);
}

/**
 * A person at the terminal: types a line, waits until the console asks for the next one (the
 * `name> ` prompt, or a form's `? Field: `), and reads what it printed meanwhile.
 */
export class Terminal {
  private out = '';
  /** The output with each typed line after its prompt, as the terminal shows it. */
  private screen = '';
  private readonly input = new PassThrough();
  private readonly done: Promise<void>;
  /** What the console printed since the last line typed: its last line is the prompt it waits at. */
  private last = '';

  /** `attachmentsDir`: where the console writes the files it is sent (its default is data/console-files). */
  constructor(t: TestApp, opts: { attachmentsDir?: string } = {}) {
    const output = new Writable({
      write: (chunk, _enc, next) => {
        this.out += chunk.toString();
        this.screen += chunk.toString();
        next();
      },
    });
    this.done = new CheckedConsole(t.app, { input: this.input, output, interactive: true, ...opts }).run();
  }

  /** Waits for the console's next prompt (a line left open), and a moment more for anything after it. */
  private async prompted(from: number): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const length = this.out.length;
      if (length > from && !this.out.endsWith('\n')) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (this.out.length === length) return this.out.slice(from);
      }
      if (Date.now() > deadline) throw new Error(`no prompt after:\n${this.out.slice(from)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async start(): Promise<string> {
    return (this.last = await this.prompted(0));
  }

  /** Types one line; returns what the console printed in answer, up to its next prompt. */
  async type(line: string): Promise<string> {
    const from = this.out.length;
    this.screen += `${line}\n`;
    recordTypedLine(line);
    this.input.write(`${line}\n`);
    return (this.last = await this.prompted(from));
  }

  /** The prompt the console waits at: `anna> ` or `? Field *  [1. tak / 2. nie]: `. */
  get prompt(): string {
    return this.last.slice(this.last.lastIndexOf('\n') + 1);
  }

  /** The whole session as the person saw it. */
  get shown(): string {
    return this.screen;
  }

  /** Every message printed so far; the newest version of a changed one. */
  messages(): Printed[] {
    const byNumber = new Map<number, Printed>();
    for (const m of printedMessages(this.screen)) byNumber.set(m.number, m);
    return [...byNumber.values()];
  }

  /** The newest printed message that says `text` (its header counts: `→ DM @jan`). */
  message(text: string | RegExp, header?: string): Printed {
    const says = (m: Printed) => (typeof text === 'string' ? m.text.includes(text) : text.test(m.text)) && (header === undefined || m.header.startsWith(header));
    const found = this.messages().filter(says).at(-1);
    if (!found) throw new Error(`nothing printed says ${String(text)}${header ? ` (${header})` : ''}:\n${this.screen}`);
    return found;
  }

  /** Presses the button of that printed message by the number printed beside its label. */
  press(message: Printed, label: string): Promise<string> {
    const button = message.buttons.find((b) => b.label === label);
    if (!button) throw new Error(`message [${message.number}] has no button "${label}": ${message.buttons.map((b) => b.label).join(', ')}`);
    return this.type(`:press ${button.ref}`);
  }

  /** Chooses from the newest printed list of a message that says `text`, by the numbers printed beside the names. */
  choose(text: string, names: string[]): Promise<string> {
    const list = this.message(text);
    const refs = names.map((n) => {
      const option = list.options.find((o) => o.label === n);
      if (!option) throw new Error(`no option ${n} in [${list.number}]: ${list.options.map((o) => o.label).join(', ')}`);
      return option.ref;
    });
    return this.type(`:choose ${refs.join(',')}`);
  }

  /** Someone takes the keyboard (`:as`), presses a button of a printed message, and reads the answer. */
  async pressAs(person: string, message: Printed, label: string, answer: string | RegExp): Promise<Printed> {
    await this.type(`:as ${person}`);
    await this.press(message, label);
    return this.message(answer);
  }

  /**
   * Answers the form the console is asking, field by field: a choice by the number printed beside
   * the wanted name, text as given, an empty line for a field not given (the console keeps its value).
   */
  async fill(answers: Record<string, string>): Promise<string> {
    let printed = '';
    const unused = new Set(Object.keys(answers));
    for (let field = this.prompt; field.startsWith('? '); field = this.prompt) {
      const asked = /^\? (.+?)( \*)?(?: \[(.+)\])?(?: \(.*\))?: $/s.exec(field);
      if (!asked) throw new Error(`cannot read the prompt ${field}`);
      const [, label = '', required, hint] = asked;
      const key = Object.keys(answers).find((k) => label.startsWith(k));
      if (key === undefined && required) throw new Error(`the form asks for "${label}", which the test does not answer`);
      let answer = key === undefined ? '' : answers[key]!;
      if (key !== undefined) unused.delete(key);
      if (hint && answer) {
        const options = [...hint.matchAll(/(\d+)\. (.*?)(?= \/ \d+\. |$)/g)].map(([, n, name]) => ({ n: n!, name: name! }));
        const option = options.find((o) => o.name.toLowerCase() === answer.toLowerCase());
        if (!option) throw new Error(`"${label}" offers ${hint}, not ${answer}`);
        answer = option.n;
      }
      printed = await this.type(answer);
    }
    expect([...unused], 'fields the form never asked for').toEqual([]);
    return printed;
  }

  async quit(): Promise<void> {
    this.input.end();
    await this.done;
  }
}

/** A terminal on its own bot (`term.t`). */
export type BotTerminal = Terminal & { readonly t: TestApp };

/**
 * The `:as` lines that put people at the console, in order, each with its roles and the
 * organisation it represents as `:as` takes them (`coordinator`, `main:"Fundacja Horyzont"`);
 * the last one keeps the keyboard.
 */
export function signedIn(people: Record<string, string>): string[] {
  return Object.entries(people).map(([person, roles]) => `:as ${person} ${roles}`);
}

/**
 * The General Meeting of 10 March 2026 in the calendar (test/governance/support.ts), each
 * representative signed in with its member organisation, and anna, the coordinator, at the keyboard.
 */
export async function atGeneralMeeting(term: BotTerminal, representatives: Record<string, string>): Promise<void> {
  await generalMeeting(term.t);
  const members = Object.fromEntries(Object.entries(representatives).map(([person, organisation]) => [person, `main:"${organisation}"`]));
  for (const line of signedIn({ ...members, anna: 'coordinator' })) await term.type(line);
}

/**
 * A console on a fresh bot for each test of the enclosing describe: the clock at `start`, the lines
 * of `typed` typed first (who is who: `signedIn`), quit and closed after the test. `term.t` is its bot.
 */
export function terminalPerTest(start: string, typed: string[] = []): BotTerminal {
  return perTest(
    async () => {
      const t = await createTestApp({ start, env: { CONSOLE_CLUSTER: TEST_CLUSTER } });
      const term = Object.assign(new Terminal(t), { t });
      await term.start();
      for (const line of typed) await term.type(line);
      return term;
    },
    async (term) => {
      await term.quit();
      await term.t.close();
    },
  );
}

export interface ScriptedConsole {
  readonly t: TestApp;
  /** The folder the console writes its files into (one of this test's own). */
  readonly files: string;
  /** Feeds the lines as standard input that is not a terminal would; returns all the console printed. */
  run(lines: string[]): Promise<string>;
}

/**
 * The console fed a script, as `npm start < scenario.txt` is, in-process on a fresh bot for each
 * test of the enclosing describe: the clock at `start`, `then` given the bot and its cluster id
 * before the test; the files it writes land in `files`, removed after the test.
 */
export function scriptedConsolePerTest(start: string, then?: (t: TestApp, clusterId: string) => Promise<void>): ScriptedConsole {
  return perTest(
    async () => {
      const t = await createTestApp({ start, env: { CONSOLE_CLUSTER: TEST_CLUSTER } });
      const files = mkdtempSync(path.join(tmpdir(), 'pkes-console-files-'));
      if (then) await then(t, (await t.app.services.clusters.resolve('console', TEST_CLUSTER)).id);
      const run = async (lines: string[]) => {
        let out = '';
        const output = new Writable({
          write(chunk, _enc, done) {
            out += chunk.toString();
            done();
          },
        });
        for (const line of lines) recordTypedLine(line);
        await new ConsoleAdapter(t.app, { input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, attachmentsDir: files }).run();
        return out;
      };
      return { t, files, run };
    },
    async ({ t, files }) => {
      await t.close();
      rmSync(files, { recursive: true, force: true });
    },
  );
}
