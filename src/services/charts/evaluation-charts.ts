import type { Locale, Translate, TranslationKey } from '../../core/i18n.ts';
import type { Evaluation } from '../evaluation.ts';
import { STANDING_GROUPS } from '../evaluation-numbers.ts';
import { countOf, decimal, monthLabel, monthX, seriesColor, vegaLite, view, type Chart, type Row } from './specs.ts';
import { COLORS, SERIES } from './theme.ts';

/*
 * The yearly evaluation's charts: each a Vega-Lite spec with at most a few series, and the rows of
 * its CSV. Labels are the reader's; the numbers are Evaluation's (src/services/evaluation-numbers.ts).
 */

/** Series beyond this many kinds are shown together as "the rest": a phone shows few colours apart. */
const MAX_KINDS = 4;

export function evaluationCharts(e: Evaluation, t: Translate, locale: Locale): Chart[] {
  return [activities(e, t, locale), standings(e, t), admissions(e, t, locale), groups(e, t, locale), exchange(e, t, locale), generalMeetings(e, t), newCollaborations(e, t, locale)];
}

const year = (e: Evaluation) => String(e.window.year);

/** Bars per month: every month of `months` on x in order, even one without data. */
function monthlyBars(data: Row[], months: string[], t: Translate, encoding: Record<string, unknown>, more: { mark?: unknown; height?: number } = {}) {
  return view(data, { mark: more.mark ?? 'bar', encoding: { x: monthX(months, t('evaluation.charts.axis.month')), ...encoding } }, more);
}

function activities(e: Evaluation, t: Translate, locale: Locale): Chart {
  const totals = new Map<string, number>();
  for (const r of e.activities) totals.set(r.kind, (totals.get(r.kind) ?? 0) + r.count);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const shown = new Set(ranked.slice(0, ranked.length > MAX_KINDS + 1 ? MAX_KINDS : MAX_KINDS + 1));
  const label = (kind: string) => (shown.has(kind) ? t(`evaluation.kinds.${kind}` as TranslationKey) : t('evaluation.otherKinds'));
  const domain = [...new Set(ranked.map(label))];
  const data: Row[] = e.activities.filter((r) => r.count > 0).map((r) => ({ month: monthLabel(r.month, locale), kind: label(r.kind), count: r.count, order: domain.indexOf(label(r.kind)) }));
  const months = [...new Set(e.activities.map((r) => monthLabel(r.month, locale)))];
  return {
    name: 'activities',
    spec: vegaLite(t('evaluation.charts.activities.title', { year: year(e) }), t('evaluation.charts.activities.subtitle'), monthlyBars(data, months, t, {
      y: { ...countOf('count', t('evaluation.charts.axis.activities')), aggregate: 'sum' },
      color: seriesColor('kind', domain, SERIES),
      order: { field: 'order' },
    })),
    rows: [[t('evaluation.csv.month'), t('evaluation.csv.kind'), t('evaluation.csv.count')], ...e.activities.map((r) => [r.month, t(`evaluation.kinds.${r.kind}` as TranslationKey), r.count])],
  };
}

function standings(e: Evaluation, t: Translate): Chart {
  const labels = STANDING_GROUPS.map((s) => t(`evaluation.standings.${s}`));
  const data: Row[] = e.standings.flatMap((r) => STANDING_GROUPS.map((s, i) => ({ year: String(r.year), standing: labels[i]!, count: r[s], order: i })));
  return {
    name: 'standings',
    spec: vegaLite(t('evaluation.charts.standings.title'), t('evaluation.charts.standings.subtitle', { required: e.rules.required }), view(data, {
      mark: 'bar',
      encoding: {
        x: { field: 'year', type: 'ordinal', axis: { title: t('evaluation.charts.axis.year'), labelAngle: 0 } },
        y: countOf('count', t('evaluation.charts.axis.organisations')),
        color: seriesColor('standing', labels, [COLORS.good, COLORS.warn, COLORS.bad]),
        order: { field: 'order' },
      },
    })),
    rows: [
      [t('evaluation.csv.year'), t('evaluation.csv.met'), t('evaluation.csv.atRisk'), t('evaluation.csv.inactive'), t('evaluation.csv.members')],
      ...e.standings.map((r) => [r.year, r.met, r.atRisk, r.inactive, r.members]),
    ],
  };
}

/** A local date (yyyy-MM-dd) as a position on a month axis: 1 is January 1st, 13 the year's end. */
const monthPosition = (date: string) => {
  const [, m, d] = date.split('-').map(Number);
  return m! + (d! - 1) / 31;
};

/** The month axis of a quantitative position: the month's short name at each month's start. */
function monthTicks(locale: Locale, year: number, title: string) {
  const names = Array.from({ length: 12 }, (_, i) => monthLabel(`${year}-${String(i + 1).padStart(2, '0')}`, locale));
  return { title, values: names.map((_, i) => i + 1), labelExpr: `${JSON.stringify(names)}[datum.value - 1]`, grid: false };
}

