import { describe, expect, it } from 'vitest';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, textOf } from './client.ts';
import { BOT_CHANNEL, discordServerPerTest, EWA, JAN, KASIA } from './server.ts';
import {  } from './support.ts';

/** Working groups on members' request (W-M KES model) on Discord: one slash command, then the team's button. */

describe('Discord click-through: a working group on a member’s request', () => {
  const server = discordServerPerTest({
    coordinator: KASIA,
    channels: { bot: BOT_CHANNEL },
    roles: true,
    members: [
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ],
  });

  it('the coordinator applies the W-M KES model; a member requests a group from /group request and the coordinator approves it from the DM', async () => {
    const model = (await server.as(KASIA).command('/setup model', { model: 'wm-kes' })).message;
    expect(textOf(model)).toContain('Rada Klastra');

    recordTyped(['Konsorcjum cateringowe', 'Wspólna oferta na catering dla szkół']);
    const asked = (await server.as(JAN).command('/group request', { name: 'Konsorcjum cateringowe', purpose: 'Wspólna oferta na catering dla szkół', coordinator: EWA, deadline: '30.06.2026' })).message;
    expect(textOf(asked)).toContain('Konsorcjum cateringowe');

    const card = server.discord.last(server.discord.dmsTo(KASIA.id), 'Konsorcjum cateringowe');
    expect(buttonLabels(card)).toEqual(['Zatwierdź grupę', 'Odrzuć wniosek']);
    const approved = (await server.as(KASIA).press(card, 'Zatwierdź grupę')).message;
    expect(approved.id).toBe(card.id);
    expect(textOf(approved)).toContain('utworzona');
    expect(buttonLabels(approved)).toEqual([]);
    expect(textOf(server.discord.last(server.discord.dmsTo(JAN.id), 'Konsorcjum cateringowe'))).toContain('zatwierdzony');
    const group = (await server.d.t.app.db.dumpTable('WorkingGroup')).find((g) => g.name === 'Konsorcjum cateringowe');
    expect(group?.status).toBe('active');
  });
});
