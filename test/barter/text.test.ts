import { describe, expect, it } from 'vitest';
import { neutralizeMentions } from '../../src/core/text.ts';

describe('neutralizeMentions', () => {
  it('defuses Discord and Slack mass mentions and role mentions but keeps the words', () => {
    const out = neutralizeMentions('Hej @everyone i @here, <!channel> <!here> <!everyone> <!subteam^S123|zarzad> <@&987>');
    expect(out).not.toMatch(/@everyone|@here|<!channel>|<!here>|<!everyone>|<!subteam|<@&987>/);
    expect(out).toContain('everyone');
    expect(out).toContain('zarzad');
    expect(out).toContain('987');
  });

  it('leaves ordinary text, e-mail addresses and person mentions alone', () => {
    expect(neutralizeMentions('Piszcie: biuro@pkes.pl albo do <@U123>')).toBe('Piszcie: biuro@pkes.pl albo do <@U123>');
  });
});
