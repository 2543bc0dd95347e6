import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { formatDate, formatDateTime, translator } from '../../src/core/i18n.ts';
import type { Form, Reply } from '../../src/core/reply.ts';
import { castApp, TEST_CLUSTER, type TestApp, appPerTest } from '../support/harness.ts';
import { ADMISSION_TEAM, applicationForm, applicationId, expectOk } from './support.ts';

/** What a picker sees: the caller's context, as the dispatcher builds it. */
async function pickerContext(t: TestApp, userId: string): Promise<CommandContext> {
  const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
  const actor = await t.app.services.people.actor(cluster, { id: userId, displayName: userId });
  return {
    cluster,
    actor,
    locale: 'pl',
    t: translator('pl', { timeZone: cluster.timeZone }),
    format: { date: (d) => formatDate(d, 'pl', cluster.timeZone), dateTime: (d) => formatDateTime(d, 'pl', cluster.timeZone) },
    options: {},
    args: [],
    services: t.app.services,
    now: () => t.clock.now(),
    log: t.app.log,
    registry: t.app.dispatcher.registry,
    users: {},
  } as CommandContext;
}

async function pick(t: TestApp, userId: string, command: string, sub: string, option: string, typed = ''): Promise<string[]> {
  const picker = commands.find((c) => c.name === command)!.subcommands[sub]!.pickers![option]!;
  return (await picker(await pickerContext(t, userId), typed)).map((o) => o.label);
}

/** Fills a form the bot showed and submits it with the form's own arguments, as every adapter does. */
function submit(t: TestApp, userId: string, reply: Reply, values: Record<string, string>): Promise<Reply> {
  const form = reply.form as Form;
  expect(form, reply.text).toBeDefined();
  for (const name of Object.keys(values)) expect(form.fields.map((f) => f.name)).toContain(name);
  return t.as(userId).form(form.id, values, form.args);
}

const button = (reply: Reply, label: string) => {
  const found = reply.buttons?.find((b) => b.label === label);
  expect(found, `no "${label}" in ${reply.buttons?.map((b) => b.label).join(', ')}`).toBeDefined();
  return found!;
};

describe('admission by buttons: each step offered to the one who takes it, as a form', () => {
  const t = appPerTest(() => castApp(ADMISSION_TEAM, { start: '2026-03-02T09:00:00Z' }));

  it('the card leads the coordinator through verify, recommend and the meeting, then the team decides', async () => {
    expectOk(await t.as('kasia').form('apply', applicationForm()));
    const id = await applicationId(t);
    const card = await t.as('anna').action('applications', 'show', [id]);
    expect(card.buttons?.map((b) => b.label)).toEqual(['Zweryfikuj']);
    // The team member sees the card without the coordinator's step.
    expect((await t.as('tomasz').action('applications', 'show', [id])).buttons ?? []).toEqual([]);

    const verifyForm = await t.as('anna').press(card, 'Zweryfikuj');
    expect(verifyForm.form?.fields.filter((f) => f.kind === 'choice').map((f) => f.name)).toEqual(['status', 'values', 'readiness', 'synergy', 'completeness']);
    // A "no" without its note is refused, and what was typed comes back in the form.
    const refused = await submit(t, 'anna', verifyForm, { status: 'yes', values: 'yes', readiness: 'no', synergy: 'yes', completeness: 'yes' });
    expect(refused.fieldErrors?.readiness_note).toBeDefined();
    const again = await t.as('anna').press(refused, 'Zweryfikuj');
    expect(again.form?.fields.find((f) => f.name === 'readiness')?.value).toBe('no');
    const verified = await submit(t, 'anna', again, { status: 'yes', values: 'yes', readiness: 'no', readiness_note: 'Deklaruje udział od jesieni.', synergy: 'yes', completeness: 'yes' });
    expect(verified.text).toContain('Zapisano weryfikację');

    const recommended = await submit(t, 'anna', await t.as('anna').press(verified, 'Wydaj rekomendację'), { recommendation: 'accept', note: 'Mocny partner do konsorcjum.' });
    expect(recommended.text).toContain('Zapisano rekomendację');
    const scheduled = await submit(t, 'anna', await t.as('anna').press(recommended, 'Umów spotkanie zapoznawcze'), { when: '2026-03-10 10:00', place: 'Gdańsk' });
    expect(scheduled.text).toContain('Spotkanie zapoznawcze');
    // No decision before the meeting: the card says when, without the button.
    const before = await t.as('tomasz').press(scheduled, 'Pokaż zgłoszenie');
    expect(before.buttons ?? []).toEqual([]);
    expect(before.fields?.map((f) => f.value).join('\n')).toContain('po spotkaniu zapoznawczym');

    t.clock.set('2026-03-10T12:00:00Z');
    const after = await t.as('tomasz').press(scheduled, 'Pokaż zgłoszenie');
    const decideForm = await t.as('tomasz').press(after, 'Podejmij decyzję');
    expect(decideForm.form?.fields.map((f) => f.name)).toEqual(['decision', 'reason', 'conditions', 'review']);
    const decided = await submit(t, 'tomasz', decideForm, { decision: 'accepted' });
    expect(decided.tone, decided.text).toBe('success');
    expect(t.notifier.dmsTo('kasia').map((m) => m.title).join('\n')).toContain('Witamy');
  });

  it('a step button pressed out of order or by someone else is refused before any form opens', async () => {
    expectOk(await t.as('kasia').form('apply', applicationForm()));
    const id = await applicationId(t);
    expect((await t.as('anna').action('applications', 'decide', [id])).errorId).toBe('membership.errors.outOfOrder.submitted');
    expect((await t.as('tomasz').action('applications', 'verify', [id])).errorId).toBe('core.denied.coordinator');
    expect((await t.as('kasia').action('applications', 'decide', [id])).errorId).toBe('core.denied.coordinatingTeam');
  });

  it('a bare step command lists the applications waiting for that step to choose from', async () => {
    expectOk(await t.as('kasia').form('apply', applicationForm()));
    expectOk(await t.as('ola').form('apply', applicationForm({ org_name: 'Fundacja Horyzont', contact_email: 'h@example.org' })));
    const list = await t.as('anna').command('applications', 'verify');
    expect(list.choices?.options.map((o) => o.label).sort()).toEqual(['Fundacja Horyzont', 'Spółdzielnia Socjalna Razem']);
    const form = await t.as('anna').choose(list, [list.choices!.options[0]!.value]);
    expect(form.form?.id).toBe('applications.verify');
    expect((await t.as('anna').command('applications', 'recommend')).text).toContain('Żadne zgłoszenie nie czeka');
  });
});

