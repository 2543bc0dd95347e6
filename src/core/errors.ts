import type { TranslationKey, TranslationParams } from './i18n.ts';

/**
 * A rule said no. The id is a translation key (e.g. "membership.errors.duplicateApplication");
 * every adapter shows it in the reader's language. Anything else thrown is a bug and is logged.
 */
export class DomainError extends Error {
  constructor(
    readonly id: TranslationKey,
    readonly params: TranslationParams = {},
    /** Field-level problems (form field → translation key), shown beside the fields. */
    readonly fields: Record<string, TranslationKey> = {},
  ) {
    super(id);
    this.name = 'DomainError';
  }
}

export const fail = (id: TranslationKey, params?: TranslationParams): never => {
  throw new DomainError(id, params);
};
