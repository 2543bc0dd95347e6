import { describe, expect, it } from 'vitest';
import { buttonLabels, textOf } from './client.ts';
import { discordServerPerTest } from './server.ts';
import type { Who } from './support.ts';

/**
 * /activity status on Discord: the numbers answer at once, privately, with a "Pokaż wykres"
 * button; pressed, the chart of the last 24 months comes as a private PNG (deferred first: the
 * drawing may outlast Discord's three seconds).
 */

const KASIA: Who = { id: '300000000000000301', name: 'Kasia' };
const ZOSIA: Who = { id: '300000000000000302', name: 'Zosia' };
const ORG = 'Spółdzielnia Socjalna Żuraw';

describe('Discord click-through: the activity card and its chart', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: '600000000000000031' }, members: [[ZOSIA, ORG]], start: '2026-03-02T09:00:00Z' });

  it('answers the card without a picture, then sends the chart privately when its button is pressed', { timeout: 60_000 }, async () => {
    const zosia = server.as(ZOSIA);
    const card = (await zosia.command('/activity status')).message;
    expect(card.onlyFor).toBe(ZOSIA.id);
    expect(textOf(card)).toContain(`Obowiązek aktywności: ${ORG}`);
    expect(card.files ?? []).toEqual([]);
    expect(buttonLabels(card)).toEqual(['Pokaż wykres']);

    const before = server.discord.webhooks.length;
    const chart = (await zosia.press(card, 'Pokaż wykres')).message;
    expect(chart.onlyFor).toBe(ZOSIA.id);
    expect(textOf(chart)).toContain(`Działania z ostatnich 24 miesięcy: ${ORG}`);
    expect(chart.files).toEqual(['karta-dzialania-24-miesiace.png']);
    const sent = server.discord.webhooks.slice(before).flatMap((c) => c.files ?? []);
    expect(sent).toEqual([{ name: 'karta-dzialania-24-miesiace.png', contentType: 'image/png' }]);
  });
});
