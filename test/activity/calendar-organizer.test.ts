import { describe, expect, it } from 'vitest';
import { startOpsServer } from '../../src/ops/server.ts';
import { appPerTest, createTestApp } from '../support/harness.ts';
import { icsOf, parseIcs } from '../support/ics.ts';
import { memberSince } from './support.ts';

const PUBLIC_URL = 'https://bot.pkes.test';
const MAIL_FROM = 'PKES – koordynator <koordynator@pkes.example.org>';

async function cluster(env: Record<string, string>) {
  const t = await createTestApp({ start: '2026-10-01T08:00:00Z', jobs: [], env: { PUBLIC_URL, ...env } });
  await t.given('anna', { roles: ['coordinator'] });
  await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2025-01-01T00:00:00Z');
  return t;
}

describe('the organiser in a meeting’s calendar file', () => {
  describe('with a mail sender configured (MAIL_FROM)', () => {
    const t = appPerTest(() => cluster({ MAIL_FROM }));

    it('the announcement, the change, the cancellation and the feed name the cluster as organiser at the sender’s address, with no attendee to answer for', async () => {
      const scheduled = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
      const [file] = icsOf(scheduled);
      // PUBLISH without ATTENDEE: clients add the event to the calendar and offer no RSVP by e-mail.
      expect(file!.method).toBe('PUBLISH');
      expect(file!.events[0]).toMatchObject({ organizer: 'mailto:koordynator@pkes.example.org', organizerName: 'test-cluster', attendees: 0 });

      const id = String((await t.app.db.dumpTable('Meeting'))[0]!.id);
      await t.as('anna').command('meeting', 'change', { meeting: id, time: '12:00' });
      expect(icsOf(t.notifier.dmsTo('jan').at(-1)!)[0]!.events[0]).toMatchObject({ organizer: 'mailto:koordynator@pkes.example.org', sequence: 1 });
      await t.as('anna').command('meeting', 'cancel', { meeting: id });
      const [cancel] = icsOf(t.notifier.dmsTo('jan').at(-1)!);
      expect(cancel!.method).toBe('CANCEL');
      // RFC 5546 wants the organiser in a CANCEL: the same organiser as the event it cancels.
      expect(cancel!.events[0]).toMatchObject({ organizer: 'mailto:koordynator@pkes.example.org', organizerName: 'test-cluster', status: 'CANCELLED' });

      const server = await startOpsServer(t.app.routes, 0, '127.0.0.1');
      try {
        await t.as('anna').command('meeting', 'schedule', { kind: 'network', title: 'Drugie', date: '2026-10-27', time: '10:00', place: 'Gdynia' });
        const url = /https:\/\/bot\.pkes\.test\/calendar\/[A-Za-z0-9_-]+\.ics/.exec((await t.as('jan').command('meeting', 'calendar')).text ?? '')![0];
        const feed = parseIcs(await (await fetch(url.replace(PUBLIC_URL, `http://127.0.0.1:${server.port}`))).text());
        expect(feed.events.map((e) => [e.summary, e.organizer])).toContainEqual(['Drugie', 'mailto:koordynator@pkes.example.org']);
      } finally {
        await server.close();
      }
    });
  });

  describe('without a mail sender', () => {
    const t = appPerTest(() => cluster({}));

    it('names no organiser: no made-up address for a calendar to write to', async () => {
      const scheduled = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
      const [file] = icsOf(scheduled);
      expect(file!.events[0]).toMatchObject({ organizer: '', attendees: 0, summary: 'Spotkanie robocze sieci' });
      expect(file!.file.data.toString('utf8')).not.toContain('ORGANIZER');
    });
  });
});
