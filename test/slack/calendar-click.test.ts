import { describe, expect, it } from 'vitest';
import { parseIcs } from '../support/ics.ts';
import { buttonLabels, shown, type Message } from './client.ts';
import { BOT, JAN, KOORD, slackWorkspacePerTest } from './workspace.ts';

/**
 * Meetings in calendars on Slack: one slash command from the manifest, then only what the bot
 * posted. The .ics goes up with files.uploadV2 where the message went (a private one to the
 * person's DM); Slack has no event list of its own, so nothing is mirrored.
 */

const PUBLIC_URL = 'https://bot.pkes.test';

/** The calendar inside an uploaded file (the upload may wrap it as multipart). */
const calendarIn = (data: string) => parseIcs(data.slice(data.indexOf('BEGIN:VCALENDAR'), data.lastIndexOf('END:VCALENDAR') + 'END:VCALENDAR'.length));

/** The labels of the select menu a message offers. */
const optionsOf = (m: Message) => m.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).flatMap((e) => (e.options ?? []).map((o) => o.text.text));

describe('Slack: meetings in calendars', () => {
  const w = slackWorkspacePerTest(
    { coordinator: KOORD, start: '2026-10-01T08:00:00Z', env: { PUBLIC_URL }, channels: { [BOT]: 'bot' }, settings: { channels: { bot: BOT } } },
    async (w) => {
      await w.represents(JAN, 'Spółdzielnia Socjalna Razem');
    },
  );

  it('the announcement and the change carry the .ics; the change is chosen from the list the bot posted, and Jan answers from its DM', async () => {
    const scheduled = await w.ws.slash(KOORD, '/pkes-meeting schedule kind:network date:2026-10-20 time:10:00 place:"Gdańsk" link:https://meet.example.org/x');
    const post = scheduled.messages.find((m) => m.channel === 'C0GENERAL' && !m.only)!;
    expect(shown(post)).toContain('20.10.2026, 10:00 (czas środkowoeuropejski letni)');
    const announced = w.ws.files.find((f) => f.channel === 'C0GENERAL')!;
    expect(announced.filename).toBe('spotkanie-spotkanie-robocze-sieci-2026-10-20.ics');
    expect(calendarIn(announced.data).events[0]).toMatchObject({ localStart: '2026-10-20T10:00:00', sequence: 0, url: 'https://meet.example.org/x' });

    const list = (await w.ws.slash(KOORD, '/pkes-meeting change time:12:30')).messages.find((m) => m.only === KOORD)!;
    const [meeting] = optionsOf(list);
    const changed = await w.ws.choose(KOORD, list, meeting!);
    expect(shown(changed.messages.find((m) => m.only === KOORD))).toContain('Zmieniono spotkanie: Spotkanie robocze sieci');
    const notice = w.ws.last(JAN, 'Zmiana spotkania', { channel: w.ws.dm(JAN) });
    expect(buttonLabels(notice)).toEqual(['Będę', 'Nie będę']);
    const janFile = w.ws.files.find((f) => f.channel === w.ws.dm(JAN))!;
    const [update] = calendarIn(janFile.data).events;
    expect(update).toMatchObject({ localStart: '2026-10-20T12:30:00', sequence: 1 });
    expect(update!.uid).toBe(calendarIn(announced.data).events[0]!.uid);
    // The coordinator's own copy of a private answer goes to their DM, not the channel.
    expect(w.ws.files.filter((f) => f.channel === 'C0GENERAL')).toHaveLength(1);

    await w.ws.press(JAN, notice, 'Będę');
    expect(await w.app.app.db.dumpTable('MeetingResponse')).toMatchObject([{ answer: 'yes' }]);
  });

  it('/pkes-meeting calendar answers privately with the address and a revoke button that works', async () => {
    const reply = (await w.ws.slash(JAN, '/pkes-meeting calendar')).messages.find((m) => m.only === JAN)!;
    expect(shown(reply)).toMatch(/https:\/\/bot\.pkes\.test\/calendar\/\S+\.ics/);
    expect(await w.app.app.db.dumpTable('CalendarFeed')).toMatchObject([{ revokedAt: null }]);
    const revoked = await w.ws.press(JAN, reply, 'Unieważnij moje adresy kalendarza');
    expect(shown(revoked.messages.find((m) => m.only === JAN))).toContain('Unieważniono 1 adres kalendarza');
    expect((await w.app.app.db.dumpTable('CalendarFeed'))[0]!.revokedAt).not.toBeNull();
  });
});
