import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postgresSchemaFrom, SchemaSyncError } from '../../scripts/sync-postgres-schema.ts';

const source = readFileSync('prisma/schema.prisma', 'utf8');
// Read from node_modules directly: some of these packages do not export their package.json.
const installed = (name: string): string => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
const declared = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

describe('PostgreSQL schema sync', () => {
  it('produces the committed PostgreSQL schema from the SQLite one', () => {
    expect(postgresSchemaFrom(source)).toBe(readFileSync('prisma/postgresql/schema.prisma', 'utf8'));
  });

  it('still rewrites once prisma format has realigned the lines', () => {
    const realigned = source.replace(/^(\s*)output\s*=\s*/m, '$1output = ').replace(/^(\s*)provider\s*=\s*"sqlite"/m, '$1provider    =    "sqlite"');
    const out = postgresSchemaFrom(realigned);
    expect(out).toMatch(/output = "\.\.\/\.\.\/src\/db\/generated\/postgresql"/);
    expect(out).toMatch(/provider {4}= {4}"postgresql"/);
    expect(out).not.toMatch(/sqlite"/);
  });

  it('fails naming the line it could not find, instead of writing a schema that still says SQLite', () => {
    expect(() => postgresSchemaFrom(source.replace(/^\s*provider\s*=\s*"sqlite"\n/m, ''))).toThrow(SchemaSyncError);
    expect(() => postgresSchemaFrom(source.replace(/^\s*provider\s*=\s*"sqlite"\n/m, ''))).toThrow('expected one provider in "datasource db", found 0');
    expect(() => postgresSchemaFrom(source.replace('../src/db/generated/sqlite', '../src/db/client-sqlite'))).toThrow(
      'generator client output is "../src/db/client-sqlite", the sync rewrites only "../src/db/generated/sqlite"',
    );
    expect(() => postgresSchemaFrom(source.replace('datasource db {', 'datasource main {'))).toThrow('expected one "datasource db { … }" block, found 0');
  });
});

describe('Prisma versions', () => {
  it('pins the wasm schema engine to the installed Prisma: its version embeds Prisma’s', () => {
    // "7.10.0-7.561d7b4…": the Prisma release, then the engine build made for it.
    const prisma = installed('prisma');
    expect(installed('@prisma/schema-engine-wasm').startsWith(`${prisma}-`)).toBe(true);
    expect(declared.dependencies['@prisma/schema-engine-wasm']!.startsWith(`${declared.dependencies.prisma}-`)).toBe(true);
  });

  it('keeps the client, its adapters and the CLI on one Prisma version', () => {
    const prisma = installed('prisma');
    for (const name of ['@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', '@prisma/driver-adapter-utils']) expect([name, installed(name)]).toEqual([name, prisma]);
  });
});
