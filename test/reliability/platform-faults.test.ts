import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { meetingReminders } from '../../src/jobs/meeting-reminders.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { API as DISCORD_API, ALA, GUILD, discordTest, type DiscordTest } from '../discord/support.ts';
import { API as SLACK_API, TEAM, mockApi, mockAuthTest, slackEnv } from '../slack/support.ts';

/**
 * The platform answering 5xx: the bot retries (@discordjs/rest: 3 retries, at once; Slack Web API
 * client: 4 retries with back-off), then reports what could not be delivered (a NotificationFailure
 * row and a warning for a private message, an error line for a channel post) and keeps serving. It
 * never throws out of a notification call, so a scheduler run or a command is never crashed by it.
 * Answering 429: the bot logs it, waits the Retry-After the platform gives, and retries.
 */

const BOT_CHANNEL = '600000000000000001';
const ANNOUNCEMENTS = '600000000000000002';
const DM = '700000000000000001';

describe('platform faults: Discord REST answering 5xx and 429', () => {
  let d: DiscordTest;
  let clusterId: string;
  let personId: string;

  beforeEach(async () => {
    d = await discordTest('gateway');
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    clusterId = cluster.id;
    await d.t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: BOT_CHANNEL, announcements: ANNOUNCEMENTS } });
    personId = (await d.t.app.services.people.ensure(cluster.id, ALA, 'Ala')).id;
  });
  afterEach(async () => {
    nock.cleanAll();
    await d.close();
  });

  it('a DM answered 502 then 200 is retried and delivered, with no failure recorded', async () => {
    let attempts = 0;
    const scope = nock(DISCORD_API)
      .post('/v10/users/@me/channels')
      .reply(200, { id: DM, type: 1 })
      .post(`/v10/channels/${DM}/messages`)
      .times(2)
      .reply(() => (++attempts === 1 ? [502, 'Bad Gateway'] : [200, { id: '800000000000000001' }]));

    const result = await d.t.app.services.notifications.toPerson(clusterId, personId, () => ({ title: 'Przypomnienie', text: 'Spotkanie jutro' }), 'meeting.reminder');

    expect(result).toEqual({ status: 'sent' });
    expect(attempts).toBe(2);
    expect(scope.isDone()).toBe(true);
    expect(await d.t.app.db.notificationFailures.list(clusterId)).toEqual([]);
  });

  it('a DM always answered 503 is tried 4 times, then recorded as a NotificationFailure and logged, not thrown', async () => {
    let attempts = 0;
    nock(DISCORD_API)
      .post('/v10/users/@me/channels')
      .reply(200, { id: DM, type: 1 })
      .post(`/v10/channels/${DM}/messages`)
      .times(10)
      .reply(() => (attempts++, [503, 'Service Unavailable']));

    const result = await d.t.app.services.notifications.toPerson(clusterId, personId, () => ({ title: 'Przypomnienie', text: 'Spotkanie jutro' }), 'meeting.reminder');

    expect(result.status).toBe('failed');
    expect(attempts).toBe(4);
    const failures = await d.t.app.db.notificationFailures.list(clusterId);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ personId, kind: 'meeting.reminder', fallback: null });
    expect(failures[0]!.reason).toMatch(/503|Service Unavailable/);
    expect(d.t.logs.lines).toContainEqual(expect.objectContaining({ msg: 'private message not delivered', status: 'failed', kind: 'meeting.reminder' }));
  });

  it('a channel post answered 500 then 200 is retried and returns its message reference', async () => {
    let attempts = 0;
    nock(DISCORD_API)
      .post(`/v10/channels/${ANNOUNCEMENTS}/messages`)
      .times(2)
      .reply(() => (++attempts === 1 ? [500, 'Internal Server Error'] : [200, { id: '800000000000000002' }]));

    const ref = await d.t.app.services.notifications.toChannel(clusterId, 'announcements', () => ({ title: 'Wynik głosowania', text: 'Przyjęta' }));

    expect(attempts).toBe(2);
    expect(ref).toBe(`${ANNOUNCEMENTS}/800000000000000002`);
  });

  it('a channel post answered 429 waits the Retry-After Discord asks for, logs the wait, and is delivered', async () => {
    const at: number[] = [];
    nock(DISCORD_API)
      .post(`/v10/channels/${ANNOUNCEMENTS}/messages`)
      .times(2)
      .reply(() => {
        at.push(Date.now());
        return at.length === 1
          ? [429, { message: 'You are being rate limited.', retry_after: 0.25, global: false }, { 'retry-after': '0.25', 'x-ratelimit-scope': 'user' }]
          : [200, { id: '800000000000000003' }];
      });

    const ref = await d.t.app.services.notifications.toChannel(clusterId, 'announcements', () => ({ title: 'Wynik głosowania', text: 'Przyjęta' }));

    expect(ref).toBe(`${ANNOUNCEMENTS}/800000000000000003`);
    expect(at).toHaveLength(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(240);
    const warned = d.t.logs.lines.filter((l) => l.msg === 'discord answered 429: waiting, then retrying');
    expect(warned).toEqual([expect.objectContaining({ level: 40, route: '/channels/:id/messages', scope: 'user' })]);
    // Discord's Retry-After plus the REST client's 50 ms safety offset.
    expect(warned[0]!.retryAfter).toBeGreaterThanOrEqual(250);
  });

  it('a channel post always answered 500 is reported in the log and the bot keeps serving commands', async () => {
    let attempts = 0;
    nock(DISCORD_API)
      .post(`/v10/channels/${ANNOUNCEMENTS}/messages`)
      .times(10)
      .reply(() => (attempts++, [500, 'Internal Server Error']));

    const ref = await d.t.app.services.notifications.toChannel(clusterId, 'announcements', () => ({ title: 'Wynik głosowania', text: 'Przyjęta' }));

    expect(ref).toBeUndefined();
    expect(attempts).toBe(4);
    expect(d.t.logs.lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'channel post failed', channel: 'announcements' }));
    // The core still answers: a platform outage is not a bot outage.
    const help = await d.t.as('someone').command('help');
    expect(help.errorId).toBeUndefined();
  });

  it('a scheduled reminder whose DM always fails does not crash the run: recorded as failed, not resent by the next run', async () => {
    const cluster = await d.t.app.services.clusters.byId(clusterId);
    await d.t.app.services.seeding.representativeOf(clusterId, personId, 'Spółdzielnia Socjalna Razem', 'main');
    d.t.clock.set('2026-03-20T09:00:00Z');
    // The meeting is also listed among the server's events; that call is not the fault under test.
    nock(DISCORD_API).post(`/v10/guilds/${GUILD}/scheduled-events`).reply(200, { id: '900000000000000001' });
    await d.t.app.services.meetings.schedule(cluster, { kind: 'network', title: 'Spotkanie sieci', startsAt: new Date('2026-03-31T16:00:00Z'), place: 'Gdańsk', agenda: '' });
    let attempts = 0;
    nock(DISCORD_API)
      .post('/v10/users/@me/channels')
      .reply(200, { id: DM, type: 1 })
      .post(`/v10/channels/${DM}/messages`)
      .times(10)
      .reply(() => (attempts++, [503, 'Service Unavailable']));

    d.t.clock.set('2026-03-24T17:00:00Z');
    await d.t.app.scheduler.runJob(meetingReminders);
    await d.t.app.scheduler.runJob(meetingReminders);

    expect(attempts).toBe(4);
    const deliveries = await d.t.app.services.deliveries.list(clusterId, 'meeting-reminder');
    expect(deliveries.map((x) => x.status)).toEqual(['failed']);
    expect((await d.t.app.db.notificationFailures.list(clusterId)).map((f) => f.kind)).toEqual(['meeting-reminder']);
    expect(d.t.logs.lines.filter((l) => l.msg === 'job failed; it will run again on its next tick')).toEqual([]);
  });
});

