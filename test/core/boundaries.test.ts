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

/**
 * Every module a file names: static imports and re-exports (types included), dynamic imports and
 * `declare module` augmentations, with relative ones resolved to a path from the repository root.
 */
function dependencies(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\bdeclare\s+module\s+['"]([^'"]+)['"]/g),
  ].map((m) => m[1]!);
  return specifiers.map((s) => (s.startsWith('.') ? path.relative('.', path.resolve(path.dirname(file), s)).split(path.sep).join('/') : s));
}

/** Files under `from` that depend on anything matching `forbidden`, as "file → module". */
function crossings(from: string, forbidden: RegExp): string[] {
  return files(from).flatMap((f) => dependencies(f).filter((d) => forbidden.test(d)).map((d) => `${f.split(path.sep).join('/')} → ${d}`));
}

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

  it('reads every kind of import the rules below rely on', () => {
    // The rules are only as good as the parser: it must see type-only imports, re-exports and augmentations.
    expect(dependencies(path.join('src', 'services', 'index.ts'))).toEqual(expect.arrayContaining(['src/core/services.ts', 'src/services/admission.ts']));
    expect(dependencies(path.join('src', 'services', 'settings.ts'))).toContain('src/core/actor.ts');
    expect(dependencies(path.join('src', 'core', 'dispatcher.ts'))).toContain('src/db/index.ts');
  });

  it('keeps the core free of everything built on it: services, adapters, jobs, commands', () => {
    expect(crossings(path.join('src', 'core'), /^(src\/(services|adapters|jobs|app\.ts|main\.ts)|commands)(\/|$)/)).toEqual([]);
  });

  it('keeps services free of adapters, jobs and commands', () => {
    expect(crossings(path.join('src', 'services'), /^(src\/(adapters|jobs|app\.ts|main\.ts)|commands)(\/|$)/)).toEqual([]);
  });

  it('keeps commands free of Prisma and its generated client', () => {
    expect(crossings('commands', /^(@prisma\/|prisma$|src\/db\/generated\/)/)).toEqual([]);
  });

  it('keeps every service file under 400 lines', () => {
    const long = files(path.join('src', 'services'))
      .map((f) => ({ file: f.split(path.sep).join('/'), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });
});
