import { GOOD_STANDING } from '../core/vocabulary.ts';
import type { Provider } from './provider.ts';
import { groupBy, lookup, type Lookup } from './batch.ts';
import { Prisma, type Client, type Tx } from './client.ts';
import type { BallotKind, Category, Majority, MotionStatus } from '../core/vocabulary.ts';
import { memberRow, motionRow, type Checked } from './vocabulary-rows.ts';
import type { MotionModel } from './generated/sqlite/models.ts';
import { insertRows, insertRowsOnce, newId } from './insert-rows.ts';

type Db = Client | Tx;
type MotionRow = Checked<typeof motionRow, MotionModel>;
type ParticipationRow = Awaited<ReturnType<Client['voteParticipation']['findUniqueOrThrow']>>;
type PairKey = { motionId: string; memberId: string };
const pairKey = (k: PairKey) => `${k.motionId}\u0000${k.memberId}`;

/** (motion, organisation) pairs as a filter: one motion per OR branch, its organisations in an IN list. */
function pairsWhere(keys: PairKey[]) {
  return { OR: [...groupBy(keys, (k) => k.motionId)].map(([motionId, ks]) => ({ motionId, memberId: { in: ks.map((k) => k.memberId) } })) };
}

/**
 * What a cast needs to know before its transaction, read in one step: the motion, its meeting's
 * title (the vote's activity is named after it), and where the organisation stands on it.
 */
export interface BallotState {
  motion: MotionRow;
  meetingTitle: string | null;
  eligible: boolean;
  /** When the organisation's open ballot was recorded; null if it has not voted (or the ballot is secret). */
  castAt: Date | null;
  /** The organisation holds a secret ballot row on the motion, pending or counted. */
  sealed: boolean;
}
type BallotStateRow = BallotState & PairKey;

/**
 * General Meeting votes: motions, who may vote, who voted, and the choices. For a secret ballot
 * the choice only ever increments a SecretTally count, so no row links an organisation to it.
 */
export class GovernanceStore {
  private readonly motionLookup: Lookup<string, MotionRow>;
  private readonly eligibilityLookup: Lookup<PairKey, { motionId: string; memberId: string }>;
  private readonly participationLookup: Lookup<PairKey, ParticipationRow>;
  private readonly sealedLookup: Lookup<PairKey, { motionId: string; memberId: string; processId: string | null }>;
  private readonly ballotStateLookup: Lookup<PairKey, BallotStateRow>;

  constructor(
    private readonly db: Db,
    private readonly provider: Provider,
    batched = false,
  ) {
    this.motionLookup = lookup(batched, async (ids) => motionRow.many(await this.db.motion.findMany({ where: { id: { in: ids } } })), (id) => id, (row) => row.id);
    this.eligibilityLookup = lookup(batched, (keys) => this.db.motionEligibility.findMany({ where: pairsWhere(keys), select: { motionId: true, memberId: true } }), pairKey, pairKey);
    this.participationLookup = lookup(batched, (keys) => this.db.voteParticipation.findMany({ where: pairsWhere(keys) }), pairKey, pairKey);
    this.sealedLookup = lookup(batched, (keys) => this.db.sealedBallot.findMany({ where: pairsWhere(keys), select: { motionId: true, memberId: true, processId: true } }), pairKey, pairKey);
    this.ballotStateLookup = lookup(batched, (keys) => this.fetchBallotStates(keys), pairKey, pairKey);
  }

  /** The motion and the organisation's standing on it (null: no such motion). Concurrent presses share the two statements. */
  async ballotState(motionId: string, memberId: string): Promise<BallotState | null> {
    return (await this.ballotStateLookup.one({ motionId, memberId })) ?? null;
  }

