import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryResult, InteractionObservation, Observer } from '../core/observer.ts';

/** Discord and Slack both drop an interaction not answered within 3 seconds. */
export const PLATFORM_DEADLINE_SECONDS = 3;

/** Label values come from the code, but one that is not a plain name is never exported as is. */
const label = (value: string) => (/^[\w .:-]{1,64}$/.test(value) ? value : 'other');

/**
 * The bot's Prometheus metrics (GET /metrics): what the command core, the scheduler, the delivery
 * ledger and the database report through the Observer interface, plus Node's process metrics.
 * Labels hold platform, command, job and delivery-kind names only: no user, cluster or
 * organisation ever appears in one.
 */
export class Metrics implements Observer {
  readonly registry = new Registry();
  private readonly counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter({ name, help, labelNames, registers: [this.registry] });
  private readonly histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });

  private readonly interactions = this.counter('pkes_interactions_total', 'Interactions handled, by platform, kind (command, form, action), command and outcome', ['platform', 'kind', 'command', 'outcome']);
  private readonly latency = this.histogram(
    'pkes_interaction_duration_seconds',
    'Time from an interaction reaching the command core to its answer being ready',
    ['platform', 'kind', 'command'],
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
  );
  private readonly pastDeadline = this.counter(
    'pkes_interactions_past_deadline_total',
    `Discord and Slack interactions whose answer was ready only after the platforms' ${PLATFORM_DEADLINE_SECONDS} s`,
    ['platform'],
  );
  private readonly deliveries = this.counter('pkes_deliveries_total', 'Scheduled and exactly-once messages by kind and result (sent, fallback, failed, skipped: already claimed)', ['kind', 'result']);
  private readonly jobDuration = this.histogram('pkes_job_duration_seconds', 'Scheduler job run durations', ['job'], [0.01, 0.05, 0.25, 1, 5, 15, 60, 300]);
  private readonly jobRuns = this.counter('pkes_job_runs_total', 'Scheduler job runs by result (ok, failed)', ['job', 'result']);
  private readonly jobLastSuccess = new Gauge({
    name: 'pkes_job_last_success_timestamp_seconds',
    help: "Unix time of each job's last successful run",
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  private readonly databaseErrors = this.counter('pkes_database_errors_total', 'Database statements that failed, by kind (connection, busy, constraint, transaction, schema, other)', ['kind']);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  interaction(o: InteractionObservation): void {
    const command = label(o.command);
    this.interactions.inc({ platform: o.platform, kind: o.kind, command, outcome: o.outcome });
    this.latency.observe({ platform: o.platform, kind: o.kind, command }, o.seconds);
    if (o.platform !== 'console' && o.seconds > PLATFORM_DEADLINE_SECONDS) this.pastDeadline.inc({ platform: o.platform });
  }

  delivery(kind: string, result: DeliveryResult): void {
    this.deliveries.inc({ kind: label(kind), result });
  }

  job(name: string, seconds: number, ok: boolean): void {
    const job = label(name);
    this.jobDuration.observe({ job }, seconds);
    this.jobRuns.inc({ job, result: ok ? 'ok' : 'failed' });
    if (ok) this.jobLastSuccess.set({ job }, Date.now() / 1000);
  }

  databaseError(kind: string): void {
    this.databaseErrors.inc({ kind: label(kind) });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
