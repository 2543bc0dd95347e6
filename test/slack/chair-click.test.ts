import { describe, expect, it } from 'vitest';
import type { ClusterContext } from '../../src/core/actor.ts';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, shown, type Outcome } from './client.ts';
import { ANNOUNCE, answerTo, BOT, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * Chair mode on Slack: one /pkes-chair run, then only the buttons, selects and the modal the bot
 * posted, over the signed HTTP receiver.
 */

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-10T16:05:00Z', channels: { [ANNOUNCE]: 'ogloszenia', [BOT]: 'bot' }, settings: { channels: { announcements: ANNOUNCE, bot: BOT }, proxiesEnabled: true } });

/** The coordinator's own answer in an outcome. */
const mine = (outcome: Outcome) => answerTo(outcome, KOORD);

describe('Slack click-through: chairing the General Meeting', () => {
  it('presence by multi-selects, the item opened, room votes with a proxy, an online ballot merged, the urn in a modal, closed', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await w.represents('U0PIOTR', 'Fundacja Horyzont');
    await w.represents('U0MARTA', 'CIS Wejherowo');
    recordTyped({ title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk' });
    await w.app.app.services.meetings.schedule(w.cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk', agenda: '1. Plan' });
    // CIS is absent and gave Horyzont its proxy.
    // (Given beforehand; the proxy's own flow is not this test's.)
    const marta = await w.app.app.services.people.actor(w.cluster, { id: 'U0MARTA', displayName: 'u0marta', locale: 'pl-PL' });
    const horyzont = await w.app.app.services.governance.organisationOf(w.cluster.id, (await w.person('U0PIOTR')).id);
    await w.app.app.services.governance.giveProxy(w.cluster, marta, { toMemberId: horyzont!.id });
    await w.ws.slash(KOORD, '/pkes-motion create title:"Plan działań na 2026" opens:"2026-03-10 20:00" closes:"2026-03-10 21:00"');
    await w.ws.slash(KOORD, '/pkes-motion create title:"Wybór logo" opens:"2026-03-10 20:00" closes:"2026-03-10 21:00" secret:true ballot:single choices:"Fala; Kotwica"');

    let panel = mine(await w.ws.slash(KOORD, '/pkes-chair run'));
    expect(buttonLabels(panel)).toEqual(['Obecni na sali', 'Obecni online', '1. Plan działań na 2026', '2. Wybór logo']);
    panel = mine(await w.ws.chooseMany(KOORD, mine(await w.ws.press(KOORD, panel, 'Obecni na sali')), ['Fundacja Horyzont']));
    panel = mine(await w.ws.chooseMany(KOORD, mine(await w.ws.press(KOORD, panel, 'Obecni online')), ['Spółdzielnia Socjalna Razem']));
    expect(shown(panel)).toContain('Zapisano obecność online: 1 organizacja.');

    let item = mine(await w.ws.press(KOORD, panel, '1. Plan działań na 2026'));
    item = mine(await w.ws.press(KOORD, item, 'Otwórz głosowanie'));
    // Razem, online, votes from its DM; the room: Horyzont and, through its proxy, CIS.
    const notice = w.ws.last('U0JAN', 'Głosowanie otwarte: Plan działań na 2026', { channel: w.ws.dm('U0JAN') });
    await w.ws.press('U0JAN', notice, 'Za');
    const against = mine(await w.ws.press(KOORD, item, 'Na sali: Przeciw'));
    item = mine(await w.ws.chooseMany(KOORD, against, ['CIS Wejherowo', 'Fundacja Horyzont']));
    expect(shown(item)).toContain('na sali: 2, online: 1, uprawnionych: 3');
    item = mine(await w.ws.press(KOORD, item, 'Zamknij punkt'));
    expect(shown(item)).toContain('Uchwała nie została przyjęta.');

    panel = mine(await w.ws.press(KOORD, item, 'Wróć do panelu'));
    item = mine(await w.ws.press(KOORD, panel, '2. Wybór logo'));
    item = mine(await w.ws.press(KOORD, item, 'Otwórz głosowanie'));
    item = mine(await w.ws.chooseMany(KOORD, mine(await w.ws.press(KOORD, item, 'Wydaj karty do głosowania')), ['CIS Wejherowo', 'Fundacja Horyzont']));
    const modal = await w.ws.press(KOORD, item, 'Wpisz wynik z urny');
    expect(modal.view, 'the count opens a modal').toBeDefined();
    item = mine(await w.ws.submit(KOORD, modal.view!, { option1: '2', option2: '0' }));
    expect(shown(item)).toContain('Zapisano wynik z urny. Kart pustych lub nieważnych: 0.');
    item = mine(await w.ws.press(KOORD, item, 'Zamknij punkt'));
    expect(shown(item)).toContain('Uchwała została przyjęta.');
    const motions = await w.app.app.db.dumpTable('Motion');
    expect(motions.map((m) => JSON.parse(String(m.result)).counts)).toEqual([{ yes: 1, no: 2, abstain: 0 }, { Fala: 2, Kotwica: 0 }]);
  });
});
