import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/harness.ts';
import { ROOT, until } from './support.ts';

/** `npm run db:backup -- <file>` as an operator runs it, against the database a bot is writing to. */
function runBackup(databaseUrl: string, file: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/db/backup-cli.ts', file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('backups of a running SQLite database', () => {
  it('backs up while commands write, verifies the copy, and the restored copy is consistent and works', { timeout: 180_000 }, async () => {
    // Today: a representative set up by the harness joined today, and activities count from joining.
    const t = await createTestApp({ start: new Date().toISOString() });
    const today = DateTime.now().setZone('Europe/Warsaw').toISODate()!;
    const url = t.app.config.DATABASE_URL;
    const backups = mkdtempSync(path.join(tmpdir(), 'pkes-backups-'));
    const backupFile = path.join(backups, 'backup.db');
    let restored: Awaited<ReturnType<typeof createTestApp>> | undefined;
    try {
      await t.given('ola', { main: 'Fundacja Wspólna Sprawa' });
      // Each /activity log writes an activity and its audit entry in one transaction.
      let writing = true;
      let answered = 0;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const reply = await t.as('ola').command('activity', 'log', { kind: 'event', date: today, title: `Spotkanie robocze nr ${i}`, description: 'Spotkanie zespołu' });
          if (reply.tone === 'error') throw new Error(reply.text);
          answered++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      let failed: unknown;
      writer.catch((error: unknown) => (failed = error));
      await until(async () => {
        if (failed) throw failed;
        return answered >= 20;
      }, 'the first activities');
      const beforeBackup = answered;
      const result = await runBackup(url, backupFile);
      const afterBackup = answered;
      writing = false;
      await writer;

      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^Backup written to .*backup\.db: \d+ pages \(\d+ bytes\), \d+ tables, \d+ migrations; integrity check ok\.$/m);
      expect(afterBackup).toBeGreaterThan(beforeBackup);
      expect(existsSync(`${backupFile}.partial`)).toBe(false);

      // Restore as README says: the bot stopped, the copy put in place of the database (no -wal/-shm beside it).
      const restoredFile = path.join(backups, 'restored', 'pkes.db');
      await t.close();
      mkdirSync(path.dirname(restoredFile));
      copyFileSync(backupFile, restoredFile);
      restored = await createTestApp({ start: new Date().toISOString(), databaseUrl: `file:${restoredFile}` });
      const db = restored.app.db;
      expect(await db.rawQuery<{ integrity_check: string }>('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const activities = await db.dumpTable('Activity');
      const logged = (await db.dumpTable('AuditEntry')).filter((a) => a.action === 'activity.logged');
      // A moment of the running bot: every activity answered before the backup began, none begun after
      // it ended (one may have been saved and not yet answered when it ended)...
      expect(activities.length).toBeGreaterThanOrEqual(beforeBackup);
      expect(activities.length).toBeLessThanOrEqual(afterBackup + 1);
      // ...and no transaction half in it: each activity with its audit entry, and no entry without its activity.
      expect(logged.map((a) => a.subjectId).sort()).toEqual(activities.map((a) => a.id).sort());
      // Sequential writes: the copy holds exactly the first N of them.
      const numbers = activities.map((a) => Number(/nr (\d+)$/.exec(String(a.title))?.[1])).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i));

      // The restored bot answers and takes new writes.
      const status = await restored.as('ola').command('activity', 'status');
      expect(status.tone).not.toBe('error');
      const again = await restored.as('ola').command('activity', 'log', { kind: 'event', date: today, title: 'Po odtworzeniu kopii', description: 'Spotkanie zespołu' });
      expect(again.tone, again.text).toBe('success');
    } finally {
      await restored?.close();
      await t.close().catch(() => undefined);
      rmSync(backups, { recursive: true, force: true });
    }
  });

  it('refuses a PostgreSQL URL and points to pg_dump', async () => {
    const result = await runBackup('postgresql://postgres@127.0.0.1:5432/postgres', path.join(ROOT, 'never-written.db'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/pg_dump/);
    expect(existsSync(path.join(ROOT, 'never-written.db'))).toBe(false);
  });
});
