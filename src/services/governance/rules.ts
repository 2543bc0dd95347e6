import type { Database } from '../../db/index.ts';
import type { MessageTools } from '../notifications.ts';
import type { Actor, ClusterSettings } from '../../core/actor.ts';
import { CATEGORIES, isInGoodStanding, isOneOf, type Category } from '../../core/vocabulary.ts';
import { DomainError } from '../../core/errors.ts';

import type { BallotKind, Majority } from '../../core/vocabulary.ts';

/** A yes/no ballot's options; they are translation keys (governance.choice.*), not labels. */
export const YES_NO = ['yes', 'no', 'abstain'] as const;

/** How long before a motion closes the organisations that have not voted are reminded. */
export const VOTE_REMINDER_HOURS = 24;

export type MotionRow = NonNullable<Awaited<ReturnType<Database['governance']['motion']>>>;

export interface MotionResult {
  eligible: number;
  voted: number;
  /** Share of eligible organisations that must vote (0–1) and the number of ballots that means. */
  quorum: number;
  quorumNeeded: number;
  quorumMet: boolean;
  /** Ballots per option, in the motion's option order. */
  counts: Record<string, number>;
  majority: Majority;
  abstentionsCount: boolean;
  /** The votes the majority is measured against (see computeResult). */
  counted: number;
  /** Options that won: 'yes' for a passed yes/no motion, the winner(s) otherwise. */
  accepted: string[];
  outcome: 'passed' | 'rejected' | 'noQuorum';
  passed: boolean;
  /** Secret ballots: the k each counted batch held at least; fewer voters than k could not reach it. */
  secrecyK?: number;
  /** The term that decided, for a motion with a second term (see `termQuorum`). */
  term?: 1 | 2;
  /** Decided in the second term: how the first missed its quorum. */
  firstTerm?: { voted: number; eligible: number; quorum: number; quorumNeeded: number; opensAt: string; closedAt: string };
  /**
   * Weighted voting: the weights by member category fixed when voting opened. Then `eligible`,
   * `voted`, the quorum and `counts` are in votes, and `organisations` says how many organisations.
   */
  voteWeights?: Record<string, number>;
  organisations?: { eligible: number; voted: number };
}

/** Whether the motion was created with a second term for a missed quorum. */
export function hasSecondTerm(motion: Pick<MotionRow, 'secondTermQuorum'>): motion is Pick<MotionRow, 'secondTermQuorum'> & { secondTermQuorum: number } {
  return motion.secondTermQuorum !== null;
}

/** The quorum of the term voting runs in: the motion's own, or its second term's. */
export function termQuorum(motion: Pick<MotionRow, 'quorum' | 'term' | 'secondTermQuorum'>): number {
  return motion.term === 2 && motion.secondTermQuorum !== null ? motion.secondTermQuorum : motion.quorum;
}

/** Votes per organisation fixed at opening, and the weights by category when the motion is weighted. */
export function motionWeights(motion: Pick<MotionRow, 'voteWeights'>): Record<string, number> | undefined {
  return motion.voteWeights ? (JSON.parse(motion.voteWeights) as Record<string, number>) : undefined;
}

/** Turnout in votes: each organisation's frozen weight (1 each when the motion is not weighted). */
export function turnout(eligibility: { memberId: string; weight: number }[], voted: Iterable<string>): { eligible: number; voted: number; organisations: { eligible: number; voted: number } } {
  const weights = new Map(eligibility.map((e) => [e.memberId, e.weight]));
  let votes = 0;
  let organisations = 0;
  for (const id of voted) {
    votes += weights.get(id) ?? 0;
    organisations++;
  }
  return { eligible: eligibility.reduce((sum, e) => sum + e.weight, 0), voted: votes, organisations: { eligible: eligibility.length, voted: organisations } };
}

/** Ballots needed for quorum: ⌈quorum × eligible⌉, and at least one. */
export function quorumNeeded(quorum: number, eligible: number): number {
  return Math.max(1, Math.ceil(quorum * eligible - 1e-9));
}

/**
 * The result of a closed motion. The rules, exactly:
 * - Quorum: met when the organisations that voted (abstentions included) are at least
 *   ⌈quorum × eligible⌉. A motion that misses quorum is `noQuorum` and never passes.
 * - Yes/no/abstain, with Y, N, A ballots; "counted" C = Y + N, plus A when the cluster's
 *   `abstentionsCount` is on:
 *   - simple: Y > C − Y (more yes than no; with abstentions counted, more yes than no and
 *     abstentions together);
 *   - absolute: Y > (Y + N + A) / 2, more than half of all ballots cast; abstentions always count
 *     here, which is what makes a majority absolute;
 *   - two thirds: 3·Y ≥ 2·C (at least two thirds of the counted votes).
 * - One of several: C = ballots. The leading option wins when it has more votes than any other
 *   (simple), more than half of the ballots (absolute) or at least two thirds (two thirds).
 *   A tie for the lead passes nothing.
 * - Several of several: C = ballots; each option is judged as if its ballots were "yes" and the
 *   others "no": accepted with more than half of the ballots (simple and absolute) or at least two
 *   thirds (two thirds). The motion passes when at least one option is accepted.
 */
