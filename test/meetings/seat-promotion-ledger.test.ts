import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterAddress, PersonAddress, PrivateDelivery } from '../../src/core/notifier.ts';
import type { Reply } from '../../src/core/reply.ts';
import { seatPromotionsJob } from '../../src/jobs/seat-promotions.ts';
import { createTestApp, RecordingNotifier, type TestApp } from '../support/harness.ts';
import { memberSince } from '../activity/support.ts';

const PROMOTED = 'Zwolniło się miejsce: Szkolenie z zamówień publicznych';
const ORGS = [
  ['jan', 'Spółdzielnia Socjalna Razem'],
  ['piotr', 'Stowarzyszenie Horyzont'],
  ['ola', 'Spółdzielnia Socjalna Wrzos'],
] as const;

/** A platform that never answers one person's DM: the process is as good as dead mid-send. */
class StuckNotifier extends RecordingNotifier {
  constructor(private readonly stuckFor: string) {
    super();
  }
  override sendPrivate(c: ClusterAddress, to: PersonAddress, message: Reply): Promise<PrivateDelivery> {
    if (to.platformUserId === this.stuckFor) return new Promise(() => {});
    return super.sendPrivate(c, to, message);
  }
}

/**
 * The notice of a freed seat goes through the delivery ledger: owed in the same commit as the
 * seat, sent once by whoever gave the seat, or, if that process died first, by a later run.
 */
describe('a freed seat’s notice, exactly once', () => {
  // Two apps share one database file, as two replicas would.
  let dir = '';
  let databaseUrl = '';
  const apps: TestApp[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pkes-seats-'));
    databaseUrl = `file:${path.join(dir, 'seats.db')}`;
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  async function training(t: TestApp) {
    await t.given('anna', { roles: ['coordinator'] });
    for (const [who, org] of ORGS) await memberSince(t, who, org, '2025-01-01T00:00:00Z');
    const reply = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '10:00', place: 'Gdańsk', title: 'Szkolenie z zamówień publicznych', capacity: 1 });
    await t.as('jan').press(reply, 'Będę');
    await t.as('piotr').press(reply, 'Będę');
    await t.as('ola').press(reply, 'Będę');
    return reply;
  }

  it('a seat given up twice at once, and again, seats and tells the first in line once', async () => {
    const t = await createTestApp({ start: '2026-05-04T10:00:00Z', databaseUrl, jobs: [seatPromotionsJob] });
    apps.push(t);
    const reply = await training(t);
    t.notifier.clear();
    await Promise.all([t.as('jan').press(reply, 'Nie będę'), t.as('jan').press(reply, 'Nie będę')]);
    await t.as('jan').press(reply, 'Nie będę');
    t.clock.set('2026-05-04T10:30:00Z');
    await t.runJobs();
    expect(t.notifier.dmsTo('piotr').map((m) => m.title)).toEqual([PROMOTED]);
    expect(t.notifier.dmsTo('ola')).toEqual([]);
    expect((await t.app.db.dumpTable('Delivery')).filter((d) => d.kind === 'meeting.seat').map((d) => d.status)).toEqual(['sent']);
  });

  it('when the process dies after the seat is given, a later run (another replica) tells the organisation, once', async () => {
    const first = await createTestApp({ start: '2026-05-04T10:00:00Z', databaseUrl, jobs: [seatPromotionsJob] });
    apps.push(first);
    const reply = await training(first);
    first.app.services.notifications.register(new StuckNotifier('piotr'));
    // Jan gives up his seat; the bot seats Horyzont and hangs on Piotr's message.
    void first.as('jan').press(reply, 'Nie będę');
    // Jan's "no" and Horyzont's seat are one commit.
    await expect.poll(async () => (await first.app.db.dumpTable('MeetingResponse')).some((r) => r.answer === 'no'), { timeout: 10_000 }).toBe(true);
    expect((await first.app.db.dumpTable('MeetingResponse')).filter((r) => r.answer === 'yes' && r.waitlistPosition === null)).toHaveLength(1);

    // Another replica on the same database, its scheduler running after the claim went stale.
    const second = await createTestApp({ start: '2026-05-04T10:04:00Z', databaseUrl, jobs: [seatPromotionsJob] });
    apps.push(second);
    await second.runJobs();
    // Not yet: the first process may still be sending.
    expect(second.notifier.dmsTo('piotr')).toEqual([]);
    second.clock.set('2026-05-04T10:06:00Z');
    await second.runJobs();
    second.clock.set('2026-05-04T10:11:00Z');
    await second.runJobs();
    const told = second.notifier.dmsTo('piotr');
    expect(told.map((m) => m.title)).toEqual([PROMOTED]);
    expect(told[0]!.buttons?.map((b) => b.label)).toEqual(['Będę', 'Nie będę']);
    expect(second.notifier.dmsTo('ola')).toEqual([]);
  });
});
