import type { Database } from '../db/index.ts';
import type { AuditAction } from '../core/audit.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { MembershipEvent, PersonAddress } from '../core/notifier.ts';
import type { NotificationService } from './notifications.ts';
import { isInGoodStanding, type MemberStatus, type MemberStatusReason } from '../core/vocabulary.ts';
import { orgKey, type MemberRow, type ProfilePatch } from './membership.ts';
import { GOOD_STANDING, type Category, type StatusReason } from '../core/vocabulary.ts';

/**
 * Members: the organisation's life in the cluster once admitted: its profile and the directory,
 * its representatives, suspension, end, reinstatement and withdrawal. Every change is audited.
 */
/** A written notice says at least this much (a sentence, not a click). */
const WRITTEN_NOTICE_MIN = 10;

export class MemberService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}


  /** Organisations in good standing (for other areas: activity duty, voting lists…). */
  activeMembers(clusterId: string, filter: { category?: Category } = {}) {
    return this.db.members.listActive(clusterId, filter);
  }

  /** The people who speak for an organisation. */
  representativesOf(memberId: string) {
    return this.db.members.representatives(memberId);
  }

  /**
   * The organisation a person acts on: their own, or (the coordinator only) the one named.
   * A representative naming another organisation is refused rather than silently ignored.
   */
  async organisationFor(cluster: ClusterContext, actor: Actor, ref: string | undefined): Promise<MemberRow> {
    if (ref) {
      const member = await this.member(cluster, ref);
      if (!actor.roles.has('coordinator') && member.id !== actor.member?.id) throw new DomainError('membership.errors.notYourOrganisation');
      return member;
    }
    if (!actor.member) throw new DomainError('membership.errors.noOrganisation');
    return this.member(cluster, actor.member.id);
  }

  async member(cluster: ClusterContext, ref: string): Promise<MemberRow> {
    const byId = await this.db.members.byId(ref.trim());
    if (byId && byId.clusterId === cluster.id) return byId;
    const key = orgKey(ref);
    const found = (await this.db.members.all(cluster.id)).find((m) => orgKey(m.name) === key);
    if (!found) throw new DomainError('membership.errors.memberNotFound', { ref });
    return found;
  }

  async updateProfile(cluster: ClusterContext, byPersonId: string, memberId: string, patch: ProfilePatch): Promise<MemberRow> {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ProfilePatch;
    if (Object.keys(changes).length === 0) throw new DomainError('membership.errors.nothingToUpdate');
    return this.db.transaction(async (tx) => {
      // Updating the data is also confirming it is current.
      const member = await tx.members.update(memberId, { ...changes, dataConfirmedAt: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'member.updated', subjectType: 'member', subjectId: memberId, details: { fields: Object.keys(changes) } });
      return member;
    });
  }

  /** The yearly confirmation: the profile and the organisation's catalogue entries are current. */
  async confirmData(cluster: ClusterContext, byPersonId: string, memberId: string): Promise<MemberRow> {
    return this.db.transaction(async (tx) => {
      const member = await tx.members.update(memberId, { dataConfirmedAt: this.now() });
      await tx.catalogue.confirmAll(memberId, this.now());
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'member.dataConfirmed', subjectType: 'member', subjectId: memberId });
      return member;
    });
  }

  /** Members in good standing, by category, filtered by a word in their sectors or offer. */
  async directory(cluster: ClusterContext, filter: { category?: Category; search?: string } = {}) {
    const members = await this.db.members.listActive(cluster.id, filter.category ? { category: filter.category } : {});
    const needle = filter.search ? orgKey(filter.search) : '';
    const found = needle ? members.filter((m) => orgKey(`${m.name} ${m.sectors} ${m.offers} ${m.description}`).includes(needle)) : members;
    return [...found].sort((a, b) => (a.category === b.category ? a.name.localeCompare(b.name, 'pl') : a.category === 'main' ? -1 : 1));
  }

  async addRepresentative(cluster: ClusterContext, byPersonId: string, memberId: string, personId: string): Promise<void> {
    const member = await this.db.members.byId(memberId);
    if (!member || member.clusterId !== cluster.id) throw new DomainError('membership.errors.memberNotFound', { ref: memberId });
    await this.db.transaction(async (tx) => {
      const current = await tx.members.representationOf(cluster.id, personId);
      if (current?.memberId === memberId) throw new DomainError('membership.errors.alreadyRepresentative');
      if (current) {
        const other = await tx.members.byId(current.memberId);
        throw new DomainError('membership.errors.representsOther', { org: other?.name ?? '' });
      }
      await tx.members.setRepresentative(cluster.id, memberId, personId);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'representative.added', subjectType: 'member', subjectId: memberId, details: { personId } });
    });
    const person = await this.db.people.byId(personId);
    if (person && isInGoodStanding(member.status)) {
      await this.notifications.membershipChanged(cluster.id, { type: 'representative.added', memberId, category: member.category, people: [{ personId, platformUserId: person.platformUserId }] });
    }
  }

  async removeRepresentative(cluster: ClusterContext, byPersonId: string, memberId: string, personId: string): Promise<void> {
    const member = await this.db.members.byId(memberId);
    if (!member || member.clusterId !== cluster.id) throw new DomainError('membership.errors.memberNotFound', { ref: memberId });
    await this.db.transaction(async (tx) => {
      const reps = await tx.members.representativeRows(memberId);
      if (!reps.some((r) => r.personId === personId)) throw new DomainError('membership.errors.notRepresentative');
      // An organisation without anyone to speak for it could not vote, appeal or be told anything.
      if (reps.length === 1) throw new DomainError('membership.errors.lastRepresentative');
      await tx.members.removeRepresentative(memberId, personId);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'representative.removed', subjectType: 'member', subjectId: memberId, details: { personId } });
    });
    const person = await this.db.people.byId(personId);
    if (person) {
      await this.notifications.membershipChanged(cluster.id, { type: 'representative.removed', memberId, category: member.category, people: [{ personId, platformUserId: person.platformUserId }] });
    }
  }

  suspend(cluster: ClusterContext, byPersonId: string, memberId: string, reason: StatusReason, justification: string) {
    return this.changeStatus(cluster, byPersonId, memberId, { to: 'suspended', from: GOOD_STANDING, reason, justification, action: 'member.suspended', event: 'member.suspended' });
  }

  end(cluster: ClusterContext, byPersonId: string, memberId: string, reason: StatusReason, justification: string) {
    return this.changeStatus(cluster, byPersonId, memberId, { to: 'ended', from: [...GOOD_STANDING, 'suspended'], reason, justification, action: 'member.ended', event: 'member.ended' });
  }

  reinstate(cluster: ClusterContext, byPersonId: string, memberId: string, justification: string) {
    // Also how a conditional acceptance becomes full once its conditions are met.
    return this.changeStatus(cluster, byPersonId, memberId, { to: 'active', from: ['suspended', 'ended', 'conditional'], reason: null, justification, action: 'member.reinstated', event: 'member.reinstated' });
  }

  /**
   * Voluntary withdrawal by the member itself (a one-sided notice). Where the cluster's agreement
   * wants it in writing (W-M KES §4 ust. 5, settings.withdrawalWrittenNotice) the notice's text is
   * required, kept with the status change, and sent to the coordinator.
   */
  async withdraw(cluster: ClusterContext, byPersonId: string, memberId: string, note: string | undefined) {
    const notice = note?.trim() ?? '';
    const written = cluster.settings.withdrawalWrittenNotice;
    if (written && notice.length < WRITTEN_NOTICE_MIN) throw new DomainError('models.errors.writtenNotice', { min: WRITTEN_NOTICE_MIN }, { note: 'models.errors.writtenNotice' });
    const member = await this.changeStatus(cluster, byPersonId, memberId, { to: 'withdrawn', from: [...GOOD_STANDING, 'suspended'], reason: 'withdrawal', justification: notice, action: 'member.withdrawn', event: 'member.ended' });
    if (written) {
      await this.notifications.toRoles(cluster.id, ['coordinator'], ({ t }) => ({ title: t('models.notice.title', { org: member.name }), text: t('models.notice.text', { org: member.name, notice }), tone: 'info' }), 'membership.notice');
    }
    return member;
  }

  private async changeStatus(
    cluster: ClusterContext,
    byPersonId: string,
    memberId: string,
    change: { to: Exclude<MemberStatus, 'conditional'>; from: readonly MemberStatus[]; reason: MemberStatusReason | null; justification: string; action: AuditAction; event: Extract<MembershipEvent, { memberId: string }>['type'] & `member.${string}` },
  ): Promise<MemberRow> {
    const member = await this.db.members.byId(memberId);
    if (!member || member.clusterId !== cluster.id) throw new DomainError('membership.errors.memberNotFound', { ref: memberId });
    if (!change.from.includes(member.status)) {
      throw new DomainError('membership.errors.statusNotAllowed', { org: member.name });
    }
    const now = this.now();
    const updated = await this.db.transaction(async (tx) => {
      const ok = await tx.members.changeStatus(memberId, change.from, {
        status: change.to,
        statusReason: change.reason,
        statusNote: change.justification.trim() || null,
        statusChangedAt: now,
        ...(change.to === 'active' ? { conditions: null, conditionsReviewAt: null } : {}),
      });
      if (!ok) throw new DomainError('membership.errors.changedMeanwhile');
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: byPersonId,
        action: change.action,
        subjectType: 'member',
        subjectId: memberId,
        reason: change.justification.trim() || null,
        details: { from: member.status, to: change.to, ...(change.reason ? { ground: change.reason } : {}) },
      });
      return (await tx.members.byId(memberId))!;
    });
    const people = await this.addresses(memberId);
    await this.notifications.membershipChanged(cluster.id, { type: change.event, memberId, category: updated.category, people });
    const canAppeal = change.to === 'suspended' || change.to === 'ended';
    for (const p of people) {
      await this.notifications.toPerson(
        cluster.id,
        p.personId,
        ({ t }) => ({
          title: t(`membership.notify.status.${change.to}Title`, { org: updated.name }),
          text: [
            t(`membership.notify.status.${change.to}`, { org: updated.name }),
            change.reason && change.reason !== 'withdrawal' ? t('membership.notify.ground', { ground: t(`membership.reasons.${change.reason}`) }) : '',
            change.justification.trim() ? t('membership.notify.justification', { reason: change.justification.trim() }) : '',
            canAppeal ? t('membership.notify.canAppeal') : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
          tone: change.to === 'active' ? 'success' : 'warning',
        }),
        `membership.${change.to}`,
      );
    }
    return updated;
  }

  /** The representatives of an organisation as the notifier addresses them. */
  async addresses(memberId: string): Promise<PersonAddress[]> {
    return (await this.db.members.representatives(memberId)).map((p) => ({ personId: p.id, platformUserId: p.platformUserId }));
  }

  /** Organisations whose data was last confirmed before `before` (the yearly reminder). */
  dataNotConfirmedSince(cluster: ClusterContext, before: Date) {
    return this.db.members.dataNotConfirmedSince(cluster.id, before);
  }

  /** Conditionally accepted members whose review date has come (the reminder job). */
  conditionsDue(cluster: ClusterContext, now: Date) {
    return this.db.members.conditionsDue(cluster.id, now);
  }
}