export function computeResult(input: {
  ballotKind: BallotKind;
  options: string[];
  counts: Record<string, number>;
  eligible: number;
  voted: number;
  quorum: number;
  majority: Majority;
  abstentionsCount: boolean;
}): MotionResult {
  const counts = Object.fromEntries(input.options.map((o) => [o, input.counts[o] ?? 0]));
  const needed = quorumNeeded(input.quorum, input.eligible);
  const quorumMet = input.eligible > 0 && input.voted >= needed;
  let counted = input.voted;
  let accepted: string[] = [];
  if (input.ballotKind === 'yesno') {
    const y = counts.yes ?? 0;
    const n = counts.no ?? 0;
    const a = counts.abstain ?? 0;
    counted = y + n + (input.abstentionsCount ? a : 0);
    const passes =
      input.majority === 'simple' ? y > counted - y : input.majority === 'absolute' ? 2 * y > y + n + a : 3 * y >= 2 * counted && y > 0;
    accepted = passes ? ['yes'] : [];
  } else if (input.ballotKind === 'single') {
    const sorted = Object.entries(counts).sort((l, r) => r[1] - l[1]);
    const [leader, second] = sorted;
    if (leader && leader[1] > 0 && (!second || leader[1] > second[1])) {
      const v = leader[1];
      const passes = input.majority === 'simple' ? true : input.majority === 'absolute' ? 2 * v > counted : 3 * v >= 2 * counted;
      if (passes) accepted = [leader[0]];
    }
  } else {
    accepted = input.options.filter((o) => {
      const v = counts[o] ?? 0;
      return v > 0 && (input.majority === 'twoThirds' ? 3 * v >= 2 * counted : 2 * v > counted);
    });
  }
  const passed = quorumMet && accepted.length > 0;
  return {
    eligible: input.eligible,
    voted: input.voted,
    quorum: input.quorum,
    quorumNeeded: needed,
    quorumMet,
    counts,
    majority: input.majority,
    abstentionsCount: input.abstentionsCount,
    counted,
    accepted: quorumMet ? accepted : [],
    outcome: !quorumMet ? 'noQuorum' : passed ? 'passed' : 'rejected',
    passed,
  };
}

export function motionOptions(motion: Pick<MotionRow, 'options'>): string[] {
  return JSON.parse(motion.options) as string[];
}

export function motionResult(motion: Pick<MotionRow, 'result'>): MotionResult | undefined {
  return motion.result ? (JSON.parse(motion.result) as MotionResult) : undefined;
}

/** An option as a reader sees it: yes/no/abstain translated, other options as typed. */
export function optionLabel(motion: Pick<MotionRow, 'ballotKind'>, option: string, t: MessageTools['t']): string {
  return motion.ballotKind === 'yesno' && isOneOf(YES_NO, option) ? t(`governance.choice.${option}`) : option;
}

/** Turnout as read in a result: organisations, or votes and organisations when weighted. */
export function turnoutText(result: MotionResult, t: MessageTools['t']): string {
  if (!result.organisations) return t('governance.result.turnoutValue', { voted: result.voted, eligible: result.eligible, needed: result.quorumNeeded });
  return t('models.weights.turnout', { voted: result.voted, eligible: result.eligible, needed: result.quorumNeeded, orgsVoted: result.organisations.voted, orgsEligible: result.organisations.eligible });
}

/** The weights by member category a weighted motion was counted with. */
export function weightsText(weights: Record<string, number>, t: MessageTools['t']): string {
  return CATEGORIES.map((c) => t('models.weights.category', { category: t(`core.settingValues.voteWeights.${c}`), count: weights[c] ?? 0 })).join(', ');
}

export function countsText(motion: Pick<MotionRow, 'ballotKind'>, result: MotionResult, t: MessageTools['t']): string {
  return Object.entries(result.counts)
    .map(([option, n]) => `${optionLabel(motion, option, t)}: ${n}`)
    .join(', ');
}

/** The part of a cluster's settings that says who votes. */
export type VoterSettings = Pick<ClusterSettings, 'votingMembers' | 'voteWeights'>;

/**
 * Votes an organisation of this category casts under the cluster's rule: PKES model, main members
 * one each ("członkowie wspierający nie posiadają prawa głosu"); W-M KES §3 ust. 2, every member
 * one; weighted, its category's weight (0: none).
 */
export function voteWeight(category: Category, settings: VoterSettings): number {
  if (settings.votingMembers === 'all') return 1;
  if (settings.votingMembers === 'weighted') return settings.voteWeights[category];
  return category === 'main' ? 1 : 0;
}

/** The weights by category to record on a motion: only when votes are weighted, else null (one each). */
export function recordedWeights(settings: VoterSettings): Record<Category, number> | null {
  return settings.votingMembers === 'weighted' ? Object.fromEntries(CATEGORIES.map((c) => [c, voteWeight(c, settings)])) as Record<Category, number> : null;
}

/** Categories that vote at all under the cluster's rule. */
export function votingCategories(settings: VoterSettings): Category[] {
  return CATEGORIES.filter((c) => voteWeight(c, settings) > 0);
}

/** Refusals that explain the rule: only members in good standing whose category votes in this cluster. */
export function assertMayVote(actor: Actor, settings: VoterSettings): asserts actor is Actor & { member: NonNullable<Actor['member']> } {
  if (!actor.member) throw new DomainError('governance.errors.notMember');
  if (!isInGoodStanding(actor.member.status)) {
    throw new DomainError('governance.errors.suspended', { org: actor.member.name });
  }
  if (voteWeight(actor.member.category, settings) === 0) throw new DomainError('governance.errors.supporting', { org: actor.member.name });
}

/** Whether the actor's own organisation votes at all (its category votes, in good standing), without a refusal. */
export function votesAtAll(actor: Actor, settings: VoterSettings): boolean {
  return Boolean(actor.member && voteWeight(actor.member.category, settings) > 0 && isInGoodStanding(actor.member.status));
}
