import { ownPostgresDatabase } from '../support/postgres.ts';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { admissionReminders } from '../../src/jobs/admission-reminders.ts';
import { inactivityNudges } from '../../src/jobs/inactivity-nudges.ts';
import { meetingReminders } from '../../src/jobs/meeting-reminders.ts';
import { motionCloseJob } from '../../src/jobs/motion-close.ts';
import { voteRemindersJob } from '../../src/jobs/vote-reminders.ts';
import type { Reply } from '../../src/core/reply.ts';
import { generalMeeting, orgOf } from '../governance/support.ts';
import { applicationForm } from '../membership/support.ts';
import { memberSince } from '../activity/support.ts';

/**
 * Two replicas of the bot on one PostgreSQL database: each runs the scheduler at the same moments
 * and each receives half of a vote burst. Every scheduled message goes out once in total (across
 * both replicas' notifiers) and every organisation's vote is counted once.
 *
 * Skipped, with a message, when PostgreSQL is not reachable (TEST_POSTGRES_URL, else
 * 127.0.0.1:5432). The test creates a database of its own and drops it afterwards.
 */

const JOBS = [admissionReminders, motionCloseJob, voteRemindersJob, inactivityNudges, meetingReminders];
const HOUR = 3_600_000;
const ORGANISATIONS = 12;
const START = '2026-03-02T09:00:00Z';
const END = '2026-03-11T00:00:00Z';
const orgs = Array.from({ length: ORGANISATIONS }, (_, i) => ({ name: `Spółdzielnia ${i + 1}`, reps: [`o${i + 1}a`, `o${i + 1}b`] }));
const allReps = orgs.flatMap((o) => o.reps);

/** One line per message, as its recipient sees it; the replica that sent it is not part of it. */
function lines(app: TestApp): string[] {
  const text = (m: Reply) => `${m.title ?? ''} | ${m.text ?? ''}`;
  return [
    ...app.notifier.private.map((p) => `dm ${p.to.platformUserId} ${text(p.message)}`),
    ...app.notifier.channel.map((c) => `channel ${c.channel} ${text(c.message)}`),
  ];
}

async function twoReplicas(databaseUrl: string) {
  // The application is filed a month before the span, so its day-21 and day-28 reminders fall in it.
  const a = await createTestApp({ start: '2026-02-05T09:00:00Z', databaseUrl, jobs: JOBS });
  const b = await createTestApp({ start: '2026-02-05T09:00:00Z', databaseUrl, jobs: JOBS });
  const replicas = [a, b];
  try {
    await a.given('koord', { roles: ['coordinator'] });
    await a.given('zespol', { roles: ['team'] });
    const applied = await a.as('kandydat').form('apply', applicationForm({ org_name: 'Spółdzielnia Kandydująca' }));
    expect(applied.tone, applied.text).toBe('success');
    for (const t of replicas) t.clock.set(START);
    for (const org of orgs) for (const rep of org.reps) await a.given(rep, { main: org.name });
    await generalMeeting(a);
    const created = await a.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00', change: false });
    expect(created.tone, created.text).toBe('success');
    // Joined long ago and did nothing since: due an inactivity nudge. Admitted to the register
    // after the first motion opened, so not eligible on it (the burst is every eligible one).
    await memberSince(a, 'spioch', 'Śpiąca Spółdzielnia', '2025-01-01T00:00:00Z');
    const later = await a.as('koord').command('motion', 'create', { title: 'Budżet 2026', opens: '2026-03-05 10:00', closes: '2026-03-06 10:00' });
    expect(later.tone, later.text).toBe('success');
    const [burstMotion] = await a.app.services.governance.motions((await a.app.services.clusters.all())[0]!.id);
    for (const t of replicas) t.notifier.clear();

    // The burst: both representatives of every organisation press at once, one on each replica.
    const ballots = await Promise.all(
      orgs.flatMap((org, i) => org.reps.map(async (rep, j) => ({ rep, replica: replicas[(i + j) % 2]!, ballot: await replicas[(i + j) % 2]!.as(rep).command('vote') }))),
    );
    const answers = await Promise.all(ballots.map(({ rep, replica, ballot }, k) => replica.as(rep).press(ballot, k % 3 === 0 ? 'Przeciw' : 'Za')));
    const receipts = answers.filter((r) => r.title === 'Potwierdzenie oddania głosu');
    const refused = answers.filter((r) => r.errorId === 'governance.errors.alreadyVoted');

    // The scheduler: every 2 hours, both replicas at the same instant.
    for (let at = Date.parse(START); at <= Date.parse(END); at += 2 * HOUR) {
      for (const t of replicas) t.clock.set(new Date(at));
      await Promise.all(replicas.map((t) => t.runJobs()));
    }

    const participations = (await a.app.db.dumpTable('VoteParticipation')).filter((r) => r.motionId === burstMotion!.id);
    const motion = (await a.app.db.dumpTable('Motion')).find((r) => r.id === burstMotion!.id)!;
    const deliveries = await a.app.db.dumpTable('Delivery');
    const openVotes = (await a.app.db.dumpTable('OpenVote')).filter((r) => r.motionId === burstMotion!.id);
    const voteActivities = (await a.app.db.dumpTable('Activity')).filter((r) => r.source === 'vote');
    return {
      openVotes,
      voteActivities,
      receipts,
      refused,
      participations,
      motion,
      deliveries,
      sent: { a: lines(a), b: lines(b) },
      orgIds: await Promise.all(orgs.map((o) => orgOf(a, o.reps[0]!))),
    };
  } finally {
    await a.close();
    await b.close();
  }
}

