import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { cluster, fieldsOf, generalMeeting, latestMotionId, orgOf } from './support.ts';
import { applicationForm } from '../membership/support.ts';

describe('General Meeting voting', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    await t.given('koord', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ola', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('piotr', { main: 'Fundacja Horyzont' });
    await t.given('marta', { main: 'CIS Wejherowo' });
    await generalMeeting(t);
  });
  afterEach(() => t.close());

  async function createMotion(options: Record<string, unknown> = {}) {
    const reply = await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 19:00', ...options });
    // A secret ballot among these three organisations is warned about: fewer than k = 5.
    expect(reply.tone, reply.text).toBe(options.secret ? 'warning' : 'success');
    if (options.secret) expect(reply.text).toContain('głos mogą oddać tylko 3 organizacje');
    return latestMotionId(t);
  }

  describe('who votes', () => {
    it('a main member in good standing gets the ballot and a private receipt with motion, choice and time', async () => {
      await createMotion();
      const ballot = await t.as('jan').command('vote');
      expect(ballot.title).toBe('Plan działań na 2026');
      expect(ballot.buttons?.map((b) => b.label)).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);
      const receipt = await t.as('jan').press(ballot, 'Za');
      expect(receipt.private).toBe(true);
      expect(receipt.title).toBe('Potwierdzenie oddania głosu');
      expect(fieldsOf(receipt)).toMatchObject({ Uchwała: 'Plan działań na 2026', 'Twój wybór': 'Za', Czas: '10.03.2026, 16:00', Organizacja: 'Spółdzielnia Socjalna Razem' });
    });

    it('a supporting member is refused with the reason: supporting members never vote', async () => {
      await t.given('ewa', { supporting: 'Gmina Kolbudy' });
      await createMotion();
      const reply = await t.as('ewa').command('vote');
      // PKES model: the gate lets members in good standing through, the cluster's rule refuses the category.
      expect(reply.errorId).toBe('governance.errors.supporting');
      expect(reply.text).toContain('Członkowie wspierający nie głosują');
    });

    it('a suspended main member is refused and pointed to the appeal', async () => {
      await t.given('zyg', { main: 'Stowarzyszenie Zawieszone', status: 'suspended' });
      await createMotion();
      const reply = await t.as('zyg').command('vote');
      expect(reply.errorId).toBe('core.denied.suspended');
      expect(reply.text).toContain('/appeal');
    });

    it('a candidate whose application is still open is told only admitted main members vote', async () => {
      const applied = await t.as('kandydat').form('apply', applicationForm({ org_name: 'Spółdzielnia Kandydująca' }));
      expect(applied.tone, applied.text).toBe('success');
      await createMotion();
      const reply = await t.as('kandydat').command('vote');
      expect(reply.errorId).toBe('core.denied.voter');
      expect(reply.text).toContain('po przyjęciu');
    });

    it('the suspended and supporting organisations are not on the eligible list fixed at opening', async () => {
      await t.given('zyg', { main: 'Stowarzyszenie Zawieszone', status: 'suspended' });
      await t.given('ewa', { supporting: 'Gmina Kolbudy' });
      const motionId = await createMotion();
      const status = await t.as('koord').command('motion', 'status', { motion: motionId });
      expect(fieldsOf(status)['Frekwencja']).toBe('0 z 3 uprawnionych organizacji (kworum: 2)');
    });

    it('an organisation accepted after voting opened does not vote on that motion, but does on a later one', async () => {
      const first = await createMotion();
      await t.given('nowy', { main: 'Nowa Spółdzielnia' });
      const ballot = await t.as('nowy').command('vote');
      expect(ballot.buttons ?? []).toHaveLength(0);
      expect(ballot.text).toContain('Organizacji „Nowa Spółdzielnia” nie ma na liście uprawnionych');
      const forced = await t.as('nowy').action('vote', 'cast', [first, await orgOf(t, 'nowy'), 'n', '0']);
      expect(forced.errorId).toBe('governance.errors.notEligible');

      const second = await createMotion({ title: 'Budżet 2026' });
      const receipt = await t.as('nowy').action('vote', 'cast', [second, await orgOf(t, 'nowy'), 'n', '0']);
      expect(receipt.title).toBe('Potwierdzenie oddania głosu');
    });
  });

  describe('one vote per organisation', () => {
    it('two representatives racing at the same moment: exactly one vote counts, the other sees its organisation voted', async () => {
      const motionId = await createMotion({ change: false });
      const [janBallot, olaBallot] = await Promise.all([t.as('jan').command('vote'), t.as('ola').command('vote')]);
      const replies = await Promise.all([t.as('jan').press(janBallot, 'Za'), t.as('ola').press(olaBallot, 'Przeciw')]);
      const receipts = replies.filter((r) => r.title === 'Potwierdzenie oddania głosu');
      const refused = replies.filter((r) => r.errorId === 'governance.errors.alreadyVoted');
      expect(receipts).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.text).toContain('Organizacja „Spółdzielnia Socjalna Razem” już zagłosowała');
      const org = await orgOf(t, 'jan');
      const participation = (await t.app.db.dumpTable('VoteParticipation')).filter((r) => r.motionId === motionId);
      expect(participation).toHaveLength(1);
      expect(participation[0]!.memberId).toBe(org);
      expect((await t.app.db.dumpTable('OpenVote')).filter((r) => r.motionId === motionId)).toHaveLength(1);
    });

    it("the second representative's press is answered from one read, without opening a write transaction", async () => {
      const motionId = await createMotion({ change: false });
      const janBallot = await t.as('jan').command('vote');
      const olaBallot = await t.as('ola').command('vote');
      await t.as('jan').press(janBallot, 'Za');
      const transaction = vi.spyOn(t.app.db, 'transaction');
      try {
        const late = await t.as('ola').press(olaBallot, 'Przeciw');
        expect(late.errorId).toBe('governance.errors.alreadyVoted');
        expect(late.text).toContain('Organizacja „Spółdzielnia Socjalna Razem” już zagłosowała');
        const again = await t.as('ola').action('vote', 'cast', [motionId, await orgOf(t, 'ola'), 'c', '1']);
        expect(again.errorId).toBe('governance.errors.changeNotAllowed');
        expect(transaction).not.toHaveBeenCalled();
      } finally {
        transaction.mockRestore();
      }
      expect((await t.app.db.dumpTable('OpenVote')).filter((r) => r.motionId === motionId).map((v) => v.choice)).toEqual(['["yes"]']);
    });

    it('a second representative sees the organisation voted and may change the vote until close', async () => {
      const motionId = await createMotion();
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      const ballot = await t.as('ola').command('vote');
      expect(ballot.text).toContain('Twoja organizacja zagłosowała 10.03.2026, 16:00: Za.');
      expect(ballot.text).toContain('możesz zmienić głos');
      const changed = await t.as('ola').press(ballot, 'Przeciw');
      expect(changed.title).toBe('Potwierdzenie zmiany głosu');
      const votes = (await t.app.db.dumpTable('OpenVote')).filter((r) => r.motionId === motionId);
      expect(votes.map((v) => v.choice)).toEqual(['["no"]']);

      await t.as('koord').command('motion', 'close', { motion: motionId });
      const late = await t.as('ola').action('vote', 'cast', [motionId, await orgOf(t, 'ola'), 'c', '0']);
      expect(late.errorId).toBe('governance.errors.closed');
    });

    it('a motion that does not allow changes refuses a second vote and says so', async () => {
      const motionId = await createMotion({ change: false });
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      const ballot = await t.as('ola').command('vote');
      expect(ballot.buttons ?? []).toHaveLength(0);
      expect(ballot.text).toContain('nie można zmienić');
      const forced = await t.as('ola').action('vote', 'cast', [motionId, await orgOf(t, 'ola'), 'c', '1']);
      expect(forced.errorId).toBe('governance.errors.changeNotAllowed');
    });

    it('a secret vote cannot be changed, and the message explains why', async () => {
      const motionId = await createMotion({ secret: true });
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      const ballot = await t.as('ola').command('vote');
      expect(ballot.text).toContain('Twoja organizacja już zagłosowała.');
      expect(ballot.text).toContain('nie da się go zmienić ani odczytać');
      const forced = await t.as('ola').action('vote', 'cast', [motionId, await orgOf(t, 'ola'), 'c', '1']);
      expect(forced.errorId).toBe('governance.errors.secretNoChange');
    });

    it('voting counts as one activity per meeting, however many motions an organisation votes on', async () => {
      await createMotion();
      await createMotion({ title: 'Budżet 2026' });
      const list = await t.as('jan').command('vote');
      expect(list.buttons).toHaveLength(2);
      for (const i of [0, 1]) {
        const ballot = await t.as('jan').press(list, i);
        await t.as('jan').press(ballot, 'Za');
      }
      const activities = (await t.app.db.dumpTable('Activity')).filter((a) => a.source === 'vote');
      expect(activities).toHaveLength(1);
      expect(activities[0]!.memberId).toBe(await orgOf(t, 'jan'));
    });
  });

  describe('secret ballots', () => {
    it('no table row and no log line links an organisation to its choice; the tally holds counts only', async () => {
      const motionId = await createMotion({ secret: true });
      const choices: Record<string, string> = { jan: 'Za', piotr: 'Przeciw', marta: 'Wstrzymuję się' };
      for (const [user, label] of Object.entries(choices)) {
        const receipt = await t.as(user).press(await t.as(user).command('vote'), label);
        // The receipt is the one place the choice is shown.
        expect(fieldsOf(receipt)['Twój wybór']).toBe(label);
        expect(receipt.text).toContain('Twój wybór widać tylko w tym potwierdzeniu');
      }
      await t.as('koord').command('motion', 'status', { motion: motionId });
      await t.as('koord').command('motion', 'close', { motion: motionId });
      await t.as('koord').command('motion', 'status', { motion: motionId });

      const c = await cluster(t);
      const voters = await Promise.all(['jan', 'piotr', 'marta'].map(async (u) => {
        const person = await t.app.services.people.ensure(c.id, u, u);
        return [person.id, await orgOf(t, u), u];
      }));
      const identifiers = voters.flat();
      // A choice stored as a bare value or inside JSON, or as a Polish label.
      const choiceValue = /^(yes|no|abstain)$|"(yes|no|abstain)"|\bZa\b|Przeciw|Wstrzymuję/;

      const tables = await t.app.db.tableNames();
      expect(tables).toEqual(expect.arrayContaining(['VoteParticipation', 'SecretTally', 'OpenVote', 'AuditEntry', 'Activity', 'Delivery']));
      for (const table of tables) {
        for (const row of await t.app.db.dumpTable(table)) {
          const values = Object.values(row).map((v) => String(v));
          const namesVoter = values.some((v) => identifiers.some((id) => v.includes(id)));
          if (!namesVoter) continue;
          const leaking = values.filter((v) => choiceValue.test(v) && !identifiers.some((id) => v === id));
          expect(leaking, `${table}: ${JSON.stringify(row)}`).toEqual([]);
        }
      }
      expect((await t.app.db.dumpTable('OpenVote')).filter((r) => r.motionId === motionId)).toHaveLength(0);
      const tally = (await t.app.db.dumpTable('SecretTally')).filter((r) => r.motionId === motionId);
      expect(tally.map((r) => [r.option, Number(r.count)]).sort()).toEqual([['abstain', 1], ['no', 1], ['yes', 1]]);
      expect(Object.keys(tally[0]!).sort()).toEqual(['count', 'id', 'motionId', 'option']);

      for (const line of t.logs.raw) {
        if (identifiers.some((id) => line.includes(id))) expect(line, line).not.toMatch(/"(yes|no|abstain)"|\bZa\b|Przeciw|Wstrzymuję/);
        expect(line).not.toMatch(/"choice"/);
      }
      // The announcement has counts, never names.
      const post = t.notifier.channel.find((p) => p.channel === 'announcements' && p.message.title?.startsWith('Wynik głosowania'))!;
      const shown = JSON.stringify(post.message);
      for (const org of ['Spółdzielnia Socjalna Razem', 'Fundacja Horyzont', 'CIS Wejherowo']) expect(shown).not.toContain(org);
    });
  });

  describe('quorum, live status and close', () => {
    it('live status shows turnout and how many more votes quorum needs; early close without quorum is marked so and not passed', async () => {
      const motionId = await createMotion({ quorum: 60 });
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      const status = await t.as('koord').command('motion', 'status', { motion: motionId });
      const f = fieldsOf(status);
      expect(f['Frekwencja']).toBe('1 z 3 uprawnionych organizacji (kworum: 2)');
      expect(f['Kworum']).toBe('brakuje jeszcze 1 głosu do kworum');
      expect(f['Jeszcze nie głosowały']).toBe('CIS Wejherowo, Fundacja Horyzont');

      const closed = await t.as('koord').command('motion', 'close', { motion: motionId });
      expect(closed.text).toContain('Brak kworum');
      const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
      expect(row!.status).toBe('closed');
      expect(JSON.parse(String(row!.result))).toMatchObject({ outcome: 'noQuorum', passed: false, quorumMet: false, voted: 1, eligible: 3 });
      const posts = t.notifier.channel.filter((p) => p.channel === 'announcements' && p.message.title?.startsWith('Wynik głosowania'));
      expect(posts).toHaveLength(1);
      expect(posts[0]!.message.text).toBe('Brak kworum – uchwała nie została przyjęta.');
      expect(fieldsOf(posts[0]!.message)['Kworum']).toBe('nieosiągnięte');
    });

    it('a motion with quorum and a simple majority passes; the result with counts goes to the announcements channel', async () => {
      const motionId = await createMotion();
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      await t.as('piotr').press(await t.as('piotr').command('vote'), 'Za');
      await t.as('marta').press(await t.as('marta').command('vote'), 'Przeciw');
      await t.as('koord').command('motion', 'close', { motion: motionId });
      const post = t.notifier.channel.find((p) => p.channel === 'announcements' && p.message.title?.startsWith('Wynik głosowania'))!;
      expect(post.message.title).toBe('Wynik głosowania: Plan działań na 2026');
      expect(post.message.text).toBe('Uchwała została przyjęta.');
      expect(fieldsOf(post.message)['Głosy']).toBe('Za: 2, Przeciw: 1, Wstrzymuję się: 0');
    });

    it("the cluster's abstention rule is fixed on the motion: counted abstentions sink a simple majority of one yes", async () => {
      const c = await cluster(t);
      await t.app.services.clusters.updateSettings(c.id, { abstentionsCount: true });
      const motionId = await createMotion();
      await t.app.services.clusters.updateSettings(c.id, { abstentionsCount: false });
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      await t.as('piotr').press(await t.as('piotr').command('vote'), 'Wstrzymuję się');
      await t.as('koord').command('motion', 'close', { motion: motionId });
      const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
      expect(JSON.parse(String(row!.result))).toMatchObject({ abstentionsCount: true, counted: 2, quorumMet: true, outcome: 'rejected' });
    });

    it('reminds only the organisations that have not voted, a day before close, once', async () => {
      await createMotion({ closes: '2026-03-12 16:00' });
      await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
      await t.runJobs('2026-03-10T16:00:00Z');
      expect(t.notifier.private.filter((p) => p.message.title === 'Przypomnienie o głosowaniu')).toHaveLength(0);
      t.clock.set('2026-03-11T16:00:00Z');
      await t.runJobs();
      await t.runJobs();
      const reminded = t.notifier.private.filter((p) => p.message.title === 'Przypomnienie o głosowaniu').map((p) => p.to.platformUserId).sort();
      expect(reminded).toEqual(['marta', 'piotr']);
    });

    it('a motion with several options takes a choice list and records the chosen options', async () => {
      const motionId = await createMotion({ ballot: 'multiple', choices: 'Szkolenia; Targi; Portal', majority: 'simple' });
      const ballot = await t.as('jan').command('vote');
      expect(ballot.choices?.options.map((o) => o.label)).toEqual(['Szkolenia', 'Targi', 'Portal']);
      const receipt = await t.as('jan').choose(ballot, ['0', '2']);
      expect(fieldsOf(receipt)['Twój wybór']).toBe('Szkolenia, Portal');
      await t.as('piotr').choose(await t.as('piotr').command('vote'), ['0']);
      await t.as('koord').command('motion', 'close', { motion: motionId });
      const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
      expect(JSON.parse(String(row!.result))).toMatchObject({ counts: { Szkolenia: 2, Targi: 0, Portal: 1 }, accepted: ['Szkolenia'], outcome: 'passed' });
    });

    it('bad input keeps what was typed out of the database and says what to fix', async () => {
      const reply = await t.as('koord').command('motion', 'create', { title: 'Plan', closes: 'jutro' });
      expect(reply.errorId).toBe('core.input.badDateOrDateTime');
      expect(reply.text).toContain('„jutro” nie jest datą');
      const single = await t.as('koord').command('motion', 'create', { title: 'Wybór', closes: '2026-03-10 19:00', ballot: 'single', choices: 'tylko jedna' });
      expect(single.errorId).toBe('governance.errors.optionCount');
      expect(await t.app.db.dumpTable('Motion')).toHaveLength(0);
    });
  });
});
