import { describe, expect, it } from 'vitest';
import { castApp, appPerTest } from '../support/harness.ts';
import { ADMISSION_TEAM, allText, applicationForm, applicationId, expectOk, throughMeeting } from './support.ts';

describe('admission: /apply through the Coordinating Team decision', () => {
  const t = appPerTest(() => castApp(ADMISSION_TEAM, { start: '2026-03-02T09:00:00Z' }));

  it('/apply without fields opens the whole form, declarations as yes/no choices', async () => {
    const reply = await t.as('ola').command('apply');
    expect(reply.form?.id).toBe('apply');
    const names = reply.form!.fields.map((f) => f.name);
    expect(names).toEqual(Object.keys(applicationForm()));
    const declaration = reply.form!.fields.find((f) => f.name === 'understands_no_grants')!;
    expect(declaration.kind).toBe('choice');
    expect(declaration.options?.map((o) => o.value)).toEqual(['yes', 'no']);
  });

  it('accepted: the applicant becomes the representative of a new main member, gets the role event and onboarding', async () => {
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    await t.app.services.meetings.schedule(cluster, { kind: 'network', title: 'Spotkanie sieci Q1', startsAt: new Date('2026-03-25T10:00:00Z') });

    const submitted = await t.as('ola').form('apply', applicationForm());
    expect(submitted.tone).toBe('success');
    expect(submitted.text).toContain('1.04.2026');
    expect(allText(t.notifier.dmsTo('anna')[0]!)).toContain('Spółdzielnia Socjalna Razem');

    const id = await applicationId(t);
    const status = await t.as('ola').command('application', 'status');
    expect(allText(status)).toContain('zgłoszenie złożone (etap 1)');
    expect(allText(status)).toContain('Do decyzji zostało 30 dni');

    await throughMeeting(t, id);
    const invitation = t.notifier.dmsTo('ola').find((m) => m.title === 'Spotkanie zapoznawcze w PKES')!;
    expect(invitation.text).toContain('10.03.2026, 10:00');
    // Typed in the cluster's time zone (Warsaw, UTC+1 in March), stored in UTC.
    const [row] = await t.app.db.dumpTable('Application');
    expect(new Date(row!.meetingAt as string | number).toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(invitation.text).toContain('klaster nie jest źródłem dotacji');

    const decided = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(decided.tone).toBe('success');

    const members = await t.app.db.dumpTable('Member');
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ name: 'Spółdzielnia Socjalna Razem', category: 'main', status: 'active', legalForm: 'social-cooperative', applicationId: id });
    expect((await t.app.db.dumpTable('Application'))[0]).toMatchObject({ stage: 'decided', status: 'accepted', memberId: members[0]!.id, openKey: null });
    const profile = await t.as('ola').command('member', 'profile');
    expect(profile.title).toBe('Spółdzielnia Socjalna Razem');

    expect(t.notifier.events).toEqual([{ type: 'member.accepted', memberId: members[0]!.id, category: 'main', people: [expect.objectContaining({ platformUserId: 'ola' })] }]);
    const decisionDm = t.notifier.dmsTo('ola').find((m) => m.title === 'Decyzja w sprawie członkostwa w PKES')!;
    expect(decisionDm.text).toContain('przyjął organizację „Spółdzielnia Socjalna Razem”');
    const onboarding = allText(t.notifier.dmsTo('ola').find((m) => m.title?.startsWith('Witamy w PKES'))!);
    expect(onboarding).toContain('/group list');
    expect(onboarding).toContain('/activity log');
    expect(onboarding).toContain('Spotkanie sieci Q1');

    const status2 = await t.as('ola').command('application', 'status');
    expect(allText(status2)).toContain('przyjęcie');
  });

  it('notifies the candidate in its own language', async () => {
    await t.as('ola', { locale: 'en-GB' }).form('apply', applicationForm());
    const id = await applicationId(t);
    await throughMeeting(t, id);
    const invitation = t.notifier.dmsTo('ola').find((m) => m.title === 'Introductory meeting at PKES')!;
    expect(invitation.text).toContain('not a source of grants');
    await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'refused', reason: 'Brak działalności gospodarczej.' });
    const decision = t.notifier.dmsTo('ola').find((m) => m.title === 'Decision on your PKES membership')!;
    expect(decision.text).toContain('has not accepted');
    expect(decision.text).toContain('Justification: Brak działalności gospodarczej.');
  });

  it('conditional: conditions and a review date are required, then the member is conditional and told the conditions', async () => {
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    await throughMeeting(t, id, 'anna', 'conditional');

    const missing = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'conditional' });
    expect(missing.errorId).toBe('membership.errors.conditionsRequired');
    expect(Object.keys(missing.fieldErrors ?? {})).toEqual(['conditions', 'review']);

    const ok = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'conditional', conditions: 'Udział w grupie roboczej gastronomia', review: '2026-06-30' });
    expect(ok.tone).toBe('success');
    const [member] = await t.app.db.dumpTable('Member');
    expect(member).toMatchObject({ status: 'conditional', conditions: 'Udział w grupie roboczej gastronomia' });
    const dm = t.notifier.dmsTo('ola').find((m) => m.title === 'Decyzja w sprawie członkostwa w PKES')!;
    expect(dm.text).toContain('warunkowo');
    expect(dm.text).toContain('Udział w grupie roboczej gastronomia');
    expect(dm.text).toContain('30.06.2026');
    expect(t.notifier.events.map((e) => e.type)).toEqual(['member.accepted']);
  });

  it('refused: a justification is required; no member is created and no role is given', async () => {
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    await throughMeeting(t, id, 'anna', 'refuse');

    const bare = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'refused' });
    expect(bare.errorId).toBe('membership.errors.justificationRequired');
    expect(bare.fieldErrors?.reason).toBeDefined();

    expectOk(await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'refused', reason: 'Traktuje klaster jako źródło dotacji.' }));
    expect(await t.app.db.dumpTable('Member')).toHaveLength(0);
    expect(t.notifier.events).toHaveLength(0);
    const dm = t.notifier.dmsTo('ola').find((m) => m.title === 'Decyzja w sprawie członkostwa w PKES')!;
    expect(dm.text).toContain('Uzasadnienie: Traktuje klaster jako źródło dotacji.');

    const again = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(again.errorId).toBe('membership.errors.applicationClosed');
  });

  it('duplicate: a second open application of the same organisation is refused with the status of the first', async () => {
    expectOk(await t.as('ola').form('apply', applicationForm()));
    const id = await applicationId(t);
    await t.as('anna').command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' });

    const dup = await t.as('piotr').form('apply', applicationForm({ org_name: 'spółdzielnia socjalna „RAZEM”' }));
    expect(dup.errorId).toBe('membership.errors.duplicate.verified');
    expect(dup.text).toContain('2.03.2026');
    expect(dup.text).toContain('weryfikacja jest zapisana');
    expect(await t.app.db.dumpTable('Application')).toHaveLength(1);
  });

  it('two people submitting the same organisation at the same moment get one application and one refusal', async () => {
    const replies = await Promise.all([t.as('ola').form('apply', applicationForm()), t.as('piotr').form('apply', applicationForm({ org_name: 'SPÓŁDZIELNIA SOCJALNA RAZEM' }))]);
    expect(replies.map((r) => r.tone ?? r.errorId).sort()).toEqual(['error', 'success']);
    expect(replies.find((r) => r.tone === 'error')!.errorId).toBe('membership.errors.duplicate.submitted');
    expect(await t.app.db.dumpTable('Application')).toHaveLength(1);
  });

  it('excluded kind: a political party is told the rule, and what it typed is kept for the form', async () => {
    const reply = await t.as('ola').form('apply', applicationForm({ org_name: 'Partia Pomorska', legal_form: 'political-party' }));
    expect(reply.errorId).toBe('membership.errors.excludedKind');
    expect(reply.text).toContain('wyklucza partie polityczne i związki wyznaniowe');
    expect(reply.fieldErrors?.legal_form).toContain('partie polityczne');
    const reopened = await t.as('ola').press(reply, 'Popraw formularz');
    expect(reopened.form?.fields.find((f) => f.name === 'org_name')?.value).toBe('Partia Pomorska');
    expect(await t.app.db.dumpTable('Application')).toHaveLength(0);
  });

  it('outside Pomorskie: a main-member application is refused with the rule; as a supporting member it is accepted', async () => {
    const form = applicationForm({ org_name: 'Fundacja Mazowsze', legal_form: 'foundation', municipality: 'Warszawa', county: 'Warszawa', in_pomorskie: 'no' });
    const reply = await t.as('ola').form('apply', form);
    expect(reply.errorId).toBe('membership.errors.outsidePomorskie');
    expect(reply.text).toContain('członkiem wspierającym');

    const reopened = await t.as('ola').press(reply, 'Popraw formularz');
    expect(reopened.form?.fields.find((f) => f.name === 'municipality')?.value).toBe('Warszawa');
    const supporting = await t.as('ola').form('apply', { category: 'supporting' });
    expect(supporting.tone).toBe('success');
    const [row] = await t.app.db.dumpTable('Application');
    expect(row).toMatchObject({ orgName: 'Fundacja Mazowsze', category: 'supporting', inPomorskie: false });
  });

  it('a declaration answered "no" is refused with a message naming that declaration', async () => {
    const reply = await t.as('ola').form('apply', applicationForm({ understands_no_grants: 'no' }));
    expect(reply.errorId).toBe('core.errors.invalidOptions');
    expect(reply.fieldErrors?.understands_no_grants).toContain('klaster nie jest źródłem dotacji');
    expect(Object.keys(reply.fieldErrors ?? {})).toEqual(['understands_no_grants']);
    expect(await t.app.db.dumpTable('Application')).toHaveLength(0);
  });

  it('bad fields get one clear message each and the typed values survive to the next submit', async () => {
    const reply = await t.as('ola').form('apply', applicationForm({ contact_email: 'ola-at-razem', activity: 'catering' }));
    expect(reply.fieldErrors?.contact_email).toBe('podaj poprawny adres e-mail');
    expect(reply.fieldErrors?.activity).toBe('co najmniej 30 znaków');
    // Only the corrected fields are sent again: the rest comes from the kept draft.
    const fixed = await t.as('ola').form('apply', { contact_email: 'ola@razem.example', activity: applicationForm().activity! });
    expect(fixed.tone).toBe('success');
  });

  it('stages only move forward in order, and a decision needs a recommendation first', async () => {
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    const anna = t.as('anna');

    const meetingFirst = await anna.command('applications', 'meeting', { application: id, when: '2026-03-10 10:00' });
    expect(meetingFirst.errorId).toBe('membership.errors.outOfOrder.submitted');
    const decideFirst = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(decideFirst.errorId).toBe('membership.errors.recommendationFirst');

    expectOk(await anna.command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'no', completeness: 'yes', synergy_note: 'Brak podobnych członków – do sprawdzenia.' }));
    const verifyTwice = await anna.command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' });
    expect(verifyTwice.errorId).toBe('membership.errors.outOfOrder.verified');
    const decideEarly = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(decideEarly.errorId).toBe('membership.errors.recommendationFirst');

    expectOk(await anna.command('applications', 'recommend', { application: id, recommendation: 'accept', note: 'Dobre dopasowanie.' }));
    const noMeeting = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(noMeeting.errorId).toBe('membership.errors.outOfOrder.recommended');

    expectOk(await anna.command('applications', 'meeting', { application: id, when: '2026-03-10 10:00' }));
    const beforeMeeting = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(beforeMeeting.errorId).toBe('membership.errors.meetingNotHeld');
    expect(await t.app.db.dumpTable('Member')).toHaveLength(0);
  });

  it('a criterion marked "no" needs a note', async () => {
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    const reply = await t.as('anna').command('applications', 'verify', { application: id, status: 'yes', values: 'no', readiness: 'yes', synergy: 'yes', completeness: 'yes' });
    expect(reply.errorId).toBe('membership.errors.noteRequired');
    expect(Object.keys(reply.fieldErrors ?? {})).toEqual(['values_note']);
  });

  it('only the coordinator verifies and only the Coordinating Team decides', async () => {
    await t.given('jan', { main: 'Fundacja Inna' });
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    await throughMeeting(t, id);

    const memberTries = await t.as('jan').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(memberTries.errorId).toBe('core.denied.coordinatingTeam');
    const candidateTries = await t.as('ola').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(candidateTries.errorId).toBe('core.denied.coordinatingTeam');
    const teamVerifies = await t.as('tomasz').command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' });
    expect(teamVerifies.errorId).toBe('core.denied.coordinator');
    expect((await t.app.db.dumpTable('Application'))[0]).toMatchObject({ stage: 'meeting', status: 'open' });
  });

  it('the audit log shows every step with who did it and why, readable by the coordinator only', async () => {
    await t.as('ola').form('apply', applicationForm());
    const id = await applicationId(t);
    await throughMeeting(t, id);
    await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'refused', reason: 'Brak gotowości do udziału.' });

    const log = await t.as('anna').command('applications', 'audit', { application: id });
    const lines = log.text!.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('ola – złożenie zgłoszenia');
    expect(lines[1]).toContain('anna – weryfikacja');
    expect(lines[2]).toContain('anna – rekomendacja – „Mocny partner do konsorcjum cateringowego.”');
    expect(lines[3]).toContain('anna – umówienie spotkania zapoznawczego');
    expect(lines[4]).toContain('tomasz – decyzja Zespołu Koordynującego – „Brak gotowości do udziału.”');

    const denied = await t.as('tomasz').command('applications', 'audit', { application: id });
    expect(denied.errorId).toBe('core.denied.coordinator');
  });

  it('the review queue lists stage and days left, with overdue applications apart', async () => {
    await t.as('ola').form('apply', applicationForm());
    t.clock.set('2026-03-20T09:00:00Z');
    await t.as('piotr').form('apply', applicationForm({ org_name: 'Fundacja Morska', legal_form: 'foundation', contact_email: 'p@morska.example' }));
    t.clock.set('2026-04-02T09:00:00Z');

    const queue = await t.as('tomasz').command('applications', 'list');
    const [overdue, open] = queue.fields!;
    expect(overdue!.label).toBe('Po terminie (1)');
    expect(overdue!.value).toContain('Spółdzielnia Socjalna Razem');
    expect(overdue!.value).toContain('1 dzień po terminie');
    expect(open!.label).toBe('W terminie (1)');
    expect(open!.value).toContain('Fundacja Morska');
    expect(open!.value).toContain('zostało 17 dni');

    const opened = await t.as('tomasz').choose(queue, [await applicationId(t, 'Fundacja Morska')]);
    expect(opened.title).toBe('Fundacja Morska');
  });
});
