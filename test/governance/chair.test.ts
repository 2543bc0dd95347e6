import { describe, expect, it } from 'vitest';
import { appPerTest, castApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import type { Reply } from '../../src/core/reply.ts';
import { cluster, fieldsOf, FOUR_MEMBERS, generalMeeting, latestMotionId, orgOf } from './support.ts';

/**
 * Six main members. In the room: Razem (jan) and Horyzont (piotr, holding CIS's proxy). Online:
 * Na Fali (zofia). Absent: CIS (marta), Wspólna Sprawa (adam, whose proxy holder Koło, kasia, is absent too) and Koło.
 */
const CAST = { ...FOUR_MEMBERS, adam: { main: 'Fundacja Wspólna Sprawa' }, kasia: { main: 'Koło Gospodyń Wiejskich' } };

describe('chair mode: the room and the chat together', () => {
  const t = appPerTest(async () => {
    const t = await castApp(CAST, { start: '2026-03-10T15:00:00Z' });
    await t.app.services.clusters.updateSettings((await cluster(t)).id, { proxiesEnabled: true, maxProxiesPerMember: 1 });
    await generalMeeting(t);
    await t.as('marta').command('proxy', 'give', { to: 'piotr' });
    await t.as('adam').command('proxy', 'give', { to: 'kasia' });
    return t;
  });

  const koord = () => t.as('koord');
  const labels = (reply: Reply) => (reply.buttons ?? []).map((b) => b.label);
  const options = (reply: Reply) => (reply.choices?.options ?? []).map((o) => `${o.label}${o.description ? ` ${o.description}` : ''}`);
  const pick = (reply: Reply, names: string[]) => (reply.choices?.options ?? []).filter((o) => names.includes(o.label)).map((o) => o.value);

  /** The chair opens the panel and marks who is in the room and who online, as the meeting begins. */
  async function attendance(): Promise<Reply> {
    t.clock.set('2026-03-10T16:05:00Z');
    let panel = await koord().command('chair', 'run');
    expect(labels(panel).slice(0, 2)).toEqual(['Obecni na sali', 'Obecni online']);
    const room = await koord().press(panel, 'Obecni na sali');
    panel = await koord().choose(room, pick(room, ['Spółdzielnia Socjalna Razem', 'Fundacja Horyzont']));
    expect(panel.text).toBe('Zapisano obecność na sali: 2 organizacje.');
    const online = await koord().press(panel, 'Obecni online');
    expect(options(online)).not.toContain('Fundacja Horyzont');
    panel = await koord().choose(online, pick(online, ['Stowarzyszenie Na Fali']));
    expect(fieldsOf(panel)).toMatchObject({ 'Na sali (2 organizacje)': 'Fundacja Horyzont, Spółdzielnia Socjalna Razem', 'Online (1 organizacja)': 'Stowarzyszenie Na Fali' });
    return panel;
  }

  it('an open ballot: room votes per organisation and online ballots merge, proxies count only with their holder present, nobody twice', async () => {
    // Created for later; the chair opens it when the meeting reaches it.
    await koord().command('motion', 'create', { title: 'Plan działań na 2026', opens: '2026-03-10 20:00', closes: '2026-03-10 21:00' });
    const motionId = await latestMotionId(t);
    const panel = await attendance();
    let item = await koord().press(panel, '1. Plan działań na 2026');
    item = await koord().press(item, 'Otwórz głosowanie');
    expect(item.text).toBe('Głosowanie otwarte: organizacje online głosują przyciskami, głosy z sali zapisujesz tutaj.');
    expect(labels(item)).toEqual(['Na sali: Za', 'Na sali: Przeciw', 'Na sali: Wstrzymuję się', 'Zamknij punkt', 'Wróć do panelu']);

    // Online: Na Fali votes; Razem, although in the room, votes on its phone first.
    expect((await t.as('zofia').press(await t.as('zofia').command('vote'), 'Za')).tone).toBe('success');
    expect((await t.as('jan').press(await t.as('jan').command('vote'), 'Za')).tone).toBe('success');
    // Koło holds Wspólna Sprawa's proxy but is not at the meeting: that proxy does not count.
    const absent = await t.as('kasia').action('vote', 'cast', [motionId, await orgOf(t, 'adam'), 'n', '1']);
    expect(absent.errorId).toBe('chair.errors.holderAbsent');

    // The room: Razem voted online, so it is not offered; CIS is, through Horyzont in the room.
    const against = await koord().press(item, 'Na sali: Przeciw');
    expect(options(against)).toEqual(['CIS Wejherowo (pełnomocnik: Fundacja Horyzont)', 'Fundacja Horyzont']);
    item = await koord().choose(against, pick(against, ['CIS Wejherowo', 'Fundacja Horyzont']));
    expect(item.text).toBe('Zapisano głosy z sali: CIS Wejherowo, Fundacja Horyzont.');
    // A stale list naming Razem again (its online vote came after the list was shown) counts it once.
    const stale = await koord().action('chair', 'roomVoted', [motionId, '1', await orgOf(t, 'jan')]);
    expect(stale.text).toBe('Nie policzono na sali, bo głosowały już online: Spółdzielnia Socjalna Razem.');
    // And the other way: Horyzont, counted in the room, cannot vote online too.
    expect((await t.as('piotr').action('vote', 'cast', [motionId, await orgOf(t, 'piotr'), 'n', '0'])).errorId).toBe('governance.errors.alreadyVoted');
    // Wspólna Sprawa is nobody's to record in the room: neither it nor its holder is there.
    expect((await koord().action('chair', 'roomVoted', [motionId, '0', await orgOf(t, 'adam')])).errorId).toBe('chair.errors.notInRoom');
    expect(fieldsOf(item)['Głosy']).toBe('na sali: 2, online: 2, uprawnionych: 6');

    item = await koord().press(item, 'Zamknij punkt');
    expect(item.text).toBe('Głosowanie nad uchwałą „Plan działań na 2026” zostało zamknięte. Uchwała nie została przyjęta. Wynik opublikowano na kanale ogłoszeń.');
    const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    expect(JSON.parse(String(row!.result))).toMatchObject({ voted: 4, eligible: 6, counts: { yes: 2, no: 2, abstain: 0 } });
    const participations = (await t.app.db.dumpTable('VoteParticipation')).filter((p) => p.motionId === motionId);
    expect(new Set(participations.map((p) => p.memberId)).size).toBe(4);
    expect(participations).toHaveLength(4);

    const minutes = await koord().command('meeting', 'minutes');
    const md = minutes.attachments![0]!.data.toString();
    expect(md).toContain('## Obecność\n\n- Na sali (2 organizacje): Fundacja Horyzont, Spółdzielnia Socjalna Razem\n- Online (1 organizacja): Stowarzyszenie Na Fali');
    expect(md).toContain('- Głosy: Za: 2, Przeciw: 2, Wstrzymuję się: 0\n- Na sali (2): Za: 0, Przeciw: 2, Wstrzymuję się: 0\n- Online (2): Za: 2, Przeciw: 0, Wstrzymuję się: 0');
    const csv = readCsv(minutes.attachments![1]!);
    expect(csv).toContainEqual(['Głosy z sali', 'Plan działań na 2026', 'CIS Wejherowo (pełnomocnik: Fundacja Horyzont)', 'Przeciw']);
    expect(csv).toContainEqual(['Obecność', 'Stowarzyszenie Na Fali', '', 'online']);
  });

  it('a secret ballot: paper ballots taken in the room, the urn counted once, online ballots merged; closing waits for the count', async () => {
    await koord().command('motion', 'create', { title: 'Wybór logo', closes: '2026-03-10 21:00', secret: true, ballot: 'single', choices: 'Fala; Kotwica' });
    const motionId = await latestMotionId(t);
    const panel = await attendance();
    let item = await koord().press(panel, '1. Wybór logo');
    expect(labels(item)).toEqual(['Wydaj karty do głosowania', 'Zamknij punkt', 'Wróć do panelu']);
    await t.as('zofia').action('vote', 'cast', [motionId, await orgOf(t, 'zofia'), 'n', '1']);

    const paper = await koord().press(item, 'Wydaj karty do głosowania');
    expect(options(paper)).toEqual(['CIS Wejherowo (pełnomocnik: Fundacja Horyzont)', 'Fundacja Horyzont', 'Spółdzielnia Socjalna Razem']);
    item = await koord().choose(paper, paper.choices!.options.map((o) => o.value));
    expect(labels(item)).toEqual(['Wydaj karty do głosowania', 'Wpisz wynik z urny', 'Zamknij punkt', 'Wróć do panelu']);
    // A paper ballot taken is a vote given: the organisation cannot vote online as well.
    expect((await t.as('jan').action('vote', 'cast', [motionId, await orgOf(t, 'jan'), 'n', '0'])).errorId).toBe('governance.errors.alreadyVotedSecret');

    expect((await koord().press(item, 'Zamknij punkt')).errorId).toBe('chair.errors.paperNotCounted');
    const form = await koord().press(item, 'Wpisz wynik z urny');
    expect(form.form!.fields.map((f) => f.label)).toEqual(['Fala', 'Kotwica']);
    expect((await koord().form('chair.count', { option1: '3', option2: '1' }, [motionId])).errorId).toBe('chair.errors.paperTooMany');
    item = await koord().form('chair.count', { option1: '2', option2: '1' }, [motionId]);
    expect(item.text).toBe('Zapisano wynik z urny. Kart pustych lub nieważnych: 0.');
    expect(fieldsOf(item)['Wynik liczenia kart z urny']).toBe('Fala: 2, Kotwica: 1');
    expect((await koord().form('chair.count', { option1: '2', option2: '1' }, [motionId])).errorId).toBe('chair.errors.paperCounted');

    item = await koord().press(item, 'Zamknij punkt');
    expect(item.tone).toBe('success');
    const [row] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === motionId);
    expect(JSON.parse(String(row!.result))).toMatchObject({ voted: 4, counts: { Fala: 2, Kotwica: 2 }, outcome: 'rejected' });
    // No row says what an organisation in the room chose: the room ballots name organisations only.
    expect((await t.app.db.dumpTable('RoomBallot')).every((r) => !('choice' in r))).toBe(true);

    const md = (await koord().command('meeting', 'minutes')).attachments![0]!.data.toString();
    expect(md).toContain('- Na sali, karty z urny (3): Fala: 2, Kotwica: 1; karty pobrały: CIS Wejherowo (pełnomocnik: Fundacja Horyzont), Fundacja Horyzont, Spółdzielnia Socjalna Razem');
    expect(md).toContain('- Online (1): Fala: 0, Kotwica: 1');
  });

  it('several of several: the chair records one organisation’s set of options at a time', async () => {
    await koord().command('motion', 'create', { title: 'Priorytety na 2026', closes: '2026-03-10 21:00', ballot: 'multiple', choices: 'Szkolenia; Targi; Konsorcja' });
    const motionId = await latestMotionId(t);
    const panel = await attendance();
    let item = await koord().press(panel, '1. Priorytety na 2026');
    expect(labels(item)).toEqual(['Na sali: głos organizacji', 'Zamknij punkt', 'Wróć do panelu']);
    const whose = await koord().press(item, 'Na sali: głos organizacji');
    expect(whose.choices?.maxValues).toBe(1);
    const which = await koord().choose(whose, pick(whose, ['Fundacja Horyzont']));
    expect(which.text).toBe('Które odpowiedzi wybrała organizacja „Fundacja Horyzont”?');
    item = await koord().choose(which, pick(which, ['Szkolenia', 'Konsorcja']));
    expect(item.text).toBe('Zapisano głosy z sali: Fundacja Horyzont.');
    const [vote] = (await t.app.db.dumpTable('OpenVote')).filter((v) => v.motionId === motionId);
    expect(JSON.parse(String(vote!.choice))).toEqual(['Szkolenia', 'Konsorcja']);
  });

  it('weighted votes: the room counts each organisation with the weight frozen at opening, on the same voter list as online', async () => {
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    await t.app.services.clusters.updateSettings((await cluster(t)).id, { votingMembers: 'weighted', voteWeights: { main: 2, supporting: 1 } });
    await koord().command('motion', 'create', { title: 'Plan działań na 2026', closes: '2026-03-10 21:00' });
    const open = await latestMotionId(t);
    let panel = await attendance();
    const room = await koord().press(panel, 'Obecni na sali');
    panel = await koord().choose(room, pick(room, ['Gmina Kolbudy']));

    // The supporting member votes here because the cluster weighs it in, not because it is in the room.
    let item = await koord().press(panel, '1. Plan działań na 2026');
    const yes = await koord().press(item, 'Na sali: Za');
    expect(options(yes)).toEqual(['CIS Wejherowo (pełnomocnik: Fundacja Horyzont)', 'Fundacja Horyzont', 'Gmina Kolbudy', 'Spółdzielnia Socjalna Razem']);
    item = await koord().choose(yes, pick(yes, ['Gmina Kolbudy', 'Fundacja Horyzont']));
    await t.as('zofia').press(await t.as('zofia').command('vote'), 'Przeciw');
    await koord().press(item, 'Zamknij punkt');
    const [openRow] = (await t.app.db.dumpTable('Motion')).filter((m) => m.id === open);
    expect(JSON.parse(String(openRow!.result)).counts).toEqual({ yes: 3, no: 2, abstain: 0 });

    const md = (await koord().command('meeting', 'minutes')).attachments![0]!.data.toString();
    expect(md).toContain('- Na sali (2): Za: 3, Przeciw: 0, Wstrzymuję się: 0\n- Online (1): Za: 0, Przeciw: 2, Wstrzymuję się: 0');
  });
});
