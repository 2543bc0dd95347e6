import { DateTime } from 'luxon';
import { z } from 'zod';
import { DomainError } from './errors.ts';
import { readMoney } from './money.ts';
import type { Translate, TranslationKey } from './i18n.ts';

/**
 * One way to read what people type, for every command and platform: dates and date-times in the
 * cluster's time zone, lists, visible text, links, and the `name:value` line that the console and
 * Slack hand over as one string. Formats accepted anywhere are accepted everywhere.
 */

// ---------------------------------------------------------------------------------------------
// The `name:value` line

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

const OPTION = /^([A-Za-z][\w-]*)[:=](.*)$/s;

/**
 * `name:value` and `name=value` are options; anything else is a word. A link typed bare
 * (`https://…`) stays a word: its scheme is not an option named `https`.
 */
export function splitOptions(tokens: string[]): { words: string[]; options: Record<string, string> } {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (const token of tokens) {
    const match = OPTION.exec(token);
    if (match && !match[2]!.startsWith('//')) options[match[1]!] = match[2]!;
    else words.push(token);
  }
  return { words, options };
}

/** The text after a slash command, read as words and `name:value` options. */
export function readCommandLine(text: string): { words: string[]; options: Record<string, string> } {
  return splitOptions(tokenize(text));
}

// ---------------------------------------------------------------------------------------------
// Lists

/**
 * Items typed on one line or one per line: separated by `;` or line breaks, never by commas,
 * which organisation names and answers may contain. Blank items are dropped.
 */
export function readList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Visible text and links

/** Whitespace, zero-width and other invisible format characters (ZWSP, ZWJ, BOM, soft hyphen…). */
const INVISIBLE = /[\s\p{Cf}\u115f\u1160\u3164\uffa0\u2800]/gu;

