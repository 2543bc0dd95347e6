import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { BOT_SCOPES, buildManifest, manifestJson } from '../../src/adapters/slack/manifest.ts';

const FILE = path.resolve(import.meta.dirname, '../../slack-manifest.json');

describe('the Slack app manifest', () => {
  it('the checked-in slack-manifest.json matches the command registry (run `npm run slack:manifest`)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(manifestJson(commands, { prefix: 'pkes', locale: 'pl' }));
  });

  it('has one prefixed slash command per top-level command, within Slack\'s limits', () => {
    const manifest = buildManifest(commands, { prefix: 'pkes', locale: 'pl' });
    const slash = manifest.features.slash_commands;
    expect(slash.map((c) => c.command)).toEqual(commands.map((c) => `/pkes-${c.name}`));
    for (const c of slash) {
      expect(c.command.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(100);
      expect(c.should_escape).toBe(true);
    }
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
  });

  it('enables the Home tab and subscribes to app_home_opened, which shows what waits for the person', () => {
    const manifest = buildManifest(commands, { prefix: 'pkes', locale: 'pl' });
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'app_mention']);
  });

  it('for HTTP mode every request URL points at the receiver and Socket Mode is off', () => {
    const manifest = buildManifest(commands, { prefix: 'klaster', locale: 'en', url: 'https://bot.pkes.example/' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity.request_url).toBe('https://bot.pkes.example/slack/events');
    expect(manifest.settings.interactivity.message_menu_options_url).toBe('https://bot.pkes.example/slack/events');
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://bot.pkes.example/slack/events');
    expect(manifest.features.slash_commands.every((c) => c.url === 'https://bot.pkes.example/slack/events' && c.command.startsWith('/klaster-'))).toBe(true);
  });

  it('a prefix that makes a command longer than 32 characters is refused', () => {
    expect(() => buildManifest([{ name: 'x'.repeat(20), description: 'core.commands.help.description', subcommands: {} }], { prefix: 'p'.repeat(12), locale: 'pl' })).toThrow(/32/);
  });
});
