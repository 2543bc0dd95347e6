import { TEST_CLUSTER, type Cast, type TestApp } from '../support/harness.ts';
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
