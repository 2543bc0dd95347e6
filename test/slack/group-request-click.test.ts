import { describe, expect, it } from 'vitest';
import { translator, type TranslationKey } from '../../src/core/i18n.ts';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, shown } from './client.ts';
import { BOT, KOORD, slackWorkspacePerTest } from './workspace.ts';

/** Working groups on members' request (W-M KES model) on Slack: one slash command, then the team's button. */

const pl = translator('pl');
const t = (key: string, params?: Record<string, string | number>) => pl(key as TranslationKey, params);

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [BOT]: 'bot' }, settings: { channels: { bot: BOT } } });

describe('Slack click-through: a working group on a member’s request', () => {
  it('the W-M KES model lets a member request a group from /pkes-group request; the coordinator approves from the DM', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await w.represents('U0EWA', 'Fundacja Pomorska');
    // The cluster follows the W-M KES agreement (set once by its coordinator).
    await w.app.app.services.clusters.applyModel(w.cluster.id, 'wm-kes');

    recordTyped(['Konsorcjum cateringowe', 'Wspólna oferta na catering dla szkół']);
    const asked = await w.ws.slash('U0JAN', '/pkes-group request name:"Konsorcjum cateringowe" purpose:"Wspólna oferta na catering dla szkół" coordinator:<@U0EWA> deadline:30.06.2026');
    expect(shown(asked.messages.find((m) => m.only === 'U0JAN'))).toContain('Konsorcjum cateringowe');

    const card = w.ws.last(KOORD, 'Konsorcjum cateringowe', { channel: w.ws.dm(KOORD) });
    expect(buttonLabels(card)).toEqual([t('models.groupRequest.approve'), t('models.groupRequest.decline')]);
    const approved = await w.ws.press(KOORD, card, t('models.groupRequest.approve'));
    expect(approved.messages.map((m) => shown(m)).join('\n')).toContain(t('models.groupRequest.approvedCard', { group: 'Konsorcjum cateringowe', person: '' }).split(' – ')[0]!);
    const told = w.ws.last('U0JAN', 'Konsorcjum cateringowe', { channel: w.ws.dm('U0JAN') });
    expect(shown(told)).toContain(t('models.groupRequest.approvedTitle', { group: 'Konsorcjum cateringowe' }));
    const group = (await w.app.app.db.dumpTable('WorkingGroup')).find((g) => g.name === 'Konsorcjum cateringowe');
    expect(group?.status).toBe('active');
  });
});
