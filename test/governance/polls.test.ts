import { describe, expect, it } from 'vitest';
import { castApp, appPerTest } from '../support/harness.ts';
import type { Reply } from '../../src/core/reply.ts';
import { readCsv } from '../support/csv.ts';
import { VOTERS } from './support.ts';

describe('coordinator polls', () => {
  const t = appPerTest(() => castApp(VOTERS, { start: '2026-03-02T09:00:00Z' }));

  async function createPoll(options: Record<string, unknown> = {}): Promise<{ id: string; card: Reply }> {
    const before = t.notifier.channel.length;
    const reply = await t.as('koord').command('poll', 'create', { question: 'Termin integracji?', choices: 'Czerwiec; Lipiec; Wrzesień', deadline: '2026-03-09 12:00', ...options });
    expect(reply.tone, reply.text).toBe('success');
    const id = /identyfikator (\S+)\)/.exec(reply.text!)![1]!;
    const card = t.notifier.channel[before]!;
    expect(card.channel).toBe('announcements');
    return { id, card: card.message };
  }

  describe('audiences', () => {
    it('all members: main and supporting members answer, a non-member is refused; an answer can be changed', async () => {
      const { card } = await createPoll();
      expect(card.buttons?.map((b) => b.label)).toEqual(['Czerwiec', 'Lipiec', 'Wrzesień', 'Wyniki']);
      expect((await t.as('jan').press(card, 'Lipiec')).text).toContain('Zapisano odpowiedź: Lipiec.');
      expect((await t.as('ewa').press(card, 'Czerwiec')).tone).toBe('success');
      const stranger = await t.as('obcy').press(card, 'Czerwiec');
      expect(stranger.errorId).toBe('governance.poll.errors.notInAudience.all');
      const changed = await t.as('jan').press(card, 'Wrzesień');
      expect(changed.text).toContain('Zmieniono odpowiedź na: Wrzesień.');
      // Live results: the posted card shows the counts.
      const update = t.notifier.updates.at(-1)!;
      expect(update.message.text).toContain('• Wrzesień: 1');
      expect(update.message.text).toContain('• Czerwiec: 1');
      expect(update.message.text).toContain('2 odpowiedzi');
    });

    it('main members: a supporting member is refused with the reason', async () => {
      const { card } = await createPoll({ audience: 'main' });
      expect((await t.as('jan').press(card, 'Lipiec')).tone).toBe('success');
      const refused = await t.as('ewa').press(card, 'Lipiec');
      expect(refused.errorId).toBe('governance.poll.errors.notInAudience.main');
      expect(refused.text).toContain('tylko dla członków głównych');
    });

    it('one working group: its organisations and leader answer, others are refused and told how to join', async () => {
      await t.given('lider', { main: 'Kuchnia Społeczna' });
      const created = await t.as('koord').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólne zamówienia i catering', leader: 'lider' });
      expect(created.tone, created.text).toBe('success');
      expect((await t.as('piotr').command('group', 'join', { group: 'Gastronomia' })).tone).toBe('success');
      const { card } = await createPoll({ audience: 'group', group: 'Gastronomia' });
      expect(card.text).toContain('Dla: grupy roboczej „Gastronomia”');
      expect((await t.as('piotr').press(card, 'Lipiec')).tone).toBe('success');
      expect((await t.as('lider').press(card, 'Lipiec')).tone).toBe('success');
      const refused = await t.as('marta').press(card, 'Lipiec');
      expect(refused.errorId).toBe('governance.poll.errors.notInAudience.group');
      expect(refused.text).toContain('/group join');
    });

    it('the Coordinating Team: its people answer, a member representative is refused', async () => {
      await t.given('oper', { roles: ['operator'] });
      const { card } = await createPoll({ audience: 'team' });
      expect((await t.as('koord').press(card, 'Czerwiec')).tone).toBe('success');
      expect((await t.as('oper').press(card, 'Lipiec')).tone).toBe('success');
      expect((await t.as('jan').press(card, 'Lipiec')).errorId).toBe('governance.poll.errors.notInAudience.team');
    });

    it('a group poll without a group is refused and nothing is posted', async () => {
      const reply = await t.as('koord').command('poll', 'create', { question: 'Termin?', choices: 'A; B', deadline: '2026-03-09 12:00', audience: 'group' });
      expect(reply.errorId).toBe('governance.poll.errors.groupRequired');
      expect(t.notifier.channel).toHaveLength(0);
    });
  });

  it('per organisation: two representatives share one answer, the later one replaces it', async () => {
    const { id, card } = await createPoll({ per: 'organisation' });
    await t.as('jan').press(card, 'Czerwiec');
    const second = await t.as('ola').press(card, 'Lipiec');
    expect(second.text).toContain('Zmieniono odpowiedź na: Lipiec.');
    const results = await t.as('koord').command('poll', 'results', { poll: id });
    expect(results.text).toContain('• Lipiec: 1');
    expect(results.text).toContain('• Czerwiec: 0');
    expect(results.text).toContain('1 odpowiedź');
  });

  it('results after close: hidden from respondents until the poll is closed, then posted once', async () => {
    const { id, card } = await createPoll({ results: 'after' });
    const answered = await t.as('jan').press(card, 'Czerwiec');
    expect(answered.text).toContain('Wyniki zobaczysz po zamknięciu ankiety');
    expect((await t.as('jan').command('poll', 'results', { poll: id })).errorId).toBe('governance.poll.errors.resultsHidden');
    await t.as('koord').command('poll', 'close', { poll: id });
    expect((await t.as('jan').command('poll', 'results', { poll: id })).text).toContain('• Czerwiec: 1');
    expect((await t.as('piotr').press(card, 'Lipiec')).errorId).toBe('governance.poll.errors.closed');
    await t.runJobs();
    expect(t.notifier.channel.filter((p) => p.message.title === 'Wyniki ankiety: Termin integracji?')).toHaveLength(1);
  });

  it('multiple choice answers come from a choice list', async () => {
    const { id, card } = await createPoll({ multiple: true });
    expect(card.choices?.maxValues).toBe(3);
    expect(card.text).toContain('Każda osoba może zaznaczyć kilka odpowiedzi');
    expect(card.text).not.toContain('Jedna odpowiedź');
    await t.as('jan').choose(card, ['0', '2']);
    const results = await t.as('koord').command('poll', 'results', { poll: id });
    expect(results.text).toContain('• Czerwiec: 1\n• Lipiec: 0\n• Wrzesień: 1');
  });

  it('CSV export: named polls list who answered what, anonymous polls export counts only', async () => {
    const named = await createPoll();
    await t.as('jan').press(named.card, 'Lipiec');
    const namedFile = (await t.as('koord').command('poll', 'export', { poll: named.id })).attachments![0];
    expect(namedFile!.filename).toBe(`ankieta-${named.id}.csv`);
    const namedRows = readCsv(namedFile);
    expect(namedRows.slice(0, 4)).toEqual([['opcja', 'liczba'], ['Czerwiec', '0'], ['Lipiec', '1'], ['Wrzesień', '0']]);
    expect(namedRows).toContainEqual(['jan', 'Lipiec', '2026-03-02 10:00']);

    const anonymous = await createPoll({ anonymous: true, question: 'Ocena szkolenia?' });
    await t.as('jan').press(anonymous.card, 'Lipiec');
    await t.as('piotr').press(anonymous.card, 'Czerwiec');
    const rows = readCsv((await t.as('koord').command('poll', 'export', { poll: anonymous.id })).attachments![0]);
    expect(rows).toEqual([['opcja', 'liczba'], ['Czerwiec', '1'], ['Lipiec', '1'], ['Wrzesień', '0']]);
  });

  it('CSV export: an answer that starts like a formula stays text', async () => {
    const { id, card } = await createPoll({ choices: '=1+2; -3+4; Zwykła' });
    await t.as('jan').press(card, 0);
    const rows = readCsv((await t.as('koord').command('poll', 'export', { poll: id })).attachments![0]);
    expect(rows.slice(1, 4)).toEqual([["'=1+2", '1'], ["'-3+4", '0'], ['Zwykła', '0']]);
    expect(rows.at(-1)?.[1]).toBe("'=1+2");
  });

  it('closes at the deadline and reminds only those who have not answered, once', async () => {
    const { card } = await createPoll({ audience: 'main' });
    await t.as('jan').press(card, 'Lipiec');
    t.clock.set('2026-03-08T13:00:00Z');
    await t.runJobs();
    await t.runJobs();
    const reminded = t.notifier.private.filter((p) => p.message.title === 'Przypomnienie o ankiecie').map((p) => p.to.platformUserId).sort();
    // Per person: ola represents the same organisation as jan but has not answered herself.
    expect(reminded).toEqual(['marta', 'ola', 'piotr']);
    t.clock.set('2026-03-09T12:00:00Z');
    await t.runJobs();
    await t.runJobs();
    const results = t.notifier.channel.filter((p) => p.message.title === 'Wyniki ankiety: Termin integracji?');
    expect(results).toHaveLength(1);
    expect(results[0]!.message.text).toContain('• Lipiec: 1');
  });

  it('opening tells each person in the audience once, privately, with answer buttons that work from the message', async () => {
    const created = await t.as('koord').command('poll', 'create', { question: 'Termin integracji?', choices: 'Czerwiec; Lipiec', deadline: '2026-03-09 12:00', audience: 'main' });
    expect(created.text).toContain('dostały 4 osoby');
    // Main members' representatives only: the supporting member is not asked.
    const dm = t.notifier.dmsTo('jan').at(-1)!;
    expect(dm.title).toBe('Termin integracji?');
    expect(t.notifier.dmsTo('ewa')).toHaveLength(0);
    expect((await t.as('jan').press(dm, 'Lipiec')).text).toContain('Zapisano odpowiedź: Lipiec.');
    const results = await t.as('piotr').press(t.notifier.dmsTo('piotr').at(-1)!, 'Wyniki');
    expect(results.text).toContain('• Lipiec: 1');
    // The schedule runs again (a restart, another replica): nobody is told twice.
    await t.runJobs();
    await t.runJobs();
    expect(t.notifier.dmsTo('jan').filter((m) => m.title === 'Termin integracji?')).toHaveLength(1);
    expect(t.notifier.channel.filter((p) => p.message.title === 'Termin integracji?')).toHaveLength(1);
    // The coordinator closes it from the reply to /poll create.
    const closed = await t.as('koord').press(created, 'Zamknij ankietę');
    expect(closed.text).toContain('Ankieta zamknięta.');
    expect((await t.as('marta').press(dm, 'Czerwiec')).errorId).toBe('governance.poll.errors.closed');
    // Members cannot close it, and the button is not on their messages.
    expect(dm.buttons?.map((b) => b.label)).not.toContain('Zamknij ankietę');
  });
});
