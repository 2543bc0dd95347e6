import { describe, expect, it } from 'vitest';
import { recordTyped } from '../support/rendered.ts';
import { shown, type Outcome } from './client.ts';
import { slackWorkspacePerTest } from './workspace.ts';

/**
 * `/pkes-proxy give to:@…` as the Slack client sends it: the person picked from the autocomplete
 * arrives as `<@U…|name>` (the manifest escapes the command's text), one typed by hand as text.
 */

const KOORD = 'U0KOORD';

const w = slackWorkspacePerTest({ coordinator: KOORD, start: '2026-03-01T09:00:00Z', settings: { proxiesEnabled: true } }, async (w) => {
  await w.represents('U0JAN', 'Spółdzielnia Socjalna Razem');
  await w.represents('U0PIOTR', 'Fundacja Horyzont');
  recordTyped({ title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk' });
  await w.app.app.services.meetings.schedule(w.cluster, { kind: 'general', startsAt: new Date('2026-03-20T16:00:00Z'), title: 'Walne Spotkanie Sieci 2026', place: 'Gdańsk', agenda: '1. Plan' });
});

const answer = (outcome: Outcome, user: string) => outcome.messages.filter((m) => m.only === user || m.channel === w.ws.dm(user)).map((m) => shown(m)).join(' / ');

describe('Slack: a proxy given to a person mentioned in the command', () => {
  it('the mention picked from the autocomplete names the organisation that person represents', async () => {
    const given = await w.ws.slash('U0JAN', '/pkes-proxy give to:<@U0PIOTR> note:"Nie dojedziemy"');
    expect(answer(given, 'U0JAN')).toContain('Fundacja Horyzont');
    const [proxy] = await w.app.app.db.dumpTable('VoteProxy');
    const horyzont = await w.app.app.services.governance.organisationOf(w.cluster.id, (await w.person('U0PIOTR')).id);
    expect(proxy).toMatchObject({ toMemberId: horyzont!.id, note: 'Nie dojedziemy' });
  });

  it('a name typed by hand, not picked, is answered with how to mention, and leaves no stray person behind', async () => {
    const people = (await w.app.app.db.dumpTable('Person')).length;
    const typed = await w.ws.slash('U0JAN', '/pkes-proxy give to:@u0piotr');
    expect(answer(typed, 'U0JAN')).toContain('„@u0piotr” nie wskazuje osoby – wpisz @ i wybierz ją z podpowiedzi');
    expect(await w.app.app.db.dumpTable('VoteProxy')).toEqual([]);
    expect((await w.app.app.db.dumpTable('Person')).length).toBe(people);
  });
});