describe('pickers offer what the caller may act on, filtered by what was typed', () => {
  const t = appPerTest(() =>
    castApp({ anna: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Socjalna Łódka' }, piotr: { main: 'Fundacja Horyzont' }, lider: { main: 'Kuchnia Społeczna' } }, { start: '2026-03-02T09:00:00Z' }),
  );

  it('applications by stage; Polish letters fold; SQL-looking, emoji and long text find nothing and break nothing', async () => {
    expectOk(await t.as('kasia').form('apply', applicationForm({ org_name: 'Stowarzyszenie Żuraw' })));
    expectOk(await t.as('ola').form('apply', applicationForm({ org_name: 'Fundacja Źródło', contact_email: 'z@example.org' })));
    const id = await applicationId(t, 'Fundacja Źródło');
    expectOk(await t.as('anna').command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' }));
    expect(await pick(t, 'anna', 'applications', 'verify', 'application')).toEqual([expect.stringContaining('Stowarzyszenie Żuraw')]);
    expect(await pick(t, 'anna', 'applications', 'recommend', 'application')).toEqual([expect.stringContaining('Fundacja Źródło')]);
    expect(await pick(t, 'anna', 'applications', 'show', 'application', 'zrodlo')).toEqual([expect.stringContaining('Fundacja Źródło')]);
    for (const typed of ["'; DROP TABLE \"Application\"; --", '🙂🙂', 'x'.repeat(100)]) expect(await pick(t, 'anna', 'applications', 'show', 'application', typed)).toEqual([]);
    expect(await pick(t, 'anna', 'applications', 'show', 'application')).toHaveLength(2);
  });

  it('groups: joinable to a member, its own to leave, only those a leader leads for meetings', async () => {
    expectOk(await t.as('anna').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne oferty cateringowe', leader: 'lider' }));
    expectOk(await t.as('anna').command('group', 'create', { name: 'Marketing', purpose: 'Wspólna promocja członków', leader: 'piotr' }));
    expectOk(await t.as('jan').command('group', 'join', { group: 'Marketing' }));
    expect(await pick(t, 'jan', 'group', 'join', 'group')).toEqual(['Gastronomia']);
    expect(await pick(t, 'jan', 'group', 'leave', 'group')).toEqual(['Marketing']);
    expect(await pick(t, 'lider', 'group', 'meeting', 'group')).toEqual(['Gastronomia']);
    expect(await pick(t, 'anna', 'group', 'meeting', 'group')).toEqual(['Gastronomia', 'Marketing']);
    expect(await pick(t, 'jan', 'group', 'members', 'group', 'mark')).toEqual(['Marketing']);
  });

  it('barter posts: others’ to respond to, one’s own to close; organisations: the coordinator sees all, a member its own', async () => {
    expectOk(await t.as('jan').command('barter', 'offer', { kind: 'service', title: 'Catering na 50 osób', place: 'Gdańsk' }));
    expectOk(await t.as('piotr').command('barter', 'request', { kind: 'transport', title: 'Transport mebli', place: 'Gdynia' }));
    expect((await pick(t, 'jan', 'barter', 'respond', 'id')).map((l) => l.split(' · ')[0])).toEqual(['Transport mebli']);
    expect((await pick(t, 'jan', 'barter', 'close', 'id')).map((l) => l.split(' · ')[0])).toEqual(['Catering na 50 osób']);
    expect(await pick(t, 'anna', 'barter', 'close', 'id')).toHaveLength(2);
    expect((await pick(t, 'anna', 'member', 'suspend', 'member', 'lodka')).map((l) => l.split(' · ')[0])).toEqual(['Spółdzielnia Socjalna Łódka']);
    expect((await pick(t, 'jan', 'member', 'profile', 'member')).map((l) => l.split(' · ')[0])).toEqual(['Spółdzielnia Socjalna Łódka']);
  });
});

describe('notices that ask someone to act carry the buttons, and replies say what happened', () => {
  const t = appPerTest(() => castApp(ADMISSION_TEAM, { start: '2026-03-02T09:00:00Z' }));

  it('the new-application notice opens verification; a failed role grant is said in the decision reply', async () => {
    expectOk(await t.as('kasia').form('apply', applicationForm()));
    const notice = t.notifier.dmsTo('anna').at(-1)!;
    expect(notice.title).toBe('Nowe zgłoszenie członkowskie');
    expect(notice.text).not.toContain('/applications');
    const form = await t.as('anna').press(notice, 'Zweryfikuj');
    expect(form.form?.id).toBe('applications.verify');
    expect(notice.buttons?.map((b) => b.label)).toEqual(['Zweryfikuj', 'Pokaż zgłoszenie']);

    const id = await applicationId(t);
    expectOk(await t.as('anna').command('applications', 'verify', { application: id, status: 'yes', values: 'yes', readiness: 'yes', synergy: 'yes', completeness: 'yes' }));
    expectOk(await t.as('anna').command('applications', 'recommend', { application: id, recommendation: 'accept', note: 'Mocny partner do konsorcjum.' }));
    expectOk(await t.as('anna').command('applications', 'meeting', { application: id, when: '2026-03-10 10:00' }));
    t.clock.set('2026-03-10T12:00:00Z');
    t.notifier.syncProblems = [{ reason: 'missing-permission', detail: 'Manage Roles' }];
    const decided = await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' });
    expect(decided.text).toContain('NIE nadała roli członka');
    expect(decided.text).toContain('Manage Roles');
    expect(decided.text).not.toContain('dostał rolę');
    t.notifier.syncProblems = [];
  });

  it('an appeal reaches each member of the Coordinating Team once, with Decide', async () => {
    await t.given('jan', { main: 'Spółdzielnia Razem' });
    expectOk(await t.as('anna').command('member', 'suspend', { member: 'Spółdzielnia Razem', reason: 'duties', justification: 'Brak udziału w działaniach od roku.' }));
    expectOk(await t.as('jan').command('appeal', 'submit', { text: 'Braliśmy udział w trzech spotkaniach, załączamy listy.' }));
    const notice = t.notifier.dmsTo('tomasz').find((m) => m.title === 'Nowe odwołanie')!;
    expect(notice, t.notifier.dmsTo('tomasz').map((m) => m.title).join(', ')).toBeDefined();
    expect(t.notifier.dmsTo('tomasz').filter((m) => m.title === notice.title)).toHaveLength(1);
    const form = await t.as('tomasz').press(notice, 'Rozstrzygnij odwołanie');
    const done = await t.as('tomasz').form(form.form!.id, { outcome: 'upheld', justification: 'Listy obecności potwierdzają udział.' }, form.form!.args);
    expect(done.tone, done.text).toBe('success');
    expect((await t.as('anna').press(notice, 'Rozstrzygnij odwołanie')).errorId).toBe('membership.errors.appealDecided');
  });

  it('a message that reaches nobody is reported to the coordinator', async () => {
    await t.given('jan', { main: 'Spółdzielnia Razem' });
    const send = t.notifier.sendPrivate.bind(t.notifier);
    t.notifier.sendPrivate = async (c, to, message) => (to.platformUserId === 'jan' ? { status: 'failed', reason: 'unknown user' } : send(c, to, message));
    expectOk(await t.as('anna').command('poll', 'create', { question: 'Termin integracji?', choices: 'Czerwiec; Lipiec', deadline: '2026-03-09 12:00' }));
    const report = t.notifier.dmsTo('anna').find((m) => m.title === 'Wiadomość nie dotarła');
    expect(report?.text).toContain('jan');
    expect(report?.text).toContain('Termin integracji?');
  });
});
