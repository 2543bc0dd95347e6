import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { cluster, fieldsOf, generalMeeting, latestMotionId, orgOf } from './support.ts';

describe('automatic close', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('closes at the window end after a restart (new app on the same database) and announces once', async () => {
    const first = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    cleanup.push(() => rmSync(first.dir, { recursive: true, force: true }));
    await first.given('koord', { roles: ['coordinator'] });
    await first.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await first.given('piotr', { main: 'Fundacja Horyzont' });
    await generalMeeting(first);
    await first.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const motionId = await latestMotionId(first);
    await first.as('jan').press(await first.as('jan').command('vote'), 'Za');
    await first.as('piotr').press(await first.as('piotr').command('vote'), 'Za');
    // The bot goes down before the window ends.
    await first.app.close();

    const second = await createTestApp({ start: '2026-03-10T18:30:00Z', databaseUrl: `file:${path.join(first.dir, 'test.db')}` });
    cleanup.push(() => second.close());
    await second.runJobs();
    await second.runJobs();
    const posts = second.notifier.channel.filter((p) => p.channel === 'announcements');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.message.text).toBe('Uchwała została przyjęta.');
    const [row] = (await second.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    expect(row!.status).toBe('closed');
    expect(JSON.parse(String(row!.result))).toMatchObject({ outcome: 'passed', counts: { yes: 2, no: 0, abstain: 0 } });
    const late = await second.as('jan').action('vote', 'cast', [motionId, await orgOf(second, 'jan'), 'n', '1']);
    expect(late.errorId).toBe('governance.errors.closed');

    // Another restart: the result is not posted again.
    await second.app.close();
    const third = await createTestApp({ start: '2026-03-10T19:00:00Z', databaseUrl: `file:${path.join(first.dir, 'test.db')}` });
    cleanup.push(() => third.close());
    await third.runJobs();
    expect(third.notifier.channel.filter((p) => p.channel === 'announcements')).toHaveLength(0);
  });

  it('a motion scheduled to open later opens on time, fixing the eligible list then', async () => {
    const t = await createTestApp({ start: '2026-03-09T08:00:00Z' });
    cleanup.push(() => t.close());
    await t.given('koord', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await generalMeeting(t);
    await t.as('koord').command('motion', 'create', { title: 'Zdalne głosowanie', opens: '2026-03-10 09:00', closes: '2026-03-10 19:00' });
    expect((await t.as('jan').command('vote')).text).toBe('Nie ma teraz otwartych głosowań dla Twojej organizacji.');
    await t.given('piotr', { main: 'Fundacja Horyzont' });
    await t.runJobs('2026-03-10T08:00:00Z');
    const status = await t.as('koord').command('motion', 'status', { motion: await latestMotionId(t) });
    expect(fieldsOf(status)['Frekwencja']).toBe('0 z 2 uprawnionych organizacji (kworum: 1)');
  });
});

describe('proxies', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function setup(settings: Record<string, unknown> = { proxiesEnabled: true }) {
    t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    await t.given('koord', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('piotr', { main: 'Fundacja Horyzont' });
    await t.given('marta', { main: 'CIS Wejherowo' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    const c = await cluster(t);
    await t.app.services.clusters.updateSettings(c.id, settings);
    return generalMeeting(t);
  }

  it('an organisation authorises another; the holder votes for it and the participation records the proxy', async () => {
    await setup();
    const given = await t.as('jan').command('proxy', 'give', { to: 'piotr', note: 'pełnomocnictwo nr 1/2026' });
    expect(given.text).toContain('Fundacja Horyzont zagłosuje za Twoją organizację');
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const motionId = await latestMotionId(t);

    const list = await t.as('piotr').command('vote');
    expect(list.fields?.map((f) => f.value)).toEqual([
      expect.stringContaining('Głos organizacji: Fundacja Horyzont'),
      expect.stringContaining('Głos organizacji: Spółdzielnia Socjalna Razem (z pełnomocnictwa)'),
    ]);
    const ballot = await t.as('piotr').press(list, 1);
    const receipt = await t.as('piotr').press(ballot, 'Przeciw');
    expect(fieldsOf(receipt)['Organizacja']).toBe('Spółdzielnia Socjalna Razem (z pełnomocnictwa)');
    const [participation] = (await t.app.db.dumpTable('VoteParticipation')).filter((r) => r.motionId === motionId);
    expect(participation).toMatchObject({ memberId: await orgOf(t, 'jan'), proxyMemberId: await orgOf(t, 'piotr') });

    // The authorising organisation has voted through its proxy; its own representative sees that.
    const own = await t.as('jan').command('vote');
    expect(own.text).toContain('Twoja organizacja zagłosowała');
  });

  it('at most maxProxiesPerMember proxies per organisation; no chains; only main members hold them', async () => {
    await setup({ proxiesEnabled: true, maxProxiesPerMember: 1 });
    await t.as('jan').command('proxy', 'give', { to: 'piotr' });
    expect((await t.as('marta').command('proxy', 'give', { to: 'piotr' })).errorId).toBe('governance.errors.proxyLimit');
    expect((await t.as('piotr').command('proxy', 'give', { to: 'jan' })).errorId).toBe('governance.errors.proxyChain');
    expect((await t.as('marta').command('proxy', 'give', { to: 'ewa' })).errorId).toBe('governance.errors.proxyTargetNotVoter');
    expect((await t.as('ewa').command('proxy', 'give', { to: 'marta' })).errorId).toBe('governance.errors.supporting');
    expect((await t.as('marta').command('proxy', 'give', { to: 'marta' })).errorId).toBe('governance.errors.proxySelf');
  });

  it('without a proxy, voting for another organisation is refused', async () => {
    await setup();
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00' });
    const reply = await t.as('piotr').action('vote', 'cast', [await latestMotionId(t), await orgOf(t, 'jan'), 'n', '0']);
    expect(reply.errorId).toBe('governance.errors.noProxy');
  });

  it('clusters without proxies refuse them with the setting named', async () => {
    await setup({ proxiesEnabled: false });
    const reply = await t.as('jan').command('proxy', 'give', { to: 'piotr' });
    expect(reply.errorId).toBe('governance.errors.proxiesDisabled');
  });
});
