import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { CORE_COMMAND } from '../core/command.ts';
import { DomainError } from '../core/errors.ts';
import type { Translate } from '../core/i18n.ts';
import type { Button } from '../core/reply.ts';
import type { Appealable } from '../core/vocabulary.ts';
import type { MemberService } from './members.ts';
import type { NotificationService } from './notifications.ts';
import type { DeliveryService } from './deliveries.ts';
import type { ClusterSettings } from './settings.ts';
import { admissionButtons } from './admission-steps.ts';
import type { ApplicationRow } from './membership.ts';
import type { AppealOutcome } from '../core/vocabulary.ts';

/** Who appeals, and against what: its organisation's suspension or end, or its refused admission. */
export type Appellant =
  | { kind: 'member'; memberId: string; org: string; against: 'suspended' | 'ended' }
  | { kind: 'refusal'; application: ApplicationRow; org: string; against: 'refused' };

type AppealRow = NonNullable<Awaited<ReturnType<Database['applications']['appealById']>>>;

/**
 * What a refused candidate is told it can do next: appeal, where the cluster's rules provide for
 * it (with the button that opens the appeal), or apply again once its situation changes.
 */
export function refusalNextStep(t: Translate, settings: Pick<ClusterSettings, 'admissionRefusalAppealable'>): { text: string; buttons: Button[] } {
  if (!settings.admissionRefusalAppealable) return { text: t('membership.notify.refusedNoAppeal'), buttons: [] };
  return {
    text: t('membership.notify.refusedAppeal'),
    buttons: [{ label: t('membership.appeals.button'), action: { command: CORE_COMMAND, action: 'start', args: ['appeal', 'submit'] }, style: 'primary' }],
  };
}

/**
 * Appeals: every suspension or end of a membership is justified and can be appealed, and so can a
 * refused admission where the cluster's rules say so (`admissionRefusalAppealable`). The
 * Coordinating Team decides with a justification: an upheld appeal restores the membership, or
 * brings the application back before the Team for a new decision.
 */
