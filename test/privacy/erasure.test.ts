import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/client.ts';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clusterId, counts, everything, EWA, JAN, janDidEverything, personId, rawClient, type Linked } from './fixtures.ts';

/** Strings that would identify Jan: platform id (also his display name here), e-mail, contact name. */
const TRACES = [JAN.id, JAN.email.toLowerCase(), JAN.contactName.toLowerCase()];

function exported(reply: Reply): Record<string, unknown> {
  const file = reply.attachments?.[0];
  if (!file) throw new Error('no attachment');
  expect(file.contentType).toBe('application/json');
  return JSON.parse(file.data.toString('utf8')) as Record<string, unknown>;
}

function idsIn(section: unknown): string[] {
  return (section as { id: string }[]).map((row) => row.id);
}

describe('a representative erasing their personal data', () => {
  let t: TestApp;
  let db: Client;
  let linked: Linked;
  let ids: Record<string, string>;

  beforeEach(async () => {
    t = await createTestApp();
    db = await rawClient(t);
    ({ linked, ids } = await janDidEverything(t, db));
  });
  afterEach(async () => {
    await db.$disconnect();
    await t.close();
  });

  it('/privacy shows what is held and why, in the caller’s language, with export and erase buttons', async () => {
    const reply = await t.as(JAN.id, { locale: 'en-GB' }).command('privacy');
    expect(reply.private).toBe(true);
    expect(reply.title).toBe('Your personal data in the cluster bot');
    expect(reply.text).toContain('refused applications are deleted after 12 months');
    const fields = Object.fromEntries((reply.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields['E-mail address']).toContain(JAN.email);
    expect(fields['The organisation you represent']).toContain(JAN.org);
    expect(fields['Activities logged']).toMatch(/^2\n/);
    expect(fields['Votes cast']).toMatch(/^2\n/);
    expect(fields['Barter posts']).toMatch(/^1\n/);
    expect(reply.buttons?.map((b) => b.label)).toEqual(['Download my data', 'Erase my data']);

    const polish = await t.as(JAN.id, { locale: 'pl' }).command('privacy');
    expect(polish.title).toBe('Twoje dane osobowe w bocie klastra');
    expect(polish.text).toContain('odrzucone deklaracje usuwamy po 12 miesiącach');
  });

  it('export sends privately a JSON file with every record linked to the person', async () => {
    const overview = await t.as(JAN.id).command('privacy');
    const reply = await t.as(JAN.id).press(overview, 'Pobierz moje dane');
    expect(reply.private).toBe(true);
    const data = exported(reply);
    expect((data.person as { email: string }).email).toBe(JAN.email);
    for (const [section, expected] of Object.entries(linked)) {
      expect(idsIn(data[section]), section).toEqual(expect.arrayContaining(expected));
    }
    expect((data.representation as { organisation: string }[])[0]?.organisation).toBe(JAN.org);
    expect((data.roles as { role: string }[]).map((r) => r.role)).toEqual(['team']);
    const votes = data.votes as { motionId: string; organisationChoice: string | null }[];
    expect(votes.find((v) => v.motionId === ids.open)?.organisationChoice).toBe('yes');
    expect(votes.find((v) => v.motionId === ids.secret)?.organisationChoice).toBeNull();
    // Nothing of Ewa's leaks into Jan's export.
    expect(JSON.stringify(data)).not.toContain(ids.ewa);
  });

  it('erase asks for confirmation, and cancelling keeps everything', async () => {
    const before = await everything(t);
    const overview = await t.as(JAN.id).command('privacy');
    const confirm = await t.as(JAN.id).press(overview, 'Usuń moje dane');
    expect(confirm.buttons?.map((b) => b.label)).toEqual(['Tak, usuń nieodwracalnie', 'Anuluj']);
    const cancelled = await t.as(JAN.id).press(confirm, 'Anuluj');
    expect(cancelled.text).toBe('Nic nie zostało usunięte.');
    expect(await everything(t)).toEqual(before);
  });

  it('erasure leaves no trace of the person in any table or log, and every cluster record stays', async () => {
    await t.as(JAN.id).command('privacy');
    const before = await counts(t);
    const overview = await t.as(JAN.id).command('privacy');
    const confirm = await t.as(JAN.id).press(overview, 'Usuń moje dane');
    const done = await t.as(JAN.id).press(confirm, 'Tak, usuń nieodwracalnie');
    expect(done.tone).toBe('success');

    const tables = await everything(t);
    expect(Object.keys(tables)).toEqual(expect.arrayContaining(['Person', 'Activity', 'VoteParticipation', 'BarterResponse', 'AuditEntry']));
    for (const [table, text] of Object.entries(tables)) {
      for (const trace of TRACES) expect(text.includes(trace), `${table} still holds ${trace}`).toBe(false);
    }
    for (const line of t.logs.raw) {
      for (const trace of TRACES) expect(line.toLowerCase()).not.toContain(trace);
    }
    // Nothing points at the erased row any more, except the row itself and the erasure's audit entry.
    for (const [table, text] of Object.entries(tables)) {
      if (table === 'Person' || table === 'AuditEntry') continue;
      expect(text.includes(ids.jan!.toLowerCase()), `${table} still links to the person`).toBe(false);
    }
    const auditLinks = (await db.auditEntry.findMany()).filter((a) => JSON.stringify(a).includes(ids.jan!));
    expect(auditLinks.map((a) => [a.action, a.actorPersonId])).toEqual(expect.arrayContaining([['privacy.erased', null]]));
    expect(auditLinks.every((a) => a.actorPersonId === null && a.subjectId === ids.jan)).toBe(true);

    // Rows that existed only for the person go; the erasure is recorded once; the group Jan led
    // is left without a leader, so the Coordinating Team is told once (one delivery); nothing else changes.
    const after = await counts(t);
    expect(after).toEqual({ ...before, PersonRole: before.PersonRole! - 1, Representative: before.Representative! - 1, FormDraft: before.FormDraft! - 1, AuditEntry: before.AuditEntry! + 1, Delivery: before.Delivery! + 1 });

    const person = await db.person.findUniqueOrThrow({ where: { id: ids.jan } });
    expect(person.erasedAt).toEqual(t.clock.now());
    expect(person.platformUserId).toMatch(/^erased:[0-9a-f]{24}$/);
    expect(person).toMatchObject({ displayName: '', email: null, locale: null });

    // The organisation keeps its membership, activities and votes, without Jan.
    const razem = await db.member.findUniqueOrThrow({ where: { id: ids.razem } });
    expect(razem.status).toBe('active');
    expect(razem.contactEmail).toBeNull();
    expect(await db.activity.count({ where: { memberId: ids.razem } })).toBe(2);
    expect(await db.activity.count({ where: { loggedByPersonId: ids.jan } })).toBe(0);
    const participations = await db.voteParticipation.findMany({ where: { memberId: ids.razem } });
    expect(participations.map((p) => [p.motionId, p.castByPersonId]).sort()).toEqual([[ids.open, null], [ids.secret, null]].sort());
    expect(await db.openVote.findFirst({ where: { motionId: ids.open, memberId: ids.razem } })).toMatchObject({ choice: 'yes' });
    expect(await db.secretTally.findMany({ where: { motionId: ids.secret } })).toEqual([expect.objectContaining({ option: 'yes', count: 2 })]);
    // Secret ballot: the tally never names an organisation or a person, before or after.
    expect(Object.keys((await t.app.db.dumpTable('SecretTally'))[0]!).sort()).toEqual(['count', 'id', 'motionId', 'option']);
    // Jan's poll answer still counts but leads nowhere.
    expect(await db.pollAnswer.count({ where: { pollId: ids.poll } })).toBe(2);
    expect(await db.pollAnswer.count({ where: { voterKey: ids.jan } })).toBe(0);

    // Ewa's records are untouched except where she wrote about Jan.
    const ewa = await db.person.findUniqueOrThrow({ where: { id: ids.ewa } });
    expect(ewa.platformUserId).toBe(EWA.id);
    expect(await db.voteParticipation.count({ where: { castByPersonId: ids.ewa } })).toBe(2);
    const ewasActivity = await db.activity.findFirstOrThrow({ where: { memberId: ids.stol } });
    expect(ewasActivity.description).toBe('Prowadził [—] ([—]).');
    expect(await db.barterResponse.findFirstOrThrow({ where: { postId: ids.ewasPost } })).toMatchObject({ memberId: ids.razem, personId: null, message: '' });

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'privacy.erased' } });
    expect(audit).toMatchObject({ subjectType: 'person', subjectId: ids.jan, actorPersonId: null });

    // The platform is told to take the organisation's roles from his chat account.
    expect(t.notifier.events).toEqual([expect.objectContaining({ type: 'representative.removed', memberId: ids.razem, people: [{ personId: ids.jan, platformUserId: JAN.id }] })]);
  });

  it('after erasure the same chat user starts from scratch and cannot reach the erased record', async () => {
    await t.app.services.privacy.erase(await clusterId(t), ids.jan!, { kind: 'self' });
    const reply = await t.as(JAN.id, { locale: 'en' }).command('privacy');
    const fields = Object.fromEntries((reply.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields['The organisation you represent']).toMatch(/^none/);
    expect(fields['Activities logged']).toBeUndefined();
    const fresh = await personId(t, JAN.id);
    expect(fresh).not.toBe(ids.jan);
    const again = await t.as('coord').action('privacy-request', 'erase', [ids.jan!, 'RODO/1']);
    expect(again.errorId).toBe('privacy.errors.alreadyErased');
  });
});

