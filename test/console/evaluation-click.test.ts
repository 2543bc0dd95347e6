import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPng } from '../evaluation/png.ts';
import { seedEvaluatedYear } from '../evaluation/support.ts';
import { scriptedConsolePerTest, Terminal } from './terminal.ts';

/** The console writes every file of the yearly evaluation and of the activity card to disk, and prints where. */
describe('the console: charts as files', () => {
  const cli = scriptedConsolePerTest('2026-03-02T09:00:00Z', (t, clusterId) => seedEvaluatedYear(t.databaseUrl, clusterId));

  it('/report evaluation writes the charts, the summary and the data', { timeout: 120_000 }, async () => {
    const out = await cli.run([':as anna coordinator', '/report evaluation year:2025']);
    expect(out).toContain('Ocena roczna 2025');
    const written = readdirSync(cli.files).sort();
    expect(written.filter((f) => f.endsWith('.png'))).toHaveLength(8);
    expect(written.filter((f) => f.endsWith('.csv'))).toHaveLength(8);
    expect(written.filter((f) => f.endsWith('.md'))).toEqual(['ocena-2025-podsumowanie.md']);
    for (const name of written) {
      expect(out).toContain(`📎 ${path.join(cli.files, name)}`);
      if (name.endsWith('.png')) readPng({ filename: name, contentType: 'image/png', data: readFileSync(path.join(cli.files, name)) });
    }
  });

  it('/activity status prints the card at once; its printed "Pokaż wykres" writes the card’s chart', { timeout: 120_000 }, async () => {
    const term = new Terminal(cli.t, { attachmentsDir: cli.files });
    try {
      await term.start();
      await term.type(':as zosia main:"Spółdzielnia Socjalna Żuraw"');
      await term.type('/activity status');
      const card = term.message('Obowiązek aktywności: Spółdzielnia Socjalna Żuraw');
      expect(readdirSync(cli.files)).toEqual([]);
      await term.press(card, 'Pokaż wykres');
      const chart = path.join(cli.files, 'karta-dzialania-24-miesiace.png');
      expect(term.message('Działania z ostatnich 24 miesięcy: Spółdzielnia Socjalna Żuraw').text).toContain(`📎 ${chart}`);
      readPng({ filename: 'karta-dzialania-24-miesiace.png', contentType: 'image/png', data: readFileSync(chart) });
    } finally {
      await term.quit();
    }
  });
});
