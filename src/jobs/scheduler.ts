import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { Job, JobContext } from './job.ts';

/**
 * Runs each job on its node-cron schedule, and once at start so whatever fell due while the
 * bot was down is caught up. A job never overlaps itself within a process; across processes the
 * delivery ledger keeps every message single.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly jobs: readonly Job[],
    private readonly ctx: JobContext,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    await this.runAll();
    for (const job of this.jobs) {
      this.tasks.push(cron.schedule(job.schedule, () => void this.runJob(job), { timezone: 'UTC', name: job.name }));
    }
  }

  /** Runs every job now (start-up catch-up; tests drive the year through this). */
  async runAll(now: Date = this.clock.now()): Promise<void> {
    for (const job of this.jobs) await this.runJob(job, now);
  }

  async runJob(job: Job, now: Date = this.clock.now()): Promise<void> {
    if (this.running.has(job.name)) return;
    this.running.add(job.name);
    const started = performance.now();
    try {
      await job.run(now, this.ctx);
      this.ctx.log.debug({ job: job.name, ms: Math.round(performance.now() - started) }, 'job ran');
    } catch (error) {
      this.ctx.log.error({ job: job.name, err: error }, 'job failed; it will run again on its next tick');
    } finally {
      this.running.delete(job.name);
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.stop();
    this.tasks.length = 0;
  }
}
