import type { CommandDefinition } from '../../core/command.ts';
import type { CommandRegistry } from '../../core/dispatcher.ts';
import { readCommandLine } from '../../core/input.ts';

/** `/pkes-activity` → `activity`; anything without the prefix is not ours. */
export function commandFromSlash(slash: string, prefix: string): string | undefined {
  const name = slash.replace(/^\//, '').toLowerCase();
  return name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1) : undefined;
}

export function slashFor(def: Pick<CommandDefinition, 'name'>, prefix: string): string {
  return `/${prefix}-${def.name}`;
}

export interface ParsedCommand {
  command: string;
  subcommand?: string;
  options: Record<string, string>;
  users: Record<string, { displayName: string }>;
}

/**
 * With "escape channels, users and links" on, Slack sends `<@U123|anna>`, `<#C123|general>`,
 * `<https://x|label>`, `<mailto:a@b.pl|a@b.pl>`, `<!here>`, and `&amp; &lt; &gt;` for `& < >`.
 * They are reduced to what a person typed (an id stands for a person or channel), without spaces
 * inside, so the core tokenizer can split the line.
 */
function unwrap(text: string, users: ParsedCommand['users']): string {
  return text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (/^@[UW][A-Z0-9]+$/.test(target)) {
      const id = target.slice(1);
      users[id] = { displayName: label || users[id]?.displayName || id };
      return `<@${id}>`;
    }
    if (/^#C[A-Z0-9]+$/.test(target)) return `<${target}>`;
    if (target.startsWith('!subteam^')) return label ?? '';
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    if (target.startsWith('mailto:')) return target.slice('mailto:'.length);
    return target;
  });
}

const decodeEntities = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** An option that is only a mention is the person's (or channel's) id, as on Discord. */
const WHOLE_MENTION = /^<[@#]([UWC][A-Z0-9]+)>$/;

/**
 * Slack hands over the text after the slash command as one string. It is read by the core's one reader of `name:value` lines, like a console line
 * (`role user:@anna role:coordinator`, quotes for spaces); the command's zod schema does the rest.
 */
export function parseCommandText(registry: CommandRegistry, command: string, text: string): ParsedCommand {
  const users: ParsedCommand['users'] = {};
  const line = readCommandLine(unwrap(text, users).replace(/[“”„]/g, '"'));
  const words = line.words.map(decodeEntities);
  const raw = line.options;
  const def = registry.get(command);
  let subcommand: string | undefined;
  const first = words[0]?.toLowerCase();
  // A mistyped subcommand is passed on too: the dispatcher answers with the list of what exists.
  if (def && !('' in def.subcommands) && first) subcommand = first;

  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const whole = WHOLE_MENTION.exec(value.trim());
    options[name] = whole ? whole[1]! : decodeEntities(value);
  }
  return { command, ...(subcommand !== undefined ? { subcommand } : {}), options, users };
}
