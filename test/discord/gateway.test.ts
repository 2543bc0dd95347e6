import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeAction } from '../../src/core/reply.ts';
import { ala, API, button, discordTest, gatewayDispatch, GUILD, modalSubmit, select, slash, waitFor, type DiscordTest } from './support.ts';

type Captured = { type: number; data?: Record<string, any> };

/** Mocks the interaction callback endpoint and records what the bot answered. */
function expectCallback(raw: { id: string; token: string }, status = 204, reply: Record<string, unknown> = {}) {
  const answers: Captured[] = [];
  const scope = nock(API)
    .post(`/v10/interactions/${raw.id}/${raw.token}/callback`, (body) => {
      answers.push(body as Captured);
      return true;
    })
    .reply(status, status === 204 ? undefined : reply);
  return { answers, scope };
}

/** What the gateway connection (@discordjs/ws) emits for an INTERACTION_CREATE it receives. */
function dispatch(d: DiscordTest, raw: unknown) {
  gatewayDispatch(d.adapter, raw);
}

describe('Discord gateway mode', () => {
  let d: DiscordTest;
  beforeEach(async () => {
    d = await discordTest('gateway', { deferAfterMs: 100 });
  });
  afterEach(async () => {
    await d.close();
  });

  it('answers a slash command with an embed through the callback endpoint, in the user\'s language', async () => {
    const raw = slash({ ...ala, locale: 'en-US' }, 'about');
    const { answers, scope } = expectCallback(raw);
    dispatch(d, raw);
    await waitFor(() => scope.isDone(), 'the callback');
    expect(answers[0]!.type).toBe(4);
    const embed = answers[0]!.data!.embeds[0];
    expect(embed.title).toBe('Pomeranian Social Economy Cluster');
    expect(answers[0]!.data!.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    expect(cluster.platform).toBe('discord');
  });

  it('maps options, resolved user names and the Administrator bit; pings only the mentioned user', async () => {
    const BOB = '300000000000000033';
    const raw = slash({ ...ala, admin: true }, 'setup', 'role', [
      { name: 'user', type: 6, value: BOB },
      { name: 'role', type: 3, value: 'coordinator' },
    ], {
      users: { [BOB]: { id: BOB, username: 'bob', global_name: 'Bob Global', discriminator: '0', avatar: null } },
      members: { [BOB]: { nick: 'Bobby', roles: [], joined_at: '2026-01-01T00:00:00.000Z', permissions: '0', flags: 0 } },
    });
    const { answers, scope } = expectCallback(raw);
    dispatch(d, raw);
    await waitFor(() => scope.isDone(), 'the callback');
    const data = answers[0]!.data!;
    expect(data.content).toContain(`<@${BOB}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [BOB], replied_user: false });
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    const coordinators = await d.t.app.db.people.withRole(cluster.id, ['coordinator']);
    const people = await d.t.app.db.people.byIds(coordinators.map((c) => c.personId));
    expect(people.map((p) => [p.platformUserId, p.displayName])).toEqual([[BOB, 'Bobby']]);
  });

  it('refuses the Administrator-only command to a member without the bit', async () => {
    const raw = slash(ala, 'setup', 'role', [
      { name: 'user', type: 6, value: ala.id },
      { name: 'role', type: 3, value: 'coordinator' },
    ]);
    const { answers, scope } = expectCallback(raw);
    dispatch(d, raw);
    await waitFor(() => scope.isDone(), 'the callback');
    expect(answers[0]!.data!.flags).toBe(64);
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    expect(await d.t.app.db.people.withRole(cluster.id, ['coordinator'])).toEqual([]);
  });

  it('opens a long form as two modals and keeps what was typed in step one', async () => {
    // 1. The command without fields opens the form: a modal of at most 5 inputs.
    const open = slash(ala, 'probe', 'apply');
    const first = expectCallback(open);
    dispatch(d, open);
    await waitFor(() => first.scope.isDone(), 'the first modal');
    expect(first.answers[0]!.type).toBe(9);
    const modal1 = first.answers[0]!.data!;
    expect(modal1.title.length).toBeLessThanOrEqual(45);
    expect(modal1.title).toMatch(/\(1\/2\)$/);
    expect(modal1.components).toHaveLength(5);
    expect(modal1.components.map((c: any) => c.component.custom_id)).toEqual(['name', 'email', 'city', 'category', 'about']);
    const category = modal1.components[3];
    expect(category.component.type).toBe(3);
    expect(category.component.options.map((o: any) => o.value)).toEqual(['main', 'supporting']);
    for (const c of modal1.components) expect(c.label.length).toBeLessThanOrEqual(45);

    // 2. Step one submitted: saved as a draft, answered with a "continue" button.
    const step1 = modalSubmit(ala, modal1.custom_id, { name: 'Spółdzielnia Wrzos', email: 'biuro@wrzos.pl', city: 'Gdańsk', category: ['main'], about: 'Catering' });
    const second = expectCallback(step1);
    dispatch(d, step1);
    await waitFor(() => second.scope.isDone(), 'the step answer');
    expect(second.answers[0]!.type).toBe(4);
    expect(second.answers[0]!.data!.flags).toBe(64);
    const cont = second.answers[0]!.data!.components[0].components[0];
    expect(cont.label).toBe('Dalej (2/2)');

    // 3. The button opens step two as a modal (type 9, within the 3 seconds).
    const press = button(ala, cont.custom_id);
    const third = expectCallback(press);
    dispatch(d, press);
    await waitFor(() => third.scope.isDone(), 'the second modal');
    expect(third.answers[0]!.type).toBe(9);
    const modal2 = third.answers[0]!.data!;
    expect(modal2.components.map((c: any) => c.component.custom_id)).toEqual(['size', 'website']);

    // 4. The last step submits: the core merges the draft, nothing from step one is lost.
    const step2 = modalSubmit(ala, modal2.custom_id, { size: '12', website: 'https://wrzos.pl' });
    const last = expectCallback(step2);
    dispatch(d, step2);
    await waitFor(() => last.scope.isDone(), 'the final answer');
    const done = last.answers[0]!.data!;
    expect(done.embeds[0].title).toBe('Application received');
    expect(JSON.parse(done.embeds[0].description)).toEqual({
      name: 'Spółdzielnia Wrzos',
      email: 'biuro@wrzos.pl',
      city: 'Gdańsk',
      category: 'main',
      about: 'Catering',
      size: 12,
      website: 'https://wrzos.pl',
    });
    expect(done.flags).toBe(64);
  });

  it('renders buttons and a choice list as components, and a button that updates its message answers with type 7', async () => {
    const raw = slash(ala, 'probe', 'card');
    const card = expectCallback(raw);
    dispatch(d, raw);
    await waitFor(() => card.scope.isDone(), 'the card');
    const rows = card.answers[0]!.data!.components;
    expect(rows[0].components[0]).toMatchObject({ type: 3, custom_id: encodeAction({ command: 'probe', action: 'pick', args: ['m1'] }), placeholder: 'Pick' });
    expect(rows[1].components.map((b: any) => [b.label, b.custom_id])).toEqual([
      ['Yes', 'pk|probe|vote|m1|yes'],
      ['Info', 'pk|probe|info|m1'],
    ]);

    const press = button(ala, 'pk|probe|vote|m1|yes');
    const voted = expectCallback(press);
    dispatch(d, press);
    await waitFor(() => voted.scope.isDone(), 'the vote');
    expect(voted.answers[0]!.type).toBe(7);
    expect(voted.answers[0]!.data!.embeds[0].description).toBe('voted m1 yes');
  });

  it('passes the chosen values of a select menu to the action', async () => {
    const raw = select(ala, 'pk|probe|pick|m1', ['b']);
    const { answers, scope } = expectCallback(raw);
    dispatch(d, raw);
    await waitFor(() => scope.isDone(), 'the callback');
    expect(answers[0]).toMatchObject({ type: 4, data: { content: 'picked m1 b', flags: 64 } });
  });

  it('defers a slow command at once, then edits the original response with the file attached', async () => {
    const raw = slash(ala, 'probe', 'report');
    const { answers, scope } = expectCallback(raw);
    let edit = '';
    const edited = nock(API)
      .patch(`/v10/webhooks/${raw.application_id}/${raw.token}/messages/%40original`, (body) => {
        edit = typeof body === 'string' ? body : JSON.stringify(body);
        return true;
      })
      .reply(200, { id: '1' });
    dispatch(d, raw);
    await waitFor(() => edited.isDone(), 'the edit');
    expect(scope.isDone()).toBe(true);
    expect(answers[0]).toEqual({ type: 5, data: {} });
    expect(edit).toContain('report.csv');
    expect(edit).toContain('a,b');
  });

  it('defers work the core has not finished in time and fixes the privacy of the late answer', async () => {
    const raw = slash(ala, 'probe', 'late');
    const { answers, scope } = expectCallback(raw);
    let followUp: any;
    const posted = nock(API)
      .post(`/v10/webhooks/${raw.application_id}/${raw.token}`, (body) => {
        followUp = body;
        return true;
      })
      .reply(200, { id: '2' });
    const deleted = nock(API).delete(`/v10/webhooks/${raw.application_id}/${raw.token}/messages/%40original`).reply(204);
    dispatch(d, raw);
    await waitFor(() => deleted.isDone(), 'the public deferral removed');
    expect(answers[0]).toEqual({ type: 5, data: {} });
    expect(posted.isDone()).toBe(true);
    expect(followUp).toMatchObject({ content: 'finally', flags: 64 });
  });

  it.each([
    [10062, 404, 'Unknown interaction'],
    [40060, 400, 'Interaction has already been acknowledged.'],
  ])('logs and drops an answer Discord refuses with %i (late or duplicate), without an error to anyone', async (code, status, message) => {
    const raw = slash(ala, 'about');
    const { scope } = expectCallback(raw, status, { message, code });
    dispatch(d, raw);
    await waitFor(() => d.t.logs.lines.some((l) => l.msg === 'discord interaction answer dropped (late or duplicate)'), 'the log line');
    expect(scope.isDone()).toBe(true);
    expect(d.t.logs.lines.filter((l) => l.level === 50)).toEqual([]);
  });

  it('answers the same interaction once even when it arrives twice', async () => {
    const raw = slash(ala, 'about');
    const { answers, scope } = expectCallback(raw);
    dispatch(d, raw);
    dispatch(d, raw);
    await waitFor(() => d.t.logs.lines.some((l) => l.msg === 'delivery already handled'), 'the duplicate');
    await waitFor(() => scope.isDone(), 'the callback');
    expect(answers).toHaveLength(1);
  });
});
