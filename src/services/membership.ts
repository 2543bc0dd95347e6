import type { Database } from '../db/index.ts';
import type { NewApplication } from '../db/index.ts';
import type { TranslationKey } from '../core/i18n.ts';
import type { Category, Criterion, LegalForm, MemberStatus, Stage } from '../core/vocabulary.ts';

/*
 * Membership rules shared by admission (admission.ts), members (members.ts), appeals (appeals.ts)
 * and strategic partners (partners.ts). The words themselves (legal forms, categories, stages,
 * grounds) are defined once in src/core/vocabulary.ts.
 */

/** The model excludes these whatever else they bring. */
export const EXCLUDED_FORMS: readonly LegalForm[] = ['political-party', 'religious-association'];
/** Never a social-economy entity, so never a main member (they may support). */
export const NON_PES_FORMS: readonly LegalForm[] = ['local-government', 'university'];

export type Verification = Record<Criterion, { ok: boolean; note: string }>;

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
  /** People employed: picks the yearly fee band where the cluster has one. */
  employees?: number;
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

export function statusLabelKey(status: MemberStatus): TranslationKey {
  return `membership.statuses.${status}`;
}
