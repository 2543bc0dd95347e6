import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { migrate, pendingSchemaChanges } from '../../src/db/migrate.ts';
import { inspectTables } from '../support/tables.ts';

const PG_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations on SQLite (the embedded default)', () => {
  it('creates every table on a new file, records itself, and is a no-op the second time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkes-mig-'));
    dirs.push(dir);
    const url = `file:${path.join(dir, 'a.db')}`;
    const first = await migrate(url);
    expect(first).toEqual(readdirSync('prisma/migrations').filter((d) => /^\d{14}_/.test(d)).sort());
    expect(await migrate(url)).toEqual([]);
    const db = await openDatabase(url);
    const inspect = inspectTables(url);
    const tables = await inspect.tableNames();
    expect(tables).toContain('Cluster');
    expect(tables).toContain('Delivery');
    const journal = (await inspect.dumpTable('Cluster')).length;
    expect(journal).toBe(0);
    await inspect.close();
    await db.close();
  });

  it('leaves no difference between the migrations and the schema', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkes-mig-'));
    dirs.push(dir);
    const diff = await pendingSchemaChanges(`file:${path.join(dir, 'diff.db')}`);
    expect(diff.replace(/--.*\n?/g, '').trim()).toBe('');
  });

  it('keeps the PostgreSQL schema generated from the SQLite one', () => {
    const sqlite = readFileSync('prisma/schema.prisma', 'utf8');
    const postgres = readFileSync('prisma/postgresql/schema.prisma', 'utf8');
    const models = (s: string) => s.slice(s.indexOf('/// One tenant'));
    expect(models(postgres)).toBe(models(sqlite));
  });

  it('opens SQLite in WAL mode', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkes-mig-'));
    dirs.push(dir);
    const db = await openDatabase(`file:${path.join(dir, 'wal.db')}`);
    // WAL is recorded in the file itself, so a plain driver connection sees what the bot set.
    const plain = new BetterSqlite3(path.join(dir, 'wal.db'), { readonly: true });
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    plain.close();
    await db.close();
  });
});

const pgUp = await postgresReachable(PG_URL);
if (!pgUp) console.warn(`PostgreSQL not reachable at ${PG_URL}: its migration test is skipped.`);

describe.skipIf(!pgUp)('migrations on PostgreSQL', () => {
  it('applies to a fresh database and the bot can use it', async () => {
    const name = `pkes_mig_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    try {
      expect((await migrate(url.toString())).length).toBeGreaterThan(0);
      expect(await migrate(url.toString())).toEqual([]);
      const db = await openDatabase(url.toString());
      const cluster = await db.clusters.ensure('console', 'pg', { name: 'PG', locale: 'pl', timeZone: 'Europe/Warsaw' });
      expect((await db.clusters.byId(cluster.id)).name).toBe('PG');
      const inspect = inspectTables(url.toString());
      expect(await inspect.tableNames()).toContain('VoteParticipation');
      await inspect.close();
      await db.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
