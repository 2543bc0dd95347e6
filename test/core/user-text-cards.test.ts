import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/adapters/discord/render.ts';
import { renderMessages } from '../../src/adapters/slack/blocks.ts';
import type { Invocation } from '../../src/core/dispatcher.ts';
import type { Reply } from '../../src/core/reply.ts';
import { openedPost } from '../../src/services/governance/ballot-card.ts';
import { messageTools } from '../../src/services/notifications.ts';
import { castApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { applicationForm } from '../membership/support.ts';

/**
 * What people type into motions, meetings, working groups, applications and activities is shown
 * literally in the cards that carry it: no bold, no masked link, no channel-wide mention.
 */
const EVIL = '**Pilne** [kliknij](https://zly.example) <!channel> _x_';
/** discord.js's escapeMarkdown + escapeMaskedLink of EVIL, as Discord must receive it. */
const DISCORD = '\\*\\*Pilne\\*\\* \\[kliknij](https://zly.example) <!channel> \\_x\\_';
const SLACK = '**Pilne** [kliknij](https://zly.example) &lt;!channel&gt; _x_';

describe('member text in motion, meeting, group, application and activity cards', () => {
  let t: TestApp;
  const raw: Record<string, Reply> = {};

  /** The reply as the core hands it to an adapter (marks on member text still in place). */
  const dispatch = (user: string, inv: Record<string, unknown>) =>
    t.app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: TEST_CLUSTER }, user: { id: user, displayName: user }, channelId: 'c', ...inv } as Invocation);
  const command = (user: string, command: string, subcommand: string | undefined, options: Record<string, unknown> = {}) =>
    dispatch(user, { kind: 'command', command, ...(subcommand ? { subcommand } : {}), options });

  beforeAll(async () => {
    t = await castApp({ koord: { roles: ['coordinator'] } }, { start: '2026-03-02T09:00:00Z' });
    // A member since January, so its March activity counts.
    const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
    await t.app.db.members.ensureOrganisation(cluster.id, 'Spółdzielnia Socjalna Razem', { category: 'main', joinedAt: new Date('2026-01-05T10:00:00Z') });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    recordTyped([EVIL]);
    const group = await command('koord', 'group', 'create', { name: 'Grupa **Gastro**', purpose: EVIL, leader: 'jan' });
    expect(group.tone, group.text).toBe('success');
    raw.groupList = await command('jan', 'group', 'list');

    raw.meeting = await command('koord', 'meeting', 'schedule', { kind: 'network', date: '2026-03-20', time: '10:00', place: EVIL, agenda: EVIL, title: `Spotkanie ${EVIL}` });
    expect(raw.meeting.tone, raw.meeting.text).toBe('success');
    raw.meetingList = await command('jan', 'meeting', 'list');

    await command('koord', 'meeting', 'schedule', { kind: 'general', date: '2026-03-25', time: '17:00', place: 'Gdańsk', title: `Walne ${EVIL}` });
    raw.motion = await command('koord', 'motion', 'create', { title: `Uchwała ${EVIL}`, text: EVIL, closes: '2026-03-25 18:00' });
    expect(raw.motion.tone, raw.motion.text).not.toBe('error');
    const motionId = (await t.app.db.dumpTable('Motion'))[0]!.id as string;
    raw.motionCard = await dispatch('koord', { kind: 'action', action: { command: 'motion', action: 'show', args: [motionId] } });
    const motion = await t.app.services.governance.motion(await t.app.services.clusters.resolve('console', TEST_CLUSTER), motionId);
    raw.votingOpened = openedPost(motion, 1, messageTools('pl', 'Europe/Warsaw'));

    const applied = await dispatch('ola', { kind: 'form', formId: 'apply', values: applicationForm({ org_name: 'Fundacja **Nowa** [x](https://zly.example)', motivation: `${EVIL} – chcemy współtworzyć oferty.` }) });
    expect(applied.tone, applied.text).toBe('success');
    const appId = (await t.app.db.dumpTable('Application'))[0]!.id as string;
    raw.application = await command('koord', 'applications', 'show', { application: appId });
    raw.queue = await command('koord', 'applications', 'list');

    const logged = await command('jan', 'activity', 'log', { kind: 'event', date: '2026-03-01', title: `Piknik ${EVIL}`, description: EVIL });
    expect(logged.tone, logged.text).toBe('success');
    raw.activityList = await command('jan', 'activity', 'list');
    raw.pending = await command('koord', 'activity', 'pending');
  });
  afterAll(() => t.close());

  const discordText = (reply: Reply) => JSON.stringify(renderMessage(reply, 'pl').body.embeds ?? []);
  const slackText = (reply: Reply) => JSON.stringify(renderMessages(reply));
  /** JSON doubles each backslash: what Discord receives, as it appears inside the body. */
  const json = (s: string) => JSON.stringify(s).slice(1, -1);

  const CARDS = ['groupList', 'meeting', 'meetingList', 'motion', 'motionCard', 'votingOpened', 'activityList', 'pending'] as const;

  it.each(CARDS)('%s: Discord gets the text escaped by discord.js, Slack with & < > escaped', (name) => {
    const reply = raw[name]!;
    const discord = discordText(reply);
    expect(discord).toContain(json(DISCORD));
    expect(discord).not.toContain(json(EVIL));
    expect(discord).not.toMatch(/[\uE000\uE001]/);
    const slack = slackText(reply);
    expect(slack).toContain(json(SLACK));
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toMatch(/[\uE000\uE001]/);
  });

  it('group names and motion titles in titles and labels are escaped too', () => {
    expect(discordText(raw.groupList!)).toContain(json('Grupa \\*\\*Gastro\\*\\*'));
    expect(discordText(raw.motionCard!)).toContain(json(`Uchwała ${DISCORD}`));
    expect(discordText(raw.meeting!)).toContain(json(`Spotkanie ${DISCORD}`));
  });

  it('the organisation name and the motivation on the coordinator’s application card and queue', () => {
    const card = discordText(raw.application!);
    expect(card).toContain(json('Fundacja \\*\\*Nowa\\*\\* \\[x](https://zly.example)'));
    expect(card).toContain(json(`${DISCORD} – chcemy współtworzyć oferty.`));
    expect(card).not.toContain(json('Fundacja **Nowa**'));
    expect(slackText(raw.application!)).toContain(json(`${SLACK} – chcemy współtworzyć oferty.`));
    // The queue's own bold stays bold; the name inside it is literal.
    expect(discordText(raw.queue!)).toContain(json('**Fundacja \\*\\*Nowa\\*\\* \\[x](https://zly.example)**'));
  });
});
