import { AUDIT_ACTIONS } from '../../src/core/audit.ts';
import type { Locale } from '../../src/core/i18n.ts';
import { resources } from '../../src/core/locales.ts';
import { describeOptions } from '../../src/core/options.ts';
import type { Reply } from '../../src/core/reply.ts';
import { neutralizeMentions } from '../../src/core/text.ts';
import { commands } from '../../commands/index.ts';

/**
 * Reads what the bot showed as a native reader of its language would, and lists what does not
 * belong there: a translation key, an id the code keeps (an enum value, an audit action), an
 * internal field name, or a word of the other language. Text people typed and quoted text
 * („…”, "…") are theirs and left alone; so is command syntax (`/barter offer kind:<…>`).
 */

const NAMESPACES = Object.keys(resources.pl).join('|');
const KEY = new RegExp(`\\b(?:${NAMESPACES})\\.[A-Za-z][\\w-]*(?:\\.[A-Za-z][\\w-]*)*`, 'g');
const SNAKE = /\b[a-z]+_[a-z_]+\b/g;
const POLISH_LETTERS = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;

/** Common English words that have no business in a Polish sentence. */
const ENGLISH = [
  'the', 'and', 'with', 'of', 'for', 'is', 'are', 'yes', 'you', 'your', 'please', 'member', 'members', 'activity',
  'activities', 'group', 'groups', 'meeting', 'meetings', 'poll', 'polls', 'vote', 'votes', 'error', 'none', 'not',
  'date', 'title', 'kind', 'open', 'closed', 'main', 'supporting', 'event', 'project', 'offer', 'request', 'settings',
  'unknown', 'true', 'false', 'null', 'undefined', 'NaN', 'Invalid', 'organisation', 'application', 'motion', 'proxy',
  'deadline', 'reason', 'outcome', 'decision', 'accepted', 'refused', 'conditional', 'pending', 'active', 'suspended',
  'ended', 'withdrawn', 'done', 'expired', 'other', 'free', 'team', 'coordinator', 'days', 'hours', 'answer',
];

/** Common Polish words that have no business in an English sentence (besides any word with Polish letters). */
const POLISH = [
  'nie', 'jest', 'oraz', 'dla', 'lub', 'albo', 'czy', 'przez', 'przy', 'jako', 'brak', 'organizacja', 'organizacji',
  'członek', 'spotkanie', 'ankieta', 'koordynator', 'termin', 'tak', 'zgłoszenie', 'grupa', 'wymiana', 'dni', 'godzin',
  'inne', 'inna', 'uwaga', 'data', 'opis', 'wynik', 'widoczne', 'tylko', 'ciebie', 'zostało', 'twoja', 'twoje', 'jeszcze', 'teraz', 'może', 'można',
];

type Words = Set<string>;

/** Words the translations of a language use themselves: never flagged in that language. */
function templateWords(locale: Locale): Words {
  const words = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const w of node.replace(/\{\w+\}/g, ' ').split(/[^\p{L}\p{N}-]+/u)) if (w) words.add(w);
    } else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(resources[locale]);
  return words;
}

interface Vocabulary {
  templates: Record<Locale, Words>;
  /** Ids the code keeps that a person must never see: enum values, audit actions, option names. */
  ids: string[];
}

let vocabulary: Vocabulary | undefined;
function vocab(): Vocabulary {
  if (vocabulary) return vocabulary;
  const templates = { pl: templateWords('pl'), en: templateWords('en') };
  const ids = new Set<string>();
  for (const def of commands) {
    for (const sub of Object.values(def.subcommands)) {
      for (const spec of describeOptions(sub.options)) {
        if (/[_A-Z]/.test(spec.name)) ids.add(spec.name);
        for (const value of spec.choices ?? []) if (/[-A-Z.]/.test(value.slice(1))) ids.add(value);
      }
    }
  }
  for (const action of AUDIT_ACTIONS) ids.add(action);
  // An id both translations use as a word (know-how) is a word.
  vocabulary = { templates, ids: [...ids].filter((id) => !(templates.pl.has(id) && templates.en.has(id))).sort((a, b) => b.length - a.length) };
  return vocabulary;
}

