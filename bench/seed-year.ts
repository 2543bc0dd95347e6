/**
 * A cluster's two years as the yearly evaluation reads them (the year asked for and the one before):
 * organisations that met the duty, fell silent or joined late, applications decided in and past the
 * 30 days, working groups meeting more or less often than their rhythm, barter and quick help with
 * and without answers, a General Meeting each year with attendance and votes. Deterministic from
 * the seed; written with the bench's bulk store, so 300 organisations take a second.
 */
import { DateTime } from 'luxon';
import { ACTIVITY_KINDS, BARTER_KINDS } from '../src/core/vocabulary.ts';
import type { BenchSeedStore } from './bench-seed.ts';
import { rng } from './lib.ts';

const ZONE = 'Europe/Warsaw';

/** Names with every Polish diacritic, so a chart that cannot draw them shows it. */
const NAMES = [
  'Spółdzielnia Socjalna Żuraw',
  'Fundacja Ćma',
  'Stowarzyszenie Źródło',
  'Warsztat Terapii Zajęciowej Łąka',
  'Centrum Integracji Społecznej Gdańsk',
  'Zakład Aktywności Zawodowej Słupsk',
  'Spółdzielnia Socjalna Kuchnia Świętojańska',
  'Fundacja Pomorska Ręka',
  'Stowarzyszenie Ośrodek Wsparcia Ekonomii Społecznej',
  'Gmina Kościerzyna',
  'Spółdzielnia Socjalna Tęcza',
  'Fundacja Bór',
];

export interface YearSeed {
  clusterId: string;
  /** The year the evaluation is asked for; the one before is seeded too. */
  year: number;
  orgs: number;
  seed?: number;
}

export interface SeededYear {
  memberIds: string[];
  names: string[];
  /** Everything else the seed wrote as people would type it: groups, candidates, meetings. */
  typed: string[];
}

/** A local date and time in the cluster's zone, as the bot stores it. */
const at = (year: number, month: number, day: number, hour = 10) => DateTime.fromObject({ year, month, day, hour }, { zone: ZONE }).toJSDate();
const dayStart = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).startOf('day').toJSDate();

