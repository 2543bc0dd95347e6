import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { TEAM, slackEnv } from './support.ts';
import { buttonLabels, shown, SlackWorkspace, type Outcome, type View } from './client.ts';

/**
 * The cluster's economy on Slack, through the signed HTTP receiver: one slash command from the
 * manifest per flow, then only the buttons, selects and modals the bot posted.
 */

const BOT = 'C0BOT';
const BARTER = 'C0BARTER';
const KOORD = 'U0KOORD';
const SMAK = 'Spółdzielnia Socjalna Smak';
const KUCHNIA = 'Spółdzielnia Kuchnia Razem';

let app: TestApp;
let slack: SlackAdapter;
let ws: SlackWorkspace;
let cluster: ClusterContext;

beforeEach(async () => {
  app = await createTestApp({ env: slackEnv, start: '2026-03-02T09:00:00Z' });
  ws = new SlackWorkspace(app.app, { C0GENERAL: 'general', [BOT]: 'bot', [BARTER]: 'wymiana' });
  ws.install();
  slack = await createSlackAdapter(app.app, { port: 0, host: '127.0.0.1' });
  ws.port = slack.port!;
  cluster = await app.app.services.clusters.resolve('slack', TEAM, 'pkes');
  cluster = await app.app.services.clusters.updateSettings(cluster.id, { channels: { ...cluster.settings.channels, bot: BOT, barter: BARTER } });
  ws.person(KOORD, { name: 'anna' });
  await app.app.services.people.grantRole(cluster.id, (await person(KOORD)).id, 'coordinator', null);
  await represents('U0JAN', SMAK, 'gastronomia');
  await represents('U0PIOTR', KUCHNIA, 'usługi gastronomiczne');
  await represents('U0EWA', 'Fundacja Transport Pomorze', 'transport');
});

afterEach(async () => {
  await slack.stop();
  await app.close();
  expect(ws.problems).toEqual([]);
});

async function person(id: string) {
  return app.app.services.people.ensure(cluster.id, id, id.toLowerCase());
}
async function represents(id: string, org: string, sectors: string) {
  ws.person(id, { locale: 'pl-PL' });
  recordTyped([org, sectors]);
  const p = await person(id);
  const member = await app.app.services.seeding.representativeOf(cluster.id, p.id, org, 'main');
  await app.app.services.members.updateProfile(cluster, p.id, member.id, { sectors });
  await app.app.services.people.actor(cluster, { id, displayName: id.toLowerCase(), locale: 'pl-PL' });
}
function opened(outcome: Outcome): View {
  expect(outcome.view, `no modal opened; messages: ${outcome.messages.map((m) => shown(m)).join(' / ')}`).toBeDefined();
  return outcome.view!;
}
const mine = (outcome: Outcome, user: string) => outcome.messages.find((m) => m.only === user)!;

describe('Slack click-through: market opportunities, consortia and joint purchases', () => {
  it('an opportunity from /pkes-opportunity post to declarations, the consortium and delivered', async () => {
    const form = opened(await ws.slash(KOORD, '/pkes-opportunity post'));
    const posted = await ws.submit(KOORD, form, { title: 'Catering na konferencję', place: 'Gdańsk', sectors: 'gastronomia; catering', deadline: '20.03.2026' });
    expect(posted.errors).toBeUndefined();
    expect(shown(mine(posted, KOORD))).toContain('Wiadomość dostały 2 organizacje');

    const janNotice = ws.last('U0JAN', 'Catering na konferencję', { channel: ws.dm('U0JAN') });
    expect(buttonLabels(janNotice)).toEqual(['Zgłoś udział']);
    const janForm = opened(await ws.press('U0JAN', janNotice, 'Zgłoś udział'));
    expect((await ws.submit('U0JAN', janForm, { part: 'Obiady dla 150 osób', price: '20 000' })).errors).toBeUndefined();
    const piotrForm = opened(await ws.press('U0PIOTR', ws.last('U0PIOTR', 'Catering na konferencję', { channel: ws.dm('U0PIOTR') }), 'Zgłoś udział'));
    await ws.submit('U0PIOTR', piotrForm, { part: 'Przerwy kawowe', price: '10 000' });

    const told = ws.last(KOORD, 'Przerwy kawowe', { channel: ws.dm(KOORD) });
    const card = mine(await ws.press(KOORD, told, 'Pokaż zlecenie'), KOORD);
    const choice = mine(await ws.press(KOORD, card, 'Utwórz konsorcjum'), KOORD);
    expect(shown(choice)).toContain('Dotąd w żadnym konsorcjum klastra.');
    const budget = opened(await ws.chooseMany(KOORD, choice, [SMAK, KUCHNIA]));
    const formed = await ws.submit(KOORD, budget, { leader: SMAK, budget: '30 000,00' });
    expect(formed.errors).toBeUndefined();
    const formedMessage = mine(formed, KOORD);
    expect(shown(formedMessage)).toContain('Konsorcjum utworzone');
    expect(shown(ws.last('U0PIOTR', 'Konsorcjum: Catering', { channel: ws.dm('U0PIOTR') }))).toContain('9500,00 zł');

    const sent = mine(await ws.press(KOORD, formedMessage, 'Oferta wysłana'), KOORD);
    const won = mine(await ws.press(KOORD, sent, 'Wygrane'), KOORD);
    const delivered = mine(await ws.press(KOORD, won, 'Zrealizowane'), KOORD);
    expect(shown(delivered)).toContain('Nowy stan konsorcjum: zrealizowane');
    expect((await app.app.db.dumpTable('MarketOpportunity'))[0]).toMatchObject({ status: 'delivered' });
  });

  it('a joint purchase from /pkes-purchase propose to a sign-up pressed on the card and the shares at the deadline', async () => {
    const form = opened(await ws.slash('U0JAN', '/pkes-purchase propose'));
    expect((await ws.submit('U0JAN', form, { item: 'Pojemniki na żywność', unit: 'szt.', tiers: '1: 2,50; 100: 2,00', deadline: '20.03.2026 12:00' })).errors).toBeUndefined();
    const card = ws.last('U0PIOTR', 'Pojemniki na żywność', { channel: BARTER });
    const join = opened(await ws.press('U0PIOTR', card, 'Zapisz się'));
    const signed = await ws.submit('U0PIOTR', join, { quantity: '120' });
    expect(signed.errors).toBeUndefined();
    // The card in the channel is updated in place with the total and the tier reached.
    expect(signed.calls.some((c) => c.method === 'chat.update' && c.body.channel === BARTER && c.body.ts === card.ts)).toBe(true);

    await app.runJobs('2026-03-20T11:05:00Z');
    expect(shown(ws.last('U0PIOTR', 'Wspólny zakup zamknięty', { channel: ws.dm('U0PIOTR') }))).toContain('do zapłaty: 240,00 zł');
    expect(ws.files.some((f) => f.channel === ws.dm('U0JAN') && f.filename.endsWith('.csv'))).toBe(true);
  });
});
