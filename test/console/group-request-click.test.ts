import { describe, expect, it } from 'vitest';
import { terminalPerTest } from './terminal.ts';

/** Working groups on members' request (W-M KES model) at the console: one slash command, then the printed button. */
describe('the console, clicked through: a working group on a member’s request', () => {
  const term = terminalPerTest('2026-03-02T09:00:00Z', ['Konsorcjum cateringowe', 'Wspólna oferta na catering dla szkół']);

  it('a member requests a group with a coordinator and a deadline; the coordinator approves it by pressing the printed button', async () => {
    await term.type(':as ewa main:"Fundacja Pomorska"');
    await term.type(':as jan main:"Spółdzielnia Socjalna Razem"');
    await term.type(':as anna coordinator');
    await term.type('/setup model model:wm-kes');
    expect(term.message('Zastosowano zasady').text).toContain('Rada Klastra');

    await term.type(':as jan');
    await term.type('/group request name:"Konsorcjum cateringowe" purpose:"Wspólna oferta na catering dla szkół" coordinator:@ewa deadline:30.06.2026');
    expect(term.message('Wniosek o utworzenie grupy roboczej „Konsorcjum cateringowe” złożony').text).toContain('Spółdzielnia Socjalna Razem');

    await term.type(':as anna');
    const card = term.message('Organizacja „Spółdzielnia Socjalna Razem” proponuje nową grupę roboczą.', '→ DM @anna');
    expect(card.buttons.map((b) => b.label)).toEqual(['Zatwierdź grupę', 'Odrzuć wniosek']);
    expect(await term.press(card, 'Zatwierdź grupę')).toContain('Grupa robocza „Konsorcjum cateringowe” utworzona');
    expect(term.message('Twój wniosek został zatwierdzony', '→ DM @jan').text).toContain('Konsorcjum cateringowe');
    const [group] = await term.t.app.db.rawQuery<{ status: string }>('SELECT status FROM "WorkingGroup" WHERE name = \'Konsorcjum cateringowe\'');
    expect(group?.status).toBe('active');
  });
});
