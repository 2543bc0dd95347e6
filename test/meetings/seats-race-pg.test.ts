import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';

/**
 * Two replicas of the bot on one PostgreSQL database, a meeting with 3 seats and a waitlist. Three
 * seated organisations cancel at the same moment, on both replicas, while a new one says yes: the
 * three first in line get the seats (each told once, by whichever replica freed its seat), nobody
 * is seated twice or beyond the capacity, and the newcomer waits behind those already in line.
 * Then two promoted organisations decline at once: the next two move up; one "no" pressed on both
 * replicas at once tells the next in line once. Every notice is in the delivery ledger, sent.
 *
 * Skipped, with a message, when PostgreSQL is not reachable. Uses a database of its own.
 */
const ORGS = Array.from({ length: 9 }, (_, i) => ({ rep: `o${i + 1}`, name: `Spółdzielnia ${i + 1}` }));

function promotedTo(replicas: TestApp[]): string[] {
  return replicas.flatMap((t) => t.notifier.private.filter((p) => p.message.title?.startsWith('Zwolniło się miejsce')).map((p) => p.to.platformUserId)).sort();
}

describe('seats on two replicas of one PostgreSQL database', () => {
  it('simultaneous cancellations seat the first in line once each, within the capacity, in order', { timeout: 180_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_seats');
    if (!own) return ctx.skip();
    const a = await createTestApp({ start: '2026-05-04T10:00:00Z', databaseUrl: own.url, jobs: [] });
    const b = await createTestApp({ start: '2026-05-04T10:00:00Z', databaseUrl: own.url, jobs: [] });
    const replicas = [a, b];
    try {
      await a.given('koord', { roles: ['coordinator'] });
      for (const o of ORGS) await a.given(o.rep, { main: o.name });
      const scheduled = await a.as('koord').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '10:00', place: 'Gdańsk', title: 'Szkolenie', capacity: 3 });
      expect(scheduled.tone, scheduled.text).toBe('success');
      const meetingId = scheduled.buttons![0]!.action.args![0]!;
      const respond = (t: TestApp, rep: string, answer: 'yes' | 'no') => t.as(rep).action('meeting', 'respond', [meetingId, answer]);
      // 1–3 take the seats, 4–8 wait in this order.
      for (const o of ORGS.slice(0, 8)) await respond(o.rep.endsWith('2') ? b : a, o.rep, 'yes');
      for (const t of replicas) t.notifier.clear();

      const lists = async () => {
        const reply = await a.as('koord').action('meeting', 'seats', [meetingId]);
        return reply.fields!.map((f) => f.value);
      };
      expect(await lists()).toEqual(['• Spółdzielnia 1\n• Spółdzielnia 2\n• Spółdzielnia 3', '1. Spółdzielnia 4\n2. Spółdzielnia 5\n3. Spółdzielnia 6\n4. Spółdzielnia 7\n5. Spółdzielnia 8']);

      // The race: three cancellations over both replicas and a newcomer, all at once.
      const replies = await Promise.all([respond(a, 'o1', 'no'), respond(b, 'o2', 'no'), respond(b, 'o3', 'no'), respond(a, 'o9', 'yes')]);
      expect(replies.map((r) => r.errorId)).toEqual([undefined, undefined, undefined, undefined]);
      // Its place in line when it pressed: behind 7 and 8 at least, whichever cancellations came first.
      expect(replies[3]!.text).toMatch(/miejsce w kolejce: [3-6]\./);
      expect(await lists()).toEqual(['• Spółdzielnia 4\n• Spółdzielnia 5\n• Spółdzielnia 6', '1. Spółdzielnia 7\n2. Spółdzielnia 8\n3. Spółdzielnia 9']);
      expect(promotedTo(replicas)).toEqual(['o4', 'o5', 'o6']);

      // Two of the promoted decline from their message at once, one on each replica.
      for (const t of replicas) t.notifier.clear();
      await Promise.all([respond(a, 'o4', 'no'), respond(b, 'o5', 'no')]);
      expect(await lists()).toEqual(['• Spółdzielnia 6\n• Spółdzielnia 7\n• Spółdzielnia 8', '1. Spółdzielnia 9']);
      expect(promotedTo(replicas)).toEqual(['o7', 'o8']);

      const rows = (await a.app.db.dumpTable('MeetingResponse')).filter((r) => r.meetingId === meetingId);
      expect(rows.filter((r) => r.answer === 'yes' && r.waitlistPosition === null)).toHaveLength(3);

      // One organisation's "no" pressed on both replicas at once frees one seat: the next is told once.
      for (const t of replicas) t.notifier.clear();
      await Promise.all([respond(a, 'o6', 'no'), respond(b, 'o6', 'no')]);
      expect(promotedTo(replicas)).toEqual(['o9']);
      // Every notice went through the delivery ledger, and each is recorded sent.
      const owed = (await a.app.db.dumpTable('Delivery')).filter((d) => d.kind === 'meeting.seat');
      expect(owed.map((d) => d.status)).toEqual(Array(6).fill('sent'));
    } finally {
      await a.close();
      await b.close();
      await own.drop();
    }
  });
});
