import { expect, type TestContext } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { castApp, TEST_CLUSTER, type Cast, type TestApp } from '../support/harness.ts';
import { botOnOwnPostgres } from '../support/databases.ts';
import type { Reply } from '../../src/core/reply.ts';
import { recordTyped } from '../support/rendered.ts';

/** A coordinator, three main-member organisations (one with two representatives) and a supporting one. */
export const VOTERS: Cast = {
  koord: { roles: ['coordinator'] },
  jan: { main: 'Spółdzielnia Socjalna Razem' },
  ola: { main: 'Spółdzielnia Socjalna Razem' },
  piotr: { main: 'Fundacja Horyzont' },
  marta: { main: 'CIS Wejherowo' },
  ewa: { supporting: 'Gmina Kolbudy' },
};

/** A coordinator and three main-member organisations, one representative each. */
export const THREE_MEMBERS: Cast = { koord: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Socjalna Razem' }, piotr: { main: 'Fundacja Horyzont' }, marta: { main: 'CIS Wejherowo' } };
/** The same and a fourth, Na Fali (zofia). */
export const FOUR_MEMBERS: Cast = { ...THREE_MEMBERS, zofia: { main: 'Stowarzyszenie Na Fali' } };

/** The test cluster's context and a General Meeting on 2026-03-10, 17:00 Warsaw time. */
export async function generalMeeting(t: TestApp, agenda = '1. Otwarcie\n2. Plan działań na 2026\n3. Wolne wnioski') {
  const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
  const typed = { title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk, ul. Długa 1', agenda };
  // As a coordinator would have typed them: the language check leaves them as written.
  recordTyped({ ...typed, agendaItems: agenda.split('\n').map((line) => line.replace(/^\d+\.\s*/, '')) });
  const meeting = await t.app.services.meetings.schedule(cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), ...typed });
  return { cluster, meeting };
}

export async function cluster(t: TestApp) {
  return t.app.services.clusters.resolve('console', TEST_CLUSTER);
}

/** The id of the organisation a console user represents. */
export async function orgOf(t: TestApp, userId: string): Promise<string> {
  const c = await cluster(t);
  const person = await t.app.services.people.ensure(c.id, userId, userId);
  const member = await t.app.services.governance.organisationOf(c.id, person.id);
  if (!member) throw new Error(`${userId} represents no organisation`);
  return member.id;
}

export async function latestMotionId(t: TestApp): Promise<string> {
  const c = await cluster(t);
  const motions = await t.app.services.governance.motions(c.id);
  return motions.at(-1)!.id;
}

export function fieldsOf(reply: Reply): Record<string, string> {
  return Object.fromEntries((reply.fields ?? []).map((f) => [f.label, f.value]));
}

/** Waits `ms`: long enough for a statement that would not wait on a lock to have finished. */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `race` on a bot of its own PostgreSQL database (the store several replicas share), with `cast`
 * in place, the General Meeting of 2026-03-10 scheduled and the clock two hours before it; closed and
 * dropped after. The test is skipped when PostgreSQL is not reachable.
 */
export function raceOnPostgres(ctx: TestContext, prefix: string, cast: Cast, race: (t: TestApp, meeting: Awaited<ReturnType<typeof generalMeeting>>) => Promise<void>): Promise<void> {
  return botOnOwnPostgres(
    ctx,
    prefix,
    (databaseUrl) => castApp(cast, { start: '2026-03-10T15:00:00Z', databaseUrl }),
    async (t) => race(t, await generalMeeting(t)),
  );
}

/**
 * A transaction kept open on the bot's database: resolves once `write` has run in it (its rows
 * written, not committed); `commit()` lets it finish and resolves when it has.
 */
export async function heldOpen(t: TestApp, write: (tx: Database) => Promise<void>): Promise<{ commit(): Promise<void> }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const inFlight = new Promise<void>((resolve) => (written = resolve));
  const done = t.app.db.transaction(async (tx) => {
    await write(tx);
    written();
    await gate;
  });
  await Promise.race([inFlight, done]);
  return {
    async commit() {
      release();
      await done;
    },
  };
}

/** An online ballot in flight: `userId` votes `choice` for its organisation, written and held uncommitted. */
export async function ballotInFlight(t: TestApp, motionId: string, userId: string, choice: string[]): Promise<{ commit(): Promise<void> }> {
  const [c, memberId] = [await cluster(t), await orgOf(t, userId)];
  const now = t.clock.now();
  return heldOpen(t, async (tx) => {
    expect(await tx.governance.lockOpen(motionId, now)).toBe(true);
    await tx.governance.addParticipation({ motionId, memberId, castByPersonId: (await t.app.db.people.byPlatformId(c.id, userId))!.id, proxyMemberId: null, castAt: now });
    await tx.governance.setOpenVote(motionId, memberId, JSON.stringify(choice));
  });
}
