import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { compareWithReference, inked, readPng } from './png.ts';
import { seededApp, type SeededApp } from './support.ts';

/*
 * /activity status: the organisation's card carries a chart of its activities month by month over
 * the last 24 months, the running total of each year, and the yearly minimum.
 */

const ZONE = 'Europe/Warsaw';
const ORG = 'Spółdzielnia Socjalna Żuraw';

let s: SeededApp;
let reply: Reply;
beforeAll(async () => {
  s = await seededApp();
  await s.t.given('zosia', { main: ORG });
  reply = await s.t.as('zosia').command('activity', 'status');
}, 120_000);
afterAll(() => s.close());

describe('/activity status: the 24-month chart', () => {
  it('answers with the card and its chart, a real picture matching its reference', () => {
    expect(reply.errorId).toBeUndefined();
    expect(reply.title).toBe(`Obowiązek aktywności: ${ORG}`);
    const [file] = reply.attachments ?? [];
    expect(file?.filename).toBe('karta-dzialania-24-miesiace.png');
    const png = readPng(file);
    expect(inked(png).share).toBeGreaterThan(0.02);
    compareWithReference('karta-dzialania-24-miesiace.png', file!);
  });

  it('counts each month’s activities of the organisation (rejected ones left out) and each year’s running total', async () => {
    const cluster = await s.t.app.services.clusters.byId(s.clusterId);
    const { months, required } = await s.t.app.services.evaluation.memberMonths(cluster, s.seeded.memberIds[0]!);
    expect(required).toBe(2);
    expect(months.map((m) => m.month)).toEqual(Array.from({ length: 24 }, (_, i) => DateTime.fromISO('2024-04-01').plus({ months: i }).toFormat('yyyy-MM')));
    const rows = (await s.t.app.db.dumpTable('Activity')).filter((a) => a.memberId === s.seeded.memberIds[0] && a.status !== 'rejected');
    const monthOf = (a: Record<string, unknown>) => DateTime.fromJSDate(a.date instanceof Date ? a.date : new Date(String(a.date)), { zone: ZONE }).toFormat('yyyy-MM');
    for (const m of months) {
      expect(m.count, m.month).toBe(rows.filter((a) => monthOf(a) === m.month).length);
      expect(m.yearToDate, m.month).toBe(rows.filter((a) => monthOf(a).slice(0, 4) === m.month.slice(0, 4) && monthOf(a) <= m.month).length);
    }
    expect(months.some((m) => m.count > 0), 'the seeded organisation did something').toBe(true);
  });

  it('is drawn in English for an English reader', async () => {
    await s.t.given('john', { main: 'Fundacja Ćma' });
    const english = await s.t.as('john', { locale: 'en' }).command('activity', 'status');
    expect(english.attachments?.[0]?.filename).toBe('card-activities-24-months.png');
    readPng(english.attachments?.[0]);
  });
});
