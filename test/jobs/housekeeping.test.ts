import { describe, expect, it } from 'vitest';
import { housekeepingJob } from '../../src/jobs/housekeeping.ts';
import { createTestApp, appPerTest } from '../support/harness.ts';

describe('housekeeping', () => {
  const t = appPerTest(() => createTestApp({ jobs: [housekeepingJob] }));

  it('forgets platform delivery ids older than a week and keeps recent ones, so a fresh retry still acts once', async () => {
    const deliveries = t.app.services.deliveries;
    expect(await deliveries.firstTime('slack:old')).toBe(true);
    t.clock.advance(6 * 86_400_000);
    expect(await deliveries.firstTime('slack:recent')).toBe(true);
    t.clock.advance(2 * 86_400_000);
    await t.runJobs();
    expect(await deliveries.firstTime('slack:recent')).toBe(false);
    expect(await deliveries.firstTime('slack:old')).toBe(true);
  });
});
