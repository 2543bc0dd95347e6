import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { NotificationService } from './notifications.ts';
import type { DeliveryService } from './deliveries.ts';

export type PersonRecords = Awaited<ReturnType<Database['privacy']['personRecords']>>;
export type OrganisationRecords = Awaited<ReturnType<Database['privacy']['organisationRecords']>>;

/** Who asked for an erasure or export: the person themselves, or the coordinator on a written request. */
export type PrivacyRequester = { kind: 'self' } | { kind: 'coordinator'; personId: string; reference: string };

export interface RetentionResult {
  refusedApplicationsDeleted: number;
  endedMembers: number;
  representativesErased: number;
  representativesUnlinked: number;
}

/** What the bot holds about a person, counted per purpose, for /privacy. */
export interface PrivacySummary {
  displayName: string;
  platformUserId: string;
  locale: string | null;
  /** The person's own e-mail and the contact e-mails they gave in applications. */
  emails: string[];
  organisation: string | null;
  roles: string[];
  counts: Record<CountedCategory, number>;
}

export const COUNTED_CATEGORIES = [
  'applications',
  'activitiesLogged',
  'barterPosts',
  'barterResponses',
  'votes',
  'meetingResponses',
  'pollAnswers',
  'groupMembershipRequests',
  'appeals',
  'auditEntries',
] as const;
export type CountedCategory = (typeof COUNTED_CATEGORIES)[number];

/** A platform id no one will ever have: the erased person can never be looked up again. */
const tombstone = () => `erased:${randomBytes(12).toString('hex')}`;

/**
 * Personal data (RODO/GDPR): what the bot holds about a person, export, erasure and retention.
 * Erasure keeps the cluster's records (membership, activities, that an organisation voted) and
 * removes the person from them.
 */
