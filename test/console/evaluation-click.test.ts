import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { openBenchDb } from '../../bench/bench-seed.ts';
import { seedYear } from '../../bench/seed-year.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { readPng } from '../evaluation/png.ts';

/** The console writes every file of the yearly evaluation and of the activity card to disk, and prints where. */
async function runConsole(t: TestApp, files: string, lines: string[]): Promise<string> {
  let out = '';
  const output = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  await new ConsoleAdapter(t.app, { input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, attachmentsDir: files }).run();
  return out;
}

describe('the console: charts as files', () => {
  let t: TestApp;
  let files: string;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z', env: { CONSOLE_CLUSTER: 'console-charts' } });
    files = mkdtempSync(path.join(tmpdir(), 'pkes-console-charts-'));
    const cluster = await t.app.services.clusters.resolve('console', 'console-charts');
    const bench = await openBenchDb(t.databaseUrl);
    await seedYear(bench.seed, { clusterId: cluster.id, year: 2025, orgs: 12 });
    await bench.close();
  });
  afterEach(async () => {
    await t.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('/report evaluation writes the charts, the summary and the data; /activity status writes the card’s chart', { timeout: 120_000 }, async () => {
    const out = await runConsole(t, files, [':as anna coordinator', '/report evaluation year:2025', ':as zosia main:"Spółdzielnia Socjalna Żuraw"', '/activity status']);
    expect(out).toContain('Ocena roczna 2025');
    const written = readdirSync(files).sort();
    expect(written.filter((f) => f.endsWith('.png'))).toHaveLength(9);
    expect(written.filter((f) => f.endsWith('.csv'))).toHaveLength(8);
    expect(written.filter((f) => f.endsWith('.md'))).toEqual(['ocena-2025-podsumowanie.md']);
    for (const name of written) {
      expect(out).toContain(`📎 ${path.join(files, name)}`);
      if (name.endsWith('.png')) readPng({ filename: name, contentType: 'image/png', data: readFileSync(path.join(files, name)) });
    }
    expect(written).toContain('karta-dzialania-24-miesiace.png');
  });
});
