import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOLIDAYS_PL_FILE, polishHolidayData, serialize } from '../../scripts/holidays-pl.ts';

describe('Poland’s holiday rules the bot loads', () => {
  it('are date-holidays’ PL rules as installed (after an upgrade, run `npm run holidays:pl`)', () => {
    expect(readFileSync(HOLIDAYS_PL_FILE, 'utf8')).toBe(serialize(polishHolidayData()));
  });
});
