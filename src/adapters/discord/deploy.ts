import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { Config } from '../../config.ts';
import type { CommandDefinition } from '../../core/command.ts';
import { commandsPayload, payloadProblems } from './commands-payload.ts';

export class DeployRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`Discord would refuse these commands:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DeployRefused';
  }
}

/**
 * Registers every command in one bulk overwrite (commands no longer in `commands/` disappear):
 * in the guild of DISCORD_GUILD_ID when set (instant), globally otherwise.
 */
export async function deployCommands(
  rest: REST,
  config: Pick<Config, 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID'>,
  defs: readonly CommandDefinition[],
): Promise<{ count: number; scope: 'guild' | 'global' }> {
  if (!config.DISCORD_APPLICATION_ID) throw new Error('DISCORD_APPLICATION_ID is required to deploy commands');
  const payload = commandsPayload(defs);
  const problems = payloadProblems(payload);
  if (problems.length) throw new DeployRefused(problems);
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  const saved = (await rest.put(route, { body: payload })) as unknown[];
  return { count: saved.length, scope: config.DISCORD_GUILD_ID ? 'guild' : 'global' };
}
