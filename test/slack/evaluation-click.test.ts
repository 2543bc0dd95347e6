import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { openBenchDb } from '../../bench/bench-seed.ts';
import { seedYear } from '../../bench/seed-year.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { TEAM, slackEnv } from './support.ts';
import { shown, SlackWorkspace } from './client.ts';

/**
 * The yearly evaluation on Slack: the slash command is acknowledged at once, the summary arrives
 * for the coordinator only, and every file is uploaded into the coordinator's DM with the bot (a
 * private answer's files never go to the channel, where everyone would see them).
 */

const KOORD = 'U0KOORD';
let app: TestApp;
let slack: SlackAdapter;
let ws: SlackWorkspace;

describe('Slack: /pkes-report evaluation', () => {
  beforeEach(async () => {
    app = await createTestApp({ env: slackEnv, start: '2026-03-02T09:00:00Z' });
    ws = new SlackWorkspace(app.app, { C0GENERAL: 'general' });
    ws.install();
    slack = await createSlackAdapter(app.app, { port: 0, host: '127.0.0.1' });
    ws.port = slack.port!;
    const cluster = await app.app.services.clusters.resolve('slack', TEAM, 'pkes');
    ws.person(KOORD, { name: 'anna' });
    const person = await app.app.services.people.ensure(cluster.id, KOORD, 'anna');
    await app.app.services.people.grantRole(cluster.id, person.id, 'coordinator', null);
    const bench = await openBenchDb(app.databaseUrl);
    await seedYear(bench.seed, { clusterId: cluster.id, year: 2025, orgs: 12 });
    await bench.close();
  });
  afterEach(async () => {
    await slack.stop();
    await app.close();
    expect(ws.problems).toEqual([]);
  });

  it('answers the coordinator privately and uploads the charts, the summary and the data to the DM', { timeout: 120_000 }, async () => {
    const outcome = await ws.slash(KOORD, '/pkes-report evaluation year:2025');
    expect(outcome.status).toBe(200);
    const started = Date.now();
    while (ws.files.length < 17 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    const answer = ws.messages.find((m) => shown(m).includes('Ocena roczna 2025'));
    expect(answer, 'the summary').toBeDefined();
    expect(answer!.only === KOORD || answer!.channel === 'D0KOORD', 'seen by the coordinator only').toBe(true);
    const uploaded = ws.files;
    expect(uploaded).toHaveLength(17);
    expect(new Set(uploaded.map((f) => f.channel))).toEqual(new Set(['D0KOORD']));
    expect(uploaded.filter((f) => f.filename.endsWith('.png')).map((f) => f.filename)).toEqual([
      'ocena-2025-dzialania.png',
      'ocena-2025-obowiazek.png',
      'ocena-2025-przyjecia.png',
      'ocena-2025-grupy-robocze.png',
      'ocena-2025-barter.png',
      'ocena-2025-walne-spotkania.png',
      'ocena-2025-nowe-wspolprace.png',
      'ocena-2025-mapa-wspolpracy.png',
    ]);
    for (const f of uploaded) expect(f.data.length, f.filename).toBeGreaterThan(f.filename.endsWith('.png') ? 10_000 : 50);
  });
});
