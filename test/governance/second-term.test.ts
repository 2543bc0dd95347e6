import { afterEach, describe, expect, it } from 'vitest';
import { castApp, type TestApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import { cluster, fieldsOf, FOUR_MEMBERS, generalMeeting, latestMotionId, orgOf } from './support.ts';

/** Four main-member organisations (FOUR_MEMBERS): quorum 50% needs 2 ballots. */
describe('quorum and the second term', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function setup(settings: Record<string, unknown>) {
    t = await castApp(FOUR_MEMBERS, { start: '2026-03-10T16:00:00Z' });
    await t.app.services.clusters.updateSettings((await cluster(t)).id, { defaultQuorum: 0.5, ...settings });
    await generalMeeting(t);
  }

  /** The scheduler's run at a moment, the clock moved there as it is in production. */
  const at = async (when: string) => {
    t.clock.set(when);
    await t.runJobs();
  };
  const announcements = () => t.notifier.channel.filter((p) => p.channel === 'announcements').map((p) => p.message);
  const minutes = async () => {
    const reply = await t.as('koord').command('meeting', 'minutes');
    return { md: reply.attachments![0]!.data.toString(), csv: readCsv(reply.attachments![1]!) };
  };

  it('misses quorum in the first term, announces the second, refuses ballots until it begins, and decides in it; the minutes say so', async () => {
    await setup({ secondTermEnabled: true, secondTermDelayMinutes: 15, secondTermQuorum: 0 });
    // 17:00–17:30 Warsaw time: a half-hour first term.
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 17:30' });
    const motionId = await latestMotionId(t);
    await t.as('jan').press(await t.as('jan').command('vote'), 'Za');

    // The first term ends with 1 ballot of the 2 its quorum needs.
    t.notifier.clear();
    await at('2026-03-10T16:30:00Z');
    const [post, ...more] = announcements();
    expect(more).toHaveLength(0);
    expect(post!.title).toBe('Brak kworum – drugi termin: Plan działań na 2026');
    expect(post!.text).toBe(
      [
        'W pierwszym terminie głosowało 1 z 4 uprawnionych organizacji (kworum: 2).',
        'Drugi termin: głosowanie od 10.03.2026, 17:45 do 10.03.2026, 18:15.',
        'W drugim terminie rozstrzyga każda liczba oddanych głosów.',
        'Głosy oddane w pierwszym terminie pozostają ważne; organizacje, które jeszcze nie głosowały, mogą zagłosować w drugim terminie.',
      ].join('\n'),
    );
    const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    expect(row).toMatchObject({ status: 'open', term: 2, result: null });

    // Between the terms: no ballot, and no second announcement on the next run.
    t.clock.set('2026-03-10T16:40:00Z');
    const early = await t.as('piotr').press(post!, 'Za');
    expect(early.errorId).toBe('governance.errors.notOpenYet');
    await at('2026-03-10T16:41:00Z');
    expect(announcements()).toHaveLength(1);

    // The second term: the announcement's own button votes; jan's first-term ballot stands.
    t.clock.set('2026-03-10T16:46:00Z');
    const receipt = await t.as('piotr').press(post!, 'Za');
    expect(receipt.tone, receipt.text).toBe('success');
    expect((await t.as('jan').action('vote', 'cast', [motionId, await orgOf(t, 'jan'), 'n', '1'])).errorId).toBe('governance.errors.alreadyVoted');

    t.notifier.clear();
    await at('2026-03-10T17:15:00Z');
    const [result] = announcements();
    expect(result!.text).toBe('Uchwała została przyjęta.');
    expect(fieldsOf(result!)['Termin']).toBe('drugi (w pierwszym terminie: 1 z 4, kworum: 2)');
    expect(fieldsOf(result!)['Frekwencja']).toBe('2 z 4 uprawnionych organizacji (kworum: 1)');

    const { md, csv } = await minutes();
    expect(md).toContain('- Czas głosowania: pierwszy termin 10.03.2026, 17:00 – 10.03.2026, 17:30; drugi termin 10.03.2026, 17:45 – 10.03.2026, 18:15');
    expect(md).toContain('- Większość: zwykła (więcej głosów za niż przeciw); Kworum: 50% (w drugim terminie, po 15 min: 0%)');
    expect(md).toContain('- Rozstrzygnięto w drugim terminie: w pierwszym głosowało 1 z 4 uprawnionych organizacji przy kworum 2.');
    expect(md).toContain('- **Wynik: Uchwała została przyjęta.**');
    expect(csv).toContainEqual(['Uchwała', 'Plan działań na 2026', 'Termin', 'drugi (w pierwszym terminie: 1 z 4, kworum: 2)']);
  });

  it('the coordinator closing a first term without quorum is told of the second term; a second term that misses its own quorum rejects', async () => {
    await setup({ secondTermEnabled: true, secondTermDelayMinutes: 30, secondTermQuorum: 0.5 });
    await t.as('koord').command('motion', 'create', { title: 'Wybór logo', closes: '2026-03-10 19:00', secret: true, ballot: 'single', choices: 'Fala; Kotwica' });
    const motionId = await latestMotionId(t);
    await t.as('jan').action('vote', 'cast', [motionId, await orgOf(t, 'jan'), 'n', '0']);

    const closed = await t.as('koord').command('motion', 'close', { motion: motionId });
    expect(closed.text).toBe('Brak kworum w pierwszym terminie głosowania nad uchwałą „Wybór logo”. Drugi termin rusza 10.03.2026, 17:30; ogłoszono go na kanale ogłoszeń.');
    expect(fieldsOf(closed)['Termin']).toBe('Drugi termin od 10.03.2026, 17:30');
    expect(announcements().at(-1)!.text).toContain('Kworum w drugim terminie: 50% uprawnionych, czyli 2 organizacje.');
    // Pressed before the second term: closing is refused, nothing is counted.
    expect((await t.as('koord').command('motion', 'close', { motion: motionId })).errorId).toBe('governance.errors.notOpenYet');

    // Nobody else votes; the second term closes at its end without its quorum.
    t.notifier.clear();
    await at('2026-03-10T19:30:00Z');
    const [result] = announcements();
    expect(result!.text).toBe('Brak kworum – uchwała nie została przyjęta.');
    expect(fieldsOf(result!)['Termin']).toBe('drugi (w pierwszym terminie: 1 z 4, kworum: 2)');
    const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    expect(JSON.parse(String(row!.result))).toMatchObject({ term: 2, outcome: 'noQuorum', voted: 1, quorumNeeded: 2 });
  });

  it('a first term that meets quorum decides there, and the minutes say it was the first term', async () => {
    await setup({ secondTermEnabled: true });
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 17:30' });
    await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
    await t.as('piotr').press(await t.as('piotr').command('vote'), 'Przeciw');
    await at('2026-03-10T16:30:00Z');
    expect(announcements().map((m) => m.text)).toContain('Uchwała nie została przyjęta.');
    const { md } = await minutes();
    expect(md).toContain('- Rozstrzygnięto w pierwszym terminie.');
  });

  it('without the setting a missed quorum is final, as before', async () => {
    await setup({});
    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 17:30' });
    await t.as('jan').press(await t.as('jan').command('vote'), 'Za');
    await at('2026-03-10T16:30:00Z');
    expect(announcements().map((m) => m.text)).toContain('Brak kworum – uchwała nie została przyjęta.');
    const { md } = await minutes();
    expect(md).not.toContain('termin');
  });
});
