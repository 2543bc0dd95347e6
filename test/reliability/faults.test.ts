import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appPerTest, castApp } from '../support/harness.ts';

describe('faults: the database locked during a command', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] } }));

  it('answers with a clear message, writes nothing, and serves again once the lock is gone', async () => {
    // Another process holds the write lock longer than the busy timeout.
    const other = new Database(path.join(t.dir, 'test.db'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      const reply = await t.as('anna').command('setup', 'set', { key: 'minActivitiesPerYear', value: '5' });
      expect(reply.errorId).toBe('core.errors.unavailable');
      expect(reply.text).toMatch(/Baza danych jest chwilowo niedostępna i nic nie zostało zapisane/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const cluster = (await t.app.services.clusters.all())[0]!;
    expect(cluster.settings.minActivitiesPerYear).toBe(2);

    const retry = await t.as('anna').command('setup', 'set', { key: 'minActivitiesPerYear', value: '5' });
    expect(retry.errorId).toBeUndefined();
    expect((await t.app.services.clusters.all())[0]!.settings.minActivitiesPerYear).toBe(5);
  }, 30_000);
});
