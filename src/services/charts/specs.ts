import { DateTime } from 'luxon';
import type { Locale } from '../../core/i18n.ts';
import type { CsvCell } from '../../core/csv.ts';
import type { ChartSpec } from './render.ts';
import { HEIGHT, WIDTH } from './theme.ts';

/** One chart of a report: its picture and the table behind it (the CSV's rows, header first). */
export interface Chart {
  /** The file name's stem, without year or extension. */
  name: string;
  spec: ChartSpec;
  rows: CsvCell[][];
}

export type Row = Record<string, string | number | boolean | null>;

/** A Vega-Lite chart: a title with its subtitle over one view, or a column of views. */
export function vegaLite(title: string, subtitle: string, body: Record<string, unknown>): ChartSpec {
  return {
    grammar: 'vega-lite',
    spec: { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: { text: title, subtitle }, ...body },
  };
}

/** A single view of the usual size. */
export function view(data: Row[], body: Record<string, unknown>, size: { height?: number } = {}) {
  return { width: WIDTH, height: size.height ?? HEIGHT, data: { values: data }, ...body };
}

/** A month's short name in the reader's language ("sty", "Jan"), with the year's two digits when asked. */
export function monthLabel(month: string, locale: Locale, withYear = false): string {
  const d = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'UTC' }).setLocale(locale);
  return withYear ? `${d.toFormat('LLL')} ${d.toFormat('yy')}` : d.toFormat('LLL');
}

/** A colour scale that gives each labelled series its fixed colour, in this order. */
function colorScale(domain: string[], range: readonly string[]) {
  return { domain, range: range.slice(0, domain.length) };
}

/** Colour by a field whose values are the labelled series: each its fixed colour, in this order, no legend title. */
export function seriesColor(field: string, domain: string[], range: readonly string[]) {
  return { field, type: 'nominal', title: null, scale: colorScale(domain, range), sort: domain };
}

/** A count of things: the axis shows whole numbers only. */
export function countOf(field: string, title: string) {
  return { field, type: 'quantitative', title, axis: { tickMinStep: 1 } };
}

/** Numbers in a CSV cell as the reader's spreadsheet reads them: Polish Excel wants a decimal comma. */
export function decimal(value: number | null, locale: Locale): CsvCell {
  if (value === null) return '';
  return Number.isInteger(value) ? value : locale === 'pl' ? String(value).replace('.', ',') : String(value);
}

/** The x of a chart by month (field `month`): every month given, in order, even one without data; labels upright, every one shown. */
export function monthX(months: string[], title: string) {
  return { field: 'month', type: 'ordinal', sort: months, scale: { domain: months }, axis: { title, labelAngle: 0, labelOverlap: false } };
}
