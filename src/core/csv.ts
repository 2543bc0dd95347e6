import { stringify } from 'csv-stringify/sync';
import type { Attachment } from './reply.ts';

/** A cell as exports hand it over; numbers stay numbers so a negative count is not taken for a formula. */
export type CsvCell = string | number | null | undefined;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/**
 * The one way the bot writes CSV (activity report, General Meeting minutes, poll exports), for the
 * spreadsheet most members open it in, Polish Excel:
 * - `;` between cells: Polish Excel reads `,` as the decimal separator and puts a whole row in one cell;
 * - UTF-8 with a byte-order mark, without which Excel guesses a code page and garbles ą, ę, ł, ś, ż;
 * - CRLF line ends (RFC 4180);
 * - a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so text
 *   a member typed (an organisation's name, a poll answer) is never run as a formula (CSV injection).
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): Buffer {
  const text = stringify(
    rows.map((row) => row.map((cell) => cell ?? '')),
    // A bare line break in a cell must be quoted too, or Excel starts a new row there.
    { delimiter: ';', record_delimiter: 'windows', bom: true, escape_formulas: true, quoted_match: /[\r\n]/ },
  );
  return Buffer.from(text, 'utf8');
}

/** A CSV file ready to attach to a reply. */
export function csvAttachment(filename: string, rows: readonly (readonly CsvCell[])[]): Attachment {
  return { filename: filename.endsWith('.csv') ? filename : `${filename}.csv`, contentType: CSV_CONTENT_TYPE, data: toCsv(rows) };
}
