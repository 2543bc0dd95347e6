import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { castApp, type Cast, type TestApp } from '../support/harness.ts';
import type { Reply } from '../../src/core/reply.ts';
import { startSmtp, smtpEnv, type LoopbackSmtp } from './smtp.ts';
import { parseIcs } from '../support/ics.ts';

/** A coordinator, two main-member organisations and a supporting one, each with a contact address. */
const CAST: Cast = {
  koord: { roles: ['coordinator'] },
  jan: { main: 'Spółdzielnia Socjalna Zażółć' },
  piotr: { main: 'Fundacja Horyzont' },
  ewa: { supporting: 'Gmina Kolbudy' },
};
const ADDRESSES = {
  jan: 'biuro@zazolc.example.org',
  piotr: 'kontakt@horyzont.example.org',
  ewa: 'sekretariat@kolbudy.example.org',
} as const;

const AGENDA = 'Otwarcie i wybór przewodniczącego\nSprawozdanie z działalności za rok 2025\nWolne wnioski';

let smtp: LoopbackSmtp;
let t: TestApp;

async function bot(extra: Record<string, string> = {}) {
  // 2 March 2026, 10:00 in Warsaw: a meeting on 20 March is 18 days ahead, past the 14 days' notice.
  t = await castApp(CAST, { start: '2026-03-02T09:00:00Z', env: smtpEnv(smtp, extra) });
  for (const [who, email] of Object.entries(ADDRESSES)) {
    expect((await t.as(who).command('member', 'update', { email })).tone).toBe('success');
  }
  return t;
}

/** The coordinator types one command and fills the form it opens. */
async function convene(values: Record<string, string> = {}): Promise<Reply> {
  const opened = await t.as('koord').command('assembly', 'convene');
  expect(opened.form?.id).toBe('assembly.convene');
  return t.as('koord').form(opened.form!.id, { date: '20.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1', link: 'https://meet.example.org/walne-2026', agenda: AGENDA, ...values });
}

function addressesIn(lines: string[]): string[] {
  return lines.filter((l) => Object.values(ADDRESSES).some((a) => l.includes(a)));
}

beforeEach(async () => {
  smtp = await startSmtp();
});
afterEach(async () => {
  await t?.close();
  await smtp.close();
});

