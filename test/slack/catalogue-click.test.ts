import { describe, expect, it } from 'vitest';
import { buttonLabels, shown } from './client.ts';
import { answerTo, BOT, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * The service catalogue on Slack, over the signed HTTP receiver: one slash command per person,
 * then only the modals, buttons and selects the bot posted.
 */

const SMAK = 'Spółdzielnia Socjalna Smak';

const w = slackWorkspacePerTest({ coordinator: KOORD, channels: { [BOT]: 'bot' }, settings: { channels: { bot: BOT } } }, async (w) => {
  await w.represents('U0JAN', SMAK);
  await w.represents('U0EWA', 'Fundacja Transport Pomorze');
});

describe('Slack click-through: the service catalogue', () => {
  it('adds an entry in a modal, browses and downloads it, edits it from its card; the coordinator hides it; the reminder confirms it', async () => {
    const { ws } = w;
    await ws.slash('U0JAN', '/pkes-member confirm-data');
    const form = opened(await ws.slash('U0JAN', '/pkes-catalogue add'));
    const added = await ws.submit('U0JAN', form, { title: 'Catering na imprezy', sector: 'gastronomia', area: 'Gdańsk; Sopot', contact: 'Jan Kowalski', email: 'biuro@smak.pl' });
    expect(added.errors).toBeUndefined();
    const card = answerTo(added, 'U0JAN');
    expect(shown(card)).toContain('Dodano do katalogu: „Catering na imprezy”.');
    expect(buttonLabels(card)).toEqual(['Edytuj', 'Usuń']);

    // Ewa browses by sector, opens the entry from the list, downloads the catalogue.
    const list = answerTo(await ws.slash('U0EWA', '/pkes-catalogue browse sector:gastronomia'), 'U0EWA');
    expect(shown(list)).toContain(`Catering na imprezy – ${SMAK}`);
    expect(shown(answerTo(await ws.choose('U0EWA', list, `Catering na imprezy · ${SMAK}`), 'U0EWA'))).toContain('Jan Kowalski · biuro@smak.pl');
    await ws.press('U0EWA', list, 'Pobierz CSV');
    expect(ws.files.filter((f) => f.filename === 'katalog-uslug.csv')).toHaveLength(1);

    // Jan edits it from the card: the modal filled in with what the entry says.
    const edit = opened(await ws.press('U0JAN', card, 'Edytuj'));
    const edited = await ws.submit('U0JAN', edit, { title: 'Catering do 300 osób', phone: '601 202 303' });
    expect(edited.errors).toBeUndefined();
    expect(shown(answerTo(edited, 'U0JAN'))).toContain('Jan Kowalski · biuro@smak.pl · 601 202 303');

    // The coordinator hides it from the card the list opens; Jan is told.
    const all = answerTo(await ws.slash(KOORD, '/pkes-catalogue browse'), KOORD);
    const seen = answerTo(await ws.choose(KOORD, all, `Catering do 300 osób · ${SMAK}`), KOORD);
    expect(shown(answerTo(await ws.press(KOORD, seen, 'Ukryj w katalogu'), KOORD))).toContain(`Ukryto wpis „Catering do 300 osób” organizacji ${SMAK}.`);
    const told = ws.last('U0JAN', 'Wpis ukryty w katalogu', { channel: ws.dm('U0JAN') });
    expect(shown(answerTo(await ws.press('U0JAN', told, 'Wpisy w katalogu'), 'U0JAN'))).toContain('(ukryty)');

    // A year on: the reminder lists the entry; confirming from it makes the entry current again.
    await w.app.runJobs('2027-03-03T09:00:00Z');
    const reminder = ws.last('U0JAN', 'Wpisy w katalogu usług:', { channel: ws.dm('U0JAN') });
    expect(buttonLabels(reminder)).toEqual(['Potwierdzam aktualność danych', 'Edytuj wpisy w katalogu']);
    expect(shown(answerTo(await ws.press('U0JAN', reminder, 'Potwierdzam aktualność danych'), 'U0JAN'))).toContain('Potwierdzono też 1 wpis w katalogu usług.');
  });
});