  /**
   * Two raw statements for any number of presses: the motions with their meeting's title, and per
   * (motion, organisation) its eligibility joined with its participation and its secret ballot row
   * (an organisation without an eligibility row is not eligible, whatever else it has). Raw, as the
   * model queries' interpretation was most of what a press cost in a burst.
   */
  private async fetchBallotStates(keys: PairKey[]): Promise<BallotStateRow[]> {
    const motionIds = [...new Set(keys.map((k) => k.motionId))];
    const branches = [...groupBy(keys, (k) => k.motionId)].map(([motionId, ks]) => Prisma.sql`(e."motionId" = ${motionId} AND e."memberId" IN (${Prisma.join(ks.map((k) => k.memberId))}))`);
    const [motions, standings] = await Promise.all([
      this.db.$queryRaw<(MotionModel & { meetingTitle: string | null })[]>`
        SELECT m.*, g."title" AS "meetingTitle" FROM "Motion" m LEFT JOIN "Meeting" g ON g."id" = m."meetingId" WHERE m."id" IN (${Prisma.join(motionIds)})`,
      this.db.$queryRaw<{ motionId: string; memberId: string; castAt: Date | null; sealedId: string | null }[]>`
        SELECT e."motionId", e."memberId", p."castAt", s."id" AS "sealedId"
        FROM "MotionEligibility" e
        LEFT JOIN "VoteParticipation" p ON p."motionId" = e."motionId" AND p."memberId" = e."memberId"
        LEFT JOIN "SealedBallot" s ON s."motionId" = e."motionId" AND s."memberId" = e."memberId"
        WHERE ${Prisma.join(branches, ' OR ')}`,
    ]);
    const byId = new Map<string, { motion: MotionRow; meetingTitle: string | null }>();
    for (const { meetingTitle, ...motion } of motions) byId.set(motion.id, { motion: motionRow.one(motion), meetingTitle });
    const standing = new Map(standings.map((s) => [pairKey(s), s]));
    const out: BallotStateRow[] = [];
    for (const key of keys) {
      const found = byId.get(key.motionId);
      if (!found) continue;
      const s = standing.get(pairKey(key));
      out.push({ ...key, ...found, eligible: Boolean(s), castAt: s?.castAt ?? null, sealed: Boolean(s?.sealedId) });
    }
    return out;
  }

  async createMotion(data: {
    clusterId: string;
    meetingId: string;
    title: string;
    text: string;
    ballotKind: BallotKind;
    options: string[];
    secret: boolean;
    allowChange: boolean;
    opensAt: Date;
    closesAt: Date;
    quorum: number;
    majority: Majority;
    abstentionsCount: boolean;
    secondTermQuorum?: number | null;
    secondTermDelayMinutes?: number;
  }) {
    return motionRow.one(await this.db.motion.create({ data: { ...data, options: JSON.stringify(data.options) } }));
  }

  async motion(id: string) {
    return (await this.motionLookup.one(id)) ?? null;
  }

  async motions(clusterId: string, filter: { meetingId?: string; status?: MotionStatus[] } = {}) {
    return motionRow.many(
      await this.db.motion.findMany({
        where: { clusterId, ...(filter.meetingId ? { meetingId: filter.meetingId } : {}), ...(filter.status ? { status: { in: filter.status } } : {}) },
        orderBy: [{ opensAt: 'asc' }, { createdAt: 'asc' }],
      }),
    );
  }

  /** Drafts due to open and open motions due to close, across every cluster (the scheduler's view). */
  async dueToOpen(now: Date) {
    return motionRow.many(await this.db.motion.findMany({ where: { status: 'draft', opensAt: { lte: now } } }));
  }
  async dueToClose(now: Date) {
    return motionRow.many(await this.db.motion.findMany({ where: { status: 'open', closesAt: { lte: now } } }));
  }
  async openMotions() {
    return motionRow.many(await this.db.motion.findMany({ where: { status: 'open' } }));
  }
  async closedSince(since: Date) {
    return motionRow.many(await this.db.motion.findMany({ where: { status: 'closed', closedAt: { gte: since } } }));
  }

  /** draft → open, once: of two callers (job and coordinator, two replicas) only one gets true. */
  async markOpen(id: string, opensAt: Date): Promise<boolean> {
    const { count } = await this.db.motion.updateMany({ where: { id, status: 'draft' }, data: { status: 'open', opensAt } });
    return count === 1;
  }

  /** open → closed (or closing → closed), once: the row lock this update takes orders it against ballots being cast. */
  async markClosed(id: string, closedAt: Date, from: 'open' | 'closing' = 'open'): Promise<boolean> {
    const { count } = await this.db.motion.updateMany({ where: { id, status: from }, data: { status: 'closed', closedAt } });
    return count === 1;
  }

  /** A secret ballot's close begins: open → closing, collected by one process. Once, like markClosed. */
  async markClosing(id: string, processId: string): Promise<boolean> {
    const { count } = await this.db.motion.updateMany({ where: { id, status: 'open' }, data: { status: 'closing', closingBy: processId } });
    return count === 1;
  }