export class PrivacyService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
    private readonly deliveries: DeliveryService,
  ) {}

  async summary(clusterId: string, personId: string): Promise<PrivacySummary> {
    const records = await this.db.privacy.personRecords(clusterId, personId);
    const counts = Object.fromEntries(COUNTED_CATEGORIES.map((c) => [c, records[c].length])) as Record<CountedCategory, number>;
    return {
      displayName: records.person.displayName,
      platformUserId: records.person.platformUserId,
      locale: records.person.locale,
      emails: [...new Set([records.person.email, ...records.applications.map((a) => a.contactEmail)].filter((e): e is string => Boolean(e)))],
      organisation: records.representation[0]?.organisation ?? null,
      roles: records.roles.map((r) => r.role),
      counts,
    };
  }

  /** A person found by their chat id, for a coordinator acting on a written request. */
  async personByPlatformId(clusterId: string, platformUserId: string) {
    const person = await this.db.privacy.personByPlatformId(clusterId, platformUserId);
    if (!person || person.erasedAt) throw new DomainError('privacy.errors.unknownPerson', { person: `<@${platformUserId}>` });
    return person;
  }

  /** Everything linked to the person, as a JSON file. */
  async exportPerson(clusterId: string, personId: string, by: PrivacyRequester): Promise<{ subject: string; exportedAt: Date; json: string }> {
    const records = await this.db.privacy.personRecords(clusterId, personId);
    if (records.person.erasedAt) throw new DomainError('privacy.errors.alreadyErased');
    if (by.kind === 'coordinator') {
      await this.db.audit.record({
        clusterId,
        actorPersonId: by.personId,
        action: 'privacy.exported',
        subjectType: 'person',
        subjectId: personId,
        details: { reference: by.reference },
      });
    }
    const exportedAt = this.now();
    return { subject: records.person.displayName, exportedAt, json: toJson({ exportedAt, ...records }) };
  }

  async exportOrganisation(clusterId: string, name: string, by: { personId: string; reference: string }) {
    const member = await this.db.privacy.memberByName(clusterId, name);
    if (!member) throw new DomainError('privacy.errors.unknownOrganisation', { name });
    const records = await this.db.privacy.organisationRecords(clusterId, member.id);
    await this.db.audit.record({
      clusterId,
      actorPersonId: by.personId,
      action: 'privacy.organisationExported',
      subjectType: 'member',
      subjectId: member.id,
      details: { reference: by.reference },
    });
    const exportedAt = this.now();
    return { name: member.name, subject: member.name, exportedAt, json: toJson({ exportedAt, ...records }) };
  }

  /**
   * Erases the person everywhere, in one transaction, and takes the platform roles of the
   * organisation they represented away from their chat account.
   */
  async erase(clusterId: string, personId: string, by: PrivacyRequester): Promise<void> {
    const result = await this.db.transaction(async (tx) => {
      const person = await tx.privacy.person(personId);
      if (!person || person.clusterId !== clusterId) throw new DomainError('privacy.errors.unknownPerson', { person: '' });
      if (person.erasedAt) throw new DomainError('privacy.errors.alreadyErased');
      // Erasure leaves the groups this person led without a leader; the team must be told.
      const led = (await tx.groups.listActive(clusterId)).filter((g) => g.leaderPersonId === personId);
      const erasedAt = this.now();
      const erased = { ...(await tx.privacy.erasePerson(clusterId, personId, tombstone, erasedAt)), led, erasedAt };
      // The request reference is recorded, never its content or the person's name.
      await tx.audit.record({
        clusterId,
        actorPersonId: by.kind === 'coordinator' ? by.personId : null,
        action: 'privacy.erased',
        subjectType: 'person',
        subjectId: personId,
        details: by.kind === 'coordinator' ? { reference: by.reference, requestedBy: 'coordinator' } : { requestedBy: 'self' },
      });
      return erased;
    });
    this.log.info({ clusterId, personId, by: by.kind, textsScrubbed: result.scrubbed }, 'personal data erased');
    for (const group of result.led) await this.askForLeader(clusterId, group, result.erasedAt);
    for (const memberId of result.representation) {
      const member = await this.db.members.byId(memberId);
      if (!member) continue;
      await this.notifications.membershipChanged(clusterId, {
        type: 'representative.removed',
        memberId,
        category: member.category,
        people: [{ personId, platformUserId: result.platformUserId }],
      });
    }
  }

  /**
   * A working group whose leader's data was erased has no leader. The Coordinating Team (which
   * appoints leaders) is told once, through the delivery ledger, with a button to appoint one.
   */
  private async askForLeader(clusterId: string, group: { id: string; name: string }, erasedAt: Date): Promise<void> {
    // The key names the group and the moment, never the erased person.
    await this.deliveries.once(clusterId, `group-leaderless:${group.id}:${erasedAt.toISOString()}`, 'group-leaderless', async () => {
      for (const personId of await this.db.applications.coordinatingTeamPersonIds(clusterId)) {
        await this.notifications.toPerson(
          clusterId,
          personId,
          ({ t }) => ({
            title: t('groups.notify.leaderlessTitle', { group: group.name }),
            text: t('groups.notify.leaderlessText', { group: group.name }),
            buttons: [{ label: t('groups.buttons.appointLeader'), action: { command: 'group', action: 'appointLeader', args: [group.id] }, style: 'primary' }],
            tone: 'warning',
          }),
          'group-leaderless',
        );
      }
    });
  }

  /**
   * Deletes what is past its retention period: refused applications, and the representative
   * data of organisations whose membership ended. Safe to repeat: what is done is not found again.
   */
  async applyRetention(cluster: ClusterContext, now: Date): Promise<RetentionResult> {
    const local = DateTime.fromJSDate(now, { zone: cluster.timeZone });
    const refusedBefore = local.minus({ months: cluster.settings.refusedApplicationRetentionMonths }).toJSDate();
    const endedBefore = local.minus({ months: cluster.settings.endedMembershipRetentionMonths }).toJSDate();
    const result: RetentionResult = { refusedApplicationsDeleted: 0, endedMembers: 0, representativesErased: 0, representativesUnlinked: 0 };

    const refused = await this.db.privacy.refusedApplicationsBefore(cluster.id, refusedBefore);
    if (refused.length) result.refusedApplicationsDeleted = await this.db.privacy.deleteApplications(refused.map((a) => a.id));

    for (const due of await this.db.privacy.endedMembersWithPersonalData(cluster.id, endedBefore)) {
      result.endedMembers += 1;
      for (const personId of due.personIds) {
        // Someone who also coordinates or leads a group keeps that; only the ended link goes.
        const person = await this.db.privacy.person(personId);
        if (!person || person.erasedAt || (await this.db.privacy.hasOtherStanding(cluster.id, personId))) {
          await this.db.privacy.removeRepresentative(cluster.id, personId, due.memberId);
          result.representativesUnlinked += 1;
        } else {
          await this.db.transaction((tx) => tx.privacy.erasePerson(cluster.id, personId, tombstone, now));
          result.representativesErased += 1;
        }
      }
      await this.db.privacy.clearOrganisationContact(due.memberId, due.applicationIds);
    }

    const total = result.refusedApplicationsDeleted + result.endedMembers;
    if (total > 0) {
      await this.db.audit.record({ clusterId: cluster.id, action: 'privacy.retention', subjectType: 'cluster', subjectId: cluster.id, details: { ...result } });
    }
    return result;
  }

}

function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
