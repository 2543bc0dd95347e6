import { describe, expect, it } from 'vitest';
import { signedIn, terminalPerTest } from './terminal.ts';

/** The console's `/meeting schedule kind:general` convenes as `/assembly convene` does. */
describe('the console: the General Meeting scheduled with /meeting schedule', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', signedIn({ jan: 'main:"Spółdzielnia Socjalna Razem"', anna: 'coordinator' }));

  it('is convened, the representative is told, and the confirmation changes it as /assembly would', async () => {
    await term.type('/meeting schedule kind:general date:20.03.2026 time:17:00 place:"Gdańsk, ul. Długa 1"');
    const confirmation = term.message('Zwołano: Walne Spotkanie Sieci 2026');
    expect(confirmation.buttons.map((b) => b.label)).toEqual(['Zmień', 'Odwołaj']);
    expect(term.message('Zwołanie: Walne Spotkanie Sieci 2026', '→ DM @jan').text).toContain('Gdańsk, ul. Długa 1');
    expect(await term.t.app.db.dumpTable('GeneralMeeting')).toHaveLength(1);

    await term.press(confirmation, 'Odwołaj');
    await term.fill({ Powód: 'Sala niedostępna' });
    expect(term.message('Odwołane: Walne Spotkanie Sieci 2026', '→ DM @jan').text).toContain('Powód: Sala niedostępna');
  });
});
