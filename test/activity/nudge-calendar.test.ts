import { describe, expect, it } from 'vitest';
import { appPerTest, type TestApp } from '../support/harness.ts';
import { inactivityNudges } from '../../src/jobs/inactivity-nudges.ts';
import type { Job } from '../../src/jobs/job.ts';
import { clusterWithMembers } from './support.ts';

const STEP = 6 * 3_600_000;

/**
 * Runs the nudge job at `from` (catching up whatever was due before), then every six hours to `to`
 * (09:00Z among them), and returns who got what, when, after `from`.
 */
async function every6h(t: TestApp, from: string, to: string) {
  t.clock.set(new Date(from));
  await t.runJobs();
  const seen = t.notifier.private.length;
  const out: { to: string; title: string; text: string; at: string }[] = [];
  for (let at = Date.parse(from) + STEP; at <= Date.parse(to); at += STEP) {
    t.clock.set(new Date(at));
    const before = t.notifier.private.length;
    await t.runJobs();
    for (const p of t.notifier.private.slice(before)) out.push({ to: p.to.platformUserId, title: p.message.title ?? '', text: p.message.text ?? '', at: new Date(at).toISOString() });
  }
  expect(t.notifier.private.length - seen).toBe(out.length);
  return out;
}

/** Two organisations since 2025, in June 2026: Razem (jan) has met the 2026 duty with two activities, Uśpione (ola) has done nothing. */
async function razemAndUspione(jobs: Job[]): Promise<TestApp> {
  const t = await clusterWithMembers({ start: '2026-06-10T10:00:00Z', jobs }, { jan: 'Spółdzielnia Socjalna Razem', ola: 'Stowarzyszenie Uśpione' });
  for (const [kind, date, title, description] of [['event', '2026-06-01', 'Targi', 'Stoisko'], ['project', '2026-06-05', 'Projekt', 'Wspólny']] as const) {
    await t.as('jan').command('activity', 'log', { kind, date, title, description });
  }
  return t;
}

describe('inactivity nudges keep to the calendar', () => {
  const t = appPerTest(() => razemAndUspione([inactivityNudges]));

  it('sends nothing in January (the grace period) and starts on the first working day of February', async () => {
    const sent = await every6h(t, '2026-12-31T21:00:00Z', '2027-02-01T15:00:00Z');
    const toMembers = sent.filter((s) => s.to !== 'anna');
    expect(toMembers.map((s) => `${s.at} ${s.to}`).sort()).toEqual(['2027-02-01T09:00:00.000Z jan', '2027-02-01T09:00:00.000Z ola']);
  });

  it('the year’s first nudge thanks an organisation that met last year’s duty instead of saying it does too little', async () => {
    const sent = await every6h(t, '2027-02-01T03:00:00Z', '2027-02-01T15:00:00Z');
    const jan = sent.find((s) => s.to === 'jan')!;
    expect(jan.title).toBe('Nowy rok w klastrze: 2027');
    expect(jan.text).toContain('Dziękujemy – w 2026 r. organizacja „Spółdzielnia Socjalna Razem” spełniła roczny obowiązek aktywności.');
    expect(jan.text).toContain('W 2027 r. potrzebne są co najmniej 2 działania; dotąd zapisano: 0.');
    expect(jan.text).not.toContain('za mało działań');
    const ola = sent.find((s) => s.to === 'ola')!;
    expect(ola.title).toBe('Przypomnienie o aktywności w klastrze');
    expect(ola.text).toContain('za mało działań');
    // The next nudge of 2027 is an ordinary one again.
    const march = await every6h(t, '2027-03-01T03:00:00Z', '2027-03-01T15:00:00Z');
    expect(march.find((s) => s.to === 'jan')?.title).toBe('Przypomnienie o aktywności w klastrze');
  });

  it('moves a nudge that falls on a public holiday or a weekend to the next working day, same hour', async () => {
    await t.as('anna').command('setup', 'set', { key: 'nudgeCronLastQuarter', value: '0 10 1,11 * *' });
    await t.as('anna').command('setup', 'set', { key: 'nudgeMinIntervalDays', value: '1' });
    // 1 November 2026 is All Saints' Day and a Sunday; 11 November is Independence Day (a Wednesday).
    const sent = await every6h(t, '2026-10-31T03:00:00Z', '2026-11-13T03:00:00Z');
    expect([...new Set(sent.filter((s) => s.to === 'ola').map((s) => s.at))]).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-12T09:00:00.000Z']);
  });

  it('refuses a nudge schedule that is not a cron expression, and keeps the one that works', async () => {
    const bad = await t.as('anna').command('setup', 'set', { key: 'nudgeCron', value: '0 25 1 * *' });
    expect(bad.errorId).toBe('core.errors.invalidCron');
    expect(bad.text).toContain('„0 25 1 * *” nie jest poprawnym harmonogramem dla ustawienia „nudgeCron” – nic nie zmieniono.');
    const typo = await t.as('anna').command('setup', 'set', { key: 'nudgeCronLastQuarter', value: '0 10 1,15 10-12' });
    expect(typo.errorId).toBe('core.errors.invalidCron');
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    expect(cluster.settings.nudgeCron).toBe('0 10 1 * *');
    expect(cluster.settings.nudgeCronLastQuarter).toBe('0 10 1,15 10-12 *');
    expect((await t.as('anna').command('setup', 'set', { key: 'nudgeCron', value: '30 9 1 * *' })).tone).toBe('success');
  });
});

describe('a finished year is reported as finished', () => {
  /** The same two organisations, read in January 2027. */
  const t = appPerTest(async () => {
    const app = await razemAndUspione([]);
    app.clock.set('2027-01-10T10:00:00Z');
    return app;
  });

  it('/activity status year:2026 asked in 2027 says whether the duty was met, with no ways to act now', async () => {
    const met = await t.as('jan').command('activity', 'status', { year: 2026 });
    expect(met.text).toBe('2 z 2 działań w 2026\nRok 2026 się zakończył: obowiązek aktywności został spełniony – dziękujemy!');
    const missed = await t.as('ola').command('activity', 'status', { year: 2026 });
    expect(missed.text).toBe('0 z 2 działań w 2026\nRok 2026 się zakończył: obowiązek aktywności nie został spełniony (zabrakło 2 działań).');
    expect(missed.text).not.toContain('Jak działać teraz');
    expect(missed.text).not.toContain('zagrożony');
    // The running year is still in progress, with ways to act.
    expect((await t.as('ola').command('activity', 'status', {})).text).toContain('Jak działać teraz');
  });

  it('/report activity year:2026 labels those who missed the duty, not "at risk"', async () => {
    const report = await t.as('anna').command('report', 'activity', { year: 2026 });
    expect(report.text).toContain('Rok zakończony. Spełnili obowiązek: 1 · nie spełnili obowiązku: 1');
    expect(report.text).toContain('Stowarzyszenie Uśpione: 0/2 · ostatnie: brak · nie spełnił(a) obowiązku');
    expect(report.text).toContain('Spółdzielnia Socjalna Razem: 2/2 · ostatnie: 5.06.2026 · spełnił(a) obowiązek');
    expect(report.text).not.toMatch(/zagrożeni|zagrożony|na dobrej drodze/);
  });
});