/** True when the text shows something once the invisible characters are gone. */
export function isVisible(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

/**
 * Every text option and form field: text that is only spaces and zero-width characters would
 * publish an empty-looking title or card, so it is refused like a missing value. Empty or blank
 * text is left to `.trim().min()` and `.optional()` to judge.
 */
export const text = () => z.string().refine((value) => value.trim() === '' || isVisible(value), { message: 'core.validation.invisible' });

/** Only http(s) links: `javascript:` and other schemes would run or mislead where shown. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const httpUrl = () => z.string().trim().refine(isHttpUrl, { message: 'core.validation.url' });

/** A phone number as people write it: digits with spaces, dashes or brackets, a leading + for the country; 7 to 15 digits (E.164's most). */
export function isPhone(value: string): boolean {
  if (!/^\+?[\d ()-]+$/.test(value.trim())) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** An e-mail address (zod's check), for fields that also take another word (a dash that clears it). */
export function isEmail(value: string): boolean {
  return z.email().safeParse(value.trim()).success;
}

// ---------------------------------------------------------------------------------------------
// Money

/** An amount option: checked with the other options, read into grosze by `readAmount`. */
export const amountText = () => z.string().trim().refine((v) => readMoney(v) !== undefined, { message: 'core.validation.amount' });

/** "150,00 zł", "1 250", "PLN 12.5" → grosze; a clear message naming the field when it is not an amount. */
export function readAmount(value: string, field: string): number {
  const grosze = readMoney(value);
  if (grosze === undefined) throw new DomainError('core.input.badAmount', { value: value.trim() }, { [field]: 'core.validation.amount' });
  return grosze;
}

// ---------------------------------------------------------------------------------------------
// Dates and times

interface DayParts {
  year: number;
  month: number;
  day: number;
}
interface TimeParts {
  hour: number;
  minute: number;
}

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
/** 20.03.2026, 20.3.2026, 20/03/2026, 20.03.26 */
const EUROPEAN_DAY = /^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})$/;
/** 10:00, 10.00, 9:30 */
const TIME = /^(\d{1,2})[:.](\d{2})$/;
/** A date and a time: "2026-03-20 10:00", "2026-03-20T10:00", "20.03.2026, 10.00". */
const DATE_TIME = /^(\S+?)(?:\s*,\s*|\s+|T)(\d{1,2}[:.]\d{2})$/;

function dayParts(text: string): DayParts | undefined {
  const value = text.trim();
  let parts: DayParts | undefined;
  const iso = ISO_DAY.exec(value);
  if (iso) parts = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const eu = EUROPEAN_DAY.exec(value);
  if (eu) parts = { year: eu[3]!.length === 2 ? 2000 + Number(eu[3]) : Number(eu[3]), month: Number(eu[2]), day: Number(eu[1]) };
  if (!parts) return undefined;
  // 31.02 and 13th months are not days; luxon says so for any zone.
  return DateTime.fromObject(parts, { zone: 'UTC' }).isValid ? parts : undefined;
}

function timeParts(text: string): TimeParts | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function dateTimeParts(text: string): (DayParts & TimeParts) | undefined {
  const match = DATE_TIME.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return undefined;
  const day = dayParts(match[1]!);
  const time = timeParts(match[2]!);
  return day && time ? { ...day, ...time } : undefined;
}

/** Whether the text is a date in one of the accepted formats (any zone). */
export const isDateText = (value: string) => dayParts(value) !== undefined;
export const isTimeText = (value: string) => timeParts(value) !== undefined;
export const isDateTimeText = (value: string) => dateTimeParts(value) !== undefined;

/** Option schemas: the format is checked with the other options; the zone is applied by `readDate…`. */
export const dateText = () => z.string().trim().refine(isDateText, { message: 'core.validation.date' });
export const timeText = () => z.string().trim().refine(isTimeText, { message: 'core.validation.time' });
export const dateTimeText = (opts: { dateAlone?: boolean } = {}) =>
  z
    .string()
    .trim()
    .refine((v) => isDateTimeText(v) || (opts.dateAlone === true && isDateText(v)), { message: opts.dateAlone ? 'core.validation.dateOrDateTime' : 'core.validation.dateTime' });

/** A local date-time as read: the instant, and when the wall-clock time occurs twice, which one was taken. */
export interface LocalDateTime {
  at: Date;
  /** The night the clocks go back: the earlier of the two instants is taken, and the reply says so. */
  ambiguous?: { when: string; offset: string; otherOffset: string };
}

/** A day in the cluster's zone, as its first moment. */
export function readDate(value: string, zone: string, field: string): DateTime {
  const parts = dayParts(value);
  if (!parts) throw new DomainError('core.input.badDate', { value: value.trim() }, { [field]: 'core.validation.date' });
  return DateTime.fromObject(parts, { zone }).startOf('day');
}

/**
 * A date with a time in the cluster's zone. With `dateAlone`, a bare date means that day's start
 * or, for a deadline, its last minute. A time the clocks skip is refused; a time they pass twice
 * is taken at its first occurrence and reported in `ambiguous`.
 */
export function readDateTime(value: string, zone: string, field: string, opts: { dateAlone?: 'start' | 'end' } = {}): LocalDateTime {
  const trimmed = value.trim();
  const parts = dateTimeParts(trimmed);
  if (parts) return atLocal(parts, zone, { [field]: 'core.validation.dateTime' }, trimmed);
  if (opts.dateAlone) {
    const day = dayParts(trimmed);
    if (day) {
      const start = DateTime.fromObject(day, { zone }).startOf('day');
      return { at: (opts.dateAlone === 'end' ? start.endOf('day').startOf('minute') : start).toJSDate() };
    }
  }
  throw new DomainError(opts.dateAlone ? 'core.input.badDateOrDateTime' : 'core.input.badDateTime', { value: trimmed }, { [field]: opts.dateAlone ? 'core.validation.dateOrDateTime' : 'core.validation.dateTime' });
}

/** A date and a time typed as two options (`date:` and `time:`). */
export function readDateAndTime(date: string, time: string, zone: string, fields: { date: string; time: string }): LocalDateTime {
  const day = dayParts(date);
  if (!day) throw new DomainError('core.input.badDate', { value: date.trim() }, { [fields.date]: 'core.validation.date' });
  const clock = timeParts(time);
  if (!clock) throw new DomainError('core.input.badTime', { value: time.trim() }, { [fields.time]: 'core.validation.time' });
  return atLocal({ ...day, ...clock }, zone, { [fields.time]: 'core.validation.time' }, `${date.trim()} ${time.trim()}`);
}

function atLocal(parts: DayParts & TimeParts, zone: string, fields: Record<string, TranslationKey>, typed: string): LocalDateTime {
  const dt = DateTime.fromObject(parts, { zone });
  const shown = `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
  // luxon moves a skipped wall-clock time forward (02:30 → 03:30) without a word.
  if (!dt.isValid || dt.hour !== parts.hour || dt.minute !== parts.minute) {
    throw new DomainError('core.input.skippedTime', { value: typed, time: shown, date: dt.toFormat('dd.MM.yyyy'), zone }, fields);
  }
  const possible = dt.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  if (possible.length > 1) {
    const first = possible[0]!;
    const second = possible[possible.length - 1]!;
    return {
      at: first.toJSDate(),
      ambiguous: { when: `${first.toFormat('dd.MM.yyyy')} ${shown}`, offset: utcOffset(first), otherOffset: utcOffset(second) },
    };
  }
  return { at: dt.toJSDate() };
}

function utcOffset(dt: DateTime): string {
  return `UTC${dt.toFormat('ZZ')}`;
}

/** Lines a reply adds for times that occur twice, saying which instant was taken. */
export function inputNotes(t: Translate, ...reads: (LocalDateTime | undefined)[]): string[] {
  return reads.flatMap((read) => (read?.ambiguous ? [t('core.input.ambiguousTime', read.ambiguous)] : []));
}
