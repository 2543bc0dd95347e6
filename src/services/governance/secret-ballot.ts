import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logger.ts';
import type { LostBallot } from './lost-ballots.ts';
import { motionOptions, type MotionRow } from './rules.ts';
import { BallotSeal } from './sealing.ts';

/** How often a process says it is alive, hands pending ballots to a closing replica and looks for dead ones. */
export const HEARTBEAT_MS = 2_000;
/** A process silent this long (by the shared clock) is dead: its key, and with it its pending ballots, are gone. */
export const PROCESS_STALE_MS = 30_000;
/** The longest a close waits for a live replica to hand over its pending ballots. */
const COLLECT_TIMEOUT_MS = 15_000;

type PendingRow = Awaited<ReturnType<Database['governance']['pendingBallots']>>[number];
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What the voting service hands over for a secret ballot accepted in its transaction. */
export interface SecretBallot {
  motion: MotionRow;
  memberId: string;
  castByPersonId: string;
  proxyMemberId: string | null;
  /** Option names, in the motion's order. */
  choice: string[];
}

const boundTo = (row: { motionId: string; memberId: string }) => `${row.motionId}|${row.memberId}`;

/** Fisher–Yates with a cryptographic source: the order rows are written in says nothing. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The secret ballot's guarantee: anyone holding every version of the database (files, write-ahead
 * log, backups, PostgreSQL's system columns) and every log line learns about one organisation's
 * choice nothing beyond the published result, except that it is hidden among at least k ballots.
 *
 * - A cast writes a pending row: the organisation (its unique key keeps "already voted" across
 *   replicas) and the choice sealed with a key only this process holds (sealing.ts).
 * - Pending ballots are counted in batches: when this process holds 2k of a motion, it counts all
 *   but k of them, chosen at random, in the commit of the cast that made them 2k: their seals
 *   cleared, their participations written (in random order, random ids, all dated at the batch)
 *   and their choices added to the tally as one change of every option. The close counts the
 *   rest, as one more batch.
 * - A replica closing a motion marks it "closing"; every live process seals its pending ballots to
 *   the closer's public key and hands them over, so the rest is one batch whatever the replicas.
 * - A process that dies takes its key with it: its pending ballots are dropped and the
 *   representatives of those organisations are told, once, to vote again.
 */
export class SecretBallotService {
  readonly processId = randomUUID();
  private readonly seal = new BallotSeal();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** Pending ballots this process holds per motion, as far as it knows (decides when to read them). */
  private readonly held = new Map<string, number>();
  private registered = false;
  private registering: Promise<void> | undefined;

  /** `tellLost` tells an organisation, once, that its pending ballot was lost (lost-ballots.ts). */
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly tellLost: (motion: MotionRow, ballot: LostBallot) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Starts the heartbeat. A process that casts secret ballots registers on its first one anyway. */
  start(): void {
    if (this.timer) return;
    // Quiet until this process takes part in a secret ballot (registered): no writes for nothing.
    this.timer = setInterval(() => void (this.registered && this.tick()), HEARTBEAT_MS);
    this.timer.unref();
  }

  /**
   * Stops the heartbeat. Pending ballots go to a live replica if there is one; with none they stay
   * sealed for a key about to vanish, and the next process to start drops them and asks again.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (!this.registered) return;
    const peer = (await this.liveProcesses()).find((p) => p.id !== this.processId);
    for (const motion of await this.db.governance.openMotions()) {
      if (!motion.secret) continue;
      const rows = await this.db.governance.pendingBallots(motion.id, { processId: this.processId });
      if (rows.length === 0) continue;
      if (peer) await this.handOver(rows, peer);
    }
    // Left in place when ballots stay behind, so the next process sees a dead process and tells their voters.
    if (peer || (await this.db.governance.pendingOfProcesses([this.processId])).length === 0) await this.db.governance.removeProcess(this.processId);
  }

  /** Says this process is alive; hands pending ballots to a replica that is closing; drops a dead process's ones. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        await this.beat();
        await this.handOverToClosers();
        await this.sweepDead();
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'secret ballot heartbeat failed');
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  private async beat(): Promise<void> {
    await this.db.governance.beat(this.processId, this.seal.publicKey, this.now());
    this.registered = true;
  }

  /**
   * Registers this process (its public key) before its first pending ballot is written. The
   * presses of a first burst share one registration: each writing the same row would queue them
   * all on its lock.
   */
  ensureRegistered(): Promise<void> {
    if (this.registered) return Promise.resolve();
    this.registering ??= this.beat().finally(() => (this.registering = undefined));
    return this.registering;
  }