describe('the coordinator acting on a written request', () => {
  let t: TestApp;
  let db: Client;
  let linked: Linked;
  let ids: Record<string, string>;

  beforeEach(async () => {
    t = await createTestApp();
    db = await rawClient(t);
    ({ linked, ids } = await janDidEverything(t, db));
  });
  afterEach(async () => {
    await db.$disconnect();
    await t.close();
  });

  it('exports a person’s data and audit-logs the request reference', async () => {
    const reply = await t.as('coord').command('privacy-request', 'export', { user: JAN.id, reference: 'RODO/2026/3' });
    const data = exported(reply);
    expect(idsIn(data.activitiesLogged)).toEqual(linked.activitiesLogged);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'privacy.exported' } });
    expect(audit).toMatchObject({ subjectId: ids.jan, actorPersonId: await personId(t, 'coord') });
    expect(JSON.parse(audit.details!)).toEqual({ reference: 'RODO/2026/3' });
  });

  it('erases a person after confirmation, recording only the reference', async () => {
    const confirm = await t.as('coord').command('privacy-request', 'erase', { user: JAN.id, reference: 'RODO/2026/4' });
    expect(confirm.text).toContain('RODO/2026/4');
    expect(await db.person.count({ where: { erasedAt: { not: null } } })).toBe(0);
    const done = await t.as('coord').press(confirm, 'Tak, usuń nieodwracalnie');
    expect(done.text).toBe('Dane osoby zostały usunięte (wniosek RODO/2026/4).');
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'privacy.erased' } });
    expect(audit.actorPersonId).toBe(await personId(t, 'coord'));
    expect(audit.reason).toBeNull();
    expect(JSON.parse(audit.details!)).toEqual({ reference: 'RODO/2026/4', requestedBy: 'coordinator' });
    for (const [table, text] of Object.entries(await everything(t))) {
      for (const trace of TRACES) expect(text.includes(trace), `${table} still holds ${trace}`).toBe(false);
    }
  });

  it('exports an organisation’s data: its records, and for secret ballots only that it voted', async () => {
    const reply = await t.as('coord').command('privacy-request', 'organisation', { organisation: JAN.org, reference: 'RODO/2026/5' });
    const data = exported(reply);
    expect((data.member as { id: string }).id).toBe(ids.razem);
    expect(idsIn(data.activities)).toHaveLength(2);
    expect(idsIn(data.barterPosts)).toEqual([ids.post]);
    const votes = data.votes as { motionId: string; openChoice: string | null }[];
    expect(votes.map((v) => [v.motionId, v.openChoice]).sort()).toEqual([[ids.open, 'yes'], [ids.secret, null]].sort());
    expect((data.representatives as { displayName: string }[]).map((r) => r.displayName)).toEqual([JAN.id]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: 'privacy.organisationExported' } });
    expect(audit).toMatchObject({ subjectType: 'member', subjectId: ids.razem });
  });

  it('tells the coordinator clearly when the person or organisation is unknown', async () => {
    const nobody = await t.as('coord').command('privacy-request', 'erase', { user: 'nobody', reference: 'RODO/9' });
    expect(nobody.text).toBe('Bot nie przechowuje żadnych danych osoby <@nobody>.');
    const noOrg = await t.as('coord', { locale: 'en' }).command('privacy-request', 'organisation', { organisation: 'Razem', reference: 'RODO/9' });
    expect(noOrg.errorId).toBe('privacy.errors.unknownOrganisation');
    expect(noOrg.text).toContain('"Razem"');
  });

  it('is refused to anyone but the coordinator', async () => {
    const reply = await t.as(EWA.id).command('privacy-request', 'export', { user: JAN.id, reference: 'RODO/1' });
    expect(reply.errorId).toBe('core.denied.coordinator');
    const pressed = await t.as(EWA.id).action('privacy-request', 'erase', [ids.jan!, 'RODO/1']);
    expect(pressed.errorId).toBe('core.denied.coordinator');
    expect(await db.person.count({ where: { erasedAt: { not: null } } })).toBe(0);
  });
});
