import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { describeOptions, type OptionSpec } from '../../src/core/options.ts';
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

/**
 * A fixed seed keeps CI repeatable; FUZZ_SEED=random (or a number) explores further, and a failure
 * prints the seed that reproduces it.
 */
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261122);

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

describe('bad input never crashes a command', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // The most powerful caller: every permission passes, so every code path is reached.
    await t.given('fuzzer', { roles: ['coordinator', 'team'], main: 'Spółdzielnia Fuzz' });
  });
  afterAll(() => t.close());

  it.each(targets.map((x) => [`/${x.command}${x.subcommand ? ` ${x.subcommand}` : ''}`, x] as const))('%s', async (_name, target) => {
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(target.specs.map((s) => [s.name, valueFor(s)])), { requiredKeys: [] }), async (options) => {
        const reply = await t.as('fuzzer').command(target.command, target.subcommand, options);
        expect(reply.errorId, JSON.stringify(options).slice(0, 300)).not.toBe('core.errors.unexpected');
      }),
      { numRuns: 25, seed: SEED },
    );
  });

  it.skipIf(actions.length === 0).each(actions.map((a) => [`${a.command}.${a.action}`, a] as const))('button %s with forged arguments', async (_name, a) => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 3 }), async (args) => {
        const reply = await t.as('fuzzer').action(a.command, a.action, args);
        expect(reply.errorId, JSON.stringify(args).slice(0, 300)).not.toBe('core.errors.unexpected');
      }),
      { numRuns: 15, seed: SEED },
    );
  });
});
