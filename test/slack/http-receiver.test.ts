import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { mockRespond, startSlack, type SlackTest } from './adapter-test.ts';
import type { TestApp } from '../support/harness.ts';
import { HOOKS, TEAM, interactionBody, mockApi, postSigned, seen, slashBody, usersInfo, eventually, type Call, fromPerson } from './support.ts';

// The adapter is tested with a small, stable command list (and a form command of its own), not
// with whatever features are being built at the same time.
vi.mock('../../commands/index.ts', async () => {
  const [{ default: help }, { default: setup }, { noteCommand }] = await Promise.all([
    import('../../commands/help.ts'),
    import('../../commands/setup.ts'),
    import('./support.ts'),
  ]);
  return { commands: [help, setup, noteCommand] };
});

let t: TestApp;
let slack: SlackAdapter;
let running: SlackTest;

beforeEach(async () => {
  seen.notes.length = 0;
  seen.presses.length = 0;
  running = await startSlack();
  ({ t, slack } = running);
});

afterEach(() => running.stop());

const text = (call: Call | undefined) => JSON.stringify(call?.blocks ?? call?.view ?? '');

describe('Slack over HTTP (Bolt receiver, signed requests)', () => {
  it('a slash command is acknowledged at once and answered ephemerally in the user\'s language', async () => {
    const info = mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const respond = mockRespond();

    const res = await postSigned(slack.port!, slashBody({ command: '/pkes-help' }));

    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.ms).toBeLessThan(3000);
    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(info.calls[0]).toMatchObject({ user: 'U0ANNA', include_locale: 'true' });
    expect(respond.calls[0]).toMatchObject({ response_type: 'ephemeral' });
    const shown = text(respond.calls[0]);
    expect(shown).toContain('Commands you can use');
    // Command names in the core's text carry the workspace's prefix, as typed on Slack.
    expect(shown).toContain('`/pkes-note add`');
    expect(shown).not.toMatch(/[\s`]\/note/);
  });

  it('when Slack will not say who the user is, the reply is in the cluster\'s language', async () => {
    mockApi('users.info', { ok: false, error: 'user_not_found' });
    const respond = mockRespond();

    await postSigned(slack.port!, slashBody({ command: '/pkes-help' }));

    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(text(respond.calls[0])).toContain('Polecenia dostępne dla Ciebie');
  });

  it('the HTTP answer comes before the work: a slow command is acked first and answered later', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const respond = mockRespond();

    const res = await postSigned(slack.port!, slashBody({ command: '/pkes-note', text: 'add title:"slow one" kind:idea' }));

    expect(res.status).toBe(200);
    expect(seen.notes).toEqual([]);
    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(seen.notes).toEqual([{ title: 'slow one', kind: 'idea' }]);
  });

  it('Slack\'s URL verification challenge is answered', async () => {
    const res = await postSigned(slack.port!, JSON.stringify({ type: 'url_verification', challenge: 'chal-123', token: 'x' }), { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('chal-123');
  });

  it('options that do not parse are answered with the command\'s usage in the user\'s language', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-GB', admin: true }));
    const respond = mockRespond();

    await postSigned(slack.port!, slashBody({ command: '/pkes-setup', text: 'role user:<@U0BOB|bob> role:emperor' }));

    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    const shown = text(respond.calls[0]);
    expect(shown).toContain('Usage: /pkes-setup role user:<…> role:<…> [revoke:<…>]'.replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect(respond.calls[0]).toMatchObject({ response_type: 'ephemeral' });
  });

  it('a workspace admin names a coordinator by mention; the mention becomes the user id', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'pl-PL', admin: true }));
    const respond = mockRespond();

    await postSigned(slack.port!, slashBody({ command: '/pkes-setup', text: 'role user:<@U0BOB|bob> role:coordinator' }));

    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(text(respond.calls[0])).toContain('<@U0BOB>');
    expect(respond.calls[0]).toMatchObject({ response_type: 'in_channel' });
    const cluster = await t.app.services.clusters.resolve('slack', TEAM);
    const coordinators = await t.app.services.people.withRoles(cluster.id, ['coordinator']);
    expect(coordinators.map((p) => [p.platformUserId, p.displayName])).toEqual([['U0BOB', 'bob']]);
  });

  it('a command called without its form fields opens the form as a modal with the trigger id', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const open = mockApi('views.open', { ok: true, view: { id: 'V1' } });

    await postSigned(slack.port!, slashBody({ command: '/pkes-note', text: 'add', trigger: 'trig-form' }));

    await eventually(() => expect(open.scope.isDone()).toBe(true));
    const view = open.calls[0]!.view as { type: string; callback_id: string; private_metadata: string; blocks: { block_id: string; element: { type: string } }[] };
    expect(open.calls[0]!.trigger_id).toBe('trig-form');
    expect(view.type).toBe('modal');
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['title', 'plain_text_input'],
      ['kind', 'static_select'],
    ]);
    expect(JSON.parse(view.private_metadata)).toEqual({ f: 'note.add', c: 'C0GENERAL' });
  });

  it('a record in a form is an external select that Slack fills from the picker as the person types', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const open = mockApi('views.open', { ok: true, view: { id: 'V2' } });
    await postSigned(slack.port!, slashBody({ command: '/pkes-note', text: 'link', trigger: 'trig-link' }));
    await eventually(() => expect(open.scope.isDone()).toBe(true));
    const view = open.calls[0]!.view as { private_metadata: string; blocks: { block_id: string; element: { type: string; min_query_length?: number } }[] };
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['record', 'external_select'],
      ['message', 'plain_text_input'],
    ]);
    expect(view.blocks[0]!.element.min_query_length).toBe(0);

    // Slack's options request (block_suggestion) for what is typed: answered in the HTTP response.
    const suggestion = (value: string) =>
      interactionBody({
        type: 'block_suggestion',
        ...fromPerson('U0ANNA', 'anna'),
        action_id: 'value',
        block_id: 'record',
        value,
        view: { id: 'V2', type: 'modal', callback_id: 'pk-form', private_metadata: view.private_metadata, state: { values: {} } },
      });
    const res = await postSigned(slack.port!, suggestion('fund'));
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { options: { text: { text: string }; value: string }[] };
    expect(answer.options.map((o) => [o.text.text, o.value])).toEqual([['Fundacja Pomorska', 'rec-2']]);
    expect(JSON.parse((await postSigned(slack.port!, suggestion(''))).body).options).toHaveLength(2);
  });

  it('slash text may name a record instead of giving its id', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const respond = mockRespond();
    await postSigned(slack.port!, slashBody({ command: '/pkes-note', text: 'link record:"fundacja pomorska" message:"Dzień dobry"' }));
    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(seen.notes[0]).toEqual({ record: 'rec-2', message: 'Dzień dobry' });
  });

  it('when the trigger has expired before the form could open, a button to open it is shown instead', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    mockApi('views.open', { ok: false, error: 'expired_trigger_id' });
    const respond = mockRespond();

    await postSigned(slack.port!, slashBody({ command: '/pkes-note', text: 'add' }));

    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(respond.calls[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(text(respond.calls[0])).toContain('"value":"pk|core|form|note.add"');
  });

  const submission = (values: { title: string; kind?: string }, trigger = 'trig-submit') => ({
    type: 'view_submission',
    ...fromPerson('U0ANNA', 'anna'),
    trigger_id: trigger,
    view: {
      id: 'V1',
      hash: 'h1',
      type: 'modal',
      callback_id: 'pk-form',
      private_metadata: JSON.stringify({ f: 'note.add', c: 'C0GENERAL' }),
      blocks: [{ type: 'input', block_id: 'title' }, { type: 'input', block_id: 'kind' }],
      state: {
        values: {
          title: { value: { type: 'plain_text_input', value: values.title } },
          kind: { value: { type: 'static_select', selected_option: values.kind ? { value: values.kind } : null } },
        },
      },
    },
  });

  it('a rejected form submission keeps the modal open with the field errors', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));

    const res = await postSigned(slack.port!, interactionBody(submission({ title: 'ab', kind: 'idea' })));

    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual(['title']);
    expect(seen.notes).toEqual([]);
    const cluster = await t.app.services.clusters.resolve('slack', TEAM);
    const person = await t.app.services.people.ensure(cluster.id, 'U0ANNA', 'anna');
    expect(await t.app.services.drafts.get(cluster.id, person.id, 'note.add')).toMatchObject({ title: 'ab', kind: 'idea' });
  });

  it('a submission refused by a rule (not a field) shows the reason on top of the modal, which stays', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));

    const res = await postSigned(slack.port!, interactionBody(submission({ title: 'taken', kind: 'idea' }, 'trig-taken')));

    const answer = JSON.parse(res.body) as { response_action: string; view: { callback_id: string; blocks: unknown[] } };
    expect(answer.response_action).toBe('push');
    expect(answer.view.callback_id).toBe('pk-error');
    expect(JSON.stringify(answer.view.blocks)).toContain('channel');
    expect(seen.notes).toEqual([]);
  });

  it('"edit the form" after a rejected submission reopens the modal with what was typed', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    await postSigned(slack.port!, interactionBody(submission({ title: 'ab', kind: 'issue' }, 'trig-rejected')));
    const open = mockApi('views.open', { ok: true, view: { id: 'V2' } });

    await postSigned(
      slack.port!,
      interactionBody({
        type: 'block_actions',
        team: { id: TEAM, domain: 'pkes' },
        user: { id: 'U0ANNA', name: 'anna', team_id: TEAM },
        trigger_id: 'trig-reopen',
        channel: { id: 'C0GENERAL' },
        container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL' },
        response_url: `${HOOKS}/actions/T0CLUSTER/5/re`,
        actions: [{ type: 'button', action_id: 'pk|core|form|note.add', value: 'pk|core|form|note.add', block_id: 'b', action_ts: '5.5' }],
      }),
    );

    await eventually(() => expect(open.scope.isDone()).toBe(true));
    expect(open.calls[0]!.trigger_id).toBe('trig-reopen');
    const [title, kind] = (open.calls[0]!.view as { blocks: { element: { initial_value?: string; initial_option?: { value: string } } }[] }).blocks;
    expect(title!.element.initial_value).toBe('ab');
    expect(kind!.element.initial_option?.value).toBe('issue');
  });

  it('an accepted form submission closes the modal and shows the result ephemerally, escaped', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const ephemeral = mockApi('chat.postEphemeral', { ok: true, message_ts: '1.1' });

    const res = await postSigned(slack.port!, interactionBody(submission({ title: 'Szycie', kind: 'issue' })));

    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await eventually(() => expect(ephemeral.scope.isDone()).toBe(true));
    expect(seen.notes).toEqual([{ title: 'Szycie', kind: 'issue' }]);
    expect(ephemeral.calls[0]).toMatchObject({ channel: 'C0GENERAL', user: 'U0ANNA' });
    const shown = text(ephemeral.calls[0]);
    expect(shown).toContain('&lt;!channel&gt; Szycie &amp; more');
    expect(shown).not.toContain('<!channel>');
  });

  it('an answer that cannot be posted where the form was opened arrives as a DM', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    mockApi('chat.postEphemeral', { ok: false, error: 'channel_not_found' });
    const open = mockApi('conversations.open', { ok: true, channel: { id: 'D0ANNA' } });
    const dm = mockApi('chat.postMessage', { ok: true, channel: 'D0ANNA', ts: '7.7' });

    await postSigned(slack.port!, interactionBody(submission({ title: 'Private room', kind: 'idea' }, 'trig-dm')));

    await eventually(() => expect(dm.scope.isDone()).toBe(true));
    expect(open.calls[0]).toMatchObject({ users: 'U0ANNA' });
    expect(dm.calls[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(text(dm.calls[0])).toContain('Private room');
  });

  it('a form answer slower than the ack budget closes the modal at once and arrives as a message', async () => {
    const fast = await createSlackAdapter(t.app, { port: 0, host: '127.0.0.1', viewAckBudgetMs: 50 });
    try {
      mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
      const ephemeral = mockApi('chat.postEphemeral', { ok: true, message_ts: '1.1' });

      const res = await postSigned(fast.port!, interactionBody(submission({ title: 'slow but sure', kind: 'idea' }, 'trig-slow')));

      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      expect(seen.notes).toEqual([]);
      await eventually(() => expect(ephemeral.scope.isDone()).toBe(true));
      expect(seen.notes).toEqual([{ title: 'slow but sure', kind: 'idea' }]);
      expect(text(ephemeral.calls[0])).toContain('slow but sure');
    } finally {
      await fast.stop();
    }
  });

  it('a button press reaches the action handler with its arguments', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const respond = mockRespond('/actions/T0CLUSTER/2/xyz');

    const res = await postSigned(
      slack.port!,
      interactionBody({
        type: 'block_actions',
        ...fromPerson('U0ANNA', 'anna'),
        trigger_id: 'trig-button',
        channel: { id: 'C0GENERAL' },
        container: { type: 'message', message_ts: '1.1', channel_id: 'C0GENERAL' },
        response_url: `${HOOKS}/actions/T0CLUSTER/2/xyz`,
        actions: [{ type: 'button', action_id: 'pk|note|again|n1', value: 'pk|note|again|n1', block_id: 'b', action_ts: '2.2' }],
      }),
    );

    expect(res.status).toBe(200);
    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(seen.presses).toEqual([['n1']]);
    expect(respond.calls[0]).toMatchObject({ response_type: 'in_channel', replace_original: false });
  });

  it('a choice from a select on a card replaces the card, with the chosen value as the last argument', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const respond = mockRespond('/actions/T0CLUSTER/3/sel');

    await postSigned(
      slack.port!,
      interactionBody({
        type: 'block_actions',
        team: { id: TEAM, domain: 'pkes' },
        user: { id: 'U0ANNA', name: 'anna', team_id: TEAM },
        trigger_id: 'trig-select',
        channel: { id: 'C0GENERAL' },
        container: { type: 'message', message_ts: '4.4', channel_id: 'C0GENERAL' },
        response_url: `${HOOKS}/actions/T0CLUSTER/3/sel`,
        actions: [{ type: 'static_select', action_id: 'pk|note|pick|card7#2', block_id: 'b', selected_option: { value: 'g42' }, action_ts: '4.5' }],
      }),
    );

    await eventually(() => expect(respond.scope.isDone()).toBe(true));
    expect(seen.presses).toEqual([['card7', 'g42']]);
    expect(respond.calls[0]).toMatchObject({ replace_original: true, response_type: 'in_channel' });
  });

  it('a request with a bad signature gets 401 and does nothing', async () => {
    const res = await postSigned(slack.port!, slashBody({ command: '/pkes-help' }), { badSignature: true });
    expect(res.status).toBe(401);
    // Had it been handled, users.info would have been called: afterEach fails on any unmocked call.
    await new Promise((r) => setTimeout(r, 200));
  });

  it('a correctly signed request stamped more than five minutes in the future gets 401 and does nothing', async () => {
    const res = await postSigned(slack.port!, slashBody({ command: '/pkes-help' }), { timestamp: Math.floor(Date.now() / 1000) + 400 });
    expect(res.status).toBe(401);
    expect(t.logs.lines.some((l) => l.msg === 'slack request stamped in the future refused')).toBe(true);
    // Within the window (a clock a little ahead) it is Slack's and is handled.
    mockApi('users.info', usersInfo({ id: 'U0ANNA' }));
    const respond = mockRespond();
    const ok = await postSigned(slack.port!, slashBody({ command: '/pkes-help' }), { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(ok.status).toBe(200);
    await eventually(() => expect(respond.scope.isDone()).toBe(true));
  });

  it('a correctly signed request older than five minutes gets 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(slack.port!, slashBody({ command: '/pkes-help' }), { timestamp: stale });
    expect(res.status).toBe(401);
  });

  it('a retried form submission (same trigger id) is acted on once', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const ephemeral = mockApi('chat.postEphemeral', { ok: true, message_ts: '1.1' });
    const body = interactionBody(submission({ title: 'Once only', kind: 'idea' }, 'trig-retried'));

    await postSigned(slack.port!, body);
    await eventually(() => expect(ephemeral.scope.isDone()).toBe(true));
    const retry = await postSigned(slack.port!, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });

    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.notes).toHaveLength(1);
  });

  it('a retried event delivery (x-slack-retry-num) is answered once', async () => {
    mockApi('users.info', usersInfo({ id: 'U0ANNA', locale: 'en-US' }));
    const posted = mockApi('chat.postMessage', { ok: true, channel: 'C0GENERAL', ts: '3.3' });
    const event = JSON.stringify({
      type: 'event_callback',
      team_id: TEAM,
      api_app_id: 'A0APP',
      event_id: 'Ev0MENTION',
      event_time: 1,
      event: { type: 'app_mention', user: 'U0ANNA', text: '<@U0BOT> hi', ts: '3.0', channel: 'C0GENERAL', event_ts: '3.0' },
    });

    const first = await postSigned(slack.port!, event, { contentType: 'application/json' });
    await eventually(() => expect(posted.scope.isDone()).toBe(true));
    const retry = await postSigned(slack.port!, event, { contentType: 'application/json', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });

    expect([first.status, retry.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 200));
    expect(posted.calls).toHaveLength(1);
    expect(posted.calls[0]).toMatchObject({ channel: 'C0GENERAL', thread_ts: '3.0' });
    expect(String(posted.calls[0]!.text)).toContain('/pkes-help');
  });
});
