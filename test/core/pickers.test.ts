import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, defineSubcommand, type OptionsSchema, type Picker, type Subcommand } from '../../src/core/command.ts';
import type { Invocation } from '../../src/core/dispatcher.ts';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';

const RECORDS = [
  { value: 'rec-1', label: 'Spółdzielnia Socjalna Razem' },
  { value: 'rec-2', label: 'Fundacja Pomorska' },
  { value: 'rec-3', label: 'Fundacja Kaszubska' },
];

/** Filters by what was typed, as every record picker does. */
const records: Picker = async (_ctx, typed) => RECORDS.filter((r) => r.label.toLowerCase().includes(typed.toLowerCase()));
const runs: Record<string, unknown>[] = [];

/** Each probe subcommand borrows /help's description: only what it does is under test. */
const step = <S extends OptionsSchema>(sub: Omit<Subcommand<S>, 'description'>): Subcommand => defineSubcommand<S>({ description: 'core.commands.help.description', ...sub } as Subcommand<S>);

const probe = defineCommand({
  name: 'probe',
  description: 'core.commands.help.description',
  subcommands: {
    close: step({
      permission: 'coordinator',
      options: z.object({ record: z.string().min(1).describe('core.options.value'), note: z.string().optional().describe('core.options.value') }),
      pickers: { record: records },
      async run({ options }) {
        runs.push(options);
        return { text: `zamknięto ${options.record}${options.note ? ` (${options.note})` : ''}` };
      },
    }),
    broken: step({
      permission: 'anyone',
      options: z.object({ record: z.string().min(1).describe('core.options.value') }),
      pickers: {
        record: async () => {
          throw new Error('the picker broke');
        },
      },
      async run({ options }) {
        return { text: `broken ${options.record}` };
      },
    }),
    respond: step({
      permission: 'anyone',
      options: z.object({ record: z.string().min(1).describe('core.options.value'), message: z.string().min(1).describe('core.options.value') }),
      pickers: { record: records },
      form: {
        title: 'core.about.title',
        fields: [
          { name: 'record', label: 'core.options.value', kind: 'short', required: true },
          { name: 'message', label: 'core.options.value', kind: 'paragraph', required: true },
        ],
      },
      async run({ options }) {
        return { text: `responded to ${options.record}: ${options.message}` };
      },
    }),
  },
});

describe('pickers through the command core', () => {
  let t: TestApp;
  const suggest = (user: string, subcommand: string, typed: string, option = 'record'): Promise<Reply> =>
    t.app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: TEST_CLUSTER }, user: { id: user, displayName: user }, kind: 'suggest', command: 'probe', subcommand, option, typed } as Invocation);

  beforeEach(async () => {
    runs.length = 0;
    t = await createTestApp({ commands: [probe] });
    await t.given('anna', { roles: ['coordinator'] });
  });
  afterEach(() => t.close());

  it('suggests the records matching what was typed, only to someone who may run the command', async () => {
    expect((await suggest('anna', 'close', 'fundacja')).suggestions).toEqual([RECORDS[1], RECORDS[2]]);
    expect((await suggest('anna', 'close', '')).suggestions).toHaveLength(3);
    // A member who may not close sees nothing, not even that the records exist.
    expect((await suggest('jan', 'close', '')).suggestions).toEqual([]);
    // An option without a picker, or an unknown subcommand: nothing, and no error.
    expect((await suggest('anna', 'close', '', 'note')).suggestions).toEqual([]);
    expect((await suggest('anna', 'nope', '')).suggestions).toEqual([]);
  });

  it('answers empty, 100-character, emoji and SQL-looking text without failing, and a broken picker with nothing', async () => {
    for (const typed of ['', 'x'.repeat(100), '🤝🏽 Razem', "'; DROP TABLE Member; --", 'x'.repeat(5000)]) {
      const reply = await suggest('anna', 'close', typed);
      expect(reply.errorId).toBeUndefined();
      expect(Array.isArray(reply.suggestions)).toBe(true);
    }
    const broken = await suggest('anna', 'broken', 'x');
    expect(broken.suggestions).toEqual([]);
    expect(t.logs.lines.some((l) => l.msg === 'picker failed; suggesting nothing')).toBe(true);
  });

  it('accepts a record\'s name typed instead of its id (Slack, console), and leaves an ambiguous one to the command', async () => {
    const anna = t.as('anna');
    expect((await anna.command('probe', 'close', { record: 'fundacja pomorska' })).text).toBe('zamknięto rec-2');
    expect((await anna.command('probe', 'close', { record: 'Razem' })).text).toBe('zamknięto rec-1');
    expect((await anna.command('probe', 'close', { record: 'rec-3' })).text).toBe('zamknięto rec-3');
    // Two foundations: not guessed.
    expect((await anna.command('probe', 'close', { record: 'Fundacja' })).text).toBe('zamknięto Fundacja');
  });

  it('offers the records to choose from when the record is left out, keeping what was typed', async () => {
    const anna = t.as('anna');
    const list = await anna.command('probe', 'close', { note: 'do końca marca' });
    expect(list.choices?.options.map((o) => o.label)).toEqual(RECORDS.map((r) => r.label));
    expect(list.private).toBe(true);
    const done = await anna.choose(list, ['rec-2']);
    expect(done.text).toBe('zamknięto rec-2 (do końca marca)');
    expect(runs).toEqual([{ record: 'rec-2', note: 'do końca marca' }]);
    // The list is not a way around the command's permission.
    const jan = await t.as('jan').action('core', 'pick', ['probe.close', 'record'], ['rec-1']);
    expect(jan.tone).toBe('error');
    expect(runs).toHaveLength(1);
  });

  it('shows a form\'s record field as a choice of the picker\'s records', async () => {
    const reply = await t.as('jan').command('probe', 'respond');
    const field = reply.form!.fields.find((f) => f.name === 'record')!;
    expect(field).toMatchObject({ kind: 'choice', picker: true, options: RECORDS });
    expect(reply.form!.fields.find((f) => f.name === 'message')!.kind).toBe('paragraph');
  });
});
