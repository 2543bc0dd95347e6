import { describe, expect, it } from 'vitest';
import { type TestApp, appPerTest, castApp } from '../support/harness.ts';
import { allText, expectOk } from './support.ts';

async function memberRow(t: TestApp, name: string) {
  const row = (await t.app.db.dumpTable('Member')).find((m) => m.name === name);
  if (!row) throw new Error(`no member ${name}`);
  return row;
}

describe('a member’s life: suspension, end, appeal, withdrawal', () => {
  const t = appPerTest(() =>
    castApp({ anna: { roles: ['coordinator'] }, olek: { roles: ['operator'] }, tomasz: { roles: ['team'] }, jan: { main: 'Spółdzielnia Razem' } }, { start: '2026-03-02T09:00:00Z' }),
  );

  it('suspension tells the member the ground and the justification, mirrors the role, and locks member commands', async () => {
    const reply = await t.as('anna').command('member', 'suspend', { member: 'spółdzielnia razem', reason: 'duties', justification: 'Brak jakichkolwiek działań od roku.' });
    expect(reply.tone).toBe('success');
    const row = await memberRow(t, 'Spółdzielnia Razem');
    expect(row).toMatchObject({ status: 'suspended', statusReason: 'duties', statusNote: 'Brak jakichkolwiek działań od roku.' });
    expect(t.notifier.events).toEqual([{ type: 'member.suspended', memberId: row.id, category: 'main', people: [expect.objectContaining({ platformUserId: 'jan' })] }]);
    const dm = t.notifier.dmsTo('jan')[0]!;
    expect(dm.text).toContain('uporczywe niewywiązywanie się z obowiązków');
    expect(dm.text).toContain('Brak jakichkolwiek działań od roku.');
    expect(dm.text).toContain('/appeal submit');

    const update = await t.as('jan').command('member', 'update', { sectors: 'gastronomia' });
    expect(update.errorId).toBe('core.denied.suspended');
  });

  it('a reason outside the model’s four is refused, and a short justification too', async () => {
    const reply = await t.as('anna').command('member', 'end', { member: 'Spółdzielnia Razem', reason: 'dislike', justification: 'x' });
    expect(reply.errorId).toBe('core.errors.invalidOptions');
    expect(Object.keys(reply.fieldErrors ?? {}).sort()).toEqual(['justification', 'reason']);
    expect((await memberRow(t, 'Spółdzielnia Razem')).status).toBe('active');
  });

  it('appeal upheld: the Coordinating Team is told, decides with a justification, and the membership returns', async () => {
    await t.as('anna').command('member', 'end', { member: 'Spółdzielnia Razem', reason: 'pesStatus', justification: 'Wykreślenie z rejestru PES.' });
    t.notifier.clear();

    const appeal = await t.as('jan').command('appeal', 'submit', { text: 'Status PES odzyskaliśmy w lutym, załączamy wpis.' });
    expect(appeal.tone).toBe('success');
    const told = ['anna', 'olek', 'tomasz'].map((u) => t.notifier.dmsTo(u).length);
    expect(told).toEqual([1, 1, 1]);
    expect(t.notifier.dmsTo('anna')[0]!.text).toContain('Status PES odzyskaliśmy w lutym');

    const twice = await t.as('jan').command('appeal', 'submit', { text: 'Jeszcze raz: status PES odzyskaliśmy w lutym.' });
    expect(twice.errorId).toBe('membership.errors.appealOpen');

    const list = await t.as('tomasz').command('appeal', 'list');
    // The list offers the open appeals to choose; choosing opens the Decide form.
    const appealId = list.choices!.options[0]!.value;
    expect((await t.as('tomasz').choose(list, [appealId])).form?.id).toBe('appeal.decide');
    const member = await t.as('jan').command('appeal', 'decide', { appeal: appealId, outcome: 'upheld', justification: 'Wpis do rejestru potwierdzony.' });
    expect(member.errorId).toBe('core.denied.coordinatingTeam');
    // Without a justification the Decide form opens, with the outcome already chosen.
    const noReason = await t.as('tomasz').command('appeal', 'decide', { appeal: appealId, outcome: 'upheld' });
    expect(noReason.form?.fields.map((f) => [f.name, f.value])).toEqual([['outcome', 'upheld'], ['justification', undefined]]);

    expectOk(await t.as('tomasz').command('appeal', 'decide', { appeal: appealId, outcome: 'upheld', justification: 'Wpis do rejestru potwierdzony.' }));
    expect((await memberRow(t, 'Spółdzielnia Razem')).status).toBe('active');
    expect(t.notifier.events.map((e) => e.type)).toEqual(['member.reinstated']);
    expect(t.notifier.dmsTo('jan').at(-1)!.text).toContain('Wpis do rejestru potwierdzony.');

    const log = await t.as('anna').command('applications', 'audit', { member: 'Spółdzielnia Razem' });
    expect(log.text).toMatch(/zakończenie członkostwa[\s\S]*złożenie odwołania[\s\S]*rozstrzygnięcie odwołania[\s\S]*przywrócenie członkostwa/);
  });

  it('appeal dismissed: the membership stays suspended and the member gets the justification', async () => {
    await t.as('anna').command('member', 'suspend', { member: 'Spółdzielnia Razem', reason: 'values', justification: 'Naruszenie kodeksu etycznego wobec partnera.' });
    await t.as('jan').command('appeal', 'submit', { text: 'Nie zgadzamy się z oceną sytuacji z partnerem.' });
    const [appeal] = await t.app.db.dumpTable('Appeal');
    expectOk(await t.as('anna').command('appeal', 'decide', { appeal: String(appeal!.id), outcome: 'dismissed', justification: 'Naruszenie potwierdzone przez dwie strony.' }));
    expect((await memberRow(t, 'Spółdzielnia Razem')).status).toBe('suspended');
    const dm = t.notifier.dmsTo('jan').at(-1)!;
    expect(dm.title).toBe('Odwołanie oddalone');
    expect(dm.text).toContain('Naruszenie potwierdzone przez dwie strony.');
  });

  it('an active member has nothing to appeal', async () => {
    const reply = await t.as('jan').command('appeal', 'submit', { text: 'Chcemy się odwołać, choć nic się nie stało.' });
    expect(reply.errorId).toBe('membership.errors.nothingToAppeal');
  });

  it('voluntary withdrawal needs a confirmation and ends the platform roles', async () => {
    const unconfirmed = await t.as('jan').command('member', 'withdraw', { confirm: 'no' });
    expect(unconfirmed.fieldErrors?.confirm).toContain('confirm:tak');
    expectOk(await t.as('jan').command('member', 'withdraw', { confirm: 'tak', note: 'Zmiana profilu działalności.' }));
    const row = await memberRow(t, 'Spółdzielnia Razem');
    expect(row.status).toBe('withdrawn');
    expect(t.notifier.events.map((e) => e.type)).toEqual(['member.ended']);
  });

  it('reinstating an active member is refused', async () => {
    const reply = await t.as('anna').command('member', 'reinstate', { member: 'Spółdzielnia Razem', justification: 'Po prostu przywracamy.' });
    expect(reply.errorId).toBe('membership.errors.statusNotAllowed');
  });
});

