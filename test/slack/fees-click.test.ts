import { describe, expect, it } from 'vitest';
import { admittedLastYear } from '../fees/support.ts';
import { buttonLabels, shown, type Message, type Outcome } from './client.ts';
import { opened, slackWorkspacePerTest } from './workspace.ts';

/**
 * Membership fees on Slack: /pkes-setup fees opens the rules' modal, /pkes-fee list's button the
 * payment's modal, the member's /pkes-fee status, the reminder's button in a DM.
 */

const BOT = 'C0BOT';
const KOORD = 'U0KOORD';
const SMAK = 'Spółdzielnia Socjalna Smak';

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-02T09:00:00Z', channels: { [BOT]: 'bot' }, settings: { channels: { bot: BOT } } });

/** What one person was shown in an outcome, newest. */
function to(user: string, outcome: Outcome): Message {
  const m = outcome.messages.filter((x) => x.only === user || x.channel === w.ws.dm(user)).at(-1);
  expect(m, `nothing for ${user}: ${outcome.messages.map((x) => shown(x)).join(' / ')}`).toBeDefined();
  return m!;
}

describe('Slack click-through: membership fees', () => {
  it('the coordinator sets the rules and records a payment in modals; the member sees its balance and presses the reminder\'s button', async () => {
    await w.represents('U0JAN', SMAK);
    await admittedLastYear(w.app);

    const rules = opened(await w.ws.slash(KOORD, '/pkes-setup fees'));
    const set = to(KOORD, await w.ws.submit(KOORD, rules, { entry: '0', yearly: '100 zł', due: '31.03', reminders: '14/30' }));
    expect(shown(set)).toContain('Składka roczna członków głównych: 100,00 zł (niezależnie od wielkości)');

    const list = to(KOORD, await w.ws.slash(KOORD, '/pkes-fee list'));
    expect(buttonLabels(list)).toEqual(['Zapisz wpłatę', 'Pobierz zestawienie (CSV)']);
    const payment = opened(await w.ws.press(KOORD, list, 'Zapisz wpłatę'));
    // The organisation is searched as typed ("Smak") and chosen from what Slack then offers.
    const [found] = await w.ws.suggest(KOORD, payment, 'member', 'Smak');
    expect(found?.text.text).toBe(`${SMAK} · aktywne`);
    const recorded = to(KOORD, await w.ws.submit(KOORD, payment, { member: found!.value, amount: '60', reference: 'PRZELEW 1/03' }));
    expect(shown(recorded)).toContain(`Zapisano wpłatę 60,00 zł od organizacji ${SMAK}`);
    expect(await w.app.app.db.dumpTable('FeePayment')).toHaveLength(1);

    const status = to('U0JAN', await w.ws.slash('U0JAN', '/pkes-fee status'));
    expect(shown(status)).toMatch(/Do zapłaty\*?\s+40,00 zł/);

    await w.app.runJobs('2026-03-17T08:05:00Z');
    const reminder = w.ws.last('U0JAN', 'Składka członkowska za rok 2026', { channel: w.ws.dm('U0JAN') });
    const own = to('U0JAN', await w.ws.press('U0JAN', reminder, 'Stan składki'));
    expect(shown(own)).toContain(`Składka za rok 2026: ${SMAK}`);
  });
});
