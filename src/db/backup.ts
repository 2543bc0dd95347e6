import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { providerOf, sqlitePath, SQLITE_BUSY_TIMEOUT_MS } from './provider.ts';

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
  /** Tables in the copy, and migrations it has applied: what a restore will find. */
  tables: number;
  migrations: number;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * A consistent copy of a running bot's SQLite database, through SQLite's online backup API
 * (better-sqlite3's `backup`): committed data, write-ahead log included, as of one instant, while
 * the bot keeps writing. After the first step every remaining page is copied in one step, so the
 * copy is one read snapshot; a write by the bot in between makes SQLite start the copy over.
 * The copy is then opened and checked (PRAGMA integrity_check) before it replaces `destination`.
 */
export async function backupSqlite(url: string, destination: string): Promise<BackupResult> {
  if (providerOf(url) !== 'sqlite') throw new BackupError('DATABASE_URL is PostgreSQL: back it up with pg_dump (README, "Backups")');
  const source = sqlitePath(url);
  if (source === ':memory:' || !existsSync(source)) throw new BackupError(`no SQLite database at ${source}`);
  const target = path.resolve(destination);
  if (target === source) throw new BackupError('the backup must not be the database itself');
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });

  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(source, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  let pages = 0;
  try {
    const done = await db.backup(partial, { progress: ({ totalPages }) => totalPages });
    pages = done.totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }

  const copy = new Sqlite(partial, { readonly: true, fileMustExist: true });
  let tables = 0;
  let migrations = 0;
  try {
    const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') throw new BackupError(`the copy failed its integrity check: ${integrity.slice(0, 5).join('; ')}`);
    tables = (copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    migrations = (copy.prepare('SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL').get() as { n: number }).n;
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  const bytes = (copy.prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').get() as { n: number }).n;
  copy.close();
  renameSync(partial, target);
  return { file: target, pages, bytes, tables, migrations };
}
