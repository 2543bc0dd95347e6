import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support.ts';

/**
 * What `npm start` loads before the first interaction: the bundle's entry and the Discord adapter
 * (loaded at start in either Discord mode), followed through their static imports. Packages only
 * some interactions or settings need are loaded by import() when first used, so an idle bot does
 * not carry them (issue 23: the idle bot stays under 120 MB, `npm run bench`).
 */
const LOADED_ON_FIRST_USE = [
  // Charts: the first chart drawn.
  'vega',
  'vega-lite',
  '@resvg/resvg-js',
  // E-mail: the first message sent.
  'nodemailer',
  // Metrics, the gateway, Slack: only when configured.
  'prom-client',
  '@discordjs/ws',
  '@slack/bolt',
  // Holidays are read from a table written by `npm run holidays:pl`; REST runs on the global fetch.
  'date-holidays',
  'date-holidays-parser',
  'undici',
  '@discordjs/rest',
];

const dir = mkdtempSync(path.join(tmpdir(), 'pkes-idle-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages a bundle file and the chunks it imports statically import (import() not followed). */
function staticPackages(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  const source = readFileSync(path.join(dir, file), 'utf8');
  for (const [, specifier] of source.matchAll(/^(?:import|export)\s+(?:[^'";]*?\s+from\s+)?"([^"]+)";?$/gm)) {
    if (specifier!.startsWith('./')) staticPackages(specifier!.slice(2), seen, packages);
    else if (!specifier!.startsWith('node:')) packages.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
  }
  return packages;
}

describe('what the bot loads at start', () => {
  it('leaves charting, e-mail, metrics, the gateway, Slack, date-holidays and undici to their first use', { timeout: 60_000 }, () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const discord = readdirSync(dir).filter((f) => /^discord-[A-Z0-9]+\.js$/.test(f));
    expect(discord, 'the Discord adapter is a chunk of its own').toHaveLength(1);
    const atStart = staticPackages('main.js');
    for (const chunk of discord) staticPackages(chunk, new Set(), atStart);
    // The walk reads what it should: the packages every interaction needs are there.
    expect([...atStart]).toEqual(expect.arrayContaining(['zod', 'pino', 'discord-api-types']));
    expect([...atStart].filter((p) => LOADED_ON_FIRST_USE.includes(p))).toEqual([]);
    // And each of the lazily loaded ones is still reached by import() where it is needed.
    const bundle = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    for (const lazy of ['vega', 'nodemailer', '@discordjs/ws']) expect(bundle, lazy).toContain(`import("${lazy}")`);
  });
});
