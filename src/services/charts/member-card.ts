import type { Locale, Translate } from '../../core/i18n.ts';
import type { MemberMonths } from '../evaluation.ts';
import { monthLabel, vegaLite, type Chart, type Row } from './specs.ts';
import { COLORS } from './theme.ts';

/**
 * An organisation's activity card: its activities month by month over the last 24 months, the
 * running total of each calendar year (a line per year: it starts again in January), and the
 * yearly minimum as a dashed line.
 */
export function memberCard(org: string, data: MemberMonths, t: Translate, locale: Locale): Chart {
  const months = data.months.map((m) => monthLabel(m.month, locale, true));
  const rows: Row[] = data.months.map((m, i) => ({ month: months[i]!, year: m.month.slice(0, 4), count: m.count, yearToDate: m.yearToDate }));
  const x = { field: 'month', type: 'ordinal', sort: months, scale: { domain: months }, axis: { title: null, labelAngle: -60, labelOverlap: false, labelFontSize: 16 } };
  const top = Math.max(data.required + 1, ...data.months.map((m) => m.yearToDate));
  return {
    name: 'member',
    spec: vegaLite(t('evaluation.charts.member.title', { org }), t('evaluation.charts.member.subtitle', { required: data.required }), {
      width: 900,
      height: 380,
      data: { values: rows },
      encoding: { x },
      layer: [
        { mark: { type: 'bar', color: COLORS.second }, encoding: { y: { field: 'count', type: 'quantitative', scale: { domain: [0, top] }, title: t('evaluation.charts.axis.activities'), axis: { tickMinStep: 1 } } } },
        { mark: { type: 'line', color: COLORS.main, strokeWidth: 4, point: { size: 80, color: COLORS.main } }, encoding: { y: { field: 'yearToDate', type: 'quantitative' }, detail: { field: 'year' } } },
        { data: { values: [{ required: data.required }] }, mark: { type: 'rule', color: COLORS.rule, strokeDash: [10, 6], strokeWidth: 3 }, encoding: { x: null, y: { field: 'required', type: 'quantitative' } } },
      ],
    }),
    rows: [[t('evaluation.csv.month'), t('evaluation.csv.perMonth'), t('evaluation.csv.yearToDate'), t('evaluation.csv.required')], ...data.months.map((m) => [m.month, m.count, m.yearToDate, data.required])],
  };
}
