import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { WebSocketShardEvents } from '@discordjs/ws';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { z } from 'zod';
import { commands } from '../../commands/index.ts';
import { createDiscordAdapter, type DiscordAdapter, type DiscordMode } from '../../src/adapters/discord/index.ts';
import { defineCommand, defineSubcommand, type FormSpec } from '../../src/core/command.ts';
import { CommandRegistry, Dispatcher } from '../../src/core/dispatcher.ts';
import type { TranslationKey } from '../../src/core/i18n.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { interactionResponseProblem, requestBodyProblem } from './openapi.ts';
import nock from 'nock';
import { afterEach, beforeEach, expect } from 'vitest';

/**
 * Every Discord test that uses this support fails on a request it did not mock: nothing leaves the
 * machine (only loopback: the HTTP endpoint and the gateway stand-in), and a request to the mocked
 * API that no interceptor expected is recorded and fails the test after it.
 */
const unmatched: string[] = [];
const onNoMatch = (req: { method?: string; path?: string; hostname?: string }) => {
  if (req.hostname !== '127.0.0.1' && req.hostname !== 'localhost') unmatched.push(`${req.method} ${req.hostname}${req.path}`);
};
beforeEach(() => {
  unmatched.length = 0;
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  nock.emitter.on('no match', onNoMatch);
});
afterEach(() => {
  nock.emitter.removeListener('no match', onNoMatch);
  nock.enableNetConnect();
  expect(unmatched, 'requests no test mocked').toEqual([]);
});

export const API = 'https://discord.test/api';

/**
 * Every body the bot sends to Discord's API (JSON, or the payload_json of a multipart upload) and
 * every interaction response its HTTP endpoint answers is checked against Discord's published
 * OpenAPI description (openapi.ts): a body Discord would refuse fails the test with the schema's
 * error. The REST client calls the global fetch, so the check sits in front of nock there.
 */
const schemaProblems: string[] = [];
let unchecked: typeof fetch | undefined;

async function checkedFetch(this: unknown, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const api = new URL(API);
  if (url.origin === api.origin && url.pathname.startsWith(`${api.pathname}/v10/`)) {
    const path = url.pathname.slice(`${api.pathname}/v10`.length);
    let body: unknown;
    let type: 'application/json' | 'multipart/form-data' = 'application/json';
    if (init?.body instanceof FormData) {
      type = 'multipart/form-data';
      const json = init.body.get('payload_json');
      body = typeof json === 'string' ? JSON.parse(json) : undefined;
    } else if (typeof init?.body === 'string' && init.body) body = JSON.parse(init.body);
    const problem = requestBodyProblem(method, path, body, type);
    if (problem) schemaProblems.push(problem);
  }
  const res = await unchecked!(input, init);
  if (method === 'POST' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.pathname === '/interactions' && res.status === 200) {
    const text = await res.clone().text();
    const problem = text ? interactionResponseProblem(JSON.parse(text)) : 'an empty 200 answer to an interaction';
    if (problem) schemaProblems.push(`interaction response ${text.slice(0, 120)}: ${problem}`);
  }
  return res;
}

beforeEach(() => {
  schemaProblems.length = 0;
  unchecked = globalThis.fetch;
  globalThis.fetch = checkedFetch as typeof fetch;
});
afterEach(() => {
  if (unchecked) globalThis.fetch = unchecked;
  expect(schemaProblems, 'bodies Discord\'s OpenAPI description refuses').toEqual([]);
});

/** The schema problems seen so far in this test, taken away (for a test that sends a wrong body on purpose). */
export function takeSchemaProblems(): string[] {
  return schemaProblems.splice(0);
}

export const APP_ID = '100000000000000001';
export const GUILD = '200000000000000002';
export const CHANNEL = '400000000000000004';
export const ALA = '300000000000000003';
export const BOB = '300000000000000033';

const key = (k: string) => k as TranslationKey;

/** Seven fields: two modals on Discord. */
export const applyForm: FormSpec = {
  title: key('Probe application form with a title longer than forty-five characters'),
  fields: [
    { name: 'name', label: key('Name'), kind: 'short', required: true, maxLength: 100 },
    { name: 'email', label: key('E-mail'), kind: 'short', required: true },
    { name: 'city', label: key('City'), kind: 'short', required: false },
    { name: 'category', label: key('Category'), kind: 'choice', required: true, options: [{ value: 'main', label: key('Main') }, { value: 'supporting', label: key('Supporting') }] },
    { name: 'about', label: key('About the organisation, its mission and what it offers to the cluster'), kind: 'paragraph', required: true, maxLength: 2000 },
    { name: 'size', label: key('People'), kind: 'short', required: false },
    { name: 'website', label: key('Website'), kind: 'short', required: false },
  ],
};

