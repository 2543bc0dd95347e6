/**
 * `npm run holidays:pl`: writes Poland's part of date-holidays' data (src/services/holidays-pl.json),
 * the only country the bot reads. The bot runs it with date-holidays' own parser; loading the whole
 * package would hold every country's data in memory (+8 MiB RSS, issue 24). Nothing here is typed
 * by hand: the rules are date-holidays' PL rules as installed, with the names they refer to (Polish
 * and English only). test/activity/holidays-data.test.ts fails when an upgraded date-holidays
 * changed them and this has not been rerun.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOLIDAYS_PL_FILE = path.join(ROOT, 'src/services/holidays-pl.json');
const LANGUAGES = ['pl', 'en'];

type Names = Record<string, { name: Record<string, string> }>;
interface HolidayData {
  version: string;
  license?: string;
  holidays: Record<string, { days: Record<string, { _name?: string }> }>;
  names: Names;
}

/** Poland's rules and the shared names they refer to, from the installed date-holidays. */
export function polishHolidayData(): HolidayData {
  // The package exports no path to its data file; it lies beside the entry point's folder.
  const entry = createRequire(import.meta.url).resolve('date-holidays');
  const all = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'data', 'holidays.json'), 'utf8')) as HolidayData;
  const pl = all.holidays.PL!;
  const names: Names = {};
  for (const day of Object.values(pl.days)) {
    const shared = day._name && all.names[day._name];
    if (!shared) continue;
    names[day._name!] = { ...shared, name: Object.fromEntries(Object.entries(shared.name).filter(([lang]) => LANGUAGES.includes(lang))) };
  }
  return { version: all.version, ...(all.license ? { license: all.license } : {}), holidays: { PL: pl }, names };
}

export const serialize = (data: HolidayData) => JSON.stringify(data, null, 1) + '\n';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(HOLIDAYS_PL_FILE, serialize(polishHolidayData()));
  console.log(`written ${path.relative(ROOT, HOLIDAYS_PL_FILE)}`);
}
