import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/harness.ts';
import { parsePrometheus, valueOf } from './support.ts';

/**
 * What the scheduler and the delivery ledger report reaches /metrics: job runs, durations and last
 * success; scheduled messages sent, sent another way, and skipped when already claimed. In-process,
 * through the same route the HTTP server serves.
 */
describe('metrics of scheduled work', () => {
  it('counts job runs, their duration and last success, and deliveries by kind and result', async () => {
    const t = await createTestApp({ start: '2026-05-04T09:00:00Z', env: { METRICS_ENABLED: 'true' } });
    try {
      await t.given('anna', { roles: ['coordinator'] });
      await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
      await t.given('ewa', { main: 'Fundacja Wspólna Sprawa' });
      t.notifier.closedDms.add('ewa');
      const scheduled = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-05-11', time: '17:30', place: 'Gdańsk, ul. Długa 1' });
      expect(scheduled.tone, scheduled.text).toBe('success');

      const scrape = async () => {
        let body = '';
        let type = '';
        const res = {
          writeHead: (_s: number, headers: Record<string, string>) => (type = headers['content-type'] ?? ''),
          end: (text: string) => (body = text),
          headersSent: false,
        };
        const handled = await t.app.routes.handle({ method: 'GET', url: '/metrics', headers: {} } as never, res as never);
        expect(handled).toBe(true);
        expect(type).toMatch(/^text\/plain/);
        return parsePrometheus(body).samples;
      };

      // A week before the meeting: the 7-day reminder goes to each organisation's representative.
      await t.runJobs('2026-05-04T16:00:00Z');
      const first = await scrape();
      expect(t.notifier.dmsTo('jan')).toHaveLength(1);
      expect(valueOf(first, 'pkes_deliveries_total', { kind: 'meeting-reminder', result: 'sent' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(first, 'pkes_deliveries_total', { kind: 'meeting-reminder', result: 'fallback' })).toBe(1);
      expect(valueOf(first, 'pkes_job_runs_total', { job: 'meeting-reminders', result: 'ok' })).toBe(1);
      expect(valueOf(first, 'pkes_job_duration_seconds_count', { job: 'meeting-reminders' })).toBe(1);
      const lastSuccess = valueOf(first, 'pkes_job_last_success_timestamp_seconds', { job: 'meeting-reminders' });
      expect(lastSuccess * 1000).toBeGreaterThan(Date.now() - 60_000);

      // The same run again (a second replica, a restart): nothing is sent twice, the skip is counted.
      await t.runJobs('2026-05-04T16:05:00Z');
      const second = await scrape();
      expect(t.notifier.dmsTo('jan')).toHaveLength(1);
      expect(valueOf(second, 'pkes_deliveries_total', { kind: 'meeting-reminder-run', result: 'skipped' })).toBe(1);
      expect(valueOf(second, 'pkes_deliveries_total', { kind: 'meeting-reminder', result: 'sent' })).toBe(valueOf(first, 'pkes_deliveries_total', { kind: 'meeting-reminder', result: 'sent' }));
      expect(valueOf(second, 'pkes_job_runs_total', { job: 'meeting-reminders', result: 'ok' })).toBe(2);
      // A unique-key refusal is how a claim is found taken: not a database error.
      expect(second.filter((s) => s.name === 'pkes_database_errors_total')).toEqual([]);

      // Process metrics come along.
      expect(second.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('serves no /metrics unless enabled', async () => {
    const t = await createTestApp();
    try {
      expect(t.app.metrics).toBeUndefined();
      const res = { writeHead: () => undefined, end: () => undefined, headersSent: false };
      expect(await t.app.routes.handle({ method: 'GET', url: '/metrics', headers: {} } as never, res as never)).toBe(false);
      expect(await t.app.routes.handle({ method: 'GET', url: '/healthz', headers: {} } as never, res as never)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('answers past the platforms\' 3 seconds', () => {
  it('are counted per platform from the time the core took; console interactions never are', async () => {
    const t = await createTestApp({ env: { METRICS_ENABLED: 'true' } });
    try {
      const metrics = t.app.metrics!;
      const at = (platform: 'discord' | 'slack' | 'console', seconds: number) =>
        metrics.interaction({ platform, kind: 'command', command: 'report activity', outcome: 'ok', seconds });
      at('discord', 0.4);
      at('discord', 3.4);
      at('slack', 3.01);
      at('console', 12);
      const samples = parsePrometheus(await metrics.render()).samples;
      expect(valueOf(samples, 'pkes_interactions_past_deadline_total', { platform: 'discord' })).toBe(1);
      expect(valueOf(samples, 'pkes_interactions_past_deadline_total', { platform: 'slack' })).toBe(1);
      expect(samples.some((s) => s.name === 'pkes_interactions_past_deadline_total' && s.labels.platform === 'console')).toBe(false);
      expect(valueOf(samples, 'pkes_interaction_duration_seconds_bucket', { platform: 'discord', command: 'report activity', le: '3' })).toBe(1);
    } finally {
      await t.close();
    }
  });
});
