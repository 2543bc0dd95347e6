import type { Attachment } from '../../core/reply.ts';
import { csvAttachment } from '../../core/csv.ts';
import type { Translate, TranslationKey } from '../../core/i18n.ts';
import { renderPng } from './render.ts';
import type { Chart } from './specs.ts';

export const PNG = 'image/png';

/** A chart's file names: `<base>-<name>.png` and `.csv`, the stem in the reader's language. */
export function chartStem(base: string, chart: Chart, t: Translate): string {
  return `${base}-${t(`evaluation.files.${chart.name}` as TranslationKey)}`;
}

/** Draws each chart (one after another: each is a whole CPU's work) and pairs it with its CSV. */
export async function chartFiles(charts: Chart[], base: string, t: Translate): Promise<{ images: Attachment[]; data: Attachment[] }> {
  const images: Attachment[] = [];
  const data: Attachment[] = [];
  for (const chart of charts) {
    const stem = chartStem(base, chart, t);
    images.push({ filename: `${stem}.png`, contentType: PNG, data: await renderPng(chart.spec) });
    data.push(csvAttachment(stem, chart.rows));
  }
  return { images, data };
}

export function markdownAttachment(stem: string, text: string): Attachment {
  return { filename: `${stem}.md`, contentType: 'text/markdown; charset=utf-8', data: Buffer.from(text, 'utf8') };
}
