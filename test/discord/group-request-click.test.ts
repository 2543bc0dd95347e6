import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deploy.ts';
import { createRest } from '../../src/adapters/discord/rest.ts';
import { recordTyped } from '../support/rendered.ts';
import { DiscordClient, DiscordStandIn, buttonLabels, textOf } from './client.ts';
import { APP_ID, GUILD, discordTest, type DiscordTest, type Who } from './support.ts';

/** Working groups on members' request (W-M KES model) on Discord: one slash command, then the team's button. */

const KASIA: Who = { id: '300000000000000101', name: 'Kasia' };
const JAN: Who = { id: '300000000000000103', name: 'Jan' };
const EWA: Who = { id: '300000000000000104', name: 'Ewa' };
const BOT_CHANNEL = '600000000000000001';
const ROLES = [
  { id: '500000000000000001', name: 'Członek PKES' },
  { id: '500000000000000002', name: 'Członek główny' },
  { id: '500000000000000003', name: 'Członek wspierający' },
];

describe('Discord click-through: a working group on a member’s request', () => {
  let d: DiscordTest;
  let discord: DiscordStandIn;
  let clusterId: string;
  const as = (who: Who) => new DiscordClient(d, discord, who);

  beforeEach(async () => {
    d = await discordTest('http');
    discord = new DiscordStandIn(ROLES);
    discord.install();
    await deployCommands(createRest(d.t.app.config), { DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD }, commands);
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    clusterId = cluster.id;
    await d.t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: BOT_CHANNEL } });
    const kasia = await d.t.app.services.people.ensure(cluster.id, KASIA.id, KASIA.name);
    await d.t.app.services.people.grantRole(cluster.id, kasia.id, 'coordinator', null);
    for (const [who, org] of [
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ] as const) {
      recordTyped(org);
      const person = await d.t.app.services.people.ensure(clusterId, who.id, who.name);
      await d.t.app.services.seeding.representativeOf(clusterId, person.id, org, 'main');
    }
  });
  afterEach(async () => {
    await d.close();
  });

  it('the coordinator applies the W-M KES model; a member requests a group from /group request and the coordinator approves it from the DM', async () => {
    const model = (await as(KASIA).command('/setup model', { model: 'wm-kes' })).message;
    expect(textOf(model)).toContain('Rada Klastra');

    recordTyped(['Konsorcjum cateringowe', 'Wspólna oferta na catering dla szkół']);
    const asked = (await as(JAN).command('/group request', { name: 'Konsorcjum cateringowe', purpose: 'Wspólna oferta na catering dla szkół', coordinator: EWA, deadline: '30.06.2026' })).message;
    expect(textOf(asked)).toContain('Konsorcjum cateringowe');

    const card = discord.last(discord.dmsTo(KASIA.id), 'Konsorcjum cateringowe');
    expect(buttonLabels(card)).toEqual(['Zatwierdź grupę', 'Odrzuć wniosek']);
    const approved = (await as(KASIA).press(card, 'Zatwierdź grupę')).message;
    expect(approved.id).toBe(card.id);
    expect(textOf(approved)).toContain('utworzona');
    expect(buttonLabels(approved)).toEqual([]);
    expect(textOf(discord.last(discord.dmsTo(JAN.id), 'Konsorcjum cateringowe'))).toContain('zatwierdzony');
    const group = (await d.t.app.db.dumpTable('WorkingGroup')).find((g) => g.name === 'Konsorcjum cateringowe');
    expect(group?.status).toBe('active');
  });
});
