import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect } from 'vitest';
import barter from '../../commands/barter.ts';
import quickhelp from '../../commands/quickhelp.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { Job } from '../../src/jobs/job.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

/** A bot with only the barter commands (and the given jobs), so other areas' work cannot interfere. */
export function barterApp(opts: { start?: string; jobs?: Job[] } = {}): Promise<TestApp> {
  return createTestApp({ commands: [barter, quickhelp], jobs: opts.jobs ?? [], ...(opts.start ? { start: opts.start } : {}) });
}

/** The id the poster is given in the reply. */
export function postIdFrom(reply: Reply): string {
  const id = /\b(c[a-z0-9]{20,})\b/.exec(reply.text ?? '')?.[1];
  expect(id, `no post id in: ${reply.text}`).toBeTruthy();
  return id!;
}

export function offer(t: TestApp, user: string, options: Record<string, unknown>): Promise<Reply> {
  return t.as(user).command('barter', 'offer', { kind: 'service', title: 'Catering na 50 osób', place: 'Gdańsk', ...options });
}

export function request(t: TestApp, user: string, options: Record<string, unknown>): Promise<Reply> {
  return t.as(user).command('barter', 'request', { kind: 'service', title: 'Potrzebny catering', place: 'Gdańsk', ...options });
}

/** The card of a post as it stands now: the channel post, or its latest update. */
export function cardOf(t: TestApp, postId: string): Reply {
  const posted = t.notifier.channel.find((c) => c.message.fields?.some((f) => f.value === postId));
  if (!posted) throw new Error(`no card for ${postId}`);
  const updates = t.notifier.updates.filter((u) => u.ref === posted.ref);
  return updates.at(-1)?.message ?? posted.message;
}

export function field(reply: Reply, label: string): string | undefined {
  return reply.fields?.find((f) => f.label === label)?.value;
}

/** What an organisation offers and its sectors: filled at admission, set directly here. */
export function setProfile(t: TestApp, orgName: string, profile: { offers?: string; sectors?: string; municipality?: string }): void {
  const db = new SqliteDatabase(path.join(t.dir, 'test.db'));
  try {
    const sets = Object.keys(profile).map((k) => `"${k}" = @${k}`).join(', ');
    const changed = db.prepare(`UPDATE "Member" SET ${sets} WHERE name = @name`).run({ ...profile, name: orgName }).changes;
    if (changed !== 1) throw new Error(`no organisation ${orgName}`);
  } finally {
    db.close();
  }
}

export function dmText(t: TestApp, user: string): string[] {
  return t.notifier.dmsTo(user).map((m) => [m.title, m.text, ...(m.fields ?? []).map((f) => f.value)].filter(Boolean).join('\n'));
}