describe('platform faults: Slack Web API answering 5xx and 429', () => {
  let t: TestApp;
  let slack: SlackAdapter;
  let cluster: ClusterContext;

  beforeEach(async () => {
    mockAuthTest();
    t = await createTestApp({ env: slackEnv });
    slack = await createSlackAdapter(t.app, { port: 0, host: '127.0.0.1' });
    // Same number of retries as in production (4), without the seconds of back-off between them:
    // the test is about what is retried and what is reported, not about how long it waits.
    const client = slack.bolt.client as unknown as { retryConfig: Record<string, unknown> };
    client.retryConfig = { ...client.retryConfig, minTimeout: 5, maxTimeout: 5, randomize: false };
    cluster = await t.app.services.clusters.resolve('slack', TEAM);
    cluster = await t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: 'C0BOT', announcements: 'C0ANN' } });
  });
  afterEach(async () => {
    nock.cleanAll();
    await slack.stop();
    await t.close();
  });

  const person = (id: string) => t.app.services.people.ensure(cluster.id, id, id);

  /** A Web API method answering `status` for the first `failures` calls, then `ok`; counts every call. */
  function flaky(method: string, failures: number, status: number, ok: object) {
    const state = { calls: 0 };
    nock(SLACK_API)
      .post(`/api/${method}`)
      .times(failures + 1)
      .reply(() => (++state.calls <= failures ? [status, { ok: false, error: 'internal_error' }] : [200, ok]));
    return state;
  }

  it('a DM answered 500 twice is retried and delivered', async () => {
    const anna = await person('U0ANNA');
    mockApi('conversations.open', { ok: true, channel: { id: 'D0ANNA' } });
    const post = flaky('chat.postMessage', 2, 500, { ok: true, channel: 'D0ANNA', ts: '1.1' });

    const result = await t.app.services.notifications.toPerson(cluster.id, anna.id, () => ({ title: 'Przypomnienie', text: 'Spotkanie jutro' }));

    expect(result).toEqual({ status: 'sent' });
    expect(post.calls).toBe(3);
    expect(await t.app.db.notificationFailures.list(cluster.id)).toEqual([]);
  });

  it('a DM whose every call answers 503 is retried 4 times per call, then recorded and logged, never thrown', async () => {
    const anna = await person('U0ANNA');
    const open = flaky('conversations.open', 100, 503, {});
    const ephemeral = flaky('chat.postEphemeral', 100, 503, {});
    const mention = flaky('chat.postMessage', 100, 503, {});

    const result = await t.app.services.notifications.toPerson(cluster.id, anna.id, () => ({ title: 'Przypomnienie', text: 'Spotkanie jutro' }), 'meeting.reminder');

    expect(result.status).toBe('failed');
    // 1 try + 4 retries for the DM, then for each fallback (ephemeral, then a public mention).
    expect([open.calls, ephemeral.calls, mention.calls]).toEqual([5, 5, 5]);
    const failures = await t.app.db.notificationFailures.list(cluster.id);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ personId: anna.id, kind: 'meeting.reminder', fallback: null });
    expect(t.logs.lines).toContainEqual(expect.objectContaining({ msg: 'private message not delivered', status: 'failed', kind: 'meeting.reminder' }));
  });

  it('a channel post answered 502 once is retried and returns its reference', async () => {
    const post = flaky('chat.postMessage', 1, 502, { ok: true, channel: 'C0ANN', ts: '5.5' });

    const ref = await t.app.services.notifications.toChannel(cluster.id, 'announcements', () => ({ title: 'Wynik', text: 'Przyjęta' }));

    expect(post.calls).toBe(2);
    expect(ref).toBe('C0ANN:5.5');
  });

  it('a channel post always answered 500 is reported in the log after 5 attempts and the bot keeps serving', async () => {
    const post = flaky('chat.postMessage', 100, 500, {});

    const ref = await t.app.services.notifications.toChannel(cluster.id, 'announcements', () => ({ title: 'Wynik', text: 'Przyjęta' }));

    expect(ref).toBeUndefined();
    expect(post.calls).toBe(5);
    expect(t.logs.lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'channel post failed', channel: 'announcements' }));
    expect((await t.as('someone').command('help')).errorId).toBeUndefined();
  });

  it('a channel post answered 429 with Retry-After, then 500, then 200 waits, retries and is delivered', async () => {
    let calls = 0;
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .times(3)
      .reply(() => {
        calls++;
        if (calls === 1) return [429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' }];
        if (calls === 2) return [500, { ok: false, error: 'internal_error' }];
        return [200, { ok: true, channel: 'C0ANN', ts: '6.6' }];
      });
    const started = Date.now();

    const ref = await t.app.services.notifications.toChannel(cluster.id, 'announcements', () => ({ title: 'Wynik', text: 'Przyjęta' }));

    expect(ref).toBe('C0ANN:6.6');
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
