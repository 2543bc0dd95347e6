import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { readCsv } from '../support/csv.ts';
import { cluster, generalMeeting, latestMotionId, orgOf } from './support.ts';

describe('/meeting minutes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ start: '2026-03-10T15:00:00Z' });
    await t.given('koord', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('piotr', { main: 'Fundacja Horyzont' });
    await t.given('marta', { main: 'CIS Wejherowo' });
    const c = await cluster(t);
    await t.app.services.clusters.updateSettings(c.id, { proxiesEnabled: true });
  });
  afterEach(() => t.close());

  it('records agenda, attendance, each motion with its result and the proxies, in Polish, as Markdown and CSV', async () => {
    const { meeting } = await generalMeeting(t);
    const c = await cluster(t);
    await t.as('marta').command('proxy', 'give', { to: 'piotr', note: 'pisemne nr 3' });

    await t.as('koord').command('motion', 'create', { title: 'Plan działań na 2026', text: 'Walne przyjmuje plan.', closes: '2026-03-10 19:00' });
    const open = await latestMotionId(t);
    await t.as('jan').press(await t.as('jan').command('vote'), 0);
    await t.as('koord').command('motion', 'create', { title: 'Wybór logo', closes: '2026-03-10 19:00', secret: true, ballot: 'single', choices: 'Fala; Kotwica' });
    const secret = await latestMotionId(t);
    await t.as('jan').action('vote', 'cast', [secret, await orgOf(t, 'jan'), 'n', '1']);
    await t.as('piotr').action('vote', 'cast', [secret, await orgOf(t, 'piotr'), 'n', '1']);
    await t.as('piotr').action('vote', 'cast', [secret, await orgOf(t, 'marta'), 'n', '0']);
    await t.as('koord').command('motion', 'close', { motion: open });
    await t.as('koord').command('motion', 'close', { motion: secret });

    // Attendance is recorded once the meeting has started, as the coordinator does.
    t.clock.set('2026-03-10T16:30:00Z');
    const present = await t.as('koord').command('meeting', 'attendance', { meeting: meeting.id, members: 'Spółdzielnia Socjalna Razem; Fundacja Horyzont' });
    expect(present.tone, present.text).toBe('success');
    const reply = await t.as('koord').command('meeting', 'minutes');
    expect(reply.text).toBe('Protokół spotkania „Walne Spotkanie Sieci 2026” w załącznikach (Markdown i CSV).');
    const [md, csv] = reply.attachments!;
    expect(md!.filename).toBe('protokol-2026-03-10.md');
    expect(csv!.filename).toBe('protokol-2026-03-10.csv');
    const markdown = md!.data.toString();
    expect(markdown).toContain('# Protokół: Walne Spotkanie Sieci 2026');
    expect(markdown).toContain('**Miejsce:** Gdańsk, ul. Długa 1');
    expect(markdown).toContain('## Porządek obrad\n\n1. Otwarcie\n2. Plan działań na 2026\n3. Wolne wnioski');
    expect(markdown).toContain('## Obecne organizacje (2)\n\n- Fundacja Horyzont\n- Spółdzielnia Socjalna Razem');
    expect(markdown).toContain('### 1. Plan działań na 2026');
    expect(markdown).toContain('- Głosy: Za: 1, Przeciw: 0, Wstrzymuję się: 0');
    expect(markdown).toContain('- **Wynik: Brak kworum – uchwała nie została przyjęta.**');
    expect(markdown).toContain('### 2. Wybór logo');
    expect(markdown).toContain('- Głosowanie: jedna z kilku opcji, tajne');
    expect(markdown).toContain('- Głosy: Fala: 1, Kotwica: 2');
    expect(markdown).toContain('- **Wynik: Uchwała została przyjęta.**');
    expect(markdown).toContain('## Pełnomocnictwa\n\n- CIS Wejherowo – pełnomocnik: Fundacja Horyzont (pisemne nr 3)');

    const rows = readCsv(csv);
    expect(rows[0]).toEqual(['sekcja', 'pozycja', 'szczegół', 'wartość']);
    expect(rows).toContainEqual(['Obecne organizacje', 'Spółdzielnia Socjalna Razem', '', 'obecna']);
    expect(rows).toContainEqual(['Uchwała', 'Wybór logo', 'Kotwica', '2']);
    expect(rows).toContainEqual(['Głosy imienne (jawne)', 'Plan działań na 2026', 'Spółdzielnia Socjalna Razem', 'Za']);
    expect(rows).toContainEqual(['Pełnomocnictwa', 'CIS Wejherowo', 'Fundacja Horyzont', 'pisemne nr 3']);
    // The secret ballot never appears by name.
    expect(rows.filter((r) => r[0] === 'Głosy imienne (jawne)' && r[1] === 'Wybór logo')).toEqual([]);
  });

  it('keeps a motion title that starts like a formula as text in the CSV', async () => {
    await generalMeeting(t);
    await t.as('koord').command('motion', 'create', { title: '=HYPERLINK("https://zly.example";"Uchwała")', text: 'Treść', closes: '2026-03-10 19:00' });
    const rows = readCsv((await t.as('koord').command('meeting', 'minutes')).attachments![1]);
    const motionRows = rows.filter((r) => r[0] === 'Uchwała');
    expect(motionRows.length).toBeGreaterThan(0);
    for (const r of motionRows) expect(r[1]).toBe(`'=HYPERLINK("https://zly.example";"Uchwała")`);
    expect(rows.every((r) => !/^[=+\-@]/.test(r.join('')))).toBe(true);
  });

  it('can be produced in English on request', async () => {
    await generalMeeting(t);
    const reply = await t.as('koord').command('meeting', 'minutes', { language: 'en' });
    const markdown = reply.attachments![0]!.data.toString();
    expect(reply.attachments![0]!.filename).toBe('minutes-2026-03-10.md');
    expect(markdown).toContain('# Minutes: Walne Spotkanie Sieci 2026');
    expect(markdown).toContain('## Organisations present (0)');
  });

  it('is for the Coordinating Team only', async () => {
    await generalMeeting(t);
    expect((await t.as('jan').command('meeting', 'minutes')).errorId).toBe('core.denied.coordinatingTeam');
  });
});
