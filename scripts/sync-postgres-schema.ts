import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { prismaDir } from '../src/db/provider.ts';

/** prisma/postgresql/schema.prisma is prisma/schema.prisma with another provider and output. */
export async function syncPostgresSchema(): Promise<boolean> {
  const source = await readFile(path.join(prismaDir('sqlite'), 'schema.prisma'), 'utf8');
  const generated =
    '// GENERATED from ../schema.prisma by scripts/sync-postgres-schema.ts: edit that file instead.\n' +
    source
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('output               = "../src/db/generated/sqlite"', 'output               = "../../src/db/generated/postgresql"');
  const target = path.join(prismaDir('postgresql'), 'schema.prisma');
  await mkdir(path.dirname(target), { recursive: true });
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current === generated) return false;
  await writeFile(target, generated);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await syncPostgresSchema()) ? 'prisma/postgresql/schema.prisma updated' : 'up to date');
}
