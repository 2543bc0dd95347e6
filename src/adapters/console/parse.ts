/**
 * The console's line format (README, "Console"): the same slash commands members type, with
 * options as `name:value` (quote values with spaces: `title:"Warsztaty szycia"`), plus a few
 * `:directives` to switch the acting user, press buttons and choose from lists.
 */

import { splitOptions, tokenize } from '../../core/input.ts';

export type ConsoleLine =
  | { kind: 'empty' }
  | { kind: 'command'; command: string; words: string[]; options: Record<string, string> }
  /** `rest`: the text after the name as typed, for directives that take a label (`:press Głosuj za: tak`). */
  | { kind: 'directive'; name: string; words: string[]; options: Record<string, string>; rest: string }
  | { kind: 'text'; text: string };

export function parseLine(line: string): ConsoleLine {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return { kind: 'empty' };
  if (trimmed.startsWith('/')) {
    const [head, ...rest] = tokenize(trimmed.slice(1));
    return { kind: 'command', command: (head ?? '').toLowerCase(), ...splitOptions(rest) };
  }
  if (trimmed.startsWith(':')) {
    const [head, ...rest] = tokenize(trimmed.slice(1));
    return { kind: 'directive', name: (head ?? '').toLowerCase(), ...splitOptions(rest), rest: trimmed.slice(1).replace(/^\S*\s*/, '') };
  }
  return { kind: 'text', text: line };
}
