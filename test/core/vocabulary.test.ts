import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import * as rows from '../../src/db/vocabulary-rows.ts';
import { GOOD_STANDING, isInGoodStanding, MEMBER_STATUSES } from '../../src/core/vocabulary.ts';

const VOCABULARY = path.join('src', 'core', 'vocabulary.ts');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const sources = [...files('src'), ...files('commands')];

/** Every line of the sources matching `pattern`, as "file:line: text". */
function linesMatching(pattern: RegExp, only: (file: string) => boolean = () => true): string[] {
  return sources.filter(only).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** The union types the vocabulary exports (MemberStatus, Category, Stage…). */
const vocabularyTypes = [...readFileSync(VOCABULARY, 'utf8').matchAll(/^export type (\w+) =/gm)].map((m) => m[1]!);

describe('the domain vocabulary', () => {
  it('finds its own type names (the scans below would pass vacuously otherwise)', () => {
    expect(vocabularyTypes).toEqual(expect.arrayContaining(['MemberStatus', 'Category', 'Stage', 'ApplicationStatus', 'MeetingKind', 'GroupMembershipStatus', 'PollAudience', 'BallotKind', 'Majority', 'GrantedRole']));
  });

  it('spells out good standing (active, conditional) only in the vocabulary module', () => {
    const pair = /['"]active['"]\s*,\s*['"]conditional['"]|['"]conditional['"]\s*,\s*['"]active['"]|===\s*['"]active['"]\s*\|\|[^;]*===\s*['"]conditional['"]|===\s*['"]conditional['"]\s*\|\|[^;]*===\s*['"]active['"]/;
    expect(linesMatching(pair, (f) => f !== VOCABULARY)).toEqual([]);
    expect(linesMatching(/\bGOOD_STANDING\s*=/, (f) => f !== VOCABULARY)).toEqual([]);
    expect(GOOD_STANDING).toEqual(['active', 'conditional']);
    expect(MEMBER_STATUSES.filter(isInGoodStanding)).toEqual(['active', 'conditional']);
  });

  it('leaves no cast on a status, category or kind in src/ and commands/', () => {
    const literalCast = /\bas\s+'[^']*'|\bas\s+\(typeof\s+[A-Z_]+\)\[number\]/;
    const typeCast = new RegExp(`\\bas\\s+(?:Exclude<|Extract<|readonly\\s+)?(?:${vocabularyTypes.join('|')})\\b`);
    expect(linesMatching(literalCast)).toEqual([]);
    expect(linesMatching(typeCast)).toEqual([]);
  });
});

describe('the stores read only known values', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a member status the code does not know, naming the column and the value, and reads the known ones typed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pkes-vocab-'));
    dirs.push(dir);
    const url = `file:${path.join(dir, 'v.db')}`;
    await migrate(url);
    const db = await openDatabase(url);
    try {
      const cluster = await db.clusters.ensure('console', 'vocab', { name: 'Klaster', locale: 'pl', timeZone: 'Europe/Warsaw' });
      const good = await db.members.ensureOrganisation(cluster.id, 'Spółdzielnia Razem', { category: 'main' });
      const bad = await db.members.ensureOrganisation(cluster.id, 'Fundacja Dawna', { category: 'supporting', legalForm: 'legacy-form' });
      const person = await db.people.ensure(cluster.id, 'U1', 'Jan');
      await db.members.setRepresentative(cluster.id, bad.id, person.id);

      // An organisation carried over with a legal form from before the list is still read.
      expect((await db.members.byId(bad.id))?.legalForm).toBe('legacy-form');

      const raw = new BetterSqlite3(path.join(dir, 'v.db'));
      raw.prepare('UPDATE "Member" SET "status" = ? WHERE "id" = ?').run('archived', bad.id);
      raw.close();

      const message = /Member\.status holds "archived", which is not one of active, conditional, suspended, ended, withdrawn/;
      await expect(db.members.byId(bad.id)).rejects.toThrow(message);
      await expect(db.members.all(cluster.id)).rejects.toThrow(message);
      await expect(db.people.actor(cluster.id, 'U1')).rejects.toThrow(/memberStatus holds "archived"/);
      // The known row is read as before.
      expect((await db.members.byId(good.id))?.status).toBe('active');
    } finally {
      await db.close();
    }
  });

  it('checks every vocabulary column of every model it reads', () => {
    type Reader = { one: (row: Record<string, unknown>) => unknown; many: (rows: Record<string, unknown>[]) => unknown };
    const cases: [Reader, string, Record<string, unknown>][] = [
      [rows.memberRow, 'Member.category', { category: 'partner' }],
      [rows.memberRow, 'Member.statusReason', { statusReason: 'other' }],
      [rows.applicationRow, 'Application.stage', { stage: 'archived' }],
      [rows.applicationRow, 'Application.status', { status: 'withdrawn' }],
      [rows.applicationRow, 'Application.decision', { decision: 'maybe' }],
      [rows.appealRow, 'Appeal.against', { against: 'active' }],
      [rows.roleRow, 'PersonRole.role', { role: 'admin' }],
      [rows.activityRow, 'Activity.kind', { kind: 'party' }],
      [rows.meetingRow, 'Meeting.kind', { kind: 'board' }],
      [rows.groupRow, 'WorkingGroup.status', { status: 'paused' }],
      [rows.groupMembershipRow, 'GroupMembership.status', { status: 'invited' }],
      [rows.barterPostRow, 'BarterPost.type', { type: 'gift' }],
      [rows.motionRow, 'Motion.majority', { majority: 'unanimous' }],
      [rows.pollRow, 'Poll.audience', { audience: 'everyone' }],
      [rows.clusterRow, 'Cluster.platform', { platform: 'teams' }],
    ];
    for (const [reader, column, row] of cases) {
      expect(() => reader.one(row), column).toThrow(new RegExp(`^${column.replace('.', '\\.')} holds `));
      expect(() => reader.many([row]), column).toThrow(rows.UnknownValueError);
    }
    // Columns a query did not select, and empty optional ones, pass untouched.
    const partial = { id: 'm1', statusReason: null };
    expect(rows.memberRow.one(partial)).toBe(partial);
  });
});
