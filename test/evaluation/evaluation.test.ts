import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { readCsv } from '../support/csv.ts';
import { compareWithReference, inked, readPng } from './png.ts';
import { CHARTS, seededApp, YEAR, type SeededApp } from './support.ts';

/*
 * /report evaluation on a seeded year (2024 and 2025 of twelve organisations, bench/seed-year.ts),
 * asked for 2025 once the year is over: every chart drawn, compared with its stored picture, and
 * every CSV checked against the tables read straight from the database.
 */

const ZONE = 'Europe/Warsaw';

type Row = Record<string, unknown>;
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const local = (v: unknown) => DateTime.fromJSDate(date(v), { zone: ZONE });
const inYear = (v: unknown) => local(v).year === YEAR;

let s: SeededApp;
let reply: Reply;
let tables: Record<string, Row[]>;
const file = (name: string) => reply.attachments?.find((a) => a.filename === name);
const csv = (stem: string) => readCsv(file(`ocena-${YEAR}-${stem}.csv`));

beforeAll(async () => {
  s = await seededApp();
  reply = await s.t.as('anna').command('report', 'evaluation', { year: YEAR });
  tables = {};
  for (const table of ['Member', 'Activity', 'Application', 'WorkingGroup', 'GroupMembership', 'Meeting', 'Attendance', 'BarterPost', 'BarterResponse', 'Motion', 'VoteParticipation', 'MarketOpportunity', 'ConsortiumPart']) {
    tables[table] = (await s.t.app.db.dumpTable(table)).filter((r) => !('clusterId' in r) || r.clusterId === s.clusterId);
  }
}, 120_000);
afterAll(() => s.close());

