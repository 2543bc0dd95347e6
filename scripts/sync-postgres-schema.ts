import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { prismaDir } from '../src/db/provider.ts';

const HEADER = '// GENERATED from ../schema.prisma by scripts/sync-postgres-schema.ts: edit that file instead.\n';

/**
 * Each rewrite names the block it belongs to and what it changes. Whitespace is free (prisma
 * format realigns the `=` columns), but every rewrite must match exactly once: a schema that no
 * longer has the line, or has it twice, stops the sync with a message instead of silently
 * producing a PostgreSQL schema that still says SQLite.
 */
const REWRITES = [
  { block: 'datasource db', key: 'provider', from: 'sqlite', to: 'postgresql' },
  { block: 'generator client', key: 'output', from: '../src/db/generated/sqlite', to: '../../src/db/generated/postgresql' },
] as const;

export class SchemaSyncError extends Error {}

/** prisma/postgresql/schema.prisma from prisma/schema.prisma: the same models, another provider and output. */
export function postgresSchemaFrom(source: string): string {
  let result = source;
  for (const { block, key, from, to } of REWRITES) {
    const blockPattern = new RegExp(`^${block.replace(' ', '\\s+')}\\s*\\{[^}]*\\}`, 'gm');
    const blocks = [...result.matchAll(blockPattern)];
    if (blocks.length !== 1) throw new SchemaSyncError(`prisma/schema.prisma: expected one "${block} { … }" block, found ${blocks.length}`);
    const [text] = blocks[0]!;
    const line = new RegExp(`^(\\s*${key}\\s*=\\s*)"([^"]*)"`, 'gm');
    const lines = [...text.matchAll(line)];
    if (lines.length !== 1) throw new SchemaSyncError(`prisma/schema.prisma: expected one ${key} in "${block}", found ${lines.length}`);
    const value = lines[0]![2];
    if (value !== from) throw new SchemaSyncError(`prisma/schema.prisma: ${block} ${key} is "${value}", the sync rewrites only "${from}" (to "${to}"): update scripts/sync-postgres-schema.ts`);
    const rewritten = text.replace(line, (_m, prefix: string) => `${prefix}"${to}"`);
    result = result.replace(text, rewritten);
  }
  // Verify the outcome, not just the steps: the PostgreSQL schema must not point at SQLite anywhere.
  const leftover = result.match(/provider\s*=\s*"sqlite"|generated\/sqlite/);
  if (leftover) throw new SchemaSyncError(`the PostgreSQL schema still contains ${leftover[0]} after the rewrite`);
  return HEADER + result;
}

/** Writes prisma/postgresql/schema.prisma when it differs; true when it changed. */
export async function syncPostgresSchema(): Promise<boolean> {
  const source = await readFile(path.join(prismaDir('sqlite'), 'schema.prisma'), 'utf8');
  const generated = postgresSchemaFrom(source);
  const target = path.join(prismaDir('postgresql'), 'schema.prisma');
  await mkdir(path.dirname(target), { recursive: true });
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current === generated) return false;
  await writeFile(target, generated);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log((await syncPostgresSchema()) ? 'prisma/postgresql/schema.prisma updated' : 'up to date');
  } catch (error) {
    console.error(error instanceof SchemaSyncError ? error.message : error);
    process.exitCode = 1;
  }
}