  /** Another process takes over a close whose collector died. */
  async takeOverClosing(id: string, fromProcessId: string | null, processId: string): Promise<boolean> {
    const { count } = await this.db.motion.updateMany({ where: { id, status: 'closing', closingBy: fromProcessId }, data: { closingBy: processId } });
    return count === 1;
  }

  async closingMotions() {
    return motionRow.many(await this.db.motion.findMany({ where: { status: 'closing' } }));
  }

  /**
   * closed → open in its second term, in the transaction that counted the first and found no
   * quorum: the row stays locked from markClosed, so no ballot slips in between.
   */
  async openSecondTerm(id: string, data: { opensAt: Date; closesAt: Date; firstTermResult: unknown }): Promise<boolean> {
    const { count } = await this.db.motion.updateMany({
      where: { id, status: 'closed', term: 1 },
      data: { status: 'open', term: 2, closedAt: null, closingBy: null, opensAt: data.opensAt, closesAt: data.closesAt, firstTermResult: JSON.stringify(data.firstTermResult) },
    });
    return count === 1;
  }

  async setResult(id: string, result: unknown): Promise<void> {
    await this.db.motion.update({ where: { id }, data: { result: JSON.stringify(result) } });
  }

  /**
   * A ballot's first statement inside its transaction: true only while voting is open (and, for
   * a motion waiting for its second term, only once that term began).
   * PostgreSQL: a shared row lock (FOR SHARE). Ballots share it and never wait for each other;
   * the close's UPDATE (markClosed) needs the row exclusively, so it waits for the ballots in
   * flight to commit and counts them, and a ballot arriving after the close re-reads the row and
   * finds it closed. A ballot is therefore never counted after the result was computed.
   * SQLite: a no-op update that makes the transaction the single writer at once (SQLite
   * serialises writers anyway), which orders it against the close the same way.
   */
  async lockOpen(id: string, now: Date): Promise<boolean> {
    if (this.provider === 'postgresql') {
      const rows = await this.db.$queryRaw<{ status: string; opensAt: Date | string; closesAt: Date | string }[]>`SELECT "status", "opensAt", "closesAt" FROM "Motion" WHERE "id" = ${id} FOR SHARE`;
      const row = rows[0];
      return Boolean(row && row.status === 'open' && new Date(row.opensAt).getTime() <= now.getTime() && new Date(row.closesAt).getTime() > now.getTime());
    }
    const { count } = await this.db.motion.updateMany({ where: { id, status: 'open', opensAt: { lte: now }, closesAt: { gt: now } }, data: { status: 'open' } });
    return count === 1;
  }

  /** Who votes on the motion and with how many votes, fixed when voting opens; `weights` by category, or null for one vote each. */
  async fixEligibility(motionId: string, voters: { memberId: string; weight: number }[], weights: Record<string, number> | null): Promise<void> {
    if (voters.length) await this.db.motionEligibility.createMany({ data: voters.map((v) => ({ motionId, memberId: v.memberId, weight: v.weight })) });
    if (weights) await this.db.motion.update({ where: { id: motionId }, data: { voteWeights: JSON.stringify(weights) } });
  }

  async isEligible(motionId: string, memberId: string): Promise<boolean> {
    return Boolean(await this.eligibilityLookup.one({ motionId, memberId }));
  }

  eligibility(motionId: string) {
    return this.db.motionEligibility.findMany({ where: { motionId } });
  }

  /** Every option starts at zero when voting opens, so no tally row's creation dates a ballot. */
  async createTally(motionId: string, options: string[]): Promise<void> {
    await this.db.secretTally.createMany({ data: options.map((option) => ({ motionId, option, count: 0 })) });
  }

  async incrementTally(motionId: string, option: string, by = 1): Promise<void> {
    await this.db.secretTally.update({ where: { motionId_option: { motionId, option } }, data: { count: { increment: by } } });
  }

  /**
   * A counted batch's choices, in one statement that rewrites every option's row of the motion, a
   * zero as much as a count: which rows a batch changed (PostgreSQL keeps a row version per change)
   * says nothing about the choices in it.
   */
  async addToTally(motionId: string, counts: { option: string; by: number }[]): Promise<void> {
    const cases = counts.map((c) => Prisma.sql`WHEN ${c.option} THEN ${c.by}`);
    await this.db.$executeRaw`UPDATE "SecretTally" SET "count" = "count" + (CASE "option" ${Prisma.join(cases, ' ')} ELSE 0 END) WHERE "motionId" = ${motionId}`;
  }

