import { describe, expect, it } from 'vitest';
import type { ClusterContext } from '../../src/core/actor.ts';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, shown } from './client.ts';
import { ANNOUNCE, BOT, JAN, KOORD, opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * Convening the General Meeting on Slack: `/pkes-assembly convene` alone opens the modal; then
 * only what the bot posted: Zmień and Odwołaj on the coordinator's confirmation, Będę on the
 * representative's DM. Signed HTTP only.
 */

const ORG = 'Spółdzielnia Socjalna Zażółć';

const w = slackWorkspacePerTest(
  { coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [ANNOUNCE]: 'ogloszenia', [BOT]: 'bot' }, settings: { channels: { announcements: ANNOUNCE, bot: BOT } } },
  async ({ app, ws, cluster }) => {
    ws.person(JAN, { locale: 'pl-PL' });
    recordTyped(ORG);
    const jan = await app.app.services.people.ensure(cluster.id, JAN, 'jan');
    await app.app.services.seeding.representativeOf(cluster.id, jan.id, ORG, 'main');
  },
);

describe('Slack click-through: convening the General Meeting', () => {
  it('convenes from the modal, changes and cancels from the confirmation; the representative answers from the DM', async () => {
    const form = opened(await w.ws.slash(KOORD, '/pkes-assembly convene'));
    recordTyped({ place: 'Gdańsk, ul. Długa 1', agenda: 'Sprawozdanie z działalności' });
    const convened = await w.ws.submit(KOORD, form, { date: '20.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1', link: 'https://meet.example.org/walne', agenda: 'Sprawozdanie z działalności' });
    expect(convened.errors).toBeUndefined();
    const confirmation = w.ws.last(KOORD, 'Zwołano: Walne Spotkanie Sieci 2026');
    expect(confirmation.only).toBe(KOORD);
    expect(shown(confirmation)).toContain('piątek, 20 marca 2026, godz. 17:00');
    expect(buttonLabels(confirmation)).toEqual(['Zmień', 'Odwołaj']);

    const notice = w.ws.last(JAN, 'Zwołanie: Walne Spotkanie Sieci 2026', { channel: w.ws.dm(JAN) });
    expect(shown(notice)).toContain('1. Sprawozdanie z działalności');
    expect(shown(w.ws.last(JAN, 'Zwołanie: Walne Spotkanie Sieci 2026', { channel: ANNOUNCE }))).toContain('Gdańsk, ul. Długa 1');
    const answered = await w.ws.press(JAN, notice, 'Będę');
    expect(answered.messages.map((m) => shown(m)).join('\n')).toContain('będzie na spotkaniu');

    const change = opened(await w.ws.press(KOORD, confirmation, 'Zmień'));
    const changedOutcome = await w.ws.submit(KOORD, change, { time: '18:30' });
    expect(changedOutcome.errors).toBeUndefined();
    const changed = w.ws.last(KOORD, 'Zmieniono i rozesłano ponownie: Walne Spotkanie Sieci 2026');
    expect(shown(w.ws.last(JAN, 'Zmiana w zwołaniu', { channel: w.ws.dm(JAN) }))).toContain('godz. 18:30');

    const cancel = opened(await w.ws.press(KOORD, changed, 'Odwołaj'));
    recordTyped('Sala niedostępna');
    expect((await w.ws.submit(KOORD, cancel, { reason: 'Sala niedostępna' })).errors).toBeUndefined();
    expect(buttonLabels(w.ws.last(KOORD, 'Odwołano: Walne Spotkanie Sieci 2026'))).toEqual([]);
    expect(shown(w.ws.last(JAN, 'Odwołane', { channel: w.ws.dm(JAN) }))).toContain('Powód: Sala niedostępna');
  });
});
