import fc from 'fast-check';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/adapters/discord/render.ts';
import { renderMessages } from '../../src/adapters/slack/blocks.ts';
import type { Reply } from '../../src/core/reply.ts';
import { FUZZ_SEED } from '../support/fuzz.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { generalMeeting } from '../governance/support.ts';
import { applicationForm } from '../membership/support.ts';
import { memberSince } from '../activity/support.ts';
import { ala, API, discordTest, gatewayDispatch, GUILD, slash, waitFor, type DiscordTest, type Who } from '../discord/support.ts';

const bob: Who = { id: '300000000000000033', name: 'Bob' };

/**
 * Whatever people type into text the bot shows to others (barter cards, quick help, polls, group
 * purposes, meeting agendas, motions), the bot must never ping a whole server, workspace or role
 * on their behalf. Every reply and every message the bot sends in a scenario is rendered by the
 * real Discord and Slack renderers and checked:
 * - Discord: `allowed_mentions.parse` never contains `everyone` or `roles` and no role is allowed;
 * - Slack: no `<!channel>`, `<!here>`, `<!everyone>` or `<!subteam…>` survives anywhere in the
 *   blocks or the notification text (user text is escaped or defused).
 */
const MENTIONS = [
  '@everyone',
  '@here',
  '@Everyone',
  '@HERE',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!here|here>',
  '<!channel|@channel>',
  '<!subteam^S0123ABCD|@zarzad>',
  '<!subteam^S0123ABCD>',
  '<@&987654321098765432>',
  '<@&1>',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@U024BE7LH>',
  '<#C024BE7LR>',
  '**@everyone**',
  '`@here`',
  '@\u200beveryone',
  '＠everyone',
];

/** Text with at least one mass mention, mixed with ordinary and random characters. */
const mentionText = fc
  .tuple(
    fc.constantFrom(...MENTIONS),
    fc.array(fc.oneof(fc.constantFrom(...MENTIONS), fc.constantFrom(' ', '\n', 'Pilne! ', 'catering ', '<', '>', '!', '&'), fc.string({ maxLength: 12 })), { maxLength: 6 }),
  )
  .map(([first, rest]) => `${first} ${rest.join('')}`.trim());

const SLACK_MASS = /<!(channel|here|everyone|subteam)/i;

function assertNoMassMention(reply: Reply, where: string): void {
  for (const priv of [true, false]) {
    const { body } = renderMessage({ ...reply, private: priv }, 'pl');
    const am = body.allowed_mentions;
    expect(am.parse ?? [], `${where}: Discord parse`).not.toContain('everyone');
    expect(am.parse ?? [], `${where}: Discord parse`).not.toContain('roles');
    expect(am.roles ?? [], `${where}: Discord roles`).toEqual([]);
  }
  for (const message of renderMessages(reply)) {
    const json = JSON.stringify(message);
    expect(SLACK_MASS.exec(json)?.[0], `${where}: Slack ${json.slice(0, 400)}`).toBeUndefined();
  }
}

/** Every message the bot produced: the reply itself and whatever went to channels and DMs. */
function everything(t: TestApp, reply: Reply): { where: string; message: Reply }[] {
  return [
    { where: 'reply', message: reply },
    ...t.notifier.channel.map((c) => ({ where: `channel ${c.channel}`, message: c.message })),
    ...t.notifier.updates.map((u) => ({ where: `update ${u.ref}`, message: u.message })),
    ...t.notifier.private.map((p) => ({ where: `dm ${p.to.platformUserId}`, message: p.message })),
  ];
}

