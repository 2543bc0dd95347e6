import { describe, expect, it } from 'vitest';
import { createTestApp, appPerTest } from '../support/harness.ts';

describe('a burst of interactions started in the same tick', () => {
  const t = appPerTest(() => createTestApp());

  it('answers every one of 1,000 people at once (Prisma batching must not exceed SQLite limits)', async () => {
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => t.as(`person-${i}`).command('about')));
    expect(replies.filter((r) => r.errorId).map((r) => r.errorId)).toEqual([]);
    expect(replies.every((r) => r.title === 'Pomorski Klaster Ekonomii Społecznej')).toBe(true);
  });
});
