import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

/** The notice the Coordinating Team gets when a group's leader is erased. */
const isNotice = (m: Reply) => m.title === 'Grupa „Gastronomia” nie ma lidera';

describe('erasing the personal data of a working group’s leader', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
    await t.given('anna', { roles: ['coordinator'] });
    await t.given('olek', { roles: ['operator'] });
    await t.given('zofia', { roles: ['team'] });
    await t.given('lena', { main: 'Fundacja Horyzont' });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { main: 'CIS Wejherowo' });
    await t.given('marek', { main: 'Fundacja Marketing' });
    expect((await t.as('anna').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne oferty cateringowe', leader: 'lena' })).tone).toBe('success');
    expect((await t.as('anna').command('group', 'create', { name: 'Marketing', purpose: 'Wspólna promocja członków', leader: 'marek' })).tone).toBe('success');
    expect((await t.as('jan').command('group', 'join', { group: 'Gastronomia' })).tone).toBe('success');
    t.notifier.clear();
  });
  afterEach(() => t.close());

  async function eraseLena(by: 'self' | 'coordinator'): Promise<void> {
    if (by === 'self') {
      const overview = await t.as('lena').command('privacy');
      const confirm = await t.as('lena').press(overview, 'Usuń moje dane');
      expect((await t.as('lena').press(confirm, 'Tak, usuń nieodwracalnie')).errorId).toBeUndefined();
    } else {
      const asked = await t.as('anna').command('privacy-request', 'erase', { user: 'lena', reference: 'RODO/7/2026' });
      expect((await t.as('anna').press(asked, 0)).errorId).toBeUndefined();
    }
  }

  it.each(['self', 'coordinator'] as const)('erased (%s): the Coordinating Team is told once and appoints a new leader by pressing', async (by) => {
    await eraseLena(by);

    // Coordinator, operator, team member and the other group's leader: each once; members not.
    const told = ['anna', 'olek', 'zofia', 'marek'];
    for (const who of told) expect(t.notifier.dmsTo(who).filter(isNotice), who).toHaveLength(1);
    for (const who of ['jan', 'ewa']) expect(t.notifier.dmsTo(who).filter(isNotice), who).toHaveLength(0);
    const notice = t.notifier.dmsTo('anna').find(isNotice)!;
    expect(notice.text).toBe(
      'Na prośbę lidera grupy roboczej „Gastronomia” usunięto jego dane osobowe, więc grupa nie ma teraz lidera. Zespół Koordynujący wyznacza nowego: przycisk poniżej albo /group leader group:"Gastronomia" leader:@osoba.',
    );
    const ledger = (await t.app.db.dumpTable('Delivery')).filter((d) => d.kind === 'group-leaderless');
    expect(ledger.map((d) => d.status)).toEqual(['sent']);

    // A member of the team presses the notice's button and chooses from the group's people.
    const choose = await t.as('olek').press(notice, 'Wyznacz lidera');
    expect(choose.choices?.options.map((o) => o.label)).toEqual(['anna', 'jan', 'olek', 'zofia']);
    const jan = choose.choices!.options.find((o) => o.label === 'jan')!.value;
    const done = await t.as('olek').choose(choose, [jan]);
    expect(done.text).toBe('Nowy lider grupy „Gastronomia”: <@jan>.');
    const list = await t.as('jan').command('group', 'list');
    expect(list.fields?.find((f) => f.label === 'Gastronomia')?.value).toContain('Lider: <@jan>');
    expect(t.notifier.dmsTo('jan').some((m) => m.title === 'Prowadzisz grupę roboczą „Gastronomia”')).toBe(true);

    // A member cannot press it, and a person outside the group's people cannot be chosen.
    expect((await t.as('ewa').press(notice, 'Wyznacz lidera')).errorId).toBe('core.denied.coordinatingTeam');
    const ewa = (await t.app.db.dumpTable('Person')).find((p) => p.platformUserId === 'ewa')!.id;
    expect((await t.as('anna').action('group', 'setLeader', [String(choose.choices!.action.args![0]), String(ewa)])).errorId).toBe('groups.errors.notALeaderCandidate');
  });

  it('a leader of no group is erased without a word to the team', async () => {
    const overview = await t.as('jan').command('privacy');
    await t.as('jan').press(await t.as('jan').press(overview, 'Usuń moje dane'), 'Tak, usuń nieodwracalnie');
    expect(t.notifier.private.filter((p) => isNotice(p.message) || /nie ma lidera/.test(p.message.title ?? ''))).toEqual([]);
  });
});
