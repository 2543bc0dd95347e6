import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'vitest';
import type { TestApp } from './harness.ts';
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

/**
 * Runs `use` on a bot (`make` gives it the database's address) of a PostgreSQL database of its own;
 * the bot closed and the database dropped however it ends. The test is skipped when no server answers.
 */
export async function botOnOwnPostgres(ctx: TestContext, prefix: string, make: (databaseUrl: string) => Promise<TestApp>, use: (t: TestApp) => Promise<void>): Promise<void> {
  const ran = await onOwnPostgres(prefix, async (databaseUrl) => {
    const t = await make(databaseUrl);
    try {
      await use(t);
      return true;
    } finally {
      await t.close();
    }
  });
  if (!ran) ctx.skip();
}