function admissions(e: Evaluation, t: Translate, locale: Locale): Chart {
  const a = e.admissions;
  const series = [t('evaluation.charts.admissions.submitted'), t('evaluation.charts.admissions.decided')];
  const months = a.byMonth.map((m) => monthLabel(m.month, locale));
  const perMonth: Row[] = a.byMonth.flatMap((m) => [
    { month: monthLabel(m.month, locale), series: series[0]!, count: m.submitted },
    { month: monthLabel(m.month, locale), series: series[1]!, count: m.decided },
  ]);
  const decided: Row[] = a.rows.filter((r) => r.decided).map((r) => ({ at: monthPosition(r.decided!), days: r.days, within: r.withinRule }));
  const maxDays = Math.max(a.ruleDays + 10, ...decided.map((d) => Number(d.days)));
  return {
    name: 'admissions',
    spec: vegaLite(t('evaluation.charts.admissions.title', { year: year(e) }), t('evaluation.charts.admissions.subtitle'), {
      vconcat: [
        monthlyBars(perMonth, months, t, {
          xOffset: { field: 'series', sort: series },
          y: countOf('count', t('evaluation.charts.axis.count')),
          color: seriesColor('series', series, [COLORS.second, COLORS.main]),
        }, { height: 300 }),
        {
          width: 900,
          height: 300,
          title: t('evaluation.charts.admissions.daysTitle', { ruleDays: a.ruleDays }),
          layer: [
            {
              data: { values: decided },
              mark: { type: 'circle', size: 260, opacity: 0.9 },
              encoding: {
                x: { field: 'at', type: 'quantitative', scale: { domain: [1, 13] }, axis: monthTicks(locale, e.window.year, t('evaluation.charts.axis.decidedOn')) },
                y: { field: 'days', type: 'quantitative', scale: { domain: [0, maxDays] }, title: t('evaluation.charts.axis.days') },
                color: { field: 'within', type: 'nominal', scale: { domain: [true, false], range: [COLORS.good, COLORS.bad] }, legend: null },
              },
            },
            { data: { values: [{ days: a.ruleDays }] }, mark: { type: 'rule', color: COLORS.rule, strokeDash: [10, 6], strokeWidth: 3 }, encoding: { y: { field: 'days', type: 'quantitative' } } },
          ],
        },
      ],
      resolve: { scale: { color: 'independent' } },
    }),
    rows: [
      [t('evaluation.csv.organisation'), t('evaluation.csv.status'), t('evaluation.csv.submitted'), t('evaluation.csv.decided'), t('evaluation.csv.days'), t('evaluation.csv.withinRule')],
      ...a.rows.map((r) => [r.orgName, t(`evaluation.csv.applicationStatus.${r.status}`), r.submitted, r.decided ?? '', r.days, r.withinRule ? t('evaluation.csv.yes') : t('evaluation.csv.no')]),
    ],
  };
}

function groups(e: Evaluation, t: Translate, locale: Locale): Chart {
  const data: Row[] = e.groups.map((g) => ({ group: g.name, held: g.held, expected: g.expected, present: g.averagePresent }));
  const height = Math.max(160, 44 * data.length);
  const y = { field: 'group', type: 'nominal', title: null, sort: null, axis: { labelLimit: 480 } };
  return {
    name: 'groups',
    spec: vegaLite(t('evaluation.charts.groups.title', { year: year(e) }), t('evaluation.charts.groups.subtitle'), {
      vconcat: [
        {
          width: 560,
          height,
          data: { values: data },
          layer: [
            { mark: { type: 'bar', color: COLORS.main }, encoding: { y, x: countOf('held', t('evaluation.charts.axis.meetings')) } },
            { mark: { type: 'tick', color: COLORS.rule, thickness: 5, size: 34 }, encoding: { y, x: { field: 'expected', type: 'quantitative' } } },
          ],
        },
        {
          width: 560,
          height,
          title: t('evaluation.charts.groups.attendanceTitle'),
          data: { values: data },
          mark: { type: 'bar', color: COLORS.second },
          encoding: { y, x: { field: 'present', type: 'quantitative', title: t('evaluation.charts.axis.present') } },
        },
      ],
    }),
    rows: [
      [t('evaluation.csv.group'), t('evaluation.csv.rhythm'), t('evaluation.csv.expected'), t('evaluation.csv.held'), t('evaluation.csv.averagePresent')],
      ...e.groups.map((g) => [g.name, g.rhythmDays, g.expected, g.held, decimal(g.averagePresent, locale)]),
    ],
  };
}

