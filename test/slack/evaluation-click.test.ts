import { describe, expect, it } from 'vitest';
import { CHARTS, seedEvaluatedYear } from '../evaluation/support.ts';
import { shown } from './client.ts';
import { KOORD, slackWorkspacePerTest } from './workspace.ts';

/**
 * The yearly evaluation on Slack: the slash command is acknowledged at once, the summary arrives
 * for the coordinator only, and every file is uploaded into the coordinator's DM with the bot (a
 * private answer's files never go to the channel, where everyone would see them).
 */

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z' }, ({ app, cluster }) => seedEvaluatedYear(app.databaseUrl, cluster.id));

describe('Slack: /pkes-report evaluation', () => {
  it('answers the coordinator privately and uploads the charts, the summary and the data to the DM', { timeout: 120_000 }, async () => {
    const outcome = await w.ws.slash(KOORD, '/pkes-report evaluation year:2025');
    expect(outcome.status).toBe(200);
    const started = Date.now();
    while (w.ws.files.length < 17 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    const answer = w.ws.messages.find((m) => shown(m).includes('Ocena roczna 2025'));
    expect(answer, 'the summary').toBeDefined();
    expect(answer!.only === KOORD || answer!.channel === 'D0KOORD', 'seen by the coordinator only').toBe(true);
    const uploaded = w.ws.files;
    expect(uploaded).toHaveLength(17);
    expect(new Set(uploaded.map((f) => f.channel))).toEqual(new Set(['D0KOORD']));
    expect(uploaded.filter((f) => f.filename.endsWith('.png')).map((f) => f.filename)).toEqual(CHARTS.map((c) => `ocena-2025-${c}.png`));
    for (const f of uploaded) expect(f.data.length, f.filename).toBeGreaterThan(f.filename.endsWith('.png') ? 10_000 : 50);
  });
});
