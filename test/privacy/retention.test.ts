import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/client.ts';
import { retentionJob } from '../../src/jobs/retention.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clusterId, personId, rawClient } from './fixtures.ts';

const NOW = '2026-06-15T03:20:00Z';

describe('the retention job', () => {
  let t: TestApp;
  let db: Client;
  let cid: string;

  beforeEach(async () => {
    t = await createTestApp({ start: NOW, jobs: [retentionJob] });
    db = await rawClient(t);
    cid = await clusterId(t);
  });
  afterEach(async () => {
    await db.$disconnect();
    await t.close();
  });

  const application = (orgName: string, status: string, decidedAt: Date | null, submittedAt = new Date('2024-01-01T00:00:00Z')) =>
    db.application.create({
      data: {
        clusterId: cid,
        orgName,
        orgKey: orgName.toLowerCase(),
        legalForm: 'foundation',
        category: 'main',
        municipality: 'Słupsk',
        county: 'słupski',
        inPomorskie: true,
        activity: 'a',
        resources: 'r',
        motivation: 'm',
        contactName: `Kontakt ${orgName}`,
        contactEmail: `${orgName.toLowerCase()}@example.org`,
        acceptsRules: true,
        ethicsStatement: true,
        understandsNoGrants: true,
        status,
        stage: status === 'open' ? 'submitted' : 'decided',
        submittedAt,
        decidedAt,
      },
    });

  it('deletes refused applications decided more than 12 months ago, and nothing else', async () => {
    const due = await application('Due', 'refused', new Date('2025-06-14T00:00:00Z'));
    const undated = await application('Undated', 'refused', null, new Date('2025-05-01T00:00:00Z'));
    const recent = await application('Recent', 'refused', new Date('2025-06-16T00:00:00Z'));
    const accepted = await application('Accepted', 'accepted', new Date('2024-02-01T00:00:00Z'));
    const open = await application('Open', 'open', null);

    await t.runJobs();

    const left = (await db.application.findMany()).map((a) => a.id).sort();
    expect(left).toEqual([recent.id, accepted.id, open.id].sort());
    expect(left).not.toContain(due.id);
    expect(left).not.toContain(undated.id);
    const line = t.logs.lines.find((l) => l.msg === 'retention applied');
    expect(line).toMatchObject({ clusterId: cid, refusedApplicationsDeleted: 2, endedMembers: 0 });
    for (const raw of t.logs.raw) expect(raw).not.toMatch(/Due|Undated|example\.org|Kontakt/);
  });

  it('honours the cluster’s own period', async () => {
    await t.app.services.clusters.updateSettings(cid, { refusedApplicationRetentionMonths: 24 });
    const kept = await application('Kept', 'refused', new Date('2025-01-01T00:00:00Z'));
    await t.runJobs();
    expect((await db.application.findMany()).map((a) => a.id)).toEqual([kept.id]);
  });

  it('erases the representatives of memberships ended longer ago than the period, once', async () => {
    await t.given('old.rep.1', { main: 'Dawna Spółdzielnia' });
    await t.given('lead.rep.2', { main: 'Dawna Spółdzielnia', roles: ['team'] });
    await t.given('late.rep.3', { main: 'Świeżo Zakończona' });
    await t.given('live.rep.4', { main: 'Aktywna Fundacja' });
    const old = await db.member.findFirstOrThrow({ where: { name: 'Dawna Spółdzielnia' } });
    const late = await db.member.findFirstOrThrow({ where: { name: 'Świeżo Zakończona' } });
    const live = await db.member.findFirstOrThrow({ where: { name: 'Aktywna Fundacja' } });
    const oldApp = await application('Dawna', 'accepted', new Date('2023-01-01T00:00:00Z'));
    await db.application.update({ where: { id: oldApp.id }, data: { memberId: old.id, applicantPersonId: await personId(t, 'old.rep.1') } });
    await db.member.update({ where: { id: old.id }, data: { status: 'ended', statusChangedAt: new Date('2024-06-01T00:00:00Z'), contactEmail: 'rep1@dawna.example' } });
    await db.member.update({ where: { id: late.id }, data: { status: 'withdrawn', statusChangedAt: new Date('2024-07-01T00:00:00Z'), contactEmail: 'x@late.example' } });
    await db.member.update({ where: { id: live.id }, data: { contactEmail: 'biuro@aktywna.example' } });
    const oldActivity = await db.activity.create({
      data: { clusterId: cid, memberId: old.id, loggedByPersonId: await personId(t, 'old.rep.1'), kind: 'event', date: new Date('2024-03-01T00:00:00Z'), title: 'Targi' },
    });
    const lead = await personId(t, 'lead.rep.2');

    await t.runJobs();

    const people = await db.person.findMany();
    const byId = (platformUserId: string) => people.find((p) => p.platformUserId === platformUserId);
    expect(byId('old.rep.1')).toBeUndefined();
    expect(people.filter((p) => p.erasedAt)).toHaveLength(1);
    // A Coordinating Team member keeps their role and person; only the ended link goes.
    expect(byId('lead.rep.2')).toMatchObject({ id: lead, erasedAt: null });
    expect(await db.personRole.count({ where: { personId: lead } })).toBe(1);
    expect(await db.representative.count({ where: { memberId: old.id } })).toBe(0);
    expect(await db.member.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: 'ended', contactEmail: null });
    expect(await db.application.findUniqueOrThrow({ where: { id: oldApp.id } })).toMatchObject({ contactEmail: null, contactName: null, applicantPersonId: null });
    expect(await db.activity.findUniqueOrThrow({ where: { id: oldActivity.id } })).toMatchObject({ memberId: old.id, loggedByPersonId: null });
    // Ended 23½ months ago (period 24), and active: untouched.
    expect(await db.member.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({ contactEmail: 'x@late.example' });
    expect(await db.representative.count({ where: { memberId: late.id } })).toBe(1);
    expect(await db.member.findUniqueOrThrow({ where: { id: live.id } })).toMatchObject({ contactEmail: 'biuro@aktywna.example' });
    expect(byId('live.rep.4')?.erasedAt).toBeNull();

    const line = t.logs.lines.find((l) => l.msg === 'retention applied');
    expect(line).toMatchObject({ endedMembers: 1, representativesErased: 1, representativesUnlinked: 1, refusedApplicationsDeleted: 0 });
    for (const raw of t.logs.raw) expect(raw).not.toMatch(/old\.rep|lead\.rep|Dawna|dawna\.example/);

    // A second run (restart, second replica) finds nothing left to do.
    t.logs.lines.length = 0;
    await t.runJobs();
    expect(t.logs.lines.find((l) => l.msg === 'retention applied')).toBeUndefined();
    expect(await db.person.count({ where: { erasedAt: { not: null } } })).toBe(1);
  });
});