describe('two replicas on one PostgreSQL database', () => {
  it('each running the scheduler and half of a vote burst: every reminder sent once, every vote counted once', { timeout: 240_000 }, async (ctx) => {
    const own = await ownPostgresDatabase('pkes_rep');
    if (!own) return ctx.skip();
    try {
      const r = await twoReplicas(own.url);
      const all = [...r.sent.a, ...r.sent.b];

      // Every vote counted once: one participation, one stored ballot and one activity per organisation.
      expect(r.receipts).toHaveLength(ORGANISATIONS);
      expect(r.refused).toHaveLength(ORGANISATIONS);
      expect(r.participations.map((p) => p.memberId).sort()).toEqual([...r.orgIds].sort());
      expect(r.openVotes).toHaveLength(ORGANISATIONS);
      expect(r.voteActivities.map((v) => v.memberId).sort()).toEqual([...r.orgIds].sort());
      const result = JSON.parse(String(r.motion.result)) as { eligible: number; voted: number; counts: Record<string, number> };
      expect(result.eligible).toBe(ORGANISATIONS);
      expect(result.voted).toBe(ORGANISATIONS);
      expect(Object.values(result.counts).reduce((x, y) => x + y, 0)).toBe(ORGANISATIONS);

      // Every scheduled message once in total: no line twice, and exactly the expected ones.
      expect(all.filter((line, i) => all.indexOf(line) !== i)).toEqual([]);
      const audience = [...allReps, 'spioch'];
      const expected = [
        ...audience.flatMap((u) => [`dm ${u} Za 7 dni: Walne Spotkanie Sieci 2026`, `dm ${u} Jutro: Walne Spotkanie Sieci 2026`, `dm ${u} Przypomnienie o głosowaniu`, `dm ${u} Głosowanie otwarte: Budżet 2026`]),
        'dm spioch Przypomnienie o aktywności w klastrze',
        'dm koord 1 członek bez działań od dawna',
        'dm koord Zgłoszenie organizacji „Spółdzielnia Kandydująca” czeka na decyzję',
        'dm koord Pilne: zgłoszenie organizacji „Spółdzielnia Kandydująca” bez decyzji',
        'dm zespol Pilne: zgłoszenie organizacji „Spółdzielnia Kandydująca” bez decyzji',
        'channel announcements Głosowanie otwarte: Budżet 2026',
        'channel announcements Wynik głosowania: Plan działań na 2026',
        'channel announcements Wynik głosowania: Budżet 2026',
      ];
      expect(all.map((l) => l.split(' | ')[0]!).sort()).toEqual(expected.sort());
      // The burst voted on the first motion, so only the second one is reminded of.
      expect(all.filter((l) => l.includes('Przypomnienie o głosowaniu')).every((l) => l.includes('„Budżet 2026”'))).toBe(true);
      expect(r.deliveries.filter((d) => d.status === 'claimed')).toEqual([]);
    } finally {
      await own.drop();
    }
  });
});
