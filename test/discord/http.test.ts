import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandPayload } from '../../src/adapters/discord/commands-payload.ts';
import { ala, API, autocomplete, discordTest, probe, modalSubmit, ping, select, GUILD, signed, slash, testKeys, waitFor, type DiscordTest } from './support.ts';

describe('Discord HTTP interactions endpoint', () => {
  let d: DiscordTest;
  let url: string;
  beforeEach(async () => {
    d = await discordTest('http', { deferAfterMs: 100 });
    url = `http://127.0.0.1:${d.adapter.port()}/interactions`;
  });
  afterEach(async () => {
    await d.close();
  });

  const post = (body: unknown, headers: Record<string, string>) => fetch(url, { method: 'POST', body: JSON.stringify(body), headers });
  const signedPost = (body: unknown, at = d.t.clock.now()) => {
    const text = JSON.stringify(body);
    return fetch(url, { method: 'POST', body: text, headers: signed(d.keys.privateKey, text, at) });
  };

  it('answers a signed PING with PONG', async () => {
    const res = await signedPost(ping());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('refuses an unsigned request with 401', async () => {
    const res = await post(ping(), { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
  });

  it('refuses a request signed with another key with 401', async () => {
    const other = testKeys();
    const text = JSON.stringify(ping());
    const res = await fetch(url, { method: 'POST', body: text, headers: signed(other.privateKey, text, d.t.clock.now()) });
    expect(res.status).toBe(401);
  });

  it('refuses a body changed after signing with 401', async () => {
    const text = JSON.stringify(ping());
    const headers = signed(d.keys.privateKey, text, d.t.clock.now());
    const res = await fetch(url, { method: 'POST', body: text.replace('"type":1', '"type":2'), headers });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed but stale request (over 5 minutes old) with 401', async () => {
    const res = await signedPost(ping(), new Date(d.t.clock.now().getTime() - 6 * 60_000));
    expect(res.status).toBe(401);
  });

  it('answers a body over 1 MiB with 413, not a connection reset', async () => {
    const big = JSON.stringify({ ...ping(), padding: 'x'.repeat(1024 * 1024 + 10) });
    const res = await fetch(url, { method: 'POST', body: big, headers: signed(d.keys.privateKey, big, d.t.clock.now()) });
    expect(res.status).toBe(413);
  });

  it('answers a slash command in the HTTP response', async () => {
    const res = await signedPost(slash(ala, 'probe', 'echo', [{ name: 'text', type: 3, value: 'hej' }]));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 4, data: { content: 'echo hej from Ala' } });
  });

  it('answers a select and a modal submission in the HTTP response', async () => {
    const chosen = await signedPost(select(ala, 'pk|probe|pick|m1', ['a']));
    expect(await chosen.json()).toMatchObject({ type: 4, data: { content: 'picked m1 a', flags: 64 } });

    const opened = await signedPost(slash(ala, 'probe', 'apply'));
    const modal = (await opened.json()) as { type: number; data: { custom_id: string } };
    expect(modal.type).toBe(9);
    const step = await signedPost(modalSubmit(ala, modal.data.custom_id, { name: 'Wrzos', email: 'not-an-email', city: '', category: ['main'], about: 'x' }));
    expect(await step.json()).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('answers autocomplete from the option\'s picker, filtered by what was typed and by who asks', async () => {
    // The option is registered for autocomplete, so a client sends type 4 while someone types.
    const find = (commandPayload(probe).options as any[]).find((o) => o.name === 'find');
    expect(find.options).toEqual([expect.objectContaining({ name: 'record', autocomplete: true })]);
    expect(find.options[0].choices).toBeUndefined();

    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    const person = await d.t.app.services.people.ensure(cluster.id, ala.id, 'Ala');
    await d.t.app.services.people.grantRole(cluster.id, person.id, 'coordinator', null);
    const res = await signedPost(autocomplete(ala, 'probe', 'find', 'record', 'fund'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 8, data: { choices: [{ name: 'Fundacja Pomorska', value: 'rec-2' }] } });
    const all = await signedPost(autocomplete(ala, 'probe', 'find', 'record', ''));
    expect(((await all.json()) as any).data.choices).toHaveLength(2);

    // Someone who may not run the subcommand is offered nothing.
    const other = await signedPost(autocomplete({ id: '300000000000000077', name: 'Olek' }, 'probe', 'find', 'record', ''));
    expect(await other.json()).toEqual({ type: 8, data: { choices: [] } });
    // An option without a picker: nothing, and no error.
    const none = await signedPost(autocomplete(ala, 'probe', 'echo', 'text', 'x'));
    expect(await none.json()).toEqual({ type: 8, data: { choices: [] } });
  });

  it('defers in the HTTP response and edits through the webhook when the core is late', async () => {
    const raw = slash(ala, 'probe', 'late');
    let edit: any;
    const scope = nock(API)
      .post(`/v10/webhooks/${raw.application_id}/${raw.token}`, (body) => {
        edit = body;
        return true;
      })
      .reply(200, { id: '1' })
      .delete(`/v10/webhooks/${raw.application_id}/${raw.token}/messages/%40original`)
      .reply(204);
    const res = await signedPost(raw);
    expect(await res.json()).toEqual({ type: 5, data: {} });
    await waitFor(() => scope.isDone(), 'the late answer');
    expect(edit).toMatchObject({ content: 'finally', flags: 64 });
  });

  it('answers a reply with a file by deferring in the HTTP response and attaching it in the webhook edit', async () => {
    const raw = slash(ala, 'probe', 'file');
    let edit = '';
    const scope = nock(API)
      .patch(`/v10/webhooks/${raw.application_id}/${raw.token}/messages/%40original`, (body) => {
        edit = typeof body === 'string' ? body : JSON.stringify(body);
        return true;
      })
      .reply(200, { id: '1' });
    const res = await signedPost(raw);
    // Files cannot travel in a JSON response; the deferral keeps the reply private.
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    await waitFor(() => scope.isDone(), 'the edit with the file');
    expect(edit).toContain('filename="export.csv"');
    expect(edit).toContain('Your export');
  });

  it('retries an edit that raced ahead of the deferral once (10008), so the answer still arrives', async () => {
    const raw = slash(ala, 'probe', 'report');
    const scope = nock(API)
      .patch(`/v10/webhooks/${raw.application_id}/${raw.token}/messages/%40original`)
      .reply(404, { message: 'Unknown Message', code: 10008 })
      .patch(`/v10/webhooks/${raw.application_id}/${raw.token}/messages/%40original`, (body) => JSON.stringify(body).includes('report.csv'))
      .reply(200, { id: '1' });
    const res = await signedPost(raw);
    expect(await res.json()).toEqual({ type: 5, data: {} });
    await waitFor(() => scope.isDone(), 'the retried edit');
    expect(d.t.logs.lines.filter((l) => l.level === 50)).toEqual([]);
  });

  it('tells a user writing to the bot in a DM that it works in the cluster\'s server', async () => {
    const raw = slash(ala, 'about') as Record<string, unknown>;
    delete raw.guild_id;
    delete raw.guild;
    raw.user = (raw.member as { user: unknown }).user;
    delete raw.member;
    const res = await signedPost(raw);
    expect(await res.json()).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('serwerze klastra') } });
  });
});

describe('Discord HTTP interactions on two replicas behind a load balancer', () => {
  it('handles an interaction id once across replicas sharing the database', async () => {
    // Two replicas: each its own adapter and HTTP server, one database and application key.
    // Answers within Discord's 3 s come in the HTTP response, so each replica's answer is visible.
    const d = await discordTest('http', { deferAfterMs: 2500 });
    const replica = await discordTest('http', { deferAfterMs: 2500, replicaOf: d });
    try {
      const url = `http://127.0.0.1:${d.adapter.port()}/interactions`;
      const urlB = `http://127.0.0.1:${replica.adapter.port()}/interactions`;
      expect(urlB).not.toBe(url);
      const to = (target: string, raw: unknown) => {
        const text = JSON.stringify(raw);
        return fetch(target, { method: 'POST', body: text, headers: signed(d.keys.privateKey, text, d.t.clock.now()) });
      };
      const answer = async (res: Response) => ({ status: res.status, body: await res.text() });

      // Delivered to A, then retried to B (the load balancer's other target): B answers nothing.
      const one = slash(ala, 'probe', 'echo', [{ name: 'text', type: 3, value: 'raz' }]);
      expect(await answer(await to(url, one))).toMatchObject({ status: 200, body: expect.stringContaining('echo raz from Ala') });
      expect(await answer(await to(urlB, one))).toEqual({ status: 202, body: '' });

      // The other way round.
      const two = slash(ala, 'probe', 'echo', [{ name: 'text', type: 3, value: 'dwa' }]);
      expect(await answer(await to(urlB, two))).toMatchObject({ status: 200, body: expect.stringContaining('echo dwa from Ala') });
      expect(await answer(await to(url, two))).toEqual({ status: 202, body: '' });

      // Both at the same moment: exactly one replica runs the command.
      const three = slash(ala, 'probe', 'echo', [{ name: 'text', type: 3, value: 'trzy' }]);
      const both = await Promise.all([to(url, three).then(answer), to(urlB, three).then(answer)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 202]);
      expect(both.filter((r) => r.body.includes('echo trzy from Ala'))).toHaveLength(1);
    } finally {
      await replica.close();
      await d.close();
    }
  });
});
