import { PrismaClient as SqliteClient, Prisma } from './generated/sqlite/client.ts';
import type { Logger } from '../logger.ts';
import { postgresAdapter, providerOf, sqliteAdapter, type Provider } from './provider.ts';

/**
 * The Prisma client. Both providers are generated from the same models (test/db/migrations.test.ts
 * holds the two schemas' models identical), so the SQLite client's type describes either; only
 * this folder ever sees it.
 */
export type Client = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

export interface ConnectOptions {
  /** With the log at trace level, every SQL statement is logged ("db query"): how slow interactions are diagnosed. */
  log?: Logger;
  /** Told the class of every statement the driver refused (metrics); see databaseErrorKind. */
  onError?: (kind: string) => void;
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<{ client: Client; provider: Provider }> {
  const provider = providerOf(url);
  const observed = <A extends object>(adapter: A): A => (options.onError ? observeErrors(adapter, options.onError) : adapter);
  const traced = options.log?.isLevelEnabled('trace') ? options.log : undefined;
  // Query events only when traced: the client then emits one per statement.
  const log: { emit: 'event'; level: 'query' }[] = traced ? [{ emit: 'event', level: 'query' }] : [];
  const onQuery = (ev: { query: string; duration: number }) => traced?.trace({ sql: ev.query, ms: ev.duration }, 'db query');
  let client: Client;
  if (provider === 'sqlite') {
    const sqlite = new SqliteClient({ adapter: observed(await sqliteAdapter(url)), log });
    if (traced) sqlite.$on('query', onQuery);
    client = sqlite;
  } else {
    const { PrismaClient: PostgresClient } = await import('./generated/postgresql/client.ts');
    const postgres = new PostgresClient({ adapter: observed(await postgresAdapter(url)), log });
    if (traced) postgres.$on('query', onQuery);
    // The one cast of the client, and why it is sound: the PostgreSQL client is built and checked
    // above with its own type and adapter; both clients are generated from the same models
    // (test/db/migrations.test.ts holds the two schemas' models identical), so every store call
    // has the same shape on either. TypeScript cannot relate two generated clients (their query
    // types are deferred conditional types), hence the cast through unknown rather than a check.
    client = postgres as unknown as Client;
  }
  if (provider === 'sqlite') {
    // WAL lets readers run beside the single writer; the busy timeout is set on the driver.
    await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  }
  return { client, provider };
}

/**
 * The driver adapter with every failed call reported: the factory, the connection it opens and the
 * transactions that connection starts. Only rejected promises are looked at; results pass through.
 */
function observeErrors<T extends object>(target: T, onError: (kind: string) => void): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(t, args);
        if (!(out instanceof Promise)) return out;
        const wraps = prop === 'connect' || prop === 'startTransaction';
        return out.then(
          (result: unknown) => (wraps && typeof result === 'object' && result !== null ? observeErrors(result, onError) : result),
          (error: unknown) => {
            const kind = databaseErrorKind(error);
            if (kind) onError(kind);
            throw error;
          },
        );
      };
    },
  });
}

/** Prisma's own codes for "cannot reach", "timed out", "server closed the connection", "pool timeout". */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1008', 'P1017', 'P2024']);
/** Node's socket errors, as the PostgreSQL driver passes them on (error.code). */
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A short class of a database error, for counting: connection (unreachable, closed, timed out),
 * busy (SQLite locked), constraint, transaction (conflict, deadlock, closed), schema, other.
 * Undefined for a unique-key refusal: that is how the bot finds a message already claimed or an
 * event already handled (core-store.ts), not a fault.
 */
export function databaseErrorKind(error: unknown): string | undefined {
  if (isUniqueViolation(error)) return undefined;
  const cause = (error as { cause?: { kind?: string; code?: string; originalCode?: string } } | null)?.cause ?? prismaError(error).cause;
  const kind = cause?.kind ?? '';
  const code = String(cause?.code ?? cause?.originalCode ?? '');
  if (kind === 'UniqueConstraintViolation' || (kind === 'postgres' && code === '23505') || /SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(String(cause?.originalCode ?? ''))) return undefined;
  if (/^(DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections|TlsConnectionError|AuthenticationFailed|DatabaseDoesNotExist|DatabaseAccessDenied)$/.test(kind)) return 'connection';
  if (/Constraint|RestrictViolation/.test(kind)) return 'constraint';
  if (/^(TransactionWriteConflict|TransactionAlreadyClosed)$/.test(kind)) return 'transaction';
  if (/^(TableDoesNotExist|ColumnNotFound)$/.test(kind)) return 'schema';
  if (kind === 'postgres') {
    if (/^08|^57P0[123]$/.test(code)) return 'connection';
    if (/^23/.test(code)) return 'constraint';
    if (/^40/.test(code)) return 'transaction';
    if (/^42/.test(code)) return 'schema';
  }
  if (/SQLITE_BUSY|SQLITE_LOCKED/.test(`${cause?.originalCode ?? ''} ${code}`)) return 'busy';
  if (/SQLITE_CONSTRAINT/.test(`${cause?.originalCode ?? ''} ${code}`)) return 'constraint';
  // A driver error outside Prisma: Node's socket code where there is one; node-postgres's code-less "Connection terminated".
  const own = error as { code?: unknown; message?: unknown } | null;
  if (SOCKET_UNAVAILABLE.has(String(own?.code ?? '')) || (!own?.code && /^Connection terminated/.test(String(own?.message ?? '')))) return 'connection';
  return 'other';
}

/**
 * A unique constraint refused a row: P2002 from a model query, or, from a raw statement
 * (insert-rows.ts), P2010 carrying the driver adapter's UniqueConstraintViolation.
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, cause } = prismaError(error);
  return code === 'P2002' || (code === 'P2010' && cause?.kind === 'UniqueConstraintViolation');
}

/** A Prisma error's code and message, and the driver adapter's own error when it carries one. */
function prismaError(error: unknown): { code?: string; message?: string; cause?: { kind?: string; code?: string; originalCode?: string } } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, message, meta } = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } } };
  return { code, message, cause: meta?.driverAdapterError?.cause };
}

/**
 * The database could not be reached or dropped us mid-statement: busy or locked (SQLite), the
 * server refusing, timing out or closing the connection (PostgreSQL's SQLSTATE class 08, and
 * 57P01-57P03 for a shutdown or restart). The command answers "briefly unavailable, nothing was
 * saved" rather than an unexpected error. Decided by codes: the driver adapter's error where
 * Prisma gives one (raw statements report only P2010), Prisma's code, the driver's own code
 * (SQLITE_BUSY, ECONNREFUSED). Text is read only for what has no code: node-postgres's
 * "Connection terminated" when the server goes away mid-query.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message, cause } = prismaError(error);
  if (cause) {
    if (cause.kind === 'DatabaseNotReachable' || cause.kind === 'SocketTimeout' || cause.kind === 'TransactionAlreadyClosed') return true;
    const sqlState = cause.kind === 'postgres' ? (cause.code ?? cause.originalCode ?? '') : '';
    if (/^08|^57P0[123]$/.test(sqlState)) return true;
    if (/^SQLITE_(BUSY|LOCKED)/.test(cause.originalCode ?? '')) return true;
  }
  if (code && (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code) || /^SQLITE_(BUSY|LOCKED)/.test(code))) return true;
  return !code && /^Connection terminated/.test(message ?? '');
}
