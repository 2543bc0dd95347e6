import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { isLeaf } from '../../src/core/command.ts';
import type { Reply } from '../../src/core/reply.ts';
import { castApp, type TestApp } from '../support/harness.ts';

/**
 * A command with subcommands typed alone (Slack and console slash text; Discord always names one)
 * answers with what the caller may do, a button each, and each button starts its subcommand.
 */
const GROUPS = commands.filter((def) => !isLeaf(def));

describe('a bare command with subcommands', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await castApp({ koord: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Socjalna Razem' }, obcy: {} }, { start: '2026-03-10T10:00:00Z' });
  });
  afterAll(() => t.close());

  /** What pressing a subcommand's button may show: its form, a record to choose, how to type it, or what it did. */
  function started(reply: Reply, command: string, sub: string): string | undefined {
    const id = reply.errorId ?? '';
    if (id.startsWith('core.denied.') || id === 'core.errors.unexpected' || id === 'core.errors.unknownAction' || id === 'core.errors.unknownCommand') return `${id}: ${reply.text}`;
    if (reply.form) return reply.form.submit.command === command && reply.form.submit.subcommand === sub ? undefined : `form of ${JSON.stringify(reply.form.submit)}`;
    if (reply.choices || reply.title || reply.fields || reply.attachments || reply.text) return undefined;
    return `nothing shown: ${JSON.stringify(reply)}`;
  }

  for (const who of ['jan', 'koord'] as const) {
    it(`offers ${who === 'jan' ? 'a member' : 'the coordinator'} a button for every subcommand it may use, and each starts it`, async () => {
      const problems: string[] = [];
      let offered = 0;
      for (const def of GROUPS) {
        const bare = await t.as(who).command(def.name);
        const buttons = bare.buttons ?? [];
        if (bare.errorId?.startsWith('core.denied.')) {
          // Nothing here for this caller: told why, never an empty list.
          if (buttons.length) problems.push(`/${def.name}: refused but offers ${buttons.length} buttons`);
          continue;
        }
        if (buttons.length === 0) problems.push(`/${def.name}: no buttons (${bare.text})`);
        expect(bare.text).not.toMatch(/:\s*$/);
        for (const button of buttons) {
          const [command = '', sub = ''] = button.action.args ?? [];
          if (command !== def.name || !(sub in def.subcommands)) problems.push(`/${def.name}: button ${button.label} starts ${command} ${sub}`);
          const reply = await t.as(who).press(bare, button.label);
          const problem = started(reply, def.name, sub);
          if (problem) problems.push(`/${def.name} ${sub} (${button.label}): ${problem}`);
          offered++;
        }
      }
      expect(problems).toEqual([]);
      expect(offered).toBeGreaterThan(10);
    });
  }

  it('offers only what the caller may use: the Coordinating Team decides appeals, a member only submits one', async () => {
    const member = await t.as('jan').command('appeal');
    expect(member.buttons?.map((b) => b.action.args?.[1])).toEqual(['submit']);
    expect(member.errorId).toBeUndefined();
    const coordinator = await t.as('koord').command('appeal');
    expect(coordinator.buttons?.map((b) => b.action.args?.[1])).toEqual(['submit', 'list', 'decide']);
    // Whether there is anything to appeal depends on the data: an active member is told so before writing.
    expect((await t.as('jan').press(member, 0)).errorId).toBe('membership.errors.nothingToAppeal');
    expect((await t.as('koord').press(coordinator, 'Otwarte odwołania (Zespół Koordynujący)')).text).toBe('Brak otwartych odwołań.');
    const members = await t.as('jan').command('member');
    expect(members.buttons?.some((b) => b.action.args?.[1] === 'suspend')).toBe(false);
    expect((await t.as('koord').command('member')).buttons?.some((b) => b.action.args?.[1] === 'suspend')).toBe(true);
  });

  it('a button asks for the options in a form, and the form runs the subcommand', async () => {
    const setup = await t.as('koord').command('setup');
    const form = await t.as('koord').press(setup, 'Zmień jedno ustawienie klastra');
    expect(form.form?.fields.map((f) => [f.name, f.label, f.required])).toEqual([
      ['key', 'Nazwa ustawienia', true],
      ['value', 'Nowa wartość (JSON lub tekst)', true],
    ]);
    const done = await t.as('koord').form(form.form!.id, { key: 'minActivitiesPerYear', value: '3' });
    expect(done.tone, done.text).toBe('success');
    const settings = await t.as('koord').command('setup', 'settings');
    expect(settings.fields?.find((f) => f.label === 'Minimalna liczba działań w roku')?.value).toBe('3 · `minActivitiesPerYear`');
  });

  it('a subcommand that needs a person typed as a mention says how to type it', async () => {
    const setup = await t.as('koord').command('setup');
    const reply = await t.as('koord').press(setup, 'Nadaj lub odbierz rolę w klastrze');
    expect(reply.text).toBe('Wpisz to polecenie razem z opcjami: `/setup role user:<…> role:<…> [revoke:<…>]`');
  });

  it('someone who may use none of the subcommands is told why, with no empty list', async () => {
    // /applications is the Coordinating Team's throughout (/motion no longer is: a task's owner reports on it).
    const reply = await t.as('obcy').command('applications');
    expect(reply.errorId).toMatch(/^core\.denied\./);
    expect(reply.buttons ?? []).toEqual([]);
    expect(reply.text).not.toContain('wybierz jedno');
  });

  it('a mistyped subcommand still lists what exists, as an error', async () => {
    const reply = await t.as('jan').command('appeal', 'zloz');
    expect(reply.errorId).toBe('core.errors.chooseSubcommand');
    expect(reply.buttons?.length).toBe(1);
  });

  it('a forged start button for a subcommand the caller may not use is refused', async () => {
    const reply = await t.as('jan').action('core', 'start', ['setup', 'set']);
    expect(reply.errorId).toBe('core.denied.coordinator');
  });
});
