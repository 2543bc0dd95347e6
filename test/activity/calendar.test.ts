import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetingReminders } from '../../src/jobs/meeting-reminders.ts';
import { startOpsServer } from '../../src/ops/server.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { icsOf, parseIcs } from '../support/ics.ts';
import { memberSince, workingGroup } from './support.ts';
import { applicationForm, applicationId, expectOk } from '../membership/support.ts';

const PUBLIC_URL = 'https://bot.pkes.test';

describe('meetings in calendars', () => {
  let t: TestApp;
  let razem: string;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-10-01T08:00:00Z', jobs: [meetingReminders], env: { PUBLIC_URL } });
    await t.given('anna', { roles: ['coordinator'] });
    razem = await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2025-01-01T00:00:00Z');
    await memberSince(t, 'ewa', 'Fundacja Pomorze', '2025-01-01T00:00:00Z');
    await t.given('lider', {});
    await workingGroup(t, 'Gastronomia', 'lider', [razem]);
  });
  afterEach(() => t.close());

  const meetingId = async (title: string) => String((await t.app.db.dumpTable('Meeting')).find((m) => m.title === title)!.id);

  it('the announcement carries an .ics with the local time on both sides of the October DST change, the place, the link and the zone’s name', async () => {
    const summer = await t.as('anna').command('meeting', 'schedule', {
      kind: 'network',
      title: 'Przed zmianą czasu',
      date: '2026-10-24',
      time: '17:00',
      place: 'Gdańsk, ul. Długa 1',
      link: 'https://meet.example.org/pkes',
    });
    const winter = await t.as('anna').command('meeting', 'schedule', { kind: 'network', title: 'Po zmianie czasu', date: '2026-10-26', time: '17:00', place: 'Sopot' });
    expect(summer.fields?.[0]?.value).toContain('Kiedy: 24.10.2026, 17:00 (czas środkowoeuropejski letni)');
    expect(summer.fields?.[0]?.value).toContain('Online: https://meet.example.org/pkes');
    expect(winter.fields?.[0]?.value).toContain('Kiedy: 26.10.2026, 17:00 (czas środkowoeuropejski standardowy)');

    const [before] = icsOf(summer);
    const [after] = icsOf(winter);
    expect(before!.file.contentType).toBe('text/calendar; charset=utf-8');
    expect(before!.file.filename).toBe('spotkanie-przed-zmiana-czasu-2026-10-24.ics');
    expect(before!.method).toBe('PUBLISH');
    const [e1] = before!.events;
    const [e2] = after!.events;
    // 17:00 in Gdańsk both times: UTC+2 before the change, UTC+1 after it.
    expect(e1).toMatchObject({ localStart: '2026-10-24T17:00:00', zone: 'Europe/Warsaw', summary: 'Przed zmianą czasu', sequence: 0, status: 'CONFIRMED' });
    expect(e1!.start.toISOString()).toBe('2026-10-24T15:00:00.000Z');
    expect(e1!.end.toISOString()).toBe('2026-10-24T17:00:00.000Z');
    expect(e2).toMatchObject({ localStart: '2026-10-26T17:00:00', zone: 'Europe/Warsaw' });
    expect(e2!.start.toISOString()).toBe('2026-10-26T16:00:00.000Z');
    expect(e1!.location).toBe('Gdańsk, ul. Długa 1');
    expect(e1!.url).toBe('https://meet.example.org/pkes');
    expect(e1!.description).toContain('Dołącz online: https://meet.example.org/pkes');
    expect(e1!.uid).toBe(`meeting-${await meetingId('Przed zmianą czasu')}@pkes-bot`);
    expect(e1!.uid).not.toBe(e2!.uid);
  });

  it('a change and a cancellation reach everyone invited as the same event: same UID, SEQUENCE raised, METHOD:CANCEL at the end', async () => {
    await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
    const id = await meetingId('Spotkanie robocze sieci');
    const uid = `meeting-${id}@pkes-bot`;
    t.notifier.clear();

    const changed = await t.as('anna').command('meeting', 'change', { meeting: id, time: '12:30', link: 'https://meet.example.org/x' });
    expect(changed.title).toBe('Zmieniono spotkanie: Spotkanie robocze sieci');
    expect(changed.text).toContain('Powiadomiono 2 osoby');
    const janChange = t.notifier.dmsTo('jan').at(-1)!;
    expect(janChange.title).toBe('Zmiana spotkania: Spotkanie robocze sieci');
    expect(janChange.text).toContain('Poprzednio: 20.10.2026, 10:00 (czas środkowoeuropejski letni)');
    expect(janChange.text).toContain('Kiedy: 20.10.2026, 12:30 (czas środkowoeuropejski letni)');
    const [update] = icsOf(janChange)[0]!.events;
    expect(update).toMatchObject({ uid, sequence: 1, localStart: '2026-10-20T12:30:00', status: 'CONFIRMED', url: 'https://meet.example.org/x' });
    expect(update!.start.toISOString()).toBe('2026-10-20T10:30:00.000Z');
    // The attend buttons of the change still answer for the same meeting.
    expect((await t.as('jan').press(janChange, 'Będę')).tone).toBe('success');

    const same = await t.as('anna').command('meeting', 'change', { meeting: id, time: '12:30' });
    expect(same.errorId).toBe('calendar.errors.nothingChanged');

    // The reminder a week before carries the current version.
    t.clock.set('2026-10-13T11:00:00Z');
    await t.runJobs();
    const reminder = t.notifier.dmsTo('ewa').find((m) => m.title?.startsWith('Za 7 dni'))!;
    expect(icsOf(reminder)[0]!.events[0]).toMatchObject({ uid, sequence: 1, localStart: '2026-10-20T12:30:00' });

    const cancelled = await t.as('anna').command('meeting', 'cancel', { meeting: id, reason: 'Sala niedostępna' });
    expect(cancelled.title).toBe('Odwołano spotkanie: Spotkanie robocze sieci');
    const ewaCancel = t.notifier.dmsTo('ewa').at(-1)!;
    expect(ewaCancel.title).toBe('Odwołane: Spotkanie robocze sieci');
    expect(ewaCancel.text).toContain('Powód: Sala niedostępna');
    const [cancel] = icsOf(ewaCancel);
    expect(cancel!.method).toBe('CANCEL');
    expect(cancel!.events[0]).toMatchObject({ uid, sequence: 2, status: 'CANCELLED' });
    // Called off: no further change, no answers, no reminder the day before.
    expect((await t.as('anna').command('meeting', 'change', { meeting: id, time: '13:00' })).errorId).toBe('meetings.errors.notFound');
    t.notifier.clear();
    t.clock.set('2026-10-19T10:00:00Z');
    await t.runJobs();
    expect(t.notifier.private).toEqual([]);
  });

  it('only who may schedule a meeting may change or cancel it', async () => {
    await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-10-20', time: '10:00', place: 'Sopot' });
    await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-21', time: '10:00', place: 'Gdańsk' });
    const group = await meetingId('Spotkanie grupy „Gastronomia”');
    const network = await meetingId('Spotkanie robocze sieci');
    expect((await t.as('jan').command('meeting', 'cancel', { meeting: group })).errorId).toBe('core.denied.groupLeader');
    expect((await t.as('lider').command('meeting', 'cancel', { meeting: network })).errorId).toBe('meetings.errors.coordinatorOnly');
    const moved = await t.as('lider').command('meeting', 'change', { meeting: group, date: '2026-10-22' });
    expect(moved.text).toContain('Kiedy: 22.10.2026, 10:00');
    // The group's meeting concerns the group's organisations and its leader only.
    expect(t.notifier.dmsTo('jan').at(-1)?.title).toBe('Zmiana spotkania: Spotkanie grupy „Gastronomia”');
    expect(t.notifier.dmsTo('ewa')).toEqual([]);
  });

  it('/group meeting announces with the link, the zone’s name and an .ics file', async () => {
    const reply = await t.as('lider').command('group', 'meeting', { group: 'Gastronomia', starts: '2026-11-05 18:00', place: 'Gdynia', link: 'https://meet.example.org/g' });
    expect(reply.text).toContain('5.11.2026, 18:00 (czas środkowoeuropejski standardowy)');
    expect(reply.text).toContain('Online: https://meet.example.org/g');
    const [file] = icsOf(reply);
    expect(file!.events[0]).toMatchObject({ localStart: '2026-11-05T18:00:00', location: 'Gdynia', url: 'https://meet.example.org/g' });
    expect(file!.events[0]!.description).toContain('Spotkanie grupy roboczej – Gastronomia');
  });

  describe('the subscription feed', () => {
    let base: string;
    let close: () => Promise<void>;
    beforeEach(async () => {
      const server = await startOpsServer(t.app.routes, 0, '127.0.0.1');
      base = `http://127.0.0.1:${server.port}`;
      close = server.close;
    });
    afterEach(() => close());

    const local = (url: string) => url.replace(PUBLIC_URL, base);

    it('answers a valid token with the meetings that person is invited to, with caching headers, and stops after revocation', async () => {
      await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
      await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-10-22', time: '10:00', place: 'Sopot' });

      const reply = await t.as('ewa').command('meeting', 'calendar');
      expect(reply.private).toBe(true);
      const url = /https:\/\/bot\.pkes\.test\/calendar\/[A-Za-z0-9_-]+\.ics/.exec(reply.text ?? '')?.[0];
      expect(url).toBeDefined();
      // Only the token's hash is kept.
      const [row] = await t.app.db.dumpTable('CalendarFeed');
      expect(JSON.stringify(row)).not.toContain(url!.split('/').at(-1)!.replace('.ics', ''));

      const res = await fetch(local(url!));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(res.headers.get('cache-control')).toContain('private');
      const etag = res.headers.get('etag')!;
      const lastModified = res.headers.get('last-modified')!;
      expect(etag).toMatch(/^".+"$/);
      const feed = parseIcs(await res.text());
      expect(feed.name).toBe('Spotkania: test-cluster');
      // Ewa's organisation is not in the group: she sees the network meeting only.
      expect(feed.events.map((e) => e.summary)).toEqual(['Spotkanie robocze sieci']);

      expect((await fetch(local(url!), { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await fetch(local(url!), { headers: { 'if-modified-since': lastModified } })).status).toBe(304);

      // A change shows in the feed: same UID, next SEQUENCE, and the old ETag no longer matches.
      t.clock.set('2026-10-02T08:00:00Z');
      await t.as('anna').command('meeting', 'change', { meeting: await meetingId('Spotkanie robocze sieci'), place: 'Gdynia' });
      const again = await fetch(local(url!), { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(200);
      expect(parseIcs(await again.text()).events[0]).toMatchObject({ sequence: 1, location: 'Gdynia' });

      expect((await fetch(local(url!).replace(/[A-Za-z0-9_-]{6}\.ics$/, 'AAAAAA.ics'))).status).toBe(404);

      const revoked = await t.as('ewa').press(reply, 'Unieważnij moje adresy kalendarza');
      expect(revoked.text).toBe('Unieważniono 1 adres kalendarza. Nowy wygenerujesz poleceniem /meeting calendar.');
      expect((await fetch(local(url!))).status).toBe(404);
      // Another person's press revokes only their own addresses.
      expect((await t.as('jan').press(reply, 'Unieważnij moje adresy kalendarza')).text).toBe('Nie masz żadnego ważnego adresu kalendarza.');
    });

    it('a person who erases their data takes their subscriptions with them', async () => {
      await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
      const url = /https:\S+\.ics/.exec((await t.as('ewa').command('meeting', 'calendar')).text ?? '')![0];
      expect((await fetch(local(url))).status).toBe(200);
      const confirm = await t.as('ewa').press(await t.as('ewa').command('privacy'), 'Usuń moje dane');
      expect((await t.as('ewa').press(confirm, 'Tak, usuń nieodwracalnie')).tone).toBe('success');
      expect((await fetch(local(url))).status).toBe(404);
      expect(await t.app.db.dumpTable('CalendarFeed')).toEqual([]);
    });

    it('the group’s members see the group’s meeting, and a cancelled one stays in the feed as cancelled', async () => {
      await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-10-22', time: '10:00', place: 'Sopot' });
      const url = /https:\S+\.ics/.exec((await t.as('jan').command('meeting', 'calendar')).text ?? '')![0];
      await t.as('lider').command('meeting', 'cancel', { meeting: await meetingId('Spotkanie grupy „Gastronomia”') });
      const feed = parseIcs(await (await fetch(local(url))).text());
      expect(feed.events).toHaveLength(1);
      expect(feed.events[0]).toMatchObject({ summary: 'Spotkanie grupy „Gastronomia”', status: 'CANCELLED', sequence: 1 });
    });
  });

  it('the General Meeting’s convocation and its cancellation carry the meeting’s .ics, as the same event', async () => {
    expectOk(await t.as('anna').command('assembly', 'convene', { date: '2026-10-20', time: '17:00', place: 'Gdańsk, ul. Długa 1', agenda: 'Otwarcie' }));
    const id = String((await t.app.db.dumpTable('Meeting')).find((m) => m.kind === 'general')!.id);
    const [convened] = icsOf(t.notifier.dmsTo('jan').at(-1)!);
    expect(convened!.events[0]).toMatchObject({ uid: `meeting-${id}@pkes-bot`, sequence: 0, localStart: '2026-10-20T17:00:00', status: 'CONFIRMED' });
    expect(icsOf(t.notifier.channel.at(-1)!.message)).toHaveLength(1);
    expectOk(await t.as('anna').command('assembly', 'cancel', { meeting: id, reason: 'Brak sali' }));
    const [cancelled] = icsOf(t.notifier.dmsTo('jan').at(-1)!);
    expect(cancelled!.method).toBe('CANCEL');
    expect(cancelled!.events[0]).toMatchObject({ uid: `meeting-${id}@pkes-bot`, sequence: 1, status: 'CANCELLED' });
  });

  it('the invitation to an application’s introductory meeting carries its own .ics', async () => {
    await t.as('ola').form('apply', applicationForm({ org_name: 'Fundacja Wrzos' }));
    const id = await applicationId(t, 'Fundacja Wrzos');
    expectOk(await t.as('anna').command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' }));
    expectOk(await t.as('anna').command('applications', 'recommend', { application: id, recommendation: 'accept', note: 'Dobre dopasowanie.' }));
    expectOk(await t.as('anna').command('applications', 'meeting', { application: id, when: '2026-11-03 10:00', place: 'Gdańsk, ul. Długa 1' }));
    const invitation = t.notifier.dmsTo('ola').at(-1)!;
    const [file] = icsOf(invitation);
    expect(file!.events[0]).toMatchObject({ uid: `introduction-${id}@pkes-bot`, summary: 'Spotkanie zapoznawcze – organizacja „Fundacja Wrzos”', localStart: '2026-11-03T10:00:00', location: 'Gdańsk, ul. Długa 1' });
    expect(file!.events[0]!.start.toISOString()).toBe('2026-11-03T09:00:00.000Z');
  });

  it('without a public address the person gets the calendar as a file', async () => {
    const bare = await createTestApp({ start: '2026-10-01T08:00:00Z', jobs: [] });
    try {
      await bare.given('anna', { roles: ['coordinator'] });
      await bare.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
      const reply = await bare.as('anna').command('meeting', 'calendar');
      expect(reply.text).toContain('Bot nie ma publicznego adresu');
      const [file] = icsOf(reply);
      expect(file!.file.filename).toBe('kalendarz-anna.ics');
      expect(file!.events.map((e) => e.localStart)).toEqual(['2026-10-20T10:00:00']);
      expect(await bare.app.db.dumpTable('CalendarFeed')).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
