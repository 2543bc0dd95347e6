/**
 * `npm run holidays:pl`: writes Poland's public holidays, year by year, as date-holidays computes
 * them (src/services/holidays-pl.json), the only holidays the bot reads. The bot reads this table,
 * not the package: date-holidays holds every country's data (+25 MiB RSS), and even its parser on
 * the PL rules alone loads moment-timezone and astronomical calendars (about 5 MiB of an idle
 * bot's heap, issue 23). Nothing here is typed by hand: each day is date-holidays' own, as
 * installed. test/activity/holidays-data.test.ts fails when an upgraded date-holidays changed
 * them and this has not been rerun.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOLIDAYS_PL_FILE = path.join(ROOT, 'src/services/holidays-pl.json');
/** The years the table covers: the bot refuses to guess outside them (src/services/schedule-times.ts). */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

export interface PolishHolidayTable {
  source: string;
  /** Public holidays only (days off by law): observances and Sundays-only days are not listed. */
  years: [number, number];
  /** "MM-DD" of each public holiday, by year. */
  days: Record<string, string[]>;
}

/** Poland's public holidays of each year, from the installed date-holidays. */
export function polishHolidayTable(): PolishHolidayTable {
  const holidays = new Holidays('PL');
  const days: Record<string, string[]> = {};
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    // `date` is the local day ("2026-12-24 00:00:00"): the day in Poland whatever the process's zone.
    days[String(year)] = holidays
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(5, 10));
  }
  return { source: 'date-holidays, PL, type public (npm run holidays:pl)', years: [FIRST_YEAR, LAST_YEAR], days };
}

/** One year a line: a change of the law shows as a changed line in review. */
export function serialize(table: PolishHolidayTable): string {
  const years = Object.entries(table.days).map(([year, list]) => `  ${JSON.stringify(year)}: ${JSON.stringify(list)}`);
  return `{\n "source": ${JSON.stringify(table.source)},\n "years": ${JSON.stringify(table.years)},\n "days": {\n${years.join(',\n')}\n }\n}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(HOLIDAYS_PL_FILE, serialize(polishHolidayTable()));
  console.log(`written ${path.relative(ROOT, HOLIDAYS_PL_FILE)}`);
}
