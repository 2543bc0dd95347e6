import { afterEach, describe, expect, it } from 'vitest';
import { castApp, type TestApp } from '../support/harness.ts';
import { startSmtp, smtpEnv, type LoopbackSmtp } from '../assembly/smtp.ts';
import { VOTERS, generalMeeting, latestMotionId } from './support.ts';

/**
 * Issue 20, point 5, last part: the next General Meeting's convocation lists what was done since
 * the last one: in its agenda, in chat (the coordinator's confirmation, each representative's
 * notice) and in the e-mail to each organisation.
 */
describe('the next General Meeting\'s agenda', () => {
  let t: TestApp;
  let smtp: LoopbackSmtp;
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists the tasks done since the last General Meeting and counts those still open, in chat and by e-mail', async () => {
    smtp = await startSmtp();
    t = await castApp(VOTERS, { start: '2026-03-10T15:00:00Z', env: smtpEnv(smtp) });
    expect((await t.as('piotr').command('member', 'update', { email: 'kontakt@horyzont.example.org' })).tone).toBe('success');
    await generalMeeting(t);
    const koord = t.as('koord');
    const created = await koord.command('motion', 'create', { title: 'Wspólny katalog usług', closes: '2026-03-10 19:00' });
    const motionId = await latestMotionId(t);
    for (const [title, owner] of [
      ['Przygotować katalog usług', 'Fundacja Horyzont (organizacja)'],
      ['Wysłać katalog partnerom', 'CIS Wejherowo (organizacja)'],
    ] as const) {
      const form = await koord.press(created, 'Dodaj zadanie');
      const value = form.form!.fields.find((f) => f.name === 'owner')!.options!.find((o) => o.label === owner)!.value;
      expect((await koord.form('motion.task', { motion: motionId, title, owner: value, due: '30.06.2026' }, form.form!.args)).tone).toBe('success');
    }
    await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
    await t.as('piotr').press(await t.as('piotr').command('vote'), 'Za');
    await koord.press(created, 'Zamknij głosowanie');
    t.clock.set('2026-04-20T10:00:00Z');
    const notice = t.notifier.dmsTo('piotr').find((m) => m.title === 'Nowe zadanie z uchwały: Przygotować katalog usług')!;
    const form = await t.as('piotr').press(notice, 'Zrobione');
    await t.as('piotr').form('motion.progress', { task: form.form!.fields[0]!.value!, status: 'done', note: 'Katalog gotowy.' }, form.form!.args);

    // A year on, the coordinator convenes the next one.
    t.clock.set('2027-02-01T10:00:00Z');
    const opened = await koord.command('assembly', 'convene');
    const confirmation = await koord.form(opened.form!.id, { date: '09.03.2027', time: '17:00', place: 'Gdańsk, ul. Długa 1', agenda: 'Otwarcie\nWolne wnioski' });
    const point = [
      'Co zostało zrobione od poprzedniego Walnego Spotkania (10.03.2026)',
      '   • Przygotować katalog usług – Fundacja Horyzont (organizacja): wykonane',
      '   • zadania jeszcze niezakończone: 1 (lista: /motion outcomes)',
    ].join('\n');
    // Right after the opening, before any other business.
    const agenda = `1. Otwarcie\n2. ${point}\n3. Wolne wnioski`;
    expect(confirmation.fields!.find((f) => f.label === 'Porządek obrad')!.value).toBe(agenda);
    const told = t.notifier.dmsTo('marta').at(-1)!;
    expect(told.fields!.find((f) => f.label === 'Porządek obrad')!.value).toBe(agenda);

    await t.runJobs();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toBe('kontakt@horyzont.example.org');
    expect(mail!.mail.text).toContain(`Porządek obrad:\n${agenda}`);
  });
});
