import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../support/ics.ts';
import { scriptedConsolePerTest, signedIn } from './terminal.ts';

/**
 * Meetings in calendars at the console: each flow is one typed command, then lists and buttons it
 * printed. The console has no public address, so the calendar is written as a file, as each
 * meeting's .ics (of the announcement, and of the DMs about a change or a cancellation) is.
 */
describe('console: meetings in calendars', () => {
  const cli = scriptedConsolePerTest('2026-10-01T08:00:00Z');
  const read = (name: string) => parseIcs(readFileSync(path.join(cli.files, name), 'utf8'));

  it('writes the announcement’s .ics, the person’s calendar, and the files of a change and a cancellation chosen from the printed list', async () => {
    const out = await cli.run([
      ...signedIn({ jan: 'main:"Spółdzielnia Socjalna Razem"', koord: 'coordinator' }),
      '/meeting schedule kind:network date:2026-10-20 time:10:00 place:"Gdańsk" link:https://meet.example.org/x',
      ':as jan',
      '/meeting calendar',
      ':as koord',
      '/meeting change time:12:30',
      // Each list's one entry is the meeting: (3.1), then (6.1) after the change's reply and DM.
      ':choose 3.1',
      '/meeting cancel reason:"Sala niedostępna"',
      ':choose 6.1',
    ]);
    expect(out).toContain('Kiedy: 20.10.2026, 10:00 (czas środkowoeuropejski letni)');
    expect(out).toContain('Online: https://meet.example.org/x');
    expect(out).toContain('Bot nie ma publicznego adresu');
    expect(out).toContain('→ DM @jan');
    expect(out).toContain('Zmiana spotkania: Spotkanie robocze sieci');
    expect(out).toContain('Odwołane: Spotkanie robocze sieci');

    const written = readdirSync(cli.files).sort();
    const meetingFiles = written.filter((f) => f.startsWith('spotkanie-spotkanie-robocze-sieci-2026-10-20'));
    // The announcement; the change (koord's reply and jan's DM); the cancellation (reply and DM).
    expect(meetingFiles).toHaveLength(5);
    for (const name of written) expect(out).toContain(`📎 ${path.join(cli.files, name)}`);
    const versions = meetingFiles.map(read).map((c) => ({ method: c.method, sequence: c.events[0]!.sequence, local: c.events[0]!.localStart, uid: c.events[0]!.uid }));
    expect(new Set(versions.map((v) => v.uid)).size).toBe(1);
    expect(versions.map((v) => `${v.method}:${v.sequence}:${v.local}`).sort()).toEqual([
      'CANCEL:2:2026-10-20T12:30:00',
      'CANCEL:2:2026-10-20T12:30:00',
      'PUBLISH:0:2026-10-20T10:00:00',
      'PUBLISH:1:2026-10-20T12:30:00',
      'PUBLISH:1:2026-10-20T12:30:00',
    ]);
    const calendar = read(written.find((f) => f.startsWith('kalendarz-jan'))!);
    expect(calendar.events.map((e) => e.summary)).toEqual(['Spotkanie robocze sieci']);
  });
});
