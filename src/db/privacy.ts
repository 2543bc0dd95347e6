import { ENDED_STATUSES } from '../core/vocabulary.ts';
import type { Client, Tx } from './client.ts';
import type { Provider } from './provider.ts';
import { eraseFromMarket, marketRecordsOfOrganisation, marketRecordsOfPerson } from './privacy-market.ts';
import { memberRow } from './vocabulary-rows.ts';

type Db = Client | Tx;


/**
 * Free-text columns, per table, that anyone may have typed a person's e-mail, mention or name
 * into. Erasure scrubs these; the structured links to a person are handled one by one below.
 */
const FREE_TEXT = {
  application: ['activity', 'resources', 'motivation', 'recommendationNote', 'decisionReason', 'conditions', 'verification', 'contactName', 'meetingPlace'],
  // statusReason and a post's exchange are vocabulary (src/core/vocabulary.ts), never anyone's words.
  member: ['description', 'offers', 'conditions', 'statusNote', 'website'],
  auditEntry: ['reason', 'details'],
  appeal: ['text', 'decisionReason'],
  activity: ['title', 'description', 'reviewNote', 'link'],
  meeting: ['title', 'place', 'agenda'],
  workingGroup: ['purpose', 'dissolvedReason'],
  barterPost: ['title', 'description', 'place'],
  // A published contact person's name, or a name typed into the offer.
  catalogueEntry: ['title', 'description', 'contactName'],
  marketOpportunity: ['need'],
  jointPurchase: ['description'],
  motion: ['title', 'text'],
  motionTask: ['title', 'note'],
  voteProxy: ['note'],
  poll: ['question', 'options'],
  strategicPartner: ['contact', 'note'],
  notificationFailure: ['reason', 'fallback'],
  formDraft: ['values'],
} satisfies Record<string, string[]>;

/** The tables without a clusterId, reached through their barter post. */
const FREE_TEXT_BY_POST = {
  barterResponse: ['message'],
  barterRevision: ['previous'],
} satisfies Record<string, string[]>;

type Row = Record<string, unknown> & { id: string };
interface LooseDelegate {
  findMany(args: { where: Record<string, unknown> }): Promise<Row[]>;
  update(args: { where: { id: string }; data: Record<string, unknown> }): Promise<unknown>;
}

/** What identifies a person in text: replaced by `replacement` wherever it stands as a word. */
export interface Identifiers {
  terms: string[];
  replacement: string;
}

/**
 * The one place that knows where personal data lives: what is linked to a person or an
 * organisation (export), how to cut a person out of every table (erasure), and what is past its
 * retention period. Cluster records (memberships, activities, votes) stay; the person goes.
 */
export class PrivacyStore {
  constructor(
    private readonly db: Db,
    private readonly provider: Provider = 'sqlite',
  ) {}

  person(id: string) {
    return this.db.person.findUnique({ where: { id } });
  }

  personByPlatformId(clusterId: string, platformUserId: string) {
    return this.db.person.findUnique({ where: { clusterId_platformUserId: { clusterId, platformUserId } } });
  }

  async memberByName(clusterId: string, name: string) {
    return memberRow.maybe(await this.db.member.findUnique({ where: { clusterId_name: { clusterId, name } } }));
  }

