/**
 * The synthetic clusters the benchmarks run on, built deterministically from a fixed seed and a
 * fixed "now", and written with the bulk store (bench-seed.ts, the benchmark's own connection). Motions are created and opened
 * through the governance service, so eligibility is fixed the way the bot fixes it.
 */
import { DateTime } from 'luxon';
import type { App } from '../src/app.ts';
import { ACTIVITY_KINDS } from '../src/core/vocabulary.ts';
import { BARTER_KINDS, EXCHANGES } from '../src/core/vocabulary.ts';
import { rng } from './lib.ts';
import type { BenchSeedStore } from './bench-seed.ts';

export const BENCH_NOW = new Date('2026-11-20T10:00:00Z');
export const BENCH_CLUSTER = 'bench-cluster';
export const COORDINATOR_USER = 'bench-coordinator';

const DAY = 86_400_000;
const TWO_YEARS = 730 * DAY;

export interface Org {
  id: string;
  name: string;
  category: 'main' | 'supporting';
  /** Platform user ids of its representatives. */
  reps: string[];
}

export interface SeededCluster {
  clusterId: string;
  orgs: Org[];
  mainOrgs: Org[];
  motionIds: string[];
  secretMotionId: string;
  meetingId: string;
  counts: Record<string, number>;
}

const MUNICIPALITIES = ['Gdańsk', 'Gdynia', 'Sopot', 'Słupsk', 'Tczew', 'Starogard Gdański', 'Wejherowo', 'Kościerzyna', 'Chojnice', 'Lębork', 'Kwidzyn', 'Malbork'];
const GROUP_NAMES = [
  'Konsorcja i oferta usług',
  'Marketing i promocja',
  'Rzecznictwo',
  'Edukacja i kompetencje',
  'Innowacje społeczne',
  'Usługi opiekuńcze',
  'Gastronomia',
  'Rewitalizacja',
  'Turystyka społeczna',
  'Rękodzieło',
  'Zielone usługi',
  'Transport i logistyka',
];

