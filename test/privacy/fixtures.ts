import net from 'node:net';
import { connect, type Client } from '../../src/db/client.ts';
import { TEST_CLUSTER, type TestApp } from '../support/harness.ts';
import { ownPostgresDatabase } from '../support/postgres.ts';

/**
 * Rows for tables whose features are built in parallel: written straight to the test database,
 * shaped as those features store them, so privacy can be tested over the whole data model.
 */
export async function rawClient(t: TestApp): Promise<Client> {
  const { client } = await connect(t.app.config.DATABASE_URL);
  return client;
}

export async function clusterId(t: TestApp): Promise<string> {
  return (await t.app.services.clusters.resolve('console', TEST_CLUSTER)).id;
}

export async function personId(t: TestApp, platformUserId: string): Promise<string> {
  const cid = await clusterId(t);
  const person = await t.app.db.privacy.personByPlatformId(cid, platformUserId);
  if (!person) throw new Error(`no person ${platformUserId}`);
  return person.id;
}

export const JAN = {
  id: 'jan.kowalski.77',
  email: 'Jan.Kowalski@razem.example',
  contactName: 'Jan Kowalski',
  org: 'Spółdzielnia Socjalna Razem',
};
export const EWA = { id: 'ewa.nowak.55', org: 'Fundacja Wspólny Stół' };

/** What the person-linked rows were created as: table → ids, to check the export against. */
export type Linked = Record<string, string[]>;

/**
 * Jan represents a main member: he applied (with his e-mail as the organisation's contact),
 * logged activities, posted barter and answered Ewa's post, cast his organisation's vote in an
 * open and a secret ballot, and left traces in every other table that holds a person.
 * Ewa's organisation did the same things without him, and mentions him in her own texts.
 */
