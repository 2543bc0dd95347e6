import type { Locale } from './i18n.ts';

/**
 * Amounts of money as the cluster counts them: PLN in whole grosze (integers), never floating
 * point, so shares of a budget add up to the budget to the grosz.
 */

/** The largest amount the bot accepts (10 million PLN): well inside a 32-bit column. */
export const MAX_GROSZE = 1_000_000_000;

/**
 * "1250", "1 250,50", "1250.5 zł", "PLN 12,00" → grosze; undefined when it is not an amount.
 * A comma or a dot before the last one or two digits is the decimal mark; spaces group thousands.
 */
export function readMoney(text: string): number | undefined {
  const value = text
    .trim()
    .replace(/^(pln|zł|zl)\s*/i, '')
    .replace(/\s*(pln|zł|zl|złotych)\.?$/i, '')
    .replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(value);
  if (!match) return undefined;
  const grosze = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return grosze <= MAX_GROSZE ? grosze : undefined;
}

/** A percentage as typed ("5", "7,5", "12.25 %") → basis points (1% = 100); undefined when not one. */
export function readPercent(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!match) return undefined;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : undefined;
}

/** Grosze as the reader writes money: "1250,50 zł" in Polish, "PLN 1,250.50" in English. */
export function formatMoney(grosze: number, locale: Locale): string {
  const sign = grosze < 0 ? '-' : '';
  const abs = Math.abs(grosze);
  const whole = new Intl.NumberFormat(locale === 'pl' ? 'pl-PL' : 'en-GB', { maximumFractionDigits: 0 }).format(Math.floor(abs / 100));
  const cents = String(abs % 100).padStart(2, '0');
  return locale === 'pl' ? `${sign}${whole},${cents} zł` : `${sign}PLN ${whole}.${cents}`;
}

/** Basis points as a percentage: "7,5%" / "7.5%". */
export function formatPercent(bp: number, locale: Locale): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  const frac = rest === 0 ? '' : `${locale === 'pl' ? ',' : '.'}${String(rest).padStart(2, '0').replace(/0$/, '')}`;
  return `${whole}${frac}%`;
}
