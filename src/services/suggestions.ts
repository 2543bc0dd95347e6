import type { Actor, ClusterContext } from '../core/actor.ts';
import type { Database } from '../db/index.ts';
import { GOOD_STANDING, type MemberStatus } from '../core/vocabulary.ts';

/** At most what Discord autocomplete and a Slack select show. */
export const SUGGESTION_LIMIT = 25;

/** Lower case, no diacritics, single spaces: "Łódź" and "lodz" are one word to a picker. */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('pl')
    .replaceAll('ł', 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Row texts folded once: a picker over 5,000 organisations would otherwise fold every name on
 * every keystroke (tens of milliseconds). Keyed by the text itself (folding is pure, so nothing
 * goes stale); bounded, emptied when full.
 */
const foldedTexts = new Map<string, string>();
const FOLDED_TEXTS_MAX = 20_000;

function foldedText(text: string): string {
  let folded = foldedTexts.get(text);
  if (folded === undefined) {
    if (foldedTexts.size >= FOLDED_TEXTS_MAX) foldedTexts.clear();
    folded = fold(text);
    foldedTexts.set(text, folded);
  }
  return folded;
}

/** Nothing typed that could match (empty, spaces): the first rows in the store's order will do. */
export function typedNothing(typed: string): boolean {
  return !fold(typed.slice(0, 100));
}

/**
 * The rows whose text contains what was typed (an id pasted whole also matches), best first:
 * the text starting with it, then a word starting with it, then anywhere. At most `limit`.
 */
export function bestMatches<T>(rows: readonly T[], typed: string, text: (row: T) => string, id: (row: T) => string, limit = SUGGESTION_LIMIT): T[] {
  const wanted = fold(typed.slice(0, 100));
  if (!wanted) return rows.slice(0, limit);
  const ranked: [number, T][] = [];
  for (const row of rows) {
    if (id(row) === typed.trim()) {
      ranked.push([-1, row]);
      continue;
    }
    const folded = foldedText(text(row));
    const at = folded.indexOf(wanted);
    if (at < 0) continue;
    ranked.push([at === 0 ? 0 : folded.includes(` ${wanted}`) ? 1 : 2, row]);
  }
  // A stable sort keeps the store's order (oldest application, newest poll…) within a rank.
  return ranked
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([, row]) => row);
}

export type GroupScope = 'all' | 'joinable' | 'joined' | 'led';
export type PostScope = 'respond' | 'own';
export type MeetingScope = 'upcoming' | 'attendance';
export type MemberScope = 'all' | 'active' | 'suspended';

/**
 * What a person may choose when an option names a record: filtered by what was typed and by what
 * this caller may act on (a leader's own groups, a member's own barter posts, open appeals…).
 * The commands' permission and the services still decide; this only keeps the list honest.
 */
export class SuggestionService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** Open applications, oldest first; `stage` keeps those waiting for that step. */
  async applications(cluster: ClusterContext, typed: string, stage?: string) {
    const rows = (await this.db.suggestions.openApplications(cluster.id)).filter((a) => !stage || a.stage === stage);
    return bestMatches(rows, typed, (a) => a.orgName, (a) => a.id);
  }

  async polls(cluster: ClusterContext, typed: string, status?: 'open' | 'closed') {
    return bestMatches(await this.db.suggestions.polls(cluster.id, status), typed, (p) => p.question, (p) => p.id);
  }

  /** Posts to respond to (open, not the caller's own) or the caller's own open ones (the coordinator: all). */
  async posts(cluster: ClusterContext, actor: Actor, typed: string, scope: PostScope) {
    const own = actor.member?.id;
    const rows = (await this.db.suggestions.openPosts(cluster.id)).filter((p) =>
      scope === 'respond' ? p.memberId !== own : p.memberId === own || actor.roles.has('coordinator'),
    );
    return bestMatches(rows, typed, (p) => p.title, (p) => p.id);
  }

  async groups(cluster: ClusterContext, actor: Actor, typed: string, scope: GroupScope) {
    let rows = await this.db.suggestions.activeGroups(cluster.id);
    if (scope === 'joinable' || scope === 'joined') {
      const mine = actor.member ? await this.db.suggestions.groupIdsOf(actor.member.id) : { active: [], pending: [] };
      const inOrAsked = new Set([...mine.active, ...mine.pending]);
      rows = rows.filter((g) => (scope === 'joined' ? inOrAsked.has(g.id) : !inOrAsked.has(g.id)));
    } else if (scope === 'led' && !overseesGroups(actor)) {
      rows = rows.filter((g) => actor.leads.includes(g.id));
    }
    return bestMatches(rows, typed, (g) => g.name, (g) => g.id);
  }

  /**
   * Upcoming meetings the caller is invited to, or (attendance) meetings already held in the last
   * two months whose attendance this caller may record, newest first.
   */
  async meetings(cluster: ClusterContext, actor: Actor, typed: string, scope: MeetingScope) {
    const now = this.now();
    const day = 24 * 3600_000;
    if (scope === 'attendance') {
      const rows = (await this.db.suggestions.meetings(cluster.id, new Date(now.getTime() - 60 * day), now)).filter(
        (m) => actor.roles.has('coordinator') || (m.kind === 'group' && (overseesGroups(actor) || actor.leads.includes(m.groupId ?? ''))),
      );
      return bestMatches(rows, typed, (m) => m.title, (m) => m.id);
    }
    const mine = actor.member ? (await this.db.suggestions.groupIdsOf(actor.member.id)).active : [];
    const inTeam = actor.roles.size > 0 || actor.leads.length > 0;
    const rows = (await this.db.suggestions.meetings(cluster.id, now, new Date(now.getTime() + 366 * day)))
      .reverse()
      .filter((m) => m.kind === 'network' || m.kind === 'general' || (m.kind === 'team' && inTeam) || (m.kind === 'group' && (mine.includes(m.groupId ?? '') || actor.leads.includes(m.groupId ?? '') || actor.roles.has('coordinator'))));
    return bestMatches(rows, typed, (m) => m.title, (m) => m.id);
  }

  /** Member organisations: all, those in good standing, or suspended and ended ones. */
  async members(cluster: ClusterContext, typed: string, scope: MemberScope) {
    const statuses: MemberStatus[] | undefined = scope === 'active' ? [...GOOD_STANDING] : scope === 'suspended' ? ['suspended', 'ended'] : undefined;
    // With nothing typed only the first page is shown: no reason to read every organisation.
    const take = typedNothing(typed) ? SUGGESTION_LIMIT : undefined;
    return bestMatches(await this.db.suggestions.members(cluster.id, statuses, take), typed, (m) => m.name, (m) => m.id);
  }

  async appeals(cluster: ClusterContext, typed: string) {
    return bestMatches(await this.db.suggestions.openAppeals(cluster.id), typed, (a) => a.orgName, (a) => a.id);
  }

  async people(cluster: ClusterContext, typed: string) {
    const take = typedNothing(typed) ? SUGGESTION_LIMIT : undefined;
    return bestMatches(await this.db.suggestions.people(cluster.id, take), typed, (p) => p.displayName, (p) => p.platformUserId);
  }
}

function overseesGroups(actor: Actor): boolean {
  return actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team');
}