describe('/report evaluation: the pictures', () => {
  it('answers privately with every chart as PNG, the Markdown summary and each chart’s CSV, pictures first', () => {
    expect(reply.errorId).toBeUndefined();
    expect(reply.private).toBe(true);
    expect(reply.title).toBe(`Ocena roczna ${YEAR}`);
    const names = (reply.attachments ?? []).map((a) => a.filename);
    expect(names).toEqual([...CHARTS.map((c) => `ocena-${YEAR}-${c}.png`), `ocena-${YEAR}-podsumowanie.md`, ...CHARTS.map((c) => `ocena-${YEAR}-${c}.csv`)]);
  });

  it.each(CHARTS)('%s: a real picture, not blank, matching its reference', (chart) => {
    const name = `ocena-${YEAR}-${chart}.png`;
    const png = readPng(file(name));
    const { share, colours } = inked(png);
    // Text, axes and bars cover part of the picture, never all of it.
    expect(share, `${name}: share of drawn pixels`).toBeGreaterThan(0.02);
    expect(share, `${name}: share of drawn pixels`).toBeLessThan(0.6);
    expect(colours, `${name}: colours drawn`).toBeGreaterThan(20);
    compareWithReference(name, file(name)!);
  });

  it('draws the same picture again from the same data (deterministic output)', async () => {
    const again = await s.t.as('anna').command('report', 'evaluation', { year: YEAR });
    for (const a of again.attachments ?? []) expect(a.data.equals(file(a.filename)!.data), a.filename).toBe(true);
  });

  it('the summary explains each chart and names its data file', () => {
    const md = file(`ocena-${YEAR}-podsumowanie.md`)!.data.toString('utf8');
    expect(md.startsWith(`# Ocena roczna klastra: ${YEAR}\n`)).toBe(true);
    expect(md).toContain('strefa czasowa Europe/Warsaw');
    for (const chart of CHARTS) expect(md).toContain(`ocena-${YEAR}-${chart}.csv`);
    expect(md.match(/^## /gm)).toHaveLength(CHARTS.length);
  });
});

describe('/report evaluation in English', () => {
  it('labels the charts, the summary, the data and the file names in the reader’s language', { timeout: 120_000 }, async () => {
    await s.t.given('kate', { roles: ['team'] });
    const english = await s.t.as('kate', { locale: 'en' }).command('report', 'evaluation', { year: YEAR });
    expect(english.title).toBe(`Yearly evaluation ${YEAR}`);
    const names = (english.attachments ?? []).map((a) => a.filename);
    expect(names).toContain(`evaluation-${YEAR}-collaboration-map.png`);
    expect(names).toContain(`evaluation-${YEAR}-summary.md`);
    expect(readCsv(english.attachments!.find((a) => a.filename === `evaluation-${YEAR}-duty.csv`))[0]).toEqual(['Year', 'Met the duty', 'At risk', 'Inactive', 'Members']);
    for (const a of english.attachments!.filter((x) => x.contentType === 'image/png')) readPng(a);
  });
});

describe('/report evaluation: the numbers against the database', () => {
  const members = () => tables.Member!;
  /** Members of the year: joined before its end, membership not ended before its start. */
  const ofYear = () => members().filter((m) => date(m.joinedAt) < local(`${YEAR + 1}-01-01T00:00:00`).toJSDate() && !(['ended', 'withdrawn'].includes(String(m.status)) && m.statusChangedAt && local(m.statusChangedAt).year < YEAR));
  const counting = () => tables.Activity!.filter((a) => a.status !== 'rejected');

  it('activities per month by kind are the activities dated in the year, not rejected', () => {
    const rows = csv('dzialania');
    expect(rows[0]).toEqual(['Miesiąc', 'Rodzaj', 'Liczba']);
    expect(rows).toHaveLength(1 + 12 * 6);
    const kinds: Record<string, string> = { projekt: 'project', 'grupa robocza': 'working-group', konsorcjum: 'consortium', wydarzenie: 'event', 'inicjatywa sieciowa': 'network-initiative', inne: 'other' };
    for (const [month, kind, count] of rows.slice(1)) {
      const expected = counting().filter((a) => local(a.date).toFormat('yyyy-MM') === month && a.kind === kinds[kind!]).length;
      expect(Number(count), `${month} ${kind}`).toBe(expected);
    }
    const total = rows.slice(1).reduce((n, r) => n + Number(r[2]), 0);
    expect(total).toBe(counting().filter((a) => inYear(a.date)).length);
    expect(reply.text).toContain(`Działania zapisane w roku: ${total}.`);
  });

  it('members by standing: met the minimum, or inactive six months, or at risk, for each year', () => {
    const rows = csv('obowiazek');
    expect(rows[0]).toEqual(['Rok', 'Spełnili obowiązek', 'Zagrożeni', 'Nieaktywni', 'Członkowie']);
    const last = rows.at(-1)!;
    expect(last[0]).toBe(String(YEAR));
    const end = local(`${YEAR + 1}-01-01T00:00:00`);
    let met = 0;
    let atRisk = 0;
    let inactive = 0;
    for (const m of ofYear()) {
      const mine = counting().filter((a) => a.memberId === m.id);
      const count = mine.filter((a) => inYear(a.date)).length;
      const before = mine.map((a) => date(a.date)).filter((d) => d < end.toJSDate());
      const since = [date(m.joinedAt), ...before].reduce((a, b) => (a > b ? a : b));
      if (count >= 2) met++;
      else if (since <= end.minus({ months: 6 }).toJSDate()) inactive++;
      else atRisk++;
    }
    expect(last.slice(1).map(Number)).toEqual([met, atRisk, inactive, ofYear().length]);
    expect(met + atRisk + inactive).toBeGreaterThan(0);
    expect(inactive, 'the seed has inactive members').toBeGreaterThan(0);
    expect(rows.map((r) => r[0])).toContain(String(YEAR - 1));
  });

  it('admissions: every decision of the year with its days against the 30-day rule', () => {
    const rows = csv('przyjecia').slice(1);
    const decided = tables.Application!.filter((a) => a.decidedAt && inYear(a.decidedAt));
    expect(rows.filter((r) => r[3])).toHaveLength(decided.length);
    for (const a of decided) {
      const row = rows.find((r) => r[0] === a.orgName)!;
      const days = local(a.decidedAt).startOf('day').diff(local(a.submittedAt).startOf('day'), 'days').days;
      expect(row.slice(2), String(a.orgName)).toEqual([local(a.submittedAt).toISODate(), local(a.decidedAt).toISODate(), String(days), days <= 30 ? 'tak' : 'nie']);
    }
    const open = tables.Application!.filter((a) => a.status === 'open');
    expect(rows.filter((r) => !r[3]).map((r) => r[0]).sort()).toEqual(open.map((a) => String(a.orgName)).sort());
    const late = decided.filter((a) => local(a.decidedAt).startOf('day').diff(local(a.submittedAt).startOf('day'), 'days').days > 30);
    expect(late.length, 'the seed has a late decision').toBeGreaterThan(0);
    const submitted = tables.Application!.filter((a) => inYear(a.submittedAt)).length;
    expect(reply.text).toContain(`Zgłoszenia: ${submitted}, decyzje: ${decided.length}, w tym w terminie 30 dni: ${decided.length - late.length}.`);
  });

  it('working groups: meetings held in the year against the rhythm, and organisations present on average', () => {
    const rows = csv('grupy-robocze').slice(1);
    expect(rows).toHaveLength(tables.WorkingGroup!.length);
    for (const g of tables.WorkingGroup!) {
      const held = tables.Meeting!.filter((m) => m.groupId === g.id && m.kind === 'group' && !m.cancelledAt && inYear(m.startsAt));
      const present = tables.Attendance!.filter((a) => held.some((m) => m.id === a.meetingId)).length;
      const expected = Math.floor(365 / Number(g.rhythmDays));
      const average = held.length ? Math.round((10 * present) / held.length) / 10 : 0;
      expect(rows.find((r) => r[0] === g.name)!.slice(1), String(g.name)).toEqual([String(g.rhythmDays), String(expected), String(held.length), String(average).replace('.', ',')]);
    }
  });

  it('barter and quick help: posted in the year, answered by another organisation, median hours to the first answer', () => {
    const rows = csv('barter');
    const types: Record<string, string> = { oferta: 'offer', prośba: 'request', 'szybka pomoc': 'quickhelp' };
    for (const row of rows.slice(1, 4)) {
      const posts = tables.BarterPost!.filter((p) => p.type === types[row[0]!] && inYear(p.createdAt));
      const firsts = posts
        .map((p) => tables.BarterResponse!.filter((r) => r.postId === p.id && r.memberId !== p.memberId).map((r) => date(r.createdAt).getTime() - date(p.createdAt).getTime()).sort((a, b) => a - b)[0])
        .filter((h): h is number => h !== undefined)
        .map((ms) => ms / 3_600_000)
        .sort((a, b) => a - b);
      const mid = firsts.length >> 1;
      const median = firsts.length ? (firsts.length % 2 ? firsts[mid]! : (firsts[mid - 1]! + firsts[mid]!) / 2) : null;
      expect(row.slice(1), row[0]).toEqual([String(posts.length), String(firsts.length), median === null ? '' : String(Math.round(median * 10) / 10).replace('.', ',')]);
    }
  });

  it('General Meeting participation: main members on the day, present, and voting on any motion', () => {
    const rows = csv('walne-spotkania').slice(1);
    const general = tables.Meeting!.filter((m) => m.kind === 'general');
    expect(rows).toHaveLength(general.length);
    for (const m of general) {
      const day = date(m.startsAt);
      const eligible = members().filter((x) => x.category === 'main' && date(x.joinedAt) < day && !(x.statusChangedAt && ['ended', 'withdrawn'].includes(String(x.status)) && date(x.statusChangedAt) < day));
      const present = tables.Attendance!.filter((a) => a.meetingId === m.id).length;
      const motions = tables.Motion!.filter((x) => x.meetingId === m.id).map((x) => x.id);
      const voted = new Set(tables.VoteParticipation!.filter((v) => motions.includes(v.motionId)).map((v) => v.memberId)).size;
      expect(rows.find((r) => r[0] === local(m.startsAt).toISODate())!.slice(1)).toEqual([String(m.title), String(eligible.length), String(present), String(voted)]);
    }
  });

  it('collaboration: the year’s pairs from barter, shared groups, group meetings and consortia; new pairs never met before', () => {
    const name = new Map(members().map((m) => [m.id, String(m.name)]));
    const key = (a: unknown, b: unknown) => [name.get(String(a))!, name.get(String(b))!].sort().join(' + ');
    const first = new Map<string, Date>();
    const year = new Set<string>();
    const add = (a: unknown, b: unknown, at: Date, counts: boolean) => {
      if (a === b) return;
      const k = key(a, b);
      if (!first.has(k) || at < first.get(k)!) first.set(k, at);
      if (counts) year.add(k);
    };
    const end = local(`${YEAR + 1}-01-01T00:00:00`).toJSDate();
    for (const r of tables.BarterResponse!) {
      const p = tables.BarterPost!.find((x) => x.id === r.postId)!;
      if (date(r.createdAt) < end) add(p.memberId, r.memberId, date(r.createdAt), inYear(r.createdAt));
    }
    const byGroup = new Map<string, Row[]>();
    for (const m of tables.GroupMembership!) byGroup.set(String(m.groupId), [...(byGroup.get(String(m.groupId)) ?? []), m]);
    for (const rows of byGroup.values()) for (const x of rows) for (const y of rows) if (String(x.memberId) < String(y.memberId)) add(x.memberId, y.memberId, [date(x.joinedAt), date(y.joinedAt)].sort((a, b) => +b - +a)[0]!, true);
    for (const m of tables.Meeting!.filter((x) => x.kind === 'group' && date(x.startsAt) < end)) {
      const present = tables.Attendance!.filter((a) => a.meetingId === m.id).map((a) => a.memberId);
      for (const a of present) for (const b of present) if (String(a) < String(b)) add(a, b, date(m.startsAt), inYear(m.startsAt));
    }
    for (const o of tables.MarketOpportunity!.filter((x) => x.formedAt && date(x.formedAt) < end)) {
      const parts = tables.ConsortiumPart!.filter((c) => c.opportunityId === o.id).map((c) => c.memberId);
      for (const a of parts) for (const b of parts) if (String(a) < String(b)) add(a, b, date(o.formedAt), inYear(o.formedAt));
    }
    expect(tables.ConsortiumPart!.length, 'the seed has a consortium').toBeGreaterThan(1);
    const rows = csv('mapa-wspolpracy').slice(1);
    expect(rows.map((r) => [r[0], r[1]].sort().join(' + ')).sort()).toEqual([...year].sort());
    const fresh = [...year].filter((k) => local(first.get(k)).year === YEAR);
    expect(rows.filter((r) => r[3] === 'tak')).toHaveLength(fresh.length);
    expect(fresh.length, 'the seed has new pairs').toBeGreaterThan(0);
    expect(csv('nowe-wspolprace').slice(1).reduce((n, r) => n + Number(r[1]), 0)).toBe(fresh.length);
    const partners = new Set(rows.flatMap((r) => [r[0], r[1]]));
    const isolated = ofYear().filter((m) => !partners.has(String(m.name)));
    expect(isolated.map((m) => m.name)).toContain('Warsztat Terapii Zajęciowej Łąka');
    expect(reply.text).toContain(`Bez żadnej współpracy w roku: ${isolated.length}.`);
  });
});
