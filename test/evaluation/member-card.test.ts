import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { compareWithReference, inked, readPng } from './png.ts';
import { seededApp, type SeededApp } from './support.ts';

/*
 * /activity status: the organisation's card answers with its numbers at once and a "Pokaż wykres"
 * button; pressed, it draws the chart of its activities month by month over the last 24 months,
 * the running total of each year, and the yearly minimum.
 */

const ZONE = 'Europe/Warsaw';
const ORG = 'Spółdzielnia Socjalna Żuraw';

let s: SeededApp;
let card: Reply;
let reply: Reply;
beforeAll(async () => {
  s = await seededApp();
  await s.t.given('zosia', { main: ORG });
  card = await s.t.as('zosia').command('activity', 'status');
  reply = await s.t.as('zosia').press(card, 'Pokaż wykres');
}, 120_000);
afterAll(() => s.close());

describe('/activity status: the 24-month chart', () => {
  it('answers with the numbers alone and offers the chart on a button', () => {
    expect(card.errorId).toBeUndefined();
    expect(card.title).toBe(`Obowiązek aktywności: ${ORG}`);
    expect(card.attachments ?? []).toEqual([]);
    expect(card.buttons?.map((b) => b.label)).toEqual(['Pokaż wykres']);
  });

  it('draws the chart when the button is pressed, privately: a real picture matching its reference', () => {
    expect(reply.errorId).toBeUndefined();
    expect(reply.private).toBe(true);
    expect(reply.title).toBe(`Działania z ostatnich 24 miesięcy: ${ORG}`);
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
    const john = s.t.as('john', { locale: 'en' });
    const english = await john.press(await john.command('activity', 'status'), 'Show chart');
    expect(english.attachments?.[0]?.filename).toBe('card-activities-24-months.png');
    readPng(english.attachments?.[0]);
  });
});