export async function janDidEverything(t: TestApp, db: Client): Promise<{ linked: Linked; ids: Record<string, string> }> {
  await t.given('coord', { roles: ['coordinator'] });
  await t.given(JAN.id, { main: JAN.org, roles: ['team'] });
  await t.given(EWA.id, { main: EWA.org });
  const cid = await clusterId(t);
  const jan = await personId(t, JAN.id);
  const ewa = await personId(t, EWA.id);
  await db.person.update({ where: { id: jan }, data: { email: JAN.email, locale: 'pl' } });
  const razem = (await db.member.findFirstOrThrow({ where: { clusterId: cid, name: JAN.org } })).id;
  const stol = (await db.member.findFirstOrThrow({ where: { clusterId: cid, name: EWA.org } })).id;

  const application = await db.application.create({
    data: {
      clusterId: cid,
      applicantPersonId: jan,
      orgName: JAN.org,
      orgKey: 'spoldzielnia socjalna razem',
      legalForm: 'social-cooperative',
      category: 'main',
      municipality: 'Gdańsk',
      county: 'Gdańsk',
      inPomorskie: true,
      activity: 'Catering i pralnia.',
      resources: 'Kuchnia, samochód dostawczy.',
      motivation: `Współpraca rynkowa. Kontakt: ${JAN.contactName}, ${JAN.email.toLowerCase()}`,
      contactName: JAN.contactName,
      contactEmail: JAN.email,
      acceptsRules: true,
      ethicsStatement: true,
      understandsNoGrants: true,
      stage: 'decided',
      status: 'accepted',
      memberId: razem,
    },
  });
  await db.member.update({ where: { id: razem }, data: { contactEmail: JAN.email, applicationId: application.id } });
  // As a Coordinating Team member Jan recorded the decision on Ewa's application and an appeal.
  const decided = await db.application.create({
    data: {
      clusterId: cid,
      applicantPersonId: ewa,
      orgName: EWA.org,
      orgKey: 'fundacja wspolny stol',
      legalForm: 'foundation',
      category: 'main',
      municipality: 'Gdynia',
      county: 'Gdynia',
      inPomorskie: true,
      activity: 'Jadłodzielnia.',
      resources: 'Sala.',
      motivation: 'Sieć.',
      acceptsRules: true,
      ethicsStatement: true,
      understandsNoGrants: true,
      stage: 'decided',
      status: 'accepted',
      decidedByPersonId: jan,
      memberId: stol,
    },
  });

  const activities = [];
  for (const title of ['Warsztaty z HACCP', 'Wspólne stoisko na targach']) {
    activities.push(
      await db.activity.create({ data: { clusterId: cid, memberId: razem, loggedByPersonId: jan, kind: 'event', date: new Date('2026-02-10T10:00:00Z'), title } }),
    );
  }
  await db.activity.create({
    data: {
      clusterId: cid,
      memberId: stol,
      loggedByPersonId: ewa,
      kind: 'event',
      date: new Date('2026-02-12T10:00:00Z'),
      title: 'Szkolenie z księgowości',
      description: `Prowadził <@${JAN.id}> (${JAN.email.toLowerCase()}).`,
    },
  });

  const post = await db.barterPost.create({
    data: { clusterId: cid, memberId: razem, authorPersonId: jan, type: 'offer', kind: 'transport', title: 'Samochód dostawczy na weekend', availableUntil: new Date('2026-04-01T00:00:00Z') },
  });
  await db.barterRevision.create({ data: { postId: post.id, previous: JSON.stringify({ title: 'Bus', description: `pytaj ${JAN.contactName}` }) } });
  const ewasPost = await db.barterPost.create({
    data: { clusterId: cid, memberId: stol, authorPersonId: ewa, type: 'request', kind: 'space', title: 'Sala na szkolenie', availableUntil: new Date('2026-04-01T00:00:00Z') },
  });
  const response = await db.barterResponse.create({
    data: { postId: ewasPost.id, memberId: razem, personId: jan, message: 'Mamy salę na 30 osób, dzwońcie: 600 100 200' },
  });

  const meeting = await db.meeting.create({
    data: { clusterId: cid, kind: 'general', title: 'Walne Spotkanie Sieci 2026', startsAt: new Date('2026-03-20T10:00:00Z'), createdByPersonId: jan },
  });
  const meetingResponse = await db.meetingResponse.create({ data: { meetingId: meeting.id, memberId: razem, personId: jan, answer: 'yes' } });
  await db.meetingResponse.create({ data: { meetingId: meeting.id, memberId: stol, personId: ewa, answer: 'yes' } });
  const motion = (secret: boolean, title: string) =>
    db.motion.create({
      data: {
        clusterId: cid,
        meetingId: meeting.id,
        title,
        ballotKind: 'yesno',
        options: '["yes","no","abstain"]',
        secret,
        opensAt: new Date('2026-03-20T10:00:00Z'),
        closesAt: new Date('2026-03-20T12:00:00Z'),
        quorum: 0.5,
        majority: 'simple',
        status: 'closed',
      },
    });
  const open = await motion(false, 'Plan działań 2026');
  const secret = await motion(true, 'Wybór lidera grupy');
  const participations = [];
  for (const m of [open, secret]) {
    for (const memberId of [razem, stol]) await db.motionEligibility.create({ data: { motionId: m.id, memberId } });
    participations.push(await db.voteParticipation.create({ data: { motionId: m.id, memberId: razem, castByPersonId: jan } }));
    await db.voteParticipation.create({ data: { motionId: m.id, memberId: stol, castByPersonId: ewa } });
  }
  await db.openVote.create({ data: { motionId: open.id, memberId: razem, choice: 'yes' } });
  await db.openVote.create({ data: { motionId: open.id, memberId: stol, choice: 'no' } });
  await db.secretTally.create({ data: { motionId: secret.id, option: 'yes', count: 2 } });

  const group = await db.workingGroup.create({ data: { clusterId: cid, name: 'Gastronomia', leaderPersonId: jan } });
  const groupMembership = await db.groupMembership.create({ data: { groupId: group.id, memberId: razem, status: 'active', requestedByPersonId: jan } });
  const poll = await db.poll.create({
    data: { clusterId: cid, question: 'Termin integracji?', options: '["maj","czerwiec"]', audience: 'all', deadline: new Date('2026-03-10T00:00:00Z'), createdByPersonId: jan },
  });
  const pollAnswer = await db.pollAnswer.create({ data: { pollId: poll.id, voterKey: jan, choice: '[0]' } });
  await db.pollAnswer.create({ data: { pollId: poll.id, voterKey: ewa, choice: '[1]' } });
  const appeal = await db.appeal.create({ data: { clusterId: cid, memberId: razem, personId: jan, against: 'suspended', text: 'Nie zgadzamy się z zawieszeniem.' } });
  const appealDecided = await db.appeal.create({
    data: { clusterId: cid, memberId: stol, personId: ewa, against: 'suspended', text: 'Odwołanie.', status: 'upheld', decidedByPersonId: jan },
  });
  const failure = await db.notificationFailure.create({ data: { clusterId: cid, personId: jan, kind: 'reminder', reason: 'dm-closed' } });
  const draft = await db.formDraft.create({ data: { clusterId: cid, personKey: jan, formId: 'activity.log', values: JSON.stringify({ title: 'Dzień otwarty', description: 'u nas' }) } });
  const audit = await db.auditEntry.create({ data: { clusterId: cid, actorPersonId: jan, action: 'barter.posted', subjectType: 'barter', subjectId: post.id } });

  return {
    ids: { jan, ewa, razem, stol, open: open.id, secret: secret.id, application: application.id, post: post.id, ewasPost: ewasPost.id, poll: poll.id },
    linked: {
      applications: [application.id],
      applicationsDecided: [decided.id],
      activitiesLogged: activities.map((a) => a.id),
      barterPosts: [post.id],
      barterResponses: [response.id],
      votes: participations.map((p) => p.id),
      meetingsCreated: [meeting.id],
      meetingResponses: [meetingResponse.id],
      workingGroupsLed: [group.id],
      groupMembershipRequests: [groupMembership.id],
      pollsCreated: [poll.id],
      pollAnswers: [pollAnswer.id],
      appeals: [appeal.id],
      appealsDecided: [appealDecided.id],
      notificationFailures: [failure.id],
      formDrafts: [draft.id],
      auditEntries: [audit.id],
      organisationContacts: [razem],
    },
  };
}

/** Row counts of every table. */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await t.app.db.tableNames()) out[table] = (await t.app.db.dumpTable(table)).length;
  return out;
}

/** Every stored value of every table, as one lower-cased text, to search for a person's traces. */
export async function everything(t: TestApp): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await t.app.db.tableNames()) {
    out[table] = JSON.stringify(await t.app.db.dumpTable(table), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)).toLowerCase();
  }
  return out;
}

export async function postgresReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** A database of its own on the shared server, so parallel test runs never meet. */
export async function freshPostgresDatabase(serverUrl: string): Promise<{ databaseUrl: string; drop: () => Promise<void> }> {
  const own = await ownPostgresDatabase('pkes_privacy', serverUrl);
  if (!own) throw new Error(`PostgreSQL at ${serverUrl} is unreachable`);
  return { databaseUrl: own.url, drop: () => own.drop() };
}
