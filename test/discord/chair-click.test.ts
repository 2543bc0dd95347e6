import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, textOf, type Shown } from './client.ts';
import { ANNOUNCEMENTS, discordServerPerTest, EWA, GENERAL_MEETING_SERVER, KASIA, OLA } from './server.ts';
import {  } from './support.ts';

/**
 * Chair mode on Discord: one /chair run, then only the buttons, selects and the modal the bot
 * sent, from the attendance to a closed item, with an online ballot merged in between.
 */

describe('Discord click-through: chairing the General Meeting', () => {
  const server = discordServerPerTest(
    { ...GENERAL_MEETING_SERVER, members: [...GENERAL_MEETING_SERVER.members, [OLA, 'CIS Wejherowo']] },
    async ({ cluster, d }) => {
      recordTyped({ title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk' });
      await d.t.app.services.meetings.schedule(cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk', agenda: '1. Plan' });
      d.t.clock.set('2026-03-10T16:05:00Z');
    },
  );

  it('marks presence, opens the item, records the room by pickers, merges an online ballot, counts the urn in a modal, closes', async () => {
    const kasia = server.as(KASIA);
    // Motions on the agenda, created before the meeting reaches them.
    await kasia.command('/motion create', { title: 'Plan działań na 2026', opens: '10.03.2026 20:00', closes: '10.03.2026 21:00' });
    await kasia.command('/motion create', { title: 'Wybór logo', opens: '10.03.2026 20:00', closes: '10.03.2026 21:00', secret: true, ballot: 'single', choices: 'Fala; Kotwica' });

    let panel: Shown = (await kasia.command('/chair run')).message;
    expect(buttonLabels(panel)).toEqual(['Obecni na sali', 'Obecni online', '1. Plan działań na 2026', '2. Wybór logo']);
    panel = (await kasia.choose((await kasia.press(panel, 'Obecni na sali')).message, ['Spółdzielnia Socjalna Razem', 'CIS Wejherowo'])).message;
    expect(textOf(panel)).toContain('Zapisano obecność na sali: 2 organizacje.');
    panel = (await kasia.choose((await kasia.press(panel, 'Obecni online')).message, ['Fundacja Pomorska'])).message;
    expect(textOf(panel)).toContain('Online (1 organizacja)');

    // An open ballot: opened from the item, the room recorded by option, Ewa online from her DM.
    let item = (await kasia.press(panel, '1. Plan działań na 2026')).message;
    item = (await kasia.press(item, 'Otwórz głosowanie')).message;
    const notice = server.discord.last(server.discord.dmsTo(EWA.id), 'Głosowanie otwarte: Plan działań na 2026');
    expect(textOf((await server.as(EWA).press(notice, 'Przeciw')).message)).toContain('Fundacja Pomorska');
    const choose = (await kasia.press(item, 'Na sali: Za')).message;
    item = (await kasia.choose(choose, ['CIS Wejherowo', 'Spółdzielnia Socjalna Razem'])).message;
    expect(textOf(item)).toContain('Zapisano głosy z sali: CIS Wejherowo, Spółdzielnia Socjalna Razem.');
    expect(textOf(item)).toContain('na sali: 2, online: 1, uprawnionych: 3');
    item = (await kasia.press(item, 'Zamknij punkt')).message;
    expect(textOf(item)).toContain('Uchwała została przyjęta.');

    // A secret ballot: paper ballots taken, the urn's count in a modal, then closed.
    panel = (await kasia.press(item, 'Wróć do panelu')).message;
    item = (await kasia.press(panel, '2. Wybór logo')).message;
    item = (await kasia.press(item, 'Otwórz głosowanie')).message;
    const paper = (await kasia.press(item, 'Wydaj karty do głosowania')).message;
    item = (await kasia.choose(paper, ['CIS Wejherowo', 'Spółdzielnia Socjalna Razem'])).message;
    const modal = (await kasia.press(item, 'Wpisz wynik z urny')).modal;
    item = (await kasia.submit(modal, { option1: '1', option2: '1' })).message;
    expect(textOf(item)).toContain('Zapisano wynik z urny. Kart pustych lub nieważnych: 0.');
    item = (await kasia.press(item, 'Zamknij punkt')).message;
    expect(textOf(item)).toMatch(/Fala: 1, Kotwica: 1/);
    const result = server.discord.last(server.discord.postsIn(ANNOUNCEMENTS), 'Wynik głosowania: Wybór logo');
    expect(textOf(result)).toContain('Uchwała nie została przyjęta.');
  });
});
