import { describe, expect, it } from 'vitest';
import { perTest } from '../support/harness.ts';
import { recordTyped } from '../support/rendered.ts';
import { buttonLabels, textOf } from './client.ts';
import { ANNOUNCEMENTS, BOT_CHANNEL, discordServer, JAN, KASIA } from './server.ts';
import {  } from './support.ts';
import { smtpEnv, startSmtp } from '../assembly/smtp.ts';

/**
 * Convening the General Meeting on Discord: one /assembly convene opens the modal; after it, only
 * what the bot showed: the confirmation's Zmień (the modal, filled) and Odwołaj (a reason), and the
 * representatives' Będę on the notice. The guild scheduled event follows it; the e-mails go to a
 * real SMTP server on loopback.
 */

const ORG = 'Spółdzielnia Socjalna Zażółć';

describe('Discord click-through: convening the General Meeting', () => {
  // The e-mails' SMTP server comes first: the bot is configured with its address.
  const server = perTest(
    async () => {
      const smtp = await startSmtp();
      const started = await discordServer({ coordinator: KASIA, channels: { bot: BOT_CHANNEL, announcements: ANNOUNCEMENTS }, members: [[JAN, ORG]], start: '2026-03-02T09:00:00Z', env: smtpEnv(smtp) });
      return Object.assign(started, { smtp });
    },
    async ({ d, smtp }) => {
      await d.close();
      await smtp.close();
    },
  );

  it('convenes from the modal, changes and cancels from the confirmation’s buttons; the representative answers from the notice', async () => {
    const kasia = server.as(KASIA);
    const jan = server.as(JAN);
    expect(textOf((await jan.command('/member update', { email: 'biuro@zazolc.example.org' })).message)).toContain(ORG);

    const modal = (await kasia.command('/assembly convene')).modal;
    expect(modal.data.title).toBe('Zwołanie Walnego Spotkania Sieci');
    recordTyped({ place: 'Gdańsk, ul. Długa 1', agenda: 'Sprawozdanie z działalności' });
    const confirmation = (
      await kasia.submit(modal, { date: '20.03.2026', time: '17:00', place: 'Gdańsk, ul. Długa 1', link: 'https://meet.example.org/walne', agenda: 'Sprawozdanie z działalności' })
    ).message;
    expect(confirmation.onlyFor).toBe(KASIA.id);
    expect(textOf(confirmation)).toContain('Zwołano: Walne Spotkanie Sieci 2026');
    expect(textOf(confirmation)).toContain('piątek, 20 marca 2026, godz. 17:00');
    expect(buttonLabels(confirmation)).toEqual(['Zmień', 'Odwołaj']);

    const notice = server.discord.last(server.discord.dmsTo(JAN.id), 'Zwołanie: Walne Spotkanie Sieci 2026');
    expect(textOf(notice)).toContain('1. Sprawozdanie z działalności');
    expect(server.discord.postsIn(ANNOUNCEMENTS).map(textOf).filter((t) => t.includes('Zwołanie: Walne Spotkanie Sieci 2026'))).toHaveLength(1);
    expect(textOf((await jan.press(notice, 'Będę')).message)).toContain('będzie na spotkaniu');

    const changeModal = (await kasia.press(confirmation, 'Zmień')).modal;
    expect(changeModal.data.title).toBe('Zmiana zwołanego spotkania');
    const changed = (await kasia.submit(changeModal, { time: '18:30' })).message;
    expect(textOf(changed)).toContain('Zmieniono i rozesłano ponownie: Walne Spotkanie Sieci 2026');
    expect(textOf(server.discord.last(server.discord.dmsTo(JAN.id), 'Zmiana w zwołaniu'))).toContain('godz. 18:30');

    const cancelModal = (await kasia.press(changed, 'Odwołaj')).modal;
    recordTyped('Sala niedostępna');
    const cancelled = (await kasia.submit(cancelModal, { reason: 'Sala niedostępna' })).message;
    expect(textOf(cancelled)).toContain('Odwołano: Walne Spotkanie Sieci 2026');
    expect(buttonLabels(cancelled)).toEqual([]);
    expect(textOf(server.discord.last(server.discord.dmsTo(JAN.id), 'Odwołane'))).toContain('Powód: Sala niedostępna');

    // The meeting is one of the server's events and follows the convocation; each notice carries its .ics.
    expect(server.discord.eventCalls.map((e) => e.method)).toEqual(['POST', 'PATCH', 'PATCH']);
    expect(server.discord.eventCalls[2]!.body).toEqual({ status: 4 });
    expect(notice.files).toEqual(['spotkanie-walne-spotkanie-sieci-2026-2026-03-20.ics']);

    await server.d.t.runJobs();
    const mails = await server.smtp.waitFor(3);
    expect(mails.map((m) => m.mail.subject)).toEqual([
      'Zwołanie: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 17:00',
      'Zmiana w zwołaniu: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 18:30',
      'Odwołanie: Walne Spotkanie Sieci, piątek, 20 marca 2026, godz. 18:30',
    ]);
  });
});