/** A command exercising every part of the reply model the adapter renders. */
export const probe = defineCommand({
  name: 'probe',
  description: key('core.commands.about.description'),
  subcommands: {
    echo: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'anyone',
      options: z.object({ text: z.string().min(1) }),
      async run({ options, actor }) {
        return { text: `echo ${options.text} from ${actor.displayName}` };
      },
    }),
    apply: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'anyone',
      options: z.object({
        name: z.string().min(1),
        email: z.string().email(),
        city: z.string().optional(),
        category: z.enum(['main', 'supporting']),
        about: z.string().min(1),
        size: z.coerce.number().int().optional(),
        website: z.string().optional(),
      }),
      form: applyForm,
      async run({ options }) {
        return { title: 'Application received', text: JSON.stringify(options), private: true, tone: 'success' };
      },
    }),
    card: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'anyone',
      options: z.object({}),
      async run() {
        return {
          title: 'Vote card',
          text: 'Choose',
          buttons: [
            { label: 'Yes', action: { command: 'probe', action: 'vote', args: ['m1', 'yes'] }, style: 'success' },
            { label: 'Info', action: { command: 'probe', action: 'info', args: ['m1'] } },
          ],
          choices: {
            action: { command: 'probe', action: 'pick', args: ['m1'] },
            placeholder: 'Pick',
            options: [
              { value: 'a', label: 'Option A' },
              { value: 'b', label: 'Option B' },
            ],
          },
        };
      },
    }),
    report: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'anyone',
      options: z.object({}),
      slow: true,
      async run() {
        await new Promise((r) => setTimeout(r, 30));
        return { title: 'Report', text: 'All done', attachments: [{ filename: 'report.csv', contentType: 'text/csv', data: Buffer.from('a,b\n1,2\n') }] };
      },
    }),
    file: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'anyone',
      options: z.object({}),
      async run() {
        return { text: 'Your export', private: true, attachments: [{ filename: 'export.csv', contentType: 'text/csv', data: Buffer.from('x,y\n') }] };
      },
    }),
    /** An option chosen by autocomplete; the records are visible only to the coordinator. */
    find: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'coordinator',
      options: z.object({ record: z.string().min(1).describe('core.options.value') }),
      pickers: {
        record: async (_ctx, typed) =>
          [
            { value: 'rec-1', label: 'Spółdzielnia Socjalna Razem' },
            { value: 'rec-2', label: 'Fundacja Pomorska' },
          ].filter((r) => r.label.toLowerCase().includes(typed.toLowerCase())),
      },
      async run({ options }) {
        return { text: `found ${options.record}` };
      },
    }),
    late: defineSubcommand({
      description: key('core.commands.about.description'),
      permission: 'anyone',
      options: z.object({}),
      async run() {
        await new Promise((r) => setTimeout(r, 300));
        return { text: 'finally', private: true };
      },
    }),
  },
  actions: {
    vote: {
      permission: 'anyone',
      updatesMessage: true,
      async run({ args }) {
        return { title: 'Vote card', text: `voted ${args.join(' ')}` };
      },
    },
    info: {
      permission: 'anyone',
      async run({ args }) {
        return { text: `info ${args.join(' ')}`, private: true };
      },
    },
    pick: {
      permission: 'anyone',
      async run({ args }) {
        return { text: `picked ${args.join(' ')}`, private: true };
      },
    },
  },
});

export interface DiscordTest {
  t: TestApp;
  adapter: DiscordAdapter;
  keys: { publicKey: KeyObject; privateKey: KeyObject; publicHex: string };
  close(): Promise<void>;
}

export function testKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKey, privateKey, publicHex: der.subarray(der.length - 32).toString('hex') };
}

