import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buttonLabels, textOf } from './client.ts';
import { discordServerPerTest, EWA, GENERAL_MEETING_SERVER, JAN, KASIA } from './server.ts';
import {  } from './support.ts';

/**
 * Issue 20, point 5, on Discord: a motion's tasks added from its card ("Dodaj zadanie", a modal
 * with the owner chosen from a list), its owners told when it passes, reminded, and reporting
 * progress from the buttons on those messages; `/motion outcomes` offers a member its own tasks.
 * Only registered commands, and only components the bot sent.
 */

describe('Discord click-through: a passed motion\'s tasks', () => {
  const server = discordServerPerTest(
    GENERAL_MEETING_SERVER,
    async ({ cluster, d }) => {
      await d.t.app.services.meetings.schedule(cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk, ul. Długa 1', agenda: '1. Otwarcie' });
    },
  );

  it('adds tasks from the motion card, tells the owners when it passes, and takes their progress from the notice, the reminder and /motion outcomes', async () => {
    const kasia = server.as(KASIA);
    const [meeting] = await kasia.autocomplete('/motion create', 'meeting', 'walne');
    const created = (await kasia.command('/motion create', { title: 'Wspólny katalog usług', closes: '09.03.2026 18:00', meeting: meeting!.value })).message;
    expect(buttonLabels(created)).toEqual(['Zamknij głosowanie', 'Dodaj zadanie']);

    // Two tasks, each from the card's button: the owner is chosen from the modal's list.
    const first = (await kasia.press(created, 'Dodaj zadanie')).modal;
    const added = (await kasia.submit(first, { title: 'Przygotować katalog usług', owner: 'Fundacja Pomorska (organizacja)', due: '20.03.2026' })).message;
    expect(textOf(added)).toContain('Dodano zadanie „Przygotować katalog usług”');
    const second = (await kasia.press(added, 'Dodaj kolejne zadanie')).modal;
    await kasia.submit(second, { title: 'Zebrać ceny cateringu', owner: 'Spółdzielnia Socjalna Razem (organizacja)', due: '25.03.2026' });

    // The vote, pressed on the DMs; the coordinator closes it from the card.
    await server.as(JAN).press(server.discord.last(server.discord.dmsTo(JAN.id), 'Głosowanie otwarte'), 'Za');
    await server.as(EWA).press(server.discord.last(server.discord.dmsTo(EWA.id), 'Głosowanie otwarte'), 'Za');
    const closed = (await kasia.press(created, 'Zamknij głosowanie')).message;
    expect(textOf(closed)).toContain('Uchwała została przyjęta.');

    // Ewa's organisation is told, and reports it done from that message with a note.
    const notice = server.discord.last(server.discord.dmsTo(EWA.id), 'Nowe zadanie z uchwały: Przygotować katalog usług');
    expect(buttonLabels(notice)).toEqual(['W toku', 'Zrobione']);
    const done = (await server.as(EWA).press(notice, 'Zrobione')).modal;
    const reported = (await server.as(EWA).submit(done, { note: 'Katalog wysłany członkom.' })).message;
    expect(textOf(reported)).toContain('Zapisano: zadanie „Przygotować katalog usług” zostało wykonane.');
    expect(textOf(server.discord.last(server.discord.dmsTo(KASIA.id), 'Zadanie wykonane: Przygotować katalog usług'))).toContain('Katalog wysłany członkom.');

    // Three days before Jan's due date (22.03, 9:00 Warsaw), the reminder, with the same buttons.
    server.d.t.clock.set('2026-03-22T08:00:00Z');
    await server.d.t.runJobs();
    const reminder = server.discord.last(server.discord.dmsTo(JAN.id), 'Zbliża się termin zadania: Zebrać ceny cateringu');
    const started = (await server.as(JAN).press(reminder, 'W toku')).modal;
    expect(textOf((await server.as(JAN).submit(started, { note: 'Zapytania wysłane do pięciu firm.' })).message)).toContain('jest w toku');

    // /motion outcomes lists both with their status and offers Jan his own to finish.
    const outcomes = (await server.as(JAN).command('/motion outcomes')).message;
    expect(textOf(outcomes)).toContain('Przygotować katalog usług – Fundacja Pomorska (organizacja), termin: 20.03.2026, stan: zrobione.');
    expect(textOf(outcomes)).toContain('Zebrać ceny cateringu – Spółdzielnia Socjalna Razem (organizacja), termin: 25.03.2026, stan: w toku.');
    const card = (await server.as(JAN).choose(outcomes, ['Zebrać ceny cateringu'])).message;
    expect(buttonLabels(card)).toEqual(['Zrobione']);
    const finish = (await server.as(JAN).press(card, 'Zrobione')).modal;
    expect(textOf((await server.as(JAN).submit(finish, {})).message)).toContain('zostało wykonane');
    const [row] = (await server.d.t.app.db.dumpTable('MotionTask')).filter((r) => r.title === 'Zebrać ceny cateringu');
    expect(row).toMatchObject({ status: 'done', note: 'Zapytania wysłane do pięciu firm.' });
  });
});