/** Every piece of text a reply shows, including its form, buttons, choices and text files. */
export function shownText(reply: Reply): string[] {
  const out: string[] = [];
  const push = (s: string | undefined) => s && out.push(s);
  push(reply.title);
  push(reply.text);
  for (const f of reply.fields ?? []) (push(f.label), push(f.value));
  for (const b of reply.buttons ?? []) push(b.label);
  if (reply.choices) {
    push(reply.choices.placeholder);
    for (const o of reply.choices.options) (push(o.label), push(o.description));
  }
  if (reply.form) {
    push(reply.form.title);
    for (const f of reply.form.fields) {
      push(f.label);
      push(f.placeholder);
      for (const o of f.options ?? []) push(o.label);
    }
  }
  for (const message of Object.values(reply.fieldErrors ?? {})) push(message);
  for (const file of reply.attachments ?? []) {
    if (file.locale) continue; // read in its own language by languageProblems
    // JSON exports are the stored records themselves (ids and all), for a person's own use.
    if (/^text\/(csv|markdown|plain)/.test(file.contentType)) push(file.data.toString('utf8').replace(/^\uFEFF/, ''));
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes what is not the bot's own prose: people's text, quotes, mentions, links, syntax, ids. */
function ownProse(text: string, typed: readonly string[]): string {
  // The bot defuses mentions in people's text (`<!channel>` becomes `@\u200bchannel`): typed text is
  // looked for as typed and as shown, and compared without the zero-width spaces.
  const visible = (s: string) => s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  let t = visible(text);
  for (const s of typed.flatMap((x) => [x, neutralizeMentions(x)]).map(visible)) if (s) t = t.split(s).join(' ¤ ');
  return t
    .replace(/„[^”\n]*”|“[^”\n]*”|"[^"\n]*"|«[^»\n]*»/g, ' ¤ ')
    .replace(/`[^`\n]*`/g, ' ¤ ')
    .replace(/<[@#][^>\s]+>/g, ' ¤ ')
    .replace(/https?:\/\/\S+/g, ' ¤ ')
    .replace(/\[?[\w-]+:<…>\]?/g, ' ¤ ')
    .replace(/(^|\s)\/[a-z][\w-]*(?: [a-z][\w-]*)?/g, '$1¤ ')
    .replace(/\b[a-z0-9]{20,}\b/g, ' ¤ ')
    .replace(/\b[\w-]+\.(csv|md|json|png)\b(?![.\w])/g, ' ¤ ');
}

/** What a native reader of `locale` would stumble over in this reply. */
export function languageProblems(reply: Reply, locale: Locale, typed: readonly string[]): string[] {
  const { templates, ids } = vocab();
  const problems: string[] = [];
  const typedLongestFirst = [...typed].sort((a, b) => b.length - a.length);
  for (const file of reply.attachments ?? []) {
    if (file.locale) problems.push(...languageProblems({ attachments: [{ ...file, locale: undefined }] }, file.locale, typed));
  }
  for (const raw of shownText(reply)) {
    const prose = ownProse(raw, typedLongestFirst);
    const say = (what: string, found: string) => problems.push(`${what} "${found}" in: ${raw.slice(0, 160).replace(/\n/g, ' ⏎ ')}`);
    for (const m of prose.matchAll(KEY)) say('translation key', m[0]);
    for (const m of prose.matchAll(SNAKE)) say('internal name', m[0]);
    for (const id of ids) if (!templates[locale].has(id) && new RegExp(`(^|[^\\p{L}\\p{N}.-])${escapeRegExp(id)}($|[^\\p{L}\\p{N}-])`, 'u').test(prose)) say('id', id);
    const words = prose.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
    if (locale === 'pl') {
      for (const w of words) if (ENGLISH.includes(w.toLowerCase()) && !templates.pl.has(w) && !templates.pl.has(w.toLowerCase())) say('English word', w);
    } else {
      for (const w of words) {
        const polish = POLISH_LETTERS.test(w) || POLISH.includes(w.toLowerCase());
        if (polish && !templates.en.has(w)) say('Polish word', w);
      }
    }
  }
  return [...new Set(problems)];
}
