import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { translator, type TranslationKey } from '../../src/core/i18n.ts';
import type { ClusterContext } from '../../src/core/actor.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { TEAM, slackEnv } from './support.ts';
import { buttonLabels, shown, SlackWorkspace } from './client.ts';

/** Working groups on members' request (W-M KES model) on Slack: one slash command, then the team's button. */

const pl = translator('pl');
const t = (key: string, params?: Record<string, string | number>) => pl(key as TranslationKey, params);
const BOT = 'C0BOT';
const KOORD = 'U0KOORD';

let app: TestApp;
let slack: SlackAdapter;
let ws: SlackWorkspace;
let cluster: ClusterContext;

beforeEach(async () => {
  app = await createTestApp({ env: slackEnv, start: '2026-03-02T09:00:00Z' });
  ws = new SlackWorkspace(app.app, { C0GENERAL: 'general', [BOT]: 'bot' });
  ws.install();
  slack = await createSlackAdapter(app.app, { port: 0, host: '127.0.0.1' });
  ws.port = slack.port!;
  cluster = await app.app.services.clusters.resolve('slack', TEAM, 'pkes');
  cluster = await app.app.services.clusters.updateSettings(cluster.id, { channels: { ...cluster.settings.channels, bot: BOT } });
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

describe('Slack click-through: a working group on a member’s request', () => {
  it('the W-M KES model lets a member request a group from /pkes-group request; the coordinator approves from the DM', async () => {
    await represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await represents('U0EWA', 'Fundacja Pomorska');
    // The cluster follows the W-M KES agreement (set once by its coordinator).
    await app.app.services.clusters.applyModel(cluster.id, 'wm-kes');

    recordTyped(['Konsorcjum cateringowe', 'Wspólna oferta na catering dla szkół']);
    const asked = await ws.slash('U0JAN', '/pkes-group request name:"Konsorcjum cateringowe" purpose:"Wspólna oferta na catering dla szkół" coordinator:<@U0EWA> deadline:30.06.2026');
    expect(shown(asked.messages.find((m) => m.only === 'U0JAN'))).toContain('Konsorcjum cateringowe');

    const card = ws.last(KOORD, 'Konsorcjum cateringowe', { channel: ws.dm(KOORD) });
    expect(buttonLabels(card)).toEqual([t('models.groupRequest.approve'), t('models.groupRequest.decline')]);
    const approved = await ws.press(KOORD, card, t('models.groupRequest.approve'));
    expect(approved.messages.map((m) => shown(m)).join('\n')).toContain(t('models.groupRequest.approvedCard', { group: 'Konsorcjum cateringowe', person: '' }).split(' – ')[0]!);
    const told = ws.last('U0JAN', 'Konsorcjum cateringowe', { channel: ws.dm('U0JAN') });
    expect(shown(told)).toContain(t('models.groupRequest.approvedTitle', { group: 'Konsorcjum cateringowe' }));
    const group = (await app.app.db.dumpTable('WorkingGroup')).find((g) => g.name === 'Konsorcjum cateringowe');
    expect(group?.status).toBe('active');
  });
});