export class AppealService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly members: MemberService,
    private readonly now: () => Date,
    private readonly deliveries: DeliveryService,
  ) {}

  /** What this person may appeal now; otherwise the reason it may not, and what it can do instead. */
  async appellant(cluster: ClusterContext, actor: Pick<Actor, 'personId' | 'member'>): Promise<Appellant> {
    if (actor.member) {
      const member = await this.db.members.byId(actor.member.id);
      if (!member || member.clusterId !== cluster.id) throw new DomainError('membership.errors.memberNotFound', { ref: actor.member.id });
      if (member.status !== 'suspended' && member.status !== 'ended') throw new DomainError('membership.errors.nothingToAppeal');
      return { kind: 'member', memberId: member.id, org: member.name, against: member.status };
    }
    // The candidate's latest application is the one that counts: a newer one replaces a refusal.
    const [latest] = await this.db.applications.byApplicant(cluster.id, actor.personId);
    if (!latest || latest.status !== 'refused') throw new DomainError('membership.errors.notAppellant');
    const org = latest.orgName;
    if (!cluster.settings.admissionRefusalAppealable) throw new DomainError('membership.errors.refusalNotAppealable', { org });
    const earlier = await this.db.applications.appealOfApplication(latest.id);
    if (earlier) throw new DomainError(earlier.status === 'open' ? 'membership.errors.refusalAppealOpen' : 'membership.errors.refusalAppealDecided', { org });
    return { kind: 'refusal', application: latest, org, against: 'refused' };
  }

  /** The appeal of whoever is acting: its organisation's, or its refused application's. */
  async submitFrom(cluster: ClusterContext, actor: Pick<Actor, 'personId' | 'member'>, text: string): Promise<{ appeal: AppealRow; appellant: Appellant }> {
    const appellant = await this.appellant(cluster, actor);
    if (appellant.kind === 'member') return { appeal: await this.submit(cluster, actor.personId, appellant.memberId, text), appellant };
    const app = appellant.application;
    const appeal = await this.db.transaction(async (tx) => {
      if (await tx.applications.appealOfApplication(app.id)) throw new DomainError('membership.errors.refusalAppealOpen', { org: app.orgName });
      const created = await tx.applications.createAppeal({ clusterId: cluster.id, applicationId: app.id, personId: actor.personId, against: 'refused', text: text.trim(), createdAt: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'appeal.submitted', subjectType: 'application', subjectId: app.id, reason: text.trim(), details: { appealId: created.id, against: 'refused' } });
      return created;
    });
    await this.tellTeam(cluster, appeal, app.orgName);
    return { appeal, appellant };
  }

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
    await this.tellTeam(cluster, appeal, member.name);
    return appeal;
  }

  /** Each member of the Coordinating Team is told once (delivery ledger), with the Decide button. */
  private async tellTeam(cluster: ClusterContext, appeal: AppealRow, org: string): Promise<void> {
    for (const personId of await this.db.applications.coordinatingTeamPersonIds(cluster.id)) {
      await this.deliveries.once(cluster.id, `appeal:${appeal.id}:${personId}`, 'membership.appeal', () =>
        this.notifications.toPerson(
          cluster.id,
          personId,
          ({ t }) => ({
            title: t('membership.notify.appealTitle'),
            text: t('membership.notify.appeal', { org, against: t(appealAgainstKey(appeal.against)), text: appeal.text, id: appeal.id }),
            buttons: [{ label: t('membership.steps.buttons.appeal'), action: { command: 'appeal', action: 'decide', args: [appeal.id] }, style: 'primary' }],
          }),
          'membership.appeal',
        ),
      );
    }
  }

  /** Open appeals, oldest first, each with the organisation's name (a member's, or the refused application's). */
  async open(cluster: ClusterContext) {
    const appeals = await this.db.applications.openAppeals(cluster.id);
    const orgs = await Promise.all(
      appeals.map(async (a) => (a.memberId ? (await this.db.members.byId(a.memberId))?.name : (await this.db.applications.byId(a.applicationId ?? ''))?.orgName)),
    );
    return appeals.map((a, i) => ({ appeal: a, org: orgs[i] ?? '?' }));
  }

  /** The Coordinating Team decides, with a justification; an upheld appeal restores the membership or reopens the application. */
  async decide(cluster: ClusterContext, byPersonId: string, appealId: string, outcome: AppealOutcome, justification: string): Promise<AppealRow> {
    const appeal = await this.db.applications.appealById(appealId.trim());
    if (!appeal || appeal.clusterId !== cluster.id) throw new DomainError('membership.errors.appealNotFound', { ref: appealId });
    if (appeal.status !== 'open') throw new DomainError('membership.errors.appealDecided');
    const now = this.now();
    const subject = appeal.applicationId ? { subjectType: 'application', subjectId: appeal.applicationId } : { subjectType: 'member', subjectId: appeal.memberId ?? '' };
    await this.db.transaction(async (tx) => {
      const ok = await tx.applications.decideAppeal(appeal.id, { status: outcome, decisionReason: justification.trim(), decidedByPersonId: byPersonId, decidedAt: now });
      if (!ok) throw new DomainError('membership.errors.appealDecided');
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'appeal.decided', ...subject, reason: justification.trim(), details: { appealId: appeal.id, outcome } });
      if (appeal.applicationId && outcome === 'upheld') {
        const reopened = await tx.applications.reopenRefused(appeal.applicationId);
        const app = await tx.applications.byId(appeal.applicationId);
        if (reopened === 'blocked') throw new DomainError('membership.errors.reopenBlocked', { org: app?.orgName ?? '' });
        if (reopened === 'changed') throw new DomainError('membership.errors.changedMeanwhile');
      }
    });
    if (appeal.applicationId) await this.tellCandidate(cluster, appeal.applicationId, outcome, justification.trim());
    else if (outcome === 'upheld') await this.members.reinstate(cluster, byPersonId, appeal.memberId ?? '', justification);
    else await this.tellDismissed(cluster, appeal.memberId ?? '', justification.trim());
    return (await this.db.applications.appealById(appeal.id))!;
  }

  private async tellDismissed(cluster: ClusterContext, memberId: string, justification: string): Promise<void> {
    const member = await this.db.members.byId(memberId);
    for (const p of await this.members.addresses(memberId)) {
      await this.notifications.toPerson(
        cluster.id,
        p.personId,
        ({ t }) => ({
          title: t('membership.notify.appealDismissedTitle'),
          text: [t('membership.notify.appealDismissed', { org: member?.name ?? '' }), t('membership.notify.justification', { reason: justification })].join('\n\n'),
          tone: 'warning',
        }),
        'membership.appealDecided',
      );
    }
  }

  /** The candidate hears the outcome; an application back before the Team is also put before the coordinator, with its Decide button. */
  private async tellCandidate(cluster: ClusterContext, applicationId: string, outcome: AppealOutcome, justification: string): Promise<void> {
    const app = (await this.db.applications.byId(applicationId))!;
    if (app.applicantPersonId) {
      await this.notifications.toPerson(
        cluster.id,
        app.applicantPersonId,
        ({ t }) => ({
          title: t(outcome === 'upheld' ? 'membership.notify.refusalAppealUpheldTitle' : 'membership.notify.appealDismissedTitle'),
          text: [
            t(outcome === 'upheld' ? 'membership.notify.refusalAppealUpheld' : 'membership.notify.refusalAppealDismissed', { org: app.orgName }),
            t('membership.notify.justification', { reason: justification }),
            ...(outcome === 'dismissed' ? [t('membership.notify.applyAgain')] : []),
          ].join('\n\n'),
          tone: outcome === 'upheld' ? 'success' : 'warning',
        }),
        'membership.appealDecided',
      );
    }
    if (outcome === 'upheld') {
      await this.notifications.toRoles(
        cluster.id,
        ['coordinator'],
        ({ t }) => ({ title: t('membership.notify.reopenedTitle'), text: t('membership.notify.reopened', { org: app.orgName }), buttons: admissionButtons(t, app, 'coordinator', this.now()) }),
        'admission.reopened',
      );
    }
  }
}

/** What an appeal is against, as its readers say it. */
export function appealAgainstKey(against: Appealable) {
  return `membership.appeals.against.${against}` as const;
}
