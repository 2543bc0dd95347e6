import { PrismaClient as SqliteClient, Prisma } from './generated/sqlite/client.ts';
import type { Logger } from '../logger.ts';
import { adapterFactory, providerOf, type Provider } from './provider.ts';

/**
 * The Prisma client. Both providers are generated from the same models, so the SQLite client's
 * type describes either; only this folder ever sees it.
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
  const factory = await adapterFactory(url);
  const adapter = options.onError ? observeErrors(factory, options.onError) : factory;
  const traced = options.log?.isLevelEnabled('trace') ? options.log : undefined;
  const log = traced ? [{ emit: 'event' as const, level: 'query' as const }] : [];
  const client =
    provider === 'sqlite'
      ? new SqliteClient({ adapter, log })
      : (new (await import('./generated/postgresql/client.ts')).PrismaClient({ adapter: adapter as never, log }) as unknown as SqliteClient);
  if (traced) {
    (client as unknown as { $on(e: 'query', cb: (ev: { query: string; duration: number }) => void): void }).$on('query', (ev) => traced.trace({ sql: ev.query, ms: ev.duration }, 'db query'));
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
  if (/ECONNREFUSED|ECONNRESET|Connection terminated|timeout/i.test(String((error as Error | null)?.message ?? ''))) return 'connection';
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
 * saved" rather than an unexpected error. Read from the driver adapter's error where Prisma gives
 * one (raw statements report only P2010), else from the code and message.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message, cause } = prismaError(error);
  if (cause) {
    if (cause.kind === 'DatabaseNotReachable' || cause.kind === 'SocketTimeout' || cause.kind === 'TransactionAlreadyClosed') return true;
    const sqlState = cause.kind === 'postgres' ? (cause.code ?? cause.originalCode ?? '') : '';
    if (/^08|^57P0[123]$/.test(sqlState)) return true;
    if (/SQLITE_BUSY|SQLITE_LOCKED/.test(cause.originalCode ?? '')) return true;
  }
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked|P1001|P1008|P1017|Operation has timed out|ECONNREFUSED|ECONNRESET|Connection terminated|SocketTimeout|P2024/.test(`${code ?? ''} ${message ?? ''}`);
}
