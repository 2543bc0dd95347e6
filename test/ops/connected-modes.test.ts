import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startFakeDiscordGateway } from '../support/fake-discord-gateway.ts';
import { freePort, SlackStandIn, startBot, status, until } from './support.ts';

/**
 * The modes with no HTTP endpoint of their own (Discord gateway, Slack Socket Mode) serve /healthz,
 * /readyz and /metrics on OPS_PORT; ready means connected. src/main.ts in a child process, against
 * stand-ins for Discord's gateway and Slack's Socket Mode server on loopback.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'pkes-ops-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readiness on the ops port of the connected modes', () => {
  it('Discord gateway: ready once the session is READY; /metrics there; SIGTERM exits 0', { timeout: 120_000 }, async () => {
    const gateway = await startFakeDiscordGateway({ applicationId: '100000000000000001', guildId: '200000000000000002' });
    const port = await freePort();
    const bot = startBot({ DISCORD_TOKEN: 'ops-token', DISCORD_APPLICATION_ID: '100000000000000001', DISCORD_API_URL: gateway.apiUrl, OPS_PORT: String(port), METRICS_ENABLED: 'true', DATABASE_URL: `file:${path.join(dir, 'gateway.db')}` });
    try {
      const url = `http://127.0.0.1:${port}`;
      await until(async () => (await status(`${url}/readyz`)) === 200, 'ready over the gateway', bot);
      expect(gateway.identifies).toHaveLength(1);
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ platforms: { discord: 'ok' } });
      expect(await status(`${url}/metrics`)).toBe(200);
      expect(await status(`${url}/nothing-here`)).toBe(404);
      bot.proc.kill('SIGTERM');
      expect((await bot.exited).code).toBe(0);
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
      await gateway.close();
    }
  });

  it('Slack Socket Mode: ready while connected, 503 while the connection is gone, ready again when it is back', { timeout: 180_000 }, async () => {
    const slackApi = new SlackStandIn();
    await slackApi.start();
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (ws) => ws.send(JSON.stringify({ type: 'hello', num_connections: 1 })));
    slackApi.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    const port = await freePort();
    const bot = startBot({ SLACK_BOT_TOKEN: 'xoxb-ops', SLACK_APP_TOKEN: 'xapp-ops', SLACK_API_URL: `${slackApi.url}/api/`, OPS_PORT: String(port), DATABASE_URL: `file:${path.join(dir, 'socket.db')}` });
    try {
      const url = `http://127.0.0.1:${port}`;
      await until(async () => (await status(`${url}/readyz`)) === 200, 'ready over Socket Mode', bot);

      // Slack's side goes away and refuses new connections for a while.
      slackApi.refuseSockets = true;
      for (const client of wss.clients) client.terminate();
      await until(async () => (await status(`${url}/readyz`)) === 503, 'not ready while disconnected', bot);
      expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ platforms: { slack: 'down' }, database: 'ok' });
      expect(await status(`${url}/healthz`)).toBe(200);

      slackApi.refuseSockets = false;
      await until(async () => (await status(`${url}/readyz`)) === 200, 'ready again once reconnected', bot, 120_000);
      bot.proc.kill('SIGTERM');
      expect((await bot.exited).code).toBe(0);
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await slackApi.close();
    }
  });
});
