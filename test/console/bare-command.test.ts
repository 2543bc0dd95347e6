import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'pkes-console-bare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real entry point with a scenario on standard input, as console-scenario.test.ts runs it. */
function runConsole(lines: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${path.join(dir, 'console.db')}`, SCHEDULER_ENABLED: 'false' },
  });
  return { out: result.stdout, err: result.stderr, status: result.status };
}

describe('a bare console command with subcommands', () => {
  it('lists what the caller may do as buttons; pressing one asks for its options in a form and runs it', () => {
    const { out, err, status } = runConsole([
      ':as anna coordinator',
      '/setup',
      ':press Zmień jedno ustawienie klastra',
      'minActivitiesPerYear',
      '3',
      ':as jan main:"Spółdzielnia Socjalna Razem"',
      '/setup',
      ':quit',
    ]);
    expect(err).not.toMatch(/Error/);
    expect(status).toBe(0);
    expect(out).toContain('Co chcesz zrobić? Wybierz jedno z poleceń /setup:');
    expect(out).toContain('Zmień jedno ustawienie klastra');
    expect(out).toContain('Ustawienie „Minimalna liczba działań w roku” ma teraz wartość 3.');
    // A member may use none of /setup: told why, not shown an empty list.
    expect(out).toContain('To polecenie jest dla administratora serwera lub koordynatora klastra.');
    expect(out).not.toMatch(/wybierz jedno:\s*\n\s*\n/);
  });
});
