/** Letters that do not decompose into a base letter and an accent. */
const BASE: Record<string, string> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss', đ: 'd', Đ: 'D' };

/** A name as a file-name part: ASCII letters and digits joined by `-`, at most 40 characters. */
export function fileNamePart(text: string): string {
  const ascii = text
    .replace(/[łŁøØßđĐ]/g, (c) => BASE[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug || 'x';
}

/**
 * The file name of an export about one subject (a person, an organisation), taken at one moment:
 * `dane-osobowe-anna-kowalska-2026-03-02T10-15-30Z.json`. Each person's export has its own name,
 * so a folder of exports (the console's, a coordinator's downloads) never replaces one with another.
 */
export function exportFileName(prefix: string, subject: string, at: Date, extension: string): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-') + 'Z';
  return `${fileNamePart(prefix)}-${fileNamePart(subject)}-${stamp}.${extension}`;
}
