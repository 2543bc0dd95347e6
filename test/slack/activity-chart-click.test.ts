import { describe, expect, it } from 'vitest';
import { buttonLabels, shown, type Outcome } from './client.ts';
import { slackWorkspacePerTest } from './workspace.ts';

/**
 * /pkes-activity status on Slack: the numbers answer at once, for the representative only, with a
 * "Pokaż wykres" button; pressed, the chart of the last 24 months is uploaded to their DM with the
 * bot (a private answer's files never go to the channel).
 */

const KOORD = 'U0KOORD';
const ZOSIA = 'U0ZOSIA';
const ORG = 'Spółdzielnia Socjalna Żuraw';

describe('Slack click-through: the activity card and its chart', () => {
  const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z' });

  const mine = (outcome: Outcome) => {
    const m = outcome.messages.filter((x) => x.only === ZOSIA || x.channel === w.ws.dm(ZOSIA)).at(-1);
    expect(m, `no answer for Zosia: ${outcome.messages.map((x) => shown(x)).join(' / ')}`).toBeDefined();
    return m!;
  };

  it('answers the card without a picture, then uploads the chart to the DM when its button is pressed', { timeout: 60_000 }, async () => {
    await w.represents(ZOSIA, ORG);
    const card = mine(await w.ws.slash(ZOSIA, '/pkes-activity status'));
    expect(shown(card)).toContain(`Obowiązek aktywności: ${ORG}`);
    expect(buttonLabels(card)).toEqual(['Pokaż wykres']);
    expect(w.ws.files).toEqual([]);

    await w.ws.press(ZOSIA, card, 'Pokaż wykres');
    const started = Date.now();
    while (w.ws.files.length < 1 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 100));
    expect(w.ws.files.map((f) => [f.channel, f.filename])).toEqual([[w.ws.dm(ZOSIA), 'karta-dzialania-24-miesiace.png']]);
    expect(w.ws.files[0]!.data.length).toBeGreaterThan(10_000);
  });
});
