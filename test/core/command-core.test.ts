import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../src/core/command.ts';
import { DomainError } from '../../src/core/errors.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

const runs: Record<string, unknown>[] = [];

/** A command that exercises the core: options of each type, a form, a domain error, a crash. */
const probe = defineCommand({
  name: 'probe',
  description: 'core.commands.help.description',
  subcommands: {
    count: defineSubcommand({
      description: 'core.commands.help.description',
      permission: 'member',
      options: z.object({
        title: z.string().trim().min(1).max(20),
        times: z.number().int().min(1).max(5),
        loud: z.boolean().default(false),
      }),
      async run({ options, t }) {
        runs.push(options);
        return { text: t('core.units.activities', { count: options.times }) };
      },
    }),
    vote: defineSubcommand({
      description: 'core.commands.help.description',
      permission: 'mainMember',
      options: z.object({}),
      async run() {
        return { text: 'voted' };
      },
    }),
    apply: defineSubcommand({
      description: 'core.commands.help.description',
      permission: 'anyone',
      options: z.object({
        name: z.string().trim().min(3).max(50),
        email: z.email(),
        accepts: z.boolean().refine((v) => v, { message: 'core.validation.mustAccept' }),
      }),
      form: {
        title: 'core.about.title',
        fields: [
          { name: 'name', label: 'core.options.user', kind: 'short', required: true, maxLength: 50 },
          { name: 'email', label: 'core.options.user', kind: 'short', required: true },
          { name: 'accepts', label: 'core.options.user', kind: 'choice', required: true, options: [{ value: 'true', label: 'core.form.yes' }, { value: 'false', label: 'core.form.no' }] },
        ],
      },
      async run({ options }) {
        runs.push(options);
        return { text: `applied ${options.name}` };
      },
    }),
    refuse: defineSubcommand({
      description: 'core.commands.help.description',
      permission: 'anyone',
      options: z.object({}),
      async run() {
        throw new DomainError('core.errors.notFound', { what: 'X' });
      },
    }),
    crash: defineSubcommand({
      description: 'core.commands.help.description',
      permission: 'anyone',
      options: z.object({}),
      async run() {
        throw new Error('boom with secret@example.org');
      },
    }),
  },
});

