import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import type { NewApplication } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { TranslationKey } from '../core/i18n.ts';
import type { MembershipEvent, PersonAddress } from '../core/notifier.ts';
import type { MeetingService } from './meetings.ts';
import type { MessageTools, NotificationService } from './notifications.ts';

/** Legal forms offered on the application; the last two are the model's excluded kinds. */
export const LEGAL_FORMS = [
  'social-cooperative',
  'foundation',
  'association',
  'cis',
  'zaz',
  'wtz',
  'owes',
  'company',
  'local-government',
  'university',
  'other-entity',
  'political-party',
  'religious-association',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** The model excludes these whatever else they bring. */
export const EXCLUDED_FORMS: readonly LegalForm[] = ['political-party', 'religious-association'];
/** Never a social-economy entity, so never a main member (they may support). */
export const NON_PES_FORMS: readonly LegalForm[] = ['local-government', 'university'];

export const CATEGORIES = ['main', 'supporting'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Stage 2 of the model: the five things the coordinator checks. */
export const CRITERIA = ['status', 'values', 'readiness', 'synergy', 'completeness'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Verification = Record<Criterion, { ok: boolean; note: string }>;

export const RECOMMENDATIONS = ['accept', 'conditional', 'refuse'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const DECISIONS = ['accepted', 'conditional', 'refused'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The order of the four stages (verification and recommendation are both stage 2). */
export const STAGES = ['submitted', 'verified', 'recommended', 'meeting', 'decided'] as const;
export type Stage = (typeof STAGES)[number];

/** The model's four grounds for suspending or ending a membership. */
export const STATUS_REASONS = ['values', 'detriment', 'duties', 'pesStatus'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

const GOOD_STANDING = ['active', 'conditional'];

/** What a candidate submits: the stored application without what the service derives. */
export type ApplicationInput = Omit<NewApplication, 'clusterId' | 'applicantPersonId' | 'orgKey' | 'submittedAt' | 'legalForm' | 'category'> & {
  legalForm: LegalForm;
  category: Category;
};

export interface ProfilePatch {
  description?: string;
  sectors?: string;
  offers?: string;
  website?: string;
  contactEmail?: string;
  municipality?: string;
  county?: string;
}

type ApplicationRow = NonNullable<Awaited<ReturnType<Database['applications']['byId']>>>;
type MemberRow = NonNullable<Awaited<ReturnType<Database['members']['byId']>>>;

/** Lower-case, no diacritics, no punctuation: "Spółdzielnia „Razem”" and "spoldzielnia razem" are one organisation. */
export function orgKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "2026-03-20 10:00" (or ISO) in the cluster's time zone. */
export function parseLocalDateTime(text: string, zone: string, field: string): Date {
  const trimmed = text.trim();
  for (const format of ['yyyy-MM-dd HH:mm', "yyyy-MM-dd'T'HH:mm", 'd.MM.yyyy HH:mm', 'd.M.yyyy HH:mm']) {
    const dt = DateTime.fromFormat(trimmed, format, { zone });
    if (dt.isValid) return dt.toJSDate();
  }
  throw new DomainError('membership.errors.badDateTime', { value: trimmed }, { [field]: 'core.validation.dateTime' });
}

/** "2026-06-30" in the cluster's time zone, as the start of that day. */
export function parseLocalDate(text: string, zone: string, field: string): Date {
  const trimmed = text.trim();
  for (const format of ['yyyy-MM-dd', 'd.MM.yyyy', 'd.M.yyyy']) {
    const dt = DateTime.fromFormat(trimmed, format, { zone });
    if (dt.isValid) return dt.toJSDate();
  }
  throw new DomainError('membership.errors.badDate', { value: trimmed }, { [field]: 'core.validation.date' });
}

/**
 * Membership: the four-stage admission (application, verification with a recommendation,
 * introductory meeting, the Coordinating Team's decision within 30 days) and the member's life in
 * the cluster (profile, representatives, suspension, end, withdrawal, appeal). Every step is
 * written to the audit log.
 */
export class MembershipService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly meetings: MeetingService,
    private readonly now: () => Date,
  ) {}

  // ── Admission ────────────────────────────────────────────────────────────────────────────

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
        throw new DomainError(`membership.errors.duplicate.${open.stage as Stage}`, { org: open.orgName, submitted: open.submittedAt });
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
          text: t('membership.notify.newApplication', { org: app.orgName, category: t(`membership.categories.${app.category as Category}`), deadline: date(deadline), id: app.id }),
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
  ): Promise<{ app: ApplicationRow; member?: MemberRow }> {
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

    if (app.applicantPersonId) await this.tellDecision(cluster, result.app, app.applicantPersonId);
    if (result.member) {
      await this.notifications.membershipChanged(cluster.id, { type: 'member.accepted', memberId: result.member.id, category: result.member.category, people: await this.addresses(result.member.id) });
      if (app.applicantPersonId) await this.onboard(cluster, result.member, app.applicantPersonId);
    }
    return result;
  }

  /** Creates the member (or brings back an organisation that left before) and links the applicant. */
  private async admit(tx: Database, cluster: ClusterContext, app: ApplicationRow, conditional: { conditions: string; reviewAt: Date } | undefined, now: Date): Promise<MemberRow> {
    const data = {
      legalForm: app.legalForm,
      category: app.category,
      status: conditional ? 'conditional' : 'active',
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

  private async tellDecision(cluster: ClusterContext, app: ApplicationRow, personId: string): Promise<void> {
    await this.notifications.toPerson(
      cluster.id,
      personId,
      ({ t, date }) => {
        const lines = [t(`membership.notify.decision.${app.decision as Decision}`, { org: app.orgName })];
        if (app.decision === 'conditional') lines.push(t('membership.notify.conditions', { conditions: app.conditions ?? '', review: date(app.reviewAt!) }));
        if (app.decisionReason) lines.push(t('membership.notify.justification', { reason: app.decisionReason }));
        if (app.decision === 'refused') lines.push(t('membership.notify.refusedNext'));
        return { title: t('membership.notify.decisionTitle'), text: lines.join('\n\n'), tone: app.decision === 'refused' ? 'warning' : 'success' };
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
          ? upcoming.map((m) => `• ${tools.dateTime(m.startsAt)} – ${m.title}`).join('\n')
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
    if (app.status !== 'open') throw new DomainError('membership.errors.applicationClosed', { org: app.orgName });
    if (app.stage !== stage) throw new DomainError(`membership.errors.outOfOrder.${app.stage as Exclude<Stage, 'decided'>}`, { org: app.orgName });
  }

  /** Moves one stage forward, in order, and writes the step to the audit log. */
  private async step(
    cluster: ClusterContext,
    app: ApplicationRow,
    from: Stage,
    byPersonId: string,
    patch: Parameters<Database['applications']['advance']>[2],
    action: string,
    audit: { reason?: string; details?: Record<string, unknown> },
  ): Promise<ApplicationRow> {
    this.expectStage(app, from);
    return this.db.transaction(async (tx) => {
      if (!(await tx.applications.advance(app.id, from, patch))) throw new DomainError('membership.errors.changedMeanwhile');
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action, subjectType: 'application', subjectId: app.id, reason: audit.reason ?? null, details: audit.details ?? {} });
      return (await tx.applications.byId(app.id))!;
    });
  }

  /** Audit entries of one application or member, or the latest of the whole cluster. */
  async auditLog(cluster: ClusterContext, subject?: { type: 'application' | 'member'; id: string }, take = 25) {
    const entries = await this.db.audit.list(cluster.id, subject ? { subjectType: subject.type, subjectId: subject.id, take } : { take });
    const people = await this.db.people.byIds([...new Set(entries.map((e) => e.actorPersonId).filter((id): id is string => Boolean(id)))]);
    const names = new Map(people.map((p) => [p.id, p.erasedAt ? null : p.displayName]));
    return entries.map((e) => ({ ...e, actorName: e.actorPersonId ? (names.get(e.actorPersonId) ?? null) : null }));
  }

  /** Open applications at or past a day threshold (the reminder job). */
  async openApplicationsPast(cluster: ClusterContext, days: number, now: Date) {
    const open = await this.db.applications.listOpen(cluster.id);
    return open.filter((app) => this.daysSince(cluster, app, now) >= days);
  }

  /** Organisations whose data was last confirmed before `before` (the yearly reminder). */
  dataNotConfirmedSince(cluster: ClusterContext, before: Date) {
    return this.db.members.dataNotConfirmedSince(cluster.id, before);
  }

  /** Conditionally accepted members whose review date has come (the reminder job). */
  conditionsDue(cluster: ClusterContext, now: Date) {
    return this.db.members.conditionsDue(cluster.id, now);
  }

  coordinatingTeam(clusterId: string): Promise<string[]> {
    return this.db.applications.coordinatingTeamPersonIds(clusterId);
  }

  // ── Members ──────────────────────────────────────────────────────────────────────────────

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

  async confirmData(cluster: ClusterContext, byPersonId: string, memberId: string): Promise<MemberRow> {
    return this.db.transaction(async (tx) => {
      const member = await tx.members.update(memberId, { dataConfirmedAt: this.now() });
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
    if (person && GOOD_STANDING.includes(member.status)) {
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

  /** Voluntary withdrawal by the member itself (a one-sided notice). */
  withdraw(cluster: ClusterContext, byPersonId: string, memberId: string, note: string | undefined) {
    return this.changeStatus(cluster, byPersonId, memberId, { to: 'withdrawn', from: [...GOOD_STANDING, 'suspended'], reason: 'withdrawal', justification: note ?? '', action: 'member.withdrawn', event: 'member.ended' });
  }

  private async changeStatus(
    cluster: ClusterContext,
    byPersonId: string,
    memberId: string,
    change: { to: string; from: string[]; reason: string | null; justification: string; action: string; event: Extract<MembershipEvent, { memberId: string }>['type'] & `member.${string}` },
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
          title: t(`membership.notify.status.${change.to as 'suspended' | 'ended' | 'active' | 'withdrawn'}Title`, { org: updated.name }),
          text: [
            t(`membership.notify.status.${change.to as 'suspended' | 'ended' | 'active' | 'withdrawn'}`, { org: updated.name }),
            change.reason && change.reason !== 'withdrawal' ? t('membership.notify.ground', { ground: t(`membership.reasons.${change.reason as StatusReason}`) }) : '',
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

  private async addresses(memberId: string): Promise<PersonAddress[]> {
    return (await this.db.members.representatives(memberId)).map((p) => ({ personId: p.id, platformUserId: p.platformUserId }));
  }

  // ── Appeals ──────────────────────────────────────────────────────────────────────────────

  async appeal(cluster: ClusterContext, byPersonId: string, memberId: string, text: string) {
    const member = await this.db.members.byId(memberId);
    if (!member || member.clusterId !== cluster.id) throw new DomainError('membership.errors.memberNotFound', { ref: memberId });
    if (member.status !== 'suspended' && member.status !== 'ended') throw new DomainError('membership.errors.nothingToAppeal');
    const appeal = await this.db.transaction(async (tx) => {
      if (await tx.applications.openAppealOf(memberId)) throw new DomainError('membership.errors.appealOpen');
      const created = await tx.applications.createAppeal({ clusterId: cluster.id, memberId, personId: byPersonId, against: member.status, text: text.trim(), createdAt: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'appeal.submitted', subjectType: 'member', subjectId: memberId, reason: text.trim(), details: { appealId: created.id, against: member.status } });
      return created;
    });
    for (const personId of await this.coordinatingTeam(cluster.id)) {
      await this.notifications.toPerson(
        cluster.id,
        personId,
        ({ t }) => ({
          title: t('membership.notify.appealTitle'),
          text: t('membership.notify.appeal', { org: member.name, against: t(`membership.statuses.${member.status as 'suspended' | 'ended'}`), text: appeal.text, id: appeal.id }),
        }),
        'membership.appeal',
      );
    }
    return appeal;
  }

  async openAppeals(cluster: ClusterContext) {
    const appeals = await this.db.applications.openAppeals(cluster.id);
    const members = await Promise.all(appeals.map((a) => this.db.members.byId(a.memberId)));
    return appeals.map((a, i) => ({ appeal: a, member: members[i] }));
  }

  /** The Coordinating Team decides, with a justification; an upheld appeal restores the membership. */
  async decideAppeal(cluster: ClusterContext, byPersonId: string, appealId: string, outcome: AppealOutcome, justification: string) {
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
      await this.reinstate(cluster, byPersonId, appeal.memberId, justification);
    } else {
      const member = await this.db.members.byId(appeal.memberId);
      for (const p of await this.addresses(appeal.memberId)) {
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

  // ── Strategic partners: contacts, no membership ─────────────────────────────────────────

  async addPartner(cluster: ClusterContext, byPersonId: string, data: { name: string; kind: string; contact?: string | undefined; note?: string | undefined }) {
    if (await this.db.applications.partnerByName(cluster.id, data.name.trim())) throw new DomainError('membership.errors.partnerExists', { name: data.name.trim() });
    return this.db.transaction(async (tx) => {
      const partner = await tx.applications.addPartner({ clusterId: cluster.id, name: data.name.trim(), kind: data.kind, contact: data.contact?.trim() || null, note: data.note?.trim() || null });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'partner.added', subjectType: 'partner', subjectId: partner.id, details: { name: partner.name, kind: partner.kind } });
      return partner;
    });
  }

  partners(cluster: ClusterContext) {
    return this.db.applications.partners(cluster.id);
  }

  async removePartner(cluster: ClusterContext, byPersonId: string, name: string) {
    const partner = (await this.db.applications.partners(cluster.id)).find((p) => orgKey(p.name) === orgKey(name));
    if (!partner) throw new DomainError('membership.errors.partnerNotFound', { name });
    await this.db.transaction(async (tx) => {
      await tx.applications.removePartner(partner.id);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: byPersonId, action: 'partner.removed', subjectType: 'partner', subjectId: partner.id, details: { name: partner.name } });
    });
    return partner;
  }
}

export function stageLabelKey(stage: Stage): TranslationKey {
  return `membership.stages.${stage}`;
}

export function statusLabelKey(status: string): TranslationKey {
  return `membership.statuses.${status as 'active'}`;
}
