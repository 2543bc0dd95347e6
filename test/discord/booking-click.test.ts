import { describe, expect, it } from 'vitest';
import { buttonLabels, textOf } from './client.ts';
import { discordServerPerTest } from './server.ts';
import { type Who } from './support.ts';

/**
 * Shared equipment and spaces on Discord: each flow starts with one slash command from the
 * registered payload, then only the buttons, selects and modals the bot sent.
 */

const KASIA: Who = { id: '300000000000000501', name: 'Kasia' };
const JAN: Who = { id: '300000000000000502', name: 'Jan' };
const PIOTR: Who = { id: '300000000000000503', name: 'Piotr' };
const EWA: Who = { id: '300000000000000504', name: 'Ewa' };
const BOT_CHANNEL = '600000000000000051';
const BARTER = '600000000000000053';

describe('Discord click-through: shared equipment and spaces', () => {
  const server = discordServerPerTest({
    coordinator: KASIA,
    channels: { bot: BOT_CHANNEL, barter: BARTER },
    members: [
      [JAN, 'Spółdzielnia Socjalna Smak'],
      [PIOTR, 'Spółdzielnia Kuchnia Razem'],
      [EWA, 'Fundacja Transport Pomorze'],
    ],
  });

  it('lists a van from the bare /resource add, offers it on the barter board, a member books it from the card, the owner approves and confirms the return; an overlap is refused', async () => {
    const jan = server.as(JAN);
    const step1 = (await jan.command('/resource add')).modal;
    const saved = (await jan.submit(step1, { name: 'Bus 9-osobowy', kind: 'sprzęt', place: 'Gdańsk', approval: 'Tak' })).message;
    const step2 = (await jan.press(saved, 'Dalej (2/2)')).modal;
    const card = (await jan.submit(step2, { rules: 'Zwrot z pełnym bakiem.', availability: 'pn–pt 8–18' })).message;
    expect(textOf(card)).toContain('Sprzęt do wspólnego użytku: Bus 9-osobowy');
    expect(buttonLabels(card)).toEqual(['Zarezerwuj', 'Historia rezerwacji', 'Ogłoś w wymianie', 'Zmień', 'Wycofaj']);
    expect(textOf((await jan.press(card, 'Ogłoś w wymianie')).message)).toContain('Ogłoszono w wymianie: Bus 9-osobowy.');

    // Piotr finds it on the barter board and books it from the card.
    const offer = server.discord.last(server.discord.postsIn(BARTER), 'Bus 9-osobowy');
    expect(buttonLabels(offer)).toEqual(['Odpowiedz', 'Zarezerwuj']);
    const piotr = server.as(PIOTR);
    const form = (await piotr.press(offer, 'Zarezerwuj')).modal;
    // The owner's availability is in the start field's hint, before Piotr picks a period.
    expect(JSON.stringify(form.data.components)).toContain('"placeholder":"Np. 20.03.2026 10:00 · dostępność: pn–pt 8–18"');
    const asked = (await piotr.submit(form, { from: '10.03.2026 10:00', to: '10.03.2026 16:00', note: 'Wyjazd na targi' })).message;
    expect(textOf(asked)).toContain('Wysłano prośbę o rezerwację zasobu „Bus 9-osobowy” od 10.03.2026, 10:00 do 10.03.2026, 16:00.');

    // The owner approves from the DM; Piotr is told.
    const request = server.discord.last(server.discord.dmsTo(JAN.id), 'Prośba o rezerwację: Bus 9-osobowy');
    expect(buttonLabels(request)).toEqual(['Zatwierdź', 'Odrzuć']);
    expect(textOf((await jan.press(request, 'Zatwierdź')).message)).toContain('Zatwierdzono rezerwację organizacji Spółdzielnia Kuchnia Razem.');
    expect(buttonLabels(server.discord.last(server.discord.dmsTo(PIOTR.id), 'Rezerwacja potwierdzona: Bus 9-osobowy'))).toEqual(['Odwołaj rezerwację']);

    // Ewa, from the bare /resource book, picks the van and an overlapping period: refused, her entry kept.
    const ewa = server.as(EWA);
    const ewaForm = (await ewa.command('/resource book')).modal;
    const refused = (await ewa.submit(ewaForm, { resource: 'Bus 9-osobowy · sprzęt · Gdańsk', from: '10.03.2026 15:00', to: '10.03.2026 18:00' })).message;
    expect(textOf(refused)).toContain('Ten termin jest już zajęty: zasób „Bus 9-osobowy” jest zarezerwowany od 10.03.2026, 10:00 do 10.03.2026, 16:00.');
    const again = (await ewa.press(refused, 'Popraw formularz')).modal;
    expect(textOf((await ewa.submit(again, { from: '11.03.2026 08:00', to: '11.03.2026 12:00' })).message)).toContain('Wysłano prośbę o rezerwację');

    // After the period the owner is asked to confirm the return, once, and does from the DM.
    server.d.t.clock.set('2026-03-10T15:05:00Z');
    await server.d.t.runJobs();
    await server.d.t.runJobs('2026-03-10T15:15:00Z');
    const asks = server.discord.dmsTo(JAN.id).filter((m) => textOf(m).includes('Potwierdźcie zwrot: Bus 9-osobowy'));
    expect(asks).toHaveLength(1);
    expect(textOf((await jan.press(asks[0]!, 'Potwierdź zwrot')).message)).toContain('Potwierdzono zwrot: Bus 9-osobowy.');
    expect(textOf(server.discord.last(server.discord.dmsTo(PIOTR.id), 'Zwrot potwierdzony'))).toContain('zwrócona');
  });

  it('the owner changes the van from its filled-in modals, then withdraws it: the booker told once, the barter card closed, its old Zarezerwuj explained', async () => {
    const jan = server.as(JAN);
    const step1 = (await jan.command('/resource add')).modal;
    const saved = (await jan.submit(step1, { name: 'Bus 9-osobowy', kind: 'sprzęt', place: 'Gdańsk', approval: 'Nie' })).message;
    const card = (await jan.submit((await jan.press(saved, 'Dalej (2/2)')).modal, { rules: 'Zwrot z pełnym bakiem.' })).message;
    await jan.press(card, 'Ogłoś w wymianie');
    const offer = server.discord.last(server.discord.postsIn(BARTER), 'Bus 9-osobowy');
    const piotr = server.as(PIOTR);
    expect(textOf((await piotr.submit((await piotr.press(offer, 'Zarezerwuj')).modal, { from: '10.03.2026 10:00', to: '10.03.2026 16:00' })).message)).toContain('Zarezerwowano zasób');
    // Piotr keeps the card he opened from the list; its Zarezerwuj outlives the resource.
    const piotrsCard = (await piotr.choose((await piotr.command('/resource list')).message, ['Bus 9-osobowy'])).message;

    // Zmień: the same two modals, filled in; only the place is typed anew.
    const edit1 = (await jan.press(card, 'Zmień')).modal;
    expect(edit1.data.title).toContain('Zmiana zasobu');
    const kept = (await jan.submit(edit1, { place: 'Gdynia' })).message;
    const edit2 = (await jan.press(kept, 'Dalej (2/2)')).modal;
    expect(JSON.stringify(edit2.data.components)).toContain('"value":"Zwrot z pełnym bakiem."');
    const changed = (await jan.submit(edit2, {})).message;
    expect(textOf(changed)).toContain('Zapisano zmiany zasobu „Bus 9-osobowy”.');
    expect(textOf(changed)).toContain('Gdynia');
    expect(textOf(changed)).toContain('Zwrot z pełnym bakiem.');

    const confirm = (await jan.press(changed, 'Wycofaj')).message;
    expect(textOf(confirm)).toContain('1 nadchodząca rezerwacja zostanie odwołana');
    expect(textOf((await jan.press(confirm, 'Tak, wycofaj')).message)).toContain('Wycofano zasób „Bus 9-osobowy”. Odwołano 1 rezerwację');
    expect(server.discord.dmsTo(PIOTR.id).filter((m) => textOf(m).includes('Rezerwacje odwołane: Bus 9-osobowy'))).toHaveLength(1);
    const closed = server.discord.postsIn(BARTER).find((m) => m.id === offer.id)!;
    expect(textOf(closed)).toContain('wycofane');
    expect(buttonLabels(closed)).not.toContain('Zarezerwuj');
    expect(textOf((await piotr.press(piotrsCard, 'Zarezerwuj')).message)).toContain('Ten zasób został wycofany: „Bus 9-osobowy” nie jest już dostępny');
  });
});
