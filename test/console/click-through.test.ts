import { describe, expect, it } from 'vitest';
import { atGeneralMeeting, terminalPerTest } from './terminal.ts';

/**
 * Issue 16, "Done when", console part: each flow starts with one slash command and goes on only
 * by pressing buttons, choosing from lists and answering form prompts that the console printed.
 * The test reads the numbers it presses from the printed text, as a person at the terminal does;
 * it never builds an action id.
 */

describe('the console, clicked through: one slash command, then only what was printed', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z');

  it('takes an application from the bare /apply through verification, recommendation, the meeting and the decision to the welcome message', async () => {
    await term.type(':as anna coordinator team');
    await term.type(':as jan');
    const form = await term.type('/apply');
    expect(form).toContain('== Deklaracja członkowska PKES ==');
    await term.fill({
      'Nazwa organizacji': 'Spółdzielnia Socjalna Razem',
      'Forma prawna': 'spółdzielnia socjalna',
      'Kategoria członkostwa': 'członek główny',
      Gmina: 'Gdańsk',
      Powiat: 'gdański',
      'Czy działacie w województwie pomorskim?': 'tak',
      'Działalność i misja społeczna': 'Prowadzimy kawiarnię i catering, zatrudniamy osoby zagrożone wykluczeniem.',
      'Doświadczenie i zasoby': 'Sala na 40 osób, kuchnia, samochód dostawczy.',
      Motywacja: 'Chcemy współpracować z innymi podmiotami ekonomii społecznej regionu.',
      'Osoba do kontaktu': 'Jan Kowalski',
      'E-mail kontaktowy': 'jan@razem.pl',
      Akceptujemy: 'tak',
      Oświadczamy: 'tak',
      Rozumiemy: 'tak',
    });
    expect(term.message('Deklaracja złożona').text).toContain('Spółdzielnia Socjalna Razem');

    // The coordinator's notice is theirs: the applicant at the console cannot press it in their name.
    const notice = term.message('Nowe zgłoszenie członkowskie', '→ DM @anna');
    expect(notice.buttons.map((b) => b.label)).toEqual(['Zweryfikuj', 'Pokaż zgłoszenie']);
    expect(await term.press(notice, 'Zweryfikuj')).toContain(`Wiadomość [${notice.number}] trafiła do @anna`);

    await term.type(':as anna');
    expect(await term.press(notice, 'Zweryfikuj')).toContain('== Weryfikacja zgłoszenia ==');
    await term.fill({ 'Status zgodny': 'tak', 'Zgodność z wartościami': 'tak', Gotowość: 'tak', Synergia: 'tak', 'Zgłoszenie kompletne': 'tak' });
    const verified = term.message('Zapisano weryfikację');

    expect(await term.press(verified, 'Wydaj rekomendację')).toContain('== Rekomendacja koordynatora ==');
    await term.fill({ Rekomendacja: 'przyjąć', 'Uzasadnienie rekomendacji': 'Organizacja aktywna w regionie, polecam przyjęcie.' });
    const recommended = term.message('Zapisano rekomendację');

    expect(await term.press(recommended, 'Umów spotkanie zapoznawcze')).toContain('== Spotkanie zapoznawcze ==');
    await term.fill({ 'Data i godzina': '2026-03-05 10:00', Miejsce: 'Biuro klastra, Gdańsk' });
    expect(term.message('Zapraszamy organizację', '→ DM @jan').text).toContain('5.03.2026, 10:00');
    const scheduled = term.message('Spotkanie zapoznawcze z organizacją');
    // Before the meeting no one is offered the decision.
    expect(scheduled.buttons.map((b) => b.label)).toEqual(['Pokaż zgłoszenie']);

    term.t.clock.set('2026-03-05T12:00:00Z');
    await term.press(scheduled, 'Pokaż zgłoszenie');
    const card = term.message('Etap: spotkanie zapoznawcze');
    expect(await term.press(card, 'Podejmij decyzję')).toContain('== Decyzja Zespołu Koordynującego ==');
    await term.fill({ Decyzja: 'przyjęcie', Uzasadnienie: 'Spełnia kryteria członkostwa.' });

    expect(term.message('Zespół Koordynujący przyjął organizację', '→ DM @jan').text).toContain('Spółdzielnia Socjalna Razem');
    expect(term.message(/Kilka pierwszych kroków/, '→ DM @jan').text).toContain('/activity log');
    expect(term.message('Zapisano decyzję').text).toContain('Przedstawiciel dostał wiadomość powitalną');

    // The notice printed first still has its number: its card now shows the decided application.
    await term.press(notice, 'Pokaż zgłoszenie');
    expect(term.message('Etap: decyzja podjęta').buttons).toEqual([]);
    const [application] = await term.t.app.db.rawQuery<{ stage: string; status: string }>('SELECT stage, status FROM "Application"');
    expect(application).toEqual({ stage: 'decided', status: 'accepted' });
    expect(await term.type(':as jan')).toContain('Działasz jako jan (role: Spółdzielnia Socjalna Razem)');
  });

  it('takes a motion from creation through the voting-opened notice, votes pressed on the post and in DMs, to Close and the result', async () => {
    await atGeneralMeeting(term, { ola: 'Fundacja Horyzont', piotr: 'Spółdzielnia Socjalna Razem', ewa: 'Stowarzyszenie Morskie' });
    await term.type('/motion create title:"Przyjęcie sprawozdania za 2025 rok" opens:"2026-03-03 09:00" closes:"2026-03-09 18:00"');
    const created = term.message('Głosowanie otworzy się 3.03.2026, 09:00');
    await term.press(created, 'Otwórz głosowanie');

    // Voting opened: the post in announcements and a private message to each voter, all with the ballot.
    const post = term.message('Uprawnione są 3 organizacje', '→ #');
    const ballot = ['Za', 'Przeciw', 'Wstrzymuję się'];
    expect(post.buttons.map((b) => b.label)).toEqual(ballot);
    for (const voter of ['ola', 'piotr', 'ewa']) expect(term.message('Głosowanie otwarte', `→ DM @${voter}`).buttons.map((b) => b.label)).toEqual(ballot);
    const opened = term.message(/Głosowanie nad uchwałą „Przyjęcie sprawozdania za 2025 rok” jest otwarte/);

    const olasBallot = term.message('Głos organizacji: Fundacja Horyzont', '→ DM @ola');
    expect((await term.pressAs('ola', olasBallot, 'Za', 'Twój wybór: Za')).text).toContain('Organizacja: Fundacja Horyzont');
    expect((await term.pressAs('piotr', post, 'Za', 'Organizacja: Spółdzielnia Socjalna Razem')).text).toContain('Twój wybór: Za');

    await term.type(':as ewa');
    const ewasBallot = term.message('Głos organizacji: Stowarzyszenie Morskie', '→ DM @ewa');
    await term.type(`:press ${ewasBallot.number} Przeciw`);
    expect(term.message('Organizacja: Stowarzyszenie Morskie').text).toContain('Twój wybór: Przeciw');

    // The coordinator may press the post; the core, not the console, refuses a vote from someone without one.
    await term.type(':as anna');
    expect(await term.press(post, 'Za')).toContain('Głosują organizacje członkowskie klastra, przez swoich przedstawicieli.');

    await term.press(opened, 'Zamknij głosowanie');
    const result = term.message('Wynik głosowania: Przyjęcie sprawozdania za 2025 rok', '→ #');
    expect(result.text).toContain('Uchwała została przyjęta.');
    expect(result.text).toContain('Za: 2, Przeciw: 1, Wstrzymuję się: 0');
    expect(term.message(/Głosowanie nad .* zamknięte/).text).toContain('Frekwencja: 3 z 3');
    const [motion] = await term.t.app.db.rawQuery<{ status: string }>('SELECT status FROM "Motion"');
    expect(motion!.status).toBe('closed');
  });

  it('has a poll answered from its notice: in a private message and on the post, then Results and Close', async () => {
    await term.type(':as ola main:"Fundacja Horyzont"');
    await term.type(':as piotr supporting:"Gmina Kolbudy"');
    await term.type(':as anna coordinator');
    await term.type('/poll create question:"Kiedy zrobimy wyjazd integracyjny?" choices:"Czerwiec; Lipiec; Wrzesień" deadline:"2026-03-09 18:00"');
    const answers = ['Czerwiec', 'Lipiec', 'Wrzesień', 'Wyniki'];
    const post = term.message('Odpowiedzi do 9.03.2026, 18:00', '→ #');
    expect(post.buttons.map((b) => b.label)).toEqual(answers);
    expect(term.message('Kiedy zrobimy wyjazd integracyjny?', '→ DM @ola').buttons.map((b) => b.label)).toEqual(answers);
    const published = term.message('Ankieta opublikowana');
    expect(published.text).toContain('dostały 2 osoby');

    const olasNotice = term.message('Kiedy zrobimy wyjazd integracyjny?', '→ DM @ola');
    expect((await term.pressAs('ola', olasNotice, 'Lipiec', 'Zapisano odpowiedź: Lipiec.')).text).toContain('1 odpowiedź');
    expect((await term.pressAs('piotr', post, 'Czerwiec', 'Zapisano odpowiedź: Czerwiec.')).text).toContain('2 odpowiedzi');
    await term.type(':press Wyniki');
    expect(term.message('Ankieta jeszcze trwa.').text).toMatch(/Czerwiec: 1\n• Lipiec: 1\n• Wrzesień: 0/);

    await term.type(':as anna');
    await term.press(published, 'Zamknij ankietę');
    expect(term.message('Ankieta zamknięta.').text).toMatch(/Czerwiec: 1\n• Lipiec: 1/);
    // The post changed in place: same number, no answer buttons left.
    expect(term.messages().find((m) => m.number === post.number)!.buttons.map((b) => b.label)).toEqual(['Wyniki']);
    const rows = await term.t.app.db.rawQuery<{ choice: string }>('SELECT choice FROM "PollAnswer" ORDER BY choice');
    expect(rows).toHaveLength(2);
  });

  it('has a poll with several answers chosen from the list on its notice', async () => {
    await term.type(':as ola main:"Fundacja Horyzont"');
    await term.type(':as anna coordinator');
    await term.type('/poll create question:"Jakie szkolenia w tym roku?" choices:"Marketing; Księgowość; Prawo" deadline:"2026-03-09 18:00" multiple:true');
    await term.type(':as ola');
    const dm = term.message('Jakie szkolenia w tym roku?', '→ DM @ola');
    const pick = (name: string) => dm.options.find((o) => o.label === name)!.ref;
    await term.type(`:choose ${pick('Marketing')},${pick('Prawo')}`);
    expect(term.message('Zapisano odpowiedź: Marketing, Prawo.').text).toMatch(/Marketing: 1\n• Księgowość: 0\n• Prawo: 1/);
  });

  it('explains a wrong number or label in the reader\'s language and lists what can be pressed', async () => {
    await term.type(':as ola main:"Fundacja Horyzont"');
    await term.type(':as anna coordinator');
    await term.type('/poll create question:"Kiedy zrobimy wyjazd integracyjny?" choices:"Czerwiec; Lipiec" deadline:"2026-03-09 18:00"');
    const post = term.message('Kiedy zrobimy wyjazd integracyjny?', '→ #');
    const dm = term.message('Kiedy zrobimy wyjazd integracyjny?', '→ DM @ola');
    const reply = term.message('Ankieta opublikowana');

    // A wrong button of a message lists that message's buttons; a label found nowhere, what the reader may press.
    expect(await term.type(`:press ${post.number}.9`)).toContain(
      `Wiadomość [${post.number}] nie ma przycisku [${post.number}.9].\nMożesz nacisnąć: [${post.number}.1] Czerwiec, [${post.number}.2] Lipiec, [${post.number}.3] Wyniki\n`,
    );
    expect(await term.type(':press 99.1')).toContain('Nie ma wiadomości o numerze [99].');
    const noSuch = await term.type(':press Sierpień');
    expect(noSuch).toContain('Nie ma przycisku „Sierpień”.');
    expect(noSuch).toContain(`Możesz nacisnąć: [${reply.number}.1] Wyniki, [${reply.number}.2] Zamknij ankietę, [${post.number}.1] Czerwiec`);
    expect(noSuch).not.toContain(`[${dm.number}.1]`);
    expect(await term.type(`:press ${dm.number}.1`)).toContain(`Wiadomość [${dm.number}] trafiła do @ola i tylko ta osoba może jej użyć (przełącz się: :as ola).`);
    expect(await term.type(':choose 1')).toContain('Nie ma teraz listy wyboru, z której możesz wybierać.');

    await term.type(':lang en');
    const english = await term.type(`:press ${post.number} Sierpień`);
    expect(english).toContain(`Message [${post.number}] has no button "Sierpień".`);
    expect(english).toContain(`You can press: [${post.number}.1] Czerwiec, [${post.number}.2] Lipiec, [${post.number}.3]`);
    // Nothing was pressed by any of it.
    expect(await term.t.app.db.rawQuery('SELECT * FROM "PollAnswer"')).toEqual([]);
  });
});
