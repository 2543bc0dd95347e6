import { connect, type Client } from '../../src/db/client.ts';
import type { Provider } from '../../src/db/provider.ts';

/** What tests read straight from the tables, beside the bot: what it stored, not what it says. */
export interface TableInspection {
  /** Every table of the schema but Prisma's own. */
  tableNames(): Promise<string[]>;
  /** Every row of a table as plain objects. */
  dumpTable(table: string): Promise<Record<string, unknown>[]>;
  /** A read-only statement (PRAGMA, counts). */
  rawQuery<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Opens its own connection to the database at `url` on first use (the bot keeps no door open for tests). */
export function inspectTables(url: string): TableInspection {
  let opened: Promise<{ client: Client; provider: Provider }> | undefined;
  const db = () => (opened ??= connect(url));
  const rawQuery = async <T>(sql: string): Promise<T[]> => (await db()).client.$queryRawUnsafe<T[]>(sql);
  return {
    rawQuery,
    async tableNames() {
      const { provider } = await db();
      const rows = await rawQuery<{ name: string }>(
        provider === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'",
      );
      return rows.map((r) => r.name).sort();
    },
    dumpTable(table) {
      if (!/^[A-Za-z_]+$/.test(table)) throw new Error('bad table name');
      return rawQuery(`SELECT * FROM "${table}"`);
    },
    async close() {
      if (opened) await (await opened).client.$disconnect();
    },
  };
}
