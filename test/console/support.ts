import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * The real entry point (`npm start` minus npm) with a scenario on standard input, one line an
 * action, on a database of the calling test file's own (removed after it).
 */
export function consoleRunner(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (lines: string[], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      input: lines.join('\n') + '\n',
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${path.join(dir, 'console.db')}`, SCHEDULER_ENABLED: 'false', ...env },
    });
    return { out: result.stdout, err: result.stderr, status: result.status };
  };
}
