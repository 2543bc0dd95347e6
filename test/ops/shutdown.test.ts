import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { freePort, SLACK_SECRET, SlackStandIn, slackSlashCommand, sleep, startBot, status, until } from './support.ts';

/**
 * SIGTERM while an interaction is in flight, in a child process running src/main.ts on SQLite:
 * the interaction is answered and saved, the process exits 0, and the database file is whole
 * (its write-ahead log checkpointed and gone).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'pkes-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setting(file: string, team: string, key: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT settings FROM Cluster WHERE externalId = ?').get(team) as { settings: string } | undefined;
    return row ? (JSON.parse(row.settings) as Record<string, unknown>)[key] : undefined;
  } finally {
    db.close();
  }
}

function roles(file: string, platformUserId: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT r.role FROM PersonRole r JOIN Person p ON p.id = r.personId WHERE p.platformUserId = ?')
      .all(platformUserId) as { role: string }[];
    return rows.map((r) => r.role);
  } finally {
    db.close();
  }
}

function walIsEmpty(file: string): boolean {
  return !existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0;
}

describe('graceful shutdown', () => {
  it('Slack HTTP mode: SIGTERM mid-command drains (503), stops accepting, answers the command, saves it and exits 0', { timeout: 180_000 }, async () => {
    const file = path.join(dir, 'slack.db');
    const slackApi = new SlackStandIn();
    await slackApi.start();
    const port = await freePort();
    const bot = startBot({
      DATABASE_URL: `file:${file}`,
      SLACK_BOT_TOKEN: 'xoxb-ops',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
      SLACK_HTTP_PORT: String(port),
      SHUTDOWN_DRAIN_MS: '1000',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await until(async () => (await status(`${url}/readyz`)) === 200, 'ready', bot);
      const manifest = JSON.parse(readFileSync('slack-manifest.json', 'utf8')) as { features: { slash_commands: { command: string }[] } };
      expect(manifest.features.slash_commands.map((c) => c.command)).toContain('/pkes-setup');

      // A workspace admin appoints the coordinator; Slack's users.info is slow to answer, so the command is in flight.
      slackApi.admin = true;
      slackApi.hold = true;
      const cmd = slackSlashCommand({ command: '/pkes-setup', text: 'role user:<@U0BOB|bob> role:coordinator', userId: 'U0ADMIN', responseUrl: `${slackApi.url}/respond/setup` });
      expect((await fetch(`${url}/slack/events`, { method: 'POST', body: cmd.body, headers: cmd.headers })).status).toBe(200);
      await until(async () => slackApi.waiting === 1, 'the command waiting on users.info', bot);

      bot.proc.kill('SIGTERM');
      const first = await bot.logged((l) => l.msg === 'shutting down: not ready', 'the start of the shutdown');
      expect(first.inFlight).toBe(1);
      // Draining: still serving, but telling the load balancer to send nothing new.
      const draining = await fetch(`${url}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ shuttingDown: true });

      const closed = await bot.logged((l) => l.msg === 'shutting down: no longer accepting interactions', 'the endpoint closing');
      expect(closed.inFlight).toBe(1);
      await expect(fetch(`${url}/readyz`)).rejects.toThrow();

      slackApi.release();
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      const answers = slackApi.responses();
      expect(answers).toHaveLength(1);
      expect(JSON.parse(answers[0]!.body).text).toMatch(/ma teraz rolę: koordynator/);
      expect(roles(file, 'U0BOB')).toEqual(['coordinator']);
      expect(walIsEmpty(file)).toBe(true);
      expect(bot.logs.find((l) => l.msg === 'shut down')).toMatchObject({ answered: true });
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
      await slackApi.close();
    }
  });

  // SQLite's busy wait holds the process's one thread, so the signal is taken when the statement
  // returns; before graceful shutdown, the console died on SIGTERM with the command unanswered.
  it('console mode on SQLite: SIGTERM while a command waits for the write lock answers it, saves it and exits 0', { timeout: 180_000 }, async () => {
    const file = path.join(dir, 'console.db');
    const bot = startBot({ DATABASE_URL: `file:${file}`, CONSOLE_CLUSTER: 'ops' }, { stdin: 'pipe' });
    try {
      bot.proc.stdin!.write(':as anna coordinator admin\n');
      await until(async () => bot.stdout().includes('Działasz jako anna'), 'the console answering', bot);

      // Another process holds SQLite's write lock, so the setting's write waits (busy timeout 5 s).
      const blocker = new Database(file);
      blocker.exec('BEGIN IMMEDIATE');
      try {
        bot.proc.stdin!.write('/setup set key:minActivitiesPerYear value:4\n');
        await until(async () => bot.stdout().includes('anna> /setup set key:minActivitiesPerYear value:4'), 'the command read', bot);
        await sleep(300);
        bot.proc.kill('SIGTERM');
        await sleep(500);
      } finally {
        blocker.exec('COMMIT');
        blocker.close();
      }
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      expect(bot.stdout()).toContain('Ustawienie „Minimalna liczba działań w roku” ma teraz wartość 4.');
      expect(setting(file, 'ops', 'minActivitiesPerYear')).toBe(4);
      expect(walIsEmpty(file)).toBe(true);
      expect(bot.logs.find((l) => l.msg === 'shut down')).toMatchObject({ answered: true });
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
    }
  });

  it('console mode on PostgreSQL: SIGTERM while a command waits on a lock is taken at once, and the command is still answered and saved', { timeout: 180_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_ops_console');
    if (!own) return ctx.skip();
    const bot = startBot({ DATABASE_URL: own.url, CONSOLE_CLUSTER: 'ops' }, { stdin: 'pipe' });
    const blocker = new pg.Client({ connectionString: own.url });
    try {
      bot.proc.stdin!.write(':as anna coordinator admin\n');
      await until(async () => bot.stdout().includes('Działasz jako anna'), 'the console answering', bot);
      // Another session holds the clusters table against writes: the setting's UPDATE waits, the event loop turns.
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE "Cluster" IN EXCLUSIVE MODE');
      bot.proc.stdin!.write('/setup set key:minActivitiesPerYear value:5\n');
      const dbName = new URL(own.url).pathname.slice(1);
      await until(
        async () => (await own.admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [dbName])).rows[0].n > 0,
        'the command waiting on the lock',
        bot,
      );
      bot.proc.kill('SIGTERM');
      const first = await bot.logged((l) => l.msg === 'shutting down: not ready', 'the start of the shutdown');
      expect(first.inFlight).toBe(1);
      await bot.logged((l) => l.msg === 'shutting down: no longer accepting interactions', 'the console no longer reading');
      await blocker.query('COMMIT');
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      expect(bot.stdout()).toContain('Ustawienie „Minimalna liczba działań w roku” ma teraz wartość 5.');
      const check = new pg.Client({ connectionString: own.url });
      await check.connect();
      const settings = (await check.query<{ settings: string }>(`SELECT settings FROM "Cluster" WHERE "externalId" = 'ops'`)).rows[0]!.settings;
      await check.end();
      expect(JSON.parse(settings).minActivitiesPerYear).toBe(5);
      expect(bot.logs.find((l) => l.msg === 'shut down')).toMatchObject({ answered: true });
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
      await blocker.end().catch(() => undefined);
      await own.drop();
    }
  });

  it('a second signal exits at once', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'twice.db');
    const bot = startBot({ DATABASE_URL: `file:${file}`, OPS_PORT: '0', SHUTDOWN_DRAIN_MS: '60000' }, { stdin: 'pipe' });
    try {
      await bot.logged((l) => l.msg === 'ready (console)', 'ready');
      bot.proc.kill('SIGTERM');
      await bot.logged((l) => l.msg === 'shutting down: not ready', 'the start of the shutdown');
      bot.proc.kill('SIGTERM');
      expect((await bot.exited).code).toBe(128 + 15);
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
    }
  });
});
