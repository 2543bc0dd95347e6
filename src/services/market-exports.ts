import type { CsvCell } from '../core/csv.ts';
import type { Translate } from '../core/i18n.ts';
import type { Locale } from '../core/i18n.ts';
import type { TrackRecord } from './market-consortia.ts';
import type { Opportunity, Purchase } from './market.ts';
import type { PriceTier } from './market-shares.ts';
import type { Share } from './market-purchases.ts';

/*
 * The cluster's economy as spreadsheets (written by src/core/csv.ts): amounts in złoty with two
 * decimals from whole grosze, headers in the reader's language.
 */

/** Grosze as a spreadsheet number: "1250,50" (a Polish reader) or "1250.50". */
export function amountCell(grosze: number | null, locale: Locale): string {
  if (grosze === null) return '';
  const text = `${Math.trunc(grosze / 100)}.${String(Math.abs(grosze % 100)).padStart(2, '0')}`;
  return locale === 'pl' ? text.replace('.', ',') : text;
}

/** A joint purchase's list: one row per participant, then the total. */
export function purchaseRows(p: Purchase, shares: Share[], tier: PriceTier | undefined, { t, locale }: { t: Translate; locale: Locale }): CsvCell[][] {
  const total = shares.reduce((sum, s) => sum + s.quantity, 0);
  return [
    [t('market.csv.organisation'), t('market.csv.quantity'), t('market.csv.unit'), t('market.csv.unitPrice'), t('market.csv.amount')],
    ...shares.map((s) => [s.name, s.quantity, p.unit, amountCell(tier?.price ?? null, locale), amountCell(s.amount, locale)]),
    [t('market.csv.total'), total, p.unit, amountCell(tier?.price ?? null, locale), amountCell(tier ? total * tier.price : null, locale)],
  ];
}

interface DeclarationRow {
  memberId: string;
  name: string;
  part: string;
  capacity: string;
  priceGrosze: number | null;
  record: TrackRecord;
}

interface PartRow {
  memberId: string;
  role: string;
  shareGrosze: number | null;
}

/** An opportunity's declarations, each with its track record and, once formed, its place and share in the consortium. */
export function opportunityRows(o: Opportunity, declarations: DeclarationRow[], parts: PartRow[], { t, locale }: { t: Translate; locale: Locale }): CsvCell[][] {
  const inConsortium = new Map(parts.map((p) => [p.memberId, p]));
  const rows: CsvCell[][] = [
    [
      t('market.csv.organisation'),
      t('market.csv.part'),
      t('market.csv.capacity'),
      t('market.csv.price'),
      t('market.csv.consortia'),
      t('market.csv.delivered'),
      t('market.csv.lost'),
      t('market.csv.role'),
      t('market.csv.share'),
    ],
    ...declarations.map((d) => {
      const part = inConsortium.get(d.memberId);
      return [
        d.name,
        d.part,
        d.capacity,
        amountCell(d.priceGrosze, locale),
        d.record.consortia,
        d.record.delivered,
        d.record.lost,
        part ? t(part.role === 'leader' ? 'market.consortium.leader' : 'market.consortium.member') : '',
        amountCell(part?.shareGrosze ?? null, locale),
      ];
    }),
  ];
  if (o.budgetGrosze !== null) {
    rows.push([t('market.csv.margin'), '', '', '', '', '', '', '', amountCell(o.marginGrosze, locale)]);
    rows.push([t('market.csv.budget'), '', '', '', '', '', '', '', amountCell(o.budgetGrosze, locale)]);
  }
  return rows;
}
