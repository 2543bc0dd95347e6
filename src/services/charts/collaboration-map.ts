import { DateTime } from 'luxon';
import type { Locale, Translate } from '../../core/i18n.ts';
import { COLLABORATION_SOURCES } from '../collaboration.ts';
import type { Evaluation } from '../evaluation.ts';
import type { ChartSpec } from './render.ts';
import type { Chart } from './specs.ts';
import { COLORS } from './theme.ts';

/*
 * The collaboration map: a network picture of the year's pairs. Plain Vega (Vega-Lite has no
 * network layout): its force layout runs a fixed number of steps from fixed starting places, so the
 * same year draws the same picture. Organisations that worked with nobody are red, new pairs orange.
 */

const SIZE = 1000;
const HEIGHT = 800;
/** Up to this many organisations every one is named; above it only the most connected are. */
const NAME_ALL_UP_TO = 40;
const NAMED_WHEN_MANY = 12;

export function collaborationMap(e: Evaluation, t: Translate, _locale: Locale): Chart {
  const c = e.collaboration;
  const ids = [...new Set([...e.counted, ...c.pairs.flatMap((p) => [p.a, p.b])])].sort((a, b) => (e.names.get(a) ?? a).localeCompare(e.names.get(b) ?? b, 'pl') || a.localeCompare(b));
  const index = new Map(ids.map((id, i) => [id, i]));
  const degree = (id: string) => c.partners.get(id) ?? 0;
  const named = new Set(ids.length <= NAME_ALL_UP_TO ? ids : [...ids].sort((a, b) => degree(b) - degree(a) || a.localeCompare(b)).slice(0, NAMED_WHEN_MANY));
  const nodes = ids.map((id, i) => ({ index: i, name: named.has(id) ? shorten(e.names.get(id) ?? '') : '', degree: degree(id), isolated: degree(id) === 0, cx: SIZE / 2, cy: HEIGHT / 2 }));
  const links = c.pairs.map((p) => ({ source: index.get(p.a)!, target: index.get(p.b)!, isNew: p.isNew, weight: p.total }));
  const legend = [t('evaluation.charts.map.new'), t('evaluation.charts.map.old'), t('evaluation.charts.map.isolated')];
  const spec: ChartSpec = {
    grammar: 'vega',
    spec: {
      $schema: 'https://vega.github.io/schema/vega/v6.json',
      width: SIZE,
      height: HEIGHT,
      autosize: 'none',
      title: {
        anchor: 'start',
        frame: 'group',
        offset: 60,
        text: t('evaluation.charts.map.title', { year: String(e.window.year) }),
        subtitle: t('evaluation.charts.map.subtitle', { nodes: ids.length, pairs: c.pairs.length, newPairs: c.newPairs, isolated: c.isolated.length }),
      },
      padding: { left: 24, right: 24, top: 120, bottom: 110 },
      data: [
        { name: 'node-data', values: nodes },
        { name: 'link-data', values: links },
        { name: 'legend', values: legend.map((label, i) => ({ label, i })) },
      ],
      scales: [{ name: 'legendColor', type: 'ordinal', domain: legend, range: [COLORS.warn, COLORS.muted, COLORS.bad] }],
      legends: [{ fill: 'legendColor', orient: 'bottom', direction: 'horizontal', symbolType: 'circle', symbolSize: 300, labelFontSize: 20, labelLimit: 400, columnPadding: 40, offset: 40 }],
      marks: [
        {
          name: 'nodes',
          type: 'symbol',
          from: { data: 'node-data' },
          zindex: 1,
          encode: {
            update: {
              size: { signal: 'datum.isolated ? 320 : 120 + datum.degree * 40' },
              fill: { signal: `datum.isolated ? '${COLORS.bad}' : '${COLORS.main}'` },
              stroke: { value: '#ffffff' },
              strokeWidth: { value: 1.5 },
            },
          },
          transform: [
            {
              type: 'force',
              iterations: 150,
              static: true,
              signal: 'force',
              forces: [
                { force: 'center', x: { signal: 'width / 2' }, y: { signal: 'height / 2' } },
                { force: 'collide', radius: { expr: '10 + sqrt(datum.datum.degree) * 3' } },
                { force: 'nbody', strength: -Math.min(1200, Math.max(30, 12000 / ids.length)) },
                { force: 'link', links: 'link-data', distance: Math.max(60, 600 / Math.sqrt(ids.length)) },
                // The x and y forces pull towards a field: each node's own copy of the centre.
                { force: 'x', x: 'datum.cx', strength: 0.03 },
                { force: 'y', y: 'datum.cy', strength: 0.03 },
              ],
            },
            // Kept inside the picture with room for a name: an organisation pushed off the edge would vanish.
            { type: 'formula', as: 'x', expr: 'clamp(datum.x, 120, width - 120)' },
            { type: 'formula', as: 'y', expr: 'clamp(datum.y, 40, height - 14)' },
          ],
        },
        {
          type: 'path',
          from: { data: 'link-data' },
          interactive: false,
          encode: {
            update: {
              stroke: { signal: `datum.isNew ? '${COLORS.warn}' : '${COLORS.muted}'` },
              strokeOpacity: { value: 0.7 },
              strokeWidth: { signal: 'min(6, 1.5 + datum.weight * 0.5)' },
            },
          },
          transform: [{ type: 'linkpath', require: { signal: 'force' }, shape: 'line', sourceX: 'datum.source.x', sourceY: 'datum.source.y', targetX: 'datum.target.x', targetY: 'datum.target.y' }],
        },
        {
          type: 'text',
          zindex: 2,
          from: { data: 'nodes' },
          encode: {
            update: {
              x: { field: 'x' },
              y: { signal: 'datum.y - 12 - sqrt(datum.datum.degree) * 2' },
              text: { field: 'datum.name' },
              align: { value: 'center' },
              baseline: { value: 'bottom' },
              fontSize: { value: 18 },
              fill: { value: '#222222' },
            },
          },
        },
      ],
    },
  };
  return {
    name: 'map',
    spec,
    rows: [
      [t('evaluation.csv.organisation'), t('evaluation.csv.organisation'), t('evaluation.csv.first'), t('evaluation.csv.new'), t('evaluation.csv.total'), ...COLLABORATION_SOURCES.map((s) => t(`evaluation.sources.${s}`))],
      ...c.pairs.map((p) => [e.names.get(p.a) ?? '', e.names.get(p.b) ?? '', isoDay(p.first, e.window.zone), p.isNew ? t('evaluation.csv.yes') : t('evaluation.csv.no'), p.total, ...COLLABORATION_SOURCES.map((s) => p.events[s] ?? 0)]),
    ],
  };
}

const isoDay = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toISODate()!;

/** A name on the map stays short enough not to cover its neighbours. */
const shorten = (name: string) => (name.length > 28 ? `${name.slice(0, 27)}…` : name);
