import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { Attachment } from '../../src/core/reply.ts';

/**
 * Reads an exported CSV back as Polish Excel would: it must start with the UTF-8 byte-order mark
 * and use `;` between cells. Returns the rows as parsed by csv-parse (an independent reader).
 */
export function readCsv(file: Attachment | undefined): string[][] {
  expect(file, 'a CSV attachment').toBeDefined();
  expect(file!.filename).toMatch(/\.csv$/);
  expect(file!.contentType).toBe('text/csv; charset=utf-8');
  expect([...file!.data.subarray(0, 3)], 'UTF-8 byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
  const text = file!.data.toString('utf8');
  // One convention: CRLF between records, `;` between cells.
  expect(text.endsWith('\r\n')).toBe(true);
  return parse(text, { bom: true, delimiter: ';', relax_column_count: true, skip_empty_lines: false, record_delimiter: '\r\n' }) as string[][];
}
