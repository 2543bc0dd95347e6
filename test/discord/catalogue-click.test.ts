import { describe, expect, it } from 'vitest';
import { buttonLabels, textOf } from './client.ts';
import { discordServerPerTest } from './server.ts';
import { type Who } from './support.ts';

/**
 * The service catalogue on Discord: one slash command per person, then only the modals, buttons
 * and selects the bot sent: an entry added in two modals, found by the sector's autocomplete,
 * downloaded, edited from its card, hidden by the coordinator, confirmed from the yearly reminder.
 */

const KASIA: Who = { id: '300000000000000501', name: 'Kasia' };
const JAN: Who = { id: '300000000000000502', name: 'Jan' };
const EWA: Who = { id: '300000000000000503', name: 'Ewa' };
const SMAK = 'Spółdzielnia Socjalna Smak';

describe('Discord click-through: the service catalogue', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: '600000000000000051' }, members: [[JAN, SMAK], [EWA, 'Fundacja Transport Pomorze']] });

  it('adds an entry in two modals, finds it by sector, downloads it, edits it from its card; the coordinator hides it; the reminder confirms it', async () => {
    const jan = server.as(JAN);
    // Seeding stamps the database's own time; confirming puts the data on the test clock.
    await jan.command('/member confirm-data');
    const step1 = (await jan.command('/catalogue add')).modal;
    const saved = (await jan.submit(step1, { title: 'Catering na imprezy', description: 'Obiady i przerwy kawowe', sector: 'gastronomia', area: 'Gdańsk; Sopot', contact: 'Jan Kowalski' })).message;
    const step2 = (await jan.press(saved, 'Dalej (2/2)')).modal;
    const card = (await jan.submit(step2, { email: 'biuro@smak.pl' })).message;
    expect(textOf(card)).toContain('Dodano do katalogu: „Catering na imprezy”.');
    expect(buttonLabels(card)).toEqual(['Edytuj', 'Usuń']);

    // Ewa finds it by the sector the autocomplete offers, opens it, downloads the catalogue.
    const ewa = server.as(EWA);
    const [sector] = await ewa.autocomplete('/catalogue browse', 'sector', 'gastr');
    expect(sector?.name).toBe('gastronomia');
    const list = (await ewa.command('/catalogue browse', { sector: sector!.value })).message;
    expect(textOf(list)).toContain(`Catering na imprezy – ${SMAK}`);
    expect(buttonLabels((await ewa.choose(list, [`Catering na imprezy · ${SMAK}`])).message)).toEqual([]);
    expect((await ewa.press(list, 'Pobierz Markdown')).message.files).toEqual(['katalog-uslug.md']);

    // Jan edits it from the card: both modals filled in with what the entry says.
    const edit1 = (await jan.press(card, 'Edytuj')).modal;
    const next = (await jan.submit(edit1, { title: 'Catering do 300 osób' })).message;
    const edit2 = (await jan.press(next, 'Dalej (2/2)')).modal;
    const edited = (await jan.submit(edit2, { phone: '601 202 303' })).message;
    expect(textOf(edited)).toContain('Zapisano zmiany we wpisie „Catering do 300 osób”.');
    expect(textOf(edited)).toContain('Jan Kowalski · biuro@smak.pl · 601 202 303');

    // The coordinator hides it from its card; Jan is told, with his entries a press away.
    const kasia = server.as(KASIA);
    const [entry] = await kasia.autocomplete('/catalogue show', 'id', 'catering');
    const seen = (await kasia.command('/catalogue show', { id: entry!.value })).message;
    expect(textOf((await kasia.press(seen, 'Ukryj w katalogu')).message)).toContain(`Ukryto wpis „Catering do 300 osób” organizacji ${SMAK}.`);
    const told = server.discord.last(server.discord.dmsTo(JAN.id), 'Wpis ukryty w katalogu');
    expect(textOf((await jan.press(told, 'Wpisy w katalogu')).message)).toContain('(ukryty)');

    // A year on: the reminder lists the entry; confirming from it makes the entry current again.
    await server.d.t.runJobs('2027-03-03T09:00:00Z');
    const reminder = server.discord.last(server.discord.dmsTo(JAN.id), 'Wpisy w katalogu usług:');
    expect(textOf(reminder)).toContain('• Catering do 300 osób (gastronomia · Gdańsk; Sopot)');
    expect(buttonLabels(reminder)).toEqual(['Potwierdzam aktualność danych', 'Edytuj wpisy w katalogu']);
    expect(textOf((await jan.press(reminder, 'Potwierdzam aktualność danych')).message)).toContain('Potwierdzono też 1 wpis w katalogu usług.');
  });
});
