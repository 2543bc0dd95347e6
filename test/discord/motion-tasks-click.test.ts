import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deploy.ts';
import { createRest } from '../../src/adapters/discord/rest.ts';
import { recordTyped } from '../support/rendered.ts';
import { DiscordClient, DiscordStandIn, buttonLabels, snowflake, textOf } from './client.ts';
import { API, APP_ID, GUILD, discordTest, type DiscordTest, type Who } from './support.ts';

/**
 * Issue 20, point 5, on Discord: a motion's tasks added from its card ("Dodaj zadanie", a modal
 * with the owner chosen from a list), its owners told when it passes, reminded, and reporting
 * progress from the buttons on those messages; `/motion outcomes` offers a member its own tasks.
 * Only registered commands, and only components the bot sent.
 */

const KASIA: Who = { id: '300000000000000101', name: 'Kasia' };
const JAN: Who = { id: '300000000000000103', name: 'Jan' };
const EWA: Who = { id: '300000000000000104', name: 'Ewa' };
const BOT_CHANNEL = '600000000000000001';
const ANNOUNCEMENTS = '600000000000000002';
const ROLES = [
  { id: '500000000000000001', name: 'Członek PKES' },
  { id: '500000000000000002', name: 'Członek główny' },
  { id: '500000000000000003', name: 'Członek wspierający' },
];

describe('Discord click-through: a passed motion\'s tasks', () => {
  let d: DiscordTest;
  let discord: DiscordStandIn;
  const as = (who: Who) => new DiscordClient(d, discord, who);

  beforeEach(async () => {
    d = await discordTest('http');
    discord = new DiscordStandIn(ROLES);
    discord.install();
    await deployCommands(createRest(d.t.app.config), { DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD }, commands);
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    await d.t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: BOT_CHANNEL, announcements: ANNOUNCEMENTS } });
    const kasia = await d.t.app.services.people.ensure(cluster.id, KASIA.id, KASIA.name);
    await d.t.app.services.people.grantRole(cluster.id, kasia.id, 'coordinator', null);
    for (const [who, org] of [
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ] as const) {
      recordTyped(org);
      const person = await d.t.app.services.people.ensure(cluster.id, who.id, who.name);
      await d.t.app.services.seeding.representativeOf(cluster.id, person.id, org, 'main');
    }
    // The scheduler mirrors the General Meeting as the server's scheduled event (not what this test is about).
    nock(API)
      .persist()
      .post(`/v10/guilds/${GUILD}/scheduled-events`)
      .reply((_uri, body) => [200, { id: snowflake(), guild_id: GUILD, status: 1, ...(body as object) }]);
    await d.t.app.services.meetings.schedule(cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk, ul. Długa 1', agenda: '1. Otwarcie' });
  });
  afterEach(async () => {
    await d.close();
  });

  it('adds tasks from the motion card, tells the owners when it passes, and takes their progress from the notice, the reminder and /motion outcomes', async () => {
    const kasia = as(KASIA);
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
    await as(JAN).press(discord.last(discord.dmsTo(JAN.id), 'Głosowanie otwarte'), 'Za');
    await as(EWA).press(discord.last(discord.dmsTo(EWA.id), 'Głosowanie otwarte'), 'Za');
    const closed = (await kasia.press(created, 'Zamknij głosowanie')).message;
    expect(textOf(closed)).toContain('Uchwała została przyjęta.');

    // Ewa's organisation is told, and reports it done from that message with a note.
    const notice = discord.last(discord.dmsTo(EWA.id), 'Nowe zadanie z uchwały: Przygotować katalog usług');
    expect(buttonLabels(notice)).toEqual(['W toku', 'Zrobione']);
    const done = (await as(EWA).press(notice, 'Zrobione')).modal;
    const reported = (await as(EWA).submit(done, { note: 'Katalog wysłany członkom.' })).message;
    expect(textOf(reported)).toContain('Zapisano: zadanie „Przygotować katalog usług” zostało wykonane.');
    expect(textOf(discord.last(discord.dmsTo(KASIA.id), 'Zadanie wykonane: Przygotować katalog usług'))).toContain('Katalog wysłany członkom.');

    // Three days before Jan's due date (22.03, 9:00 Warsaw), the reminder, with the same buttons.
    d.t.clock.set('2026-03-22T08:00:00Z');
    await d.t.runJobs();
    const reminder = discord.last(discord.dmsTo(JAN.id), 'Zbliża się termin zadania: Zebrać ceny cateringu');
    const started = (await as(JAN).press(reminder, 'W toku')).modal;
    expect(textOf((await as(JAN).submit(started, { note: 'Zapytania wysłane do pięciu firm.' })).message)).toContain('jest w toku');

    // /motion outcomes lists both with their status and offers Jan his own to finish.
    const outcomes = (await as(JAN).command('/motion outcomes')).message;
    expect(textOf(outcomes)).toContain('Przygotować katalog usług – Fundacja Pomorska (organizacja), termin: 20.03.2026, stan: zrobione.');
    expect(textOf(outcomes)).toContain('Zebrać ceny cateringu – Spółdzielnia Socjalna Razem (organizacja), termin: 25.03.2026, stan: w toku.');
    const card = (await as(JAN).choose(outcomes, ['Zebrać ceny cateringu'])).message;
    expect(buttonLabels(card)).toEqual(['Zrobione']);
    const finish = (await as(JAN).press(card, 'Zrobione')).modal;
    expect(textOf((await as(JAN).submit(finish, {})).message)).toContain('zostało wykonane');
    const [row] = (await d.t.app.db.dumpTable('MotionTask')).filter((r) => r.title === 'Zebrać ceny cateringu');
    expect(row).toMatchObject({ status: 'done', note: 'Zapytania wysłane do pięciu firm.' });
  });
});
