import { describe, expect, it } from 'vitest';
import type { ClusterContext } from '../../src/core/actor.ts';
import { buttonLabels, shown } from './client.ts';
import { ANNOUNCE, BOT, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * Issue 20, point 5, on Slack: the motion card's "Dodaj zadanie" opens a modal whose owner is
 * searched in an external select; when the motion passes the owners are told in a DM whose
 * buttons open the progress modal; `/pkes-motion outcomes` lists the tasks and offers a member
 * its own. Signed HTTP only; people press what the bot posted.
 */

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [ANNOUNCE]: 'ogloszenia', [BOT]: 'bot' }, settings: { channels: { announcements: ANNOUNCE, bot: BOT } } });

describe('Slack click-through: a passed motion\'s tasks', () => {
  it('adds a task from the motion card, tells its owner when the motion passes, and takes the owner\'s progress from the DM and from /pkes-motion outcomes', async () => {
    await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
    await w.represents('U0PIOTR', 'Fundacja Horyzont');
    await w.app.app.services.meetings.schedule(w.cluster, { kind: 'general', startsAt: new Date('2026-03-10T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk', agenda: '1. Otwarcie' });

    const created = await w.ws.slash(KOORD, '/pkes-motion create title:"Wspólny katalog usług" closes:"2026-03-10 19:00"');
    const card = created.messages.find((m) => m.only === KOORD && m.via === 'response_url')!;
    expect(buttonLabels(card)).toEqual(['Zamknij głosowanie', 'Dodaj zadanie']);

    // The owner is searched as typed in the modal's select, among organisations, people and groups.
    const form = opened(await w.ws.press(KOORD, card, 'Dodaj zadanie'));
    const owner = form.view.blocks.find((b) => b.block_id === 'owner')!;
    expect(owner.element?.type).toBe('external_select');
    expect((await w.ws.suggest(KOORD, form, 'owner', 'horyz')).map((o) => o.text.text)).toEqual(['Fundacja Horyzont (organizacja)']);
    const added = await w.ws.submit(KOORD, form, { title: 'Przygotować katalog usług', owner: 'Fundacja Horyzont (organizacja)', due: '2026-03-20' });
    expect(added.errors).toBeUndefined();
    expect(shown(added.messages.find((m) => m.only === KOORD))).toContain('Dodano zadanie „Przygotować katalog usług” do uchwały „Wspólny katalog usług”.');

    // The vote on the DMs, then Close on the card.
    for (const user of ['U0JAN', 'U0PIOTR']) await w.ws.press(user, w.ws.last(user, 'Głosowanie otwarte', { channel: w.ws.dm(user) }), 'Za');
    const closed = await w.ws.press(KOORD, card, 'Zamknij głosowanie');
    expect(shown(closed.messages.find((m) => m.only === KOORD))).toContain('Uchwała została przyjęta.');

    // Piotr's DM: the task with its buttons; "W toku" opens the progress modal with that status chosen.
    const notice = w.ws.last('U0PIOTR', 'Nowe zadanie z uchwały: Przygotować katalog usług', { channel: w.ws.dm('U0PIOTR') });
    expect(buttonLabels(notice)).toEqual(['W toku', 'Zrobione']);
    const progress = opened(await w.ws.press('U0PIOTR', notice, 'W toku'));
    const reported = await w.ws.submit('U0PIOTR', progress, { note: 'Zbieramy opisy usług od członków.' });
    expect(reported.errors).toBeUndefined();
    expect(shown(reported.messages.find((m) => m.only === 'U0PIOTR'))).toContain('Zapisano: zadanie „Przygotować katalog usług” jest w toku.');

    // /pkes-motion outcomes: the task by motion with its status; Piotr chooses his own and finishes it.
    const list = (await w.ws.slash('U0PIOTR', '/pkes-motion outcomes')).messages.find((m) => m.only === 'U0PIOTR')!;
    expect(shown(list)).toContain('Przygotować katalog usług – Fundacja Horyzont (organizacja), termin: 20.03.2026, stan: w toku. Informacja: Zbieramy opisy usług od członków.');
    const mine = (await w.ws.choose('U0PIOTR', list, 'Przygotować katalog usług')).messages.find((m) => m.only === 'U0PIOTR')!;
    const done = opened(await w.ws.press('U0PIOTR', mine, 'Zrobione'));
    await w.ws.submit('U0PIOTR', done, { note: 'Katalog gotowy i wysłany.' });
    expect(shown(w.ws.last(KOORD, 'Zadanie wykonane: Przygotować katalog usług', { channel: w.ws.dm(KOORD) }))).toContain('Katalog gotowy i wysłany.');
    // Jan's organisation is not the owner: the list offers him nothing to report on.
    const jans = (await w.ws.slash('U0JAN', '/pkes-motion outcomes')).messages.find((m) => m.only === 'U0JAN')!;
    expect(shown(jans)).toContain('stan: zrobione');
    expect(jans.blocks.some((b) => (b.elements ?? []).some((e) => e.type === 'static_select'))).toBe(false);
  });
});
