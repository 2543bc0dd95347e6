import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { castApp, type TestApp } from '../support/harness.ts';
import { startSmtp, smtpEnv, type LoopbackSmtp } from './smtp.ts';

/**
 * The outbox survives a restart: a convocation whose e-mail could not leave (the SMTP server was
 * down) is sent by the next process on the same database, once.
 */
describe('the mail outbox across a restart', () => {
  let smtp: LoopbackSmtp;
  let dir: string;
  let t: TestApp | undefined;
  beforeEach(async () => {
    smtp = await startSmtp();
    dir = mkdtempSync(path.join(tmpdir(), 'pkes-outbox-'));
  });
  afterEach(async () => {
    await t?.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends after a restart what the SMTP server refused to take before it', async () => {
    const databaseUrl = `file:${path.join(dir, 'bot.db')}`;
    const cast = { koord: { roles: ['coordinator' as const] }, jan: { main: 'Spółdzielnia Socjalna Zażółć' } };
    // First process: the relay is down (nothing listens on its port).
    const down = { ...smtpEnv(smtp), SMTP_PORT: '1' };
    t = await castApp(cast, { start: '2026-03-02T09:00:00Z', databaseUrl, env: down });
    await t.as('jan').command('member', 'update', { email: 'biuro@zazolc.example.org' });
    const opened = await t.as('koord').command('assembly', 'convene');
    await t.as('koord').form(opened.form!.id, { date: '20.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1' });
    await t.runJobs();
    expect((await t.app.db.dumpTable('MailOutbox')).map((m) => [m.status, m.attempts])).toEqual([['pending', 1]]);
    await t.close();

    // Second process, the same database, the relay back: the retry goes out, once.
    t = await castApp({}, { start: '2026-03-02T09:05:00Z', databaseUrl, env: smtpEnv(smtp) });
    await t.runJobs();
    await t.runJobs();
    const received = await smtp.waitFor(2, 500);
    expect(received.map((r) => [r.to, r.mail.subject])).toEqual([['biuro@zazolc.example.org', 'Zwołanie: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 17:00']]);
    expect((await t.app.db.dumpTable('MailOutbox')).map((m) => [m.status, m.attempts, m.toAddress])).toEqual([['sent', 2, '']]);
    // Nobody was told in chat twice either: the notices of the first process stand.
    expect(t.notifier.dmsTo('jan')).toEqual([]);
  });
});
