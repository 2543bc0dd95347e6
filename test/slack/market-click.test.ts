import { describe, expect, it } from 'vitest';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, shown, type Outcome } from './client.ts';
import { BARTER, BOT, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * The cluster's economy on Slack, through the signed HTTP receiver: one slash command from the
 * manifest per flow, then only the buttons, selects and modals the bot posted.
 */

const SMAK = 'Spółdzielnia Socjalna Smak';
const KUCHNIA = 'Spółdzielnia Kuchnia Razem';

const w = slackWorkspacePerTest(
  { coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [BOT]: 'bot', [BARTER]: 'wymiana' }, settings: { channels: { bot: BOT, barter: BARTER } } },
  async (w) => {
    for (const [id, org, sectors] of [['U0JAN', SMAK, 'gastronomia'], ['U0PIOTR', KUCHNIA, 'usługi gastronomiczne'], ['U0EWA', 'Fundacja Transport Pomorze', 'transport']] as const) {
      recordTyped(sectors);
      const { memberId, personId } = await w.represents(id, org);
      await w.app.app.services.members.updateProfile(w.cluster, personId, memberId, { sectors });
    }
  },
);
const mine = (outcome: Outcome, user: string) => outcome.messages.find((m) => m.only === user)!;

describe('Slack click-through: market opportunities, consortia and joint purchases', () => {
  it('an opportunity from /pkes-opportunity post to declarations, the consortium and delivered', async () => {
    const form = opened(await w.ws.slash(KOORD, '/pkes-opportunity post'));
    const posted = await w.ws.submit(KOORD, form, { title: 'Catering na konferencję', place: 'Gdańsk', sectors: 'gastronomia; catering', deadline: '20.03.2026' });
    expect(posted.errors).toBeUndefined();
    expect(shown(mine(posted, KOORD))).toContain('Wiadomość dostały 2 organizacje');

    const janNotice = w.ws.last('U0JAN', 'Catering na konferencję', { channel: w.ws.dm('U0JAN') });
    expect(buttonLabels(janNotice)).toEqual(['Zgłoś udział']);
    const janForm = opened(await w.ws.press('U0JAN', janNotice, 'Zgłoś udział'));
    expect((await w.ws.submit('U0JAN', janForm, { part: 'Obiady dla 150 osób', price: '20 000' })).errors).toBeUndefined();
    const piotrForm = opened(await w.ws.press('U0PIOTR', w.ws.last('U0PIOTR', 'Catering na konferencję', { channel: w.ws.dm('U0PIOTR') }), 'Zgłoś udział'));
    await w.ws.submit('U0PIOTR', piotrForm, { part: 'Przerwy kawowe', price: '10 000' });

    const told = w.ws.last(KOORD, 'Przerwy kawowe', { channel: w.ws.dm(KOORD) });
    const card = mine(await w.ws.press(KOORD, told, 'Pokaż zlecenie'), KOORD);
    const choice = mine(await w.ws.press(KOORD, card, 'Utwórz konsorcjum'), KOORD);
    expect(shown(choice)).toContain('Dotąd w żadnym konsorcjum klastra.');
    const budget = opened(await w.ws.chooseMany(KOORD, choice, [SMAK, KUCHNIA]));
    const formed = await w.ws.submit(KOORD, budget, { leader: SMAK, budget: '30 000,00' });
    expect(formed.errors).toBeUndefined();
    const formedMessage = mine(formed, KOORD);
    expect(shown(formedMessage)).toContain('Konsorcjum utworzone');
    expect(shown(w.ws.last('U0PIOTR', 'Konsorcjum: Catering', { channel: w.ws.dm('U0PIOTR') }))).toContain('9500,00 zł');

    const sent = mine(await w.ws.press(KOORD, formedMessage, 'Oferta wysłana'), KOORD);
    const won = mine(await w.ws.press(KOORD, sent, 'Wygrane'), KOORD);
    const delivered = mine(await w.ws.press(KOORD, won, 'Zrealizowane'), KOORD);
    expect(shown(delivered)).toContain('Nowy stan konsorcjum: zrealizowane');
    expect((await w.app.app.db.dumpTable('MarketOpportunity'))[0]).toMatchObject({ status: 'delivered' });
  });

  it('a joint purchase from /pkes-purchase propose to a sign-up pressed on the card and the shares at the deadline', async () => {
    const form = opened(await w.ws.slash('U0JAN', '/pkes-purchase propose'));
    expect((await w.ws.submit('U0JAN', form, { item: 'Pojemniki na żywność', unit: 'szt.', tiers: '1: 2,50; 100: 2,00', deadline: '20.03.2026 12:00' })).errors).toBeUndefined();
    const card = w.ws.last('U0PIOTR', 'Pojemniki na żywność', { channel: BARTER });
    const join = opened(await w.ws.press('U0PIOTR', card, 'Zapisz się'));
    const signed = await w.ws.submit('U0PIOTR', join, { quantity: '120' });
    expect(signed.errors).toBeUndefined();
    // The card in the channel is updated in place with the total and the tier reached.
    expect(signed.calls.some((c) => c.method === 'chat.update' && c.body.channel === BARTER && c.body.ts === card.ts)).toBe(true);

    await w.app.runJobs('2026-03-20T11:05:00Z');
    expect(shown(w.ws.last('U0PIOTR', 'Wspólny zakup zamknięty', { channel: w.ws.dm('U0PIOTR') }))).toContain('do zapłaty: 240,00 zł');
    expect(w.ws.files.some((f) => f.channel === w.ws.dm('U0JAN') && f.filename.endsWith('.csv'))).toBe(true);
  });
});
