import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/dispatcher.ts';
import type { Reply } from '../../src/core/reply.ts';
import { type TestApp, appPerTest, castApp } from '../support/harness.ts';

/** The same chat user in another server or workspace: another cluster, another tenant. */
function inOtherCluster(t: TestApp, userId: string, command: string, subcommand: string | undefined, options: Record<string, unknown> = {}): Promise<Reply> {
  return t.app.dispatcher.dispatch({
    platform: 'console',
    cluster: { externalId: 'other-cluster' },
    user: { id: userId, displayName: userId },
    kind: 'command',
    command,
    ...(subcommand ? { subcommand } : {}),
    options,
  } as Invocation);
}

describe('tenancy: every cluster sees only its own rows', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Socjalna Razem' } }));

  it('keeps members, barter posts, roles and settings apart', async () => {
    const posted = await t.as('jan').command('barter', 'offer', { kind: 'service', title: 'Catering na 50 osób', place: 'Gdańsk' });
    expect(posted.errorId).toBeUndefined();
    await t.as('anna').command('setup', 'set', { key: 'minActivitiesPerYear', value: '4' });

    // jan represents an organisation in the first cluster only.
    expect((await inOtherCluster(t, 'jan', 'barter', 'offer', { kind: 'service', title: 'x', place: 'Gdańsk' })).errorId).toBe('core.denied.member');
    // anna is coordinator of the first cluster only.
    expect((await inOtherCluster(t, 'anna', 'setup', 'set', { key: 'minActivitiesPerYear', value: '1' })).errorId).toBe('core.denied.coordinator');

    const about = await inOtherCluster(t, 'anna', 'about', undefined);
    const fields = Object.fromEntries((about.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields['Członkowie']).toBe('główni: 0, wspierający: 0');
    expect(fields['Obowiązek aktywności']).toBe('co najmniej 2 działania w roku');

    const clusters = await t.app.services.clusters.all();
    expect(clusters.map((c) => [c.externalId, c.settings.minActivitiesPerYear]).sort()).toEqual([
      ['other-cluster', 2],
      ['test-cluster', 4],
    ]);
    const other = clusters.find((c) => c.externalId === 'other-cluster')!;
    expect((await t.app.services.barter.list(other, {}, 1)).total).toBe(0);
    const own = clusters.find((c) => c.externalId === 'test-cluster')!;
    expect((await t.app.services.barter.list(own, {}, 1)).total).toBe(1);
  });

  it('applies a cluster model to its own cluster only, and a coordinator elsewhere cannot apply one here', async () => {
    const applied = await t.as('anna').command('setup', 'model', { model: 'wm-kes' });
    expect(applied.errorId, applied.text).toBeUndefined();
    expect((await inOtherCluster(t, 'anna', 'setup', 'model', { model: 'kpes' })).errorId).toBe('core.denied.coordinator');
    const clusters = await t.app.services.clusters.all();
    expect(clusters.map((c) => [c.externalId, c.settings.assemblyName, c.settings.votingMembers]).sort()).toEqual([
      ['other-cluster', 'generalMeeting', 'main'],
      ['test-cluster', 'clusterCouncil', 'all'],
    ]);
    // The other cluster's texts still name the General Meeting.
    const about = await inOtherCluster(t, 'anna', 'about', undefined);
    expect(about.text ?? '').toContain('Walnym Spotkaniu Sieci');
  });
});
