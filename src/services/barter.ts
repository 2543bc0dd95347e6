import type { Database } from '../db/index.ts';
import type { Actor } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { TranslationKey } from '../core/i18n.ts';
import type { Button, Field } from '../core/reply.ts';
import { neutralizeMentions, userText } from '../core/text.ts';
import { isInGoodStanding } from '../core/vocabulary.ts';
import type { BarterKind, Exchange, PostType } from '../core/vocabulary.ts';
import type { MessageTools } from './notifications.ts';

/*
 * The vocabulary of resource exchange, shared by barter offers and requests (barter-posts.ts),
 * quick help (quick-help.ts) and the board they are carded on (barter-board.ts).
 */

/** Lengths enforced by the command schemas and the forms alike. */
export const BARTER_LIMITS = { title: 100, description: 1000, place: 80, message: 500, filter: 25 } as const;
export const PAGE_SIZE = 5;
/** Quick help is for urgent needs: its deadline is hours or days, never months. */
export const QUICK_HELP_MAX_DAYS = 30;
/** The place stored for "remote"; words people type for it in either language. */
export const REMOTE = 'remote';
const REMOTE_WORDS = new Set(['remote', 'zdalnie', 'zdalna', 'zdalny', 'online', 'on-line', 'wszedzie', 'anywhere']);

export type BarterPost = NonNullable<Awaited<ReturnType<Database['barter']['byId']>>>;

export interface PostInput {
  kind: BarterKind;
  title: string;
  description?: string | undefined;
  exchange?: Exchange | undefined;
  place: string;
  /** The user's text: a date (2026-05-31, 31.05.2026) or a number of days. */
  until?: string | undefined;
}

export interface QuickHelpInput {
  what: string;
  within: number;
  unit: 'hours' | 'days';
  where: string;
  kind?: BarterKind | undefined;
  description?: string | undefined;
}

export interface ListFilter {
  kind?: BarterKind | undefined;
  type?: PostType | undefined;
  place?: string | undefined;
  text?: string | undefined;
}

export function normalizePlace(place: string): string {
  const trimmed = place.trim().replace(/\s+/g, ' ');
  return REMOTE_WORDS.has(fold(trimmed)) ? REMOTE : trimmed;
}

/** For comparing what people type: case and Polish diacritics ignored ("gdansk" is Gdańsk). */
export function fold(text: string): string {
  return text
    .trim()
    .toLocaleLowerCase('pl')
    .replaceAll('ł', 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Same municipality (ignoring case and diacritics), or either side is remote. */
export function placesOverlap(a: string, b: string): boolean {
  if (a === REMOTE || b === REMOTE) return true;
  return fold(a) !== '' && fold(a) === fold(b);
}

export interface Contact {
  name: string;
  /** The representatives as platform mentions, e.g. "<@U123>, <@U456>". */
  mentions: string;
}

export function requireMember(actor: Actor, permission: 'member' | 'representative' = 'member'): string {
  // Commands declare the permission; this is the service's own guard for other callers.
  if (!actor.member || (permission === 'member' && !isInGoodStanding(actor.member.status))) {
    throw new DomainError('barter.errors.notMember');
  }
  return actor.member.id;
}

export function placeLabel(place: string, t: MessageTools['t']): string {
  if (place === REMOTE) return t('barter.place.remote');
  return place ? neutralizeMentions(place) : '–';
}

export function respondButton(postId: string, t: MessageTools['t']): Button {
  return { label: t('barter.card.respond'), action: { command: 'barter', action: 'respond', args: [postId] }, style: 'primary' };
}

function bookResourceButton(resourceId: string, t: MessageTools['t']): Button {
  return { label: t('resources.card.bookButton'), action: { command: 'resource', action: 'book', args: [resourceId] }, style: 'secondary' };
}

export function cardReply(post: BarterPost, orgName: string, responses: number, { t, date, dateTime }: MessageTools) {
  const open = post.status === 'open';
  const quick = post.type === 'quickhelp';
  const fields: Field[] = [
    { label: t('barter.card.kind'), value: t(`barter.kind.${post.kind}`), inline: true },
    ...(quick ? [] : [{ label: t('barter.card.exchange'), value: t(`barter.exchange.${post.exchange}`), inline: true }]),
    { label: t('barter.card.place'), value: placeLabel(post.place, t), inline: true },
    { label: t(quick ? 'barter.card.needed' : 'barter.card.until'), value: quick ? dateTime(post.availableUntil) : date(post.availableUntil), inline: true },
    { label: t('barter.card.by'), value: userText(orgName), inline: true },
    { label: t('barter.card.responses'), value: t('barter.card.responseCount', { count: responses }), inline: true },
    { label: t('barter.card.id'), value: post.id },
  ];
  if (!open) fields.push({ label: t('barter.card.status'), value: t(`barter.status.${post.status}`) });
  return {
    // What the member typed is shown as typed on every platform (marked here, escaped by the adapter).
    title: `${t(`barter.type.${post.type}`)}: ${userText(neutralizeMentions(post.title))}`,
    ...(post.description ? { text: userText(neutralizeMentions(post.description)) } : {}),
    fields,
    // An offer of a shared resource leads to booking it (resources.ts).
    buttons: open ? [respondButton(post.id, t), ...(post.resourceId ? [bookResourceButton(post.resourceId, t)] : [])] : [],
    tone: quick && open ? ('warning' as const) : ('info' as const),
  };
}
