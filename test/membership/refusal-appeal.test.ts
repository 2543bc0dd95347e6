import { describe, expect, it } from 'vitest';
import { castApp, type TestApp, appPerTest } from '../support/harness.ts';
import { ADMISSION_TEAM, applicationForm, applicationId, expectOk, throughMeeting } from './support.ts';

const REASON = 'Organizacja nie prowadzi jeszcze działalności w województwie.';
const APPEAL = 'Od stycznia prowadzimy punkt w Gdyni, załączamy umowę najmu i listę zajęć.';

/** Ola's organisation applies and is refused by the Coordinating Team; the decision reaches her as a DM. */
async function refused(t: TestApp) {
  expectOk(await t.as('ola').form('apply', applicationForm()));
  const id = await applicationId(t);
  await throughMeeting(t, id, 'anna', 'refuse');
  expectOk(await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'refused', reason: REASON }));
  const decision = t.notifier.dmsTo('ola').find((m) => m.title === 'Decyzja w sprawie członkostwa w PKES');
  expect(decision).toBeDefined();
  return { id, decision: decision! };
}

async function applicationRow(t: TestApp, id: string) {
  return (await t.app.db.dumpTable('Application')).find((a) => a.id === id)!;
}

describe('a refused admission, where the cluster\'s rules provide no appeal (the default)', () => {
  const t = appPerTest(() => castApp({ ...ADMISSION_TEAM, jan: { main: 'Fundacja Horyzont' } }, { start: '2026-03-02T09:00:00Z' }));

  it('the refusal says there is no appeal and that the organisation may apply again, with no button to appeal', async () => {
    const { decision } = await refused(t);
    expect(decision.text).toContain('Zasady klastra nie przewidują odwołania od odmowy przyjęcia. Jeśli sytuacja organizacji się zmieni, możecie złożyć nową deklarację (/apply).');
    expect(decision.buttons ?? []).toEqual([]);
  });

  it('/appeal submit and the bare /appeal tell the candidate the same, before any form, and /apply works again', async () => {
    await refused(t);
    const submit = await t.as('ola').command('appeal', 'submit');
    expect(submit.form).toBeUndefined();
    expect(submit.errorId).toBe('membership.errors.refusalNotAppealable');
    expect(submit.text).toBe('Zasady klastra nie przewidują odwołania od odmowy przyjęcia. Jeśli sytuacja organizacji „Spółdzielnia Socjalna Razem” się zmieni, możecie złożyć nową deklarację poleceniem /apply.');
    expect(submit.text).not.toContain('przedstawicieli');

    const bare = await t.as('ola').command('appeal');
    expect(bare.buttons?.map((b) => b.label)).toEqual(['Złóż odwołanie do Zespołu Koordynującego']);
    expect((await t.as('ola').press(bare, 0)).text).toBe(submit.text);
    expect(await t.app.db.dumpTable('Appeal')).toHaveLength(0);

    // Its situation changed: a new application is taken as any other.
    const again = expectOk(await t.as('ola').form('apply', applicationForm({ motivation: 'Od stycznia działamy w Gdyni i chcemy współtworzyć oferty klastra.' })));
    expect(again.tone).toBe('success');
    expect((await t.app.db.dumpTable('Application')).filter((a) => a.status === 'open')).toHaveLength(1);
  });

  it('someone with nothing to appeal is told who may appeal; an active member that its membership stands', async () => {
    const stranger = await t.as('obcy').command('appeal', 'submit');
    expect(stranger.errorId).toBe('membership.errors.notAppellant');
    expect(stranger.text).toContain('której odmówiono przyjęcia');
    expect((await t.as('jan').command('appeal', 'submit')).errorId).toBe('membership.errors.nothingToAppeal');
  });
});

