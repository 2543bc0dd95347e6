import { castApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';

export async function clusterId(t: TestApp): Promise<string> {
  return (await t.app.services.clusters.resolve('console', TEST_CLUSTER)).id;
}

/** An organisation that joined on `joinedAt`, represented by `user` (the harness alone would date it by the wall clock). */
export async function memberSince(t: TestApp, user: string, org: string, joinedAt: string, category: 'main' | 'supporting' = 'main'): Promise<string> {
  const id = await clusterId(t);
  const member = await t.app.db.members.ensureOrganisation(id, org, { category, joinedAt: new Date(joinedAt) });
  await t.given(user, category === 'main' ? { main: org } : { supporting: org });
  return member.id;
}

/**
 * A bot with its coordinator (anna) and main-member organisations (user → name) that joined on
 * `joinedAt`: by default with all of 2025 behind them.
 */
export async function clusterWithMembers(opts: Parameters<typeof castApp>[1], members: Record<string, string>, joinedAt = '2025-01-01T00:00:00Z'): Promise<TestApp> {
  const t = await castApp({ anna: { roles: ['coordinator'] } }, opts);
  for (const [user, org] of Object.entries(members)) await memberSince(t, user, org, joinedAt);
  return t;
}

export async function personId(t: TestApp, user: string): Promise<string> {
  const person = await t.app.db.people.byPlatformId(await clusterId(t), user);
  if (!person) throw new Error(`no person ${user}`);
  return person.id;
}

export async function workingGroup(t: TestApp, name: string, leader: string, memberIds: string[] = []): Promise<string> {
  const group = await t.app.db.groups.create({
    clusterId: await clusterId(t),
    name,
    purpose: '',
    leaderPersonId: await personId(t, leader),
    rhythmDays: 30,
    endsAt: null,
    requiresApproval: false,
    emptySince: null,
    createdAt: t.clock.now(),
  });
  for (const memberId of memberIds) await t.app.db.groups.upsertMembership(group.id, memberId, { status: 'active', requestedByPersonId: null, joinedAt: t.clock.now() });
  return group.id;
}
