import { randomUUID } from 'node:crypto';
import type { Client, Tx } from './client.ts';
import type { Provider } from './provider.ts';

type Db = Client | Tx;
export type Value = string | number | boolean | Date | null;
export type Row = Record<string, Value>;

/** Bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_VALUES = 30_000;
const MAX_ROWS = 1000;

/**
 * Multi-row INSERTs with bound values, where `createMany` would be slow. Prisma 7.10 never caches
 * the query plan of a `createMany` and compiles it anew on every call, in time that grows worse
 * than linearly with the rows (1 ms per row at 100 rows, 2 ms at 2,000; 7 ms for one vote burst's
 * 120 ballots). A raw statement skips the query compiler.
 *
 * The caller gives every column the SQL defaults would fill: ids (`@default(cuid())` is Prisma's,
 * not the database's; `newId()` makes one) and every DateTime, since SQLite's CURRENT_TIMESTAMP is
 * not the format Prisma writes and compares. Dates bound as values are written as Prisma writes them.
 * Table and column names come from the stores only, never from input.
 */
export async function insertRows(db: Db, provider: Provider, table: string, rows: Row[]): Promise<number> {
  let count = 0;
  for (const { sql, values } of statements(provider, table, rows, '')) count += await db.$executeRawUnsafe(sql, ...values);
  return count;
}

/**
 * The same, skipping rows whose `unique` key is taken (ON CONFLICT DO NOTHING, on both providers)
 * instead of failing the statement, and answering the `returning` columns of the rows it inserted.
 * On PostgreSQL a row another transaction is inserting waits for it, and is skipped if it commits.
 */
export async function insertRowsOnce<C extends string>(db: Db, provider: Provider, table: string, rows: Row[], unique: string[], returning: C[]): Promise<Record<C, string>[]> {
  const tail = ` ON CONFLICT (${unique.map((c) => `"${c}"`).join(', ')}) DO NOTHING${returning.length ? ` RETURNING ${returning.map((c) => `"${c}"`).join(', ')}` : ''}`;
  const out: Record<C, string>[] = [];
  for (const { sql, values } of statements(provider, table, rows, tail)) {
    if (returning.length) out.push(...(await db.$queryRawUnsafe<Record<C, string>[]>(sql, ...values)));
    else await db.$executeRawUnsafe(sql, ...values);
  }
  return out;
}

function statements(provider: Provider, table: string, rows: Row[], tail: string): { sql: string; values: Value[] }[] {
  if (rows.length === 0) return [];
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_VALUES / columns.length)));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  const out = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    let n = 0;
    const placeholder = () => (provider === 'postgresql' ? `$${++n}` : '?');
    const tuples = chunk.map(() => `(${columns.map(placeholder).join(', ')})`).join(', ');
    out.push({ sql: head + tuples + tail, values: chunk.flatMap((row) => columns.map((c) => row[c] ?? null)) });
  }
  return out;
}

/** An id for a row inserted without Prisma's `@default(cuid())`; ids are opaque everywhere. */
export const newId = (): string => randomUUID();
