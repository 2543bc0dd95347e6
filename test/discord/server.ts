import { expect } from 'vitest';
import { commands } from '../../commands/index.ts';
import { deployCommands } from '../../src/adapters/discord/deploy.ts';
import { createRest } from '../../src/adapters/discord/rest.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { perTestThen } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { DiscordClient, DiscordStandIn } from './client.ts';
import { APP_ID, GUILD, discordTest, type DiscordTest, type Who } from './support.ts';

/** The server's people, as the click-throughs call them (each test has a server of its own). */
export const KASIA: Who = { id: '300000000000000101', name: 'Kasia' };
export const OLA: Who = { id: '300000000000000102', name: 'Ola' };
export const JAN: Who = { id: '300000000000000103', name: 'Jan' };
export const EWA: Who = { id: '300000000000000104', name: 'Ewa' };
export const PIOTR: Who = { id: '300000000000000105', name: 'Piotr' };

/** The server's text channels the bot may be set to use. */
export const BOT_CHANNEL = '600000000000000001';
export const ANNOUNCEMENTS = '600000000000000002';
export const BARTER = '600000000000000003';

/** The server's roles the bot grants members: granted by id, named as on a real server. */
export const ROLES = [
  { id: '500000000000000001', name: 'Członek PKES' },
  { id: '500000000000000002', name: 'Członek główny' },
  { id: '500000000000000003', name: 'Członek wspierający' },
];

export interface ServerSetup {
  /** The cluster's coordinator. */
  coordinator: Who;
  /** Main-member organisations, each with its representative. */
  members?: readonly (readonly [Who, string])[];
  /** The bot's channels (ids of the server's channels); none set when not given. */
  channels?: { bot: string; announcements?: string; barter?: string };
  /** Whether the server has the member roles (ROLES). */
  roles?: boolean;
  /** The clock when the test starts. */
  start?: string;
  env?: Record<string, string>;
}

/** Where a General Meeting is held: announcements set, the member roles, Razem (Jan) and Pomorska (Ewa) as main members. */
export const GENERAL_MEETING_SERVER = {
  coordinator: KASIA,
  channels: { bot: BOT_CHANNEL, announcements: ANNOUNCEMENTS },
  roles: true,
  members: [
    [JAN, 'Spółdzielnia Socjalna Razem'],
    [EWA, 'Fundacja Pomorska'],
  ],
} as const satisfies ServerSetup;

export interface DiscordServer {
  d: DiscordTest;
  discord: DiscordStandIn;
  cluster: ClusterContext;
  /** A person in Discord's app: presses only what the bot showed them. */
  as(who: Who): DiscordClient;
  /** More main-member organisations, each with its representative; their ids, in the order given. */
  members(list: readonly (readonly [Who, string])[]): Promise<{ personId: string; memberId: string }[]>;
}

/**
 * The bot on HTTP interactions in a Discord server (the stand-in), with the commands that
 * `npm run commands:deploy` registered, its channels set, the coordinator and the main members'
 * representatives: where every click-through test on Discord starts.
 */
export async function discordServer(setup: ServerSetup): Promise<DiscordServer> {
  const d = await discordTest('http', setup.env ? { env: setup.env } : {});
  if (setup.start) d.t.clock.set(setup.start);
  const discord = new DiscordStandIn(setup.roles ? ROLES : []);
  discord.install();
  // What Discord's app offers is what the deploy registered.
  await deployCommands(createRest(d.t.app.config), { DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD }, commands);
  expect(discord.registered.map((c) => c.name)).toEqual(commands.map((c) => c.name));
  const services = d.t.app.services;
  let cluster = await services.clusters.resolve('discord', GUILD);
  if (setup.channels) cluster = await services.clusters.updateSettings(cluster.id, { channels: setup.channels });
  const coordinator = await services.people.ensure(cluster.id, setup.coordinator.id, setup.coordinator.name);
  await services.people.grantRole(cluster.id, coordinator.id, 'coordinator', null);
  const members = async (list: readonly (readonly [Who, string])[]) => {
    const ids = [];
    for (const [who, org] of list) {
      recordTyped(org);
      const person = await services.people.ensure(cluster.id, who.id, who.name);
      const member = await services.seeding.representativeOf(cluster.id, person.id, org, 'main');
      ids.push({ personId: person.id, memberId: member.id });
    }
    return ids;
  };
  await members(setup.members ?? []);
  return { d, discord, cluster, as: (who) => new DiscordClient(d, discord, who), members };
}

/** A Discord server for each test of the enclosing describe (`then` adds what the test needs), closed after it. */
export function discordServerPerTest(setup: ServerSetup, then?: (server: DiscordServer) => Promise<void>): DiscordServer {
  return perTestThen(() => discordServer(setup), then, (server) => server.d.close());
}
