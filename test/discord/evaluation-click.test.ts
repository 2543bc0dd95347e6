import { describe, expect, it } from 'vitest';
import { CHARTS, seedEvaluatedYear } from '../evaluation/support.ts';
import { textOf } from './client.ts';
import { discordServerPerTest, KASIA } from './server.ts';
import { waitFor } from './support.ts';

/**
 * The yearly evaluation on Discord: one slash command; the answer is deferred (rendering takes
 * longer than Discord's 3 s allow on a busy machine) and arrives as the edit of the deferral with
 * the first ten files, the rest following privately, ten to a message: Discord takes no more.
 */

describe('Discord: /report evaluation', () => {
  const server = discordServerPerTest({ coordinator: KASIA }, ({ d, cluster }) => seedEvaluatedYear(d.t.databaseUrl, cluster.id));

  it('defers, then answers privately with the charts, the summary and the data, ten files a message', { timeout: 120_000 }, async () => {
    const before = server.discord.webhooks.length;
    const answer = (await server.as(KASIA).command('/report evaluation', { year: 2025 })).message;
    expect(answer.onlyFor).toBe(KASIA.id);
    expect(textOf(answer)).toContain('Ocena roczna 2025');
    const calls = () => server.discord.webhooks.slice(before).filter((c) => c.method !== 'DELETE');
    await waitFor(() => calls().length >= 2, 'the follow-up with the rest of the files');
    // A command's deferral is public; the private answer comes anew with the first ten files, a private follow-up the other seven.
    expect(calls().map((c) => [c.method, c.files?.length, c.body.flags & 64])).toEqual([
      ['POST', 10, 64],
      ['POST', 7, 64],
    ]);
    const files = calls().flatMap((c) => c.files ?? []);
    expect(files.filter((f) => f.contentType === 'image/png').map((f) => f.name)).toEqual(CHARTS.map((c) => `ocena-2025-${c}.png`));
    expect(files.filter((f) => f.name.endsWith('.csv'))).toHaveLength(8);
    expect(files.filter((f) => f.name.endsWith('.md'))).toHaveLength(1);
    // Each body names exactly the files it carries.
    for (const c of calls()) expect(c.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(c.files!.map((f) => f.name));
  });
});
