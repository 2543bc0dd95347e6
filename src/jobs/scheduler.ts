import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import { noObserver, type Observer } from '../core/observer.ts';
import type { Job, JobContext } from './job.ts';

/**
 * Runs each job on its node-cron schedule, and once at start so whatever fell due while the
 * bot was down is caught up. A job never overlaps itself within a process; across processes the
 * delivery ledger keeps every message single.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly ctx: JobContext,
    private readonly clock: Clock,
    private readonly observer: Observer = noObserver,
  ) {}

  async start(): Promise<void> {
    await this.runAll();
    if (this.stopping) return;
    for (const job of this.jobs) {
      this.tasks.push(cron.schedule(job.schedule, () => void this.runJob(job), { timezone: 'UTC', name: job.name }));
    }
  }

  /** Runs every job now (start-up catch-up; tests drive the year through this). */
  async runAll(now: Date = this.clock.now()): Promise<void> {
    for (const job of this.jobs) {
      if (this.stopping) return;
      await this.runJob(job, now);
    }
  }

  runJob(job: Job, now: Date = this.clock.now()): Promise<void> {
    if (this.running.has(job.name) || this.stopping) return Promise.resolve();
    const run = this.execute(job, now).finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  private async execute(job: Job, now: Date): Promise<void> {
    const started = performance.now();
    try {
      await job.run(now, this.ctx);
      this.observer.job(job.name, (performance.now() - started) / 1000, true);
      this.ctx.log.debug({ job: job.name, ms: Math.round(performance.now() - started) }, 'job ran');
    } catch (error) {
      this.observer.job(job.name, (performance.now() - started) / 1000, false);
      this.ctx.log.error({ job: job.name, err: error }, 'job failed; it will run again on its next tick');
    }
  }

  /**
   * No new runs; a job already running finishes (within `graceMs`), so a reminder run is not cut
   * between claiming a message and marking it sent. Returns whether every running job finished.
   */
  async stop(graceMs = 30_000): Promise<boolean> {
    this.stopping = true;
    for (const task of this.tasks) await task.stop();
    this.tasks.length = 0;
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const finished = await Promise.race([Promise.all(this.running.values()).then(() => true as const), timeout]);
    clearTimeout(timer);
    return finished;
  }
}
