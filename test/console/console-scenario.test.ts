import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { consoleRunner } from './support.ts';

const runConsole = consoleRunner('pkes-console-');

describe('the console adapter, scripted from standard input', () => {
  it('plays a scenario: switching users and roles, commands with options, a bare command by buttons, refusals, a setting', () => {
    const { out, status, err } = runConsole([
      '# a stranger first',
      '/help',
      ':as anna coordinator admin',
      '/setup set key:minActivitiesPerYear value:2',
      '# the bare command lists its subcommands as buttons; the pressed one asks for its options',
      '/setup',
      ':press Zmień jedno ustawienie klastra',
      'minActivitiesPerYear',
      '3',
      ':as jan main:"Spółdzielnia Socjalna Razem" lang:en',
      '/setup set key:minActivitiesPerYear value:4',
      '/setup',
      '/about',
      ':quit',
    ]);
    expect(err).not.toMatch(/Error/);
    expect(status).toBe(0);
    expect(out).toContain('koordynator> /help');
    expect(out).toContain('Polecenia dostępne dla Ciebie');
    expect(out).toContain('Działasz jako anna (role: koordynator).');
    expect(out).toContain('Ustawienie „Minimalna liczba działań w roku” ma teraz wartość 2.');
    expect(out).toContain('Co chcesz zrobić? Wybierz jedno z poleceń /setup:');
    expect(out).toContain('Ustawienie „Minimalna liczba działań w roku” ma teraz wartość 3.');
    expect(out).toContain('You are acting as jan (roles: Spółdzielnia Socjalna Razem).');
    expect(out).toContain("This command is for the cluster's coordinator.");
    // A member may use none of /setup: told why, not shown an empty list.
    expect(out).toContain("This command is for the server administrator or the cluster's coordinator.");
    expect(out).not.toContain('Choose one of the /setup commands');
    expect(out).toContain('Activity duty: at least 3 activities a year');
    expect(out).toContain('Coordinator: @anna');
  });

  it('answers a form line by line, keeps what was typed when it is rejected, and reopens it with a button', () => {
    const today = DateTime.now().setZone('Europe/Warsaw').toFormat('yyyy-MM-dd');
    const { out, status } = runConsole([
      ':as ola main:"Fundacja Wspólna Sprawa"',
      '/activity log',
      'event',
      '2099-01-01',
      'Targi ekonomii społecznej',
      'Stoisko fundacji',
      '',
      ':press 1',
      '',
      today,
      '',
      '',
      '',
      '/activity status',
    ]);
    expect(status).toBe(0);
    expect(out).toContain('== Zapisz działanie ==');
    expect(out).toContain('Data 2099-01-01 jest w przyszłości');
    expect(out).toContain('[1.1] Popraw formularz');
    // After the button, empty answers keep what was typed: only the date changed.
    expect(out).toContain('Zapisano działanie „Targi ekonomii społecznej”');
    // The first scenario raised the cluster's minimum to 3.
    expect(out).toContain('1 z 3 działań w');
  });

  it('keeps the data between runs (migrations applied once, the same SQLite file)', () => {
    const { out } = runConsole(['/about']);
    expect(out).toContain('Obowiązek aktywności: co najmniej 3 działania w roku');
  });

  it('stops with one clear message on an invalid setting', () => {
    const { err, status } = runConsole(['/help'], { DEFAULT_LOCALE: 'de' });
    expect(status).toBe(1);
    expect(err.trim()).toMatch(/^Invalid configuration: DEFAULT_LOCALE /);
  });
});
