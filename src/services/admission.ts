import { DateTime } from 'luxon';
import type { AuditAction } from '../core/audit.ts';
import type { Database } from '../db/index.ts';
import type { ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { userText } from '../core/text.ts';
import type { Translate, TranslationKey } from '../core/i18n.ts';
import type { MemberStatus } from '../core/vocabulary.ts';
import type { MeetingService } from './meetings.ts';
import type { CalendarService } from './calendar.ts';
import type { MemberService } from './members.ts';
import type { MessageTools, NotificationService, SyncOutcome } from './notifications.ts';
import { admissionButtons } from './admission-steps.ts';
import { refusalNextStep } from './appeals.ts';
import { EXCLUDED_FORMS, NON_PES_FORMS, orgKey, type ApplicationInput, type ApplicationRow, type MemberRow, type Verification } from './membership.ts';
import { CRITERIA, type Category, type Decision, type Recommendation, type Stage } from '../core/vocabulary.ts';

/**
 * Admission, the model's four stages: application, verification with a recommendation,
 * introductory meeting, and the Coordinating Team's decision within 30 days. Every step is
 * written to the audit log.
 */
export class AdmissionService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly meetings: MeetingService,
    private readonly members: MemberService,
    private readonly now: () => Date,
    private readonly calendar?: CalendarService,
  ) {}

  async apply(cluster: ClusterContext, personId: string, input: ApplicationInput): Promise<ApplicationRow> {
    // Field names as on the /apply form, so the message shows beside the right field.
    const declarations = [
      ['acceptsRules', 'accepts_rules', input.acceptsRules],
      ['ethicsStatement', 'ethics_statement', input.ethicsStatement],
      ['understandsNoGrants', 'understands_no_grants', input.understandsNoGrants],
    ] as const;
    const refused = declarations.find(([, , accepted]) => !accepted);
    if (refused) {
      const [declaration, field] = refused;
      throw new DomainError(`membership.errors.declaration.${declaration}`, {}, { [field]: `membership.errors.declaration.${declaration}` });
    }
    if (EXCLUDED_FORMS.includes(input.legalForm)) {
      throw new DomainError('membership.errors.excludedKind', {}, { legal_form: 'membership.errors.excludedKindField' });
    }
    if (input.category === 'main' && !input.inPomorskie) {
      throw new DomainError('membership.errors.outsidePomorskie', {}, { in_pomorskie: 'membership.errors.outsidePomorskieField' });
    }
    if (input.category === 'main' && NON_PES_FORMS.includes(input.legalForm)) {
      throw new DomainError('membership.errors.notPes', {}, { category: 'membership.errors.notPesField' });
    }
    const key = orgKey(input.orgName);
    const now = this.now();
    return this.db.transaction(async (tx) => {
      const open = await tx.applications.openFor(cluster.id, key);
      if (open) {
        throw new DomainError(`membership.errors.duplicate.${open.stage}`, { org: open.orgName, submitted: open.submittedAt });
      }
      const existing = (await tx.members.all(cluster.id)).find((m) => orgKey(m.name) === key && m.status !== 'ended' && m.status !== 'withdrawn');
      if (existing) throw new DomainError('membership.errors.alreadyMember', { org: existing.name });
      const represents = await tx.people.representation(cluster.id, personId);
      if (represents && represents.member.status !== 'ended' && represents.member.status !== 'withdrawn') {
        throw new DomainError('membership.errors.alreadyRepresents', { org: represents.member.name });
      }
      const app = await tx.applications.create({ clusterId: cluster.id, applicantPersonId: personId, orgKey: key, submittedAt: now, ...input, orgName: input.orgName.trim() });
      // Another submission of the same organisation committed in between.
      if (!app) throw new DomainError('membership.errors.duplicate.submitted', { org: input.orgName.trim(), submitted: now });
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: personId,
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: app.id,
        details: { org: app.orgName, category: app.category, legalForm: app.legalForm },
      });
      return app;
    }).then(async (app) => {
      const deadline = this.deadline(cluster, app);
      await this.notifications.toRoles(
        cluster.id,
        ['coordinator'],
        ({ t, date }) => ({
          title: t('membership.notify.newApplicationTitle'),
          text: t('membership.notify.newApplication', { org: userText(app.orgName), category: t(`membership.categories.${app.category}`), deadline: date(deadline), id: app.id }),
          // Verify opens the checklist for this application; the card shows all it contains.
          buttons: admissionButtons(t, app, 'coordinator', this.now()),
        }),
        'admission.new',
      );
      return app;
    });
  }

  /** The candidate's own applications, newest first. */
  applicationsOf(cluster: ClusterContext, personId: string) {
    return this.db.applications.byApplicant(cluster.id, personId);
  }

  /** Day 30 (setting) after the application, counted in the cluster's calendar. */
  deadline(cluster: ClusterContext, app: Pick<ApplicationRow, 'submittedAt'>): Date {
    return DateTime.fromJSDate(app.submittedAt, { zone: cluster.timeZone }).startOf('day').plus({ days: cluster.settings.admissionDecisionDays }).toJSDate();
  }

  /** Whole calendar days since the application, in the cluster's time zone. */
  daysSince(cluster: ClusterContext, app: Pick<ApplicationRow, 'submittedAt'>, now = this.now()): number {
    const start = DateTime.fromJSDate(app.submittedAt, { zone: cluster.timeZone }).startOf('day');
    const today = DateTime.fromJSDate(now, { zone: cluster.timeZone }).startOf('day');
    return Math.round(today.diff(start, 'days').days);
  }

  daysLeft(cluster: ClusterContext, app: Pick<ApplicationRow, 'submittedAt'>, now = this.now()): number {
    return cluster.settings.admissionDecisionDays - this.daysSince(cluster, app, now);
  }

  /** The review queue: open applications, oldest first, with days left; overdue ones flagged. */
  async queue(cluster: ClusterContext) {
    const open = await this.db.applications.listOpen(cluster.id);
    return open.map((app) => {
      const daysLeft = this.daysLeft(cluster, app);
      return { app, daysLeft, overdue: daysLeft < 0 };
    });
  }

  /** An application by id, or the open one of an organisation by name. */
  async application(cluster: ClusterContext, ref: string): Promise<ApplicationRow> {
    const byId = await this.db.applications.byId(ref.trim());
    if (byId && byId.clusterId === cluster.id) return byId;
    const open = await this.db.applications.openFor(cluster.id, orgKey(ref));
    if (open) return open;
    throw new DomainError('membership.errors.applicationNotFound', { ref });
  }

  async verify(cluster: ClusterContext, byPersonId: string, ref: string, verification: Verification): Promise<ApplicationRow> {
    const fields: Record<string, TranslationKey> = {};
    for (const c of CRITERIA) if (!verification[c].ok && !verification[c].note.trim()) fields[`${c}_note`] = 'membership.errors.noteRequiredField';
    if (Object.keys(fields).length) throw new DomainError('membership.errors.noteRequired', {}, fields);
    const app = await this.application(cluster, ref);
    return this.step(cluster, app, 'submitted', byPersonId, { stage: 'verified', verification: JSON.stringify(verification) }, 'application.verified', {
      details: Object.fromEntries(CRITERIA.map((c) => [c, verification[c]])),
    });
  }

  async recommend(cluster: ClusterContext, byPersonId: string, ref: string, recommendation: Recommendation, note: string): Promise<ApplicationRow> {
    const app = await this.application(cluster, ref);
    return this.step(cluster, app, 'verified', byPersonId, { stage: 'recommended', recommendation, recommendationNote: note }, 'application.recommended', {
      reason: note,
      details: { recommendation },
    });
  }

  async scheduleMeeting(cluster: ClusterContext, byPersonId: string, ref: string, at: Date, place: string | undefined): Promise<ApplicationRow> {
    if (at.getTime() <= this.now().getTime()) throw new DomainError('membership.errors.meetingInPast', {}, { when: 'membership.errors.meetingInPastField' });
    const app = await this.application(cluster, ref);
    const updated = await this.step(cluster, app, 'recommended', byPersonId, { stage: 'meeting', meetingAt: at, meetingPlace: place ?? null }, 'application.meetingScheduled', {
      details: { at: at.toISOString(), place: place ?? null },
    });
    if (updated.applicantPersonId) {
      await this.notifications.toPerson(
        cluster.id,
        updated.applicantPersonId,
        ({ t, dateTime }) => ({
          ...(this.calendar ? { attachments: [this.calendar.introductoryFile(cluster, { id: updated.id, orgName: updated.orgName, at, place: place ?? null }, t)] } : {}),
          title: t('membership.notify.meetingTitle'),
          text: [
            t('membership.notify.meeting', { org: updated.orgName, when: dateTime(at) }),
            place ? t('membership.notify.meetingPlace', { place }) : '',
            t('membership.notify.noGrants'),
          ]
            .filter(Boolean)
            .join('\n\n'),
        }),
        'admission.meeting',
      );
    }
    return updated;
  }

  async decide(
    cluster: ClusterContext,
    byPersonId: string,
    ref: string,
    input: { decision: Decision; reason?: string | undefined; conditions?: string | undefined; reviewAt?: Date | undefined },
  ): Promise<{ app: ApplicationRow; member?: MemberRow; sync?: SyncOutcome }> {
    const fields: Record<string, TranslationKey> = {};
    if (input.decision === 'refused' && !input.reason?.trim()) fields.reason = 'membership.errors.justificationRequiredField';
    if (input.decision === 'conditional' && !input.conditions?.trim()) fields.conditions = 'membership.errors.conditionsRequiredField';
    if (input.decision === 'conditional' && !input.reviewAt) fields.review = 'membership.errors.reviewRequiredField';
    if (fields.reason) throw new DomainError('membership.errors.justificationRequired', {}, fields);
    if (Object.keys(fields).length) throw new DomainError('membership.errors.conditionsRequired', {}, fields);
    if (input.reviewAt && input.reviewAt.getTime() <= this.now().getTime()) throw new DomainError('membership.errors.reviewInPast', {}, { review: 'membership.errors.reviewInPastField' });

    const app = await this.application(cluster, ref);
    if (app.status === 'open' && (app.stage === 'submitted' || app.stage === 'verified')) throw new DomainError('membership.errors.recommendationFirst', { org: app.orgName });
    this.expectStage(app, 'meeting');
    if (app.meetingAt && app.meetingAt.getTime() > this.now().getTime()) {
      throw new DomainError('membership.errors.meetingNotHeld', { when: app.meetingAt });
    }
    const now = this.now();
    const admitted = input.decision !== 'refused';
    const result = await this.db.transaction(async (tx) => {
      // Admitted first so the application can point at its member; a lost race rolls both back.
      const member = admitted
        ? await this.admit(tx, cluster, app, input.decision === 'conditional' ? { conditions: input.conditions!.trim(), reviewAt: input.reviewAt! } : undefined, now)
        : undefined;
      const moved = await tx.applications.advance(app.id, 'meeting', {
        stage: 'decided',
        status: input.decision,
        openKey: null,
        decision: input.decision,
        decisionReason: input.reason?.trim() || null,
        decidedByPersonId: byPersonId,
        conditions: input.decision === 'conditional' ? input.conditions!.trim() : null,
        reviewAt: input.decision === 'conditional' ? input.reviewAt! : null,
        decidedAt: now,
        ...(member ? { memberId: member.id } : {}),
      });
      if (!moved) throw new DomainError('membership.errors.changedMeanwhile');
      await tx.audit.record({
        clusterId: cluster.id,
        actorPersonId: byPersonId,
        action: 'application.decided',
        subjectType: 'application',
        subjectId: app.id,
        reason: input.reason?.trim() || null,
        details: {
          decision: input.decision,
          recommendation: app.recommendation,
          ...(input.decision === 'conditional' ? { conditions: input.conditions, reviewAt: input.reviewAt?.toISOString() } : {}),
          ...(member ? { memberId: member.id } : {}),
        },
      });
      if (member) {
        await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'member.accepted', subjectType: 'member', subjectId: member.id, details: { applicationId: app.id, status: member.status } });
      }
      return { app: (await tx.applications.byId(app.id))!, member };
    });

    if (app.applicantPersonId) await this.tellDecision(cluster, result.app, input.decision, app.applicantPersonId);
    let sync: SyncOutcome | undefined;
    if (result.member) {
      sync = await this.notifications.membershipChanged(cluster.id, { type: 'member.accepted', memberId: result.member.id, category: result.member.category, people: await this.members.addresses(result.member.id) });
      if (app.applicantPersonId) await this.onboard(cluster, result.member, app.applicantPersonId);
    }
    // What the platform did with the member role, so the reply can say it.
    return { ...result, ...(sync ? { sync } : {}) };
  }

  /** Creates the member (or brings back an organisation that left before) and links the applicant. */
  private async admit(tx: Database, cluster: ClusterContext, app: ApplicationRow, conditional: { conditions: string; reviewAt: Date } | undefined, now: Date): Promise<MemberRow> {
    const status: MemberStatus = conditional ? 'conditional' : 'active';
    const data = {
      legalForm: app.legalForm,
      category: app.category,
      status,
      municipality: app.municipality,
      county: app.county,
      inPomorskie: app.inPomorskie,
      description: app.activity,
      offers: app.resources,
      contactEmail: app.contactEmail,
      joinedAt: now,
      dataConfirmedAt: now,
      conditions: conditional?.conditions ?? null,
      conditionsReviewAt: conditional?.reviewAt ?? null,
      applicationId: app.id,
    };
    const former = await tx.members.byName(cluster.id, app.orgName);
    const member = former
      ? await tx.members.update(former.id, { ...data, statusReason: null, statusNote: null, statusChangedAt: now })
      : await tx.members.create({ clusterId: cluster.id, name: app.orgName, ...data });
    if (app.applicantPersonId) {
      await tx.members.setRepresentative(cluster.id, member.id, app.applicantPersonId);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: null, action: 'representative.added', subjectType: 'member', subjectId: member.id, details: { personId: app.applicantPersonId } });
    }
    return member;
  }

  private async tellDecision(cluster: ClusterContext, app: ApplicationRow, decision: Decision, personId: string): Promise<void> {
    await this.notifications.toPerson(
      cluster.id,
      personId,
      ({ t, date }) => {
        const lines = [t(`membership.notify.decision.${decision}`, { org: app.orgName })];
        if (decision === 'conditional') lines.push(t('membership.notify.conditions', { conditions: app.conditions ?? '', review: date(app.reviewAt!) }));
        if (app.decisionReason) lines.push(t('membership.notify.justification', { reason: app.decisionReason }));
        // A refusal says what the candidate can do now: appeal (where the rules allow) or apply again later.
        const next = decision === 'refused' ? refusalNextStep(t, cluster.settings) : undefined;
        if (next) lines.push(next.text);
        return { title: t('membership.notify.decisionTitle'), text: lines.join('\n\n'), tone: next ? 'warning' : 'success', ...(next?.buttons.length ? { buttons: next.buttons } : {}) };
      },
      'admission.decision',
    );
  }

  /** The planned onboarding: groups to join, how to log activities, the next meetings. */
  private async onboard(cluster: ClusterContext, member: MemberRow, personId: string): Promise<void> {
    const upcoming = (await this.meetings.list(cluster.id, { from: this.now() })).slice(0, 3);
    await this.notifications.toPerson(
      cluster.id,
      personId,
      (tools: MessageTools) => {
        const { t } = tools;
        const meetings = upcoming.length
          ? upcoming.map((m) => `• ${tools.dateTime(m.startsAt)} – ${userText(m.title)}`).join('\n')
          : t('membership.onboarding.noMeetings');
        return {
          title: t('membership.onboarding.title', { org: member.name }),
          text: t('membership.onboarding.intro', { count: cluster.settings.minActivitiesPerYear }),
          fields: [
            { label: t('membership.onboarding.groupsLabel'), value: t('membership.onboarding.groups') },
            { label: t('membership.onboarding.activityLabel'), value: t('membership.onboarding.activity', { count: cluster.settings.minActivitiesPerYear }) },
            { label: t('membership.onboarding.meetingsLabel'), value: meetings },
            { label: t('membership.onboarding.dataLabel'), value: t('membership.onboarding.data') },
          ],
        };
      },
      'membership.onboarding',
    );
  }

  private expectStage(app: ApplicationRow, stage: Stage): void {
    // An open application is never at 'decided': the decision closes it.
    if (app.status !== 'open' || app.stage === 'decided') throw new DomainError('membership.errors.applicationClosed', { org: app.orgName });
    if (app.stage !== stage) throw new DomainError(`membership.errors.outOfOrder.${app.stage}`, { org: app.orgName });
  }

  /** Moves one stage forward, in order, and writes the step to the audit log. */
  private async step(
    cluster: ClusterContext,
    app: ApplicationRow,
    from: Stage,
    byPersonId: string,
    patch: Parameters<Database['applications']['advance']>[2],
    action: AuditAction,
    audit: { reason?: string; details?: Record<string, unknown> },
  ): Promise<ApplicationRow> {
    this.expectStage(app, from);
    return this.db.transaction(async (tx) => {
      if (!(await tx.applications.advance(app.id, from, patch))) throw new DomainError('membership.errors.changedMeanwhile');
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action, subjectType: 'application', subjectId: app.id, reason: audit.reason ?? null, details: audit.details ?? {} });
      return (await tx.applications.byId(app.id))!;
    });
  }

  /** Open applications at or past a day threshold (the reminder job). */
  async openApplicationsPast(cluster: ClusterContext, days: number, now: Date) {
    const open = await this.db.applications.listOpen(cluster.id);
    return open.filter((app) => this.daysSince(cluster, app, now) >= days);
  }

  /** Audit entries of one application or member, or the latest of the whole cluster. */
  async auditLog(cluster: ClusterContext, subject?: { type: 'application' | 'member'; id: string }, take = 25) {
    const entries = await this.db.audit.list(cluster.id, subject ? { subjectType: subject.type, subjectId: subject.id, take } : { take });
    const people = await this.db.people.byIds([...new Set(entries.map((e) => e.actorPersonId).filter((id): id is string => Boolean(id)))]);
    const names = new Map(people.map((p) => [p.id, p.erasedAt ? null : p.displayName]));
    return entries.map((e) => ({ ...e, actorName: e.actorPersonId ? (names.get(e.actorPersonId) ?? null) : null }));
  }

  coordinatingTeam(clusterId: string): Promise<string[]> {
    return this.db.applications.coordinatingTeamPersonIds(clusterId);
  }
}

/**
 * The one wording of the time to an admission decision, from `daysLeft` (negative once the
 * deadline has passed): "zostało 5 dni" before it, "16 dni po terminie" after, never "-16".
 */
export function decisionDue(t: Translate, daysLeft: number): string {
  return daysLeft < 0 ? t('membership.queue.overdueBy', { count: -daysLeft }) : t('membership.queue.daysLeft', { count: daysLeft });
}

/** A sentence for the candidate and the coordinator: days left, or how late the decision is. */
export function decisionDueSentence(t: Translate, daysLeft: number): string {
  return daysLeft < 0 ? t('membership.queue.late', { due: decisionDue(t, daysLeft) }) : t('membership.reminders.left', { count: daysLeft });
}
