import { describe, expect, it } from 'vitest';
import { createTestApp, appPerTest } from '../support/harness.ts';

describe('/help and /about', () => {
  const t = appPerTest(() => createTestApp());

  it('lists only the commands a stranger may use, in Polish by default', async () => {
    const reply = await t.as('stranger').command('help');
    expect(reply.title).toBe('Polecenia dostępne dla Ciebie');
    const listed = (reply.fields ?? []).map((f) => f.label);
    expect(listed).toContain('/help');
    expect(listed).not.toContain('/setup');
    expect(reply.private).toBe(true);
  });

  it('shows a coordinator the setup commands, in the platform language of the caller', async () => {
    await t.given('anna', { roles: ['coordinator'] });
    const reply = await t.as('anna', { locale: 'en-GB' }).command('help');
    expect(reply.title).toBe('Commands you can use');
    const labels = (reply.fields ?? []).map((f) => f.label);
    // The Coordinating Team's commands (hidden from members on Discord) come last and say so.
    expect(labels).toContain('/setup (for the Coordinating Team)');
    expect(labels.indexOf('/setup (for the Coordinating Team)')).toBeGreaterThan(labels.indexOf('/barter'));
    expect(labels).toContain('/barter');
  });

  it('/about names the coordinator and counts members by category', async () => {
    await t.given('anna', { roles: ['coordinator'] });
    await t.given('jan', { main: 'Spółdzielnia Socjalna Razem' });
    await t.given('ewa', { supporting: 'Gmina Kolbudy' });
    const reply = await t.as('jan').command('about');
    const fields = Object.fromEntries((reply.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields['Koordynator']).toBe('<@anna>');
    expect(fields['Członkowie']).toBe('główni: 1, wspierający: 1');
    expect(fields['Obowiązek aktywności']).toBe('co najmniej 2 działania w roku');
    expect(fields['Przyjęcie']).toBe('4 etapy, decyzja w ciągu 30 dni');
    expect(fields['Spotkania']).toBe('sieć: 4 razy w roku; grupy robocze: co najmniej co 30 dni; Walne Spotkanie Sieci: co najmniej raz w roku');
  });

  it('/about puts the numbers the cluster set in the right grammatical form, 1 included', async () => {
    await t.given('anna', { roles: ['coordinator'] });
    for (const [key, value] of [['networkMeetingsPerYear', '1'], ['groupMeetingRhythmDays', '1'], ['admissionDecisionDays', '1']]) {
      expect((await t.as('anna').command('setup', 'set', { key: key!, value: value! })).tone).not.toBe('error');
    }
    const pl = Object.fromEntries(((await t.as('anna').command('about')).fields ?? []).map((f) => [f.label, f.value]));
    expect(pl['Przyjęcie']).toBe('4 etapy, decyzja w ciągu 1 dnia');
    expect(pl['Spotkania']).toBe('sieć: 1 raz w roku; grupy robocze: co najmniej co 1 dzień; Walne Spotkanie Sieci: co najmniej raz w roku');
    const en = Object.fromEntries(((await t.as('anna', { locale: 'en-GB' }).command('about')).fields ?? []).map((f) => [f.label, f.value]));
    expect(en['Admission']).toBe('4 stages, decision within 1 day');
    expect(en['Meetings']).toBe('network: 1 time a year; working groups: at least every 1 day; General Meeting: at least once a year');
  });
});