describe('convening the General Meeting by e-mail', () => {
  it('sends each organisation its convocation with the agenda in local time, Polish letters intact', async () => {
    await bot();
    const confirmation = await convene();
    expect(confirmation.title).toBe('Zwołano: Walne Spotkanie Sieci 2026');
    expect(confirmation.text).toContain('E-maile czekają na wysłanie do 3 organizacji');
    expect(confirmation.buttons?.map((b) => b.label)).toEqual(['Zmień', 'Odwołaj']);

    await t.runJobs();
    const received = await smtp.waitFor(3);
    expect(received.map((r) => r.to).sort()).toEqual([...Object.values(ADDRESSES)].sort());
    const toJan = received.find((r) => r.to === ADDRESSES.jan)!.mail;
    expect(toJan.subject).toBe('Zwołanie: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 17:00');
    expect(toJan.from?.value).toEqual([{ name: 'PKES – koordynator', address: 'koordynator@pkes.example.org' }]);
    const text = toJan.text!;
    // When, where, how to join, what is on the agenda, the rules for proxies and votes, and whom it is for.
    for (const part of [
      'Termin: piątek, 20 marca 2026, godz. 17:00 (czas lokalny, strefa Europe/Warsaw)',
      'Miejsce: Gdańsk, ul. Długa 1',
      'Udział online: https://meet.example.org/walne-2026',
      'Porządek obrad:\n1. Otwarcie i wybór przewodniczącego\n2. Sprawozdanie z działalności za rok 2025\n3. Wolne wnioski',
      'Pełnomocnictwa: Regulamin klastra nie przewiduje pełnomocnictw',
      'Głosowanie online: Nad uchwałami głosuje się w komunikatorze klastra',
      'Wiadomość do organizacji „Spółdzielnia Socjalna Zażółć”',
    ])
      expect(text).toContain(part);
    expect(text).not.toContain('bez prawa głosu');
    expect(received.find((r) => r.to === ADDRESSES.ewa)!.mail.text).toContain('Członkowie wspierający biorą udział w spotkaniu bez prawa głosu.');

    // In chat too: every representative privately, with the attend buttons, and the announcements channel.
    for (const who of ['jan', 'piotr', 'ewa']) {
      const [dm] = t.notifier.dmsTo(who);
      expect(dm?.title).toBe('Zwołanie: Walne Spotkanie Sieci 2026');
      expect(dm?.buttons?.map((b) => b.label)).toEqual(['Będę', 'Nie będę']);
    }
    expect(t.notifier.channel.filter((c) => c.channel === 'announcements')).toHaveLength(1);

    // Sent once: the next runs send nothing again, and the outbox keeps no address.
    await t.runJobs();
    t.clock.advance(5 * 60_000);
    await t.runJobs();
    expect((await smtp.waitFor(4, 300)).length).toBe(3);
    const outbox = await t.app.db.dumpTable('MailOutbox');
    expect(outbox.map((m) => [m.status, m.toAddress])).toEqual([['sent', ''], ['sent', ''], ['sent', '']]);
    expect(addressesIn(t.logs.raw)).toEqual([]);
  });

  it('sends a change and a cancellation the same way, from the buttons on the confirmation', async () => {
    await bot();
    const confirmation = await convene();
    await t.runJobs();
    await smtp.waitFor(3);

    const form = await t.as('koord').press(confirmation, 'Zmień');
    expect(form.form?.fields.find((f) => f.name === 'time')?.value).toBe('17:00');
    const values = Object.fromEntries(form.form!.fields.map((f) => [f.name, f.value ?? '']));
    const changed = await t.as('koord').form(form.form!.id, { ...values, time: '18:30', place: 'Gdynia, ul. Świętojańska 5' }, form.form!.args);
    expect(changed.title).toBe('Zmieniono i rozesłano ponownie: Walne Spotkanie Sieci 2026');
    await t.runJobs();
    const afterChange = (await smtp.waitFor(6)).slice(3);
    expect(afterChange).toHaveLength(3);
    expect(afterChange[0]!.mail.subject).toBe('Zmiana w zwołaniu: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 18:30');
    expect(afterChange[0]!.mail.text).toContain('Miejsce: Gdynia, ul. Świętojańska 5');
    expect(t.notifier.dmsTo('jan').map((m) => m.title)).toEqual(['Zwołanie: Walne Spotkanie Sieci 2026', 'Zmiana w zwołaniu: Walne Spotkanie Sieci 2026']);

    const cancelForm = await t.as('koord').press(changed, 'Odwołaj');
    expect(cancelForm.form?.fields.map((f) => f.name)).toEqual(['reason']);
    const cancelled = await t.as('koord').form(cancelForm.form!.id, { reason: 'Sala niedostępna; nowy termin podamy wkrótce.' }, cancelForm.form!.args);
    expect(cancelled.title).toBe('Odwołano: Walne Spotkanie Sieci 2026');
    expect(cancelled.buttons ?? []).toEqual([]);
    await t.runJobs();
    const afterCancel = (await smtp.waitFor(9)).slice(6);
    expect(afterCancel.map((r) => r.mail.subject)).toEqual(Array(3).fill('Odwołanie: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 18:30'));
    expect(afterCancel[0]!.mail.text).toContain('Powód: Sala niedostępna; nowy termin podamy wkrótce.');
    // A cancelled meeting is off the calendar.
    expect((await t.as('jan').command('meeting', 'list')).text).toBe('Brak zaplanowanych spotkań.');

    // Each notice carried the meeting's .ics: one event, its sequence raised by each revision, then CANCEL.
    const files = t.notifier.dmsTo('jan').map((m) => parseIcs(m.attachments![0]!.data.toString('utf8')));
    expect(files.map((f) => `${f.method}:${f.events[0]!.sequence}:${f.events[0]!.localStart}`)).toEqual([
      'PUBLISH:0:2026-03-20T17:00:00',
      'PUBLISH:1:2026-03-20T18:30:00',
      'CANCEL:2:2026-03-20T18:30:00',
    ]);
    expect(new Set(files.map((f) => f.events[0]!.uid)).size).toBe(1);
  });

  it('retries a refused delivery, delivers it once accepted, and reports one refused to the end', async () => {
    await bot({ MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_SECONDS: '60' });
    smtp.refuse.set(ADDRESSES.jan, 1);
    smtp.refuse.set(ADDRESSES.piotr, Infinity);
    await convene();
    await t.runJobs();
    await smtp.waitFor(1);
    expect(smtp.received.map((r) => r.to)).toEqual([ADDRESSES.ewa]);

    // The first retry waits a minute, the next two.
    t.clock.advance(61_000);
    await t.runJobs();
    await smtp.waitFor(2);
    expect(smtp.received.map((r) => r.to)).toEqual([ADDRESSES.ewa, ADDRESSES.jan]);
    expect(t.notifier.dmsTo('koord').filter((m) => m.title === 'E-mail nie dotarł')).toEqual([]);
    t.clock.advance(121_000);
    await t.runJobs();

    expect(smtp.attempts.get(ADDRESSES.piotr)).toBe(3);
    const [report, ...more] = t.notifier.dmsTo('koord').filter((m) => m.title === 'E-mail nie dotarł');
    expect(more).toEqual([]);
    expect(report!.text).toContain('Wiadomości „Zwołanie: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 17:00” nie udało się wysłać na adres kontaktowy organizacji „Fundacja Horyzont” mimo 3 prób.');
    expect(report!.text).toContain('Odpowiedź serwera: 550 <[email]>: Recipient address rejected');
    expect(report!.text).not.toContain('@');

    // Given up: never tried again; the outbox keeps neither the address nor the server's quote of it.
    t.clock.advance(3_600_000);
    await t.runJobs();
    expect(smtp.attempts.get(ADDRESSES.piotr)).toBe(3);
    const outbox = await t.app.db.dumpTable('MailOutbox');
    expect(outbox.map((m) => m.status).sort()).toEqual(['failed', 'sent', 'sent']);
    for (const address of Object.values(ADDRESSES)) expect(JSON.stringify(outbox)).not.toContain(address);
    expect(addressesIn(t.logs.raw)).toEqual([]);
    expect(t.logs.lines.filter((l) => l.msg === 'e-mail not delivered')).toHaveLength(4);
  });

  it('sends a convened meeting\'s changes only through its convocation, never as a bare calendar change', async () => {
    await bot();
    await convene();
    const [meeting] = await t.app.db.dumpTable('GeneralMeeting');
    const refused = await t.as('koord').command('meeting', 'change', { meeting: String(meeting!.meetingId), time: '18:00' });
    expect(refused.text).toBe(
      'Walne Spotkanie „Walne Spotkanie Sieci 2026” zostało zwołane z zawiadomieniem do organizacji, więc jego zmianę lub odwołanie wyślij tą samą drogą: poleceniem /assembly change albo /assembly cancel (albo przyciskami „Zmień” i „Odwołaj” pod potwierdzeniem zwołania).',
    );
    expect((await t.as('koord').command('meeting', 'cancel', { meeting: String(meeting!.meetingId) })).errorId).toBe('assembly.errors.convenedElsewhere');
    expect((await t.app.db.dumpTable('Meeting')).map((m) => [m.sequence, m.cancelledAt])).toEqual([[0, null]]);
  });

  it('refuses a date inside the notice period, naming the earliest day, and keeps what was typed', async () => {
    await bot();
    const refused = await convene({ date: '10.03.2026' });
    expect(refused.text).toContain('Zawiadomienie musi dotrzeć do organizacji co najmniej 14 dni przed spotkaniem. Najwcześniejszy możliwy dzień to 16.03.2026.');
    expect(refused.fieldErrors).toEqual({ date: 'Za wcześnie wobec terminu zawiadomienia' });
    expect(await t.app.db.dumpTable('MailOutbox')).toEqual([]);
    expect(t.notifier.dmsTo('jan')).toEqual([]);
    // The form comes back with everything typed; only the date needs fixing.
    const again = await t.as('koord').press(refused, 'Popraw formularz');
    const kept = Object.fromEntries(again.form!.fields.map((f) => [f.name, f.value ?? '']));
    expect(kept).toMatchObject({ date: '10.03.2026', place: 'Gdańsk, ul. Długa 1', agenda: AGENDA });
    const fixed = await t.as('koord').form(again.form!.id, { ...kept, date: '16.03.2026' });
    expect(fixed.title).toBe('Zwołano: Walne Spotkanie Sieci 2026');
  });
});

