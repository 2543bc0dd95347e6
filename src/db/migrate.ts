import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { adapterFactory, prismaDir, providerOf, sqlitePath, SQLITE_BUSY_TIMEOUT_MS, type Provider } from './provider.ts';

// Prisma's CLI would download a native schema engine; the official wasm build of the same engine
// runs over our driver adapter instead, so migrations need no network (shared/offline-prisma.md).
type WasmModule = typeof import('@prisma/schema-engine-wasm');
type Engine = Awaited<ReturnType<WasmModule['SchemaEngine']['new']>>;
type MigrationList = Parameters<Engine['applyMigrations']>[0]['migrationsList'];

interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let wasmModule: Promise<WasmModule> | undefined;

/** Node 20 cannot import .wasm directly: instantiate it and hand it to the generated glue. */
function loadWasm(): Promise<WasmModule> {
  wasmModule ??= (async () => {
    const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const pkgDir = path.dirname(fileURLToPath(glueUrl));
    const glue = (await import(glueUrl)) as WasmModule & {
      __wbg_set_wasm(exports: unknown): void;
    };
    // Node has WebAssembly; the ES lib types of this project just don't declare it.
    const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue as never });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return wasmModule;
}

export async function readSchema(provider: Provider): Promise<{ path: string; content: string }> {
  const file = path.join(prismaDir(provider), 'schema.prisma');
  return { path: file, content: await readFile(file, 'utf8') };
}

/** The migrations folder in the shape the engine wants (what `prisma migrate` reads from disk). */
export async function readMigrations(provider: Provider): Promise<MigrationList> {
  const baseDir = path.join(prismaDir(provider), 'migrations');
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  const dirs = existsSync(baseDir)
    ? (await readdir(baseDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => {
        const file = path.join(baseDir, name, 'migration.sql');
        return {
          path: name,
          migrationFile: {
            path: 'migration.sql',
            content: existsSync(file)
              ? { tag: 'ok' as const, value: await readFile(file, 'utf8') }
              : { tag: 'error' as const, value: `missing ${file}` },
          },
        };
      }),
    ),
  };
}

export async function withSchemaEngine<T>(url: string, fn: (engine: Engine, provider: Provider) => Promise<T>): Promise<T> {
  const provider = providerOf(url);
  return runWithEngine(url, provider, await loadWasm(), fn);
}

async function runWithEngine<T>(url: string, provider: Provider, wasm: WasmModule, fn: (engine: Engine, provider: Provider) => Promise<T>): Promise<T> {
  const schema = await readSchema(provider);
  // Keep hold of every connection the engine opens: freeing the engine does not close them, and
  // an open SQLite handle would lock the file against the bot's own client.
  const inner = await adapterFactory(url);
  const opened: { dispose(): Promise<void> }[] = [];
  const track = <A extends EngineAdapter>(adapter: A): A => {
    opened.push(adapter);
    return multiStatementSafe(adapter);
  };
  const tracked = Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => track(await inner.connect()),
    connectToShadowDb: async () => track(await inner.connectToShadowDb()),
  });
  const factory = bindMigrationAwareSqlAdapterFactory(tracked);
  const logs: string[] = [];
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (line: string) => logs.push(line),
    factory,
  );
  try {
    return await fn(engine, provider);
  } finally {
    engine.free();
    await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
  }
}

interface EngineAdapter {
  provider: string;
  dispose(): Promise<void>;
  executeRaw(query: { sql: string; args: unknown[] }): Promise<number>;
  executeScript(script: string): Promise<void>;
}

/**
 * The engine replays a migration on SQLite's shadow database through executeRaw, which
 * better-sqlite3 limits to one statement; a whole migration goes through executeScript instead.
 */
function multiStatementSafe<A extends EngineAdapter>(adapter: A): A {
  if (adapter.provider !== 'sqlite') return adapter;
  const single = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await single(query);
    } catch (error) {
      if (query.args.length > 0 || !/more than one statement/.test(String((error as Error)?.message))) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Names of the migrations the database has finished applying, read with the plain driver.
 * Knowing that nothing is pending spares loading the schema engine (tens of MB of WebAssembly)
 * on every start.
 */
export async function appliedMigrations(url: string): Promise<Set<string>> {
  const sql =
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';
  try {
    if (providerOf(url) === 'sqlite') {
      const file = sqlitePath(url);
      if (file !== ':memory:' && !existsSync(file)) return new Set();
      const { default: Sqlite } = await import('better-sqlite3');
      const db = new Sqlite(file, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
      try {
        return new Set((db.prepare(sql).all() as { migration_name: string }[]).map((r) => r.migration_name));
      } finally {
        db.close();
      }
    }
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return new Set((await client.query<{ migration_name: string }>(sql)).rows.map((r) => r.migration_name));
    } finally {
      await client.end();
    }
  } catch {
    // No migrations table yet (a new database): everything is pending.
    return new Set();
  }
}

/** Applies every pending migration; returns the names applied (empty when up to date). */
export async function migrate(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const onDisk = (await readMigrations(provider)).migrationDirectories.map((d) => d.path);
  const applied = await appliedMigrations(url);
  if (onDisk.every((name) => applied.has(name))) return [];
  return withSchemaEngine(url, async (engine, provider) => {
    const migrationsList = await readMigrations(provider);
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

/** SQL that takes the migrations' end state to the schema's (empty when they agree). */
export async function pendingSchemaChanges(url: string): Promise<string> {
  return withSchemaEngine(url, async (engine, provider) => {
    const schema = await readSchema(provider);
    const result = await engine.diff({
      from: { tag: 'migrations', ...(await readMigrations(provider)) },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? '';
  });
}