/** The harness app, with the probe command added, and the Discord adapter in the given mode. */
export async function discordTest(
  mode: DiscordMode,
  opts: { deferAfterMs?: number; /** Another replica: the same database and application key. */ replicaOf?: DiscordTest; /** More settings of the bot (e.g. PUBLIC_URL). */ env?: Record<string, string> } = {},
): Promise<DiscordTest> {
  const { replicaOf, env, ...adapterOpts } = opts;
  const keys = replicaOf?.keys ?? testKeys();
  const t = await createTestApp({
    ...(replicaOf ? { databaseUrl: replicaOf.t.app.config.DATABASE_URL } : {}),
    env: {
      DISCORD_API_URL: API,
      DISCORD_TOKEN: 'test-token',
      DISCORD_APPLICATION_ID: APP_ID,
      ...(mode === 'http' ? { DISCORD_PUBLIC_KEY: keys.publicHex } : {}),
      ...env,
    },
  });
  t.app.dispatcher = new Dispatcher({ registry: new CommandRegistry([...commands, probe]), services: t.app.services, log: t.app.log, now: () => t.clock.now() });
  const adapter = await createDiscordAdapter(t.app, { mode, login: false, port: 0, host: '127.0.0.1', ...adapterOpts });
  await adapter.start();
  // The guild's cluster and the database's first queries exist before the first interaction, as
  // on a running bot: tests with a short deadline measure the adapter, not a cold start.
  for (const command of ['help', 'about']) {
    await t.app.dispatcher.dispatch({ platform: 'discord', cluster: { externalId: GUILD }, user: { id: '300000000000000999', displayName: 'warm-up', locale: 'en-US' }, kind: 'command', command, options: {} });
  }
  return {
    t,
    adapter,
    keys,
    async close() {
      // As the bot's shutdown does: an answer still on its way (a deferred reply's follow-up and
      // the deletion of its placeholder, on a busy machine) reaches the API before it is taken away.
      await t.app.inflight.idle(10_000);
      await adapter.stop();
      await t.close();
    },
  };
}

/** What the gateway connection (@discordjs/ws) emits when an INTERACTION_CREATE arrives on the socket. */
export function gatewayDispatch(adapter: DiscordAdapter, raw: unknown): void {
  const data = { op: 0, t: 'INTERACTION_CREATE', s: 1, d: raw } as unknown as GatewayDispatchPayload;
  adapter.gateway!.emit(WebSocketShardEvents.Dispatch, { data, shardId: 0 });
}

let counter = 0;
const snowflake = () => `${900000000000000000n + BigInt(++counter) * 1000n + BigInt(Math.floor(Math.random() * 1000))}`;

export interface Who {
  id: string;
  name: string;
  locale?: string;
  admin?: boolean;
}

export const ala: Who = { id: ALA, name: 'Ala' };

function common(type: number, who: Who) {
  const id = snowflake();
  return {
    id,
    application_id: APP_ID,
    type,
    token: `token-${id}`,
    version: 1,
    guild_id: GUILD,
    guild: { id: GUILD, locale: 'pl', features: [] },
    channel_id: CHANNEL,
    channel: { id: CHANNEL, type: 0 },
    member: {
      user: { id: who.id, username: who.name.toLowerCase(), global_name: who.name, discriminator: '0', avatar: null },
      nick: null,
      roles: [],
      permissions: who.admin ? '8' : '2048',
      joined_at: '2026-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    locale: who.locale ?? 'pl',
    guild_locale: 'pl',
    app_permissions: '2048',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD },
    context: 0,
    attachment_size_limit: 8388608,
  };
}

export function slash(who: Who, name: string, sub?: string, options: { name: string; type: number; value: unknown }[] = [], resolved?: Record<string, unknown>) {
  return {
    ...common(2, who),
    data: {
      id: snowflake(),
      name,
      type: 1,
      options: sub ? [{ name: sub, type: 1, options }] : options,
      ...(resolved ? { resolved } : {}),
    },
  };
}

/**
 * An autocomplete request (type 4) as a client sends it while someone types into `option`: the
 * subcommand's options so far, the focused one with what is typed.
 */
export function autocomplete(who: Who, name: string, sub: string, option: string, typed: string, others: { name: string; type: number; value: unknown }[] = []) {
  return {
    ...common(4, who),
    data: { id: snowflake(), name, type: 1, options: [{ name: sub, type: 1, options: [...others, { name: option, type: 3, value: typed, focused: true }] }] },
  };
}

export function button(who: Who, customId: string) {
  return {
    ...common(3, who),
    message: { id: snowflake(), channel_id: CHANNEL, content: '', embeds: [], components: [], author: { id: APP_ID, username: 'bot', discriminator: '0', avatar: null } },
    data: { custom_id: customId, component_type: 2 },
  };
}

export function select(who: Who, customId: string, values: string[]) {
  return { ...button(who, customId), data: { custom_id: customId, component_type: 3, values } };
}

/** A submitted modal as Discord sends it since Label components: one Label per input. */
export function modalSubmit(who: Who, customId: string, values: Record<string, string | string[]>) {
  return {
    ...common(5, who),
    data: {
      custom_id: customId,
      components: Object.entries(values).map(([id, value], i) => ({
        type: 18,
        id: i + 1,
        component: Array.isArray(value) ? { type: 3, id: i + 100, custom_id: id, values: value } : { type: 4, id: i + 100, custom_id: id, value },
      })),
    },
  };
}

export function ping() {
  return { id: snowflake(), application_id: APP_ID, type: 1, token: 'ping-token', version: 1 };
}

export function signed(privateKey: KeyObject, body: string, at: Date) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp, 'content-type': 'application/json' };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
