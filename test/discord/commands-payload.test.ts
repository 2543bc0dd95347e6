import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.ts';
import { commandPayload, commandsPayload, payloadProblems } from '../../src/adapters/discord/commands-payload.ts';
import { deployCommands, DeployRefused } from '../../src/adapters/discord/deploy.ts';
import { BOT_PERMISSIONS, inviteUrl } from '../../src/adapters/discord/index.ts';
import { createRest } from '../../src/adapters/discord/rest.ts';
import { defineCommand, defineSubcommand, LEAF } from '../../src/core/command.ts';
import type { TranslationKey } from '../../src/core/i18n.ts';

const key = (k: string) => k as TranslationKey;
const run = async () => ({ text: '' });

describe('Discord command deployment payload', () => {
  it('registers every command of commands/ within Discord\'s limits', () => {
    const payload = commandsPayload(commands);
    expect(payload.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(payloadProblems(payload)).toEqual([]);
  });

  it('localizes names and descriptions in Polish and English', () => {
    const setup = commandPayload(commands.find((c) => c.name === 'setup')!);
    expect(setup.name).toBe('setup');
    expect(setup.name_localizations).toMatchObject({ pl: 'ustawienia', 'en-US': 'setup', 'en-GB': 'setup' });
    expect(setup.description).toBe('Cluster settings (administrator, coordinator)');
    expect(setup.description_localizations?.pl).toMatch(/\S/);
    expect(setup.description_localizations?.pl).not.toBe(setup.description);
    const role = (setup.options as any[]).find((o) => o.name === 'role');
    expect(role.type).toBe(1);
    // Required options first, with their Discord types and choices.
    expect(role.options.map((o: any) => [o.name, o.type, o.required])).toEqual([
      ['user', 6, true],
      ['role', 3, true],
      ['revoke', 5, false],
    ]);
    expect(role.options[1].choices.map((c: any) => c.value)).toEqual(['coordinator', 'operator', 'team']);
  });

  it('carries lengths and ranges of options', () => {
    const def = defineCommand({
      name: 'limits',
      description: key('core.commands.about.description'),
      subcommands: {
        [LEAF]: defineSubcommand({
          description: key('core.commands.about.description'),
          permission: 'anyone',
          options: z.object({
            note: z.string().min(3).max(500).optional().describe('core.options.value'),
            count: z.number().int().min(1).max(10).describe('core.options.value'),
          }),
          run,
        }),
      },
    });
    const payload = commandPayload(def);
    expect(payload.options).toEqual([
      expect.objectContaining({ name: 'count', type: 4, required: true, min_value: 1, max_value: 10 }),
      expect.objectContaining({ name: 'note', type: 3, required: false, min_length: 3, max_length: 500 }),
    ]);
    expect(payloadProblems([payload])).toEqual([]);
  });

  it('fails a command with 26 options, an upper-case or too long name, or an undescribed option', () => {
    const shape: Record<string, z.ZodType> = {};
    for (let i = 0; i < 26; i++) shape[`opt${i}`] = z.string().optional().describe('core.options.value');
    shape.BadName = z.string().optional().describe('core.options.value');
    shape.undescribed = z.string().optional();
    const def = defineCommand({
      name: 'a-command-name-longer-than-thirty-two',
      description: key('core.commands.about.description'),
      subcommands: {
        [LEAF]: defineSubcommand({ description: key('core.commands.about.description'), permission: 'anyone', options: z.object(shape) as never, run }),
      },
    });
    const problems = payloadProblems([commandPayload(def)]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('28 options (max 25)'),
        expect.stringContaining('must be 1–32 letters'),
        expect.stringContaining('"BadName" must be lower-case'),
        expect.stringContaining('missing default description'),
      ]),
    );
  });

  it('fails a description over 100 characters and more than 25 subcommands', () => {
    const payload = commandPayload(commands[0]!);
    const long = { ...payload, description: 'x'.repeat(101) };
    expect(payloadProblems([long])).toEqual([expect.stringContaining('description has 101 characters (max 100)')]);
    const subcommands = Array.from({ length: 26 }, (_, i) => ({ type: 1, name: `s${i}`, description: 'd', options: [] }));
    expect(payloadProblems([{ ...payload, options: subcommands as never }])).toEqual(
      expect.arrayContaining([expect.stringContaining('26 subcommands (max 25)')]),
    );
  });

  it('invites the bot with the bot and applications.commands scopes and only the permissions it uses', () => {
    const url = new URL(inviteUrl('100000000000000001'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel, Send Messages, Embed Links, Attach Files, Manage Roles.
    expect(url.searchParams.get('permissions')).toBe(String(1024n + 2048n + 16384n + 32768n + 268435456n));
    expect(BOT_PERMISSIONS & 8n).toBe(0n);
  });
});

describe('npm run commands:deploy', () => {
  const config = { DISCORD_API_URL: 'https://discord.test/api', DISCORD_TOKEN: 'test-token' };

  it('registers the commands in the guild in one bulk PUT when DISCORD_GUILD_ID is set', async () => {
    let body: any;
    const scope = nock('https://discord.test/api')
      .put('/v10/applications/100000000000000001/guilds/200000000000000002/commands', (b) => {
        body = b;
        return true;
      })
      .reply(200, (_uri, b) => b as never);
    const defs = commands.filter((c) => ['help', 'about', 'setup'].includes(c.name));
    const result = await deployCommands(createRest(config), { DISCORD_APPLICATION_ID: '100000000000000001', DISCORD_GUILD_ID: '200000000000000002' }, defs);
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ count: 3, scope: 'guild' });
    expect(body.map((c: any) => c.name)).toEqual(['help', 'about', 'setup']);
  });

  it('registers globally without a guild, and refuses to send a payload Discord would reject', async () => {
    const scope = nock('https://discord.test/api').put('/v10/applications/100000000000000001/commands').reply(200, []);
    await deployCommands(createRest(config), { DISCORD_APPLICATION_ID: '100000000000000001', DISCORD_GUILD_ID: undefined }, []);
    expect(scope.isDone()).toBe(true);
    const bad = defineCommand({
      name: 'Bad',
      description: key('core.commands.about.description'),
      subcommands: { [LEAF]: defineSubcommand({ description: key('core.commands.about.description'), permission: 'anyone', options: z.object({}), run }) },
    });
    await expect(deployCommands(createRest(config), { DISCORD_APPLICATION_ID: '100000000000000001', DISCORD_GUILD_ID: undefined }, [bad])).rejects.toBeInstanceOf(DeployRefused);
  });
});
