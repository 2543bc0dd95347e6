import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/client.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { JAN, janDidEverything, rawClient } from './fixtures.ts';

/** What must never reach a log line: an e-mail, a name, or anything a person typed. */
const FREE_TEXT = 'Prosimy o usunięcie danych, tel. 600 100 200';
const E_MAIL = 'jan.kowalski@razem.example';

describe('logs and personal data', () => {
  let t: TestApp;
  let db: Client;

  beforeEach(async () => {
    t = await createTestApp();
    db = await rawClient(t);
    await janDidEverything(t, db);
  });
  afterEach(async () => {
    await db.$disconnect();
    await t.close();
  });

  it('running the privacy commands with e-mails and free text logs neither', async () => {
    const overview = await t.as(JAN.id).command('privacy');
    await t.as(JAN.id).press(overview, 'Pobierz moje dane');
    await t.as('coord').command('privacy-request', 'organisation', { organisation: `${E_MAIL} ${FREE_TEXT}`, reference: 'RODO/7' });
    await t.as('coord').command('privacy-request', 'export', { user: JAN.id, reference: FREE_TEXT.slice(0, 40) });
    // A rejected option list still must not echo what was typed into the log.
    await t.as('coord').command('privacy-request', 'erase', { user: JAN.id, reference: `${FREE_TEXT} ${FREE_TEXT}` });
    const confirm = await t.as('coord').command('privacy-request', 'erase', { user: JAN.id, reference: 'RODO/8' });
    await t.as('coord').press(confirm, 'Tak, usuń nieodwracalnie');

    const handled = t.logs.lines.filter((l) => l.msg === 'interaction handled');
    expect(handled.length).toBe(7);
    expect(t.logs.lines.some((l) => l.msg === 'personal data erased')).toBe(true);
    const all = t.logs.raw.join('\n').toLowerCase();
    for (const trace of [E_MAIL, FREE_TEXT.toLowerCase(), FREE_TEXT.slice(0, 20).toLowerCase(), JAN.contactName.toLowerCase(), JAN.id, 'rodo/7']) {
      expect(all).not.toContain(trace);
    }
  });

  it('personal and free-text fields handed to the logger are blanked wherever they appear', () => {
    t.app.log.info(
      {
        person: { displayName: JAN.contactName, email: E_MAIL },
        application: { contactName: JAN.contactName, contactEmail: E_MAIL, motivation: FREE_TEXT },
        post: { description: FREE_TEXT },
        options: { reference: FREE_TEXT },
      },
      'something happened',
    );
    const line = t.logs.raw.at(-1)!;
    expect(line).toContain('something happened');
    for (const trace of [E_MAIL, FREE_TEXT, JAN.contactName]) expect(line).not.toContain(trace);
  });
});
