import type { Button, ChoiceList, ChoiceOption, Reply } from '../../core/reply.ts';

/**
 * Every message the console printed in this session, by the number it was printed with, so that
 * `:press 3.2` and `:choose 3.1` reach a button or a list on any of them, not only the last reply
 * (README, "Console"). A message addressed to one person (a DM, a private reply) is theirs to
 * press; a channel post or a public reply is anyone's, and the press carries whoever acts.
 */
export interface PrintedMessage {
  number: number;
  reply: Reply;
  /** The console user it was addressed to; none: the channel's, anyone may press. */
  to?: string;
  /** `→ DM @jan`, `→ #ogloszenia`; none for a reply to whoever typed the command. */
  header?: string;
}

export type Problem =
  | { kind: 'noMessage'; number: number }
  | { kind: 'notYours'; number: number; to: string }
  /** `ref`: asked for by number (`3.5`), else `which` is a label. */
  | { kind: 'noButton'; which: string; number?: number; ref?: string }
  | { kind: 'disabled'; label: string }
  | { kind: 'noList'; number?: number }
  | { kind: 'noChoice'; which: string; number: number; ref?: string };

export type Found<T> = { ok: true; message: PrintedMessage } & T;
export type Lookup<T> = Found<T> | { ok: false; problem: Problem };

/** A button or an option as it is printed: `[3.2] Głosuj za`, `(3.1) Czerwiec`. */
export const buttonRef = (m: PrintedMessage, i: number) => `${m.number}.${i + 1}`;

/** Buttons that call back, in the order they are numbered (link buttons are shown, not pressed). */
export const pressableButtons = (reply: Reply): Button[] => (reply.buttons ?? []).filter((b) => !b.url);

const same = (a: string, b: string) => a.trim().toLocaleLowerCase('pl') === b.trim().toLocaleLowerCase('pl');
const unquote = (text: string) => text.trim().replace(/^"(.*)"$/s, '$1').trim();

export class PrintedMessages {
  private readonly all: PrintedMessage[] = [];

  add(reply: Reply, to: string | undefined, header?: string): PrintedMessage {
    const message: PrintedMessage = { number: this.all.length + 1, reply, ...(to !== undefined ? { to } : {}), ...(header ? { header } : {}) };
    this.all.push(message);
    return message;
  }

  get(number: number): PrintedMessage | undefined {
    return this.all[number - 1];
  }

  /** The message shows something else now (edited on a platform): same number, same reader. */
  replace(number: number, reply: Reply): PrintedMessage | undefined {
    const message = this.get(number);
    if (message) message.reply = reply;
    return message;
  }

  private mayPress(m: PrintedMessage, user: string): boolean {
    return m.to === undefined || m.to === user;
  }

  /** The messages `user` may press, newest first. */
  private mine(user: string): PrintedMessage[] {
    return this.all.filter((m) => this.mayPress(m, user)).reverse();
  }

  private addressed(number: number, user: string): Lookup<object> {
    const message = this.get(number);
    if (!message) return { ok: false, problem: { kind: 'noMessage', number } };
    if (!this.mayPress(message, user)) return { ok: false, problem: { kind: 'notYours', number, to: message.to! } };
    return { ok: true, message };
  }

  /**
   * `3.2` (button 2 of message 3), `3 Głosuj za` (by label in message 3), `2` (button 2 of the
   * newest message with buttons), `Głosuj za` (the newest message with that label).
   */
  button(spec: string, user: string): Lookup<{ button: Button }> {
    const text = unquote(spec);
    const pick = (message: PrintedMessage, button: Button | undefined, which: string, index?: string): Lookup<{ button: Button }> => {
      if (!button) return { ok: false, problem: { kind: 'noButton', which, number: message.number, ...(index ? { ref: `${message.number}.${index}` } : {}) } };
      if (button.disabled) return { ok: false, problem: { kind: 'disabled', label: button.label } };
      return { ok: true, message, button };
    };
    const numbered = /^(\d+)\.(\d+)$/.exec(text);
    if (numbered) {
      const found = this.addressed(Number(numbered[1]), user);
      return found.ok ? pick(found.message, pressableButtons(found.message.reply)[Number(numbered[2]) - 1], text, numbered[2]) : found;
    }
    if (/^\d+$/.test(text)) {
      const newest = this.mine(user).find((m) => pressableButtons(m.reply).length > 0);
      if (!newest) return { ok: false, problem: { kind: 'noButton', which: text } };
      return pick(newest, pressableButtons(newest.reply)[Number(text) - 1], text, text);
    }
    const inMessage = /^(\d+)\s+(.+)$/s.exec(text);
    if (inMessage && this.get(Number(inMessage[1]))) {
      const found = this.addressed(Number(inMessage[1]), user);
      const label = unquote(inMessage[2]!);
      return found.ok ? pick(found.message, pressableButtons(found.message.reply).find((b) => same(b.label, label)), label) : found;
    }
    const hasLabel = (m: PrintedMessage) => pressableButtons(m.reply).some((b) => same(b.label, text));
    const newest = this.mine(user).find(hasLabel);
    if (newest) return pick(newest, pressableButtons(newest.reply).find((b) => same(b.label, text)), text);
    const others = [...this.all].reverse().find(hasLabel);
    if (others) return { ok: false, problem: { kind: 'notYours', number: others.number, to: others.to! } };
    return { ok: false, problem: { kind: 'noButton', which: text } };
  }

