import { isUniqueViolation, type Client, type Tx } from './client.ts';
import { GRANTED_ROLES, type Appealable, type AppealOutcome, type ApplicationStatus, type Category, type Decision, type Recommendation, type Stage, type PartnerKind } from '../core/vocabulary.ts';
import { appealRow, applicationRow, partnerRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

export interface NewApplication {
  clusterId: string;
  applicantPersonId: string;
  orgName: string;
  orgKey: string;
  legalForm: string;
  category: Category;
  municipality: string;
  county: string;
  inPomorskie: boolean;
  activity: string;
  resources: string;
  motivation: string;
  contactName: string;
  contactEmail: string;
  acceptsRules: boolean;
  ethicsStatement: boolean;
  understandsNoGrants: boolean;
  submittedAt: Date;
}

export type ApplicationPatch = Partial<{
  stage: Stage;
  status: ApplicationStatus;
  openKey: string | null;
  verification: string;
  recommendation: Recommendation;
  recommendationNote: string;
  meetingAt: Date;
  meetingPlace: string | null;
  decision: Decision;
  decisionReason: string | null;
  decidedByPersonId: string;
  conditions: string | null;
  reviewAt: Date | null;
  memberId: string;
  decidedAt: Date;
}>;

/** Membership applications, appeals against suspension or end, and strategic partners. */
export class ApplicationStore {
  constructor(private readonly db: Db) {}

  /** Null when another open application of the organisation won the race (unique `openKey`). */
  async create(data: NewApplication) {
    try {
      return applicationRow.one(await this.db.application.create({ data: { ...data, openKey: `${data.clusterId}:${data.orgKey}` } }));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async byId(id: string) {
    return applicationRow.maybe(await this.db.application.findUnique({ where: { id } }));
  }

  /** The open application of an organisation (by normalised name), if any. */
  async openFor(clusterId: string, orgKey: string) {
    return applicationRow.maybe(await this.db.application.findFirst({ where: { clusterId, orgKey, status: 'open' } }));
  }

  /** What a person has applied for, newest first. */
  async byApplicant(clusterId: string, personId: string) {
    return applicationRow.many(await this.db.application.findMany({ where: { clusterId, applicantPersonId: personId }, orderBy: { submittedAt: 'desc' } }));
  }

  async listOpen(clusterId: string) {
    return applicationRow.many(await this.db.application.findMany({ where: { clusterId, status: 'open' }, orderBy: { submittedAt: 'asc' } }));
  }

  /** Open applications in every cluster (the reminder job). */
  async allOpen() {
    return applicationRow.many(await this.db.application.findMany({ where: { status: 'open' }, orderBy: { submittedAt: 'asc' } }));
  }

  /**
   * Moves an application only if it is still at `fromStage`: two coordinators pressing at once
   * cannot both advance it. Returns whether this call did.
   */
  async advance(id: string, fromStage: Stage, patch: ApplicationPatch): Promise<boolean> {
    const { count } = await this.db.application.updateMany({ where: { id, stage: fromStage, status: 'open' }, data: patch });
    return count === 1;
  }

  /** Against a suspension or end (`memberId`), or a refused admission (`applicationId`). */
  async createAppeal(data: { clusterId: string; memberId?: string; applicationId?: string; personId: string; against: Appealable; text: string; createdAt: Date }) {
    return appealRow.one(await this.db.appeal.create({ data }));
  }

  /** The appeal against a refused application, open or decided: a refusal is appealed once. */
  async appealOfApplication(applicationId: string) {
    return appealRow.maybe(await this.db.appeal.findFirst({ where: { applicationId }, orderBy: { createdAt: 'desc' } }));
  }

  /**
   * A refused application back before the Coordinating Team (an upheld appeal): open at the decision
   * stage again. `blocked` when the organisation has applied anew meanwhile (one open application
   * per organisation); `changed` when it is no longer the refusal it was.
   */
  async reopenRefused(id: string): Promise<'reopened' | 'blocked' | 'changed'> {
    const app = await this.db.application.findUnique({ where: { id } });
    if (!app || app.status !== 'refused') return 'changed';
    try {
      const { count } = await this.db.application.updateMany({
        where: { id, status: 'refused' },
        data: { status: 'open', stage: 'meeting', openKey: `${app.clusterId}:${app.orgKey}`, decision: null, decisionReason: null, decidedByPersonId: null, decidedAt: null },
      });
      return count === 1 ? 'reopened' : 'changed';
    } catch (error) {
      if (isUniqueViolation(error)) return 'blocked';
      throw error;
    }
  }

  async appealById(id: string) {
    return appealRow.maybe(await this.db.appeal.findUnique({ where: { id } }));
  }

  async openAppealOf(memberId: string) {
    return appealRow.maybe(await this.db.appeal.findFirst({ where: { memberId, status: 'open' } }));
  }

  async openAppeals(clusterId: string) {
    return appealRow.many(await this.db.appeal.findMany({ where: { clusterId, status: 'open' }, orderBy: { createdAt: 'asc' } }));
  }

  async decideAppeal(id: string, data: { status: AppealOutcome; decisionReason: string; decidedByPersonId: string; decidedAt: Date }): Promise<boolean> {
    const { count } = await this.db.appeal.updateMany({ where: { id, status: 'open' }, data });
    return count === 1;
  }

  async partnerByName(clusterId: string, name: string) {
    return partnerRow.maybe(await this.db.strategicPartner.findUnique({ where: { clusterId_name: { clusterId, name } } }));
  }

  async addPartner(data: { clusterId: string; name: string; kind: PartnerKind; contact: string | null; note: string | null }) {
    return partnerRow.one(await this.db.strategicPartner.create({ data }));
  }

  async partners(clusterId: string) {
    return partnerRow.many(await this.db.strategicPartner.findMany({ where: { clusterId }, orderBy: { name: 'asc' } }));
  }

  async removePartner(id: string) {
    return partnerRow.one(await this.db.strategicPartner.delete({ where: { id } }));
  }

  /**
   * Everyone in the Coordinating Team: coordinator, operator and team roles plus the leaders of
   * active working groups (who sit in the team by the model).
   */
  async coordinatingTeamPersonIds(clusterId: string): Promise<string[]> {
    const [roles, groups] = await Promise.all([
      this.db.personRole.findMany({ where: { clusterId, role: { in: [...GRANTED_ROLES] } } }),
      this.db.workingGroup.findMany({ where: { clusterId, status: 'active', leaderPersonId: { not: null } }, select: { leaderPersonId: true } }),
    ]);
    return [...new Set([...roles.map((r) => r.personId), ...groups.map((g) => g.leaderPersonId!)])];
  }
}
