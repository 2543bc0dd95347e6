import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOLIDAYS_PL_FILE, polishHolidayTable, serialize } from '../../scripts/holidays-pl.ts';

describe('Poland’s public holidays the bot reads', () => {
  it('are date-holidays’ PL public holidays as installed, year by year (after an upgrade, run `npm run holidays:pl`)', { timeout: 60_000 }, () => {
    expect(readFileSync(HOLIDAYS_PL_FILE, 'utf8')).toBe(serialize(polishHolidayTable()));
  });
});
