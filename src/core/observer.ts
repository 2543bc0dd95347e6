import type { Platform } from './actor.ts';

/**
 * What the bot reports about its own work, for whoever watches it (the ops layer's Prometheus
 * metrics). The core, the scheduler and the services call these; they know nothing of metrics.
 * Every value is a name from the code (a command, a job, a delivery kind), never a person's data.
 */
export type InteractionOutcome = 'ok' | 'refused' | 'denied' | 'invalid' | 'unavailable' | 'error';

export interface InteractionObservation {
  platform: Platform;
  kind: 'command' | 'form' | 'action' | 'suggest';
  /** A registered command (`activity log`, `vote.cast`), or `unknown` for anything else. */
  command: string;
  outcome: InteractionOutcome;
  seconds: number;
}

export type DeliveryResult = 'sent' | 'fallback' | 'failed' | 'skipped';

export interface Observer {
  interaction(o: InteractionObservation): void;
  /** A scheduled or exactly-once message: sent, sent another way, failed, or skipped (already claimed). */
  delivery(kind: string, result: DeliveryResult): void;
  job(name: string, seconds: number, ok: boolean): void;
  /** A database statement failed; `kind` is a short class (connection, busy, constraint…). */
  databaseError(kind: string): void;
}

export const noObserver: Observer = {
  interaction: () => {},
  delivery: () => {},
  job: () => {},
  databaseError: () => {},
};