describe('the command core', () => {
  let t: TestApp;
  beforeEach(async () => {
    runs.length = 0;
    t = await createTestApp({ commands: [probe] });
    await t.given('jan', { main: 'Spółdzielnia Razem' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    await t.given('olek', { main: 'Fundacja Zawieszona', status: 'suspended' });
  });
  afterEach(() => t.close());

  it('refuses a stranger a member command with a message that says how to get in', async () => {
    const reply = await t.as('stranger').command('probe', 'count', { title: 'x', times: 1 });
    expect(reply.errorId).toBe('core.denied.member');
    expect(reply.text).toContain('/apply');
    expect(reply.private).toBe(true);
    expect(runs).toHaveLength(0);
  });

  it('refuses a supporting member a main-member command, explaining that supporting members never vote', async () => {
    const reply = await t.as('ewa').command('probe', 'vote');
    expect(reply.errorId).toBe('core.denied.supportingMember');
  });

  it('refuses a suspended member and points to the appeal', async () => {
    const reply = await t.as('olek').command('probe', 'count', { title: 'x', times: 1 });
    expect(reply.errorId).toBe('core.denied.suspended');
    expect(reply.text).toContain('/appeal');
  });

  it('turns text options into numbers and booleans for the same schema (Slack, console)', async () => {
    const reply = await t.as('jan').command('probe', 'count', { title: ' Szkolenie ', times: '3', loud: 'tak' });
    expect(runs).toEqual([{ title: 'Szkolenie', times: 3, loud: true }]);
    expect(reply.text).toBe('3 działania');
  });

  it('answers invalid options with a localized message per field and the usage, running nothing', async () => {
    const reply = await t.as('jan', { locale: 'en-US' }).command('probe', 'count', { title: 'x'.repeat(21), times: 'many' });
    expect(reply.errorId).toBe('core.errors.invalidOptions');
    expect(reply.fieldErrors).toEqual({ title: 'at most 20 characters', times: 'enter a number' });
    expect(reply.text).toContain('Usage: /probe count title:<…> times:<…> [loud:<…>]');
    expect(runs).toHaveLength(0);
  });

  it('opens the form when called without its fields, and keeps what was typed when a submit is rejected', async () => {
    const jan = t.as('jan');
    const opened = await jan.command('probe', 'apply');
    expect(opened.form?.fields.map((f) => f.name)).toEqual(['name', 'email', 'accepts']);

    const rejected = await jan.form('probe.apply', { name: 'Spółdzielnia Razem', email: 'not-an-email', accepts: 'false' });
    expect(rejected.fieldErrors).toEqual({ email: 'podaj poprawny adres e-mail', accepts: 'ta deklaracja jest wymagana' });
    expect(runs).toHaveLength(0);

    const reopened = await jan.press(rejected, 'Popraw formularz');
    expect(Object.fromEntries(reopened.form!.fields.map((f) => [f.name, f.value]))).toEqual({
      name: 'Spółdzielnia Razem',
      email: 'not-an-email',
      accepts: 'false',
    });

    const accepted = await jan.form('probe.apply', { email: 'biuro@razem.org.pl', accepts: 'true' });
    expect(accepted.text).toBe('applied Spółdzielnia Razem');
    // The draft is gone once the form is accepted.
    const again = await jan.command('probe', 'apply');
    expect(again.form?.fields.every((f) => f.value === undefined)).toBe(true);
  });

  it('shows a domain error in the reader language', async () => {
    expect((await t.as('jan').command('probe', 'refuse')).text).toBe('Nie znaleziono: X.');
    expect((await t.as('jan', { locale: 'en' }).command('probe', 'refuse')).text).toBe('Not found: X.');
  });

  it('answers a crash with a reference code, logs it, and keeps serving', async () => {
    const reply = await t.as('jan').command('probe', 'crash');
    expect(reply.errorId).toBe('core.errors.unexpected');
    const ref = /kod ([0-9a-f]{8})/.exec(reply.text ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(t.logs.lines.some((l) => l.ref === ref && l.msg === 'interaction failed')).toBe(true);
    expect((await t.as('jan').command('probe', 'count', { title: 'a', times: 1 })).text).toBe('1 działanie');
  });

  it('lists the subcommands the caller may use when none is given', async () => {
    const listing = await t.as('ewa').command('probe');
    expect(listing.errorId).toBeUndefined();
    expect(listing.text).toContain('/probe count');
    expect(listing.text).not.toContain('/probe vote');
    expect(listing.buttons?.map((b) => b.action)).toContainEqual({ command: 'core', action: 'start', args: ['probe', 'count'] });
    expect(listing.buttons?.some((b) => b.action.args?.[1] === 'vote')).toBe(false);
  });

  it('names an unknown command', async () => {
    const reply = await t.as('jan').command('nope');
    expect(reply.errorId).toBe('core.errors.unknownCommand');
    expect(reply.text).toContain('/nope');
  });

  it('ignores a button of a command that no longer exists', async () => {
    const reply = await t.as('jan').action('gone', 'press', ['1']);
    expect(reply.errorId).toBe('core.errors.unknownAction');
  });
});


describe('/setup set', () => {
  it('treats a prototype name such as valueOf as an unknown setting', async () => {
    const t = await createTestApp();
    try {
      await t.given('anna', { roles: ['coordinator'] });
      for (const key of ['valueOf', 'constructor', '__proto__', 'toString']) {
        const reply = await t.as('anna').command('setup', 'set', { key, value: '1' });
        expect(reply.errorId, key).toBe('core.errors.unknownSetting');
      }
    } finally {
      await t.close();
    }
  });
});
