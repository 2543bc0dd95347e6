import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const IMPORTS_PRISMA = /from ['"](@prisma\/client|@prisma\/adapter-[\w-]+|[./]*[^'"]*generated\/(sqlite|postgresql)[^'"]*)['"]/;
const IMPORTS_PLATFORM = /from ['"](discord\.js|@discordjs\/[\w-]+|@slack\/[\w-]+)['"]/;

describe('architecture boundaries', () => {
  it('lets only src/db/ import the Prisma client', () => {
    const offenders = [...files('src'), ...files('commands')].filter((f) => !f.startsWith(path.join('src', 'db')) && IMPORTS_PRISMA.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps Discord and Slack libraries inside their adapters', () => {
    const offenders = [...files('src'), ...files('commands')].filter(
      (f) => !f.startsWith(path.join('src', 'adapters')) && IMPORTS_PLATFORM.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps services free of platform and command imports', () => {
    const offenders = files(path.join('src', 'services')).filter((f) => /from ['"][./]*(adapters|\.\.\/\.\.\/commands)\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