  /** Rows for ballots accepted in the caller's transaction: the organisation, and the choice sealed. */
  pendingRows(ballots: SecretBallot[]) {
    return ballots.map((b) => {
      this.held.set(b.motion.id, (this.held.get(b.motion.id) ?? 0) + 1);
      const options = motionOptions(b.motion);
      const row = { motionId: b.motion.id, memberId: b.memberId };
      return {
        ...row,
        castByPersonId: b.castByPersonId,
        proxyMemberId: b.proxyMemberId,
        processId: this.processId,
        sealed: this.seal.seal(b.choice.map((c) => options.indexOf(c)), boundTo(row)),
      };
    });
  }

  /**
   * In the transaction that accepted ballots, after their pending rows: when this process holds
   * at least 2k of the motion, counts all but k of them, chosen at random, in that same commit.
   * A press thus never waits for a batch of its own: no second transaction, no queue behind
   * another press's check. Every process counts only its own; of its transactions one at a time
   * counts (a try-lock: one that finds another counting leaves the batch to it, or to the next).
   */
  async countIfDue(tx: Tx, motion: MotionRow, k: number): Promise<void> {
    // Known without a query: what this process wrote minus what it counted. A hint only (a rolled
    // back cast leaves it high, costing one read); the rows read below decide.
    if ((this.held.get(motion.id) ?? 0) < 2 * k) return;
    if (!(await tx.governance.tryLockCounting(motion.id, this.processId))) return;
    const rows = await tx.governance.pendingBallots(motion.id, { processId: this.processId });
    this.held.set(motion.id, rows.length);
    if (rows.length < 2 * k) return;
    await this.count(tx, motion, shuffled(rows).slice(0, rows.length - k));
    this.held.set(motion.id, k);
  }

  /**
   * Counts pending ballots of this process in the caller's transaction: seals cleared,
   * participations written in random order at one time, the tally moved in one statement that
   * rewrites every option's row. Three raw statements per batch, whatever its size.
   */
  async count(tx: Tx, motion: MotionRow, rows: PendingRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const options = motionOptions(motion);
    const counts = options.map(() => 0);
    // A weighted motion (its weights fixed at opening) adds each ballot's votes; otherwise one each.
    const weights = motion.voteWeights ? new Map((await tx.governance.eligibility(motion.id)).map((e) => [e.memberId, e.weight])) : undefined;
    for (const row of rows) for (const i of this.seal.open(row.sealed!, boundTo(row))) counts[i]! += weights?.get(row.memberId) ?? 1;
    const marked = await tx.governance.markCounted(rows.map((r) => r.id), this.processId);
    // A row dropped meanwhile (this process was taken for dead) must not be counted: undo all.
    if (marked !== rows.length) throw new Error('pending ballots changed while counting');
    const at = this.now();
    await tx.governance.addParticipations(shuffled(rows).map((r) => ({ motionId: r.motionId, memberId: r.memberId, castByPersonId: r.castByPersonId, proxyMemberId: r.proxyMemberId, castAt: at })));
    await tx.governance.addToTally(motion.id, options.map((option, i) => ({ option, by: counts[i]! })));
    return rows.length;
  }