  tally(motionId: string) {
    return this.db.secretTally.findMany({ where: { motionId } });
  }

  /**
   * Records that the organisation voted. A second one throws a unique violation (P2002): the
   * caller lets it abort the transaction, since PostgreSQL cannot continue one after it.
   */
  async addParticipation(data: { motionId: string; memberId: string; castByPersonId: string; proxyMemberId: string | null; castAt: Date }): Promise<void> {
    await this.db.voteParticipation.create({ data });
  }

  /** First votes of several organisations in one statement; the unique (motion, member) index still refuses a repeat. */
  async addParticipations(rows: { motionId: string; memberId: string; castByPersonId: string | null; proxyMemberId: string | null; castAt: Date }[]): Promise<void> {
    await insertRows(this.db, this.provider, 'VoteParticipation', rows.map((r) => ({ id: newId(), ...r })));
  }

  /** Open ballots of organisations voting for the first time. */
  async addOpenVotes(rows: { motionId: string; memberId: string; choice: string }[]): Promise<void> {
    const now = new Date();
    await insertRows(this.db, this.provider, 'OpenVote', rows.map((r) => ({ id: newId(), ...r, updatedAt: now })));
  }

  /**
   * First votes in one statement, skipping an organisation whose participation is already there
   * (another press or replica got there first): answers the pairs it recorded.
   */
  async addParticipationsOnce(rows: { motionId: string; memberId: string; castByPersonId: string | null; proxyMemberId: string | null; castAt: Date }[]): Promise<PairKey[]> {
    return insertRowsOnce(this.db, this.provider, 'VoteParticipation', rows.map((r) => ({ id: newId(), ...r })), ['motionId', 'memberId'], ['motionId', 'memberId']);
  }

  /** Who of these (motion, organisation) pairs has voted already. */
  participationsOf(keys: PairKey[]) {
    return keys.length ? this.db.voteParticipation.findMany({ where: pairsWhere(keys) }) : Promise.resolve([]);
  }

  async participation(motionId: string, memberId: string) {
    return (await this.participationLookup.one({ motionId, memberId })) ?? null;
  }

  participations(motionId: string) {
    return this.db.voteParticipation.findMany({ where: { motionId }, orderBy: { castAt: 'asc' } });
  }

  updateParticipation(motionId: string, memberId: string, castByPersonId: string, proxyMemberId: string | null, castAt: Date) {
    return this.db.voteParticipation.update({ where: { motionId_memberId: { motionId, memberId } }, data: { castByPersonId, proxyMemberId, castAt } });
  }

  setOpenVote(motionId: string, memberId: string, choice: string) {
    return this.db.openVote.upsert({
      where: { motionId_memberId: { motionId, memberId } },
      create: { motionId, memberId, choice },
      update: { choice },
    });
  }

  openVote(motionId: string, memberId: string) {
    return this.db.openVote.findUnique({ where: { motionId_memberId: { motionId, memberId } } });
  }

  openVotes(motionId: string) {
    return this.db.openVote.findMany({ where: { motionId } });
  }

  // Secret ballots: sealed pending ballots and the processes that can open them ---------------------

  /** The organisation's secret ballot row (pending or counted), if it voted. */
  async sealedBallot(motionId: string, memberId: string) {
    return (await this.sealedLookup.one({ motionId, memberId })) ?? null;
  }

  /** Organisations with a secret ballot on the motion, counted or pending (never the choice). */
  sealedBallots(motionId: string) {
    return this.db.sealedBallot.findMany({ where: { motionId }, select: { memberId: true, processId: true } });
  }

  /** Accepts secret ballots; the unique (motion, organisation) key refuses a second one, on any replica. */
  async addSealedBallots(rows: { motionId: string; memberId: string; castByPersonId: string; proxyMemberId: string | null; processId: string; sealed: string }[]): Promise<void> {
    await insertRows(this.db, this.provider, 'SealedBallot', rows.map((r) => ({ id: newId(), ...r })));
  }

  /** The same, skipping an organisation that already holds a ballot row on the motion: answers the pairs it accepted. */
  async addSealedBallotsOnce(rows: { motionId: string; memberId: string; castByPersonId: string; proxyMemberId: string | null; processId: string; sealed: string }[]): Promise<PairKey[]> {
    return insertRowsOnce(this.db, this.provider, 'SealedBallot', rows.map((r) => ({ id: newId(), ...r })), ['motionId', 'memberId'], ['motionId', 'memberId']);
  }

