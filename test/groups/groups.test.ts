import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_CLUSTER, type TestApp, appPerTest, castApp } from '../support/harness.ts';
import { groupRemindersJob } from '../../src/jobs/group-reminders.ts';

const DAY = 86_400_000;

async function rows(t: TestApp, table: string, where: Record<string, unknown> = {}) {
  const all = await t.app.db.dumpTable(table);
  return all.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
}

async function group(t: TestApp, name: string) {
  const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
  const g = await t.app.db.groups.byName(cluster.id, name);
  if (!g) throw new Error(`no group ${name}`);
  return g;
}

describe('/group: working groups', () => {
  const t = appPerTest(() =>
    castApp({ kasia: { roles: ['coordinator'] }, ola: { main: 'Fundacja Ola' }, jan: { main: 'Spółdzielnia Socjalna Razem' }, ewa: { supporting: 'Gmina Kolbudy' } }, { start: '2026-03-02T09:00:00Z', jobs: [groupRemindersJob] }),
  );

  const createMarketing = (extra: Record<string, unknown> = {}) =>
    t.as('kasia').command('group', 'create', { name: 'Marketing i promocja', purpose: 'Wspólna promocja ofert członków', leader: 'ola', ...extra });

  describe('creating', () => {
    it('a coordinator creates a group: stored with the default monthly rhythm, audited, mirrored, leader told, leader organisation in it', async () => {
      const reply = await createMarketing();
      expect(reply.tone).toBe('success');
      expect(reply.title).toBe('Utworzono grupę roboczą „Marketing i promocja”');
      expect(reply.text).toContain('co najmniej co 30 dni');

      const g = await group(t, 'Marketing i promocja');
      expect(g).toMatchObject({ purpose: 'Wspólna promocja ofert członków', rhythmDays: 30, requiresApproval: false, status: 'active', emptySince: null });
      const audit = await rows(t, 'AuditEntry', { action: 'group.created', subjectId: g.id });
      expect(audit).toHaveLength(1);
      expect(t.notifier.events).toContainEqual(expect.objectContaining({ type: 'group.created', groupId: g.id, groupName: 'Marketing i promocja' }));
      expect(t.notifier.dmsTo('ola').map((m) => m.title)).toContain('Prowadzisz grupę roboczą „Marketing i promocja”');
      expect(await rows(t, 'GroupMembership', { groupId: g.id, status: 'active' })).toHaveLength(1);
    });

    it('takes the rhythm, end date and approval flag given, the end date in the cluster time zone', async () => {
      const reply = await createMarketing({ rhythm: '14', ends: '2026-12-31', approval: 'tak' });
      expect(reply.text).toContain('Grupa działa do 31.12.2026');
      const g = await group(t, 'Marketing i promocja');
      expect(g.rhythmDays).toBe(14);
      expect(g.requiresApproval).toBe(true);
      // End of 31 December in Warsaw (UTC+1 in winter).
      expect(g.endsAt?.toISOString()).toBe('2026-12-31T22:59:59.999Z');
    });

    it('refuses a member creating a group and stores nothing', async () => {
      const reply = await t.as('jan').command('group', 'create', { name: 'Moja grupa', purpose: 'Cokolwiek', leader: 'jan' });
      expect(reply.errorId).toBe('core.denied.coordinatingTeam');
      expect(await rows(t, 'WorkingGroup')).toHaveLength(0);
    });

    it('refuses a second active group with the same name, whatever the case', async () => {
      await createMarketing();
      const reply = await t.as('kasia').command('group', 'create', { name: 'MARKETING i promocja', purpose: 'Duplikat grupy', leader: 'jan' });
      expect(reply.errorId).toBe('groups.errors.nameTaken');
      expect(await rows(t, 'WorkingGroup')).toHaveLength(1);
    });

    it('refuses an end date that is not a date or has passed', async () => {
      expect((await createMarketing({ ends: '31 grudnia' })).fieldErrors?.ends).toBe('podaj datę, np. 2026-03-20 lub 20.03.2026');
      expect((await createMarketing({ ends: '2026-01-15' })).errorId).toBe('groups.errors.endInPast');
      expect(await rows(t, 'WorkingGroup')).toHaveLength(0);
    });

    it('update changes the purpose and rhythm, audited; a member may not update', async () => {
      await createMarketing();
      expect((await t.as('jan').command('group', 'update', { group: 'marketing i promocja', purpose: 'Inny cel' })).errorId).toBe('core.denied.coordinatingTeam');
      const reply = await t.as('kasia').command('group', 'update', { group: 'marketing i promocja', purpose: 'Kampania „Kupuj społecznie”', rhythm: '21' });
      expect(reply.tone).toBe('success');
      const g = await group(t, 'Marketing i promocja');
      expect(g).toMatchObject({ purpose: 'Kampania „Kupuj społecznie”', rhythmDays: 21 });
      expect(await rows(t, 'AuditEntry', { action: 'group.updated', subjectId: g.id })).toHaveLength(1);
    });
    it('an end date can be removed with "brak"; once a group has ended it takes no new organisations', async () => {
      await createMarketing({ ends: '2026-03-31' });
      expect((await t.as('jan').command('group', 'list')).fields?.[0]?.value).toContain('Działa do 31.03.2026');
      t.clock.set('2026-04-01T08:00:00Z');
      expect((await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' })).errorId).toBe('groups.errors.ended');
      expect((await t.as('jan').command('group', 'join')).text).toContain('Nie ma grupy');
      await t.as('kasia').command('group', 'update', { group: 'Marketing i promocja', ends: 'brak' });
      expect((await group(t, 'Marketing i promocja')).endsAt).toBeNull();
      expect((await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' })).tone).toBe('success');
    });
  });

  describe('joining and leaving', () => {
    it('a representative joins an open group at once: membership, activity, platform event, and /group list shows it', async () => {
      await createMarketing();
      const reply = await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      expect(reply.text).toContain('Organizacja „Spółdzielnia Socjalna Razem” jest teraz w grupie „Marketing i promocja”');
      expect(reply.text).toContain('liczy się jako działanie');

      const g = await group(t, 'Marketing i promocja');
      const jan = (await rows(t, 'Member', { name: 'Spółdzielnia Socjalna Razem' }))[0]!;
      expect(await rows(t, 'GroupMembership', { groupId: g.id, memberId: jan.id, status: 'active' })).toHaveLength(1);
      expect(await rows(t, 'Activity', { memberId: jan.id, source: 'group-join', sourceKey: `group-join:${g.id}:2026` })).toHaveLength(1);
      expect(t.notifier.events).toContainEqual(expect.objectContaining({ type: 'group.joined', groupId: g.id, memberId: jan.id, people: [expect.objectContaining({ platformUserId: 'jan' })] }));

      const list = await t.as('jan').command('group', 'list');
      const field = list.fields?.find((f) => f.label === 'Marketing i promocja');
      expect(field?.value).toContain('Wspólna promocja ofert członków');
      expect(field?.value).toContain('Lider: <@ola>');
      expect(field?.value).toContain('2 organizacje');
      expect(field?.value).toContain('Twoja organizacja jest w tej grupie');
    });

    it('counts joining as an activity once per group per year, even after leaving and rejoining', async () => {
      await createMarketing();
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      t.clock.advance(30 * DAY);
      await t.as('jan').command('group', 'leave', { group: 'Marketing i promocja' });
      t.clock.advance(30 * DAY);
      const again = await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      expect(again.text).not.toContain('liczy się jako działanie');
      const jan = (await rows(t, 'Member', { name: 'Spółdzielnia Socjalna Razem' }))[0]!;
      expect(await rows(t, 'Activity', { memberId: jan.id, source: 'group-join' })).toHaveLength(1);

      // A new calendar year (in Warsaw) counts again.
      await t.as('jan').command('group', 'leave', { group: 'Marketing i promocja' });
      t.clock.set('2026-12-31T23:30:00Z');
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      expect(await rows(t, 'Activity', { memberId: jan.id, source: 'group-join' })).toHaveLength(2);
    });

    it('does not count joining when the cluster does not count group joins', async () => {
      const cluster = await t.app.services.clusters.resolve('console', TEST_CLUSTER);
      await t.app.services.clusters.updateSettings(cluster.id, { autoActivities: ['meeting', 'group-meeting'] });
      await createMarketing();
      const reply = await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      expect(reply.tone).toBe('success');
      expect(await rows(t, 'Activity', { source: 'group-join' })).toHaveLength(0);
    });

    it('an organisation may be in several groups; /group join without a name offers only the groups it is not in', async () => {
      await createMarketing();
      await t.as('kasia').command('group', 'create', { name: 'Gastronomia', purpose: 'Sektor gastronomiczny', leader: 'kasia' });
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      const pick = await t.as('jan').command('group', 'join');
      expect(pick.choices?.options.map((o) => o.label)).toEqual(['Gastronomia']);
      const joined = await t.as('jan').choose(pick, [pick.choices!.options[0]!.value]);
      expect(joined.text).toContain('jest teraz w grupie „Gastronomia”');
      const jan = (await rows(t, 'Member', { name: 'Spółdzielnia Socjalna Razem' }))[0]!;
      expect(await rows(t, 'GroupMembership', { memberId: jan.id, status: 'active' })).toHaveLength(2);
    });

    it('refuses joining twice and leaving a group one is not in', async () => {
      await createMarketing();
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      expect((await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' })).errorId).toBe('groups.errors.alreadyIn');
      expect((await t.as('ewa').command('group', 'leave', { group: 'Marketing i promocja' })).errorId).toBe('groups.errors.notIn');
      expect((await t.as('jan').command('group', 'join', { group: 'Nie ma takiej' })).errorId).toBe('groups.errors.notFound');
    });

    it('someone who represents no organisation cannot join', async () => {
      await createMarketing();
      const reply = await t.as('stranger').command('group', 'join', { group: 'Marketing i promocja' });
      expect(reply.errorId).toBe('core.denied.member');
    });

    it('leaving emits group.left and the last organisation leaving starts the empty period', async () => {
      await t.as('kasia').command('group', 'create', { name: 'Gastronomia', purpose: 'Sektor gastronomiczny', leader: 'kasia' });
      await t.as('jan').command('group', 'join', { group: 'Gastronomia' });
      expect((await group(t, 'Gastronomia')).emptySince).toBeNull();
      t.clock.advance(DAY);
      const reply = await t.as('jan').command('group', 'leave', { group: 'Gastronomia' });
      expect(reply.text).toContain('nie jest już w grupie „Gastronomia”');
      const g = await group(t, 'Gastronomia');
      expect(g.emptySince?.toISOString()).toBe('2026-03-03T09:00:00.000Z');
      expect(t.notifier.events).toContainEqual(expect.objectContaining({ type: 'group.left', groupId: g.id }));
      expect(await rows(t, 'AuditEntry', { action: 'group.left', subjectId: g.id })).toHaveLength(1);
    });

    it('/group members lists the organisations in the group', async () => {
      await createMarketing();
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      const reply = await t.as('ewa').command('group', 'members', { group: 'Marketing i promocja' });
      expect(reply.title).toBe('„Marketing i promocja”: 2 organizacje');
      expect(reply.text).toContain('Fundacja Ola');
      expect(reply.text).toContain('Spółdzielnia Socjalna Razem (od 2.03.2026)');

      const pick = await t.as('ewa').command('group', 'members');
      const viaList = await t.as('ewa').choose(pick, [pick.choices!.options[0]!.value]);
      expect(viaList.title).toBe(reply.title);
    });
  });

  describe('approval flow', () => {
    beforeEach(async () => {
      await createMarketing({ approval: 'true' });
      t.notifier.clear();
    });

    it('a request goes to the leader with Approve / Decline; approving adds the organisation, counts the activity and tells the requester', async () => {
      const reply = await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      expect(reply.text).toContain('trafiła do lidera');
      const g = await group(t, 'Marketing i promocja');
      expect(await rows(t, 'GroupMembership', { groupId: g.id, status: 'pending' })).toHaveLength(1);
      // Only the leader's own organisation counts so far.
      expect(await rows(t, 'Activity', { source: 'group-join' })).toHaveLength(1);

      const [card] = t.notifier.dmsTo('ola');
      expect(card?.text).toContain('<@jan> prosi o dołączenie organizacji „Spółdzielnia Socjalna Razem”');
      expect(card?.buttons?.map((b) => b.label)).toEqual(['Zatwierdź', 'Odrzuć']);

      const list = await t.as('jan').command('group', 'list');
      expect(list.fields?.[0]?.value).toContain('Twoja organizacja czeka na zgodę lidera');

      const decided = await t.as('ola').press(card!, 'Zatwierdź');
      expect(decided.text).toContain('Organizacja „Spółdzielnia Socjalna Razem” dołącza do grupy „Marketing i promocja”');
      const jan = (await rows(t, 'Member', { name: 'Spółdzielnia Socjalna Razem' }))[0]!;
      expect(await rows(t, 'GroupMembership', { groupId: g.id, memberId: jan.id, status: 'active' })).toHaveLength(1);
      expect(await rows(t, 'Activity', { memberId: jan.id, source: 'group-join' })).toHaveLength(1);
      expect(t.notifier.dmsTo('jan').map((m) => m.text)).toContain('✅ Twoja organizacja została przyjęta do grupy „Marketing i promocja”.');
      expect(t.notifier.events).toContainEqual(expect.objectContaining({ type: 'group.joined', memberId: jan.id }));
      expect(await rows(t, 'AuditEntry', { action: 'group.joinApproved', subjectId: g.id })).toHaveLength(1);

      // Pressing the button a second time changes nothing.
      const again = await t.as('ola').press(card!, 'Zatwierdź');
      expect(again.errorId).toBe('groups.errors.alreadyDecided');
    });

    it('a member who leads no group cannot approve; a leader of another group cannot either', async () => {
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      const [card] = t.notifier.dmsTo('ola');

      const byMember = await t.as('ewa').press(card!, 'Zatwierdź');
      expect(byMember.errorId).toBe('core.denied.groupLeader');

      await t.as('kasia').command('group', 'create', { name: 'Gastronomia', purpose: 'Sektor gastronomiczny', leader: 'ewa' });
      const byOtherLeader = await t.as('ewa').press(card!, 'Zatwierdź');
      expect(byOtherLeader.errorId).toBe('groups.errors.notLeader');

      const g = await group(t, 'Marketing i promocja');
      expect(await rows(t, 'GroupMembership', { groupId: g.id, status: 'pending' })).toHaveLength(1);
    });

    it('the coordinator may decide instead of the leader; declining tells the requester and leaves the organisation out', async () => {
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      const [card] = t.notifier.dmsTo('ola');
      const decided = await t.as('kasia').press(card!, 'Odrzuć');
      expect(decided.text).toContain('została odrzucona');
      const g = await group(t, 'Marketing i promocja');
      expect(await rows(t, 'GroupMembership', { groupId: g.id, status: 'declined' })).toHaveLength(1);
      expect(t.notifier.dmsTo('jan').map((m) => m.text).join('\n')).toContain('nie przyjął tym razem');
      expect(await rows(t, 'Activity', { source: 'group-join' })).toHaveLength(1);
      // A declined organisation may ask again.
      expect((await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' })).text).toContain('trafiła do lidera');
    });

    it('after a change of leader, the new leader decides and the old one no longer may', async () => {
      await t.as('kasia').command('group', 'leader', { group: 'Marketing i promocja', leader: 'ewa' });
      expect(t.notifier.dmsTo('ewa').map((m) => m.title)).toContain('Prowadzisz grupę roboczą „Marketing i promocja”');
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      const [card] = t.notifier.dmsTo('ewa').filter((m) => m.buttons);
      expect(card).toBeDefined();
      expect((await t.as('ola').press(card!, 'Zatwierdź')).errorId).toBe('core.denied.groupLeader');
      expect((await t.as('ewa').press(card!, 'Zatwierdź')).tone).toBe('success');
      const g = await group(t, 'Marketing i promocja');
      expect(await rows(t, 'AuditEntry', { action: 'group.leaderChanged', subjectId: g.id })).toHaveLength(1);
    });
  });

  describe('dissolving', () => {
    it('needs a reason; dissolving tells every organisation, ends memberships, is audited and mirrored', async () => {
      await createMarketing();
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });
      t.notifier.clear();

      const noReason = await t.as('kasia').command('group', 'dissolve', { group: 'Marketing i promocja' });
      expect(noReason.errorId).toBe('core.errors.invalidOptions');
      expect(noReason.fieldErrors?.reason).toBeDefined();
      expect((await group(t, 'Marketing i promocja')).status).toBe('active');

      const byMember = await t.as('jan').command('group', 'dissolve', { group: 'Marketing i promocja', reason: 'Nie chcę tej grupy' });
      expect(byMember.errorId).toBe('core.denied.coordinatingTeam');

      const reply = await t.as('kasia').command('group', 'dissolve', { group: 'Marketing i promocja', reason: 'Cele zrealizowane w ramach kampanii' });
      expect(reply.text).toContain('została rozwiązana. Powiadomiono 2 osoby');
      const g = await group(t, 'Marketing i promocja');
      expect(g).toMatchObject({ status: 'dissolved', dissolvedReason: 'Cele zrealizowane w ramach kampanii' });
      expect(await rows(t, 'GroupMembership', { groupId: g.id, status: 'active' })).toHaveLength(0);
      for (const user of ['jan', 'ola']) {
        expect(t.notifier.dmsTo(user).map((m) => m.text).join('\n')).toContain('Uzasadnienie: Cele zrealizowane w ramach kampanii');
      }
      const event = t.notifier.events.find((e) => e.type === 'group.dissolved');
      expect(event?.people.map((p) => p.platformUserId).sort()).toEqual(['jan', 'ola']);
      const audit = await rows(t, 'AuditEntry', { action: 'group.dissolved', subjectId: g.id });
      expect(audit[0]?.reason).toBe('Cele zrealizowane w ramach kampanii');

      expect((await t.as('ewa').command('group', 'join', { group: 'Marketing i promocja' })).errorId).toBe('groups.errors.notFound');
      expect((await t.as('ewa').command('group', 'list')).text).toContain('nie ma jeszcze grup');
      // The name is free again for a new group.
      expect((await createMarketing()).tone).toBe('success');
    });
  });

  describe('meetings and attendance', () => {
    it('the leader schedules a meeting shown in /group list, then records attendance that counts as activity once', async () => {
      await createMarketing();
      await t.as('jan').command('group', 'join', { group: 'Marketing i promocja' });

      expect((await t.as('jan').command('group', 'meeting', { group: 'Marketing i promocja', starts: '2026-03-10 17:00' })).errorId).toBe('core.denied.groupLeader');
      expect((await t.as('ola').command('group', 'meeting', { group: 'Marketing i promocja', starts: '10.03.2026' })).fieldErrors?.starts).toBe('podaj datę i godzinę, np. 2026-03-20 10:00 lub 20.03.2026 10.00');

      const scheduled = await t.as('ola').command('group', 'meeting', { group: 'Marketing i promocja', starts: '2026-03-10 17:00', place: 'Gdańsk' });
      expect(scheduled.text).toContain('10.03.2026, 17:00');
      const list = await t.as('jan').command('group', 'list');
      expect(list.fields?.[0]?.value).toContain('Najbliższe spotkanie: 10.03.2026, 17:00');

      t.clock.set('2026-03-10T18:30:00Z');
      const sheet = await t.as('ola').command('group', 'attendance', { group: 'Marketing i promocja' });
      expect(sheet.choices?.options.map((o) => o.label)).toEqual(['Fundacja Ola', 'Spółdzielnia Socjalna Razem']);
      const jan = sheet.choices!.options.find((o) => o.label === 'Spółdzielnia Socjalna Razem')!.value;
      const recorded = await t.as('ola').choose(sheet, [jan]);
      expect(recorded.tone).toBe('success');
      expect(await rows(t, 'Attendance', { memberId: jan })).toHaveLength(1);
      expect(await rows(t, 'Activity', { memberId: jan, source: 'group-meeting' })).toHaveLength(1);

      await t.as('ola').choose(sheet, [jan]);
      expect(await rows(t, 'Activity', { memberId: jan, source: 'group-meeting' })).toHaveLength(1);
    });
  });

  describe('scheduler', () => {
    it('reminds the leader once when the group has gone more than 35 days without a meeting, and again after the next gap', async () => {
      await createMarketing();
      t.notifier.clear();
      const gapReminders = () => t.notifier.dmsTo('ola').filter((m) => m.title === 'Grupa „Marketing i promocja” dawno się nie spotkała');

      t.clock.set('2026-04-05T09:00:00Z'); // 34 days after creation
      await t.runJobs();
      expect(gapReminders()).toHaveLength(0);

      t.clock.set('2026-04-07T10:00:00Z'); // 36 days
      await t.runJobs();
      await t.runJobs();
      expect(gapReminders()).toHaveLength(1);
      expect(gapReminders()[0]?.text).toContain('nie miała jeszcze spotkania');

      // A meeting is held; the next gap is counted from it and gets its own reminder.
      await t.as('ola').command('group', 'meeting', { group: 'Marketing i promocja', starts: '2026-04-08 17:00' });
      t.clock.set('2026-05-10T09:00:00Z');
      await t.runJobs();
      expect(gapReminders()).toHaveLength(1);
      t.clock.set('2026-05-14T09:00:00Z');
      await t.runJobs();
      expect(gapReminders()).toHaveLength(2);
      expect(gapReminders()[1]?.text).toContain('(8.04.2026)');
      t.clock.set('2026-06-20T09:00:00Z');
      await t.runJobs();
      expect(gapReminders()).toHaveLength(2);
    });

    it('writes the reminder in the leader\'s own language', async () => {
      await createMarketing();
      await t.as('ola', { locale: 'en-GB' }).command('group', 'list');
      t.notifier.clear();
      t.clock.set('2026-04-10T09:00:00Z');
      await t.runJobs();
      const [reminder] = t.notifier.dmsTo('ola');
      expect(reminder?.title).toBe('"Marketing i promocja" has not met for a while');
      expect(reminder?.text).toContain('has existed for 39 days without a meeting');
    });

    it('follows the group\'s own rhythm: a fortnightly group is reminded after 14 + 5 days', async () => {
      await createMarketing({ rhythm: '14' });
      t.notifier.clear();
      t.clock.set('2026-03-20T09:00:00Z'); // 18 days
      await t.runJobs();
      expect(t.notifier.dmsTo('ola')).toHaveLength(0);
      t.clock.set('2026-03-22T09:00:00Z'); // 20 days
      await t.runJobs();
      expect(t.notifier.dmsTo('ola').map((m) => m.title)).toEqual(['Grupa „Marketing i promocja” dawno się nie spotkała']);
    });

    it('does not remind while a meeting is already scheduled', async () => {
      await createMarketing();
      await t.as('ola').command('group', 'meeting', { group: 'Marketing i promocja', starts: '2026-05-20 17:00' });
      t.notifier.clear();
      t.clock.set('2026-04-20T09:00:00Z');
      await t.runJobs();
      expect(t.notifier.dmsTo('ola')).toHaveLength(0);
    });

    it('flags a group empty for more than 60 days to the Coordinating Team once', async () => {
      await t.given('tomek', { roles: ['team'] });
      // The coordinator leads it and represents no organisation: the group starts empty.
      await t.as('kasia').command('group', 'create', { name: 'Gastronomia', purpose: 'Sektor gastronomiczny', leader: 'kasia' });
      // Keep the leader reminder out of the way.
      await t.as('kasia').command('group', 'meeting', { group: 'Gastronomia', starts: '2026-12-01 17:00' });
      t.notifier.clear();
      const flags = (user: string) => t.notifier.dmsTo(user).filter((m) => m.title === 'Grupa „Gastronomia” nie ma członków');

      t.clock.set('2026-04-30T09:00:00Z'); // 59 days
      await t.runJobs();
      expect(flags('kasia')).toHaveLength(0);

      t.clock.set('2026-05-03T09:00:00Z'); // 62 days
      await t.runJobs();
      await t.runJobs();
      expect(flags('kasia')).toHaveLength(1);
      expect(flags('tomek')).toHaveLength(1);
      expect(flags('jan')).toHaveLength(0);

      // Someone joins and leaves: a new empty period, flagged again after another 60 days.
      await t.as('jan').command('group', 'join', { group: 'Gastronomia' });
      await t.as('jan').command('group', 'leave', { group: 'Gastronomia' });
      t.clock.set('2026-06-01T09:00:00Z');
      await t.runJobs();
      expect(flags('kasia')).toHaveLength(1);
      t.clock.set('2026-07-03T09:00:00Z');
      await t.runJobs();
      expect(flags('kasia')).toHaveLength(2);
    });
  });
});
