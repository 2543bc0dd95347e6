import { afterEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/dispatcher.ts';
import type { Reply } from '../../src/core/reply.ts';
import { castApp, TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { onOwnPostgres } from '../support/databases.ts';
import { readCsv } from '../support/csv.ts';
import { dm, ok, shown } from '../market/support.ts';

const SMAK = 'Spółdzielnia Socjalna Smak';
const TRANSPORT = 'Fundacja Transport Pomorze';

const CATERING = { title: 'Catering na imprezy do 200 osób', description: 'Obiady, przerwy kawowe, kolacje.\n\nDowóz w cenie.', sector: 'gastronomia', area: 'Gdańsk; Sopot, Gdynia', contact: 'Jan Kowalski', email: 'biuro@smak.pl', phone: '+48 58 123 45 67' };
const BUS = { title: 'Przewóz osób busem', sector: 'transport', area: 'powiat wejherowski', email: 'busy@transport.pl' };

async function catalogueApp(databaseUrl?: string): Promise<TestApp> {
  return castApp({ kasia: { roles: ['coordinator'] }, jan: { main: SMAK }, marek: { main: SMAK }, ewa: { main: TRANSPORT }, gosc: {} }, databaseUrl ? { databaseUrl } : {});
}

async function add(t: TestApp, user: string, values: Record<string, string>): Promise<string> {
  ok(await t.as(user).form('catalogue.add', values));
  return String((await t.app.db.dumpTable('CatalogueEntry')).at(-1)!.id);
}

function suggest(t: TestApp, user: string, subcommand: string, option: string, typed: string): Promise<Reply> {
  return t.app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: TEST_CLUSTER }, user: { id: user, displayName: user }, kind: 'suggest', command: 'catalogue', subcommand, option, typed } as Invocation);
}

