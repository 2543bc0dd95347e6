import type { CsvCell } from '../core/csv.ts';
import type { Translate } from '../core/i18n.ts';
import type { Attachment } from '../core/reply.ts';
import { placesOf, type CatalogueItem } from './catalogue.ts';

/*
 * The catalogue as files for the cluster's website or a tender: Markdown for reading, CSV (through
 * src/core/csv.ts) for a spreadsheet. Headers in the reader's language.
 */

interface Tools {
  t: Translate;
  date(d: Date): string;
}

/**
 * Text a member typed, made inert inside Markdown: line breaks become spaces, the characters
 * CommonMark gives a meaning anywhere in a line (emphasis, code, links, HTML, tables, a
 * heading's closing #) are backslash-escaped, and so is a start that would open a block (a list, a quote,
 * a setext underline). Nothing a title says can open a heading, a table, a link or a tag.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** A description keeps its paragraphs, each escaped the same way. */
function escapeParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => escapeMarkdown(p))
    .filter(Boolean);
}

function contactParts(e: CatalogueItem): string[] {
  return [e.contactName, e.contactEmail ?? '', e.contactPhone ?? ''].filter(Boolean);
}

/** One heading per sector, one per entry beneath it; the organisation, places, contact and confirmation below. */
export function catalogueMarkdown(entries: CatalogueItem[], heading: { cluster: string; filter: string; at: Date }, { t, date }: Tools): string {
  const out = [`# ${escapeMarkdown(t('catalogue.file.title', { cluster: heading.cluster }))}`, '', escapeMarkdown(t('catalogue.file.state', { date: date(heading.at), count: entries.length }))];
  if (heading.filter) out.push('', escapeMarkdown(heading.filter));
  let sector = '';
  for (const e of entries) {
    if (e.sector !== sector) {
      sector = e.sector;
      out.push('', `## ${escapeMarkdown(sector)}`);
    }
    out.push('', `### ${escapeMarkdown(e.title)}`, '', `**${t('catalogue.file.organisation')}:** ${escapeMarkdown(e.organisation)}`);
    out.push('', `**${t('catalogue.file.area')}:** ${escapeMarkdown(placesOf(e.area).join(', '))}`);
    const contact = contactParts(e);
    if (contact.length) out.push('', `**${t('catalogue.file.contact')}:** ${contact.map(escapeMarkdown).join(', ')}`);
    out.push('', `**${t('catalogue.file.confirmed')}:** ${escapeMarkdown(date(e.confirmedAt))}`);
    for (const p of escapeParagraphs(e.description)) out.push('', p);
  }
  return `${out.join('\n')}\n`;
}

export function markdownAttachment(filename: string, markdown: string): Attachment {
  return { filename: `${filename}.md`, contentType: 'text/markdown; charset=utf-8', data: Buffer.from(markdown, 'utf8') };
}

/** One row per entry. */
export function catalogueRows(entries: CatalogueItem[], { t, date }: Tools): CsvCell[][] {
  return [
    [t('catalogue.csv.sector'), t('catalogue.csv.organisation'), t('catalogue.csv.title'), t('catalogue.csv.description'), t('catalogue.csv.area'), t('catalogue.csv.contact'), t('catalogue.csv.email'), t('catalogue.csv.phone'), t('catalogue.csv.confirmed')],
    ...entries.map((e) => [e.sector, e.organisation, e.title, e.description, placesOf(e.area).join(', '), e.contactName, e.contactEmail ?? '', e.contactPhone ?? '', date(e.confirmedAt)]),
  ];
}
