import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/job.ts';
import { createTestApp } from '../support/harness.ts';

/** Shutdown stops the scheduler after its current job: no run is cut, none starts, the wait is bounded. */
describe('stopping the scheduler', () => {
  it('waits for the job that is running, starts no other, and gives up after the grace period', async () => {
    let release!: () => void;
    let runs = 0;
    const slow: Job = {
      name: 'slow',
      schedule: '* * * * *',
      run: () => {
        runs++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    const t = await createTestApp({ jobs: [slow] });
    try {
      const running = t.app.scheduler.runJob(slow);
      let stopped: boolean | undefined;
      const stopping = t.app.scheduler.stop(10_000).then((done) => (stopped = done));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stopped).toBeUndefined();
      release();
      await running;
      expect(await stopping).toBe(true);
      await t.app.scheduler.runJob(slow);
      await t.app.scheduler.runAll();
      expect(runs).toBe(1);
    } finally {
      await t.close();
    }

    let unstick!: () => void;
    const stuck: Job = { name: 'stuck', schedule: '* * * * *', run: () => new Promise<void>((resolve) => (unstick = resolve)) };
    const u = await createTestApp({ jobs: [stuck] });
    try {
      void u.app.scheduler.runJob(stuck);
      const started = Date.now();
      expect(await u.app.scheduler.stop(200)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      unstick();
      await u.close();
    }
  });
});
