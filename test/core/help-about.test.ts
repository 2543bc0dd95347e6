import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';

describe('/help and /about', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

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
  });
});
