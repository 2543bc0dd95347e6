import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { API, HOOKS, TEAM, decodeBody, mockApi, mockAuthTest, seen, slackEnv, usersInfo, eventually, type Call } from './support.ts';

vi.mock('../../commands/index.ts', async () => {
  const [{ default: help }, { noteCommand }] = await Promise.all([import('../../commands/help.ts'), import('./support.ts')]);
  return { commands: [help, noteCommand] };
});

/** A stand-in for Slack's Socket Mode server: says hello, sends envelopes, collects acks. */
let wss: WebSocketServer;
let socket: WebSocket | undefined;
const acks: { envelope_id: string; payload?: unknown }[] = [];
let t: TestApp;
let slack: SlackAdapter;

beforeEach(async () => {
  seen.notes.length = 0;
  acks.length = 0;
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => acks.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
  });
  const { port } = wss.address() as AddressInfo;
  mockAuthTest();
  nock(API).post('/api/apps.connections.open').reply(200, { ok: true, url: `ws://127.0.0.1:${port}/` });
  t = await createTestApp({ env: { ...slackEnv, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-test' } });
  slack = await createSlackAdapter(t.app);
});

afterEach(async () => {
  await slack.stop();
  await t.close();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

function slashEnvelope(id: string, trigger: string) {
  return JSON.stringify({
    envelope_id: id,
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: {
      team_id: TEAM,
      team_domain: 'pkes',
      channel_id: 'C0GENERAL',
      user_id: 'U0ANNA',
      user_name: 'anna',
      command: '/pkes-help',
      text: '',
      response_url: `${HOOKS}/commands/T0CLUSTER/9/sock`,
      trigger_id: trigger,
    },
  });
}

describe('Slack in Socket Mode', () => {
  it('connects through SLACK_API_URL, acks a slash command and answers it like HTTP mode', async () => {
    expect(slack.mode).toBe('socket');
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const responses: Call[] = [];
    const respond = nock(HOOKS)
      .post('/commands/T0CLUSTER/9/sock', (body) => (responses.push(decodeBody(body)), true))
      .reply(200, 'ok');

    socket!.send(slashEnvelope('env-1', 'trig-sock'));

    await eventually(() => expect(acks.map((a) => a.envelope_id)).toContain('env-1'));
    await eventually(() => expect(respond.isDone()).toBe(true));
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(responses[0]!.blocks)).toContain('Commands you can use');
  });

  it('an envelope Slack sends again (same trigger id) is acked again but acted on once', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const respond = nock(HOOKS).post('/commands/T0CLUSTER/9/sock').reply(200, 'ok');
    const unexpected: string[] = [];
    const onNoMatch = (req: { hostname?: string; path?: string }) => {
      if (req.hostname !== '127.0.0.1') unexpected.push(`${req.hostname}${req.path}`);
    };
    nock.emitter.on('no match', onNoMatch);

    socket!.send(slashEnvelope('env-1', 'trig-again'));
    await eventually(() => expect(respond.isDone()).toBe(true));
    socket!.send(slashEnvelope('env-2', 'trig-again'));
    await eventually(() => expect(acks.map((a) => a.envelope_id)).toEqual(['env-1', 'env-2']));
    await new Promise((r) => setTimeout(r, 200));

    nock.emitter.removeListener('no match', onNoMatch);
    expect(unexpected).toEqual([]);
  });
});
