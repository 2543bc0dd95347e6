import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import type { ChannelPurpose, ClusterAddress, PersonAddress } from '../../src/core/notifier.ts';
import { splitOptions, tokenize } from '../../src/core/input.ts';
import type { Reply } from '../../src/core/reply.ts';
import { showUserTextIn } from '../../src/core/text.ts';
import { recordReply, recordTyped } from '../support/rendered.ts';
import { createTestApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { generalMeeting } from '../governance/support.ts';

/**
 * Issue 16, "Done when", console part: each flow starts with one slash command and goes on only
 * by pressing buttons, choosing from lists and answering form prompts that the console printed.
 * The test reads the numbers it presses from the printed text, as a person at the terminal does;
 * it never builds an action id.
 */

interface Printed {
  number: number;
  /** `→ DM @jan`, `→ #(ogłoszenia)`, '' for a reply; with `(zmieniona)` when reprinted after a change. */
  header: string;
  text: string;
  buttons: { ref: string; label: string }[];
  options: { ref: string; label: string }[];
}

const PROMPT = /^[\p{L}\d_.-]+> /u;

/** The messages on the screen, in print order (a message changed later appears again, same number). */
function printedMessages(screen: string): Printed[] {
  const out: Printed[] = [];
  let current: Printed | undefined;
  for (const line of screen.split('\n')) {
    const start = /^\[(\d+)\] ?(.*)$/.exec(line);
    if (start) {
      const [, number, rest = ''] = start;
      const header = rest.startsWith('→ ') || rest.startsWith('(') ? rest.replace(/:$/, '') : '';
      current = { number: Number(number), header, text: header ? '' : rest, buttons: [], options: [] };
      out.push(current);
      continue;
    }
    if (PROMPT.test(line) || line.startsWith('? ') || line.startsWith('== ')) {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const trimmed = line.trim();
    if (/^\[\d+\.\d+\] /.test(trimmed)) {
      for (const part of trimmed.split(/\s{2,}(?=\[)/)) {
        const button = /^\[(\d+\.\d+)\] (.+?)( \(—\))?$/.exec(part);
        if (button && !button[3]) current.buttons.push({ ref: button[1]!, label: button[2]! });
      }
    } else if (/^\(\d+\.\d+\) /.test(trimmed)) {
      const option = /^\((\d+\.\d+)\) (.+?)(?: – .*)?$/.exec(trimmed)!;
      current.options.push({ ref: option[1]!, label: option[2]! });
    } else current.text += `${current.text ? '\n' : ''}${trimmed}`;
  }
  return out;
}

/**
 * The console as it is, handing every reply, DM and post it prints to the language check that
 * runs after each test (test/support/setup.ts), as the harness's recording notifier does.
 */
class CheckedConsole extends ConsoleAdapter {
  private check(reply: Reply, where: string): void {
    if (Object.keys(reply).length && !reply.form) recordReply(showUserTextIn(reply, (value) => value), where);
  }
  override async send(...args: Parameters<ConsoleAdapter['send']>): Promise<Reply> {
    const reply = await super.send(...args);
    this.check(reply, 'console reply');
    return reply;
  }
  override sendPrivate(cluster: ClusterAddress, to: PersonAddress, message: Reply) {
    this.check(message, `DM to ${to.platformUserId}`);
    return super.sendPrivate(cluster, to, message);
  }
  override postToChannel(cluster: ClusterAddress, channel: ChannelPurpose, message: Reply) {
    this.check(message, `post to #${channel}`);
    return super.postToChannel(cluster, channel, message);
  }
  override updateMessage(cluster: ClusterAddress, ref: string, message: Reply) {
    this.check(message, `update of ${ref}`);
    return super.updateMessage(cluster, ref, message);
  }
}

/** What the person typed comes back as typed: names, titles, answers are theirs, in any language. */
function recordTypedLine(line: string): void {
  if (!line.startsWith('/') && !line.startsWith(':')) return recordTyped(line);
  const { words, options } = splitOptions(tokenize(line.slice(1)));
  if (line.startsWith(':as')) recordTyped(words[1]);
  for (const value of Object.values(options)) if (!/^(true|false|en|pl)$/.test(value)) recordTyped(value);
}

/**
 * A person at the terminal: types a line, waits until the console asks for the next one (the
 * `name> ` prompt, or a form's `? Field: `), and reads what it printed meanwhile.
 */
class Terminal {
  private out = '';
  /** The output with each typed line after its prompt, as the terminal shows it. */
  private screen = '';
  private readonly input = new PassThrough();
  private readonly done: Promise<void>;
  /** What the console printed since the last line typed: its last line is the prompt it waits at. */
  private last = '';

  constructor(t: TestApp) {
    const output = new Writable({
      write: (chunk, _enc, next) => {
        this.out += chunk.toString();
        this.screen += chunk.toString();
        next();
      },
    });
    this.done = new CheckedConsole(t.app, { input: this.input, output, interactive: true }).run();
  }

  /** Waits for the console's next prompt (a line left open), and a moment more for anything after it. */
  private async prompted(from: number): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const length = this.out.length;
      if (length > from && !this.out.endsWith('\n')) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (this.out.length === length) return this.out.slice(from);
      }
      if (Date.now() > deadline) throw new Error(`no prompt after:\n${this.out.slice(from)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async start(): Promise<string> {
    return (this.last = await this.prompted(0));
  }

  /** Types one line; returns what the console printed in answer, up to its next prompt. */
  async type(line: string): Promise<string> {
    const from = this.out.length;
    this.screen += `${line}\n`;
    recordTypedLine(line);
    this.input.write(`${line}\n`);
    return (this.last = await this.prompted(from));
  }

  /** The prompt the console waits at: `anna> ` or `? Field *  [1. tak / 2. nie]: `. */
  get prompt(): string {
    return this.last.slice(this.last.lastIndexOf('\n') + 1);
  }

  /** The whole session as the person saw it. */
  get shown(): string {
    return this.screen;
  }

  /** Every message printed so far; the newest version of a changed one. */
  messages(): Printed[] {
    const byNumber = new Map<number, Printed>();
    for (const m of printedMessages(this.screen)) byNumber.set(m.number, m);
    return [...byNumber.values()];
  }

  /** The newest printed message that says `text` (its header counts: `→ DM @jan`). */
  message(text: string | RegExp, header?: string): Printed {
    const says = (m: Printed) => (typeof text === 'string' ? m.text.includes(text) : text.test(m.text)) && (header === undefined || m.header.startsWith(header));
    const found = this.messages().filter(says).at(-1);
    if (!found) throw new Error(`nothing printed says ${String(text)}${header ? ` (${header})` : ''}:\n${this.screen}`);
    return found;
  }

  /** Presses the button of that printed message by the number printed beside its label. */
  press(message: Printed, label: string): Promise<string> {
    const button = message.buttons.find((b) => b.label === label);
    if (!button) throw new Error(`message [${message.number}] has no button "${label}": ${message.buttons.map((b) => b.label).join(', ')}`);
    return this.type(`:press ${button.ref}`);
  }

  /** Someone takes the keyboard (`:as`), presses a button of a printed message, and reads the answer. */
  async pressAs(person: string, message: Printed, label: string, answer: string | RegExp): Promise<Printed> {
    await this.type(`:as ${person}`);
    await this.press(message, label);
    return this.message(answer);
  }

  /**
   * Answers the form the console is asking, field by field: a choice by the number printed beside
   * the wanted name, text as given, an empty line for a field not given (the console keeps its value).
   */
  async fill(answers: Record<string, string>): Promise<string> {
    let printed = '';
    const unused = new Set(Object.keys(answers));
    for (let field = this.prompt; field.startsWith('? '); field = this.prompt) {
      const asked = /^\? (.+?)( \*)?(?: \[(.+)\])?(?: \(.*\))?: $/s.exec(field);
      if (!asked) throw new Error(`cannot read the prompt ${field}`);
      const [, label = '', required, hint] = asked;
      const key = Object.keys(answers).find((k) => label.startsWith(k));
      if (key === undefined && required) throw new Error(`the form asks for "${label}", which the test does not answer`);
      let answer = key === undefined ? '' : answers[key]!;
      if (key !== undefined) unused.delete(key);
      if (hint && answer) {
        const options = [...hint.matchAll(/(\d+)\. (.*?)(?= \/ \d+\. |$)/g)].map(([, n, name]) => ({ n: n!, name: name! }));
        const option = options.find((o) => o.name.toLowerCase() === answer.toLowerCase());
        if (!option) throw new Error(`"${label}" offers ${hint}, not ${answer}`);
        answer = option.n;
      }
      printed = await this.type(answer);
    }
    expect([...unused], 'fields the form never asked for').toEqual([]);
    return printed;
  }

  async quit(): Promise<void> {
    this.input.end();
    await this.done;
  }
}

describe('the console, clicked through: one slash command, then only what was printed', () => {
  let t: TestApp;
  let term: Terminal;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-02T09:00:00Z', env: { CONSOLE_CLUSTER: TEST_CLUSTER } });
    term = new Terminal(t);
    await term.start();
  });
  afterEach(async () => {
    await term.quit();
    await t.close();
  });

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

    t.clock.set('2026-03-05T12:00:00Z');
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
    const [application] = await t.app.db.rawQuery<{ stage: string; status: string }>('SELECT stage, status FROM "Application"');
    expect(application).toEqual({ stage: 'decided', status: 'accepted' });
    expect(await term.type(':as jan')).toContain('Działasz jako jan (role: Spółdzielnia Socjalna Razem)');
  });

  it('takes a motion from creation through the voting-opened notice, votes pressed on the post and in DMs, to Close and the result', async () => {
    await generalMeeting(t);
    await term.type(':as ola main:"Fundacja Horyzont"');
    await term.type(':as piotr main:"Spółdzielnia Socjalna Razem"');
    await term.type(':as ewa main:"Stowarzyszenie Morskie"');
    await term.type(':as anna coordinator');
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
    expect(await term.press(post, 'Za')).toContain('tylko dla członków głównych');

    await term.press(opened, 'Zamknij głosowanie');
    const result = term.message('Wynik głosowania: Przyjęcie sprawozdania za 2025 rok', '→ #');
    expect(result.text).toContain('Uchwała została przyjęta.');
    expect(result.text).toContain('Za: 2, Przeciw: 1, Wstrzymuję się: 0');
    expect(term.message(/Głosowanie nad .* zamknięte/).text).toContain('Frekwencja: 3 z 3');
    const [motion] = await t.app.db.rawQuery<{ status: string }>('SELECT status FROM "Motion"');
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
    const rows = await t.app.db.rawQuery<{ choice: string }>('SELECT choice FROM "PollAnswer" ORDER BY choice');
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
    expect(await t.app.db.rawQuery('SELECT * FROM "PollAnswer"')).toEqual([]);
  });
});
