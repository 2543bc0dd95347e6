/**
 * `npm run commands:deploy`: registers every command of `commands/` with Discord in one bulk
 * overwrite, in the guild of DISCORD_GUILD_ID (instant; for development and single-cluster
 * installs) or globally (every server the bot is in).
 */
import { existsSync } from 'node:fs';
import { commands } from '../../../commands/index.ts';
import { loadConfig } from '../../config.ts';
import { deployCommands } from './deploy.ts';
import { inviteUrl } from './index.ts';
import { createRest } from './rest.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to deploy commands');
  }
  const { count, scope } = await deployCommands(createRest(config), config, commands);
  console.log(`Registered ${count} commands ${scope === 'guild' ? `in guild ${config.DISCORD_GUILD_ID}` : 'globally (new ones may take up to an hour to appear)'}.`);
  console.log(`Invite URL: ${inviteUrl(config.DISCORD_APPLICATION_ID)}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
