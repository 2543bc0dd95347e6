import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ownPostgresDatabase } from './postgres.ts';

/** Runs `use` on a SQLite file of its own (what replicas on one machine share), removed after. */
export async function onSqliteFile<T>(prefix: string, use: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  try {
    return await use(`file:${path.join(dir, 'shared.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `use` on a PostgreSQL database of its own, so other suites sharing the server never see its
 * rows; dropped after. Undefined when no server answers: the caller skips and says so.
 */
export async function onOwnPostgres<T>(prefix: string, use: (url: string) => Promise<T>): Promise<T | undefined> {
  const own = await ownPostgresDatabase(prefix);
  if (!own) return undefined;
  try {
    return await use(own.url);
  } finally {
    await own.drop();
  }
}
