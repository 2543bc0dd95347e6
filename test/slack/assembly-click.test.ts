import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { TEAM, slackEnv } from './support.ts';
import { buttonLabels, shown, SlackWorkspace, type Outcome, type View } from './client.ts';

/**
 * Convening the General Meeting on Slack: `/pkes-assembly convene` alone opens the modal; then
 * only what the bot posted: Zmień and Odwołaj on the coordinator's confirmation, Będę on the
 * representative's DM. Signed HTTP only.
 */

const ANNOUNCE = 'C0ANNOUNCE';
const BOT = 'C0BOT';
const KOORD = 'U0KOORD';
const JAN = 'U0JAN';
const ORG = 'Spółdzielnia Socjalna Zażółć';

let app: TestApp;
let slack: SlackAdapter;
let ws: SlackWorkspace;
let cluster: ClusterContext;

beforeEach(async () => {
  app = await createTestApp({ env: slackEnv, start: '2026-03-02T09:00:00Z' });
  ws = new SlackWorkspace(app.app, { C0GENERAL: 'general', [ANNOUNCE]: 'ogloszenia', [BOT]: 'bot' });
  ws.install();
  slack = await createSlackAdapter(app.app, { port: 0, host: '127.0.0.1' });
  ws.port = slack.port!;
  cluster = await app.app.services.clusters.resolve('slack', TEAM, 'pkes');
  cluster = await app.app.services.clusters.updateSettings(cluster.id, { channels: { ...cluster.settings.channels, announcements: ANNOUNCE, bot: BOT } });
  ws.person(KOORD, { name: 'anna' });
  const koord = await app.app.services.people.ensure(cluster.id, KOORD, 'anna');
  await app.app.services.people.grantRole(cluster.id, koord.id, 'coordinator', null);
  ws.person(JAN, { locale: 'pl-PL' });
  recordTyped(ORG);
  const jan = await app.app.services.people.ensure(cluster.id, JAN, 'jan');
  await app.app.services.seeding.representativeOf(cluster.id, jan.id, ORG, 'main');
});

afterEach(async () => {
  await slack.stop();
  await app.close();
  expect(ws.problems).toEqual([]);
});

function opened(outcome: Outcome): View {
  expect(outcome.view, `no modal opened; messages: ${outcome.messages.map((m) => shown(m)).join(' / ')}`).toBeDefined();
  return outcome.view!;
}

describe('Slack click-through: convening the General Meeting', () => {
  it('convenes from the modal, changes and cancels from the confirmation; the representative answers from the DM', async () => {
    const form = opened(await ws.slash(KOORD, '/pkes-assembly convene'));
    recordTyped({ place: 'Gdańsk, ul. Długa 1', agenda: 'Sprawozdanie z działalności' });
    const convened = await ws.submit(KOORD, form, { date: '20.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1', link: 'https://meet.example.org/walne', agenda: 'Sprawozdanie z działalności' });
    expect(convened.errors).toBeUndefined();
    const confirmation = ws.last(KOORD, 'Zwołano: Walne Spotkanie Sieci 2026');
    expect(confirmation.only).toBe(KOORD);
    expect(shown(confirmation)).toContain('piątek, 20 marca 2026, godz. 17:00');
    expect(buttonLabels(confirmation)).toEqual(['Zmień', 'Odwołaj']);

    const notice = ws.last(JAN, 'Zwołanie: Walne Spotkanie Sieci 2026', { channel: ws.dm(JAN) });
    expect(shown(notice)).toContain('1. Sprawozdanie z działalności');
    expect(shown(ws.last(JAN, 'Zwołanie: Walne Spotkanie Sieci 2026', { channel: ANNOUNCE }))).toContain('Gdańsk, ul. Długa 1');
    const answered = await ws.press(JAN, notice, 'Będę');
    expect(answered.messages.map((m) => shown(m)).join('\n')).toContain('będzie na spotkaniu');

    const change = opened(await ws.press(KOORD, confirmation, 'Zmień'));
    const changedOutcome = await ws.submit(KOORD, change, { time: '18:30' });
    expect(changedOutcome.errors).toBeUndefined();
    const changed = ws.last(KOORD, 'Zmieniono i rozesłano ponownie: Walne Spotkanie Sieci 2026');
    expect(shown(ws.last(JAN, 'Zmiana w zwołaniu', { channel: ws.dm(JAN) }))).toContain('godz. 18:30');

    const cancel = opened(await ws.press(KOORD, changed, 'Odwołaj'));
    recordTyped('Sala niedostępna');
    expect((await ws.submit(KOORD, cancel, { reason: 'Sala niedostępna' })).errors).toBeUndefined();
    expect(buttonLabels(ws.last(KOORD, 'Odwołano: Walne Spotkanie Sieci 2026'))).toEqual([]);
    expect(shown(ws.last(JAN, 'Odwołane', { channel: ws.dm(JAN) }))).toContain('Powód: Sala niedostępna');
  });
});
