import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionFromElement, escapeText, formValues, LIMITS, renderMessages, renderModal, slashRewriter } from '../../src/adapters/slack/blocks.ts';
import { parseCommandText } from '../../src/adapters/slack/parse.ts';
import { defineCommand, defineSubcommand, LEAF } from '../../src/core/command.ts';
import { CommandRegistry } from '../../src/core/dispatcher.ts';
import { translator, type TranslationKey } from '../../src/core/i18n.ts';
import type { Form, Reply } from '../../src/core/reply.ts';

type AnyBlock = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };
const blocksOf = (reply: Reply) => renderMessages(reply).map((m) => m.blocks as unknown as AnyBlock[]);

describe('Block Kit rendering of the neutral reply', () => {
  it('a reply with 150 fields is split into messages of at most 50 blocks, buttons on the last', () => {
    const reply: Reply = {
      title: 'Members',
      fields: Array.from({ length: 150 }, (_, i) => ({ label: `Org ${i}`, value: `row ${i}` })),
      buttons: [{ label: 'More', action: { command: 'member', action: 'page', args: ['2'] } }],
    };
    const pages = blocksOf(reply);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(pages.flat().filter((b) => b.type === 'section')).toHaveLength(150);
    const last = pages.at(-1)!;
    expect(last.at(-2)!.type).toBe('actions');
    expect(last.at(-1)).toMatchObject({ type: 'context', elements: [{ text: `${pages.length}/${pages.length}` }] });
  });

  it('inline fields sit ten to a section; long text is cut into sections of at most 3000 characters', () => {
    const reply: Reply = {
      text: Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n'),
      fields: Array.from({ length: 23 }, (_, i) => ({ label: `k${i}`, value: 'v', inline: true })),
    };
    const blocks = blocksOf(reply).flat();
    const sections = blocks.filter((b) => b.text);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(blocks.filter((b) => b.fields).map((b) => b.fields!.length)).toEqual([10, 10, 3]);
  });

  it('a choice list of 250 options becomes three selects of at most 100, option text cut to 75', () => {
    const reply: Reply = {
      choices: {
        action: { command: 'group', action: 'join' },
        placeholder: 'Pick a group',
        options: Array.from({ length: 250 }, (_, i) => ({ value: `g${i}`, label: `${'Grupa robocza '.repeat(8)}${i}` })),
      },
    };
    const selects = blocksOf(reply)
      .flat()
      .flatMap((b) => b.elements ?? []) as { type: string; action_id: string; options: { text: { text: string } }[]; placeholder: { text: string } }[];
    expect(selects.map((s) => s.options.length)).toEqual([100, 100, 50]);
    expect(new Set(selects.map((s) => s.action_id)).size).toBe(3);
    for (const s of selects) {
      expect(s.type).toBe('static_select');
      for (const o of s.options) expect(o.text.text.length).toBeLessThanOrEqual(LIMITS.optionText);
      expect(actionFromElement(s)).toEqual({ command: 'group', action: 'join', args: [] });
    }
    expect(selects[1]!.placeholder.text).toBe('Pick a group (101–200)');
  });

  it('buttons carry their encoded action; a link button opens its URL', () => {
    const [[actions]] = blocksOf({
      buttons: [
        { label: 'Yes', action: { command: 'poll', action: 'vote', args: ['p1', 'yes'] }, style: 'success' },
        { label: 'Rules', action: { command: 'about', action: 'rules' }, url: 'https://pkes.example/rules' },
      ],
    }) as [[AnyBlock]];
    const [yes, rules] = actions.elements as { value?: string; action_id: string; style?: string; url?: string }[];
    expect(yes).toMatchObject({ value: 'pk|poll|vote|p1|yes', style: 'primary' });
    expect(actionFromElement(yes as { action_id: string; value: string })).toEqual({ command: 'poll', action: 'vote', args: ['p1', 'yes'] });
    expect(rules).toMatchObject({ url: 'https://pkes.example/rules' });
  });

  it('user text cannot ping everyone or fake a link; mentions the core wrote stay live', () => {
    expect(escapeText('<!channel> <!here|here> <https://evil|ok> a & b <@U0ANNA>')).toBe('&lt;!channel&gt; &lt;!here|here&gt; &lt;https://evil|ok&gt; a &amp; b <@U0ANNA>');
    const [[section]] = blocksOf({ text: 'Hi <!everyone> from <@U0BOB>' }) as [[AnyBlock]];
    expect(section.text!.text).toBe('Hi &lt;!everyone&gt; from <@U0BOB>');
  });

  it('command names get the Slack prefix, URLs do not', () => {
    const rewrite = slashRewriter(['help', 'activity'], 'pkes');
    expect(rewrite({ text: 'Try /help or `/activity log`; see https://x.pl/help and /helpful' }).text).toBe(
      'Try /pkes-help or `/pkes-activity log`; see https://x.pl/help and /helpful',
    );
  });
});

