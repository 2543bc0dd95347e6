import { openBenchDb, type BenchDb } from '../../bench/bench-seed.ts';
import { seedYear, type SeededYear } from '../../bench/seed-year.ts';
import { createTestApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';

/** The year evaluated in these tests, finished by the time they run (so every figure is fixed). */
export const YEAR = 2025;
export const NOW = '2026-03-02T09:00:00Z';
/** The yearly evaluation's charts, in the order it sends them: `ocena-<year>-<chart>.png`, and a CSV of each. */
export const CHARTS = ['dzialania', 'obowiazek', 'przyjecia', 'grupy-robocze', 'barter', 'walne-spotkania', 'nowe-wspolprace', 'mapa-wspolpracy'];

/** The cluster's year `YEAR` of twelve organisations seeded into the bot's database, as the benchmarks seed it. */
export async function seedEvaluatedYear(databaseUrl: string, clusterId: string): Promise<void> {
  const bench = await openBenchDb(databaseUrl);
  await seedYear(bench.seed, { clusterId, year: YEAR, orgs: 12 });
  await bench.close();
}

export interface SeededApp {
  t: TestApp;
  bench: BenchDb;
  clusterId: string;
  seeded: SeededYear;
  close(): Promise<void>;
}

/** A bot whose cluster has two seeded years (2024 and 2025) of twelve organisations, and its coordinator `anna`. */
export async function seededApp(orgs = 12): Promise<SeededApp> {
  const t = await createTestApp({ start: NOW, jobs: [] });
  await t.given('anna', { roles: ['coordinator'] });
  const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
  const bench = await openBenchDb(t.databaseUrl);
  const seeded = await seedYear(bench.seed, { clusterId: cluster.id, year: YEAR, orgs });
  // Organisations' names are their own words, in whatever language the reader reads.
  recordTyped([...seeded.names, ...seeded.typed]);
  return {
    t,
    bench,
    clusterId: cluster.id,
    seeded,
    async close() {
      await bench.close();
      await t.close();
    },
  };
}
