import { describe, expect, it } from 'vitest';
import { appPerTest, castApp } from '../support/harness.ts';

describe('notifications when the platform fails', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] } }));

  it('hands a channel post the platform refused to the coordinator privately and records the failure', async () => {
    t.notifier.postToChannel = async () => {
      throw new Error('503 Service Unavailable');
    };
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    const ref = await t.app.services.notifications.toChannel(cluster.id, 'announcements', ({ t: tr }) => ({ title: 'Wynik głosowania', text: tr('core.about.title') }));
    expect(ref).toBeUndefined();
    const [dm] = t.notifier.dmsTo('anna');
    expect(dm?.title).toBe('Wynik głosowania');
    expect(dm?.text).toContain('Nie udało się opublikować tej wiadomości na kanale „ogłoszenia”');
    expect(dm?.text).toContain('Pomorski Klaster Ekonomii Społecznej');
    const failures = await t.app.db.notificationFailures.list(cluster.id);
    expect(failures.map((f) => [f.kind, f.fallback])).toEqual([['channel:announcements', 'coordinator-dm']]);
  });

  it('records a private message refused because DMs are closed', async () => {
    await t.given('jan', { main: 'Spółdzielnia Razem' });
    t.notifier.closedDms.add('jan');
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    const person = await t.app.services.people.ensure(cluster.id, 'jan', 'jan');
    const result = await t.app.services.notifications.toPerson(cluster.id, person.id, () => ({ text: 'x' }), 'test');
    expect(result.status).toBe('fallback');
    const failures = await t.app.db.notificationFailures.list(cluster.id);
    expect(failures.map((f) => [f.personId, f.kind, f.fallback])).toEqual([[person.id, 'test', 'bot-channel']]);
  });
});
