import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { commandsPayload } from '../../src/adapters/discord/commands-payload.ts';
import { ala, APP_ID, GUILD, signed, slash, testKeys } from '../discord/support.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';
import { freePort, parsePrometheus, SLACK_SECRET, SlackStandIn, slackSlashCommand, startBot, status, TcpProxy, until, valueOf, type BotProcess } from './support.ts';

/**
 * The bot as an operator runs it (src/main.ts in a child process), once in Discord HTTP mode and
 * once in Slack HTTP mode, on PostgreSQL reached through a TCP relay on loopback. The relay is cut
 * (every connection reset, new ones refused, as in a network failure or failover) and restored.
 *
 * Skipped, saying so, when no PostgreSQL answers (TEST_POSTGRES_URL or 127.0.0.1:5432).
 */
const SLACK_USER = 'U0OLA';
const SLACK_TEAM = 'T0OPS';

describe('a running bot in Discord HTTP and Slack HTTP mode: readiness and metrics', () => {
  it('/readyz is 200, 503 while PostgreSQL is cut off and 200 again; /metrics counts interactions without user ids', { timeout: 300_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_ops');
    if (!own) return ctx.skip();
    const target = new URL(own.url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const slackApi = new SlackStandIn();
    const bots: BotProcess[] = [];
    try {
      await proxy.open();
      await slackApi.start();
      const viaProxy = new URL(own.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const keys = testKeys();
      const discordPort = await freePort();
      const slackPort = await freePort();
      const common = { DATABASE_URL: viaProxy.toString(), METRICS_ENABLED: 'true' };

      // The first start migrates the new database; the second finds it migrated.
      const discord = startBot({
        ...common,
        DISCORD_PUBLIC_KEY: keys.publicHex,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_HTTP_PORT: String(discordPort),
        DISCORD_API_URL: `${slackApi.url}/discord`,
      });
      bots.push(discord);
      const discordUrl = `http://127.0.0.1:${discordPort}`;
      await until(async () => (await status(`${discordUrl}/readyz`)) === 200, 'Discord HTTP mode ready', discord);
      const slack = startBot({ ...common, SLACK_BOT_TOKEN: 'xoxb-ops', SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: `${slackApi.url}/api/`, SLACK_HTTP_PORT: String(slackPort) });
      bots.push(slack);
      const slackUrl = `http://127.0.0.1:${slackPort}`;
      await until(async () => (await status(`${slackUrl}/readyz`)) === 200, 'Slack HTTP mode ready', slack);

      for (const url of [discordUrl, slackUrl]) {
        expect(await status(`${url}/healthz`)).toBe(200);
        const ready = (await (await fetch(`${url}/readyz`)).json()) as Record<string, unknown>;
        expect(ready).toMatchObject({ status: 'ready', database: 'ok', migrations: 'ok', shuttingDown: false });
      }

      const metrics = async (url: string) => {
        const res = await fetch(`${url}/metrics`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        return parsePrometheus(await res.text());
      };

      // Discord: /about, built from the registered command, signed, POSTed to the endpoint.
      expect(commandsPayload(commands).map((c) => c.name)).toContain('about');
      const aboutLabels = { platform: 'discord', kind: 'command', command: 'about', outcome: 'ok' };
      const before = await metrics(discordUrl);
      expect(before.types).toMatchObject({ pkes_interactions_total: 'counter', pkes_interaction_duration_seconds: 'histogram', process_resident_memory_bytes: 'gauge' });
      for (let i = 0; i < 2; i++) {
        const body = JSON.stringify(slash(ala, 'about'));
        const res = await fetch(discordUrl, { method: 'POST', body, headers: signed(keys.privateKey, body, new Date()) });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { type: number }).type).toBe(4);
      }
      const after = await metrics(discordUrl);
      expect(valueOf(after.samples, 'pkes_interactions_total', aboutLabels)).toBe(valueOf(before.samples, 'pkes_interactions_total', aboutLabels) + 2);
      expect(valueOf(after.samples, 'pkes_interaction_duration_seconds_count', { platform: 'discord', command: 'about' })).toBe(
        valueOf(before.samples, 'pkes_interaction_duration_seconds_count', { platform: 'discord', command: 'about' }) + 2,
      );

      // Slack: /pkes-about from the manifest, answered through its response_url.
      const manifest = JSON.parse(readFileSync('slack-manifest.json', 'utf8')) as { features: { slash_commands: { command: string }[] } };
      expect(manifest.features.slash_commands.map((c) => c.command)).toContain('/pkes-about');
      const slackBefore = await metrics(slackUrl);
      const command = slackSlashCommand({ command: '/pkes-about', text: '', userId: SLACK_USER, teamId: SLACK_TEAM, responseUrl: `${slackApi.url}/respond/1` });
      const ack = await fetch(`${slackUrl}/slack/events`, { method: 'POST', body: command.body, headers: command.headers });
      expect(ack.status).toBe(200);
      await until(async () => slackApi.responses().length === 1, 'the Slack answer on the response URL', slack);
      const slackLabels = { platform: 'slack', kind: 'command', command: 'about', outcome: 'ok' };
      const slackAfter = await metrics(slackUrl);
      expect(valueOf(slackAfter.samples, 'pkes_interactions_total', slackLabels)).toBe(valueOf(slackBefore.samples, 'pkes_interactions_total', slackLabels) + 1);

      // No label carries who asked or where: no user, guild or workspace id, no name.
      for (const { samples } of [after, slackAfter]) {
        const values = samples.flatMap((s) => Object.values(s.labels));
        for (const personal of [ala.id, ala.name, SLACK_USER, 'Ola', 'ola', GUILD, SLACK_TEAM]) expect(values).not.toContain(personal);
        expect(values.filter((v) => /\d{15,}|^[UTW]0[A-Z0-9]+$/.test(v))).toEqual([]);
      }

      // The network to PostgreSQL fails: neither replica is ready, both are alive.
      await proxy.cut();
      for (const [url, bot] of [[discordUrl, discord], [slackUrl, slack]] as const) {
        await until(async () => (await status(`${url}/readyz`)) === 503, 'readiness false without the database', bot, 30_000);
        const body = (await (await fetch(`${url}/readyz`)).json()) as Record<string, unknown>;
        expect(body).toMatchObject({ status: 'not ready', database: 'unreachable' });
        expect(await status(`${url}/healthz`)).toBe(200);
      }
      const cut = await metrics(discordUrl);
      expect(valueOf(cut.samples, 'pkes_database_errors_total', { kind: 'connection' })).toBeGreaterThan(0);

      // It comes back: so does readiness, on new connections.
      await proxy.open();
      for (const [url, bot] of [[discordUrl, discord], [slackUrl, slack]] as const) {
        await until(async () => (await status(`${url}/readyz`)) === 200, 'readiness back with the database', bot, 60_000);
      }
      const body = JSON.stringify(slash(ala, 'about'));
      const res = await fetch(discordUrl, { method: 'POST', body, headers: signed(keys.privateKey, body, new Date()) });
      expect(((await res.json()) as { type: number }).type).toBe(4);

      for (const bot of bots) bot.proc.kill('SIGTERM');
      for (const bot of bots) expect((await bot.exited).code).toBe(0);
    } finally {
      for (const bot of bots) if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
      await proxy.cut();
      await slackApi.close();
      await own.drop();
    }
  });
});
