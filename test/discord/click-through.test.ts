import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, textOf } from './client.ts';
import { ANNOUNCEMENTS, BARTER, BOT_CHANNEL, discordServerPerTest, EWA, JAN, KASIA, OLA } from './server.ts';
import { GUILD } from './support.ts';

/**
 * Issue 16's promise on Discord: one slash command, then only buttons, selects and modals the bot
 * itself sent, to the end of each flow. The commands are what `npm run commands:deploy` registers
 * (captured from its request), so a required option a person could not fill, or a flow that
 * needs an id typed by hand, fails here.
 */

describe('Discord click-through: one slash command, then only what the bot shows', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: BOT_CHANNEL, announcements: ANNOUNCEMENTS, barter: BARTER }, roles: true });

  it('takes an application from the bare /apply through verification, recommendation, the meeting and the decision to the welcome message', async () => {
    const ola = server.as(OLA);
    const kasia = server.as(KASIA);

    // The bare command: every form field is optional in the registration, so the app sends it.
    const pages: Record<string, string>[] = [
      {
        org_name: 'Spółdzielnia Socjalna Wrzos',
        legal_form: 'social-cooperative',
        category: 'main',
        municipality: 'Kościerzyna',
        county: 'kościerski',
      },
      {
        in_pomorskie: 'yes',
        activity: 'Prowadzimy catering i pracownię stolarską, zatrudniamy osoby wychodzące z bezdomności.',
        resources: 'Sala na 40 osób, catering na spotkania, transport.',
        motivation: 'Chcemy współpracować z innymi podmiotami ekonomii społecznej z Pomorza.',
        contact_name: 'Ola Nowak',
      },
      { contact_email: 'ola@wrzos.example.org', accepts_rules: 'yes', ethics_statement: 'yes', understands_no_grants: 'yes' },
    ];
    // Each page is saved, and the saved message carries "Dalej (n/3)" to the next one.
    let page = (await ola.command('/apply')).modal;
    expect(page.data.title).toMatch(/\(1\/3\)$/);
    let submitted = (await ola.submit(page, pages[0]!)).message;
    for (const [index, values] of pages.entries()) {
      if (index === 0) continue;
      page = (await ola.press(submitted, `Dalej (${index + 1}/3)`)).modal;
      submitted = (await ola.submit(page, values)).message;
    }
    expect(textOf(submitted)).toContain('Spółdzielnia Socjalna Wrzos');
    expect(submitted.onlyFor).toBe(OLA.id);

    // The coordinator's notice arrives as a DM with the next step on it.
    const notice = server.discord.last(server.discord.dmsTo(KASIA.id), 'Spółdzielnia Socjalna Wrzos');
    expect(buttonLabels(notice)).toEqual(['Zweryfikuj', 'Pokaż zgłoszenie']);

    // 1. Verification: the checklist, two modals.
    const verify1 = (await kasia.press(notice, 'Zweryfikuj')).modal;
    const verifySaved = (await kasia.submit(verify1, { status: 'yes', status_note: '', values: 'yes', values_note: '', readiness: 'yes' })).message;
    const verify2 = (await kasia.press(verifySaved, /^Dalej \(2\/2\)$/)).modal;
    const verified = (await kasia.submit(verify2, { readiness_note: '', synergy: 'yes', synergy_note: '', completeness: 'yes', completeness_note: '' })).message;
    expect(buttonLabels(verified)).toContain('Wydaj rekomendację');

    // 2. Recommendation.
    const recommend = (await kasia.press(verified, 'Wydaj rekomendację')).modal;
    const recommended = (await kasia.submit(recommend, { recommendation: 'accept', note: 'Dobrze uzupełnia ofertę klastra.' })).message;

    // 3. The introductory meeting, three days on; the candidate hears of it.
    const meeting = (await kasia.press(recommended, 'Umów spotkanie zapoznawcze')).modal;
    const scheduled = (await kasia.submit(meeting, { when: '05.03.2026 10:00', place: 'Gdańsk, ul. Długa 1' })).message;
    expect(textOf(scheduled)).toContain('5.03.2026, 10:00');
    expect(textOf(server.discord.last(server.discord.dmsTo(OLA.id), 'Gdańsk, ul. Długa 1'))).toContain('5.03.2026, 10:00');

    // 4. After the meeting, the card from the first notice offers the decision.
    server.d.t.clock.set('2026-03-05T12:00:00Z');
    const card = (await kasia.press(notice, 'Pokaż zgłoszenie')).message;
    const decide = (await kasia.press(card, 'Podejmij decyzję')).modal;
    const decided = (await kasia.submit(decide, { decision: 'accepted' })).message;
    expect(textOf(decided)).toContain('Platforma nadała przedstawicielowi rolę członka.');

    // The new member is welcomed, and holds its roles on the server.
    const welcome = server.discord.last(server.discord.dmsTo(OLA.id), 'Witamy w PKES');
    expect(textOf(welcome)).toContain('Spółdzielnia Socjalna Wrzos');
    expect(server.discord.roleGrants).toEqual(
      expect.arrayContaining([
        { userId: OLA.id, roleId: '500000000000000001' },
        { userId: OLA.id, roleId: '500000000000000002' },
      ]),
    );
  });

  it('takes a motion from /motion create through the voting-opened notice to votes pressed on it, the Close button and the result', async () => {
    await server.members([
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ]);
    await server.d.t.app.services.meetings.schedule(await server.d.t.app.services.clusters.resolve('discord', GUILD), {
      kind: 'general',
      startsAt: new Date('2026-03-10T16:00:00Z'),
      title: 'Walne Spotkanie Sieci 2026',
      place: 'Gdańsk, ul. Długa 1',
      agenda: '1. Otwarcie',
    });
    const kasia = server.as(KASIA);

    // The General Meeting is picked from the bot's suggestions, not typed as an id.
    const [meeting] = await kasia.autocomplete('/motion create', 'meeting', 'walne');
    expect(meeting?.name).toContain('Walne Spotkanie Sieci 2026');
    const created = (await kasia.command('/motion create', { title: 'Plan działań na 2026', closes: '09.03.2026 18:00', meeting: meeting!.value })).message;
    expect(textOf(created)).toContain('Plan działań na 2026');
    expect(buttonLabels(created)).toContain('Zamknij głosowanie');

    // Voting opened: each representative privately, with the ballot, and the announcements channel.
    const post = server.discord.last(server.discord.postsIn(ANNOUNCEMENTS), 'Głosowanie otwarte: Plan działań na 2026');
    expect(buttonLabels(post)).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);
    const janNotice = server.discord.last(server.discord.dmsTo(JAN.id), 'Głosowanie otwarte: Plan działań na 2026');
    expect(textOf(janNotice)).toContain('Spółdzielnia Socjalna Razem');
    expect(buttonLabels(server.discord.last(server.discord.dmsTo(EWA.id), 'Głosowanie otwarte'))).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);

    // Jan votes on his DM; Ewa on the channel post, for her own organisation.
    const janReceipt = (await server.as(JAN).press(janNotice, 'Za')).message;
    expect(textOf(janReceipt)).toContain('Potwierdzenie oddania głosu');
    expect(textOf(janReceipt)).toContain('Spółdzielnia Socjalna Razem');
    const ewaReceipt = (await server.as(EWA).press(post, 'Za')).message;
    expect(ewaReceipt.onlyFor).toBe(EWA.id);
    expect(textOf(ewaReceipt)).toContain('Fundacja Pomorska');

    // The coordinator closes from the reply to the command; the result goes to the channel.
    const closed = (await kasia.press(created, 'Zamknij głosowanie')).message;
    expect(textOf(closed)).toContain('Uchwała została przyjęta.');
    const result = server.discord.last(server.discord.postsIn(ANNOUNCEMENTS), 'Wynik głosowania: Plan działań na 2026');
    expect(textOf(result)).toContain('Uchwała została przyjęta.');
    expect(textOf(result)).toMatch(/Za: 2/);
  });

  it('lets a member answer a poll from its notice and see the results', async () => {
    await server.members([[JAN, 'Spółdzielnia Socjalna Razem']]);
    const created = (await server.as(KASIA).command('/poll create', { question: 'Który termin warsztatów pasuje?', choices: 'wtorek; czwartek', deadline: '09.03.2026 18:00' })).message;
    expect(buttonLabels(created), textOf(created)).toEqual(['Wyniki', 'Zamknij ankietę']);

    // The poll's notice: a card in the announcements channel and a DM with the answers.
    const card = server.discord.last(server.discord.postsIn(ANNOUNCEMENTS), 'Który termin warsztatów pasuje?');
    const notice = server.discord.last(server.discord.dmsTo(JAN.id), 'Który termin warsztatów pasuje?');
    expect(buttonLabels(notice)).toEqual(['wtorek', 'czwartek', 'Wyniki']);
    const jan = server.as(JAN);
    const answered = (await jan.press(notice, 'czwartek')).message;
    expect(textOf(answered)).toContain('Zapisano odpowiedź: czwartek.');

    // Results from the card in the channel.
    const results = (await jan.press(card, 'Wyniki')).message;
    expect(textOf(results)).toContain('Wyniki ankiety: Który termin warsztatów pasuje?');
    expect(textOf(results)).toMatch(/czwartek\D+1/);

    // The coordinator closes it from the reply to the command.
    const closed = (await server.as(KASIA).press(created, 'Zamknij ankietę')).message;
    expect(textOf(closed)).toMatch(/czwartek\D+1/);
    expect(buttonLabels(closed)).toEqual([]);
  });

  it('takes a barter offer from the bare /barter offer to a response pressed on its card and the owner closing with the responder', async () => {
    await server.members([
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ]);
    const jan = server.as(JAN);
    const step1 = (await jan.command('/barter offer')).modal;
    const saved = (await jan.submit(step1, { kind: 'space', title: 'Sala na 40 osób', description: 'Sala z rzutnikiem w Kościerzynie.', exchange: 'free', place: 'Kościerzyna' })).message;
    const step2 = (await jan.press(saved, 'Dalej (2/2)')).modal;
    expect(textOf((await jan.submit(step2, {})).message)).toContain('opublikowana');

    // The card in the barter channel; another member answers from it.
    const card = server.discord.last(server.discord.postsIn(BARTER), 'Sala na 40 osób');
    const respond = (await server.as(EWA).press(card, 'Odpowiedz')).modal;
    const responded = (await server.as(EWA).submit(respond, { message: 'Chętnie skorzystamy w kwietniu.' })).message;
    expect(textOf(responded)).toContain('Spółdzielnia Socjalna Razem');

    // The owner hears of it privately, with the next step on the message.
    const told = server.discord.last(server.discord.dmsTo(JAN.id), 'Chętnie skorzystamy w kwietniu.');
    const closed = (await jan.press(told, 'Zamknij – wymiana doszła do skutku')).message;
    expect(textOf(closed)).toContain('Fundacja Pomorska');
  });

  it('lets a member ask to join a working group from the bare /group join and its leader approve from the DM', async () => {
    await server.members([
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ]);
    await server.as(KASIA).command('/group create', { name: 'Gastronomia', purpose: 'Wspólne zamówienia i catering', leader: JAN, approval: true });
    const ewa = server.as(EWA);
    const pick = (await ewa.command('/group join')).message;
    const requested = (await ewa.choose(pick, ['Gastronomia'])).message;
    expect(textOf(requested)).toContain('Gastronomia');

    const request = server.discord.last(server.discord.dmsTo(JAN.id), 'Fundacja Pomorska');
    const approved = (await server.as(JAN).press(request, 'Zatwierdź')).message;
    expect(approved.id).toBe(request.id);
    expect(textOf(approved)).toContain('Gastronomia');
    expect(buttonLabels(approved)).toEqual([]);
    expect(textOf(server.discord.last(server.discord.dmsTo(EWA.id), 'Gastronomia'))).toContain('Gastronomia');
  });

  it('takes an appeal from the bare /appeal submit to the Coordinating Team\'s Decide button and the member\'s answer', async () => {
    recordTyped('Fundacja Pomorska');
    const ewaPerson = await server.d.t.app.services.people.ensure(server.cluster.id, EWA.id, EWA.name);
    await server.d.t.app.services.seeding.representativeOf(server.cluster.id, ewaPerson.id, 'Fundacja Pomorska', 'main', 'suspended');
    const ewa = server.as(EWA);
    const form = (await ewa.command('/appeal submit')).modal;
    const submitted = (await ewa.submit(form, { text: 'Sprawozdanie złożyliśmy w terminie, w załączniku potwierdzenie nadania.' })).message;
    expect(textOf(submitted)).toContain('Zespołu Koordynującego');

    const notice = server.discord.last(server.discord.dmsTo(KASIA.id), 'Sprawozdanie złożyliśmy w terminie');
    const decide = (await server.as(KASIA).press(notice, 'Rozstrzygnij odwołanie')).modal;
    const decided = (await server.as(KASIA).submit(decide, { outcome: 'upheld', justification: 'Potwierdzenie nadania jest w porządku.' })).message;
    expect(textOf(decided)).toContain('Odwołanie uwzględnione');
    expect(textOf(server.discord.last(server.discord.dmsTo(EWA.id), 'Fundacja Pomorska'))).toContain('Potwierdzenie nadania jest w porządku.');
  });

  it('lets a member say it will come to a meeting from the coordinator\'s post and from the reminder', async () => {
    await server.members([
      [JAN, 'Spółdzielnia Socjalna Razem'],
      [EWA, 'Fundacja Pomorska'],
    ]);
    const scheduled = (await server.as(KASIA).command('/meeting schedule', { kind: 'network', date: '12.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1' })).message;
    expect(scheduled.onlyFor).toBeUndefined();
    const jan = (await server.as(JAN).press(scheduled, 'Będę')).message;
    expect(textOf(jan)).toContain('Spółdzielnia Socjalna Razem');

    // A day before, the reminder reaches every member with the same two buttons.
    await server.d.t.runJobs('2026-03-11T09:00:00Z');
    const reminder = server.discord.last(server.discord.dmsTo(EWA.id), 'Gdańsk, ul. Długa 1');
    expect(buttonLabels(reminder)).toEqual(['Będę', 'Nie będę']);
    const ewa = (await server.as(EWA).press(reminder, 'Nie będę')).message;
    expect(textOf(ewa)).toMatch(/Fundacja Pomorska\W* nie będzie/);
  });

  it('sends only what Discord\'s app can: the client refuses unregistered options, missing required ones, foreign choices and foreign buttons', async () => {
    const kasia = server.as(KASIA);
    // Long texts live only in the form: /apply registers no motivation option.
    await expect(server.as(OLA).command('/apply', { motivation: 'Chcemy współpracować.' })).rejects.toThrow(/no option motivation is registered/);
    await expect(kasia.command('/motion create', { title: 'Plan działań na 2026' })).rejects.toThrow(/required closes/);
    await expect(kasia.command('/motion create', { title: 'Plan', closes: '09.03.2026', ballot: 'referendum' })).rejects.toThrow(/not one of the registered choices/);
    await expect(kasia.command('/motion create', { title: 'Plan', closes: '09.03.2026', meeting: 'cmx2qxymn0006mp7di5tiqgdp' })).rejects.toThrow(/never suggested/);
    await expect(kasia.command('/motion')).rejects.toThrow(/without a subcommand/);

    await server.members([[JAN, 'Spółdzielnia Socjalna Razem']]);
    await kasia.command('/poll create', { question: 'Który termin warsztatów pasuje?', choices: 'wtorek; czwartek', deadline: '09.03.2026 18:00' });
    const notice = server.discord.last(server.discord.dmsTo(JAN.id), 'Który termin warsztatów pasuje?');
    await expect(kasia.press(notice, 'wtorek')).rejects.toThrow(/cannot see a DM/);
    await expect(server.as(JAN).press(notice, 'piątek')).rejects.toThrow(/no button "piątek"/);
  });
});

