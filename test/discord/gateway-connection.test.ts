import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/index.ts';
import { startFakeDiscordGateway, type FakeDiscordGateway, type FakeGatewayOptions } from '../support/fake-discord-gateway.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { ala, APP_ID, GUILD, slash, waitFor } from './support.ts';

/**
 * Gateway mode over a real WebSocket connection (a Discord stand-in on loopback, no nock): the
 * adapter logs in, identifies with the Guilds intent only, and answers an INTERACTION_CREATE that
 * arrives on the socket through the REST callback.
 */
describe('Discord gateway mode, connected', () => {
  let gateway: FakeDiscordGateway | undefined;
  let t: TestApp | undefined;
  let adapter: DiscordAdapter | undefined;
  afterEach(async () => {
    await adapter?.stop();
    await t?.close();
    await gateway?.close();
  });

  /** The stand-in, the bot's app pointed at it, and the gateway adapter, not yet started. */
  async function setUp(token = 'gateway-token', opts: Partial<FakeGatewayOptions> = {}) {
    gateway = await startFakeDiscordGateway({ applicationId: APP_ID, guildId: GUILD, ...opts });
    t = await createTestApp({ env: { DISCORD_API_URL: gateway.apiUrl, DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: APP_ID } });
    adapter = await createDiscordAdapter(t.app, { mode: 'gateway' });
    return { gateway, adapter };
  }

  it('identifies with the Guilds intent and answers an interaction from the socket', async () => {
    const { gateway, adapter } = await setUp();
    await adapter.start();
    await gateway.ready();

    expect(gateway.identifies).toHaveLength(1);
    expect(gateway.identifies[0]).toMatchObject({ token: 'gateway-token', intents: 1 });

    const raw = slash({ ...ala, locale: 'en-US' }, 'about');
    gateway.dispatch('INTERACTION_CREATE', raw);
    const path = `/v10/interactions/${raw.id}/${raw.token}/callback`;
    await waitFor(() => gateway.requests.some((r) => r.path === path), 'the interaction callback');
    const answer = JSON.parse(gateway.requests.find((r) => r.path === path)!.body) as { type: number; data: { embeds: { title: string }[]; allowed_mentions: unknown } };
    expect(answer.type).toBe(4);
    expect(answer.data.embeds[0]!.title).toBe('Pomeranian Social Economy Cluster');
    expect(answer.data.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
  });

  it('resumes the session after Discord drops the connection, and answers what arrives after', async () => {
    const { gateway, adapter } = await setUp();
    await adapter.start();
    await gateway.ready();

    gateway.drop();
    await gateway.resumed();
    expect(gateway.resumes[0]).toMatchObject({ token: 'gateway-token', session_id: 'fake-session' });
    expect(gateway.identifies).toHaveLength(1);

    const raw = slash(ala, 'about');
    gateway.dispatch('INTERACTION_CREATE', raw);
    const path = `/v10/interactions/${raw.id}/${raw.token}/callback`;
    await waitFor(() => gateway.requests.some((r) => r.path === path), 'the callback after the resume');
    expect(JSON.parse(gateway.requests.find((r) => r.path === path)!.body).data.embeds[0].title).toBe('Pomorski Klaster Ekonomii Społecznej');
  });

  it('fails to start with a clear error when Discord refuses the token', async () => {
    const { gateway, adapter } = await setUp('wrong-token', { refuseToken: true });
    await expect(adapter.start()).rejects.toThrow(/Authentication failed/);
    expect(gateway.identifies).toHaveLength(1);
  });
});
