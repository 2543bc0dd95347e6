import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STALE_CLAIM_MS } from '../../src/services/deliveries.ts';
import { createTestApp } from '../support/harness.ts';

/**
 * The process killed (SIGKILL) in the middle of a reminder run, then restarted on the same SQLite
 * file. The child (fixtures/reminder-run.ts) runs the meeting-reminder job with a slow notifier that
 * appends one fsync'd line per message, so the log is what people really received.
 *
 * The restart runs its clock STALE_CLAIM_MS + 1 minute after the killed run: a claim older than
 * that and never marked sent was abandoned and is taken over (src/services/deliveries.ts). We move
 * the child's clock rather than shorten the window, so the production constant is what is tested.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/reliability/fixtures/reminder-run.ts');
const ORGANISATIONS = 40;
// The 7-day reminder of a network meeting on 31 March 2026, 18:00 Warsaw time.
const RUN_AT = '2026-03-24T17:00:00.000Z';
const RESTART_AT = new Date(Date.parse(RUN_AT) + STALE_CLAIM_MS + 60_000).toISOString();
const reps = Array.from({ length: ORGANISATIONS }, (_, i) => `rep${String(i + 1).padStart(2, '0')}`);

interface Child {
  proc: ChildProcess;
  stdout: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a stdout line starts with `prefix`. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
}

function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const waiters: { prefix: string; resolve: (l: string) => void }[] = [];
  let buffer = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const l of lines) {
      stdout.push(l);
      for (const w of waiters.filter((x) => l.startsWith(x.prefix))) w.resolve(l);
    }
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    stdout,
    exited,
    line: (prefix, timeoutMs = 45_000) =>
      new Promise((resolve, reject) => {
        const seen = stdout.find((l) => l.startsWith(prefix));
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`child never printed "${prefix}"; stdout: ${stdout.join(' | ')}; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ prefix, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(({ code }) => setTimeout(() => reject(new Error(`child exited (${code}) before "${prefix}"; stdout: ${stdout.join(' | ')}; stderr: ${stderr.slice(-2000)}`)), 50));
      }),
  };
}

describe('the process killed in the middle of a reminder run', () => {
  let dir: string;
  let dbFile: string;
  let sendLog: string;
  const childDirs: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pkes-kill-'));
    dbFile = path.join(dir, 'bot.db');
    sendLog = path.join(dir, 'sent.log');
    const t = await createTestApp({ databaseUrl: `file:${dbFile}`, start: '2026-03-20T09:00:00Z', jobs: [] });
    try {
      await t.given('anna', { roles: ['coordinator'] });
      for (const [i, rep] of reps.entries()) await t.given(rep, { main: `Organizacja ${i + 1}` });
      const scheduled = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-03-31', time: '18:00', place: 'Gdańsk' });
      expect(scheduled.tone, scheduled.text).toBe('success');
    } finally {
      await t.close();
    }
  }, 60_000);

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const d of childDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const sent = () => (existsSync(sendLog) ? readFileSync(sendLog, 'utf8').split('\n').filter(Boolean) : []);
  const deliveries = () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return db.prepare(`SELECT key, status FROM "Delivery" WHERE kind = 'meeting-reminder'`).all() as { key: string; status: string }[];
    } finally {
      db.close();
    }
  };
  const remember = async (child: Child) => childDirs.push((await child.line('tmpdir ')).slice('tmpdir '.length));

  it('killed inside a send, then restarted: every due reminder is in the log exactly once', { timeout: 60_000 }, async () => {
    const first = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT, HANG_AFTER: '12' });
    await remember(first);
    await first.line('hanging');
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(sent()).toHaveLength(12);
    // The one in flight was claimed and never marked sent: that is what the restart must take over.
    expect(deliveries().filter((d) => d.status === 'claimed')).toHaveLength(1);

    const second = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT: RESTART_AT });
    await remember(second);
    expect(await second.line('done ')).toBe(`done ${ORGANISATIONS - 12}`);
    expect((await second.exited).code).toBe(0);
    expect(second.stdout.some((l) => l.startsWith('errors '))).toBe(false);

    const lines = sent();
    expect(lines.map((l) => l.split('\t')[0]).sort()).toEqual(reps);
    expect(new Set(lines.map((l) => l.split('\t')[1]))).toEqual(new Set(['Za 7 dni: Spotkanie robocze sieci']));
    expect(deliveries().every((d) => d.status === 'sent')).toBe(true);
  });

  it('a restart inside the stale window leaves the abandoned run alone; the one after it completes it', { timeout: 60_000 }, async () => {
    const first = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT, HANG_AFTER: '5' });
    await remember(first);
    await first.line('hanging');
    first.proc.kill('SIGKILL');
    await first.exited;

    // One minute later the claim may still belong to a live sender (another replica): hands off.
    const early = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT: new Date(Date.parse(RUN_AT) + 60_000).toISOString() });
    await remember(early);
    expect(await early.line('done ')).toBe('done 0');
    expect(sent()).toHaveLength(5);

    const late = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT: RESTART_AT });
    await remember(late);
    expect(await late.line('done ')).toBe(`done ${ORGANISATIONS - 5}`);
    expect(sent().map((l) => l.split('\t')[0]).sort()).toEqual(reps);
  });

  it('killed at an arbitrary moment: no reminder is lost, and at most the one in flight is repeated', { timeout: 60_000 }, async () => {
    // SIGKILL between a platform accepting a message and the claim being marked sent cannot be
    // told from one killed before sending: the takeover resends it. That window is one message.
    const first = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT, SEND_DELAY_MS: '20' });
    await remember(first);
    const deadline = Date.now() + 30_000;
    while (sent().length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    first.proc.kill('SIGKILL');
    await first.exited;
    const beforeRestart = sent().length;
    expect(beforeRestart).toBeGreaterThanOrEqual(10);
    expect(beforeRestart).toBeLessThan(ORGANISATIONS);

    const second = startChild({ DATABASE_FILE: dbFile, SEND_LOG: sendLog, RUN_AT: RESTART_AT });
    await remember(second);
    await second.line('done ');
    const recipients = sent().map((l) => l.split('\t')[0]!);
    expect([...new Set(recipients)].sort()).toEqual(reps);
    expect(recipients.length - ORGANISATIONS).toBeLessThanOrEqual(1);
  });
});
