import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import type { Invocation } from '../../src/core/dispatcher.ts';
import { openBenchDb, type BenchDb } from '../../bench/bench-seed.ts';
import { BENCH_CLUSTER, BENCH_NOW, seedCluster } from '../../bench/seed.ts';

/**
 * The benchmark seed writes rows with raw multi-row INSERTs; the figures only mean something if
 * the bot reads those rows exactly as rows it wrote itself.
 */
describe('bench seed store', () => {
  // One bot for the file: the two cases use different clusters.
  let t: TestApp;
  let bench: BenchDb;
  beforeAll(async () => {
    t = await createTestApp({ start: BENCH_NOW.toISOString() });
    bench = await openBenchDb(t.databaseUrl);
  });
  afterAll(async () => {
    await bench.close();
    await t.close();
  });

  it('stores activity dates so the yearly standing counts them in the cluster time zone', async () => {
    const cluster = await t.app.services.clusters.resolve('console', 'seed-dates');
    const at = new Date('2024-01-01T00:00:00Z');
    await bench.seed.members([
      { id: 'm1', clusterId: cluster.id, name: 'Spółdzielnia', legalForm: 'cooperative', category: 'main', status: 'active', municipality: 'Gdańsk', county: 'pomorskie', joinedAt: at, dataConfirmedAt: at, createdAt: at, updatedAt: at },
    ]);
    const activity = (id: string, date: string) => ({
      id,
      clusterId: cluster.id,
      memberId: 'm1',
      loggedByPersonId: null,
      kind: 'event',
      date: new Date(date),
      title: id,
      description: '',
      source: 'manual',
      status: 'confirmed',
      createdAt: new Date(date),
    });
    // 23:30 on 31 December in Warsaw is still 2025; midnight UTC on 1 January is already 2026 there.
    await bench.seed.activities([activity('a1', '2025-12-31T22:30:00Z'), activity('a2', '2025-12-31T23:00:00Z'), activity('a3', '2026-06-01T10:00:00Z')]);

    const standing = await t.app.services.activity.standing(cluster, 'm1', 2026, BENCH_NOW);

    expect(standing.count).toBe(2);
    expect(standing.lastActivity?.toISOString()).toBe('2026-06-01T10:00:00.000Z');
  });

  it('seeds a cluster the commands work on: motions open with the main organisations eligible, a representative votes once', async () => {
    const seeded = await seedCluster(t.app, bench.seed, { orgs: 10, activities: 40, posts: 6, groups: 2, motions: 1 });
    const [motionId] = seeded.motionIds;
    const org = seeded.mainOrgs[0]!;
    const eligible = await bench.rawQuery<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM "MotionEligibility" WHERE "motionId" = '${motionId}'`);
    const press = (user: string) =>
      t.app.dispatcher.dispatch({
        platform: 'console',
        cluster: { externalId: BENCH_CLUSTER },
        user: { id: user, displayName: user },
        kind: 'action',
        action: { command: 'vote', action: 'cast', args: [motionId!, org.id, 'n', '0'] },
      } as Invocation);

    const first = await press(org.reps[0]!);
    const second = await press(org.reps[1]!);

    expect(Number(eligible[0]!.n)).toBe(8);
    expect(seeded.counts).toMatchObject({ organisations: 10, mainOrganisations: 8, activities: 40, barterPosts: 6, workingGroups: 2, motions: 1 });
    expect(first.tone).toBe('success');
    expect(second.errorId).toBe('governance.errors.alreadyVoted');
  });
});