/** 300 organisations (2–3 representatives each, one in five supporting), 20,000 activities over two years, 200 barter posts, 12 working groups, a General Meeting with 5 open motions. */
export async function seedCluster(app: App, seed: BenchSeedStore, opts = { orgs: 300, activities: 20_000, posts: 200, groups: 12, motions: 5 }): Promise<SeededCluster> {
  const random = rng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const db = seed;
  const cluster = await app.services.clusters.resolve('console', BENCH_CLUSTER, 'Bench PKES');
  const clusterId = cluster.id;
  const joinedAt = new Date(BENCH_NOW.getTime() - 3 * 365 * DAY);

  const orgs: Org[] = [];
  const people: Parameters<typeof db.people>[0] = [];
  const reps: Parameters<typeof db.representatives>[0] = [];
  for (let o = 0; o < opts.orgs; o++) {
    const org: Org = { id: `bench-m-${o}`, name: `Organizacja ${String(o).padStart(3, '0')}`, category: o % 5 === 4 ? 'supporting' : 'main', reps: [] };
    const repCount = random() < 0.5 ? 2 : 3;
    for (let r = 0; r < repCount; r++) {
      const personId = `bench-p-${o}-${r}`;
      const user = `bench-u-${o}-${r}`;
      // The name the platform sends with every press (run.ts sends the user id): a press reads, it does not rename.
      people.push({ id: personId, clusterId, platformUserId: user, displayName: user, createdAt: joinedAt });
      reps.push({ id: `bench-r-${o}-${r}`, clusterId, memberId: org.id, personId, createdAt: joinedAt });
      org.reps.push(user);
    }
    orgs.push(org);
  }
  people.push({ id: 'bench-p-coordinator', clusterId, platformUserId: COORDINATOR_USER, displayName: COORDINATOR_USER, createdAt: joinedAt });
  await db.people(people);
  await db.roles([{ id: 'bench-role-coordinator', clusterId, personId: 'bench-p-coordinator', role: 'coordinator', createdAt: joinedAt }]);
  await db.members(
    orgs.map((o) => ({
      id: o.id,
      clusterId,
      name: o.name,
      legalForm: o.category === 'main' ? 'cooperative' : 'company',
      category: o.category,
      status: 'active',
      municipality: pick(MUNICIPALITIES),
      county: 'pomorskie',
      joinedAt,
      dataConfirmedAt: joinedAt,
      createdAt: joinedAt,
      updatedAt: joinedAt,
    })),
  );
  await db.representatives(reps);

  const activities: Parameters<typeof db.activities>[0] = [];
  for (let i = 0; i < opts.activities; i++) {
    const o = Math.floor(random() * orgs.length);
    const date = new Date(BENCH_NOW.getTime() - DAY - Math.floor(random() * TWO_YEARS));
    activities.push({
      id: `bench-a-${i}`,
      clusterId,
      memberId: orgs[o]!.id,
      loggedByPersonId: `bench-p-${o}-0`,
      kind: pick(ACTIVITY_KINDS),
      date: DateTime.fromJSDate(date, { zone: 'Europe/Warsaw' }).startOf('day').toJSDate(),
      title: `Działanie ${i}`,
      description: 'Syntetyczne działanie do testów wydajności',
      source: 'manual',
      status: random() < 0.7 ? 'confirmed' : 'logged',
      createdAt: date,
    });
  }
  await db.activities(activities);

  const groups = GROUP_NAMES.slice(0, opts.groups).map((name, g) => ({
    id: `bench-g-${g}`,
    clusterId,
    name,
    purpose: `Grupa robocza: ${name}`,
    leaderPersonId: `bench-p-${g * 7}-0`,
    rhythmDays: 30,
    status: 'active',
    createdAt: joinedAt,
  }));
  await db.workingGroups(groups);
  const memberships: Parameters<typeof db.groupMemberships>[0] = [];
  groups.forEach((g, gi) => {
    const taken = new Set<number>([gi * 7]);
    const size = Math.min(orgs.length, 5 + Math.floor(random() * 16));
    while (taken.size < size) taken.add(Math.floor(random() * orgs.length));
    for (const o of taken) memberships.push({ id: `bench-gm-${gi}-${o}`, groupId: g.id, memberId: orgs[o]!.id, status: 'active', joinedAt, createdAt: joinedAt });
  });
  await db.groupMemberships(memberships);

  const posts: Parameters<typeof db.barterPosts>[0] = [];
  for (let i = 0; i < opts.posts; i++) {
    const o = Math.floor(random() * orgs.length);
    const createdAt = new Date(BENCH_NOW.getTime() - Math.floor(random() * 60 * DAY));
    posts.push({
      id: `bench-b-${i}`,
      clusterId,
      memberId: orgs[o]!.id,
      authorPersonId: `bench-p-${o}-0`,
      type: random() < 0.6 ? 'offer' : 'request',
      kind: pick(BARTER_KINDS),
      title: `Ogłoszenie ${i}`,
      description: 'Syntetyczne ogłoszenie wymiany',
      exchange: pick(EXCHANGES),
      place: pick(MUNICIPALITIES),
      availableUntil: new Date(BENCH_NOW.getTime() + (10 + Math.floor(random() * 80)) * DAY),
      status: random() < 0.85 ? 'open' : 'done',
      createdAt,
      updatedAt: createdAt,
    });
  }
  await db.barterPosts(posts);

  const meeting = {
    id: 'bench-general-meeting',
    clusterId,
    kind: 'general',
    title: 'Walne Spotkanie Sieci 2026',
    startsAt: new Date(BENCH_NOW.getTime() + 2 * 3600_000),
    place: 'Gdańsk',
    agenda: 'Plan roczny',
    createdByPersonId: 'bench-p-coordinator',
    createdAt: BENCH_NOW,
  };
  await db.meetings([meeting]);
  const motionIds: string[] = [];
  for (let m = 0; m < opts.motions; m++) {
    const motion = await app.services.governance.createMotion(cluster, 'bench-p-coordinator', {
      meetingId: meeting.id,
      title: `Uchwała ${m + 1}`,
      text: `Treść uchwały nr ${m + 1}`,
      ballotKind: 'yesno',
      secret: false,
      allowChange: true,
      closesAt: new Date(BENCH_NOW.getTime() + 7 * DAY),
    });
    if (motion.status !== 'open') throw new Error(`motion ${motion.id} did not open`);
    motionIds.push(motion.id);
  }
  // One secret motion for the secret burst: its ballots are sealed and counted in batches of k.
  const secret = await app.services.governance.createMotion(cluster, 'bench-p-coordinator', {
    meetingId: meeting.id,
    title: 'Uchwała tajna',
    text: 'Głosowanie tajne',
    ballotKind: 'yesno',
    secret: true,
    allowChange: false,
    closesAt: new Date(BENCH_NOW.getTime() + 7 * DAY),
  });
  const mainOrgs = orgs.filter((o) => o.category === 'main');
  return {
    clusterId,
    orgs,
    mainOrgs,
    motionIds,
    secretMotionId: secret.id,
    meetingId: meeting.id,
    counts: { organisations: orgs.length, mainOrganisations: mainOrgs.length, representatives: reps.length, activities: activities.length, barterPosts: posts.length, workingGroups: groups.length, motions: motionIds.length },
  };
}

