import { describe, expect, it } from 'vitest';
import { HOME_BUTTONS, HOME_EXPECTED, homeScenario, HOME_START } from '../support/home-scenario.ts';
import { buttonLabels, textOf, type Shown } from './client.ts';
import { discordServerPerTest } from './server.ts';
import type { Who } from './support.ts';

/**
 * "What needs me" on Discord (issue 23, point 4): `/home` (registered as `moje-sprawy` in Polish),
 * typed from the registered payload, answers privately with exactly what waits for the person, and
 * its buttons are the flows' own: the ballot is cast and the task reported from there. Every body
 * the bot sends is checked against Discord's OpenAPI by the stand-in.
 */

const KASIA: Who = { id: '300000000000000101', name: 'Kasia' };
const PIOTR: Who = { id: '300000000000000103', name: 'Piotr' };
const EWA: Who = { id: '300000000000000104', name: 'Ewa' };

/** The list as the embed shows it: a field per kind, its lines. */
const fieldsOf = (m: Shown) => m.embeds.flatMap((e) => e.fields ?? []).map((f) => [f.name, f.value]);

describe('Discord: /home lists what waits for the person', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: '600000000000000001', announcements: '600000000000000002' }, roles: true, start: HOME_START }, async ({ d, cluster }) => {
    await homeScenario(d.t.app, cluster, { me: KASIA.id, other: PIOTR.id, candidate: EWA.id });
  });

  it('answers privately with exactly the pending items; the ballot is cast and the task reported from its buttons', async () => {
    expect(server.discord.registered.find((c) => c.name === 'home')?.name_localizations?.pl).toBe('moje-sprawy');
    const kasia = server.as(KASIA);
    const home = (await kasia.command('/home')).message;
    expect(home.onlyFor).toBe(KASIA.id);
    expect(home.embeds[0]?.title).toBe('Co na Ciebie czeka');
    expect(fieldsOf(home)).toEqual(HOME_EXPECTED);
    expect(buttonLabels(home)).toEqual(HOME_BUTTONS);

    const ballot = (await kasia.press(home, 'Głosuj: Budżet na 2027')).message;
    expect(buttonLabels(ballot)).toEqual(['Za', 'Przeciw', 'Wstrzymuję się']);
    expect(textOf((await kasia.press(ballot, 'Za')).message)).toContain('Potwierdzenie oddania głosu');

    const task = (await kasia.press(home, 'Zgłoś postęp: Przygotować katalog usług')).message;
    const progress = (await kasia.press(task, 'Zrobione')).modal;
    expect(textOf((await kasia.submit(progress, { note: 'Katalog wysłany.' })).message)).toContain('Przygotować katalog usług');

    const after = (await kasia.command('/home')).message;
    expect(fieldsOf(after)).toEqual(HOME_EXPECTED.filter(([kind]) => kind !== 'Głosowania' && kind !== 'Zadania z uchwał'));
  });
});
