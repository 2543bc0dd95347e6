import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { TEAM, slackEnv } from './support.ts';
import { buttonLabels, shown, SlackWorkspace, type Message, type Outcome } from './client.ts';

/**
 * Chair mode on Slack: one /pkes-chair run, then only the buttons, selects and the modal the bot
 * posted, over the signed HTTP receiver.
 */

const ANNOUNCE = 'C0ANNOUNCE';
const BOT = 'C0BOT';
const KOORD = 'U0KOORD';

let app: TestApp;
let slack: SlackAdapter;
let ws: SlackWorkspace;
let cluster: ClusterContext;

beforeEach(async () => {
  app = await createTestApp({ env: slackEnv, start: '2026-03-10T16:05:00Z' });
  ws = new SlackWorkspace(app.app, { C0GENERAL: 'general', [ANNOUNCE]: 'ogloszenia', [BOT]: 'bot' });
  ws.install();
  slack = await createSlackAdapter(app.app, { port: 0, host: '127.0.0.1' });
  ws.port = slack.port!;
  cluster = await app.app.services.clusters.resolve('slack', TEAM, 'pkes');
  cluster = await app.app.services.clusters.updateSettings(cluster.id, { channels: { ...cluster.settings.channels, announcements: ANNOUNCE, bot: BOT }, proxiesEnabled: true });
  ws.person(KOORD, { name: 'anna' });
  await app.app.services.people.grantRole(cluster.id, (await person(KOORD)).id, 'coordinator', null);
});

afterEach(async () => {
  await slack.stop();
  await app.close();
  expect(ws.problems).toEqual([]);
});

async function person(id: string) {
  return app.app.services.people.ensure(cluster.id, id, id.toLowerCase());
}
async function represents(id: string, org: string) {
  ws.person(id, { locale: 'pl-PL' });
  recordTyped(org);
  await app.app.services.seeding.representativeOf(cluster.id, (await person(id)).id, org, 'main');
  await app.app.services.people.actor(cluster, { id, displayName: id.toLowerCase(), locale: 'pl-PL' });
}
/** The coordinator's own answer in an outcome. */
function mine(outcome: Outcome): Message {
  const m = outcome.messages.filter((x) => x.only === KOORD).at(-1);
  expect(m, `no answer for the coordinator: ${outcome.messages.map((x) => shown(x)).join(' / ')}`).toBeDefined();
  return m!;
}

describe('Slack click-through: chairing the General Meeting', () => {
  it('presence by multi-selects, the item opened, room votes with a proxy, an online ballot merged, the urn in a modal, closed', async () => {
    await represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await represents('U0PIOTR', 'Fundacja Horyzont');
    await represents('U0MARTA', 'CIS Wejherowo');
    recordTyped({ title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk' });
    await app.app.services.meetings.schedule(cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk', agenda: '1. Plan' });
    // CIS is absent and gave Horyzont its proxy.
    // (Given beforehand; the proxy's own flow is not this test's.)
    const marta = await app.app.services.people.actor(cluster, { id: 'U0MARTA', displayName: 'u0marta', locale: 'pl-PL' });
    const horyzont = await app.app.services.governance.organisationOf(cluster.id, (await person('U0PIOTR')).id);
    await app.app.services.governance.giveProxy(cluster, marta, { toMemberId: horyzont!.id });
    await ws.slash(KOORD, '/pkes-motion create title:"Plan działań na 2026" opens:"2026-03-10 20:00" closes:"2026-03-10 21:00"');
    await ws.slash(KOORD, '/pkes-motion create title:"Wybór logo" opens:"2026-03-10 20:00" closes:"2026-03-10 21:00" secret:true ballot:single choices:"Fala; Kotwica"');

    let panel = mine(await ws.slash(KOORD, '/pkes-chair run'));
    expect(buttonLabels(panel)).toEqual(['Obecni na sali', 'Obecni online', '1. Plan działań na 2026', '2. Wybór logo']);
    panel = mine(await ws.chooseMany(KOORD, mine(await ws.press(KOORD, panel, 'Obecni na sali')), ['Fundacja Horyzont']));
    panel = mine(await ws.chooseMany(KOORD, mine(await ws.press(KOORD, panel, 'Obecni online')), ['Spółdzielnia Socjalna Razem']));
    expect(shown(panel)).toContain('Zapisano obecność online: 1 organizacja.');

    let item = mine(await ws.press(KOORD, panel, '1. Plan działań na 2026'));
    item = mine(await ws.press(KOORD, item, 'Otwórz głosowanie'));
    // Razem, online, votes from its DM; the room: Horyzont and, through its proxy, CIS.
    const notice = ws.last('U0JAN', 'Głosowanie otwarte: Plan działań na 2026', { channel: ws.dm('U0JAN') });
    await ws.press('U0JAN', notice, 'Za');
    const against = mine(await ws.press(KOORD, item, 'Na sali: Przeciw'));
    item = mine(await ws.chooseMany(KOORD, against, ['CIS Wejherowo', 'Fundacja Horyzont']));
    expect(shown(item)).toContain('na sali: 2, online: 1, uprawnionych: 3');
    item = mine(await ws.press(KOORD, item, 'Zamknij punkt'));
    expect(shown(item)).toContain('Uchwała nie została przyjęta.');

    panel = mine(await ws.press(KOORD, item, 'Wróć do panelu'));
    item = mine(await ws.press(KOORD, panel, '2. Wybór logo'));
    item = mine(await ws.press(KOORD, item, 'Otwórz głosowanie'));
    item = mine(await ws.chooseMany(KOORD, mine(await ws.press(KOORD, item, 'Wydaj karty do głosowania')), ['CIS Wejherowo', 'Fundacja Horyzont']));
    const modal = await ws.press(KOORD, item, 'Wpisz wynik z urny');
    expect(modal.view, 'the count opens a modal').toBeDefined();
    item = mine(await ws.submit(KOORD, modal.view!, { option1: '2', option2: '0' }));
    expect(shown(item)).toContain('Zapisano wynik z urny. Kart pustych lub nieważnych: 0.');
    item = mine(await ws.press(KOORD, item, 'Zamknij punkt'));
    expect(shown(item)).toContain('Uchwała została przyjęta.');
    const motions = await app.app.db.dumpTable('Motion');
    expect(motions.map((m) => JSON.parse(String(m.result)).counts)).toEqual([{ yes: 1, no: 2, abstain: 0 }, { Fala: 2, Kotwica: 0 }]);
  });
});
