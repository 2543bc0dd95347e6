import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SlackAdapter } from '../../src/adapters/slack/index.ts';
import { mockRespond, startSlack, type SlackTest } from './adapter-test.ts';
import { groupChannelName } from '../../src/adapters/slack/notifier.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { clusterAddress } from '../../src/services/clusters.ts';
import type { TestApp } from '../support/harness.ts';
import { API, TEAM, decodeBody, mockApi, type Call } from './support.ts';

vi.mock('../../commands/index.ts', async () => {
  const [{ default: help }, { default: setup }] = await Promise.all([import('../../commands/help.ts'), import('../../commands/setup.ts')]);
  return { commands: [help, setup] };
});

let t: TestApp;
let slack: SlackAdapter;
let cluster: ClusterContext;
let running: SlackTest;

beforeEach(async () => {
  running = await startSlack();
  ({ t, slack } = running);
  cluster = await t.app.services.clusters.resolve('slack', TEAM);
  cluster = await t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: 'C0BOT' }, groupChannels: true });
});

afterEach(() => running.stop());

async function person(userId: string) {
  return t.app.services.people.ensure(cluster.id, userId, userId);
}

describe('Slack notifier', () => {
  it('a private message opens a DM and posts there, with command names as typed on Slack', async () => {
    const anna = await person('U0ANNA');
    const open = mockApi('conversations.open', { ok: true, channel: { id: 'D0ANNA' } });
    const post = mockApi('chat.postMessage', { ok: true, channel: 'D0ANNA', ts: '1.1' });

    const result = await t.app.services.notifications.toPerson(cluster.id, anna.id, () => ({ title: 'Hello', text: 'Use /help.' }));

    expect(result).toEqual({ status: 'sent' });
    expect(open.calls[0]).toMatchObject({ users: 'U0ANNA' });
    expect(post.calls[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(post.calls[0]!.blocks)).toContain('Use /pkes-help.');
  });

  it('a 429 from chat.postMessage waits for Retry-After and is retried', async () => {
    const anna = await person('U0ANNA');
    mockApi('conversations.open', { ok: true, channel: { id: 'D0ANNA' } });
    const limited: Call[] = [];
    const first = nock(API)
      .post('/api/chat.postMessage', (body) => (limited.push(decodeBody(body)), true))
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    const second = mockApi('chat.postMessage', { ok: true, channel: 'D0ANNA', ts: '1.2' });
    const started = Date.now();

    const result = await t.app.services.notifications.toPerson(cluster.id, anna.id, () => ({ text: 'Reminder' }));

    expect(result).toEqual({ status: 'sent' });
    expect(first.isDone()).toBe(true);
    expect(second.calls).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a refused DM falls back to the bot channel, visible only to the person, and is recorded', async () => {
    const bot = await person('U0OTHERBOT');
    mockApi('conversations.open', { ok: false, error: 'cannot_dm_bot' });
    const ephemeral = mockApi('chat.postEphemeral', { ok: true, message_ts: '2.2' });

    const result = await t.app.services.notifications.toPerson(cluster.id, bot.id, () => ({ title: 'Decision', text: 'Private details' }), 'test');

    expect(result).toEqual({ status: 'fallback', reason: 'cannot_dm_bot' });
    expect(ephemeral.calls[0]).toMatchObject({ channel: 'C0BOT', user: 'U0OTHERBOT' });
    expect(String(ephemeral.calls[0]!.text)).toContain('<@U0OTHERBOT>');
    expect(JSON.stringify(ephemeral.calls[0]!.blocks)).toContain('Private details');
    expect(t.logs.lines).toContainEqual(expect.objectContaining({ msg: 'private message not delivered', status: 'fallback', reason: 'cannot_dm_bot' }));
  });

  it('when the ephemeral fallback is refused too, the public mention carries the subject only', async () => {
    const bob = await person('U0BOB');
    mockApi('conversations.open', { ok: true, channel: { id: 'D0BOB' } });
    mockApi('chat.postMessage', { ok: false, error: 'channel_not_found' });
    mockApi('chat.postEphemeral', { ok: false, error: 'user_not_in_channel' });
    const mention = mockApi('chat.postMessage', { ok: true, channel: 'C0BOT', ts: '3.3' });

    const result = await t.app.services.notifications.toPerson(cluster.id, bob.id, () => ({ title: 'Decision', text: 'Private details' }));

    expect(result).toEqual({ status: 'fallback', reason: 'channel_not_found' });
    expect(mention.calls[0]).toMatchObject({ channel: 'C0BOT' });
    expect(String(mention.calls[0]!.text)).toContain('<@U0BOB>');
    expect(String(mention.calls[0]!.text)).toContain('Decision');
    expect(String(mention.calls[0]!.text)).not.toContain('Private details');
  });

  it('a channel post returns a reference that chat.update accepts', async () => {
    const post = mockApi('chat.postMessage', { ok: true, channel: 'C0ANN', ts: '5.5' });
    const update = mockApi('chat.update', { ok: true });
    await t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: 'C0BOT', announcements: 'C0ANN' } });

    const ref = await t.app.services.notifications.toChannel(cluster.id, 'announcements', () => ({ text: 'Vote open' }));
    await t.app.services.notifications.updateChannelMessage(cluster.id, ref!, () => ({ text: 'Vote closed' }));

    expect(post.calls[0]).toMatchObject({ channel: 'C0ANN' });
    expect(ref).toBe('C0ANN:5.5');
    expect(update.calls[0]).toMatchObject({ channel: 'C0ANN', ts: '5.5' });
    expect(JSON.stringify(update.calls[0]!.blocks)).toContain('Vote closed');
  });

  it('an attachment is uploaded to the channel with files.uploadV2', async () => {
    mockApi('chat.postMessage', { ok: true, channel: 'C0BOT', ts: '6.6' });
    const getUrl = mockApi('files.getUploadURLExternal', { ok: true, upload_url: 'https://files.slack.test/upload/v1/abc', file_id: 'F0CSV' });
    const uploaded: string[] = [];
    const put = nock('https://files.slack.test')
      .post('/upload/v1/abc', (body) => (uploaded.push(String(body)), true))
      .reply(200, 'OK - 9');
    const complete = mockApi('files.completeUploadExternal', { ok: true, files: [{ id: 'F0CSV' }] });

    await t.app.services.notifications.toChannel(cluster.id, 'bot', () => ({
      text: 'Export',
      attachments: [{ filename: 'members.csv', contentType: 'text/csv', data: Buffer.from('name;city\n') }],
    }));

    expect(getUrl.calls[0]).toMatchObject({ filename: 'members.csv', length: '10' });
    expect(put.isDone()).toBe(true);
    expect(uploaded.join('')).toContain('name;city');
    expect(complete.calls[0]).toMatchObject({ channel_id: 'C0BOT' });
    expect(String(complete.calls[0]!.files)).toContain('F0CSV');
  });

  it('working-group channels: created and joined on join, members removed on leave, archived on dissolve', async () => {
    const address = clusterAddress(cluster);
    const people = [{ personId: 'p1', platformUserId: 'U0ANNA' }];
    mockApi('conversations.list', { ok: true, channels: [{ id: 'C0OLD', name: 'general', is_member: true }], response_metadata: { next_cursor: '' } });
    const create = mockApi('conversations.create', { ok: true, channel: { id: 'C0GROUP', name: 'grupa-szycie-i-krawiectwo' } });
    const invite = mockApi('conversations.invite', { ok: true });
    const kick = mockApi('conversations.kick', { ok: true });
    const archive = mockApi('conversations.archive', { ok: true });

    const base = { groupId: 'g1', groupName: 'Szycie i krawiectwo', memberId: 'm1', people };
    expect(await slack.notifier.applyMembershipEvent(address, { type: 'group.joined', ...base })).toEqual([]);
    expect(await slack.notifier.applyMembershipEvent(address, { type: 'group.left', ...base })).toEqual([]);
    expect(await slack.notifier.applyMembershipEvent(address, { type: 'group.dissolved', groupId: 'g1', groupName: base.groupName, people: [] })).toEqual([]);

    expect(create.calls[0]).toMatchObject({ name: 'grupa-szycie-i-krawiectwo' });
    expect(invite.calls[0]).toMatchObject({ channel: 'C0GROUP', users: 'U0ANNA' });
    expect(kick.calls[0]).toMatchObject({ channel: 'C0GROUP', user: 'U0ANNA' });
    expect(archive.calls[0]).toMatchObject({ channel: 'C0GROUP' });
  });

  it('a channel people made by hand is joined, and a refused invite comes back as a sync problem', async () => {
    mockApi('conversations.list', { ok: true, channels: [{ id: 'C0HAND', name: 'grupa-zielen', is_member: false }], response_metadata: { next_cursor: '' } });
    const join = mockApi('conversations.join', { ok: true, channel: { id: 'C0HAND' } });
    mockApi('conversations.invite', { ok: false, error: 'restricted_action' });

    const problems = await slack.notifier.applyMembershipEvent(clusterAddress(cluster), {
      type: 'group.joined',
      groupId: 'g2',
      groupName: 'Zieleń',
      memberId: 'm1',
      people: [{ personId: 'p1', platformUserId: 'U0ANNA' }],
    });

    expect(join.calls[0]).toMatchObject({ channel: 'C0HAND' });
    expect(problems).toEqual([{ reason: 'restricted_action', detail: 'invite U0ANNA #grupa-zielen' }]);
  });

  it('with group channels off, membership changes touch no Slack channel', async () => {
    const off = await t.app.services.clusters.updateSettings(cluster.id, { groupChannels: false });
    const problems = await slack.notifier.applyMembershipEvent(clusterAddress(off), {
      type: 'group.joined',
      groupId: 'g1',
      groupName: 'Szycie',
      memberId: 'm1',
      people: [{ personId: 'p1', platformUserId: 'U0ANNA' }],
    });
    expect(problems).toEqual([]);
  });

  it('group channel names follow Slack\'s rules', () => {
    expect(groupChannelName('Łódzka Spółdzielnia: Żywność & Zdrowie!')).toBe('grupa-lodzka-spoldzielnia-zywnosc-zdrowie');
    expect(groupChannelName('x'.repeat(200)).length).toBeLessThanOrEqual(80);
  });
});
