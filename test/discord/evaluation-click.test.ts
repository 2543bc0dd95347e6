import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deploy.ts';
import { createRest } from '../../src/adapters/discord/rest.ts';
import { openBenchDb } from '../../bench/bench-seed.ts';
import { seedYear } from '../../bench/seed-year.ts';
import { DiscordClient, DiscordStandIn, textOf } from './client.ts';
import { APP_ID, GUILD, discordTest, waitFor, type DiscordTest, type Who } from './support.ts';

/**
 * The yearly evaluation on Discord: one slash command; the answer is deferred (rendering takes
 * longer than Discord's 3 s allow on a busy machine) and arrives as the edit of the deferral with
 * the first ten files, the rest following privately, ten to a message: Discord takes no more.
 */

const KASIA: Who = { id: '300000000000000101', name: 'Kasia' };

describe('Discord: /report evaluation', () => {
  let d: DiscordTest;
  let discord: DiscordStandIn;

  beforeEach(async () => {
    d = await discordTest('http');
    discord = new DiscordStandIn();
    discord.install();
    await deployCommands(createRest(d.t.app.config), { DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD }, commands);
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    const kasia = await d.t.app.services.people.ensure(cluster.id, KASIA.id, KASIA.name);
    await d.t.app.services.people.grantRole(cluster.id, kasia.id, 'coordinator', null);
    const bench = await openBenchDb(d.t.databaseUrl);
    await seedYear(bench.seed, { clusterId: cluster.id, year: 2025, orgs: 12 });
    await bench.close();
  });
  afterEach(() => d.close());

  it('defers, then answers privately with the charts, the summary and the data, ten files a message', { timeout: 120_000 }, async () => {
    const before = discord.webhooks.length;
    const answer = (await new DiscordClient(d, discord, KASIA).command('/report evaluation', { year: 2025 })).message;
    expect(answer.onlyFor).toBe(KASIA.id);
    expect(textOf(answer)).toContain('Ocena roczna 2025');
    const calls = () => discord.webhooks.slice(before).filter((c) => c.method !== 'DELETE');
    await waitFor(() => calls().length >= 2, 'the follow-up with the rest of the files');
    // A command's deferral is public; the private answer comes anew with the first ten files, a private follow-up the other seven.
    expect(calls().map((c) => [c.method, c.files?.length, c.body.flags & 64])).toEqual([
      ['POST', 10, 64],
      ['POST', 7, 64],
    ]);
    const files = calls().flatMap((c) => c.files ?? []);
    expect(files.filter((f) => f.contentType === 'image/png').map((f) => f.name)).toEqual([
      'ocena-2025-dzialania.png',
      'ocena-2025-obowiazek.png',
      'ocena-2025-przyjecia.png',
      'ocena-2025-grupy-robocze.png',
      'ocena-2025-barter.png',
      'ocena-2025-walne-spotkania.png',
      'ocena-2025-nowe-wspolprace.png',
      'ocena-2025-mapa-wspolpracy.png',
    ]);
    expect(files.filter((f) => f.name.endsWith('.csv'))).toHaveLength(8);
    expect(files.filter((f) => f.name.endsWith('.md'))).toHaveLength(1);
    // Each body names exactly the files it carries.
    for (const c of calls()) expect(c.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(c.files!.map((f) => f.name));
  });
});