describe('a cluster whose assembly is its Council', () => {
  it('names the Cluster Council meeting in the title, the chat notice and the e-mail', async () => {
    await bot();
    expect((await t.as('koord').command('setup', 'set', { key: 'assemblyName', value: 'clusterCouncil' })).tone).toBe('success');
    const confirmation = await convene();
    expect(confirmation.title).toBe('Zwołano: Posiedzenie Rady Klastra 2026');
    expect(t.notifier.dmsTo('jan')[0]?.text).toBe('Koordynator klastra zwołuje posiedzenie Rady Klastra. Prosimy o potwierdzenie udziału przyciskiem poniżej.');
    await t.runJobs();
    const [first] = await smtp.waitFor(3);
    expect(first!.mail.subject).toBe('Zwołanie: posiedzenie Rady Klastra, piątek, 20 marca 2026, godz. 17:00');
    expect(first!.mail.text).toContain('koordynator klastra test-cluster zwołuje posiedzenie Rady Klastra.');
  });
});

describe('convening without SMTP', () => {
  it('announces in chat only and says so', async () => {
    t = await castApp(CAST, { start: '2026-03-02T09:00:00Z' });
    const confirmation = await convene();
    expect(confirmation.text).toContain('Wysyłka e-maili nie jest skonfigurowana (SMTP), więc zawiadomienie poszło tylko w komunikatorze.');
    expect(t.notifier.dmsTo('piotr').map((m) => m.title)).toEqual(['Zwołanie: Walne Spotkanie Sieci 2026']);
    expect(await t.app.db.dumpTable('MailOutbox')).toEqual([]);
  });
});
