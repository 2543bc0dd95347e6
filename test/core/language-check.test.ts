import { describe, expect, it } from 'vitest';
import { languageProblems } from '../support/language.ts';

// The check every harness test runs on what the bot shows (test/support/setup.ts): it must see
// each kind of slip, and leave people's own text and command syntax alone.
describe('the language check of everything the bot shows', () => {
  const pl = (text: string, typed: string[] = []) => languageProblems({ text }, 'pl', typed);
  const en = (text: string, typed: string[] = []) => languageProblems({ text }, 'en', typed);

  it('finds a translation key, an id, an internal field name and English words in Polish', () => {
    expect(pl('Forma prawna: membership.legalForms.other').join()).toContain('translation key "membership.legalForms.other"');
    expect(pl('Wybierz: social-cooperative albo foundation').join()).toContain('id "social-cooperative"');
    expect(pl('2026-03-02 – anna – role.granted').join()).toContain('id "role.granted"');
    expect(pl('• legal_form: to pole jest wymagane').join()).toContain('internal name "legal_form"');
    expect(pl('Podstawa: values, detriment, duties, pesStatus').join()).toContain('id "pesStatus"');
    expect(pl('Formularz [yes/no]').join()).toContain('English word "yes"');
    expect(pl('Zgłoszenie zostało przyjęte (widoczne tylko dla Ciebie)')).toEqual([]);
  });

  it('finds Polish words in English', () => {
    expect(en('Application received (widoczne tylko dla Ciebie)').join()).toContain('Polish word "dla"');
    expect(en('Status: nie').join()).toContain('Polish word "nie"');
    expect(en('Your application was received.')).toEqual([]);
  });

  it('leaves alone what people typed, quotes, mentions, links and command syntax', () => {
    expect(en('Spółdzielnia Socjalna Razem joined the group.', ['Spółdzielnia Socjalna Razem'])).toEqual([]);
    expect(en('Offer „Wypożyczę namiot” published.')).toEqual([]);
    expect(pl('Użycie: /apply legal_form:<…> [contact_email:<…>]')).toEqual([]);
    expect(pl('Zobacz `minActivitiesPerYear` i https://example.org/the/open/path <@jan>')).toEqual([]);
  });

  it('checks forms, buttons, choices and CSV files too', () => {
    const problems = languageProblems(
      {
        form: { id: 'x', title: 'Formularz', submit: { command: 'x' }, fields: [{ name: 'a', label: 'Rodzaj', kind: 'choice', required: true, options: [{ value: 'event', label: 'event' }] }] },
        buttons: [{ label: 'Close', action: { command: 'x', action: 'y' } }],
        attachments: [{ filename: 'a.csv', contentType: 'text/csv; charset=utf-8', data: Buffer.from('\uFEFFsekcja;activity.csv.item\r\n') }],
      },
      'pl',
      [],
    ).join('\n');
    expect(problems).toContain('English word "event"');
    expect(problems).toContain('translation key "activity.csv.item"');
  });
});