describe('a refused admission, where the cluster\'s rules provide an appeal', () => {
  const t = appPerTest(() => castApp(ADMISSION_TEAM, { start: '2026-03-02T09:00:00Z' }));

  it('the setting is listed by name with what it decides, and is set like any other', async () => {
    const before = await t.as('anna').command('setup', 'settings');
    expect(before.fields?.find((f) => f.label === 'Odwołanie od odmowy przyjęcia dozwolone')?.value).toBe(
      'Nie · `admissionRefusalAppealable`\nTak: organizacja, której odmówiono przyjęcia, może się odwołać do Zespołu Koordynującego. Nie: może złożyć nową deklarację, gdy jej sytuacja się zmieni.',
    );
    expect((await t.as('anna').command('setup', 'set', { key: 'admissionRefusalAppealable', value: 'może' })).errorId).toBe('core.errors.invalidSetting');
    const set = await t.as('anna').command('setup', 'set', { key: 'admissionRefusalAppealable', value: 'true' });
    expect(set.text).toBe('Ustawienie „Odwołanie od odmowy przyjęcia dozwolone” ma teraz wartość Tak.');
    const english = await t.as('anna', { locale: 'en' }).command('setup', 'settings');
    expect(english.fields?.find((f) => f.label === 'Appeals against a refused admission allowed')?.value).toMatch(/^Yes · `admissionRefusalAppealable`\nYes: an organisation refused admission may appeal/);
  });

  it('the refusal leads to an appeal by a button; upheld, the application goes back to the Team, who can admit the organisation', async () => {
    expectOk(await t.as('anna').command('setup', 'set', { key: 'admissionRefusalAppealable', value: 'true' }));
    const { id, decision } = await refused(t);
    expect(decision.text).toContain('możecie się od niej odwołać do Zespołu Koordynującego – przyciskiem poniżej albo poleceniem /appeal submit');
    expect(decision.buttons?.map((b) => b.label)).toEqual(['Odwołaj się']);

    const form = await t.as('ola').press(decision, 'Odwołaj się');
    expect(form.form).toMatchObject({ id: 'appeal.submit', title: 'Odwołanie od decyzji' });
    const submitted = await t.as('ola').form(form.form!.id, { text: APPEAL });
    expect(submitted.text).toBe('Odwołanie od odmowy przyjęcia organizacji „Spółdzielnia Socjalna Razem” trafiło do Zespołu Koordynującego. Decyzję dostaniecie z uzasadnieniem.');
    expect(await t.app.db.dumpTable('Appeal')).toEqual([expect.objectContaining({ applicationId: id, memberId: null, against: 'refused', status: 'open', text: APPEAL })]);
    // Once is enough: a second appeal waits for the first.
    expect((await t.as('ola').command('appeal', 'submit')).errorId).toBe('membership.errors.refusalAppealOpen');

    const notice = t.notifier.dmsTo('tomasz').find((m) => m.title === 'Nowe odwołanie')!;
    expect(notice.text).toContain('(odmowa przyjęcia)');
    const list = await t.as('tomasz').command('appeal', 'list');
    expect(list.fields?.[0]?.label).toMatch(/^Spółdzielnia Socjalna Razem – odmowa przyjęcia – /);

    const decide = await t.as('tomasz').press(notice, 'Rozstrzygnij odwołanie');
    const upheld = await t.as('tomasz').form(decide.form!.id, { outcome: 'upheld', justification: 'Nowa siedziba w Gdyni spełnia kryterium.' }, decide.form!.args);
    expect(upheld.text).toBe('Odwołanie uwzględnione: zgłoszenie organizacji „Spółdzielnia Socjalna Razem” wraca do decyzji, a kandydat został o tym powiadomiony.');
    expect(await applicationRow(t, id)).toMatchObject({ status: 'open', stage: 'meeting', decision: null });
    const told = t.notifier.dmsTo('ola').find((m) => m.title === 'Odwołanie uwzględnione')!;
    expect(told.text).toContain('Zgłoszenie wraca do ponownej decyzji');

    // The coordinator is asked for the new decision, with its button.
    const reopened = t.notifier.dmsTo('anna').find((m) => m.title === 'Zgłoszenie wraca do decyzji')!;
    const decideForm = await t.as('anna').press(reopened, 'Podejmij decyzję');
    expect(decideForm.form?.submit).toEqual({ command: 'applications', subcommand: 'decide' });
    expectOk(await t.as('tomasz').command('applications', 'decide', { application: id, decision: 'accepted' }));
    expect(await t.app.db.dumpTable('Member')).toEqual([expect.objectContaining({ name: 'Spółdzielnia Socjalna Razem', status: 'active' })]);
  });

  it('dismissed: the candidate gets the justification and that it may apply again; the refusal is not appealed twice', async () => {
    expectOk(await t.as('anna').command('setup', 'set', { key: 'admissionRefusalAppealable', value: 'true' }));
    const { id } = await refused(t);
    expectOk(await t.as('ola').form('appeal.submit', { text: APPEAL }));
    const [appeal] = await t.app.db.dumpTable('Appeal');
    const dismissed = await t.as('tomasz').command('appeal', 'decide', { appeal: String(appeal!.id), outcome: 'dismissed', justification: 'Punkt w Gdyni nie prowadzi jeszcze zajęć.' });
    expect(dismissed.text).toBe('Odwołanie oddalone; kandydat dostał uzasadnienie.');
    expect(await applicationRow(t, id)).toMatchObject({ status: 'refused' });
    const told = t.notifier.dmsTo('ola').find((m) => m.title === 'Odwołanie oddalone')!;
    expect(told.text).toBe(
      'Zespół Koordynujący oddalił odwołanie od odmowy przyjęcia organizacji „Spółdzielnia Socjalna Razem”.\n\nUzasadnienie: Punkt w Gdyni nie prowadzi jeszcze zajęć.\n\nJeśli sytuacja organizacji się zmieni, możecie złożyć nową deklarację (/apply).',
    );
    expect((await t.as('ola').command('appeal', 'submit')).errorId).toBe('membership.errors.refusalAppealDecided');
    expectOk(await t.as('ola').form('apply', applicationForm()));
  });

  it('an organisation that applied anew meanwhile: upholding says to consider the new application, and changes nothing', async () => {
    expectOk(await t.as('anna').command('setup', 'set', { key: 'admissionRefusalAppealable', value: 'true' }));
    const { id } = await refused(t);
    expectOk(await t.as('ola').form('appeal.submit', { text: APPEAL }));
    await t.given('piotr', {});
    expectOk(await t.as('piotr').form('apply', applicationForm({ contact_name: 'Piotr Nowak', contact_email: 'piotr@razem.example' })));
    const [appeal] = await t.app.db.dumpTable('Appeal');
    const reply = await t.as('tomasz').command('appeal', 'decide', { appeal: String(appeal!.id), outcome: 'upheld', justification: 'Nowa siedziba spełnia kryterium.' });
    expect(reply.errorId).toBe('membership.errors.reopenBlocked');
    expect(await applicationRow(t, id)).toMatchObject({ status: 'refused' });
    expect((await t.app.db.dumpTable('Appeal'))[0]).toMatchObject({ status: 'open' });
  });
});