describe('no mass mention ever leaves the bot, whatever users type', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp({ start: '2026-03-10T09:00:00Z' });
    await t.given('koord', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { main: 'Fundacja Horyzont' });
    await t.given('lider', { main: 'CIS Wejherowo' });
    const group = await t.as('koord').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne oferty cateringowe', leader: 'lider' });
    expect(group.errorId, group.text).toBeUndefined();
    // Someone to receive matches, quick-help alerts and group news.
    await t.as('ewa').command('group', 'join', { group: 'Gastronomia' });
    // Motions belong to a General Meeting (2026-03-10, 17:00).
    await generalMeeting(t);
  });
  afterAll(() => t.close());

  /** Runs a command with generated text and checks every message it caused. */
  async function check(user: string, command: string, subcommand: string | undefined, options: Record<string, unknown>) {
    t.notifier.clear();
    const reply = await t.as(user).command(command, subcommand, options);
    expect(reply.errorId, `${command} ${subcommand ?? ''}: ${reply.text}`).not.toBe('core.errors.unexpected');
    const sent = everything(t, reply);
    for (const { where, message } of sent) assertNoMassMention(message, `/${command} ${subcommand ?? ''} → ${where}`);
    return { reply, sent };
  }

  const runs = { numRuns: 20, seed: FUZZ_SEED };

  it('barter offer and request cards, and the list that shows them', async () => {
    let published = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, mentionText, fc.constantFrom('offer', 'request'), async (title, description, place, type) => {
        const { reply, sent } = await check('jan', 'barter', type, { kind: 'service', title: title.slice(0, 100), description, place: place.slice(0, 100) });
        if (!reply.errorId && sent.some((s) => s.where.startsWith('channel'))) published++;
        await check('ewa', 'barter', 'list', {});
      }),
      runs,
    );
    // The property is only worth something if cards really were posted.
    expect(published).toBeGreaterThan(0);
  });

  it('quick help: the card and the alerts to members', async () => {
    let alerted = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, mentionText, async (what, where, description) => {
        const { sent } = await check('jan', 'quickhelp', undefined, { what: what.slice(0, 100), within: 24, where: where.slice(0, 100), description });
        alerted += sent.filter((s) => s.where !== 'reply').length;
      }),
      runs,
    );
    expect(alerted).toBeGreaterThan(0);
  });

  it('poll question and choices, as announced and as shown with results', async () => {
    let announced = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, mentionText, async (question, a, b) => {
        const choices = `${a.replaceAll(/[;\n]/g, ' ')}; ${b.replaceAll(/[;\n]/g, ' ')}`;
        const { reply, sent } = await check('koord', 'poll', 'create', { question: question.slice(0, 300), choices: choices.slice(0, 1000), deadline: '2026-03-12 12:00' });
        announced += sent.filter((s) => s.where.startsWith('channel')).length;
        const id = /\b(c[a-z0-9]{20,})\b/.exec(reply.text ?? '')?.[1];
        if (id) await check('jan', 'poll', 'results', { id });
      }),
      runs,
    );
    expect(announced).toBeGreaterThan(0);
  });

  it('working group name and purpose, as created, updated and listed', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, async (name, purpose) => {
        const unique = `${name.slice(0, 60)} ${++n}`;
        const { reply } = await check('koord', 'group', 'create', { name: unique, purpose: purpose.slice(0, 500), leader: 'lider' });
        if (!reply.errorId) created++;
        await check('koord', 'group', 'update', { group: unique, purpose: `${purpose} @here`.slice(0, 500) });
        await check('jan', 'group', 'list', {});
      }),
      runs,
    );
    expect(created).toBeGreaterThan(0);
  });

  it('meeting title, place and agenda, for a network meeting and a group meeting', async () => {
    let scheduled = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, mentionText, async (title, place, agenda) => {
        const network = await check('koord', 'meeting', 'schedule', { kind: 'network', date: '2026-04-20', time: '17:00', title: title.slice(0, 120), place: place.slice(0, 300), agenda: agenda.slice(0, 1500) });
        const group = await check('lider', 'group', 'meeting', { group: 'Gastronomia', starts: '2026-04-21 10:00', title: title.slice(0, 120), place: place.slice(0, 200), agenda: agenda.slice(0, 1000) });
        scheduled += [network, group].filter((r) => !r.reply.errorId).length;
        await check('jan', 'meeting', 'list', {});
      }),
      runs,
    );
    expect(scheduled).toBeGreaterThan(0);
  });

  it('motion title and text, as created and as the ballot members see', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, async (title, text) => {
        const { reply } = await check('koord', 'motion', 'create', { title: title.slice(0, 200), text: text.slice(0, 2000), closes: '2026-03-10 19:00' });
        if (!reply.errorId) created++;
        await check('jan', 'vote', undefined, {});
      }),
      { numRuns: 10, seed: FUZZ_SEED },
    );
    expect(created).toBeGreaterThan(0);
  });

  it('a response to a barter post, as the message its owner receives', async () => {
    const offered = await t.as('ewa').command('barter', 'offer', { kind: 'equipment', title: 'Namiot 6x12', place: 'Sopot' });
    const postId = /\b(c[a-z0-9]{20,})\b/.exec(offered.text ?? '')?.[1];
    expect(postId, offered.text).toBeTruthy();
    let delivered = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, async (message) => {
        // Each respondent once per post: a new organisation answers every time.
        const user = `odp${++n}`;
        await t.given(user, { main: `Spółdzielnia Odpowiedź ${n}` });
        const { sent } = await check(user, 'barter', 'respond', { id: postId, message: message.slice(0, 1000) });
        delivered += sent.filter((s) => s.where === 'dm ewa').length;
      }),
      runs,
    );
    expect(delivered).toBeGreaterThan(0);
  });

  it('an application, as the Coordinating Team is told about it and lists it', async () => {
    let told = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, async (orgName, activity) => {
        const user = `kandydat${++n}`;
        t.notifier.clear();
        const reply = await t.as(user).form('apply', applicationForm({ org_name: `${orgName.slice(0, 80)} ${n}`, activity: `Prowadzimy: ${activity}`.slice(0, 1500) }));
        expect(reply.errorId, reply.text).not.toBe('core.errors.unexpected');
        const sent = everything(t, reply);
        for (const { where, message } of sent) assertNoMassMention(message, `apply → ${where}`);
        told += sent.filter((s) => s.where === 'dm koord').length;
        await check('koord', 'applications', 'list', {});
      }),
      runs,
    );
    expect(told).toBeGreaterThan(0);
  });

  it('an activity title and description, as logged and as the coordinator reviews them', async () => {
    // A member since last year, so activities dated today count.
    await memberSince(t, 'akt', 'Fundacja Aktywna', '2025-01-01T00:00:00Z');
    let logged = 0;
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, async (title, description) => {
        const { reply } = await check('akt', 'activity', 'log', { kind: 'event', date: '2026-03-10', title: `Akcja ${++n} ${title}`.slice(0, 120), description: description.slice(0, 1000) });
        if (!reply.errorId) logged++;
        await check('koord', 'activity', 'pending', {});
      }),
      runs,
    );
    expect(logged).toBeGreaterThan(0);
  });

  it('an organisation’s description and offer in the member directory', async () => {
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, async (description, offers) => {
        await check('jan', 'member', 'update', { description: `Opis: ${description}`.slice(0, 2000), offers: offers.slice(0, 1000) });
        await check('ewa', 'member', 'directory', {});
      }),
      runs,
    );
  });
});

