import type { Database } from '../db/index.ts';
import type { NewApplication } from '../db/index.ts';
import type { TranslationKey } from '../core/i18n.ts';

/*
 * The vocabulary of membership, shared by admission (admission.ts), members (members.ts), appeals
 * (appeals.ts) and strategic partners (partners.ts): legal forms, categories, stages, grounds.
 */

/** Legal forms offered on the application; the last two are the model's excluded kinds. */
export const LEGAL_FORMS = [
  'social-cooperative',
  'foundation',
  'association',
  'cis',
  'zaz',
  'wtz',
  'owes',
  'company',
  'local-government',
  'university',
  'other-entity',
  'political-party',
  'religious-association',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** The model excludes these whatever else they bring. */
export const EXCLUDED_FORMS: readonly LegalForm[] = ['political-party', 'religious-association'];
/** Never a social-economy entity, so never a main member (they may support). */
export const NON_PES_FORMS: readonly LegalForm[] = ['local-government', 'university'];

export const CATEGORIES = ['main', 'supporting'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Stage 2 of the model: the five things the coordinator checks. */
export const CRITERIA = ['status', 'values', 'readiness', 'synergy', 'completeness'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Verification = Record<Criterion, { ok: boolean; note: string }>;

export const RECOMMENDATIONS = ['accept', 'conditional', 'refuse'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const DECISIONS = ['accepted', 'conditional', 'refused'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The order of the four stages (verification and recommendation are both stage 2). */
export const STAGES = ['submitted', 'verified', 'recommended', 'meeting', 'decided'] as const;
export type Stage = (typeof STAGES)[number];

/** The model's four grounds for suspending or ending a membership. */
export const STATUS_REASONS = ['values', 'detriment', 'duties', 'pesStatus'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** Statuses in which an organisation exercises its rights. */
export const GOOD_STANDING = ['active', 'conditional'];

/** What a candidate submits: the stored application without what the service derives. */
export type ApplicationInput = Omit<NewApplication, 'clusterId' | 'applicantPersonId' | 'orgKey' | 'submittedAt' | 'legalForm' | 'category'> & {
  legalForm: LegalForm;
  category: Category;
};

export interface ProfilePatch {
  description?: string;
  sectors?: string;
  offers?: string;
  website?: string;
  contactEmail?: string;
  municipality?: string;
  county?: string;
}

export type ApplicationRow = NonNullable<Awaited<ReturnType<Database['applications']['byId']>>>;
export type MemberRow = NonNullable<Awaited<ReturnType<Database['members']['byId']>>>;

/** Lower-case, no diacritics, no punctuation: "Spółdzielnia „Razem”" and "spoldzielnia razem" are one organisation. */
export function orgKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function stageLabelKey(stage: Stage): TranslationKey {
  return `membership.stages.${stage}`;
}

export function statusLabelKey(status: string): TranslationKey {
  return `membership.statuses.${status as 'active'}`;
}