  /**
   * The close's wait: until no live replica holds pending ballots of the motion (each hands them to
   * this process on its heartbeat). A dead process's ones, and a live one's still there after the
   * timeout, are dropped and their voters told.
   */
  async collect(motion: MotionRow): Promise<void> {
    const deadline = Date.now() + COLLECT_TIMEOUT_MS;
    for (;;) {
      await this.beat();
      const others = await this.db.governance.pendingBallots(motion.id, { notProcessId: this.processId });
      if (others.length === 0) return;
      const live = new Set((await this.liveProcesses()).map((p) => p.id));
      const timedOut = Date.now() > deadline;
      const lost = others.filter((r) => timedOut || !r.processId || !live.has(r.processId));
      if (lost.length) await this.drop(lost);
      if (lost.length === others.length) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Counts every pending ballot this process holds for the motion (the close's last batch). */
  async countRest(tx: Tx, motion: MotionRow): Promise<number> {
    this.held.delete(motion.id);
    return this.count(tx, motion, await tx.governance.pendingBallots(motion.id, { processId: this.processId }));
  }

  private async handOverToClosers(): Promise<void> {
    const closing = (await this.db.governance.closingMotions()).filter((m) => m.closingBy && m.closingBy !== this.processId);
    if (closing.length === 0) return;
    const live = await this.liveProcesses();
    for (const motion of closing) {
      const closer = live.find((p) => p.id === motion.closingBy);
      const rows = await this.db.governance.pendingBallots(motion.id, { processId: this.processId });
      if (closer && rows.length) await this.handOver(rows, closer);
    }
  }

  private async handOver(rows: PendingRow[], to: { id: string; publicKey: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        const sealed = this.seal.sealFor(this.seal.open(row.sealed!, boundTo(row)), boundTo(row), to.publicKey);
        await tx.governance.handOver(row.id, this.processId, to.id, sealed);
      }
    });
    this.log.info({ count: rows.length, to: to.id }, 'pending secret ballots handed over');
  }

  private async liveProcesses() {
    const since = this.now().getTime() - PROCESS_STALE_MS;
    return (await this.db.governance.processes()).filter((p) => p.id === this.processId || p.beatAt.getTime() >= since);
  }

  /** Processes silent too long: their pending ballots can never be opened, so they are dropped. */
  private async sweepDead(): Promise<void> {
    const since = this.now().getTime() - PROCESS_STALE_MS;
    const dead = (await this.db.governance.processes()).filter((p) => p.id !== this.processId && p.beatAt.getTime() < since);
    if (dead.length === 0) return;
    await this.drop(await this.db.governance.pendingOfProcesses(dead.map((p) => p.id)));
    for (const p of dead) await this.db.governance.removeProcess(p.id);
  }

  /** Drops pending ballots nobody can open; each organisation's representatives are told once. */
  private async drop(rows: PendingRow[]): Promise<void> {
    const dropped = await this.db.governance.dropPending(rows.map((r) => r.id));
    if (dropped === 0) return;
    const motions = new Map<string, MotionRow>();
    for (const row of rows) {
      const motion = motions.get(row.motionId) ?? (await this.db.governance.motion(row.motionId));
      if (!motion) continue;
      motions.set(motion.id, motion);
      await this.tellLost(motion, row);
    }
    for (const motion of motions.values()) {
      const count = rows.filter((r) => r.motionId === motion.id).length;
      await this.db.audit.record({ clusterId: motion.clusterId, action: 'motion.ballotsLost', subjectType: 'motion', subjectId: motion.id, details: { count } });
    }
    this.log.warn({ dropped }, 'pending secret ballots of a stopped process dropped; voters asked to vote again');
  }

  /** How many ballots of a motion were lost with a stopped process (the coordinator's card). */
  async lostCount(clusterId: string, motionId: string): Promise<number> {
    const entries = await this.db.audit.list(clusterId, { subjectType: 'motion', subjectId: motionId, take: 1000 });
    return entries.filter((e) => e.action === 'motion.ballotsLost').reduce((sum, e) => sum + Number((JSON.parse(e.details ?? '{}') as { count?: number }).count ?? 0), 0);
  }
}