function exchange(e: Evaluation, t: Translate, locale: Locale): Chart {
  const types = e.exchange.byType.map((r) => t(`evaluation.postTypes.${r.type}`));
  const months = [...new Set(e.exchange.byMonth.map((r) => monthLabel(r.month, locale)))];
  const perMonth: Row[] = e.exchange.byMonth.filter((r) => r.posted > 0).map((r) => ({ month: monthLabel(r.month, locale), type: t(`evaluation.postTypes.${r.type}`), posted: r.posted, order: types.indexOf(t(`evaluation.postTypes.${r.type}`)) }));
  const series = [t('evaluation.charts.exchange.posted'), t('evaluation.charts.exchange.answered')];
  const answered: Row[] = e.exchange.byType.flatMap((r) => [
    { type: t(`evaluation.postTypes.${r.type}`), series: series[0]!, count: r.posted },
    { type: t(`evaluation.postTypes.${r.type}`), series: series[1]!, count: r.answered },
  ]);
  const time: Row[] = e.exchange.byType.map((r) => ({ type: t(`evaluation.postTypes.${r.type}`), hours: r.medianHoursToFirstAnswer ?? 0 }));
  const y = { field: 'type', type: 'nominal', title: null, sort: types };
  return {
    name: 'exchange',
    spec: vegaLite(t('evaluation.charts.exchange.title', { year: year(e) }), t('evaluation.charts.exchange.subtitle'), {
      vconcat: [
        monthlyBars(perMonth, months, t, {
          y: { ...countOf('posted', t('evaluation.charts.axis.count')), aggregate: 'sum' },
          color: seriesColor('type', types, SERIES),
          order: { field: 'order' },
        }, { height: 300 }),
        {
          width: 640,
          height: 200,
          title: t('evaluation.charts.exchange.answeredTitle'),
          data: { values: answered },
          mark: 'bar',
          encoding: {
            y,
            yOffset: { field: 'series', sort: series },
            x: countOf('count', t('evaluation.charts.axis.count')),
            color: seriesColor('series', series, [COLORS.second, COLORS.main]),
          },
        },
        {
          width: 640,
          height: 160,
          title: t('evaluation.charts.exchange.timeTitle'),
          data: { values: time },
          mark: { type: 'bar', color: COLORS.warn },
          encoding: { y, x: { field: 'hours', type: 'quantitative', title: t('evaluation.charts.axis.hours') } },
        },
      ],
      resolve: { scale: { color: 'independent' } },
    }),
    rows: [
      [t('evaluation.csv.type'), t('evaluation.csv.posted'), t('evaluation.csv.answered'), t('evaluation.csv.medianHours')],
      ...e.exchange.byType.map((r) => [t(`evaluation.postTypes.${r.type}`), r.posted, r.answered, decimal(r.medianHoursToFirstAnswer, locale)]),
      [],
      [t('evaluation.csv.month'), t('evaluation.csv.type'), t('evaluation.csv.posted')],
      ...e.exchange.byMonth.map((r) => [r.month, t(`evaluation.postTypes.${r.type}`), r.posted]),
    ],
  };
}

function generalMeetings(e: Evaluation, t: Translate): Chart {
  const series = [t('evaluation.charts.generalMeetings.present'), t('evaluation.charts.generalMeetings.voted')];
  const pct = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 10 : 0);
  const data: Row[] = e.generalMeetings.flatMap((m) => [
    { meeting: m.date, series: series[0]!, percent: pct(m.present, m.eligible) },
    { meeting: m.date, series: series[1]!, percent: pct(m.voted, m.eligible) },
  ]);
  return {
    name: 'generalMeetings',
    spec: vegaLite(t('evaluation.charts.generalMeetings.title'), e.generalMeetings.length ? t('evaluation.charts.generalMeetings.subtitle') : t('evaluation.charts.generalMeetings.none'), view(data, {
      mark: 'bar',
      encoding: {
        x: { field: 'meeting', type: 'ordinal', axis: { title: t('evaluation.charts.axis.meeting'), labelAngle: 0 } },
        xOffset: { field: 'series', sort: series },
        y: { field: 'percent', type: 'quantitative', scale: { domain: [0, 100] }, title: t('evaluation.charts.axis.percent') },
        color: seriesColor('series', series, [COLORS.second, COLORS.main]),
      },
    })),
    rows: [
      [t('evaluation.csv.date'), t('evaluation.csv.meeting'), t('evaluation.csv.eligible'), t('evaluation.csv.present'), t('evaluation.csv.voted')],
      ...e.generalMeetings.map((m) => [m.date, m.title, m.eligible, m.present, m.voted]),
    ],
  };
}

function newCollaborations(e: Evaluation, t: Translate, locale: Locale): Chart {
  const c = e.collaboration;
  const months = c.newByMonth.map((m) => monthLabel(m.month, locale));
  const data: Row[] = c.newByMonth.map((m) => ({ month: monthLabel(m.month, locale), count: m.count }));
  return {
    name: 'collaborations',
    spec: vegaLite(t('evaluation.charts.collaborations.title', { year: year(e) }), t('evaluation.charts.collaborations.subtitle', { count: c.newPairs }), monthlyBars(data, months, t, { y: countOf('count', t('evaluation.charts.axis.count')) }, { mark: { type: 'bar', color: COLORS.warn } })),
    rows: [[t('evaluation.csv.month'), t('evaluation.csv.count')], ...c.newByMonth.map((m) => [m.month, m.count])],
  };
}