/**
 * The renderer is not the only way out: the interaction answer, follow-ups, channel posts and DMs
 * each build their own request. Every body the adapter sends to Discord's API is caught here.
 */
describe('through the real Discord adapter, every request to Discord forbids mass mentions', () => {
  let d: DiscordTest;
  let bodies: { path: string; body: any }[];

  beforeAll(async () => {
    d = await discordTest('gateway', { deferAfterMs: 1000 });
    const cluster = await d.t.app.services.clusters.resolve('discord', GUILD);
    await d.t.app.services.clusters.updateSettings(cluster.id, { channels: { bot: '600000000000000001', announcements: '600000000000000002', barter: '600000000000000003' } });
    for (const [who, org] of [[ala, 'Spółdzielnia Socjalna Razem'], [bob, 'Fundacja Horyzont']] as const) {
      const person = await d.t.app.services.people.ensure(cluster.id, who.id, who.name);
      await d.t.app.services.seeding.representativeOf(cluster.id, person.id, org, 'main');
    }
  });
  afterAll(async () => {
    nock.cleanAll();
    await d.close();
  });

  beforeEach(() => {
    bodies = [];
    const record = (path: string, body: unknown) => {
      bodies.push({ path, body: typeof body === 'string' ? JSON.parse(body) : body });
    };
    nock(API)
      .persist()
      .post(/\/users\/@me\/channels$/)
      .reply(200, { id: '700000000000000001', type: 1 })
      .post(/\/(channels\/\d+\/messages|interactions\/.+\/callback|webhooks\/.+)$/)
      .reply(200, (path, body) => {
        record(path, body);
        return { id: '800000000000000002', channel_id: '600000000000000003' };
      })
      .patch(/.*/)
      .reply(200, (path, body) => {
        record(path, body);
        return { id: '800000000000000001' };
      })
      // On a loaded machine the answer outlasts deferAfterMs: the private deferral is then replaced
      // by a public follow-up and deleted, which carries no body to check.
      .delete(/\/webhooks\/.+\/messages\/(@|%40)original$/)
      .reply(204, (path) => {
        record(path, undefined);
        return '';
      });
  });
  afterEach(() => nock.cleanAll());

  it('a barter offer typed on Discord: the answer, the channel card and the DMs', async () => {
    await fc.assert(
      fc.asyncProperty(mentionText, mentionText, async (title, description) => {
        bodies = [];
        const raw = slash(ala, 'barter', 'offer', [
          { name: 'kind', type: 3, value: 'service' },
          { name: 'title', type: 3, value: title.slice(0, 100) },
          { name: 'place', type: 3, value: 'Gdańsk' },
          { name: 'description', type: 3, value: description },
        ]);
        gatewayDispatch(d.adapter, raw);
        await waitFor(() => bodies.some((b) => b.path.includes('/callback')), 'the interaction answer');
        // The card follows the answer; a title the form rejects (blank once trimmed) posts none.
        await waitFor(() => bodies.some((b) => b.path.includes('/channels/600000000000000003/messages')), 'the barter card', 1000).catch(() => undefined);
        for (const { path, body } of bodies) {
          const message = body?.data ?? body;
          if (message?.content === undefined && !message?.embeds?.length) continue;
          const am = message.allowed_mentions;
          expect(am, `${path}: no allowed_mentions in ${JSON.stringify(message).slice(0, 300)}`).toBeDefined();
          expect(am.parse ?? [], path).not.toContain('everyone');
          expect(am.parse ?? [], path).not.toContain('roles');
          expect(am.roles ?? [], path).toEqual([]);
        }
      }),
      { numRuns: 8, seed: FUZZ_SEED },
    );
    expect(bodies.some((b) => b.path.includes('/channels/600000000000000003/messages')), 'a card was posted to the barter channel').toBe(true);
  });
});
