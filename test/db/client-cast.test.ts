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

describe('the Prisma client handed to the stores', () => {
  it('is cast once, where the PostgreSQL client is handed on as the shared type, with the reason beside it', () => {
    // A cast to a client type, or of a client value (the stores' `this.db`, the root, either provider's client).
    const cast = /\bas\s+(?:unknown\s+as\s+)?(?:Client|Tx|SqliteClient|PostgresClient|PrismaClient)\b|\b(?:this\.)?(?:db|client|root|postgres|sqlite)\s+as\s/;
    const casts = [...files('src'), ...files('bench')].flatMap((file) =>
      readFileSync(file, 'utf8')
        // Import renames (`PrismaClient as SqliteClient`) are not casts; blanked, lines kept.
        .replace(/^(?:import|export)\b[^;]*?\bfrom\s*['"][^'"]+['"];?/gm, (statement) => statement.replace(/[^\n]/g, ''))
        .split('\n')
        .flatMap((line, i) => (cast.test(line) ? [{ where: `${file.split(path.sep).join('/')}:${i + 1}`, line: i }] : [])),
    );
    expect(casts.map((c) => c.where)).toEqual([expect.stringMatching(/^src\/db\/client\.ts:\d+$/)]);
    const lines = readFileSync(path.join('src', 'db', 'client.ts'), 'utf8').split('\n');
    const comment = lines.slice(Math.max(0, casts[0]!.line - 8), casts[0]!.line).join('\n');
    expect(comment).toMatch(/one cast of the client, and why it is sound/);
    expect(comment).toMatch(/same models/);
  });
});
