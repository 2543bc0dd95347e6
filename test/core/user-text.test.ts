import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/adapters/discord/render.ts';
import { renderMessages } from '../../src/adapters/slack/blocks.ts';
import { renderReply } from '../../src/adapters/console/render.ts';
import { cardReply } from '../../src/services/barter.ts';
import { messageTools } from '../../src/services/notifications.ts';

/** A barter offer whose member typed markdown, a masked link and Slack control characters. */
const post = {
  id: 'p1',
  type: 'offer',
  kind: 'equipment',
  exchange: 'free',
  place: 'Gdańsk',
  title: '**Wiertarka** [kliknij](https://zly.example)',
  description: '_pilne_ <https://zly.example|bank> & ~~tanio~~',
  status: 'open',
  availableUntil: new Date('2026-06-30T21:59:00Z'),
} as unknown as Parameters<typeof cardReply>[0];

describe('member text in a shared card is shown as typed on every platform', () => {
  const card = cardReply(post, 'Spółdzielnia *Razem*', 0, messageTools('pl', 'Europe/Warsaw'));

  it('Discord: markdown and masked links escaped with discord.js’s own escapeMarkdown and escapeMaskedLink', () => {
    const [embed] = renderMessage(card, 'pl').body.embeds ?? [];
    expect(embed?.title).toBe('Oferta: \\*\\*Wiertarka\\*\\* \\[kliknij](https://zly.example)');
    expect(embed?.description).toBe('\\_pilne\\_ <https://zly.example|bank> & \\~\\~tanio\\~\\~');
    expect(embed?.fields?.find((f) => f.value.includes('Razem'))?.value).toBe('Spółdzielnia \\*Razem\\*');
    expect(JSON.stringify(embed)).not.toMatch(/[\uE000\uE001]/);
  });

  it('Slack: & < > escaped, so no link or mention can be smuggled in', () => {
    const text = JSON.stringify(renderMessages(card));
    expect(text).toContain('_pilne_ &lt;https://zly.example|bank&gt; &amp; ~~tanio~~');
    expect(text).not.toMatch(/[\uE000\uE001]/);
  });

  it('console: as typed', () => {
    const shown = renderReply(card, 'pl');
    expect(shown).toContain('** Oferta: **Wiertarka** [kliknij](https://zly.example) **');
    expect(shown).not.toMatch(/[\uE000\uE001]/);
  });
});
