import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.ts';
import { describeOptions } from '../../src/core/options.ts';
import { DomainError } from '../../src/core/errors.ts';
import { translator } from '../../src/core/i18n.ts';
import { dateText, dateTimeText, httpUrl, inputNotes, readCommandLine, readDate, readDateAndTime, readDateTime, readList, text } from '../../src/core/input.ts';

const ZONE = 'Europe/Warsaw';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('one input module: dates and times in the cluster zone', () => {
  it('reads every accepted date format as the same local day', () => {
    for (const typed of ['2026-03-20', '2026-3-20', '20.03.2026', '20.3.2026', '20/03/2026', '20.03.26', ' 20.03.2026 ']) {
      expect(readDate(typed, ZONE, 'date').toISO(), typed).toBe('2026-03-20T00:00:00.000+01:00');
    }
  });

  it('reads every accepted date-time format as the same instant', () => {
    for (const typed of ['2026-03-20 10:00', '2026-03-20T10:00', '20.03.2026 10:00', '20.03.2026 10.00', '20.3.2026 10:00', '20.03.2026, 10:00']) {
      expect(readDateTime(typed, ZONE, 'when').at.toISOString(), typed).toBe('2026-03-20T09:00:00.000Z');
    }
    expect(readDateAndTime('20.03.2026', '10.00', ZONE, { date: 'date', time: 'time' }).at.toISOString()).toBe('2026-03-20T09:00:00.000Z');
  });

  it('refuses what is not a day or a time, naming the field', () => {
    for (const typed of ['31.02.2026', '2026-13-01', 'jutro', '20-03-2026']) {
      const error = refusal(() => readDate(typed, ZONE, 'ends'));
      expect(error.id).toBe('core.input.badDate');
      expect(error.fields).toEqual({ ends: 'core.validation.date' });
    }
    expect(refusal(() => readDateTime('2026-03-20 24:00', ZONE, 'closes')).id).toBe('core.input.badDateTime');
    expect(refusal(() => readDateAndTime('2026-03-20', '10:75', ZONE, { date: 'date', time: 'time' })).id).toBe('core.input.badTime');
  });

  it('a bare date is the day start, or its last minute for a deadline, only where allowed', () => {
    expect(readDateTime('20.03.2026', ZONE, 'opens', { dateAlone: 'start' }).at.toISOString()).toBe('2026-03-19T23:00:00.000Z');
    expect(readDateTime('20.03.2026', ZONE, 'closes', { dateAlone: 'end' }).at.toISOString()).toBe('2026-03-20T22:59:00.000Z');
    expect(refusal(() => readDateTime('20.03.2026', ZONE, 'when')).id).toBe('core.input.badDateTime');
  });

  it('refuses a local time the clocks skip (02:30 on 29 March 2026 in Warsaw) with a clear message', () => {
    const error = refusal(() => readDateTime('29.03.2026 2:30', ZONE, 'when'));
    expect(error.id).toBe('core.input.skippedTime');
    expect(error.fields).toEqual({ when: 'core.validation.dateTime' });
    const message = translator('pl')(error.id, error.params);
    expect(message).toBe('Godziny 02:30 dnia 29.03.2026 nie ma w strefie czasowej klastra (Europe/Warsaw): tej nocy zegary przestawia się o godzinę do przodu. Podaj inną godzinę.');
    expect(refusal(() => readDateAndTime('2026-03-29', '2:30', ZONE, { date: 'date', time: 'time' })).fields).toEqual({ time: 'core.validation.time' });
  });

  it('takes the first of two instants for a time that occurs twice (02:30 on 25 October 2026) and says so', () => {
    const read = readDateTime('2026-10-25 02:30', ZONE, 'closes');
    expect(read.at.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(read.ambiguous).toEqual({ when: '25.10.2026 02:30', offset: 'UTC+02:00', otherOffset: 'UTC+01:00' });
    expect(inputNotes(translator('pl'), read)).toEqual([
      'Uwaga: 25.10.2026 02:30 występuje tej nocy dwa razy, bo zegary cofa się o godzinę. Przyjęto pierwsze wystąpienie (UTC+02:00), nie drugie (UTC+01:00).',
    ]);
    expect(inputNotes(translator('en'), readDateTime('2026-10-25 03:30', ZONE, 'closes'))).toEqual([]);
  });

  it('format checks in option schemas accept the same formats', () => {
    expect(dateText().safeParse('20.03.2026').success).toBe(true);
    expect(dateText().safeParse('2026-03-20').success).toBe(true);
    expect(dateText().safeParse('20.03').success).toBe(false);
    expect(dateTimeText().safeParse('20.03.2026 10:00').success).toBe(true);
    expect(dateTimeText().safeParse('20.03.2026').success).toBe(false);
    expect(dateTimeText({ dateAlone: true }).safeParse('20.03.2026').success).toBe(true);
  });
});

describe('one input module: the name:value line, lists, visible text, links', () => {
  it('reads options and words; a bare link is a word, not an option named https', () => {
    expect(readCommandLine('offer title:"Warsztaty szycia" https://example.org/a?b=c website:https://x.pl')).toEqual({
      words: ['offer', 'https://example.org/a?b=c'],
      options: { title: 'Warsztaty szycia', website: 'https://x.pl' },
    });
    expect(readCommandLine('note text:"cytat \\"X\\"" n=3')).toEqual({ words: ['note'], options: { text: 'cytat "X"', n: '3' } });
  });

  it('splits lists on semicolons and lines, never on commas inside a name', () => {
    expect(readList('Spółdzielnia „Razem”, Gdańsk; Fundacja A\nB ;  ')).toEqual(['Spółdzielnia „Razem”, Gdańsk', 'Fundacja A', 'B']);
  });

  it('refuses text that is only whitespace and zero-width characters', () => {
    const title = text().trim().min(1).max(50);
    for (const invisible of ['\u200b', ' \u200b\u200c\u200d ', '\u2060\u00ad', '\u3164']) {
      const result = title.safeParse(invisible);
      expect(result.success, JSON.stringify(invisible)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('core.validation.invisible');
    }
    // Blank text (a BOM is whitespace to JavaScript) is refused as missing, by .min().
    expect(title.safeParse('\ufeff ').success).toBe(false);
    expect(title.safeParse('Wiertarka\u200b').success).toBe(true);
    expect(text().optional().safeParse(undefined).success).toBe(true);
  });

  it('accepts only http(s) links', () => {
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'ftp://x.pl', 'https://', 'example.org']) {
      expect(httpUrl().safeParse(bad).success, bad).toBe(false);
    }
    expect(httpUrl().safeParse(' https://pkes.pl/o-nas ').data).toBe('https://pkes.pl/o-nas');
  });
});

describe('every command refuses invisible text and links other than http(s)', () => {
  const subcommands = commands.flatMap((def) => Object.entries(def.subcommands).map(([name, sub]) => ({ where: `/${def.name} ${name}`.trim(), sub })));

  it('no text option or form field accepts only zero-width characters', () => {
    let checked = 0;
    for (const { where, sub } of subcommands) {
      for (const spec of describeOptions(sub.options)) {
        if (spec.type !== 'string' || spec.choices) continue;
        const field = sub.options.shape[spec.name] as z.ZodType;
        expect(field.safeParse('\u200b\u200c').success, `${where} ${spec.name}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('/member update website and /activity log link take only http(s) addresses', () => {
    const option = (command: string, sub: string, name: string) => commands.find((c) => c.name === command)!.subcommands[sub]!.options.shape[name] as z.ZodType;
    for (const [command, sub, name] of [['member', 'update', 'website'], ['activity', 'log', 'link']] as const) {
      expect(option(command, sub, name).safeParse('javascript:alert(1)').success, `${command} ${name}`).toBe(false);
      expect(option(command, sub, name).safeParse('https://pkes.pl').success, `${command} ${name}`).toBe(true);
    }
  });
});
