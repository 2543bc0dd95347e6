import { describe, expect, it } from 'vitest';
import { parseIcs } from '../support/ics.ts';
import { textOf } from './client.ts';
import { BOT_CHANNEL, discordServerPerTest, JAN, KASIA } from './server.ts';
import { GUILD } from './support.ts';

/**
 * Meetings on Discord: the announcement carries its .ics, the meeting is mirrored as a guild
 * scheduled event (created, edited, cancelled with it; every body checked against Discord's
 * OpenAPI by support.ts), changes reach the invited with the attend buttons, and the calendar
 * address is served by the interactions endpoint itself. One slash command per flow, then only
 * what the bot showed.
 */

const VOICE = '700000000000000777';
const PUBLIC_URL = 'https://bot.pkes.test';

describe('Discord: meetings in calendars and among the server’s events', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: BOT_CHANNEL }, members: [[JAN, 'Spółdzielnia Socjalna Razem']], start: '2026-10-01T08:00:00Z', env: { PUBLIC_URL } });

  it('schedules, changes and cancels a meeting: the guild scheduled event follows it, the invited get the file and the buttons', async () => {
    const events = server.discord.eventCalls;
    const kasia = server.as(KASIA);
    const jan = server.as(JAN);

    const announced = (
      await kasia.command('/meeting schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk, ul. Długa 1', link: 'https://meet.example.org/pkes' })
    ).message;
    expect(textOf(announced)).toContain('Kiedy: 20.10.2026, 10:00 (czas środkowoeuropejski letni)');
    expect(announced.files).toEqual(['spotkanie-spotkanie-robocze-sieci-2026-10-20.ics']);
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toMatchObject({
      name: 'Spotkanie robocze sieci',
      scheduled_start_time: '2026-10-20T08:00:00.000Z',
      scheduled_end_time: '2026-10-20T10:00:00.000Z',
      privacy_level: 2,
      entity_type: 3,
      entity_metadata: { location: 'Gdańsk, ul. Długa 1 · https://meet.example.org/pkes' },
    });
    const [row] = await server.d.t.app.db.dumpTable('Meeting');
    const eventId = String(row!.platformEventId);
    expect(eventId).toMatch(/^\d+$/);

    // The coordinator moves it to a voice channel of the server, picking the meeting from the list.
    const [choice] = await kasia.autocomplete('/meeting change', 'meeting', 'robocze');
    const changed = (await kasia.command('/meeting change', { meeting: choice!.value, time: '12:30', link: `https://discord.com/channels/${GUILD}/${VOICE}` })).message;
    expect(textOf(changed)).toContain('Zmieniono spotkanie: Spotkanie robocze sieci');
    expect(events[1]).toMatchObject({ method: 'PATCH', eventId, body: { scheduled_start_time: '2026-10-20T10:30:00.000Z', entity_type: 2, channel_id: VOICE } });

    const notice = server.discord.last(server.discord.dmsTo(JAN.id), 'Zmiana spotkania: Spotkanie robocze sieci');
    expect(textOf(notice)).toContain('Poprzednio: 20.10.2026, 10:00 (czas środkowoeuropejski letni)');
    expect(notice.files).toEqual(['spotkanie-spotkanie-robocze-sieci-2026-10-20.ics']);
    expect(textOf((await jan.press(notice, 'Będę')).message)).toContain('będzie na spotkaniu');
    // The bot's answer is the record; Discord's "interested" list is not read.
    expect(await server.d.t.app.db.dumpTable('MeetingResponse')).toHaveLength(1);

    await kasia.autocomplete('/meeting cancel', 'meeting', '');
    const cancelled = (await kasia.command('/meeting cancel', { meeting: choice!.value, reason: 'Sala niedostępna' })).message;
    expect(textOf(cancelled)).toContain('Odwołano spotkanie: Spotkanie robocze sieci');
    expect(events[2]).toEqual({ method: 'PATCH', eventId, body: { status: 4 } });
    expect(textOf(server.discord.last(server.discord.dmsTo(JAN.id), 'Odwołane'))).toContain('Powód: Sala niedostępna');
    expect(events).toHaveLength(3);
    expect(server.discord.scheduledEvents).toMatchObject([{ id: eventId, status: 4, entity_type: 2, channel_id: VOICE }]);
  });

  it('the General Meeting convened and cancelled with /assembly is mirrored too, its notices carrying the .ics', async () => {
    const kasia = server.as(KASIA);
    await kasia.command('/assembly convene', { date: '2026-10-20', time: '17:00', place: 'Gdańsk, ul. Długa 1' });
    const notice = server.discord.dmsTo(JAN.id).at(-1)!;
    expect(notice.files?.[0]).toMatch(/\.ics$/);
    expect(server.discord.eventCalls).toMatchObject([{ method: 'POST', body: { scheduled_start_time: '2026-10-20T15:00:00.000Z', entity_metadata: { location: 'Gdańsk, ul. Długa 1' } } }]);
    const [session] = await kasia.autocomplete('/assembly cancel', 'meeting', '');
    await kasia.command('/assembly cancel', { meeting: session!.value, reason: 'Brak sali' });
    expect(server.discord.eventCalls.at(-1)).toMatchObject({ method: 'PATCH', body: { status: 4 } });
    expect(server.discord.scheduledEvents).toMatchObject([{ status: 4 }]);
  });

  it('tells the coordinator once when the bot may not create events, and the meetings still work', async () => {
    server.discord.eventsRefused = true;
    const events = server.discord.eventCalls;
    const kasia = server.as(KASIA);
    await kasia.command('/meeting schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
    await kasia.command('/meeting schedule', { kind: 'team', date: '2026-10-21', time: '10:00', place: 'Sopot' });
    expect(events.map((e) => e.method)).toEqual(['POST', 'POST']);
    const told = server.discord.dmsTo(KASIA.id).filter((m) => textOf(m).includes('Spotkania nie pojawiają się w wydarzeniach serwera'));
    expect(told).toHaveLength(1);
    expect(textOf(told[0]!)).toContain('Tworzenie wydarzeń');
    expect((await server.d.t.app.db.dumpTable('Meeting')).map((m) => m.platformEventId)).toEqual([null, null]);
  });

  it('/meeting calendar gives a private address served by the interactions endpoint; the button revokes it', async () => {
    const kasia = server.as(KASIA);
    await kasia.command('/meeting schedule', { kind: 'network', date: '2026-10-20', time: '10:00', place: 'Gdańsk' });
    const jan = server.as(JAN);
    const reply = (await jan.command('/meeting calendar')).message;
    expect(reply.onlyFor).toBe(JAN.id);
    const url = /https:\/\/bot\.pkes\.test\/calendar\/\S+\.ics/.exec(textOf(reply))![0];
    const local = url.replace(PUBLIC_URL, `http://127.0.0.1:${server.d.adapter.port()}`);
    const res = await fetch(local);
    expect(res.status).toBe(200);
    expect(parseIcs(await res.text()).events.map((e) => e.localStart)).toEqual(['2026-10-20T10:00:00']);
    const revoked = (await jan.press(reply, 'Unieważnij moje adresy kalendarza')).message;
    expect(textOf(revoked)).toContain('Unieważniono 1 adres kalendarza');
    expect((await fetch(local)).status).toBe(404);
  });
});
