import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { readIfExists, readImage, replayWal } from '../support/sqlite-wal.ts';
import { cluster, generalMeeting, latestMotionId, orgOf } from './support.ts';
import type { Reply } from '../../src/core/reply.ts';

/**
 * An outsider's attack on a secret ballot kept in SQLite. After every single cast of a
 * 12-organisation secret vote (and at moments in between, with casts in flight) the database file
 * and its write-ahead log are copied, as a file backup would. Every copy is replayed commit by
 * commit and every state read whole. The attacker then tries to infer each organisation's choice
 * from what changed between states, from row order, ids and times, and from the logs.
 *
 * What must hold (issue 19): every visible tally change is the sum of at least k ballots and comes
 * in the same commit as exactly that many new participations, all with one time; no sealed value
 * differs in length by choice; so the best inference about an organisation is its batch's counts,
 * a group of at least k organisations.
 */
const K = 5;
const ORGS = 12;
const OPTIONS = ['yes', 'no', 'abstain'] as const;
const LABELS = ['Za', 'Przeciw', 'Wstrzymuję się'];

interface State {
  tally: Record<string, number>;
  participations: { memberId: string; castAt: unknown; id: string; rowid: number }[];
  sealed: { memberId: string; sealed: string | null }[];
}

function readState(image: Buffer, file: string, motionId: string): State | undefined {
  return readImage(image, file, (db) => {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has('SecretTally') || !tables.has('SealedBallot')) return undefined;
    const tally = Object.fromEntries((db.prepare('SELECT option, count FROM SecretTally WHERE motionId = ?').all(motionId) as { option: string; count: number }[]).map((r) => [r.option, r.count]));
    const participations = db.prepare('SELECT rowid, id, memberId, castAt FROM VoteParticipation WHERE motionId = ? ORDER BY rowid').all(motionId) as State['participations'];
    const sealed = db.prepare('SELECT memberId, sealed FROM SealedBallot WHERE motionId = ?').all(motionId) as State['sealed'];
    return { tally, participations, sealed };
  });
}

