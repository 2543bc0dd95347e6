/**
 * The console's line format (README, "Console"): the same slash commands members type, with
 * options as `name:value` (quote values with spaces: `title:"Warsztaty szycia"`), plus a few
 * `:directives` to switch the acting user, press buttons and choose from lists.
 */

export type ConsoleLine =
  | { kind: 'empty' }
  | { kind: 'command'; command: string; words: string[]; options: Record<string, string> }
  | { kind: 'directive'; name: string; words: string[]; options: Record<string, string> }
  | { kind: 'text'; text: string };

/** Splits on spaces, keeping "quoted text" together (\" for a quote inside). */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && quoted && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      has = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (has || current) tokens.push(current);
      current = '';
      has = false;
    } else {
      current += ch;
      has = true;
    }
  }
  if (has || current) tokens.push(current);
  return tokens;
}

/** `name:value` and `name=value` are options; anything else is a word. */
function split(tokens: string[]): { words: string[]; options: Record<string, string> } {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (const token of tokens) {
    const match = /^([A-Za-z][\w-]*)[:=](.*)$/s.exec(token);
    if (match) options[match[1]!] = match[2]!;
    else words.push(token);
  }
  return { words, options };
}

export function parseLine(line: string): ConsoleLine {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return { kind: 'empty' };
  if (trimmed.startsWith('/')) {
    const [head, ...rest] = tokenize(trimmed.slice(1));
    return { kind: 'command', command: (head ?? '').toLowerCase(), ...split(rest) };
  }
  if (trimmed.startsWith(':')) {
    const [head, ...rest] = tokenize(trimmed.slice(1));
    return { kind: 'directive', name: (head ?? '').toLowerCase(), ...split(rest) };
  }
  return { kind: 'text', text: line };
}