  /**
   * `3.1` or `3.1,3.3` (options of message 3's list), `3 Czerwiec` (by name in message 3), `1,3`
   * or `Czerwiec` (the newest list you may choose from, or the newest holding that name).
   */
  choice(spec: string, user: string): Lookup<{ list: ChoiceList; values: string[] }> {
    const items = unquote(spec)
      .split(',')
      .map(unquote)
      .filter(Boolean);
    let number: number | undefined;
    const first = /^(\d+)\s+(.+)$/s.exec(items[0] ?? '');
    if (items.length && items.every((i) => /^\d+\.\d+$/.test(i))) {
      const numbers = new Set(items.map((i) => Number(i.split('.')[0])));
      number = Number(items[0]!.split('.')[0]);
      if (numbers.size > 1) return { ok: false, problem: { kind: 'noChoice', which: items.find((i) => Number(i.split('.')[0]) !== number)!, number } };
      items.splice(0, items.length, ...items.map((i) => i.split('.')[1]!));
    } else if (first && this.get(Number(first[1]))) {
      number = Number(first[1]);
      items[0] = unquote(first[2]!);
    }
    let message: PrintedMessage | undefined;
    if (number !== undefined) {
      const found = this.addressed(number, user);
      if (!found.ok) return found;
      message = found.message;
    } else {
      const lists = this.mine(user).filter((m) => m.reply.choices);
      const fits = (m: PrintedMessage) => items.every((i) => /^\d+$/.test(i) || optionOf(m.reply.choices!, i));
      message = lists.find(fits) ?? lists[0];
    }
    const list = message?.reply.choices;
    if (!message || !list) return { ok: false, problem: { kind: 'noList', ...(number !== undefined ? { number } : {}) } };
    const values: string[] = [];
    for (const item of items) {
      const option = /^\d+$/.test(item) ? list.options[Number(item) - 1] : optionOf(list, item);
      if (!option) return { ok: false, problem: { kind: 'noChoice', which: item, number: message.number, ...(/^\d+$/.test(item) ? { ref: `${message.number}.${item}` } : {}) } };
      values.push(option.value);
    }
    if (!values.length) return { ok: false, problem: { kind: 'noChoice', which: '', number: message.number } };
    return { ok: true, message, list, values };
  }

  /** What `user` may press now, newest messages first: `[3.1] Zweryfikuj` … (at most `limit` messages). */
  pressable(user: string, limit = 5, only?: number): string[] {
    const messages = only !== undefined ? [this.get(only)].filter((m): m is PrintedMessage => Boolean(m && this.mayPress(m, user))) : this.mine(user);
    return messages
      .filter((m) => pressableButtons(m.reply).some((b) => !b.disabled))
      .slice(0, limit)
      .flatMap((m) => pressableButtons(m.reply).flatMap((b, i) => (b.disabled ? [] : [`[${buttonRef(m, i)}] ${b.label}`])));
  }

  /** The options of one list as printed: `(3.1) Czerwiec` … */
  options(number: number): string[] {
    const m = this.get(number);
    return (m?.reply.choices?.options ?? []).map((o, i) => `(${buttonRef(m!, i)}) ${o.label}`);
  }

  /** The newest lists `user` may choose from, as `(3.1) Czerwiec` … */
  choosable(user: string, limit = 3): string[] {
    return this.mine(user)
      .filter((m) => m.reply.choices)
      .slice(0, limit)
      .flatMap((m) => this.options(m.number));
  }
}

function optionOf(list: ChoiceList, typed: string): ChoiceOption | undefined {
  return list.options.find((o) => same(o.label, typed)) ?? list.options.find((o) => same(o.value, typed));
}
