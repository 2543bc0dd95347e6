/**
 * How every chart looks: large type for a phone screen (a 1000-pixel-wide image shown at a third of
 * its size still reads), DejaVu Sans (Polish diacritics), a white background, few colours.
 */
export const FONT = 'DejaVu Sans';

/** Colours by meaning, so "at risk" is the same orange on every chart. */
export const COLORS = {
  main: '#1f5fa8',
  second: '#8bb8e8',
  good: '#2e8540',
  warn: '#e08a00',
  bad: '#c0392b',
  muted: '#9aa3ad',
  rule: '#c0392b',
} as const;

/** Series colours in order, for charts whose series are kinds rather than meanings. */
export const SERIES = ['#1f5fa8', '#e08a00', '#2e8540', '#8e44ad', '#9aa3ad'] as const;

export const WIDTH = 900;
export const HEIGHT = 460;

export const THEME = {
  font: FONT,
  background: '#ffffff',
  padding: 24,
  title: { fontSize: 30, font: FONT, anchor: 'start', offset: 18, subtitleFontSize: 22, subtitleColor: '#444444', subtitlePadding: 8 },
  axis: { labelFontSize: 20, titleFontSize: 22, labelFont: FONT, titleFont: FONT, titlePadding: 12, labelLimit: 260 },
  legend: { labelFontSize: 20, titleFontSize: 22, labelFont: FONT, titleFont: FONT, orient: 'bottom', direction: 'horizontal', symbolSize: 300, columns: 3, labelLimit: 300 },
  header: { labelFontSize: 22, titleFontSize: 22, labelFont: FONT, titleFont: FONT },
  text: { font: FONT, fontSize: 20 },
  range: { category: [...SERIES] },
  view: { stroke: null },
} as const;
