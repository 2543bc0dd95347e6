import type { Database } from '../db/index.ts';
import type { ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { MemberService } from './members.ts';
import type { NotificationService } from './notifications.ts';
import type { DeliveryService } from './deliveries.ts';
import type { AppealOutcome } from './membership.ts';

/**
 * Appeals: every suspension or end of a membership is justified and can be appealed; the
 * Coordinating Team decides with a justification, and an upheld appeal restores the membership.
 */
export class AppealService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly members: MemberService,
    private readonly now: () => Date,
    private readonly deliveries: DeliveryService,
  ) {}

  async submit(cluster: ClusterContext, byPersonId: string, memberId: string, text: string) {
    const member = await this.db.members.byId(memberId);
    if (!member || member.clusterId !== cluster.id) throw new DomainError('membership.errors.memberNotFound', { ref: memberId });
    if (member.status !== 'suspended' && member.status !== 'ended') throw new DomainError('membership.errors.nothingToAppeal');
    const against = member.status;
    const appeal = await this.db.transaction(async (tx) => {
      if (await tx.applications.openAppealOf(memberId)) throw new DomainError('membership.errors.appealOpen');
      const created = await tx.applications.createAppeal({ clusterId: cluster.id, memberId, personId: byPersonId, against, text: text.trim(), createdAt: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'appeal.submitted', subjectType: 'member', subjectId: memberId, reason: text.trim(), details: { appealId: created.id, against } });
      return created;
    });
    // Each member of the Coordinating Team is told once (delivery ledger), with the Decide button.
    for (const personId of await this.db.applications.coordinatingTeamPersonIds(cluster.id)) {
      await this.deliveries.once(cluster.id, `appeal:${appeal.id}:${personId}`, 'membership.appeal', () =>
        this.notifications.toPerson(
          cluster.id,
          personId,
          ({ t }) => ({
            title: t('membership.notify.appealTitle'),
            text: t('membership.notify.appeal', { org: member.name, against: t(`membership.statuses.${against}`), text: appeal.text, id: appeal.id }),
            buttons: [{ label: t('membership.steps.buttons.appeal'), action: { command: 'appeal', action: 'decide', args: [appeal.id] }, style: 'primary' }],
          }),
          'membership.appeal',
        ),
      );
    }
    return appeal;
  }

  async open(cluster: ClusterContext) {
    const appeals = await this.db.applications.openAppeals(cluster.id);
    const members = await Promise.all(appeals.map((a) => this.db.members.byId(a.memberId)));
    return appeals.map((a, i) => ({ appeal: a, member: members[i] }));
  }

  /** The Coordinating Team decides, with a justification; an upheld appeal restores the membership. */
  async decide(cluster: ClusterContext, byPersonId: string, appealId: string, outcome: AppealOutcome, justification: string) {
    const appeal = await this.db.applications.appealById(appealId.trim());
    if (!appeal || appeal.clusterId !== cluster.id) throw new DomainError('membership.errors.appealNotFound', { ref: appealId });
    if (appeal.status !== 'open') throw new DomainError('membership.errors.appealDecided');
    const now = this.now();
    await this.db.transaction(async (tx) => {
      const ok = await tx.applications.decideAppeal(appeal.id, { status: outcome, decisionReason: justification.trim(), decidedByPersonId: byPersonId, decidedAt: now });
      if (!ok) throw new DomainError('membership.errors.appealDecided');
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'appeal.decided', subjectType: 'member', subjectId: appeal.memberId, reason: justification.trim(), details: { appealId: appeal.id, outcome } });
    });
    if (outcome === 'upheld') {
      await this.members.reinstate(cluster, byPersonId, appeal.memberId, justification);
    } else {
      const member = await this.db.members.byId(appeal.memberId);
      for (const p of await this.members.addresses(appeal.memberId)) {
        await this.notifications.toPerson(
          cluster.id,
          p.personId,
          ({ t }) => ({
            title: t('membership.notify.appealDismissedTitle'),
            text: [t('membership.notify.appealDismissed', { org: member?.name ?? '' }), t('membership.notify.justification', { reason: justification.trim() })].join('\n\n'),
            tone: 'warning',
          }),
          'membership.appealDecided',
        );
      }
    }
    return (await this.db.applications.appealById(appeal.id))!;
  }
}