describe('the service catalogue, through the command layer', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('representatives add, edit and remove their own entries; anyone browses by sector and place', async () => {
    t = await catalogueApp();
    // Bare /catalogue add opens the form.
    expect((await t.as('jan').command('catalogue', 'add')).form?.fields.map((f) => f.name)).toEqual(['title', 'description', 'sector', 'area', 'contact', 'email', 'phone']);
    const id = await add(t, 'jan', CATERING);
    await add(t, 'ewa', BUS);
    // One spelling per sector: "Gastronomia" joins "gastronomia".
    await add(t, 'marek', { title: 'Ciasta na zamówienie', sector: 'Gastronomia', area: 'Gdańsk', phone: '58 765 43 21' });
    const rows = await t.app.db.dumpTable('CatalogueEntry');
    expect(rows.map((r) => [r.sector, r.area])).toEqual([['gastronomia', 'Gdańsk; Gdynia; Sopot'], ['transport', 'powiat wejherowski'], ['gastronomia', 'Gdańsk']]);

    // Pickers offer the sectors and places the catalogue has.
    expect((await suggest(t, 'gosc', 'browse', 'sector', '')).suggestions?.map((s) => s.label)).toEqual(['gastronomia', 'transport']);
    expect((await suggest(t, 'gosc', 'browse', 'place', 'gd')).suggestions?.map((s) => s.label)).toEqual(['Gdańsk', 'Gdynia']);

    // Anyone (a client in the server, no member) reads it, narrowed by sector and place.
    const all = ok(await t.as('gosc').command('catalogue', 'browse'));
    expect(all.title).toBe('Katalog usług i produktów (3)');
    const gdynia = ok(await t.as('gosc').command('catalogue', 'browse', { sector: 'gastronomia', place: 'Gdynia' }));
    expect(gdynia.fields?.map((f) => f.label)).toEqual([`Catering na imprezy do 200 osób – ${SMAK}`]);
    expect(shown(gdynia)).toContain('Branża: gastronomia · Obszar: Gdańsk, Gdynia, Sopot');
    expect(shown(gdynia)).toContain('Jan Kowalski · biuro@smak.pl · +48 58 123 45 67');
    expect(shown(gdynia)).toContain('Aktualność potwierdzona 2.03.2026');
    expect((await t.as('gosc').command('catalogue', 'browse', { sector: 'stolarstwo' })).errorId).toBe('catalogue.errors.unknownSector');

    // The card from the list: only its own organisation's representatives may change it.
    const card = ok(await t.as('marek').choose(all, [id]));
    expect(card.buttons?.map((b) => b.label)).toEqual(['Edytuj', 'Usuń']);
    expect(ok(await t.as('ewa').choose(all, [id])).buttons ?? []).toEqual([]);
    expect((await t.as('ewa').command('catalogue', 'edit', { id, title: 'Przejęte' })).errorId).toBe('catalogue.errors.notYourEntry');
    expect((await t.as('ewa').action('catalogue', 'edit', [id])).errorId).toBe('catalogue.errors.notYourEntry');
    expect((await t.as('kasia').command('catalogue', 'remove', { id })).errorId).toBe('core.denied.member');

    // Edit from the card: the form filled in; a dash clears the phone, an empty field keeps its value.
    t.clock.set('2026-04-01T10:00:00Z');
    const form = ok(await t.as('marek').press(card, 'Edytuj')).form!;
    expect(Object.fromEntries(form.fields.map((f) => [f.name, f.value]))).toMatchObject({ id, title: CATERING.title, phone: CATERING.phone, area: 'Gdańsk; Gdynia; Sopot' });
    const edited = ok(await t.as('marek').form(form.id, { id, title: 'Catering do 300 osób', phone: '-', contact: '' }, form.args));
    expect(edited.text).toContain('Zapisano zmiany we wpisie „Catering do 300 osób”.');
    expect((await t.app.db.dumpTable('CatalogueEntry'))[0]).toMatchObject({ title: 'Catering do 300 osób', contactPhone: null, contactName: 'Jan Kowalski', contactEmail: 'biuro@smak.pl' });
    expect(shown(edited)).toContain('Aktualność potwierdzona 1.04.2026');

    // Remove, asked first.
    const ask = ok(await t.as('jan').press(edited, 'Usuń'));
    expect(ask.text).toContain('Usunąć z katalogu wpis „Catering do 300 osób”?');
    const removed = ok(await t.as('jan').press(ask, 'Tak, usuń'));
    expect(removed.text).toContain('Usunięto z katalogu wpis „Catering do 300 osób”.');
    expect(removed.title).toBe(`Katalog usług: ${SMAK}`);
    expect((await t.app.db.dumpTable('CatalogueEntry')).map((r) => r.title)).toEqual(['Przewóz osób busem', 'Ciasta na zamówienie']);
    const audit = (await t.app.db.dumpTable('AuditEntry')).filter((a) => String(a.action).startsWith('catalogue.')).map((a) => a.action);
    expect(audit).toEqual(['catalogue.added', 'catalogue.added', 'catalogue.added', 'catalogue.edited', 'catalogue.removed']);
  });

  it('refuses an entry nobody can reach or a bad phone with a clear message, keeping what was typed', async () => {
    t = await catalogueApp();
    const none = await t.as('jan').form('catalogue.add', { title: 'Szycie odzieży roboczej', sector: 'szycie', area: 'Słupsk' });
    expect(none.errorId).toBe('catalogue.errors.noContact');
    expect(none.text).toBe('Podaj e-mail lub telefon, aby klient mógł się z Wami skontaktować.');
    const reopened = ok(await t.as('jan').press(none, 'Popraw formularz')).form!;
    expect(reopened.fields.find((f) => f.name === 'title')?.value).toBe('Szycie odzieży roboczej');

    const phone = await t.as('jan').form('catalogue.add', { phone: 'zadzwoń' });
    expect(phone.errorId).toBe('core.errors.invalidOptions');
    expect(phone.fieldErrors?.phone).toContain('podaj numer telefonu');
    const long = await t.as('jan').form('catalogue.add', { phone: '601 202 303', area: 'Gmina Kosakowo i okoliczne miejscowości nad zatoką' });
    expect(long.errorId).toBe('catalogue.errors.placeTooLong');
    ok(await t.as('jan').form('catalogue.add', { area: 'Słupsk; Ustka' }));
    expect((await t.app.db.dumpTable('CatalogueEntry'))[0]).toMatchObject({ title: 'Szycie odzieży roboczej', area: 'Słupsk; Ustka', contactPhone: '601 202 303' });
  });

  it('the coordinator hides an entry: its organisation is told, clients no longer see it nor get it in a file', async () => {
    t = await catalogueApp();
    const id = await add(t, 'jan', CATERING);
    await add(t, 'ewa', BUS);
    const card = ok(await t.as('kasia').command('catalogue', 'show', { id }));
    expect(card.buttons?.map((b) => b.label)).toEqual(['Ukryj w katalogu']);
    const hidden = ok(await t.as('kasia').press(card, 'Ukryj w katalogu'));
    expect(hidden.text).toContain(`Ukryto wpis „Catering na imprezy do 200 osób” organizacji ${SMAK}.`);
    expect(dm(t, 'marek', 'Wpis ukryty w katalogu').text).toContain('Koordynator ukrył w katalogu usług Waszej organizacji wpis „Catering na imprezy do 200 osób”.');
    expect(shown(ok(await t.as('gosc').command('catalogue', 'browse')))).not.toContain('Catering');
    expect(shown(ok(await t.as('kasia').command('catalogue', 'browse')))).toContain(`Catering na imprezy do 200 osób – ${SMAK} (ukryty)`);
    expect(shown(ok(await t.as('jan').command('catalogue', 'mine')))).toContain('(ukryty)');
    const csv = readCsv(ok(await t.as('gosc').command('catalogue', 'export', { format: 'csv' })).attachments?.[0]);
    expect(csv.map((r) => r[2])).toEqual(['Oferta', 'Przewóz osób busem']);
    expect((await t.as('jan').action('catalogue', 'hide', [id])).errorId).toBe('core.denied.coordinator');

    const back = ok(await t.as('kasia').press(hidden, 'Przywróć w katalogu'));
    expect(back.text).toContain('znów jest widoczny');
    expect(shown(ok(await t.as('gosc').command('catalogue', 'browse')))).toContain('Catering');
  });

  it('exports Markdown whose structure no typed text can break, and CSV through the one CSV writer', async () => {
    t = await catalogueApp();
    const nasty = {
      title: '# Najlepsi | **w mieście** [kliknij](http://zly.example) <script>',
      description: 'Linia 1\n## Podtytuł\n- punkt\n1. pierwszy\n\n> cytat\n===\n| a | b |',
      sector: '_gastro_ `kod`',
      area: '#Gdańsk; *Sopot*',
      contact: '![obraz](x.png)',
      email: 'biuro@smak.pl',
    };
    await add(t, 'jan', nasty);
    await add(t, 'ewa', BUS);
    const list = ok(await t.as('gosc').command('catalogue', 'browse'));
    const md = ok(await t.as('gosc').press(list, 'Pobierz Markdown')).attachments![0]!;
    expect(md.filename).toBe('katalog-uslug.md');
    expect(md.contentType).toBe('text/markdown; charset=utf-8');
    const text = md.data.toString('utf8');
    // Headings: the title, one per sector, one per entry; none from what members typed.
    expect(text.split('\n').filter((l) => /^ {0,3}#/.test(l))).toEqual([
      '# Katalog usług i produktów: test\\-cluster'.replace('\\-', '-'),
      '## \\_gastro\\_ \\`kod\\`',
      '### \\# Najlepsi \\| \\*\\*w mieście\\*\\* \\[kliknij\\](http://zly.example) \\<script\\>',
      '## transport',
      '### Przewóz osób busem',
    ]);
    // No line starts a list, a quote, a table or a setext underline; nothing opens a tag or a link.
    for (const line of text.split('\n')) {
      expect(line, line).not.toMatch(/^ {0,3}([-+*] |>|\||=+\s*$|\d+[.)] )/);
      expect(line, line).not.toMatch(/(^|[^\\])[<[]/);
    }
    expect(text).toContain('\\# Najlepsi \\| \\*\\*w mieście\\*\\* \\[kliknij\\](http://zly.example) \\<script\\>');
    expect(text).toContain('Linia 1 \\#\\# Podtytuł - punkt 1. pierwszy\n\n\\> cytat === \\| a \\| b \\|');
    expect(text).toContain('**Aktualność potwierdzona:** 2.03.2026');
    expect(text).toContain('**Obszar działania:** \\*Sopot\\*, \\#Gdańsk');
    expect(text).toContain('**Kontakt:** !\\[obraz\\](x.png), biuro@smak.pl');

    const csv = ok(await t.as('gosc').press(list, 'Pobierz CSV'));
    expect(readCsv(csv.attachments?.[0])).toEqual([
      ['Branża', 'Organizacja', 'Oferta', 'Opis', 'Obszar działania', 'Osoba do kontaktu', 'E-mail', 'Telefon', 'Aktualność potwierdzona'],
      ['_gastro_ `kod`', SMAK, nasty.title, nasty.description, '*Sopot*, #Gdańsk', nasty.contact, 'biuro@smak.pl', '', '2.03.2026'],
      ['transport', TRANSPORT, 'Przewóz osób busem', '', 'powiat wejherowski', '', 'busy@transport.pl', '', '2.03.2026'],
    ]);
    // Filtered by a button's sector: only that sector in the file.
    const narrowed = ok(await t.as('gosc').command('catalogue', 'browse', { sector: 'transport' }));
    expect(readCsv(ok(await t.as('gosc').press(narrowed, 'Pobierz CSV')).attachments?.[0])).toHaveLength(2);
  });

  it('the yearly data confirmation shows the entries with a button to edit them; confirming makes them current again', async () => {
    t = await catalogueApp();
    // Seeding stamps the database's own time; confirming puts the data on the test clock.
    ok(await t.as('jan').command('member', 'confirm-data'));
    await add(t, 'jan', CATERING);
    await add(t, 'ewa', BUS);
    // A year on, Smak's data is due; Transport confirmed its data in between.
    t.clock.set('2026-12-01T09:00:00Z');
    ok(await t.as('ewa').command('member', 'confirm-data'));
    t.clock.set('2027-03-03T09:00:00Z');
    await t.runJobs();
    const reminder = dm(t, 'jan', 'Wpisy w katalogu usług:');
    expect(reminder.text).toContain('• Catering na imprezy do 200 osób (gastronomia · Gdańsk; Gdynia; Sopot)');
    expect(reminder.buttons?.map((b) => b.label)).toEqual(['Potwierdzam aktualność danych', 'Edytuj wpisy w katalogu']);
    expect(t.notifier.dmsTo('ewa').filter((m) => shown(m).includes('Wpisy w katalogu usług:'))).toEqual([]);

    // Not confirmed for over a year: marked in the catalogue, left out of the file.
    expect(shown(ok(await t.as('gosc').command('catalogue', 'browse')))).toContain('Niepotwierdzony od 2.03.2026: nie trafia do eksportu');
    const before = ok(await t.as('gosc').command('catalogue', 'export', { format: 'markdown' }));
    expect(before.text).toBe('Katalog w załączniku (liczba wpisów: 1). Pominięto wpisy, których organizacje nie potwierdziły w terminie corocznego potwierdzenia danych: 1.');
    expect(before.attachments![0]!.data.toString('utf8')).not.toContain('Catering');

    // From the reminder: the entries to edit, then the confirmation.
    const mine = ok(await t.as('jan').press(reminder, 'Edytuj wpisy w katalogu'));
    expect(mine.title).toBe(`Katalog usług: ${SMAK}`);
    expect(mine.text).toContain('Wasza organizacja ma w katalogu 1 wpis.');
    const confirmed = ok(await t.as('jan').press(reminder, 'Potwierdzam aktualność danych'));
    expect(confirmed.text).toBe(`Potwierdzono, że dane organizacji „${SMAK}” są aktualne. Potwierdzono też 1 wpis w katalogu usług.`);
    expect(new Date((await t.app.db.dumpTable('CatalogueEntry'))[0]!.confirmedAt as string).toISOString()).toBe('2027-03-03T09:00:00.000Z');
    const after = ok(await t.as('gosc').command('catalogue', 'export', { format: 'markdown' }));
    expect(after.text).toBe('Katalog w załączniku (liczba wpisów: 2).');
    expect(after.attachments![0]!.data.toString('utf8')).toContain('**Aktualność potwierdzona:** 3.03.2027');
  });
});

