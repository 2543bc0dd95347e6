import { describe, expect, it } from 'vitest';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, textOf } from './client.ts';
import { discordServerPerTest } from './server.ts';
import { type Who } from './support.ts';

/**
 * `/meeting schedule` registers the General Meeting as one of its kinds: chosen there, it is
 * convened as by `/assembly convene` (its convocation, the notice to each organisation, the
 * statutory notice period), not a bare meeting that no organisation hears of.
 */

const KASIA: Who = { id: '300000000000000401', name: 'Kasia' };
const JAN: Who = { id: '300000000000000402', name: 'Jan' };
const BOT_CHANNEL = '600000000000000031';
const ANNOUNCEMENTS = '600000000000000032';

describe('Discord: the General Meeting chosen in /meeting schedule', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: BOT_CHANNEL, announcements: ANNOUNCEMENTS }, members: [[JAN, 'Spółdzielnia Socjalna Razem']], start: '2026-03-02T09:00:00Z' });

  it('is convened: the convocation, the notice in the representative’s DM, Zmień and Odwołaj; too soon is refused by the notice period', async () => {
    const kasia = server.as(KASIA);
    recordTyped({ place: 'Gdańsk, ul. Długa 1', agenda: 'Sprawozdanie z działalności' });
    const soon = (await kasia.command('/meeting schedule', { kind: 'general', date: '10.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1' })).message;
    expect(textOf(soon)).toContain('co najmniej 14 dni');
    expect(await server.d.t.app.db.dumpTable('Meeting')).toEqual([]);

    const confirmation = (await kasia.command('/meeting schedule', { kind: 'general', date: '20.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1', agenda: 'Sprawozdanie z działalności' })).message;
    expect(textOf(confirmation)).toContain('Zwołano: Walne Spotkanie Sieci 2026');
    expect(buttonLabels(confirmation)).toEqual(['Zmień', 'Odwołaj']);
    const [meeting] = await server.d.t.app.db.dumpTable('Meeting');
    expect(meeting).toMatchObject({ kind: 'general', title: 'Walne Spotkanie Sieci 2026' });
    expect(await server.d.t.app.db.dumpTable('GeneralMeeting')).toMatchObject([{ meetingId: meeting!.id, status: 'convened' }]);
    expect(textOf(server.discord.last(server.discord.dmsTo(JAN.id), 'Zwołanie: Walne Spotkanie Sieci 2026'))).toContain('1. Sprawozdanie z działalności');

    // A General Meeting has no seat limit: every organisation may come.
    const seats = (await kasia.command('/meeting schedule', { kind: 'general', date: '27.03.2026', time: '17:00', place: 'Gdynia', capacity: 20 })).message;
    expect(textOf(seats)).toContain('bez limitu miejsc');
    expect(await server.d.t.app.db.dumpTable('GeneralMeeting')).toHaveLength(1);
  });
});
