import { describe, expect, it } from 'vitest';
import { consoleRunner } from './support.ts';

const runConsole = consoleRunner('pkes-console-bare-');

describe('a bare console command with subcommands', () => {
  it('lists what the caller may do as buttons; pressing one asks for its options in a form and runs it', () => {
    const { out, err, status } = runConsole([
      ':as anna coordinator',
      '/setup',
      ':press Zmień jedno ustawienie klastra',
      'minActivitiesPerYear',
      '3',
      ':as jan main:"Spółdzielnia Socjalna Razem"',
      '/setup',
      ':quit',
    ]);
    expect(err).not.toMatch(/Error/);
    expect(status).toBe(0);
    expect(out).toContain('Co chcesz zrobić? Wybierz jedno z poleceń /setup:');
    expect(out).toContain('Zmień jedno ustawienie klastra');
    expect(out).toContain('Ustawienie „Minimalna liczba działań w roku” ma teraz wartość 3.');
    // A member may use none of /setup: told why, not shown an empty list.
    expect(out).toContain('To polecenie jest dla administratora serwera lub koordynatora klastra.');
    expect(out).not.toMatch(/wybierz jedno:\s*\n\s*\n/);
  });
});
