import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clusterId, memberSince, workingGroup } from './support.ts';

describe('/meeting', () => {
  let t: TestApp;
  let razem: string;
  let pomorze: string;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-05-04T10:00:00Z', jobs: [] });
    await t.given('anna', { roles: ['coordinator'] });
    await t.given('olek', { roles: ['operator'] });
    razem = await memberSince(t, 'jan', 'Spółdzielnia Socjalna Razem', '2025-01-01T00:00:00Z');
    pomorze = await memberSince(t, 'ewa', 'Fundacja Pomorze', '2025-01-01T00:00:00Z');
    await t.given('lider', {});
    await workingGroup(t, 'Gastronomia', 'lider', [razem]);
  });
  afterEach(() => t.close());

  it('the coordinator schedules a network meeting in local time, announced with attend buttons', async () => {
    const reply = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '17:30', place: 'Gdańsk, ul. Długa 1', agenda: 'Plan na III kwartał' });
    expect(reply.title).toBe('Zaplanowano: Spotkanie robocze sieci');
    expect(reply.fields?.[0]?.label).toBe('Spotkanie robocze sieci · 10.06.2026, 17:30');
    expect(reply.buttons?.map((b) => b.label)).toEqual(['Będę', 'Nie będę']);
    const [row] = await t.app.db.dumpTable('Meeting');
    expect(new Date(row!.startsAt as string | number).toISOString()).toBe('2026-06-10T15:30:00.000Z');
  });

  it('network, team and General Meetings are the coordinator’s; the operator and members are told who plans them', async () => {
    const operator = await t.as('olek').command('meeting', 'schedule', { kind: 'general', date: '2026-06-10', time: '17:30', place: 'Gdańsk' });
    expect(operator.errorId).toBe('meetings.errors.coordinatorOnly');
    const member = await t.as('jan').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '17:30', place: 'Gdańsk' });
    expect(member.errorId).toBe('core.denied.groupLeader');
  });

  it('a group leader schedules its own group’s meeting, not another’s', async () => {
    await t.given('inny', {});
    await workingGroup(t, 'Marketing', 'inny');
    const own = await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-05-20', time: '12:00', place: 'Sopot' });
    expect(own.title).toBe('Zaplanowano: Spotkanie grupy „Gastronomia”');
    const other = await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Marketing', date: '2026-05-20', time: '12:00', place: 'Sopot' });
    expect(other.errorId).toBe('meetings.errors.notGroupLeader');
    const none = await t.as('lider').command('meeting', 'schedule', { kind: 'group', date: '2026-05-20', time: '12:00', place: 'Sopot' });
    expect(none.errorId).toBe('meetings.errors.groupRequired');
  });

  it('refuses a time in the past or an impossible date', async () => {
    const past = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-05-04', time: '11:59', place: 'Gdańsk' });
    expect(past.errorId).toBe('meetings.errors.inPast');
    const impossible = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-02-30', time: '10:00', place: 'Gdańsk' });
    expect(impossible.fieldErrors?.date).toBe('podaj datę, np. 2026-03-20 lub 20.03.2026');
    expect(await t.app.db.dumpTable('Meeting')).toHaveLength(0);
  });

  it('members answer attend / not attend for their organisation; /meeting list counts the answers', async () => {
    const announced = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-06-10', time: '17:30', place: 'Gdańsk' });
    expect((await t.as('jan').press(announced, 'Będę')).text).toBe('Zapisano: organizacja „Spółdzielnia Socjalna Razem” będzie na spotkaniu „Spotkanie robocze sieci”.');
    await t.as('ewa').press(announced, 'Nie będę');
    await t.as('jan').press(announced, 'Nie będę');
    await t.as('jan').press(announced, 'Będę');
    const list = await t.as('ewa').command('meeting', 'list');
    expect(list.fields?.[0]?.value).toContain('Będą: 1 · nie będą: 1');
    const stranger = await t.as('obcy').press(announced, 'Będę');
    expect(stranger.errorId).toBe('core.denied.member');
  });

  it('/meeting list hides group meetings from organisations outside the group', async () => {
    await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-05-20', time: '12:00', place: 'Sopot' });
    expect((await t.as('jan').command('meeting', 'list')).fields).toHaveLength(1);
    expect((await t.as('ewa').command('meeting', 'list')).text).toBe('Brak zaplanowanych spotkań.');
  });

  it('the coordinator records attendance from a choice list; each organisation gets the meeting as one activity', async () => {
    const announced = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-05-06', time: '17:00', place: 'Gdańsk' });
    await t.as('jan').press(announced, 'Będę');
    const meetingId = String((await t.app.db.dumpTable('Meeting'))[0]!.id);
    const early = await t.as('anna').command('meeting', 'attendance', { meeting: meetingId });
    expect(early.errorId).toBe('meetings.errors.notYetHeld');
    t.clock.set('2026-05-06T18:00:00Z');
    const choose = await t.as('anna').command('meeting', 'attendance', { meeting: meetingId });
    expect(choose.choices?.options.map((o) => [o.label, o.description])).toEqual([
      ['Fundacja Pomorze', undefined],
      ['Spółdzielnia Socjalna Razem', 'obecność zapowiedziana'],
    ]);
    const done = await t.as('anna').choose(choose, [razem, pomorze]);
    expect(done.text).toContain('Zapisano obecność 2 organizacji');
    // Recorded again (a second click): still one activity each.
    await t.as('anna').command('meeting', 'attendance', { meeting: meetingId, members: 'Spółdzielnia Socjalna Razem; fundacja pomorze' });
    const activities = await t.app.db.dumpTable('Activity');
    expect(activities.map((a) => [a.memberId, a.source, a.status]).sort()).toEqual([[pomorze, 'meeting', 'confirmed'], [razem, 'meeting', 'confirmed']].sort());
    expect((await t.as('jan').command('activity', 'status')).text).toContain('1 z 2 działań w 2026');
    const unknown = await t.as('anna').command('meeting', 'attendance', { meeting: meetingId, members: 'Nieznana Spółdzielnia' });
    expect(unknown.errorId).toBe('meetings.errors.notInvited');
    expect(unknown.text).toContain('Nieznana Spółdzielnia');
  });

  it('only organisations invited to a group’s meeting can be recorded present, by name, by list or by the service, from either command', async () => {
    await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-05-05', time: '12:00', place: 'Sopot' });
    const meetingId = String((await t.app.db.dumpTable('Meeting'))[0]!.id);
    t.clock.set('2026-05-06T10:00:00Z');
    const nothingRecorded = async () => {
      expect(await t.app.db.dumpTable('Attendance')).toEqual([]);
      expect(await t.app.db.dumpTable('Activity')).toEqual([]);
    };

    // By name: Fundacja Pomorze is an active member of the cluster, but not of the group.
    for (const who of ['anna', 'lider']) {
      const byName = await t.as(who).command('meeting', 'attendance', { meeting: meetingId, members: 'Spółdzielnia Socjalna Razem; Fundacja Pomorze' });
      expect(byName.errorId, byName.text).toBe('meetings.errors.notInvited');
      expect(byName.text).toBe(
        'Tych organizacji nie zaproszono na to spotkanie: Fundacja Pomorze. Obecność zapisuje się tylko zaproszonym organizacjom (na spotkaniu grupy – jej członkom). Sprawdź nazwy (rozdzielone średnikiem) albo wywołaj polecenie bez opcji members, aby wybrać z listy.',
      );
    }
    // By a forged list choice, on either button.
    for (const action of ['attended', 'attend'] as const) {
      const command = action === 'attended' ? 'meeting' : 'group';
      const forged = await t.as('lider').action(command, action, [meetingId, pomorze]);
      expect(forged.errorId, forged.text).toBe('meetings.errors.notInvited');
    }
    // In the service itself, whoever calls it.
    const cluster = await t.app.services.clusters.resolve('console', 'test-cluster');
    const coordinator = await t.app.services.people.actor(cluster, { id: 'anna', displayName: 'anna' });
    await expect(t.app.services.meetings.recordAttendance(cluster, coordinator, meetingId, { ids: [pomorze] })).rejects.toMatchObject({ id: 'meetings.errors.notInvited' });
    await nothingRecorded();

    // Both commands offer the same list, of the group's organisations, and come back to the same button.
    const viaMeeting = await t.as('lider').command('meeting', 'attendance', { meeting: meetingId });
    const viaGroup = await t.as('lider').command('group', 'attendance', { group: 'Gastronomia' });
    for (const list of [viaMeeting, viaGroup]) {
      expect(list.choices?.options.map((o) => o.label)).toEqual(['Spółdzielnia Socjalna Razem']);
      expect(list.choices?.action).toEqual({ command: 'meeting', action: 'attended', args: [meetingId] });
    }
    const done = await t.as('lider').choose(viaGroup, [razem]);
    expect(done.text).toContain('Zapisano obecność 1 organizacji');
    expect((await t.app.db.dumpTable('Activity')).map((a) => [a.memberId, a.source])).toEqual([[razem, 'group-meeting']]);
  });

  it('attendance is not counted when the cluster does not count meetings', async () => {
    await t.app.services.clusters.updateSettings(await clusterId(t), { autoActivities: ['barter'] });
    await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-05-06', time: '17:00', place: 'Gdańsk' });
    const meetingId = String((await t.app.db.dumpTable('Meeting'))[0]!.id);
    t.clock.set('2026-05-06T18:00:00Z');
    const done = await t.as('anna').command('meeting', 'attendance', { meeting: meetingId, members: 'Fundacja Pomorze' });
    expect(done.text).toContain('0 z nich');
    expect(await t.app.db.dumpTable('Attendance')).toHaveLength(1);
    expect(await t.app.db.dumpTable('Activity')).toHaveLength(0);
  });

  it('a group leader records attendance at its group’s meeting but not at a network meeting', async () => {
    await t.as('lider').command('meeting', 'schedule', { kind: 'group', group: 'Gastronomia', date: '2026-05-05', time: '12:00', place: 'Sopot' });
    await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-05-05', time: '17:00', place: 'Gdańsk' });
    const [group, network] = await t.app.db.dumpTable('Meeting');
    t.clock.set('2026-05-06T10:00:00Z');
    const ok = await t.as('lider').command('meeting', 'attendance', { meeting: String(group!.id), members: 'Spółdzielnia Socjalna Razem' });
    expect(ok.tone).toBe('success');
    expect((await t.app.db.dumpTable('Activity'))[0]).toMatchObject({ memberId: razem, source: 'group-meeting', kind: 'working-group' });
    const refused = await t.as('lider').command('meeting', 'attendance', { meeting: String(network!.id), members: 'Fundacja Pomorze' });
    expect(refused.errorId).toBe('meetings.errors.attendanceNotAllowed');
  });
});
