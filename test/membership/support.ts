import type { Reply } from '../../src/core/reply.ts';
import type { Cast, TestApp } from '../support/harness.ts';

/** Who takes the admission steps: a coordinator, and a member of the Coordinating Team who decides. */
export const ADMISSION_TEAM: Cast = { anna: { roles: ['coordinator'] }, tomasz: { roles: ['team'] } };

/** A complete, valid application as typed into the /apply form. */
export function applicationForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    org_name: 'Spółdzielnia Socjalna Razem',
    legal_form: 'social-cooperative',
    category: 'main',
    municipality: 'Gdańsk',
    county: 'Gdańsk',
    in_pomorskie: 'yes',
    activity: 'Prowadzimy catering dla szkół i firm, zatrudniamy osoby zagrożone wykluczeniem.',
    resources: 'Kuchnia, samochód dostawczy, doświadczenie w obsłudze wydarzeń.',
    motivation: 'Chcemy razem z innymi członkami tworzyć wspólne oferty i rozwijać sprzedaż.',
    contact_name: 'Ola Nowak',
    contact_email: 'ola@razem.example',
    accepts_rules: 'yes',
    ethics_statement: 'yes',
    understands_no_grants: 'yes',
    ...overrides,
  };
}

export const DAY = 24 * 60 * 60 * 1000;

export async function applicationId(t: TestApp, org = 'Spółdzielnia Socjalna Razem'): Promise<string> {
  const rows = await t.app.db.dumpTable('Application');
  const row = rows.find((r) => r.orgName === org);
  if (!row) throw new Error(`no application of ${org}`);
  return String(row.id);
}

/** Walks an application up to (not including) the decision: verification, recommendation, meeting held. */
export async function throughMeeting(t: TestApp, id: string, coordinator = 'anna', recommendation = 'accept'): Promise<void> {
  const as = t.as(coordinator);
  expectOk(await as.command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' }));
  expectOk(await as.command('applications', 'recommend', { application: id, recommendation, note: 'Mocny partner do konsorcjum cateringowego.' }));
  expectOk(await as.command('applications', 'meeting', { application: id, when: '2026-03-10 10:00', place: 'Gdańsk, ul. Długa 1' }));
  t.clock.set('2026-03-10T12:00:00Z');
}

export function expectOk(reply: Reply): Reply {
  if (reply.tone === 'error') throw new Error(`expected success, got ${reply.errorId}: ${reply.text}`);
  return reply;
}

export function allText(reply: Reply): string {
  return [reply.title, reply.text, ...(reply.fields ?? []).flatMap((f) => [f.label, f.value])].filter(Boolean).join('\n');
}
