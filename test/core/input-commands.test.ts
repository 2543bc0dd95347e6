import { describe, expect, it } from 'vitest';
import { appPerTest, castApp } from '../support/harness.ts';
import { generalMeeting } from '../governance/support.ts';

/** Commands read dates through one module: the same formats and the same DST answers everywhere. */
describe('dates typed into commands', () => {
  const t = appPerTest(() => castApp({ anna: { roles: ['coordinator'] } }, { start: '2026-03-01T10:00:00Z', jobs: [] }));

  it('"20.03.2026 10:00" (and 10.00) is read alike by /motion, /poll, /meeting and /group meeting', async () => {
    await generalMeeting(t);
    const motion = await t.as('anna').command('motion', 'create', { title: 'Plan działań', closes: '10.03.2026 19.00' });
    expect(motion.tone, motion.text).toBe('success');
    const poll = await t.as('anna').command('poll', 'create', { question: 'Który termin?', choices: 'A; B', deadline: '20.03.2026 10:00' });
    expect(poll.text).toContain('20.03.2026, 10:00');
    const meeting = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '20.03.2026', time: '10.00', place: 'Gdańsk' });
    expect(meeting.tone, meeting.text).toBe('success');
    const [motionRow] = await t.app.db.dumpTable('Motion');
    expect(new Date(motionRow!.closesAt as string).toISOString()).toBe('2026-03-10T18:00:00.000Z');
    // /group meeting and /group create read the same formats.
    await t.given('lider', {});
    const group = await t.as('anna').command('group', 'create', { name: 'Gastronomia', purpose: 'Wspólna oferta cateringowa', leader: 'lider', ends: '31.12.2026' });
    expect(group.tone, group.text).toBe('success');
    const groupMeeting = await t.as('lider').command('group', 'meeting', { group: 'Gastronomia', starts: '20.03.2026 10:00' });
    expect(groupMeeting.tone, groupMeeting.text).toBe('success');
    const meetings = await t.app.db.dumpTable('Meeting');
    expect(meetings.map((m) => new Date(m.startsAt as string).toISOString()).filter((iso) => iso === '2026-03-20T09:00:00.000Z')).toHaveLength(2);
    const [groupRow] = await t.app.db.dumpTable('WorkingGroup');
    expect(new Date(groupRow!.endsAt as string).toISOString()).toBe('2026-12-31T22:59:59.999Z');
  });

  it('refuses 02:30 on 29 March 2026, a time the clocks skip, and schedules nothing', async () => {
    const reply = await t.as('anna').command('meeting', 'schedule', { kind: 'network', date: '2026-03-29', time: '2:30', place: 'Gdańsk' });
    expect(reply.errorId).toBe('core.input.skippedTime');
    expect(reply.text).toContain('Godziny 02:30 dnia 29.03.2026 nie ma w strefie czasowej klastra');
    expect(reply.fieldErrors?.time).toBeDefined();
    expect(await t.app.db.dumpTable('Meeting')).toHaveLength(0);
  });

  it('accepts 02:30 on 25 October 2026, which happens twice, and says which instant was taken', async () => {
    const reply = await t.as('anna').command('poll', 'create', { question: 'Który termin?', choices: 'A; B', deadline: '2026-10-25 02:30' });
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('Przyjęto pierwsze wystąpienie (UTC+02:00), nie drugie (UTC+01:00)');
    const [poll] = await t.app.db.dumpTable('Poll');
    expect(new Date(poll!.deadline as string).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const english = await t.as('anna', { locale: 'en' }).command('poll', 'create', { question: 'Which date?', choices: 'A; B', deadline: '2026-10-25 02:30' });
    expect(english.text).toContain('The first one (UTC+02:00) was taken, not the second (UTC+01:00).');
  });
});
