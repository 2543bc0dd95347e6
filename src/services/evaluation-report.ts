import type { Locale, Translate } from '../core/i18n.ts';
import type { Attachment } from '../core/reply.ts';
import { csvAttachment } from '../core/csv.ts';
import type { Evaluation, MemberMonths } from './evaluation.ts';
import { evaluationCharts } from './charts/evaluation-charts.ts';
import { collaborationMap } from './charts/collaboration-map.ts';
import { memberCard } from './charts/member-card.ts';
import { chartFiles, chartStem, markdownAttachment, PNG } from './charts/files.ts';
import { renderPng } from './charts/render.ts';
import type { Chart } from './charts/specs.ts';
import { summaryLines, summaryMarkdown } from './evaluation-summary.ts';

/** Who reads the files: their language, and dates in the cluster's time zone. */
export interface Reader {
  t: Translate;
  locale: Locale;
  format: { date(d: Date): string };
}

/**
 * The yearly evaluation's files: every chart as PNG (first, so a platform that shows images shows
 * them), the Markdown summary, then each chart's CSV.
 */
export async function evaluationReport(e: Evaluation, r: Reader): Promise<{ lines: string[]; attachments: Attachment[] }> {
  const charts = [...evaluationCharts(e, r.t, r.locale), collaborationMap(e, r.t, r.locale)];
  const base = r.t('evaluation.files.base', { year: String(e.window.year) });
  const { images, data } = await chartFiles(charts, base, r.t);
  const csvNames = new Map<Chart, string>(charts.map((c, i) => [c, data[i]!.filename]));
  const summary = markdownAttachment(`${base}-${r.t('evaluation.files.summary')}`, summaryMarkdown(e, charts, csvNames, r.t, r.format));
  return { lines: summaryLines(e, r.t, r.format), attachments: [...images, summary, ...data] };
}

/** The collaboration map alone, with the pairs behind it and who worked with nobody. */
export async function collaborationReport(e: Evaluation, r: Reader): Promise<{ isolated: string[]; attachments: Attachment[] }> {
  const map = collaborationMap(e, r.t, r.locale);
  const base = r.t('evaluation.files.base', { year: String(e.window.year) });
  const { images, data } = await chartFiles([map], base, r.t);
  const isolated = e.collaboration.isolated.map((id) => e.names.get(id) ?? id).sort((a, b) => a.localeCompare(b, 'pl'));
  const isolatedCsv = csvAttachment(`${base}-${r.t('evaluation.files.isolated')}`, [[r.t('evaluation.csv.organisation')], ...isolated.map((n) => [n])]);
  return { isolated, attachments: [...images, ...data, isolatedCsv] };
}

/** An organisation's 24-month activity chart. */
export async function memberCardImage(org: string, months: MemberMonths, r: Reader): Promise<Attachment> {
  const chart = memberCard(org, months, r.t, r.locale);
  return { filename: `${chartStem(r.t('evaluation.files.memberBase'), chart, r.t)}.png`, contentType: PNG, data: await renderPng(chart.spec) };
}
