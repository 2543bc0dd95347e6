import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The shared test server: CI exports TEST_POSTGRES_URL; locally the default address. */
export const PG_SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface OwnDatabase {
  url: string;
  /** A connection to the server's maintenance database, for looking at sessions and locks. */
  admin: pg.Client;
  drop(): Promise<void>;
}

/**
 * A database of its own on the shared server, so parallel test files never meet; undefined, with
 * a warning saying why, when no server answers (the test then skips).
 */
export async function ownPostgresDatabase(prefix: string, serverUrl = PG_SERVER_URL): Promise<OwnDatabase | undefined> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    console.warn(`PostgreSQL at ${serverUrl} unreachable (${(error as Error).message}); skipping`);
    await admin.end().catch(() => undefined);
    return undefined;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    admin,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    },
  };
}