/** A cluster for the inactivity scan: `members` organisations, `perMember` activities each over two years. */
export async function seedScanCluster(app: App, seed: BenchSeedStore, members: number, perMember: number): Promise<string> {
  const random = rng(members);
  const cluster = await app.services.clusters.resolve('console', `bench-scan-${members}`);
  const joinedAt = new Date(BENCH_NOW.getTime() - 3 * 365 * DAY);
  const prefix = `bench-s${members}`;
  await seed.members(
    Array.from({ length: members }, (_, i) => ({
      id: `${prefix}-m-${i}`,
      clusterId: cluster.id,
      name: `Org ${i}`,
      legalForm: 'association',
      category: i % 5 === 4 ? 'supporting' : 'main',
      status: 'active',
      municipality: 'Gdańsk',
      county: 'pomorskie',
      joinedAt,
      dataConfirmedAt: joinedAt,
      createdAt: joinedAt,
      updatedAt: joinedAt,
    })),
  );
  // Written in slices so the whole 200,000-row array is never held at once.
  const slice = 20_000;
  const total = members * perMember;
  for (let start = 0; start < total; start += slice) {
    const rows = [];
    for (let i = start; i < Math.min(total, start + slice); i++) {
      // Skewed: a tenth of the organisations do almost nothing, so the scan finds inactive ones.
      const m = i % members;
      const date = new Date(BENCH_NOW.getTime() - DAY - Math.floor(random() * (m % 10 === 0 ? 3 : 1) * TWO_YEARS) % (3 * TWO_YEARS));
      rows.push({
        id: `${prefix}-a-${i}`,
        clusterId: cluster.id,
        memberId: `${prefix}-m-${m}`,
        loggedByPersonId: null,
        kind: 'event',
        date,
        title: `A ${i}`,
        description: '',
        source: 'manual',
        status: 'confirmed',
        createdAt: date,
      });
    }
    await seed.activities(rows);
  }
  return cluster.id;
}

/**
 * A cluster for the pickers at size: `members` organisations with names as varied as real ones
 * (legal form, a word, a town), and the coordinator who picks among them.
 */
export async function seedPickerCluster(app: App, seed: BenchSeedStore, members: number): Promise<{ clusterId: string; externalId: string }> {
  const random = rng(members + 7);
  const externalId = `bench-picker-${members}`;
  const cluster = await app.services.clusters.resolve('console', externalId, `Bench ${members}`);
  const joinedAt = new Date(BENCH_NOW.getTime() - 3 * 365 * DAY);
  const prefix = `bench-k${members}`;
  const FORMS = ['Spółdzielnia Socjalna', 'Fundacja', 'Stowarzyszenie', 'Centrum Integracji Społecznej', 'Zakład Aktywności Zawodowej'];
  const WORDS = ['Razem', 'Pomorze', 'Żuraw', 'Łączy nas', 'Dobry Start', 'Kaszuby', 'Bursztyn', 'Wspólna Sprawa', 'Przystań', 'Ogród'];
  await seed.members(
    Array.from({ length: members }, (_, i) => ({
      id: `${prefix}-m-${i}`,
      clusterId: cluster.id,
      name: `${FORMS[Math.floor(random() * FORMS.length)]} „${WORDS[Math.floor(random() * WORDS.length)]} ${i}” ${MUNICIPALITIES[i % MUNICIPALITIES.length]}`,
      legalForm: 'cooperative',
      category: i % 5 === 4 ? 'supporting' : 'main',
      status: i % 50 === 0 ? 'suspended' : 'active',
      municipality: MUNICIPALITIES[i % MUNICIPALITIES.length]!,
      county: 'pomorskie',
      joinedAt,
      dataConfirmedAt: joinedAt,
      createdAt: joinedAt,
      updatedAt: joinedAt,
    })),
  );
  await seed.people([{ id: `${prefix}-coordinator`, clusterId: cluster.id, platformUserId: COORDINATOR_USER, displayName: COORDINATOR_USER, createdAt: joinedAt }]);
  await seed.roles([{ id: `${prefix}-role-coordinator`, clusterId: cluster.id, personId: `${prefix}-coordinator`, role: 'coordinator', createdAt: joinedAt }]);
  return { clusterId: cluster.id, externalId };
}
