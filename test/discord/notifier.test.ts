import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, ALA, GUILD, discordTest, type DiscordTest } from './support.ts';

const ROLES = [
  { id: '500000000000000001', name: 'Członek PKES', position: 1, permissions: '0', color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
  { id: '500000000000000002', name: 'Członek główny', position: 2, permissions: '0', color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
  { id: '500000000000000003', name: 'GR: Catering', position: 3, permissions: '0', color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
];

describe('Discord notifier', () => {
  let d: DiscordTest;
  let clusterId: string;
  let personId: string;

  beforeEach(async () => {
    d = await discordTest('gateway');
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    clusterId = cluster.id;
    await d.t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: '600000000000000001', announcements: '600000000000000002' } });
    personId = (await d.t.app.services.people.ensure(cluster.id, ALA, 'Ala')).id;
  });
  afterEach(async () => {
    await d.close();
  });

  it('sends a private message through a DM channel', async () => {
    let sent: any;
    const scope = nock(API)
      .post('/v10/users/@me/channels', { recipient_id: ALA })
      .reply(200, { id: '700000000000000001', type: 1 })
      .post('/v10/channels/700000000000000001/messages', (body) => {
        sent = body;
        return true;
      })
      .reply(200, { id: '800000000000000001' });
    const result = await d.t.app.services.notifications.toPerson(clusterId, personId, () => ({ title: 'Reminder', text: 'Meeting tomorrow' }), 'reminder');
    expect(result).toEqual({ status: 'sent' });
    expect(scope.isDone()).toBe(true);
    expect(sent.embeds[0]).toMatchObject({ title: 'Reminder', description: 'Meeting tomorrow' });
    expect(await d.t.app.db.notificationFailures.list(clusterId)).toEqual([]);
  });

  it('falls back to a mention in the bot channel when DMs are closed (50007) and records the failure', async () => {
    let fallback: any;
    const scope = nock(API)
      .post('/v10/users/@me/channels')
      .reply(200, { id: '700000000000000001', type: 1 })
      .post('/v10/channels/700000000000000001/messages')
      .reply(403, { message: 'Cannot send messages to this user', code: 50007 })
      .post('/v10/channels/600000000000000001/messages', (body) => {
        fallback = body;
        return true;
      })
      .reply(200, { id: '800000000000000002' });
    const result = await d.t.app.services.notifications.toPerson(clusterId, personId, () => ({ text: 'Your application was accepted' }), 'admission');
    expect(result.status).toBe('fallback');
    expect(scope.isDone()).toBe(true);
    expect(fallback.content).toContain(`<@${ALA}>`);
    // The private content stays private; only the mention is public.
    expect(fallback.content).not.toContain('accepted');
    expect(fallback.allowed_mentions).toEqual({ parse: [], users: [ALA], replied_user: false });
    const failures = await d.t.app.db.notificationFailures.list(clusterId);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ personId, kind: 'admission', fallback: 'bot-channel' });
    expect(failures[0]!.reason).toContain('50007');
  });

  it('posts to the channel of a purpose and updates the message by its reference', async () => {
    const scope = nock(API)
      .post('/v10/channels/600000000000000002/messages')
      .reply(200, { id: '800000000000000003' })
      .patch('/v10/channels/600000000000000002/messages/800000000000000003', (body: any) => body.embeds[0].description === 'Closed')
      .reply(200, { id: '800000000000000003' });
    const ref = await d.t.app.services.notifications.toChannel(clusterId, 'announcements', () => ({ title: 'Vote', text: 'Open' }));
    expect(ref).toBe('600000000000000002/800000000000000003');
    await d.t.app.services.notifications.updateChannelMessage(clusterId, ref!, () => ({ title: 'Vote', text: 'Closed' }));
    expect(scope.isDone()).toBe(true);
  });

  it('grants the member and category roles on acceptance, waiting out a 429 in the REST queue', async () => {
    const memberRole = `/v10/guilds/${GUILD}/members/${ALA}/roles/500000000000000001`;
    const scope = nock(API)
      .get(`/v10/guilds/${GUILD}/roles`)
      .reply(200, ROLES)
      .put(memberRole)
      .reply(429, { message: 'You are being rate limited.', retry_after: 0.2, global: false }, {
        'retry-after': '0.2',
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '0.2',
        'x-ratelimit-bucket': 'roles',
      })
      .put(memberRole)
      .reply(204)
      .put(`/v10/guilds/${GUILD}/members/${ALA}/roles/500000000000000002`)
      .reply(204);
    const problems = await d.adapter.notifier.applyMembershipEvent(
      (await import('../../src/services/clusters.ts')).clusterAddress(await d.t.app.services.clusters.byId(clusterId)),
      { type: 'member.accepted', memberId: 'm1', category: 'main', people: [{ personId, platformUserId: ALA }] },
    );
    expect(problems).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(d.t.logs.lines.some((l) => l.msg === 'discord rate limit: request queued')).toBe(true);
  });

  it('reports a missing role and a missing permission to the coordinator instead of swallowing them', async () => {
    const coordinator = await d.t.app.services.people.ensure(clusterId, '300000000000000099', 'Koordynatorka');
    await d.t.app.services.people.grantRole(clusterId, coordinator.id, 'coordinator', null);
    let report: any;
    const scope = nock(API)
      .get(`/v10/guilds/${GUILD}/roles`)
      .reply(200, ROLES.filter((r) => r.name !== 'GR: Catering'))
      .post('/v10/users/@me/channels', { recipient_id: '300000000000000099' })
      .reply(200, { id: '700000000000000009', type: 1 })
      .post('/v10/channels/700000000000000009/messages', (body) => {
        report = body;
        return true;
      })
      .reply(200, { id: '800000000000000009' });
    await d.t.app.services.notifications.membershipChanged(clusterId, {
      type: 'group.joined',
      groupId: 'g1',
      groupName: 'Catering',
      memberId: 'm1',
      people: [{ personId, platformUserId: ALA }],
    });
    expect(scope.isDone()).toBe(true);
    expect(JSON.stringify(report)).toContain('GR: Catering');

    nock(API)
      .get(`/v10/guilds/${GUILD}/roles`)
      .reply(200, ROLES)
      .delete(`/v10/guilds/${GUILD}/members/${ALA}/roles/500000000000000001`)
      .reply(403, { message: 'Missing Permissions', code: 50013 })
      .delete(`/v10/guilds/${GUILD}/members/${ALA}/roles/500000000000000002`)
      .reply(204);
    const problems = await d.adapter.notifier.applyMembershipEvent(
      (await import('../../src/services/clusters.ts')).clusterAddress(await d.t.app.services.clusters.byId(clusterId)),
      { type: 'member.suspended', memberId: 'm1', category: 'main', people: [{ personId, platformUserId: ALA }] },
    );
    expect(problems).toEqual([{ reason: 'missing-permission', detail: expect.stringContaining('Członek PKES') }]);
  });
});
