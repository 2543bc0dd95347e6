import { describe, expect, it } from 'vitest';
import { HOME_BUTTONS, HOME_EXPECTED, homeScenario, HOME_START } from '../support/home-scenario.ts';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, shown, type Block, type HomeTab } from './client.ts';
import { slackWorkspacePerTest } from './workspace.ts';

/**
 * "What needs me" on Slack (issue 23, point 4): opening the app's Home tab (app_home_opened)
 * publishes exactly what waits for the person (views.publish), its buttons are the flows' own,
 * and the tab is published again after the person acts (the vote cast, the ballot gone) and when
 * the bot tells them of something new. `/pkes-home` gives the same list as a private reply.
 */

const KASIA = 'U0KASIA';
const PIOTR = 'U0PIOTR';
const EWA = 'U0EWA';
const ANNOUNCE = 'C0ANNOUNCE';
const BARTER = 'C0BARTER';

const w = slackWorkspacePerTest(
  { coordinator: KASIA, start: HOME_START, channels: { [ANNOUNCE]: 'ogloszenia', [BARTER]: 'wymiana' }, settings: { channels: { announcements: ANNOUNCE, barter: BARTER } } },
  async (w) => {
    w.ws.person(PIOTR).person(EWA);
    await homeScenario(w.app.app, w.cluster, { me: KASIA, other: PIOTR, candidate: EWA });
  },
);

/** The list as the tab shows it: a section per kind, "*heading*" and its lines. */
function sections(blocks: Block[]): string[][] {
  return blocks.filter((b) => b.type === 'section' && b.text?.text.startsWith('*')).map((b) => {
    const [head = '', ...lines] = b.text!.text.split('\n');
    return [head.replace(/^\*(.*)\*$/, '$1'), lines.join('\n')];
  });
}

const homeButtons = (home: HomeTab) => buttonLabels({ blocks: home.blocks } as never);

describe('Slack: the Home tab and /pkes-home list what waits for the person', () => {
  it('publishes exactly the pending items on opening, and again without the ballot once it is cast', async () => {
    const { home, calls } = await w.ws.openHome(KASIA);
    const publish = calls.find((c) => c.method === 'views.publish')!.body;
    expect(publish.user_id).toBe(KASIA);
    expect((publish.view as { type: string }).type).toBe('home');
    expect(home.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Co na Ciebie czeka' } });
    expect(shown({ blocks: home.blocks })).toContain('Czeka na Ciebie 6 spraw.');
    expect(sections(home.blocks)).toEqual(HOME_EXPECTED);
    expect(homeButtons(home)).toEqual(HOME_BUTTONS);

    // The ballot from the tab: its card arrives in the DM, with the motion's own buttons; the vote is cast from there.
    const pressed = await w.ws.pressHome(KASIA, 'Głosuj: Budżet na 2027');
    const ballot = pressed.messages.find((m) => m.channel === w.ws.dm(KASIA))!;
    expect(buttonLabels(ballot)).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);
    const before = w.ws.home(KASIA).publishes;
    const voted = await w.ws.press(KASIA, ballot, 'Za');
    expect(shown(voted.messages.at(-1))).toContain('Potwierdzenie oddania głosu');
    // Published again once, after the vote: the ballot is gone, the rest is as it was.
    expect(voted.calls.filter((c) => c.method === 'views.publish')).toHaveLength(1);
    const after = w.ws.home(KASIA);
    expect(after.publishes).toBe(before + 1);
    expect(sections(after.blocks)).toEqual(HOME_EXPECTED.filter(([kind]) => kind !== 'Głosowania'));
    expect(homeButtons(after)).not.toContain('Głosuj: Budżet na 2027');
    expect(shown({ blocks: after.blocks })).toContain('Czeka na Ciebie 5 spraw.');
  });

  it('publishes again when something new waits: another organisation\'s request that her offer fits', async () => {
    await w.ws.openHome(KASIA);
    recordTyped('Sala na warsztaty');
    const posted = await w.ws.slash(PIOTR, '/pkes-barter request kind:space title:"Sala na warsztaty" place:Gdańsk until:2026-03-20');
    expect(posted.calls.filter((c) => c.method === 'views.publish' && c.body.user_id === KASIA)).toHaveLength(1);
    expect(sections(w.ws.home(KASIA).blocks)).toContainEqual(['Prośby, na które możecie odpowiedzieć', '• Sala na warsztaty – prosi organizacja Fundacja Horyzont, do 20.03.2026']);
    // Someone who never opened the tab gets no view published.
    expect(w.ws.homes.has(PIOTR)).toBe(false);
    // And the request is answered from the tab: the response form opens as a modal with the post chosen.
    const form = await w.ws.pressHome(KASIA, 'Odpowiedz na prośbę: Sala na warsztaty');
    expect(form.view?.view.blocks.map((b) => b.block_id)).toEqual(['id', 'message']);
    recordTyped('Mamy salę na 30 osób.');
    await w.ws.submit(KASIA, form.view!, { message: 'Mamy salę na 30 osób.' });
    expect(sections(w.ws.home(KASIA).blocks).map(([kind]) => kind)).not.toContain('Prośby, na które możecie odpowiedzieć');
  });

  it('a ballot that opens is published to each voter who opened the tab, once, and to nobody who did not', async () => {
    await w.ws.openHome(PIOTR);
    expect(shown({ blocks: w.ws.home(PIOTR).blocks })).not.toContain('Plan promocji klastra');
    const created = await w.ws.slash(KASIA, '/pkes-motion create title:"Plan promocji klastra" closes:"2026-03-09 18:00"');
    expect(created.calls.filter((c) => c.method === 'views.publish').map((c) => c.body.user_id)).toEqual([PIOTR]);
    const ballots = sections(w.ws.home(PIOTR).blocks).find(([kind]) => kind === 'Głosowania')![1]!;
    expect(ballots.split('\n')).toContain('• Plan promocji klastra – głosowanie do 9.03.2026, 18:00');
    expect(w.ws.homes.has(KASIA)).toBe(false);
  });

  it('/pkes-home answers privately with the same list, and its buttons act: the meeting answered from it', async () => {
    const outcome = await w.ws.slash(KASIA, '/pkes-home');
    const reply = outcome.messages.at(-1)!;
    expect(reply.only).toBe(KASIA);
    expect(sections(reply.blocks)).toEqual(HOME_EXPECTED);
    expect(buttonLabels(reply)).toEqual(HOME_BUTTONS);
    const rsvp = await w.ws.press(KASIA, reply, 'Będę: Spotkanie sieci – marzec');
    expect(shown(rsvp.messages.at(-1))).toContain('Spotkanie sieci – marzec');
    const again = (await w.ws.slash(KASIA, '/pkes-home')).messages.at(-1)!;
    expect(sections(again.blocks).map(([kind]) => kind)).not.toContain('Obecność na spotkaniach');
  });
});
