import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Provider = 'sqlite' | 'postgresql';

/** The folder with package.json and prisma/, from the sources (src/db) or the bundle (dist/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const PROJECT_ROOT = projectRoot();

export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(':')[0]}`);
}

/** The folder of each provider's schema and migrations (the PostgreSQL one is generated). */
export function prismaDir(provider: Provider): string {
  return provider === 'sqlite' ? path.join(PROJECT_ROOT, 'prisma') : path.join(PROJECT_ROOT, 'prisma', 'postgresql');
}

/** `file:./data/x.db` is relative to the working directory, as Prisma's CLI reads it. */
export function sqlitePath(url: string): string {
  const raw = url.slice('file:'.length).split('?')[0]!;
  if (raw === ':memory:') return raw;
  const resolved = path.resolve(raw);
  mkdirSync(path.dirname(resolved), { recursive: true });
  return resolved;
}

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * A driver adapter factory for the URL: better-sqlite3 for file:, pg for postgresql:. Only the
 * one in use is loaded (idle memory counts on a small deployment).
 */
export async function adapterFactory(url: string) {
  return providerOf(url) === 'sqlite' ? sqliteAdapter(url) : postgresAdapter(url);
}

export async function sqliteAdapter(url: string) {
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  return new PrismaBetterSqlite3({ url: `file:${sqlitePath(url)}`, timeout: SQLITE_BUSY_TIMEOUT_MS });
}

/** Connections one process holds to PostgreSQL at most. */
export const POSTGRES_POOL_SIZE = 10;
/**
 * How long an unused PostgreSQL connection is kept. A General Meeting's votes come minutes apart,
 * and pg's default (10 s) closed every connection between two of them: each vote's burst of
 * presses then waited for them to be opened again.
 */
export const POSTGRES_IDLE_MS = 15 * 60_000;

export async function postgresAdapter(url: string) {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  return new PrismaPg({ connectionString: url, max: POSTGRES_POOL_SIZE, idleTimeoutMillis: POSTGRES_IDLE_MS });
}
