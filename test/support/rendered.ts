import type { Reply } from '../../src/core/reply.ts';

/**
 * Everything the test harness saw the bot show someone: command replies, DMs, channel posts and
 * their updates, forms and attached files. `test/support/setup.ts` reads every one after each test
 * in the language it is written in (test/support/language.ts), so any test scenario that shows a
 * raw key, an id or a word of the other language fails.
 */
export interface Rendered {
  reply: Reply;
  where: string;
}

export const rendered: Rendered[] = [];

/**
 * Text that people typed (options, form answers, names of organisations and people in the test):
 * shown back as given, in whatever language it was typed, so the language check leaves it alone.
 */
export const typedByPeople = new Set<string>();

export function recordReply(reply: Reply, where: string): void {
  rendered.push({ reply, where });
}

export function recordTyped(value: unknown): void {
  if (typeof value === 'string') {
    if (value.trim().length >= 2) typedByPeople.add(value.trim());
    // Lists typed as "A; B; C" come back one by one.
    for (const part of value.split(/[;,\n]/)) if (part.trim().length >= 2) typedByPeople.add(part.trim());
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) recordTyped(v);
  }
}

export function clearRendered(): void {
  rendered.length = 0;
  typedByPeople.clear();
}