  /** Every record linked to the person, as stored. */
  async personRecords(clusterId: string, personId: string) {
    const db = this.db;
    const person = await db.person.findUniqueOrThrow({ where: { id: personId } });
    const [roles, representation, applications, appeals, activitiesLogged, meetingsCreated, meetingResponses, groupsLed, groupRequests] =
      await Promise.all([
        db.personRole.findMany({ where: { personId } }),
        db.representative.findMany({ where: { clusterId, personId } }),
        db.application.findMany({ where: { clusterId, applicantPersonId: personId }, orderBy: { submittedAt: 'asc' } }),
        db.appeal.findMany({ where: { clusterId, personId } }),
        db.activity.findMany({ where: { clusterId, loggedByPersonId: personId }, orderBy: { date: 'asc' } }),
        db.meeting.findMany({ where: { clusterId, createdByPersonId: personId } }),
        db.meetingResponse.findMany({ where: { personId } }),
        db.workingGroup.findMany({ where: { clusterId, leaderPersonId: personId } }),
        db.groupMembership.findMany({ where: { requestedByPersonId: personId } }),
      ]);
    const [barterPosts, barterResponses, participations, pollsCreated, pollAnswers, notificationFailures, formDrafts, auditEntries] =
      await Promise.all([
        db.barterPost.findMany({ where: { clusterId, authorPersonId: personId }, orderBy: { createdAt: 'asc' } }),
        db.barterResponse.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } }),
        db.voteParticipation.findMany({ where: { castByPersonId: personId }, orderBy: { castAt: 'asc' } }),
        db.poll.findMany({ where: { clusterId, createdByPersonId: personId } }),
        db.pollAnswer.findMany({ where: { voterKey: personId } }),
        db.notificationFailure.findMany({ where: { clusterId, personId } }),
        db.formDraft.findMany({ where: { clusterId, personKey: personId } }),
        db.auditEntry.findMany({
          where: { clusterId, OR: [{ actorPersonId: personId }, { subjectType: 'person', subjectId: personId }] },
          orderBy: { createdAt: 'asc' },
        }),
      ]);
    // Decisions the person recorded: that they did, not the other people's data in them.
    const applicationsDecided = await db.application.findMany({
      where: { clusterId, decidedByPersonId: personId },
      select: { id: true, orgName: true, status: true, decidedAt: true },
    });
    const appealsDecided = await db.appeal.findMany({ where: { clusterId, decidedByPersonId: personId }, select: { id: true, memberId: true, status: true, decidedAt: true } });
    const emails = contactEmails(person.email, applications);
    const organisationContacts = emails.length
      ? (await db.member.findMany({ where: { clusterId, contactEmail: { not: null } }, select: { id: true, name: true, contactEmail: true } })).filter(
          (m) => m.contactEmail && emails.includes(m.contactEmail.toLowerCase()),
        )
      : [];
    const organisations = await db.member.findMany({ where: { id: { in: representation.map((r) => r.memberId) } }, select: { id: true, name: true } });
    // A secret ballot not yet counted: that the person cast it is theirs (never the sealed choice).
    const pendingSecret = await db.sealedBallot.findMany({
      where: { castByPersonId: personId, sealed: { not: null } },
      select: { id: true, motionId: true, memberId: true, castByPersonId: true, proxyMemberId: true },
    });
    const motions = await db.motion.findMany({ where: { id: { in: [...participations, ...pendingSecret].map((p) => p.motionId) } } });
    // An open ballot's choice is the organisation's, but the person cast it, so they may see it.
    const openVotes = await db.openVote.findMany({
      where: { OR: participations.map((p) => ({ motionId: p.motionId, memberId: p.memberId })) },
    });
    const polls = await db.poll.findMany({ where: { id: { in: pollAnswers.map((a) => a.pollId) } }, select: { id: true, question: true, options: true } });
    const market = await marketRecordsOfPerson(db, clusterId, personId, emails);
    return {
      person,
      roles,
      representation: representation.map((r) => ({ ...r, organisation: organisations.find((o) => o.id === r.memberId)?.name ?? null })),
      applications,
      applicationsDecided,
      organisationContacts,
      appeals,
      appealsDecided,
      activitiesLogged,
      meetingsCreated,
      meetingResponses,
      workingGroupsLed: groupsLed,
      groupMembershipRequests: groupRequests,
      barterPosts,
      barterResponses,
      votes: participations.map((p) => {
        const motion = motions.find((m) => m.id === p.motionId);
        const open = motion && !motion.secret ? openVotes.find((v) => v.motionId === p.motionId && v.memberId === p.memberId) : undefined;
        return { ...p, motionTitle: motion?.title ?? null, secret: motion?.secret ?? null, organisationChoice: open?.choice ?? null };
      }).concat(pendingSecret.map((p) => ({ ...p, castAt: null as unknown as Date, motionTitle: motions.find((m) => m.id === p.motionId)?.title ?? null, secret: true, organisationChoice: null }))),
      pollsCreated,
      pollAnswers: pollAnswers.map((a) => ({ ...a, question: polls.find((p) => p.id === a.pollId)?.question ?? null })),
      ...market,
      notificationFailures,
      formDrafts,
      auditEntries,
    };
  }

  /** Everything the cluster holds about one organisation. Secret ballots appear only as "voted". */
  async organisationRecords(clusterId: string, memberId: string) {
    const db = this.db;
    const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
    const reps = await db.representative.findMany({ where: { clusterId, memberId } });
    const people = await db.person.findMany({ where: { id: { in: reps.map((r) => r.personId) }, erasedAt: null } });
    const posts = await db.barterPost.findMany({ where: { clusterId, memberId }, orderBy: { createdAt: 'asc' } });
    const [applications, activities, meetingResponses, attendance, groupMemberships, barterResponses, participations, openVotes, proxies, appeals, auditEntries] =
      await Promise.all([
        db.application.findMany({ where: { clusterId, OR: [{ memberId }, ...(member.applicationId ? [{ id: member.applicationId }] : [])] } }),
        db.activity.findMany({ where: { clusterId, memberId }, orderBy: { date: 'asc' } }),
        db.meetingResponse.findMany({ where: { memberId } }),
        db.attendance.findMany({ where: { memberId } }),
        db.groupMembership.findMany({ where: { memberId } }),
        db.barterResponse.findMany({ where: { OR: [{ memberId }, { postId: { in: posts.map((p) => p.id) } }] } }),
        db.voteParticipation.findMany({ where: { memberId } }),
        db.openVote.findMany({ where: { memberId } }),
        db.voteProxy.findMany({ where: { clusterId, OR: [{ fromMemberId: memberId }, { toMemberId: memberId }] } }),
        db.appeal.findMany({ where: { clusterId, memberId } }),
        db.auditEntry.findMany({ where: { clusterId, subjectType: 'member', subjectId: memberId }, orderBy: { createdAt: 'asc' } }),
      ]);
    return {
      member,
      representatives: people.map((p) => ({ personId: p.id, displayName: p.displayName, since: reps.find((r) => r.personId === p.id)?.createdAt ?? null })),
      applications,
      activities,
      meetingResponses,
      attendance,
      groupMemberships,
      barterPosts: posts,
      barterResponses,
      votes: participations.map((p) => ({ ...p, openChoice: openVotes.find((v) => v.motionId === p.motionId)?.choice ?? null })),
      voteProxies: proxies,
      appeals,
      ...(await marketRecordsOfOrganisation(db, clusterId, memberId)),
      auditEntries,
    };
  }

  /**
   * Cuts the person out of every table. Rows that are the cluster's records (the organisation's
   * activities, votes, barter, answers) stay with the person's link set to null; rows that exist
   * only for the person (roles, representation, drafts) go. Run inside a transaction.
   */
  async erasePerson(clusterId: string, personId: string, tombstone: () => string, now: Date) {
    const db = this.db;
    const person = await db.person.findUniqueOrThrow({ where: { id: personId } });
    const applications = await db.application.findMany({ where: { clusterId, applicantPersonId: personId } });
    const emails = contactEmails(person.email, applications);
    const representation = await db.representative.findMany({ where: { clusterId, personId } });

    if (emails.length) {
      const contacts = await db.member.findMany({ where: { clusterId, contactEmail: { not: null } }, select: { id: true, contactEmail: true } });
      const ids = contacts.filter((m) => emails.includes(m.contactEmail!.toLowerCase())).map((m) => m.id);
      await db.member.updateMany({ where: { id: { in: ids } }, data: { contactEmail: null } });
      const named = await db.application.findMany({ where: { clusterId, contactEmail: { not: null } }, select: { id: true, contactEmail: true } });
      const appIds = named.filter((a) => emails.includes(a.contactEmail!.toLowerCase())).map((a) => a.id);
      await db.application.updateMany({ where: { id: { in: appIds } }, data: { contactName: null, contactEmail: null } });
    }
    await db.application.updateMany({ where: { clusterId, applicantPersonId: personId }, data: { applicantPersonId: null, contactName: null, contactEmail: null } });
    await db.personRole.deleteMany({ where: { personId } });
    await db.representative.deleteMany({ where: { clusterId, personId } });
    await db.formDraft.deleteMany({ where: { clusterId, personKey: personId } });
    // Calendar subscriptions exist only for the person: their addresses stop answering.
    await db.calendarFeed.deleteMany({ where: { clusterId, personId } });
    await db.auditEntry.updateMany({ where: { clusterId, actorPersonId: personId }, data: { actorPersonId: null } });
    await db.appeal.updateMany({ where: { clusterId, personId }, data: { personId: null } });
    // The decision stays the Coordinating Team's; who of them recorded it goes.
    await db.appeal.updateMany({ where: { clusterId, decidedByPersonId: personId }, data: { decidedByPersonId: null } });
    await db.application.updateMany({ where: { clusterId, decidedByPersonId: personId }, data: { decidedByPersonId: null } });
    await db.activity.updateMany({ where: { clusterId, loggedByPersonId: personId }, data: { loggedByPersonId: null } });
    await db.meeting.updateMany({ where: { clusterId, createdByPersonId: personId }, data: { createdByPersonId: null } });
    await db.meetingResponse.updateMany({ where: { personId }, data: { personId: null } });
    await db.workingGroup.updateMany({ where: { clusterId, leaderPersonId: personId }, data: { leaderPersonId: null } });
    await db.groupMembership.updateMany({ where: { requestedByPersonId: personId }, data: { requestedByPersonId: null } });
    await db.barterPost.updateMany({ where: { clusterId, authorPersonId: personId }, data: { authorPersonId: null } });
    // What the person wrote in a response is theirs; that their organisation responded stays.
    await db.barterResponse.updateMany({ where: { personId }, data: { personId: null, message: '' } });
    // The organisation voted (and, in an open ballot, how); who pressed the button is gone.
    await db.voteParticipation.updateMany({ where: { castByPersonId: personId }, data: { castByPersonId: null } });
    await db.sealedBallot.updateMany({ where: { castByPersonId: personId }, data: { castByPersonId: null } });
    await db.poll.updateMany({ where: { clusterId, createdByPersonId: personId }, data: { createdByPersonId: null } });
    // A motion's task stays the cluster's record; who added it or reported on it goes.
    await db.motionTask.updateMany({ where: { clusterId, createdByPersonId: personId }, data: { createdByPersonId: null } });
    await db.motionTask.updateMany({ where: { clusterId, progressByPersonId: personId }, data: { progressByPersonId: null } });
    // A per-person poll answer keeps counting, under a key that leads nowhere.
    for (const answer of await db.pollAnswer.findMany({ where: { voterKey: personId }, select: { id: true } })) {
      await db.pollAnswer.update({ where: { id: answer.id }, data: { voterKey: tombstone() } });
    }
    await db.notificationFailure.updateMany({ where: { clusterId, personId }, data: { personId: null } });
    await eraseFromMarket(db, clusterId, personId, emails);

    const identifiers = identifiersOf(person, emails, applications.map((a) => a.contactName));
    const scrubbed = await this.scrubText(clusterId, identifiers);
    await db.person.update({
      where: { id: personId },
      data: { platformUserId: tombstone(), displayName: '', locale: null, email: null, erasedAt: now },
    });
    return {
      platformUserId: person.platformUserId,
      representation: representation.map((r) => r.memberId),
      scrubbed,
    };
  }

  /** Replaces the person's identifiers in every free-text column of the cluster. Returns rows changed. */
  async scrubText(clusterId: string, ids: Identifiers): Promise<number> {
    if (!ids.terms.length) return 0;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_@.-])(?:${ids.terms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');
    const variants = [...new Set(ids.terms.flatMap((term) => [term, term.toLowerCase()]))];
    // SQLite's LIKE ignores ASCII case already; PostgreSQL needs to be told.
    const insensitive = this.provider === 'postgresql' ? { mode: 'insensitive' } : {};
    // Each table's own delegate, taken as the loose shape scrubbing needs; `satisfies` makes a table
    // added to the lists above without its delegate a compile error.
    const db = this.db;
    const delegates: Record<string, LooseDelegate> = {
      application: db.application,
      member: db.member,
      auditEntry: db.auditEntry,
      appeal: db.appeal,
      activity: db.activity,
      meeting: db.meeting,
      workingGroup: db.workingGroup,
      barterPost: db.barterPost,
      catalogueEntry: db.catalogueEntry,
      marketOpportunity: db.marketOpportunity,
      jointPurchase: db.jointPurchase,
      motion: db.motion,
      motionTask: db.motionTask,
      voteProxy: db.voteProxy,
      poll: db.poll,
      strategicPartner: db.strategicPartner,
      notificationFailure: db.notificationFailure,
      formDraft: db.formDraft,
      barterResponse: db.barterResponse,
      barterRevision: db.barterRevision,
    } satisfies Record<keyof typeof FREE_TEXT | keyof typeof FREE_TEXT_BY_POST, LooseDelegate>;
    let changed = 0;
    const scrub = async (model: string, columns: string[], scope: Record<string, unknown>) => {
      const rows = await delegates[model]!.findMany({
        where: { ...scope, OR: columns.flatMap((c) => variants.map((v) => ({ [c]: { contains: v, ...insensitive } }))) },
      });
      for (const row of rows) {
        const data: Record<string, string> = {};
        for (const column of columns) {
          const value = row[column];
          if (typeof value !== 'string') continue;
          const next = value.replace(pattern, ids.replacement);
          if (next !== value) data[column] = next;
        }
        if (Object.keys(data).length) {
          await delegates[model]!.update({ where: { id: row.id }, data });
          changed += 1;
        }
      }
    };
    for (const [model, columns] of Object.entries(FREE_TEXT)) await scrub(model, columns, { clusterId });
    const postIds = (await this.db.barterPost.findMany({ where: { clusterId }, select: { id: true } })).map((p) => p.id);
    for (const [model, columns] of Object.entries(FREE_TEXT_BY_POST)) await scrub(model, columns, { postId: { in: postIds } });
    return changed;
  }

  /** Refused applications decided before `before` (submitted before it, if never dated). */
  async refusedApplicationsBefore(clusterId: string, before: Date) {
    return this.db.application.findMany({
      where: {
        clusterId,
        status: 'refused',
        OR: [{ decidedAt: { lt: before } }, { decidedAt: null, submittedAt: { lt: before } }],
      },
      select: { id: true },
    });
  }

  async deleteApplications(ids: string[]): Promise<number> {
    // An appeal against a refusal goes with it: its text is the candidate's as much as the application.
    await this.db.appeal.deleteMany({ where: { applicationId: { in: ids } } });
    const { count } = await this.db.application.deleteMany({ where: { id: { in: ids } } });
    return count;
  }

  /** Organisations whose membership ended before `before` and that still hold representative data. */
  async endedMembersWithPersonalData(clusterId: string, before: Date) {
    const ended = await this.db.member.findMany({
      where: {
        clusterId,
        status: { in: [...ENDED_STATUSES] },
        OR: [{ statusChangedAt: { lt: before } }, { statusChangedAt: null, updatedAt: { lt: before } }],
      },
      select: { id: true, contactEmail: true, applicationId: true },
    });
    const result = [];
    for (const member of ended) {
      const reps = await this.db.representative.findMany({ where: { clusterId, memberId: member.id }, select: { personId: true } });
      const contactApps = await this.db.application.findMany({
        where: {
          clusterId,
          OR: [{ memberId: member.id }, ...(member.applicationId ? [{ id: member.applicationId }] : [])],
          AND: [{ OR: [{ contactEmail: { not: null } }, { contactName: { not: null } }, { applicantPersonId: { not: null } }] }],
        },
        select: { id: true },
      });
      if (reps.length || member.contactEmail || contactApps.length) {
        result.push({ memberId: member.id, personIds: reps.map((r) => r.personId), applicationIds: contactApps.map((a) => a.id) });
      }
    }
    return result;
  }

  async clearOrganisationContact(memberId: string, applicationIds: string[]) {
    await this.db.member.update({ where: { id: memberId }, data: { contactEmail: null } });
    await this.db.application.updateMany({ where: { id: { in: applicationIds } }, data: { contactName: null, contactEmail: null, applicantPersonId: null } });
  }

  removeRepresentative(clusterId: string, personId: string, memberId: string) {
    return this.db.representative.deleteMany({ where: { clusterId, personId, memberId } });
  }

  /** Whether the person still has standing in the cluster besides representing an organisation. */
  async hasOtherStanding(clusterId: string, personId: string): Promise<boolean> {
    const [roles, groups] = await Promise.all([
      this.db.personRole.count({ where: { personId } }),
      this.db.workingGroup.count({ where: { clusterId, leaderPersonId: personId, status: 'active' } }),
    ]);
    return roles + groups > 0;
  }
}

function contactEmails(email: string | null, applications: { contactEmail: string | null }[]): string[] {
  return [...new Set([email, ...applications.map((a) => a.contactEmail)].filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()))];
}

/**
 * How the person may appear in someone's text: e-mails, chat mentions, the platform id, the
 * display name and the contact name they gave in an application. Short names are left alone:
 * "Ola" would eat words out of unrelated text.
 */
function identifiersOf(person: { platformUserId: string; displayName: string }, emails: string[], names: (string | null)[]): Identifiers {
  const terms = [...emails, `<@!${person.platformUserId}>`, `<@${person.platformUserId}>`];
  if (person.platformUserId.length >= 4) terms.push(person.platformUserId);
  for (const name of [person.displayName, ...names]) if (name && name.trim().length >= 4) terms.push(name.trim());
  // Longest first, so "<@id>" wins over the bare "id" inside it.
  return { terms: [...new Set(terms)].sort((a, b) => b.length - a.length), replacement: '[—]' };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
