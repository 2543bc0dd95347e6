import { describe, expect, it } from 'vitest';
import { POSTGRES_POOL_SIZE } from '../../src/db/provider.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { sleep, startBot } from './support.ts';

/**
 * A vote's burst of presses must not open its database connections while hundreds wait: the bot
 * opens them when it starts and keeps them between two votes of a General Meeting, longer than
 * pg's own 10 seconds.
 */
describe('PostgreSQL connections', () => {
  it('are opened at start, kept while the bot is idle, and closed at shutdown', { timeout: 120_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_ops_pool');
    if (!own) return ctx.skip();
    const bot = startBot({ DATABASE_URL: own.url, CONSOLE_CLUSTER: 'ops', OPS_PORT: '0' }, { stdin: 'pipe' });
    const dbName = new URL(own.url).pathname.slice(1);
    const connections = async () => (await own.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [dbName])).rows[0]!.n;
    try {
      await bot.logged((l) => l.msg === 'ready (console)', 'ready');
      expect(await connections()).toBe(POSTGRES_POOL_SIZE);
      await sleep(11_000);
      expect(await connections()).toBe(POSTGRES_POOL_SIZE);
      bot.proc.kill('SIGTERM');
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      expect(await connections()).toBe(0);
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
      await own.drop();
    }
  });
});
