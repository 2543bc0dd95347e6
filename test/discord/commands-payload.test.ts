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
// The deploy's request is checked against Discord's OpenAPI description like every Discord test's.
import './support.ts';

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

  it('registers no option as required when its subcommand has a form, and leaves long texts to the form', () => {
    // A client does not send a slash command until every required option is filled, so a required
    // form field would make the bare command (which opens the form) impossible to send.
    const payload = commandsPayload(commands);
    const offending: string[] = [];
    let forms = 0;
    for (const def of commands) {
      const cmd = payload.find((p) => p.name === def.name)!;
      for (const [sub, spec] of Object.entries(def.subcommands)) {
        if (!spec.form) continue;
        forms++;
        const registered = (sub === LEAF ? cmd.options : (cmd.options as any[]).find((o) => o.name === sub)?.options) as any[] | undefined;
        const fields = new Map(spec.form.fields.map((f) => [f.name, f.kind]));
        for (const o of registered ?? []) {
          if (o.required && fields.has(o.name)) offending.push(`/${def.name} ${sub} ${o.name} (required)`);
          if (fields.get(o.name) === 'paragraph') offending.push(`/${def.name} ${sub} ${o.name} (long text)`);
        }
      }
    }
    expect(forms).toBeGreaterThanOrEqual(5);
    expect(offending).toEqual([]);
    // Quick use stays: /activity log kind:… date:… title:… as optional options.
    const log = (payload.find((p) => p.name === 'activity')!.options as any[]).find((o) => o.name === 'log');
    expect(log.options.map((o: any) => [o.name, o.required])).toEqual(expect.arrayContaining([['kind', false], ['date', false], ['title', false]]));
    expect(log.options.map((o: any) => o.name)).not.toContain('description');
    const apply = payload.find((p) => p.name === 'apply')!;
    expect((apply.options ?? []).some((o: any) => o.required)).toBe(false);
    expect((apply.options as any[]).map((o) => o.name)).not.toContain('motivation');
  });

  it('hides Coordinating Team commands from members and registers every command for guilds only', () => {
    const payload = commandsPayload(commands);
    const hidden = payload.filter((c) => c.default_member_permissions !== undefined).map((c) => c.name);
    expect(hidden).toEqual(expect.arrayContaining(['setup', 'applications', 'report', 'privacy-request']));
    // /motion outcomes and /motion progress are the members' too: what passed motions asked of them.
    for (const name of ['help', 'apply', 'vote', 'barter', 'activity', 'poll', 'member', 'group', 'motion']) expect(hidden).not.toContain(name);
    // Manage Server sees them until an administrator grants the team's role under Integrations.
    expect(new Set(payload.filter((c) => hidden.includes(c.name)).map((c) => c.default_member_permissions))).toEqual(new Set([32]));
    for (const c of payload) {
      expect(c.contexts).toEqual([0]);
      expect(c.integration_types).toEqual([0]);
    }
  });

  it('names every choice in Polish and English instead of its slug', () => {
    const payload = commandsPayload(commands);
    const unnamed: string[] = [];
    const walk = (opts: any[] | undefined, at: string) => {
      for (const o of opts ?? []) {
        walk(o.options, `${at} ${o.name}`);
        if (!o.choices) continue;
        for (const c of o.choices) {
          for (const code of ['pl', 'en-US', 'en-GB']) if (!c.name_localizations?.[code]) unnamed.push(`${at} ${o.name}=${c.value} (${code})`);
        }
        if (o.choices.every((c: any) => c.name_localizations?.pl === c.value)) unnamed.push(`${at} ${o.name}: slugs only`);
      }
    };
    for (const c of payload) walk(c.options as any[], `/${c.name}`);
    expect(unnamed).toEqual([]);
    const apply = payload.find((p) => p.name === 'apply')!;
    const legal = (apply.options as any[]).find((o) => o.name === 'legal_form');
    expect(legal.choices.find((c: any) => c.value === 'social-cooperative')).toMatchObject({
      name: 'social cooperative',
      name_localizations: { pl: 'spółdzielnia socjalna', 'en-US': 'social cooperative', 'en-GB': 'social cooperative' },
    });
  });

  it('uses Discord\'s own option types and Polish option names where Polish has its own word', () => {
    const payload = commandsPayload(commands);
    const setup = payload.find((p) => p.name === 'setup')!.options as any[];
    const channel = setup.find((o) => o.name === 'channel').options.find((o: any) => o.name === 'channel');
    expect(channel).toMatchObject({ type: 7, channel_types: [0, 5], name_localizations: { pl: 'kanał' } });
    const role = setup.find((o) => o.name === 'role').options;
    expect(role.find((o: any) => o.name === 'user')).toMatchObject({ type: 6, name_localizations: { pl: 'osoba' } });
    expect(role.find((o: any) => o.name === 'revoke').type).toBe(5);
    const report = (payload.find((p) => p.name === 'report')!.options as any[])[0].options;
    expect(report.find((o: any) => o.name === 'year')).toMatchObject({ type: 4, name_localizations: { pl: 'rok' } });
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
    // View Channel, Send Messages, Embed Links, Attach Files, Manage Roles, Create Events.
    expect(url.searchParams.get('permissions')).toBe(String(1024n + 2048n + 16384n + 32768n + 268435456n + (1n << 44n)));
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
