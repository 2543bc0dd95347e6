import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { PROCESS_STALE_MS } from '../../src/services/governance/secret-ballot.ts';
import { cluster, fieldsOf, generalMeeting, latestMotionId } from './support.ts';

/**
 * The process holding pending secret ballots is killed (SIGKILL). Their choices were sealed with a
 * key that lived only in its memory, so nobody can count them: the next process drops them, tells
 * each of those organisations' representatives once, with the ballot's buttons, to vote again, and
 * shows the coordinator the count. They vote again; nothing else is lost or counted twice.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/governance/fixtures/secret-voter.ts');
const START = '2026-03-10T15:05:00.000Z';
const AFTER = new Date(Date.parse(START) + PROCESS_STALE_MS + 60_000).toISOString();
const users = Array.from({ length: 8 }, (_, i) => `org${i}`);

function castInChild(env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (/CAST \d+/.test(out)) {
        proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed: ${out}\n${err}`))));
  });
}

describe('the process holding pending secret ballots is killed', () => {
  const apps: TestApp[] = [];
  const cleanup: (() => void)[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const c of cleanup.splice(0)) c();
  });

  it('those organisations are told once to vote again and can; nothing is lost or counted twice', { timeout: 180_000 }, async () => {
    const first = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    apps.push(first);
    await first.given('koord', { roles: ['coordinator'] });
    for (const u of users) await first.given(u, { main: `Organizacja ${u}` });
    await generalMeeting(first);
    await first.as('koord').command('motion', 'create', { title: 'Wybór przewodniczącego', closes: '2026-03-10 19:00', secret: true });
    const motionId = await latestMotionId(first);
    const databaseUrl = `file:${path.join(first.dir, 'test.db')}`;
    // The first process stops (its directory, with the database, stays for the next ones).
    await first.app.close();
    apps.length = 0;
    cleanup.push(() => rmSync(first.dir, { recursive: true, force: true }));

    // Four organisations vote on a process that is then killed: four pending ballots, fewer than 2k.
    await castInChild({ START, DATABASE_URL: databaseUrl, MOTION: motionId, VOTERS: 'org0:0,org1:1,org2:0,org3:2' });

    const next = await createTestApp({ start: AFTER, databaseUrl });
    apps.push(next);
    expect((await next.app.db.dumpTable('SealedBallot')).filter((r) => r.sealed)).toHaveLength(4);
    await next.runJobs();
    await next.runJobs();
    const again = (u: string) => next.notifier.dmsTo(u).filter((m) => m.title === 'Zagłosuj ponownie: Wybór przewodniczącego');
    for (const u of ['org0', 'org1', 'org2', 'org3']) expect(again(u), u).toHaveLength(1);
    for (const u of ['org4', 'org5', 'org6', 'org7']) expect(again(u), u).toHaveLength(0);
    expect(again('org0')[0]!.text).toContain('bot zatrzymał się, zanim go policzył');
    expect(await next.app.db.dumpTable('SealedBallot')).toHaveLength(0);
    const card = await next.as('koord').command('motion', 'status', { motion: motionId });
    expect(fieldsOf(card)['Głosy utracone przy zatrzymaniu bota (głosujących poproszono o ponowne oddanie)']).toBe('4');
    expect(fieldsOf(card)['Frekwencja']).toBe('0 z 8 uprawnionych organizacji (kworum: 4)');

    // They vote again from that message; the others vote now.
    const choices: Record<string, string> = { org0: 'Za', org1: 'Za', org2: 'Przeciw', org3: 'Wstrzymuję się', org4: 'Za', org5: 'Przeciw', org6: 'Za', org7: 'Za' };
    for (const u of ['org0', 'org1', 'org2', 'org3']) expect((await next.as(u).press(again(u)[0]!, choices[u]!)).tone, u).toBe('success');
    for (const u of ['org4', 'org5', 'org6', 'org7']) {
      const notice = (await next.as(u).command('vote'));
      expect((await next.as(u).press(notice, choices[u]!)).tone, u).toBe('success');
    }
    const c = await cluster(next);
    const result = await next.app.services.governance.close(c.id, motionId, null);
    expect(result).toMatchObject({ voted: 8, eligible: 8, counts: { yes: 5, no: 2, abstain: 1 } });
    const participations = (await next.app.db.dumpTable('VoteParticipation')).filter((p) => p.motionId === motionId);
    expect(participations).toHaveLength(8);
    expect(new Set(participations.map((p) => p.memberId)).size).toBe(8);
    // Told once: later runs send nothing more.
    await next.runJobs();
    for (const u of ['org0', 'org1', 'org2', 'org3']) expect(again(u), u).toHaveLength(1);
  });
});