describe('a secret ballot against someone holding the SQLite files', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('no copy of the database or its log, at any commit, and no log line, tells one organisation’s choice beyond a group of k', { timeout: 240_000 }, async () => {
    t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    await t.given('koord', { roles: ['coordinator'] });
    const users = Array.from({ length: ORGS }, (_, i) => `org${String(i).padStart(2, '0')}`);
    for (const u of users) await t.given(u, { main: `Organizacja ${u}` });
    // A second representative of the first organisation, to race the first one.
    await t.given('org00-b', { main: 'Organizacja org00' });
    await generalMeeting(t);
    const created = await t.as('koord').command('motion', 'create', { title: 'Wykluczenie członka', closes: '2026-03-10 19:00', secret: true });
    expect(created.tone, created.text).toBe('success');
    const motionId = await latestMotionId(t);

    const dbFile = path.join(t.dir, 'test.db');
    const snapshots = path.join(t.dir, 'copies');
    mkdirSync(snapshots);
    const copies: { db: Buffer; wal: Buffer | undefined }[] = [];
    const copy = () => {
      copies.push({ db: readFileSync(dbFile), wal: readIfExists(`${dbFile}-wal`) });
      copyFileSync(dbFile, path.join(snapshots, `${copies.length}.db`));
    };

    // The truth the attacker wants: a fixed, uneven mix so that counts alone do not reveal it.
    const choiceOf = new Map(users.map((u, i) => [u, (i * 7) % 3]));
    const notice = (user: string): Reply => t.notifier.dmsTo(user).find((m) => m.title === 'Głosowanie otwarte: Wykluczenie członka')!;
    copy();
    for (const [i, user] of users.entries()) {
      if (i === 0) {
        // Two representatives of one organisation press at once: one vote.
        const [a, b] = await Promise.all([t.as(user).press(notice(user), LABELS[choiceOf.get(user)!]!), t.as('org00-b').press(notice('org00-b'), LABELS[(choiceOf.get(user)! + 1) % 3]!)]);
        const outcomes = [a.errorId ?? a.tone, b.errorId ?? b.tone].sort();
        expect(outcomes).toEqual(['governance.errors.alreadyVotedSecret', 'success']);
        if (b.tone === 'success') choiceOf.set(user, (choiceOf.get(user)! + 1) % 3);
        expect((a.tone === 'success' ? a : b).text).toContain('co najmniej 5 organizacji');
      } else {
        // A copy taken while the cast is in flight, then one after it.
        const pressing = t.as(user).press(notice(user), LABELS[choiceOf.get(user)!]!);
        if (i % 3 === 0) copy();
        expect((await pressing).tone).toBe('success');
      }
      copy();
    }
    const closed = await t.as('koord').command('motion', 'close', { motion: motionId });
    expect(closed.tone, closed.text).toBe('success');
    copy();

    const c = await cluster(t);
    const memberOf = new Map(await Promise.all(users.map(async (u) => [await orgOf(t, u), u] as const)));
    // The published result is right.
    const expectedTally = Object.fromEntries(OPTIONS.map((o, i) => [o, users.filter((u) => choiceOf.get(u) === i).length]));
    const result = JSON.parse(String((await t.app.db.dumpTable('Motion')).find((m) => m.id === motionId)!.result));
    expect(result.counts).toEqual(expectedTally);
    expect(result.voted).toBe(ORGS);

    // Every state any copy holds, in order: the main file, then each commit of its log.
    const image = path.join(t.dir, 'replay.db');
    const timelines: State[][] = copies.map((cp) => replayWal(cp.db, cp.wal).map((commit) => readState(commit.image, image, motionId)).filter((s): s is State => Boolean(s)));
    const commitsSeen = timelines.reduce((n, tl) => n + tl.length, 0);
    expect(commitsSeen).toBeGreaterThan(copies.length * 2);

    const anonymitySet = new Map<string, number>();
    const problems: string[] = [];
    const sealedLengths = new Set<number>();
    for (const timeline of timelines) {
      for (const state of timeline) for (const s of state.sealed) if (s.sealed) sealedLengths.add(s.sealed.length);
      for (let i = 1; i < timeline.length; i++) {
        const [before, after] = [timeline[i - 1]!, timeline[i]!];
        const delta = OPTIONS.map((o) => (after.tally[o] ?? 0) - (before.tally[o] ?? 0));
        const ballots = delta.reduce((a, b) => a + b, 0);
        const known = new Set(before.participations.map((p) => p.memberId));
        const added = after.participations.filter((p) => !known.has(p.memberId));
        if (ballots === 0 && added.length === 0) continue;
        // The attacker's view of this change: a group of organisations and their summed choices.
        if (ballots !== added.length) problems.push(`tally moved by ${ballots} with ${added.length} new participations`);
        if (ballots < K) problems.push(`a visible change of ${ballots} ballots (< k = ${K})`);
        if (new Set(added.map((p) => String(p.castAt))).size > 1) problems.push('participations of one batch carry different times');
        for (const p of added) {
          if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(p.id)) problems.push(`participation id ${p.id} is not random`);
          anonymitySet.set(p.memberId, Math.min(anonymitySet.get(p.memberId) ?? Infinity, added.length));
        }
        // Inference from order: the attacker reads the batch's rows in the order written. If that
        // order followed the presses or the choices, row i would tend to be the i-th caster.
        const castOrder = users.map((u) => [...memberOf.entries()].find(([, v]) => v === u)![0]);
        const written = [...added].sort((a, b) => a.rowid - b.rowid).map((p) => p.memberId);
        const byCast = [...written].sort((a, b) => castOrder.indexOf(a) - castOrder.indexOf(b));
        if (written.length >= 7 && written.join() === byCast.join()) problems.push('a batch is written in the order of the casts');
      }
    }
    expect(problems).toEqual([]);
    // A sealed choice has one length whatever it is.
    expect(sealedLengths.size).toBe(1);
    // Every organisation's choice is hidden among at least k: the best inference is its batch's counts.
    expect(anonymitySet.size).toBe(ORGS);
    for (const [memberId, size] of anonymitySet) expect(size, memberOf.get(memberId)).toBeGreaterThanOrEqual(K);

    // The attacker's best guess per organisation (the majority of its batch) is right only as often
    // as the batch's own counts allow: never better than knowing those counts.
    let bestPossible = 0;
    let correct = 0;
    for (const timeline of timelines.slice(-1)) {
      for (let i = 1; i < timeline.length; i++) {
        const [before, after] = [timeline[i - 1]!, timeline[i]!];
        const delta = OPTIONS.map((o) => (after.tally[o] ?? 0) - (before.tally[o] ?? 0));
        const known = new Set(before.participations.map((p) => p.memberId));
        const added = after.participations.filter((p) => !known.has(p.memberId));
        if (added.length === 0) continue;
        const guess = delta.indexOf(Math.max(...delta));
        bestPossible += Math.max(...delta);
        correct += added.filter((p) => choiceOf.get(memberOf.get(p.memberId)!) === guess).length;
      }
    }
    expect(correct).toBeLessThanOrEqual(bestPossible);
    expect(bestPossible).toBeLessThan(ORGS);

    // The logs: no line names an organisation or its representative together with a choice.
    const identifiers = [...memberOf.keys(), ...users];
    for (const line of t.logs.raw) {
      expect(line).not.toMatch(/"choice"|"sealed"/);
      if (identifiers.some((id) => line.includes(id))) expect(line, line).not.toMatch(/"(yes|no|abstain)"|\bZa\b|Przeciw|Wstrzymuję/);
    }
    // Participation stays auditable for the coordinator.
    const card = await t.as('koord').command('motion', 'status', { motion: motionId });
    expect(JSON.stringify(card.fields)).toContain('12 z 12 uprawnionych organizacji');
    void c;
  });
});