  /** Pending (not yet counted) ballots: of one process, or of every process but one. */
  pendingBallots(motionId: string, where: { processId: string } | { notProcessId: string } | { processIds: string[] }) {
    const process = 'processId' in where ? where.processId : 'notProcessId' in where ? { not: where.notProcessId } : { in: where.processIds };
    return this.db.sealedBallot.findMany({ where: { motionId, sealed: { not: null }, processId: process } });
  }

  /** Pending ballots of processes, on every motion (a dead process's ones). */
  pendingOfProcesses(processIds: string[]) {
    return this.db.sealedBallot.findMany({ where: { processId: { in: processIds }, sealed: { not: null } } });
  }

  /**
   * Whether this transaction may count the process's pending ballots of a motion: never two at
   * once, and a transaction that finds another counting skips instead of waiting. PostgreSQL: a
   * transaction-scoped advisory lock, tried without blocking (one process's transactions may
   * overlap there). SQLite: its single writer already runs them one after another.
   */
  async tryLockCounting(motionId: string, processId: string): Promise<boolean> {
    if (this.provider !== 'postgresql') return true;
    const key = `secret-count|${processId}|${motionId}`;
    const rows = await this.db.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS locked`;
    return Boolean(rows[0]?.locked);
  }

  /** Marks ballots counted (no longer sealed, no process), only those still held by this process. */
  async markCounted(ids: string[], processId: string): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.$executeRaw`UPDATE "SealedBallot" SET "processId" = NULL, "sealed" = NULL WHERE "id" IN (${Prisma.join(ids)}) AND "processId" = ${processId} AND "sealed" IS NOT NULL`;
  }

  /** Hands a pending ballot to another process, sealed anew for it. */
  async handOver(id: string, fromProcessId: string, toProcessId: string, sealed: string): Promise<boolean> {
    const { count } = await this.db.sealedBallot.updateMany({ where: { id, processId: fromProcessId, sealed: { not: null } }, data: { processId: toProcessId, sealed } });
    return count === 1;
  }

  /** Drops pending ballots nobody can open any more: those organisations have not voted. */
  async dropPending(ids: string[]): Promise<number> {
    const { count } = await this.db.sealedBallot.deleteMany({ where: { id: { in: ids }, sealed: { not: null } } });
    return count;
  }

  async beat(id: string, publicKey: string, now: Date): Promise<void> {
    await this.db.botProcess.upsert({ where: { id }, create: { id, publicKey, startedAt: now, beatAt: now }, update: { beatAt: now } });
  }

  processes() {
    return this.db.botProcess.findMany();
  }

  async removeProcess(id: string): Promise<void> {
    await this.db.botProcess.deleteMany({ where: { id } });
  }

  // Proxies --------------------------------------------------------------------------------------

  /** Throws a unique violation when the organisation already gave a proxy for this meeting. */
  async addProxy(data: { clusterId: string; meetingId: string; fromMemberId: string; toMemberId: string; note: string }): Promise<void> {
    await this.db.voteProxy.create({ data });
  }

  removeProxy(meetingId: string, fromMemberId: string) {
    return this.db.voteProxy.deleteMany({ where: { meetingId, fromMemberId } });
  }

  proxies(meetingId: string) {
    return this.db.voteProxy.findMany({ where: { meetingId }, orderBy: { createdAt: 'asc' } });
  }

  proxyFrom(meetingId: string, fromMemberId: string) {
    return this.db.voteProxy.findUnique({ where: { meetingId_fromMemberId: { meetingId, fromMemberId } } });
  }

  proxiesHeldBy(meetingId: string, toMemberId: string) {
    return this.db.voteProxy.findMany({ where: { meetingId, toMemberId } });
  }

  /** Organisation rows by id (names for lists, minutes and results). */
  async members(ids: string[]) {
    return memberRow.many(await this.db.member.findMany({ where: { id: { in: ids } }, orderBy: { name: 'asc' } }));
  }

  /** Members of these categories in good standing right now: who becomes eligible when a motion opens. */
  async votingMembers(clusterId: string, categories: readonly Category[]) {
    return memberRow.many(await this.db.member.findMany({ where: { clusterId, category: { in: [...categories] }, status: { in: [...GOOD_STANDING] } }, orderBy: { name: 'asc' } }));
  }

  async memberByName(clusterId: string, name: string) {
    return memberRow.maybe(await this.db.member.findUnique({ where: { clusterId_name: { clusterId, name } } }));
  }
}
