import { castApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { ok } from '../market/support.ts';

export { ok, shown, dm } from '../market/support.ts';

export const SMAK = 'Spółdzielnia Socjalna Smak';
export const KUCHNIA = 'Spółdzielnia Kuchnia Razem';
export const GMINA = 'Gmina Pruszcz Gdański';

/** The rules most tests use: bands by employees, a supporting members' fee, due 31 March. */
export const RULES = { entry: '0', yearly: '9: 200 zł; 49: 500,50 zł; 1200 zł', supporting: '800', due: '31.03', reminders: '14/30' };

/**
 * A cluster with two coordinators (kasia, marek), two main members (jan: Smak, piotr: Kuchnia)
 * and a supporting member (ewa: the municipality), all admitted in 2025.
 */
export async function feesApp(opts: Parameters<typeof castApp>[1] = {}): Promise<TestApp> {
  const t = await castApp(
    {
      kasia: { roles: ['coordinator'] },
      marek: { roles: ['coordinator'] },
      jan: { main: SMAK },
      piotr: { main: KUCHNIA },
      ewa: { supporting: GMINA },
    },
    { start: '2026-03-02T09:00:00Z', ...opts },
  );
  await admittedLastYear(t);
  return t;
}

/** The coordinator sets the rules through the /setup fees form. */
export async function setRules(t: TestApp, values: Record<string, string> = RULES): Promise<void> {
  ok(await t.as('kasia').form('setup.fees', values));
}

export async function memberId(t: TestApp, name: string): Promise<string> {
  const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
  return (await t.app.services.members.member(cluster, name)).id;
}

/**
 * Every organisation of every cluster admitted in 2025, so this year's fee has no entry fee and
 * the ordinary due date (the database stamps a new member with the real day, not the test clock's).
 */
export async function admittedLastYear(t: TestApp): Promise<void> {
  for (const cluster of await t.app.services.clusters.all()) {
    for (const m of await t.app.db.members.all(cluster.id)) await t.app.db.members.update(m.id, { joinedAt: new Date('2025-06-01T10:00:00Z') });
  }
}
