import { describe, expect, it } from 'vitest';
import { admittedLastYear } from '../fees/support.ts';
import { buttonLabels, textOf } from './client.ts';
import { discordServerPerTest } from './server.ts';
import { type Who } from './support.ts';

/**
 * Membership fees on Discord: /setup fees opens the rules' modal, /fee list's button the payment's
 * modal (the organisation a select), the member's /fee status, the reminder's button in a DM.
 */

const KASIA: Who = { id: '300000000000000301', name: 'Kasia' };
const JAN: Who = { id: '300000000000000302', name: 'Jan' };
const BOT_CHANNEL = '600000000000000021';
const SMAK = 'Spółdzielnia Socjalna Smak';

describe('Discord click-through: membership fees', () => {
  const server = discordServerPerTest({ coordinator: KASIA, channels: { bot: BOT_CHANNEL }, roles: true, members: [[JAN, SMAK]], start: '2026-03-02T09:00:00Z' }, ({ d }) => admittedLastYear(d.t));

  it('the coordinator sets the rules and records a payment in modals; the member sees its balance and presses the reminder\'s button', async () => {
    const kasia = server.as(KASIA);
    const rules = (await kasia.command('/setup fees')).modal;
    expect(rules.data.title).toBe('Zasady składek');
    const set = (await kasia.submit(rules, { entry: '0', yearly: '100 zł', due: '31.03', reminders: '14/30' })).message;
    expect(textOf(set)).toContain('Składka roczna członków głównych: 100,00 zł (niezależnie od wielkości)');

    const list = (await kasia.command('/fee list')).message;
    expect(buttonLabels(list)).toEqual(['Zapisz wpłatę', 'Pobierz zestawienie (CSV)']);
    const payment = (await kasia.press(list, 'Zapisz wpłatę')).modal;
    const recorded = (await kasia.submit(payment, { member: `${SMAK} · aktywne`, amount: '60', reference: 'PRZELEW 1/03' })).message;
    expect(textOf(recorded)).toContain(`Zapisano wpłatę 60,00 zł od organizacji ${SMAK}`);
    expect((await server.d.t.app.db.dumpTable('FeePayment'))[0]).toMatchObject({ amount: 6000, paidOn: '2026-03-02', reference: 'PRZELEW 1/03' });

    const status = (await server.as(JAN).command('/fee status')).message;
    expect(textOf(status)).toMatch(/Do zapłaty\s+40,00 zł/);

    await server.d.t.runJobs('2026-03-17T08:05:00Z');
    const reminder = server.discord.last(server.discord.dmsTo(JAN.id), 'Składka członkowska za rok 2026');
    const own = (await server.as(JAN).press(reminder, 'Stan składki')).message;
    expect(textOf(own)).toContain(`Składka za rok 2026: ${SMAK}`);
  });
});
