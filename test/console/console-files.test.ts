import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptedConsolePerTest } from './terminal.ts';

/** The console adapter in-process, fed a scenario as standard input would be. */
describe('the console, files and messages to others', () => {
  const cli = scriptedConsolePerTest('2026-03-02T09:00:00Z');

  it("writes each person's data export to its own file: a second person's never replaces the first's", async () => {
    const out = await cli.run([
      ':as jan main:"Spółdzielnia Socjalna Razem"',
      '/privacy',
      ':press Pobierz moje dane',
      ':as ola main:"Fundacja Horyzont"',
      '/privacy',
      ':press Pobierz moje dane',
      ':as koord coordinator',
      '/privacy-request export user:@jan reference:"pismo 1/2026"',
      '/privacy-request export user:@jan reference:"pismo 1/2026"',
    ]);
    const written = readdirSync(cli.files).sort();
    expect(written).toHaveLength(4);
    expect(written.filter((f) => f.startsWith('dane-osobowe-jan-'))).toHaveLength(3);
    expect(written.filter((f) => f.startsWith('dane-osobowe-ola-'))).toHaveLength(1);
    // Each file holds the data of the person its name says, and the printed path is the file's.
    for (const name of written) {
      const person = JSON.parse(readFileSync(path.join(cli.files, name), 'utf8')) as { person: { displayName: string } };
      expect(name).toContain(`-${person.person.displayName}-`);
      expect(out).toContain(`📎 ${path.join(cli.files, name)}`);
    }
  });

  it('shows a DM in the language it was written in, without the console user\'s "only you can see this" note', async () => {
    const out = await cli.run([
      ':as ewa supporting:"Gmina Kolbudy" lang:en',
      ':as koord coordinator',
      '/group create name:"Marketing i promocja" purpose:"Wspólna promocja członków" leader:@ewa',
    ]);
    const dm = out.slice(out.indexOf('→ DM @ewa:'));
    expect(dm).toMatch(/^→ DM @ewa:\n {3}\S/);
    const dmBody = dm.split('\n').slice(1).filter((l) => l.startsWith('   ')).join('\n');
    expect(dmBody).toContain('Marketing i promocja');
    expect(dmBody).not.toContain('widoczne tylko dla Ciebie');
    expect(dmBody).not.toContain('only you can see');
  });

  it('labels a channel post with the channel set for its purpose, not with the purpose', async () => {
    const out = await cli.run([
      ':as koord coordinator admin',
      '/setup channel purpose:bot channel:bot-pkes',
      '/poll create question:"Termin integracji?" choices:"Czerwiec; Lipiec" deadline:"2026-03-09 12:00"',
    ]);
    expect(out).toContain('→ #bot-pkes:');
    expect(out).not.toContain('→ #bot:');
  });
});
