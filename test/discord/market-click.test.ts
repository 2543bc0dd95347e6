import { describe, expect, it } from 'vitest';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, textOf } from './client.ts';
import { BARTER, BOT_CHANNEL, discordServerPerTest, EWA, JAN, KASIA, PIOTR } from './server.ts';
import {  } from './support.ts';

/**
 * The cluster's economy on Discord: one slash command from the registered payload, then only the
 * buttons, selects and modals the bot sent (every body checked against Discord's OpenAPI).
 */

const SMAK = 'Spółdzielnia Socjalna Smak';
const KUCHNIA = 'Spółdzielnia Kuchnia Razem';

describe('Discord click-through: market opportunities, consortia and joint purchases', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: BOT_CHANNEL, barter: BARTER } }, async ({ d, cluster, members }) => {
    const sectors = ['gastronomia', 'usługi gastronomiczne', 'transport'];
    recordTyped(sectors);
    const ids = await members([[JAN, SMAK], [PIOTR, KUCHNIA], [EWA, 'Fundacja Transport Pomorze']]);
    for (const [i, { personId, memberId }] of ids.entries()) await d.t.app.services.members.updateProfile(cluster, personId, memberId, { sectors: sectors[i]! });
  });

  it('takes an opportunity from the bare /opportunity post to declarations, a consortium with its shares, and its status moved to delivered', async () => {
    const kasia = server.as(KASIA);
    const step1 = (await kasia.command('/opportunity post')).modal;
    const saved = (await kasia.submit(step1, { title: 'Catering na konferencję', need: 'Obiady i przerwy kawowe', place: 'Gdańsk', when: '12–14 czerwca', volume: '150 osób' })).message;
    const step2 = (await kasia.press(saved, 'Dalej (2/2)')).modal;
    const posted = (await kasia.submit(step2, { sectors: 'gastronomia; catering', deadline: '20.03.2026' })).message;
    expect(textOf(posted)).toContain('Wiadomość dostały 2 organizacje');
    expect(server.discord.dmsTo(EWA.id)).toEqual([]);

    // Each fitting member declares from its notice: the modal opens with the opportunity chosen.
    const janNotice = server.discord.last(server.discord.dmsTo(JAN.id), 'Catering na konferencję');
    expect(buttonLabels(janNotice)).toEqual(['Zgłoś udział']);
    const janForm = (await server.as(JAN).press(janNotice, 'Zgłoś udział')).modal;
    expect(textOf((await server.as(JAN).submit(janForm, { part: 'Obiady dla 150 osób', price: '20 000' })).message)).toContain('przyjęte');
    const piotrForm = (await server.as(PIOTR).press(server.discord.last(server.discord.dmsTo(PIOTR.id), 'Catering na konferencję'), 'Zgłoś udział')).modal;
    await server.as(PIOTR).submit(piotrForm, { part: 'Przerwy kawowe', price: '10 000' });

    // The coordinator: from the declaration notice to the card, the choice of members, the budget.
    const told = server.discord.last(server.discord.dmsTo(KASIA.id), 'Przerwy kawowe');
    const card = (await kasia.press(told, 'Pokaż zlecenie')).message;
    expect(textOf(card)).toContain('Dotąd w żadnym konsorcjum klastra.');
    const choice = (await kasia.press(card, 'Utwórz konsorcjum')).message;
    const budget = (await kasia.choose(choice, [SMAK, KUCHNIA])).modal;
    const formed = (await kasia.submit(budget, { leader: SMAK, budget: '30 000,00' })).message;
    expect(textOf(formed)).toContain('Konsorcjum utworzone');
    expect(textOf(formed)).toContain('19\u00a0000,00 zł');
    expect(textOf(server.discord.last(server.discord.dmsTo(PIOTR.id), 'Konsorcjum: Catering'))).toContain('Wasz udział w budżecie: 9500,00 zł');

    const sent = (await kasia.press(formed, 'Oferta wysłana')).message;
    const won = (await kasia.press(sent, 'Wygrane')).message;
    const delivered = (await kasia.press(won, 'Zrealizowane')).message;
    expect(textOf(delivered)).toContain('Nowy stan konsorcjum: zrealizowane');
    const exported = (await kasia.press(delivered, 'Pobierz CSV')).message;
    expect(exported.files?.[0]).toMatch(/^zlecenie-.*\.csv$/);
    expect(textOf(server.discord.last(server.discord.dmsTo(JAN.id), 'zrealizowane'))).toContain('Catering na konferencję');
  });

  it('takes a joint purchase from the bare /purchase propose to sign-ups pressed on the card and the shares at the deadline', async () => {
    const jan = server.as(JAN);
    const form = (await jan.command('/purchase propose')).modal;
    await jan.submit(form, { item: 'Pojemniki na żywność', unit: 'szt.', tiers: '1: 2,50\n100: 2,00', deadline: '20.03.2026 12:00' });
    const card = server.discord.last(server.discord.postsIn(BARTER), 'Pojemniki na żywność');
    expect(buttonLabels(card)).toEqual(['Zapisz się']);

    const piotr = server.as(PIOTR);
    const join = (await piotr.press(card, 'Zapisz się')).modal;
    expect(textOf((await piotr.submit(join, { quantity: '60' })).message)).toContain('Zapisano: 60 szt.');
    const ewaJoin = (await server.as(EWA).press(card, 'Zapisz się')).modal;
    const ewa = (await server.as(EWA).submit(ewaJoin, { quantity: '40' })).message;
    expect(textOf(ewa)).toContain('łącznie zamówione: 100 szt.');
    // The card itself was edited: the total and the tier reached.
    expect(textOf(server.discord.last(server.discord.postsIn(BARTER), 'Pojemniki na żywność'))).toContain('2,00 zł za szt.');

    // Ewa changes her mind from her own view of it.
    const ewaAgain = server.as(EWA);
    const [picked] = await ewaAgain.autocomplete('/purchase show', 'id', 'pojemniki');
    expect(picked?.name).toMatch(/^Pojemniki na żywność · 100 szt\./);
    const view = (await ewaAgain.command('/purchase show', { id: picked!.value })).message;
    const withdrawn = (await ewaAgain.press(view, 'Wycofaj się')).message;
    expect(textOf(withdrawn)).toContain('łącznie zamówione: 60 szt.');

    await server.d.t.runJobs('2026-03-20T11:05:00Z');
    const list = server.discord.last(server.discord.dmsTo(JAN.id), 'Wspólny zakup zamknięty');
    expect(list.files?.[0]).toMatch(/\.csv$/);
    expect(textOf(server.discord.last(server.discord.dmsTo(PIOTR.id), 'Wspólny zakup zamknięty'))).toContain('do zapłaty: 150,00 zł');
  });
});
