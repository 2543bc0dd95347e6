import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { memberSince } from './support.ts';
import { readCsv } from '../support/csv.ts';

describe('/report activity', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-09-20T10:00:00Z', jobs: [] });
    await t.given('anna', { roles: ['coordinator'] });
    await memberSince(t, 'zosia', 'Spółdzielnia Żółw', '2025-01-01T00:00:00Z');
    await memberSince(t, 'cezary', 'Fundacja Ćma', '2025-01-01T00:00:00Z', 'supporting');
    await memberSince(t, 'staszek', 'Stowarzyszenie Śpiące', '2025-01-01T00:00:00Z');
    await t.as('zosia').command('activity', 'log', { kind: 'event', date: '2026-03-10', title: 'Targi', description: 'Stoisko' });
    await t.as('zosia').command('activity', 'log', { kind: 'project', date: '2026-08-01', title: 'Projekt „Łączy nas”', description: 'Wspólny' });
    await t.as('cezary').command('activity', 'log', { kind: 'consortium', date: '2026-07-01', title: 'Konsorcjum', description: 'Oferta' });
  });
  afterEach(() => t.close());

  it('lists every member with count, last activity and standing, worst first', async () => {
    const reply = await t.as('anna').command('report', 'activity', { year: 2026 });
    expect(reply.title).toBe('Aktywność członków w 2026');
    expect(reply.text?.split('\n')).toEqual([
      'Na dobrej drodze: 1 · zagrożeni: 1 · nieaktywni: 1',
      '',
      'Stowarzyszenie Śpiące: 0/2 · ostatnie: brak · nieaktywny',
      'Fundacja Ćma: 1/2 · ostatnie: 1.07.2026 · zagrożony',
      'Spółdzielnia Żółw: 2/2 · ostatnie: 1.08.2026 · na dobrej drodze',
    ]);
  });

  it('attaches a CSV for Polish Excel (BOM, `;`) that reads back cell for cell', async () => {
    const reply = await t.as('anna').command('report', 'activity');
    const [file] = reply.attachments ?? [];
    expect(file?.filename).toBe('aktywnosc-2026.csv');
    expect(readCsv(file)).toEqual([
      ['Organizacja', 'Kategoria', 'Liczba działań', 'Minimum', 'Ostatnie działanie', 'Stan'],
      ['Stowarzyszenie Śpiące', 'główny', '0', '2', '', 'nieaktywny'],
      ['Fundacja Ćma', 'wspierający', '1', '2', '2026-07-01', 'zagrożony'],
      ['Spółdzielnia Żółw', 'główny', '2', '2', '2026-08-01', 'na dobrej drodze'],
    ]);
  });

  it('exports a name that starts like a formula as text, so Excel does not run it', async () => {
    await memberSince(t, 'ewa', '=HYPERLINK("https://zly.example";"Kliknij; tu")', '2025-01-01T00:00:00Z');
    await memberSince(t, 'olek', '@SUM(1+1)', '2025-01-01T00:00:00Z');
    const rows = readCsv((await t.as('anna').command('report', 'activity', { year: 2026 })).attachments?.[0]);
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toContain(`'=HYPERLINK("https://zly.example";"Kliknij; tu")`);
    expect(names).toContain("'@SUM(1+1)");
    expect(names.filter((n) => /^[=+\-@]/.test(n!))).toEqual([]);
  });

  it('a rejected activity does not count in the report', async () => {
    const rows = await t.app.db.dumpTable('Activity');
    const konsorcjum = rows.find((r) => r.title === 'Konsorcjum')!;
    await t.as('anna').command('activity', 'review', { activity: String(konsorcjum.id), decision: 'reject', reason: 'Brak potwierdzenia' });
    const reply = await t.as('anna').command('report', 'activity', { year: 2026 });
    expect(reply.text).toContain('Fundacja Ćma: 0/2 · ostatnie: brak · nieaktywny');
  });

  it('is for the coordinator only', async () => {
    expect((await t.as('zosia').command('report', 'activity')).errorId).toBe('core.denied.coordinator');
  });
});
