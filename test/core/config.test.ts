import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../src/config.ts';

describe('configuration from the environment', () => {
  it('starts on the embedded default with an empty environment', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('file:./data/pkes.db');
    expect(config.DEFAULT_LOCALE).toBe('pl');
    expect(config.DEFAULT_TIME_ZONE).toBe('Europe/Warsaw');
    expect(config.SCHEDULER_ENABLED).toBe(true);
  });

  it('refuses an unknown database scheme with one message naming the variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrowError(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as ConfigError).variable).toBe('DATABASE_URL');
      expect((error as Error).message).toMatch(/^Invalid configuration: DATABASE_URL must start with file:/);
      // Connection strings may hold passwords: never echoed.
      expect((error as Error).message).not.toContain('mysql://x');
    }
  });

  it('names a bad time zone and shows the value', () => {
    expect(() => loadConfig({ DEFAULT_TIME_ZONE: 'Europe/Gdansk' })).toThrowError(
      'Invalid configuration: DEFAULT_TIME_ZONE is not an IANA time zone (e.g. Europe/Warsaw) (got "Europe/Gdansk")',
    );
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ DISCORD_HTTP_PORT: '70000' })).toThrowError(/DISCORD_HTTP_PORT/);
  });

  it('needs the application id with a Discord token, without echoing the token', () => {
    try {
      loadConfig({ DISCORD_TOKEN: 'secret-token-value' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).variable).toBe('DISCORD_APPLICATION_ID');
      expect((error as Error).message).not.toContain('secret-token-value');
    }
  });

  it('needs a signing secret or an app token with a Slack bot token', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrowError(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
  });

  it('documents every setting in .env.example, and nothing else', () => {
    const documented = readFileSync('.env.example', 'utf8')
      .split('\n')
      .map((line) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name));
    expect(new Set(documented)).toEqual(new Set(Object.keys(configSchema.shape)));
  });
});