describe('profile, representatives, directory and strategic partners', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] }, jan: { main: 'Spółdzielnia Razem' }, ewa: { supporting: 'Gmina Kolbudy' } }, { start: '2026-03-02T09:00:00Z' }));

  it('a representative updates its own data, which also confirms it, and cannot touch another organisation', async () => {
    t.clock.set('2026-05-01T09:00:00Z');
    expectOk(await t.as('jan').command('member', 'update', { sectors: 'gastronomia', offers: 'catering na wydarzenia' }));
    const row = await memberRow(t, 'Spółdzielnia Razem');
    expect(row).toMatchObject({ sectors: 'gastronomia', offers: 'catering na wydarzenia' });
    expect(new Date(row.dataConfirmedAt as number).toISOString()).toBe('2026-05-01T09:00:00.000Z');

    const other = await t.as('jan').command('member', 'update', { sectors: 'x', member: 'Gmina Kolbudy' });
    expect(other.errorId).toBe('membership.errors.notYourOrganisation');
    const nothing = await t.as('jan').command('member', 'update', {});
    expect(nothing.errorId).toBe('membership.errors.nothingToUpdate');
  });

  it('representatives: a member adds and removes its own, never its last; the coordinator may too', async () => {
    expectOk(await t.as('jan').command('member', 'add-representative', { user: 'kasia' }));
    const rep = t.notifier.events[0]!;
    expect(rep).toMatchObject({ type: 'representative.added', category: 'main', people: [expect.objectContaining({ platformUserId: 'kasia' })] });
    expect((await t.as('kasia').command('member', 'profile')).title).toBe('Spółdzielnia Razem');

    const taken = await t.as('jan').command('member', 'add-representative', { user: 'ewa' });
    expect(taken.errorId).toBe('membership.errors.representsOther');

    expectOk(await t.as('kasia').command('member', 'remove-representative', { user: 'jan' }));
    const last = await t.as('kasia').command('member', 'remove-representative', { user: 'kasia' });
    expect(last.errorId).toBe('membership.errors.lastRepresentative');

    expectOk(await t.as('anna').command('member', 'add-representative', { user: 'jan', member: 'Spółdzielnia Razem' }));
    const reps = await t.as('anna').command('member', 'representatives', { member: 'Spółdzielnia Razem' });
    expect(reps.text!.split('\n').sort()).toEqual(['• <@jan>', '• <@kasia>']);
    const stranger = await t.as('obcy').command('member', 'add-representative', { user: 'obcy2', member: 'Spółdzielnia Razem' });
    expect(stranger.errorId).toBe('core.denied.representative');
  });

  it('the directory lists members in good standing by category, marks supporting ones, and searches offers', async () => {
    await t.as('jan').command('member', 'update', { sectors: 'gastronomia', offers: 'catering' });
    await t.given('zyta', { main: 'Fundacja Zawieszona', status: 'suspended' });
    const all = await t.as('obcy').command('member', 'directory');
    expect(all.title).toBe('Katalog członków (2 organizacje)');
    expect(all.text).toBe('• **Spółdzielnia Razem** – gastronomia · catering\n• **Gmina Kolbudy** _(członek wspierający)_');
    const search = await t.as('obcy').command('member', 'directory', { search: 'Catering' });
    expect(search.text).toContain('Spółdzielnia Razem');
    expect(search.text).not.toContain('Gmina Kolbudy');
  });

  it('strategic partners are contacts: recorded and listed without any membership', async () => {
    expectOk(await t.as('anna').command('partner', 'add', { name: 'Klaster Kujawski', kind: 'cluster', contact: 'biuro@kujawy.example' }));
    const dup = await t.as('anna').command('partner', 'add', { name: 'Klaster Kujawski', kind: 'cluster' });
    expect(dup.errorId).toBe('membership.errors.partnerExists');
    const list = await t.as('anna').command('partner', 'list');
    expect(list.text).toContain('nie są członkami');
    expect(list.text).toContain('**Klaster Kujawski** (inny klaster) – biuro@kujawy.example');
    expect((await t.app.db.dumpTable('Member')).map((m) => m.name)).not.toContain('Klaster Kujawski');
    expect((await t.as('jan').command('partner', 'add', { name: 'X Y', kind: 'other-partner' })).errorId).toBe('core.denied.coordinator');
  });
});
