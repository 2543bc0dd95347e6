import { describe, expect, it } from 'vitest';
import { buttonLabels, shown } from './client.ts';
import { answerTo, BARTER, BOT, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * Shared equipment and spaces on Slack, over the signed HTTP receiver: one slash command from the
 * manifest per flow, then only the buttons, selects and modals the bot posted.
 */

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [BOT]: 'bot', [BARTER]: 'wymiana' }, settings: { channels: { bot: BOT, barter: BARTER } } });

describe('Slack click-through: shared equipment and spaces', () => {
  it('a hall from /pkes-resource add, booked from its card and from the bare /pkes-resource book, an overlap refused, the owner told, the booker cancels', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Smak');
    await w.represents('U0PIOTR', 'Spółdzielnia Kuchnia Razem');
    await w.represents('U0EWA', 'Fundacja Transport Pomorze');

    const form = opened(await w.ws.slash('U0JAN', '/pkes-resource add'));
    const added = await w.ws.submit('U0JAN', form, { name: 'Sala warsztatowa', kind: 'przestrzeń', place: 'Gdynia', approval: 'Nie', rules: 'Sprzątamy po sobie.', availability: 'pn–pt 8–16' });
    expect(added.errors).toBeUndefined();
    const card = answerTo(added, 'U0JAN');
    expect(shown(card)).toContain('Przestrzeń do wspólnego użytku: Sala warsztatowa');

    // Piotr: the list, the card, the booking form with the hall chosen.
    const list = answerTo(await w.ws.slash('U0PIOTR', '/pkes-resource list'), 'U0PIOTR');
    const shownCard = answerTo(await w.ws.choose('U0PIOTR', list, 'Sala warsztatowa'), 'U0PIOTR');
    expect(buttonLabels(shownCard)).toEqual(['Zarezerwuj', 'Historia rezerwacji']);
    const bookForm = opened(await w.ws.press('U0PIOTR', shownCard, 'Zarezerwuj'));
    // The owner's availability is in the start field's hint, before Piotr picks a period.
    expect(JSON.stringify(bookForm)).toContain('"text":"Np. 20.03.2026 10:00 · dostępność: pn–pt 8–16"');
    const booked = await w.ws.submit('U0PIOTR', bookForm, { from: '12.03.2026 09:00', to: '12.03.2026 13:00' });
    expect(booked.errors).toBeUndefined();
    expect(shown(answerTo(booked, 'U0PIOTR'))).toContain('Zarezerwowano zasób „Sala warsztatowa” od 12.03.2026, 09:00 do 12.03.2026, 13:00.');
    expect(shown(w.ws.last('U0JAN', 'Nowa rezerwacja: Sala warsztatowa', { channel: w.ws.dm('U0JAN') }))).toContain('Organizacja Spółdzielnia Kuchnia Razem zarezerwowała');

    // Ewa types the command alone and picks the hall in the modal's search: the period overlaps.
    const ewaForm = opened(await w.ws.slash('U0EWA', '/pkes-resource book'));
    const refused = await w.ws.submit('U0EWA', ewaForm, { resource: 'Sala warsztatowa · przestrzeń · Gdynia', from: '12.03.2026 12:00', to: '12.03.2026 15:00' });
    // Slack pushes the refusal over the modal, whose entries stay for "Wróć do formularza".
    expect(refused.ack?.response_action).toBe('push');
    expect(JSON.stringify(refused.ack?.view)).toContain('Ten termin jest już zajęty: zasób „Sala warsztatowa” jest zarezerwowany od 12.03.2026, 09:00 do 12.03.2026, 13:00.');
    expect((await w.app.app.db.dumpTable('ResourceBooking')).length).toBe(1);

    // Piotr changes his plans: cancels from the booking's own card; Jan hears of it.
    const cancelled = answerTo(await w.ws.press('U0PIOTR', answerTo(booked, 'U0PIOTR'), 'Odwołaj rezerwację'), 'U0PIOTR');
    expect(shown(cancelled)).toContain('Odwołano rezerwację zasobu „Sala warsztatowa”.');
    expect(shown(w.ws.last('U0JAN', 'Rezerwacja odwołana: Sala warsztatowa', { channel: w.ws.dm('U0JAN') }))).toContain('odwołana');
    const history = answerTo(await w.ws.press('U0JAN', card, 'Historia rezerwacji'), 'U0JAN');
    expect(shown(history)).toContain('Spółdzielnia Kuchnia Razem · odwołana');
  });

  it('the owner changes the hall from its filled-in modal, then withdraws it after a confirm step: the booker told once, the list empty, an old Zarezerwuj explained', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Smak');
    await w.represents('U0PIOTR', 'Spółdzielnia Kuchnia Razem');
    const card = answerTo(await w.ws.submit('U0JAN', opened(await w.ws.slash('U0JAN', '/pkes-resource add')), { name: 'Sala warsztatowa', kind: 'przestrzeń', place: 'Gdynia', approval: 'Nie', rules: 'Sprzątamy po sobie.' }), 'U0JAN');
    const piotrsCard = answerTo(await w.ws.choose('U0PIOTR', answerTo(await w.ws.slash('U0PIOTR', '/pkes-resource list'), 'U0PIOTR'), 'Sala warsztatowa'), 'U0PIOTR');
    expect((await w.ws.submit('U0PIOTR', opened(await w.ws.press('U0PIOTR', piotrsCard, 'Zarezerwuj')), { from: '12.03.2026 09:00', to: '12.03.2026 13:00' })).errors).toBeUndefined();

    // Zmień: the add form's fields with the current values; only the availability is typed.
    const editForm = opened(await w.ws.press('U0JAN', card, 'Zmień'));
    expect(JSON.stringify(editForm)).toContain('"initial_value":"Sprzątamy po sobie."');
    const changed = answerTo(await w.ws.submit('U0JAN', editForm, { availability: 'pn–pt 8–16' }), 'U0JAN');
    expect(shown(changed)).toContain('Zapisano zmiany zasobu „Sala warsztatowa”.');
    expect(shown(changed)).toContain('Sprzątamy po sobie.');
    expect(shown(changed)).toContain('pn–pt 8–16');

    const confirm = answerTo(await w.ws.press('U0JAN', changed, 'Wycofaj'), 'U0JAN');
    expect(shown(confirm)).toContain('1 nadchodząca rezerwacja zostanie odwołana');
    expect(shown(answerTo(await w.ws.press('U0JAN', confirm, 'Tak, wycofaj'), 'U0JAN'))).toContain('Wycofano zasób „Sala warsztatowa”. Odwołano 1 rezerwację');
    expect(shown(w.ws.last('U0PIOTR', 'Rezerwacje odwołane: Sala warsztatowa', { channel: w.ws.dm('U0PIOTR') }))).toContain('• 12.03.2026, 09:00 – 12.03.2026, 13:00');
    expect(shown(answerTo(await w.ws.slash('U0PIOTR', '/pkes-resource list'), 'U0PIOTR'))).toContain('Nikt jeszcze nie udostępnił');
    expect(shown(answerTo(await w.ws.press('U0PIOTR', piotrsCard, 'Zarezerwuj'), 'U0PIOTR'))).toContain('Ten zasób został wycofany: „Sala warsztatowa” nie jest już dostępny');
  });
});