describe('forms as Slack modals', () => {
  const t = translator('en');
  const form: Form = {
    id: 'activity.log',
    title: 'Log an activity of the organisation',
    submit: { command: 'activity', subcommand: 'log' },
    args: ['m1'],
    fields: [
      { name: 'title', label: 'Title', kind: 'short', required: true, maxLength: 100, value: 'Warsztaty' },
      { name: 'details', label: 'Details', kind: 'paragraph', required: false, maxLength: 5000 },
      { name: 'kind', label: 'Kind', kind: 'choice', required: true, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], value: 'b' },
    ],
  };

  it('keeps what was typed, respects Slack limits and remembers where to answer', () => {
    const view = renderModal(form, t, 'C0GENERAL');
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(view.submit?.text).toBe('Submit');
    const [title, details, kind] = view.blocks as unknown as { optional: boolean; element: Record<string, unknown> }[];
    expect(title!.element).toMatchObject({ type: 'plain_text_input', initial_value: 'Warsztaty', max_length: 100, multiline: false });
    expect(details!.optional).toBe(true);
    expect(details!.element).toMatchObject({ multiline: true, max_length: 3000 });
    expect(kind!.element).toMatchObject({ type: 'static_select', initial_option: { value: 'b' } });
    expect(JSON.parse(view.private_metadata!)).toEqual({ f: 'activity.log', a: ['m1'], c: 'C0GENERAL' });
  });

  it('reads submitted values by field name; an emptied field is sent as empty', () => {
    expect(
      formValues({
        title: { value: { type: 'plain_text_input', value: 'Nowy' } },
        details: { value: { type: 'plain_text_input', value: null } },
        kind: { value: { type: 'static_select', selected_option: { value: 'a' } } },
      }),
    ).toEqual({ title: 'Nowy', details: '', kind: 'a' });
  });
});

describe('slash command text', () => {
  const key = (k: string) => k as TranslationKey;
  const registry = new CommandRegistry([
    defineCommand({
      name: 'activity',
      description: key('x'),
      subcommands: {
        log: defineSubcommand({ description: key('x'), permission: 'anyone', options: z.object({}), run: async () => ({}) }),
      },
    }),
    defineCommand({
      name: 'about',
      description: key('x'),
      subcommands: { [LEAF]: defineSubcommand({ description: key('x'), permission: 'anyone', options: z.object({}), run: async () => ({}) }) },
    }),
  ]);

  it('reads the subcommand, quoted options and mentions (with or without a name)', () => {
    expect(parseCommandText(registry, 'activity', 'log title:"Warsztaty szycia" with:<@U0BOB|bob> by:<@U0ANNA> date:„2026-03-01”')).toEqual({
      command: 'activity',
      subcommand: 'log',
      options: { title: 'Warsztaty szycia', with: 'U0BOB', by: 'U0ANNA', date: '2026-03-01' },
      users: { U0BOB: { displayName: 'bob' }, U0ANNA: { displayName: 'U0ANNA' } },
    });
  });

  it('undoes Slack\'s escaping: entities, links, e-mails, channels, and labels with spaces', () => {
    const parsed = parseCommandText(
      registry,
      'activity',
      'log title:"A &amp; B &lt;3" link:<https://pkes.example/a?b=1|pkes.example> mail:<mailto:anna@coop.pl|anna@coop.pl> channel:<#C0BOT|bot-kanal> note:"for <@U0BOB|Bob Nowak> and <!here>"',
    );
    expect(parsed.options).toEqual({
      title: 'A & B <3',
      link: 'https://pkes.example/a?b=1',
      mail: 'anna@coop.pl',
      channel: 'C0BOT',
      note: 'for <@U0BOB> and @here',
    });
    expect(parsed.users).toEqual({ U0BOB: { displayName: 'Bob Nowak' } });
  });

  it('a leaf command takes options straight away', () => {
    expect(parseCommandText(registry, 'about', 'verbose:yes')).toEqual({ command: 'about', options: { verbose: 'yes' }, users: {} });
  });
});
