import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { describeOptions, type OptionSpec } from '../../src/core/options.ts';
import type { Reply } from '../../src/core/reply.ts';
import { FUZZ_SEED } from '../support/fuzz.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

/** Text people really paste, and text meant to break things. */
const NASTY = [
  '',
  '   ',
  '\t\n',
  'x'.repeat(10_000),
  '@everyone',
  '@here',
  '<!channel>',
  '<!here>',
  '<@123456789012345678>',
  '<@&987654321>',
  "'; DROP TABLE \"Member\"; --",
  "1 OR 1=1",
  '\u202Eevil\u202C',
  'zero\u200Bwidth\u200D',
  '\u200B',
  '\u200B\u200D\uFEFF\u2060',
  ' \u00AD\u200C ',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'مرحبا بالعالم',
  '**bold** _it_ `code` ```block``` > quote',
  '😀👍🏽🇵🇱',
  'Zażółć gęślą jaźń',
  '2026-02-30',
  '-1',
  '1e309',
  'NaN',
  'null',
  '{"a":1}',
];

const text = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 120 }));

function valueFor(spec: OptionSpec) {
  switch (spec.type) {
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: false }), text);
    case 'boolean':
      return fc.oneof(fc.boolean(), text);
    default:
      return spec.choices ? fc.oneof(fc.constantFrom(...spec.choices), text) : text;
  }
}

const targets = commands.flatMap((def) =>
  Object.entries(def.subcommands).map(([sub, s]) => ({ command: def.name, subcommand: sub || undefined, specs: describeOptions(s.options) })),
);
const actions = commands.flatMap((def) => Object.keys(def.actions ?? {}).map((action) => ({ command: def.name, action })));

/** Tables that hold what people type. */
const CONTENT_TABLES = ['Member', 'Application', 'Activity', 'Meeting', 'WorkingGroup', 'BarterPost', 'BarterResponse', 'Motion', 'Poll', 'Appeal', 'StrategicPartner', 'Cluster', 'Person'];
/** Whitespace, zero-width and direction controls: text made only of these shows nothing. */
const INVISIBLE = /[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINK_COLUMNS = new Set(['website', 'link']);

type Rows = Map<string, Map<string, Record<string, unknown>>>;
/** The content tables as the last call left them. */
let rows: Rows;

async function contentRows(t: TestApp): Promise<Rows> {
  const out: Rows = new Map();
  for (const table of CONTENT_TABLES) out.set(table, new Map((await t.app.db.dumpTable(table)).map((r) => [String(r.id), r])));
  return out;
}

/** What a call stored: every text value in a row it created, or in a column it changed. */
function storedTexts(before: Rows, after: Rows): { where: string; column: string; value: string }[] {
  const out: { where: string; column: string; value: string }[] = [];
  for (const [table, rows] of after) {
    for (const [id, row] of rows) {
      const old = before.get(table)?.get(id);
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && (!old || old[column] !== value)) out.push({ where: `${table}.${column}`, column, value });
      }
    }
  }
  return out;
}

/** A stored value is safe when it is well-formed text, shows something if not empty, and a link is a web link. */
function unsafe(texts: { where: string; column: string; value: string }[]): string[] {
  return texts.flatMap(({ where, column, value }) => {
    const problems: string[] = [];
    if (/\p{Surrogate}/u.test(value)) problems.push('broken Unicode');
    if (CONTROL.test(value)) problems.push('control character');
    if (value !== '' && value.replace(INVISIBLE, '') === '') problems.push('nothing visible');
    if (LINK_COLUMNS.has(column) && value !== '' && !/^https?:\/\/[^\s/]+/i.test(value)) problems.push('not a web link');
    return problems.map((p) => `${where}: ${p} in ${JSON.stringify(value).slice(0, 80)}`);
  });
}

/** A clear message: a sentence in the caller's language, with nothing of the code left in it. */
function unclear(reply: Reply, typed: string[]): string | null {
  // What the caller typed may be quoted back; judge only the bot's own words.
  let text = [reply.title ?? '', reply.text ?? ''].join(' ').trim();
  for (const value of typed.filter((v) => v.trim().length > 0).sort((x, y) => y.length - x.length)) text = text.split(value.trim()).join('…');
  if (text.length < 10) return `too short: ${JSON.stringify(text)}`;
  if (/\b(undefined|null|NaN|\[object Object\])\b/.test(text)) return `code left in: ${text.slice(0, 200)}`;
  if (/\{\w+\}/.test(text)) return `placeholder left in: ${text.slice(0, 200)}`;
  if (/\b[a-z]+\.[a-z][a-zA-Z]+\.[a-zA-Z.-]+\b/.test(text)) return `translation key: ${text.slice(0, 200)}`;
  return null;
}

/**
 * The promise README makes: whatever is typed, the answer is a clear message or a safe stored
 * value. Checked after every call: a refusal must be clear; anything the call stored must be safe.
 */
async function expectClearOrSafe(t: TestApp, reply: Reply, input: unknown): Promise<void> {
  const label = JSON.stringify(input).slice(0, 300);
  // Read what this call stored before judging, so a failing call's rows are not blamed on the next.
  const before = rows;
  rows = await contentRows(t);
  expect(reply.errorId, label).not.toBe('core.errors.unexpected');
  const typed = (Array.isArray(input) ? input : Object.values(input as Record<string, unknown>)).map(String);
  if (reply.errorId) expect(unclear(reply, typed), `${reply.errorId} for ${label}`).toBeNull();
  expect(unsafe(storedTexts(before, rows)), `${reply.errorId ?? 'stored'} for ${label}`).toEqual([]);
}

describe('bad input gets a clear message or is stored safely, never a crash', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // The most powerful caller: every permission passes, so every code path is reached.
    await t.given('fuzzer', { roles: ['coordinator', 'team'], main: 'Spółdzielnia Fuzz' });
    rows = await contentRows(t);
  });
  afterAll(() => t.close());

  it.each(targets.map((x) => [`/${x.command}${x.subcommand ? ` ${x.subcommand}` : ''}`, x] as const))('%s', async (_name, target) => {
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(target.specs.map((s) => [s.name, valueFor(s)])), { requiredKeys: [] }), async (options) => {
        const reply = await t.as('fuzzer').command(target.command, target.subcommand, options);
        await expectClearOrSafe(t, reply, options);
      }),
      { numRuns: 25, seed: FUZZ_SEED },
    );
  });

  it.skipIf(actions.length === 0).each(actions.map((a) => [`${a.command}.${a.action}`, a] as const))('button %s with forged arguments', async (_name, a) => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 3 }), async (args) => {
        const reply = await t.as('fuzzer').action(a.command, a.action, args);
        await expectClearOrSafe(t, reply, args);
      }),
      { numRuns: 15, seed: FUZZ_SEED },
    );
  });
});