describe('the service catalogue on PostgreSQL', () => {
  it('two representatives removing the same entry at once: one removes it, the other hears it is gone; edits and exports run', { timeout: 120_000 }, async (ctx) => {
    const ran = await onOwnPostgres('pkes_catalogue', async (url) => {
      const t = await catalogueApp(url);
      try {
        const id = await add(t, 'jan', CATERING);
        await add(t, 'ewa', BUS);
        ok(await t.as('marek').command('catalogue', 'edit', { id, description: '-', phone: '601 202 303' }));
        expect((await t.app.db.dumpTable('CatalogueEntry')).find((r) => r.id === id)).toMatchObject({ description: '', contactPhone: '601 202 303' });
        expect((await t.as('gosc').command('catalogue', 'browse', { place: 'sopot' })).fields?.map((f) => f.label)).toEqual([`Catering na imprezy do 200 osób – ${SMAK}`]);
        const [a, b] = await Promise.all([t.as('jan').action('catalogue', 'removeConfirmed', [id]), t.as('marek').action('catalogue', 'removeConfirmed', [id])]);
        expect([a.errorId, b.errorId].sort()).toEqual(['catalogue.errors.notFound', undefined]);
        expect((await t.app.db.dumpTable('AuditEntry')).filter((e) => e.action === 'catalogue.removed')).toHaveLength(1);
        expect(readCsv(ok(await t.as('gosc').command('catalogue', 'export', { format: 'csv' })).attachments?.[0])).toHaveLength(2);
      } finally {
        await t.close();
      }
      return true;
    });
    if (!ran) ctx.skip();
  });
});
