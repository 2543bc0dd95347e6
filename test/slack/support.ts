import { createHmac } from 'node:crypto';
import nock from 'nock';
import { vi } from 'vitest';
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../src/core/command.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { TranslationKey } from '../../src/core/i18n.ts';

export const SECRET = 'test-signing-secret';
/** Not slack.com: proves SLACK_API_URL reaches the Web API client. */
export const API = 'https://slack-proxy.test';
export const HOOKS = 'https://hooks.slack.test';
export const TEAM = 'T0CLUSTER';

export const slackEnv = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: `${API}/api/`,
};

/** Bolt checks its token with auth.test when it starts and before the first request. */
export function mockAuthTest() {
  return nock(API).post('/api/auth.test').reply(200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: TEAM }).persist();
}

/** A Web API call as Slack receives it: form fields, with JSON fields (blocks, view) decoded. */
export type Call = Record<string, unknown>;

export function decodeBody(body: unknown): Call {
  const raw: Record<string, unknown> = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as object) };
  for (const key of ['blocks', 'view', 'errors']) {
    if (typeof raw[key] === 'string') {
      try {
        raw[key] = JSON.parse(raw[key] as string);
      } catch {
        // not JSON: keep the text
      }
    }
  }
  return raw;
}

/** Mocks one Web API method; every call's decoded body is pushed to `calls`. */
export function mockApi(method: string, reply: object | ((call: Call) => object), calls: Call[] = [], times = 1) {
  const scope = nock(API)
    .post(`/api/${method}`, (body) => {
      calls.push(decodeBody(body));
      return true;
    })
    .times(times)
    .reply(200, () => (typeof reply === 'function' ? reply(calls[calls.length - 1]!) : reply));
  return { scope, calls };
}

export function sign(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

export async function postSigned(
  port: number,
  body: string,
  opts: { contentType?: string; headers?: Record<string, string>; timestamp?: number; badSignature?: boolean } = {},
): Promise<{ status: number; body: string; ms: number }> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    ...sign(body, opts.timestamp),
    ...opts.headers,
  };
  if (opts.badSignature) headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`;
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

export function slashBody(fields: { command: string; text?: string; user?: string; trigger?: string; channel?: string; responsePath?: string }): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: TEAM,
    team_domain: 'pkes',
    channel_id: fields.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: fields.user ?? 'U0ANNA',
    user_name: 'anna',
    command: fields.command,
    text: fields.text ?? '',
    api_app_id: 'A0APP',
    response_url: `${HOOKS}${fields.responsePath ?? '/commands/T0CLUSTER/1/abc'}`,
    trigger_id: fields.trigger ?? `trig-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** What Slack puts on every interaction payload about who acted: the workspace, the person, the app. */
export function fromPerson(id: string, name: string) {
  return { team: { id: TEAM, domain: 'pkes' }, user: { id, name, team_id: TEAM }, api_app_id: 'A0APP' };
}

/** A person's press of one button on an ephemeral reply in #general, as Slack posts it. */
export function buttonPress(person: { id: string; name: string }, button: { action_id: string; value: string }, responsePath: string): string {
  return interactionBody({
    type: 'block_actions',
    ...fromPerson(person.id, person.name),
    trigger_id: 'trig-start',
    channel: { id: 'C0GENERAL' },
    container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL', is_ephemeral: true },
    response_url: `${HOOKS}${responsePath}`,
    actions: [{ type: 'button', action_id: button.action_id, value: button.value, block_id: 'b', action_ts: '2.2' }],
  });
}

export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function usersInfo(user: { id: string; locale?: string; admin?: boolean; name?: string }) {
  return {
    ok: true,
    user: {
      id: user.id,
      name: user.name ?? user.id.toLowerCase(),
      real_name: user.name ?? user.id,
      locale: user.locale ?? 'en-US',
      is_admin: Boolean(user.admin),
      is_owner: false,
      profile: { display_name: user.name ?? user.id },
    },
  };
}

/** What the test form command received, and what its button was pressed with. */
export const seen = { notes: [] as Record<string, unknown>[], presses: [] as string[][] };

const key = (k: string) => k as TranslationKey;

/** A command with a form, owned by this test so the adapter is tested apart from features in progress. */
export const noteCommand = defineCommand({
  name: 'note',
  description: key('core.commands.help.description'),
  subcommands: {
    add: defineSubcommand({
      description: key('core.commands.help.description'),
      permission: 'anyone',
      options: z.object({
        title: z.string().trim().min(3).max(60).describe('core.options.value'),
        kind: z.enum(['idea', 'issue']).describe('core.options.key'),
      }),
      form: {
        title: key('core.help.title'),
        fields: [
          { name: 'title', label: key('core.options.value'), kind: 'short', required: true, maxLength: 60 },
          {
            name: 'kind',
            label: key('core.options.key'),
            kind: 'choice',
            required: true,
            options: [
              { value: 'idea', label: key('core.options.value') },
              { value: 'issue', label: key('core.options.key') },
            ],
          },
        ],
      },
      async run({ options }) {
        // "slow…" stands for a command that answers after Slack's 3 seconds would have run out.
        if (options.title.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, 400));
        // A rule broken by the whole submission rather than by one field.
        if (options.title === 'taken') throw new DomainError('core.errors.channelRequired');
        seen.notes.push(options);
        return {
          text: `noted <!channel> ${options.title} & more`,
          private: true,
          buttons: [{ label: 'Again', action: { command: 'note', action: 'again', args: ['n1'] } }],
        };
      },
    }),
    /** A record chosen in the form (a picker), and a long text. */
    link: defineSubcommand({
      description: key('core.commands.help.description'),
      permission: 'anyone',
      options: z.object({ record: z.string().min(1).describe('core.options.value'), message: z.string().min(1).describe('core.options.value') }),
      pickers: {
        record: async (_ctx, typed) =>
          [
            { value: 'rec-1', label: 'Spółdzielnia Socjalna Razem' },
            { value: 'rec-2', label: 'Fundacja Pomorska' },
          ].filter((r) => r.label.toLowerCase().includes(typed.toLowerCase())),
      },
      form: {
        title: key('core.help.title'),
        fields: [
          { name: 'record', label: key('core.options.value'), kind: 'short', required: true },
          { name: 'message', label: key('core.options.key'), kind: 'paragraph', required: true },
        ],
      },
      async run({ options }) {
        seen.notes.push(options);
        return { text: `linked ${options.record}`, private: true };
      },
    }),
  },
  actions: {
    // A choice that rewrites the card it was made on (like a vote card).
    pick: {
      permission: 'anyone',
      updatesMessage: true,
      async run({ args }) {
        seen.presses.push(args);
        return { text: `picked ${args.join(',')}` };
      },
    },
    again: {
      permission: 'anyone',
      async run({ args }) {
        seen.presses.push(args);
        return { text: `again ${args.join(',')}` };
      },
    },
  },
});

/** Work after the ack is asynchronous; on a busy machine it may take a few seconds. */
export function eventually<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 20 });
}