export async function seedYear(db: BenchSeedStore, opts: YearSeed): Promise<SeededYear> {
  const random = rng(opts.seed ?? 2025_12_31);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const { clusterId, year } = opts;
  const prev = year - 1;
  const p = `y${year}-${clusterId.slice(-6)}`;

  // Organisations: most joined two years before; every tenth joined in the spring of the year; every
  // twenty-fifth ended its membership in the year before (not counted in the year).
  const names = Array.from({ length: opts.orgs }, (_, i) => NAMES[i] ?? `Organizacja ${String(i + 1).padStart(3, '0')}`);
  const members = names.map((name, i) => {
    const joinedAt = i % 10 === 9 ? at(year, 4, 1) : at(prev, 1, 10);
    const ended = i % 25 === 24;
    return {
      id: `${p}-m${i}`,
      clusterId,
      name,
      legalForm: i % 5 === 4 ? 'company' : 'social-cooperative',
      category: i % 5 === 4 ? 'supporting' : 'main',
      status: ended ? 'ended' : 'active',
      statusChangedAt: ended ? at(prev, 6, 1) : null,
      municipality: 'Gdańsk',
      county: 'gdański',
      joinedAt,
      dataConfirmedAt: joinedAt,
      createdAt: joinedAt,
      updatedAt: joinedAt,
    };
  });
  await db.members(members);
  const active = members.filter((m) => m.status === 'active');
  // The fourth organisation works with nobody: no group, no barter. The map shows it apart.
  const loner = members[3]?.id;
  const sociable = active.filter((m) => m.id !== loner);

  // Activities: a quarter did nothing this year, a quarter one thing, the rest two to six; last year likewise.
  const activities: Parameters<BenchSeedStore['activities']>[0] = [];
  let a = 0;
  for (const [i, m] of members.entries()) {
    for (const y of [prev, year]) {
      const profile = (i + (y === year ? 0 : 1)) % 4;
      const count = profile === 0 ? 0 : profile === 1 ? 1 : int(2, 6);
      for (let k = 0; k < count; k++) {
        const month = profile === 1 && y === year ? (i % 8 === 1 ? 2 : 10) : int(1, 12);
        const date = dayStart(at(y, month, int(1, 28)));
        if (date < m.joinedAt) continue;
        activities.push({ id: `${p}-a${a++}`, clusterId, memberId: m.id, loggedByPersonId: null, kind: pick(ACTIVITY_KINDS), date, title: `Działanie ${a}`, description: '', source: 'manual', status: random() < 0.8 ? 'confirmed' : 'logged', createdAt: date });
      }
    }
  }
  // One rejected activity, which counts nowhere.
  activities.push({ id: `${p}-a-rejected`, clusterId, memberId: members[0]!.id, loggedByPersonId: null, kind: 'event', date: at(year, 5, 5), title: 'Odrzucone', description: '', source: 'manual', status: 'rejected', createdAt: at(year, 5, 5) });
  await db.activities(activities);

  // Applications: submitted through the year, most decided within 30 days, some late, some open.
  const applications = Array.from({ length: Math.max(4, Math.round(opts.orgs / 4)) }, (_, i) => {
    const submittedAt = at(year, 1 + (i % 11), int(1, 20));
    const days = i % 5 === 3 ? int(31, 50) : int(5, 29);
    const open = i % 7 === 6;
    const decision = i % 6 === 5 ? 'refused' : i % 4 === 2 ? 'conditional' : 'accepted';
    return {
      id: `${p}-app${i}`,
      clusterId,
      orgName: `Kandydat ${i + 1}`,
      orgKey: `kandydat ${i + 1}`,
      legalForm: 'social-cooperative',
      category: 'main',
      municipality: 'Gdynia',
      county: 'Gdynia',
      inPomorskie: true,
      activity: 'Działalność',
      resources: 'Zasoby',
      motivation: 'Współpraca',
      acceptsRules: true,
      ethicsStatement: true,
      understandsNoGrants: true,
      stage: open ? 'verified' : 'decided',
      status: open ? 'open' : decision,
      decision: open ? null : decision,
      submittedAt,
      decidedAt: open ? null : DateTime.fromJSDate(submittedAt).plus({ days }).toJSDate(),
    };
  });
  await db.applications(applications);

  // Working groups: one in twenty-five organisations leads one; each has four to twelve members and
  // meets most months, one only every other month; organisations present at random.
  const groupCount = Math.max(3, Math.round(opts.orgs / 25));
  const groups = Array.from({ length: groupCount }, (_, g) => ({
    id: `${p}-g${g}`,
    clusterId,
    name: `${['Gastronomia', 'Usługi opiekuńcze', 'Marketing i promocja', 'Edukacja', 'Rewitalizacja', 'Turystyka społeczna'][g % 6]}${g >= 6 ? ` ${Math.floor(g / 6) + 1}` : ''}`,
    purpose: '',
    leaderPersonId: null,
    rhythmDays: g % 3 === 2 ? 14 : 30,
    status: 'active',
    createdAt: at(prev, 1, 10),
  }));
  await db.workingGroups(groups);
  const memberships: Parameters<BenchSeedStore['groupMemberships']>[0] = [];
  const inGroup = new Map<string, string[]>();
  for (const [g, group] of groups.entries()) {
    const size = Math.min(active.length, int(3, Math.min(12, Math.max(4, Math.round(active.length / 3)))));
    const chosen = new Set<number>([(g * 3) % active.length]);
    while (chosen.size < size) chosen.add(int(0, active.length - 1));
    const ids = [...chosen].map((i) => active[i]!.id).filter((id) => id !== loner);
    inGroup.set(group.id, ids);
    for (const id of ids) {
      const m = members.find((x) => x.id === id)!;
      const joinedAt = m.joinedAt > group.createdAt ? m.joinedAt : group.createdAt;
      memberships.push({ id: `${p}-gm${g}-${id}`, groupId: group.id, memberId: id, status: 'active', joinedAt, createdAt: joinedAt });
    }
  }
  await db.groupMemberships(memberships);
  const meetings: Parameters<BenchSeedStore['groupMeetings']>[0] = [];
  const attendance: Parameters<BenchSeedStore['attendance']>[0] = [];
  for (const [g, group] of groups.entries()) {
    for (const y of [prev, year]) {
      for (let month = 1; month <= 12; month++) {
        // The first group keeps its monthly rhythm, the second meets every other month, the rest skip a month now and then.
        if (g % 4 === 0 ? false : g % 4 === 1 ? month % 2 === 0 : random() < 0.15) continue;
        const id = `${p}-gmeet${g}-${y}-${month}`;
        const startsAt = at(y, month, int(5, 25), 16);
        meetings.push({ id, clusterId, kind: 'group', groupId: group.id, title: `Spotkanie ${group.name}`, startsAt, place: '', agenda: '', createdAt: startsAt });
        for (const memberId of inGroup.get(group.id)!) if (random() < 0.6) attendance.push({ id: `${id}-${memberId}`, meetingId: id, memberId, recordedAt: startsAt });
      }
    }
  }

  // A General Meeting each June: about two thirds of main members present, half voting.
  const motions: Parameters<BenchSeedStore['motions']>[0] = [];
  const participations: Parameters<BenchSeedStore['participations']>[0] = [];
  for (const y of [prev, year]) {
    const id = `${p}-general-${y}`;
    const startsAt = at(y, 6, 14, 11);
    meetings.push({ id, clusterId, kind: 'general', groupId: null, title: `Walne Spotkanie Sieci ${y}`, startsAt, place: 'Gdańsk', agenda: '', createdAt: startsAt });
    const eligible = members.filter((m) => m.category === 'main' && m.joinedAt < startsAt && !(m.statusChangedAt && m.statusChangedAt < startsAt));
    for (const m of eligible) if (random() < (y === year ? 0.7 : 0.55)) attendance.push({ id: `${id}-${m.id}`, meetingId: id, memberId: m.id, recordedAt: startsAt });
    for (let k = 0; k < 2; k++) {
      const motionId = `${id}-motion${k}`;
      motions.push({ id: motionId, clusterId, meetingId: id, title: `Uchwała ${k + 1}`, ballotKind: 'yesno', options: '["yes","no","abstain"]', opensAt: startsAt, closesAt: at(y, 6, 14, 13), quorum: 0.5, majority: 'simple', status: 'closed', createdAt: startsAt });
      for (const m of eligible) if (random() < 0.5) participations.push({ id: `${motionId}-${m.id}`, motionId, memberId: m.id, castAt: startsAt });
    }
  }
  await db.groupMeetings(meetings);
  await db.attendance(attendance);
  await db.motions(motions);
  await db.participations(participations);

  // Barter and quick help: posted through both years; most answered within hours or days, some never.
  const posts: Parameters<BenchSeedStore['barterPosts']>[0] = [];
  const responses: Parameters<BenchSeedStore['barterResponses']>[0] = [];
  const postCount = Math.max(8, Math.round(opts.orgs * 0.6));
  for (const y of [prev, year]) {
    for (let i = 0; i < postCount; i++) {
      const owner = sociable[int(0, sociable.length - 1)]!;
      const type = i % 7 === 0 ? 'quickhelp' : i % 3 === 0 ? 'request' : 'offer';
      const createdAt = at(y, int(1, 12), int(1, 28), int(8, 18));
      if (createdAt < owner.joinedAt) continue;
      const id = `${p}-post${y}-${i}`;
      posts.push({ id, clusterId, memberId: owner.id, authorPersonId: null, type, kind: pick(BARTER_KINDS), title: `Ogłoszenie ${i}`, description: '', exchange: 'open', place: '', availableUntil: DateTime.fromJSDate(createdAt).plus({ days: 30 }).toJSDate(), status: 'open', createdAt, updatedAt: createdAt });
      const answers = random() < 0.3 ? 0 : int(1, 3);
      for (let r = 0; r < answers; r++) {
        const by = sociable[int(0, sociable.length - 1)]!;
        if (by.id === owner.id) continue;
        const hours = type === 'quickhelp' ? int(1, 20) : int(2, 24 * 9);
        responses.push({ id: `${id}-r${r}`, postId: id, memberId: by.id, message: 'Chętnie pomożemy', createdAt: DateTime.fromJSDate(createdAt).plus({ hours: hours + r * 5 }).toJSDate() });
      }
    }
  }
  await db.barterPosts(posts);
  await db.barterResponses(responses);

  // A consortium formed in the autumn of the year: three organisations take a catering contract together.
  const formedAt = at(year, 10, 6);
  const partners = [sociable[4], sociable[5], sociable[6]].filter((m): m is (typeof sociable)[number] => Boolean(m));
  await db.opportunities([{ id: `${p}-opp`, clusterId, memberId: null, title: 'Catering na targi', deadline: at(year, 11, 30), status: 'won', leaderMemberId: partners[0]?.id ?? null, formedAt, createdAt: at(year, 9, 20), updatedAt: formedAt }]);
  await db.consortiumParts(partners.map((m, i) => ({ id: `${p}-opp-${i}`, opportunityId: `${p}-opp`, memberId: m.id, role: i === 0 ? 'leader' : 'member' })));
  return { memberIds: members.map((m) => m.id), names, typed: [...groups.map((g) => g.name), ...applications.map((a) => a.orgName), ...meetings.map((m) => m.title)] };
}
