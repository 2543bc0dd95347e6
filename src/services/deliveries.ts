import type { Database } from '../db/index.ts';
import type { PrivateDelivery } from '../core/notifier.ts';
import { noObserver, type Observer } from '../core/observer.ts';

/**
 * Exactly-once sending. Every scheduled message has a durable key (kind, target, period or
 * meeting, threshold). The key is claimed before sending: a restart, an overlapping run or a second
 * replica on the same database finds it taken and sends nothing.
 */
/** Longer than any send takes; a claim older than this and still unsent was abandoned. */
export const STALE_CLAIM_MS = 5 * 60_000;

export class DeliveryService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly observer: Observer = noObserver,
  ) {}

  /** Runs `send` only if this caller is the first to claim `key`. Returns whether it ran. */
  async once(clusterId: string, key: string, kind: string, send: () => Promise<PrivateDelivery | void>): Promise<boolean> {
    const now = this.now();
    const claimed =
      (await this.db.deliveries.claim(clusterId, key, kind, now)) ||
      // A claim never marked as sent means its sender died mid-run: the next run sends it.
      (await this.db.deliveries.takeOverStale(key, new Date(now.getTime() - STALE_CLAIM_MS), now));
    if (!claimed) {
      this.observer.delivery(kind, 'skipped');
      return false;
    }
    await this.deliver(key, kind, send);
    return true;
  }

  /**
   * Claims `key` inside the caller's transaction: the message is owed exactly when what caused it
   * commits (an outbox entry). The caller sends it after the commit with `sendOwed`; if it dies
   * first, the claim goes stale and `abandoned` finds it for a later run to send through `once`.
   */
  owe(tx: Database, clusterId: string, key: string, kind: string): Promise<boolean> {
    return tx.deliveries.claim(clusterId, key, kind, this.now());
  }

  /** Sends what this caller owed (its own fresh claim from `owe`), and records it sent. */
  sendOwed(key: string, kind: string, send: () => Promise<PrivateDelivery | void>): Promise<void> {
    return this.deliver(key, kind, send);
  }

  /** Owed messages of a kind whose sender died after the commit (claimed, unsent, stale). */
  abandoned(kind: string) {
    return this.db.deliveries.unsent(kind, new Date(this.now().getTime() - STALE_CLAIM_MS));
  }

  private async deliver(key: string, kind: string, send: () => Promise<PrivateDelivery | void>): Promise<void> {
    let result: PrivateDelivery | void;
    try {
      result = await send();
    } catch (error) {
      this.observer.delivery(kind, 'failed');
      throw error;
    }
    await this.db.deliveries.markSent(key, result ? result.status : 'sent', this.now());
    this.observer.delivery(kind, result ? result.status : 'sent');
  }

  wasSent(key: string): Promise<boolean> {
    return this.db.deliveries.exists(key).then(Boolean);
  }

  list(clusterId: string, kind?: string) {
    return this.db.deliveries.list(clusterId, kind);
  }

  async forgetEventsBefore(before: Date): Promise<number> {
    return (await this.db.events.prune(before)).count;
  }

  /** A platform delivery (event id, trigger id) seen for the first time? Retries answer false. */
  firstTime(key: string): Promise<boolean> {
    return this.db.events.firstTime(key, this.now());
  }
}
