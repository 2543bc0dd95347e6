import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { formatMoney, formatPercent, readPercent } from '../core/money.ts';
import { neutralizeMentions } from '../core/text.ts';
import { CONSORTIUM_NEXT, type OpportunityStatus } from '../core/vocabulary.ts';
import type { ActivityService } from './activity.ts';
import { divideBudget } from './market-shares.ts';
import { moneyOf, namesOf, runsIt, tellOrganisation, type Opportunity } from './market.ts';
import type { OpportunityService } from './market-opportunities.ts';
import type { MessageTools, NotificationService } from './notifications.ts';

/** An organisation's record in the cluster's consortia: the model warns a weak partner can fail a contract. */
export interface TrackRecord {
  consortia: number;
  led: number;
  delivered: number;
  lost: number;
  cancelled: number;
  /** Formed, offered or won, not yet finished. */
  running: number;
}

export interface ConsortiumInput {
  leader: string;
  budget: string;
  margin?: string | undefined;
}

/**
 * Consortia (the model's service area I): the coordinator (or the organisation that posted the
 * opportunity) chooses members from the declarations, seeing each one's track record, names a
 * leader, and the budget is divided: the cluster's operating margin first, the rest among the
 * members, exactly to the grosz. Each member is told its part and share; taking part is an activity.
 */
export class ConsortiumService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly opportunities: OpportunityService,
    private readonly activity: ActivityService,
    private readonly now: () => Date,
  ) {}

  /** The coordinator, or the organisation that posted it, runs an opportunity and its consortium. */
  async runnable(cluster: ClusterContext, actor: Actor, id: string): Promise<Opportunity> {
    const opportunity = await this.opportunities.get(cluster, id);
    if (!runsIt(actor, opportunity.memberId)) throw new DomainError('market.errors.notRunner');
    return opportunity;
  }

  /** Each organisation's record across every consortium it took part in. */
  async trackRecords(memberIds: string[]): Promise<Map<string, TrackRecord>> {
    const records = new Map(memberIds.map((id) => [id, { consortia: 0, led: 0, delivered: 0, lost: 0, cancelled: 0, running: 0 }]));
    for (const part of await this.db.market.consortiaOf(memberIds)) {
      const r = records.get(part.memberId);
      if (!r) continue;
      r.consortia++;
      if (part.role === 'leader') r.led++;
      if (part.status === 'delivered') r.delivered++;
      else if (part.status === 'lost') r.lost++;
      else if (part.status === 'cancelled') r.cancelled++;
      else r.running++;
    }
    return records;
  }

  /** The declarations to choose from, each with its organisation's track record. */
  async candidates(cluster: ClusterContext, actor: Actor, id: string) {
    const opportunity = await this.runnable(cluster, actor, id);
    const declarations = await this.opportunities.declarations(opportunity);
    const records = await this.trackRecords(declarations.map((d) => d.memberId));
    return { opportunity, declarations: declarations.map((d) => ({ ...d, record: records.get(d.memberId)! })) };
  }

  /**
   * The members chosen from the declarations: the opportunity stops taking declarations and the
   * consortium is forming. Choosing again (before the budget is set) replaces the choice.
   */
  async choose(cluster: ClusterContext, actor: Actor, id: string, memberIds: string[]): Promise<{ opportunity: Opportunity; chosen: { memberId: string; name: string }[] }> {
    const opportunity = await this.runnable(cluster, actor, id);
    if (opportunity.status !== 'open' && opportunity.status !== 'forming') throw new DomainError('market.errors.alreadyFormed');
    const declarations = await this.opportunities.declarations(opportunity);
    const chosen = declarations.filter((d) => memberIds.includes(d.memberId));
    if (chosen.length === 0) throw new DomainError('market.errors.noneChosen');
    await this.db.transaction(async (tx) => {
      if (!(await tx.market.moveOpportunity(opportunity.id, ['open', 'forming'], { status: 'forming' }))) throw new DomainError('market.errors.alreadyFormed');
      await tx.market.setParts(opportunity.id, chosen.map((d) => ({ memberId: d.memberId, role: 'member', part: d.part, shareGrosze: null })));
    });
    return { opportunity: (await this.opportunities.get(cluster, id)), chosen: chosen.map((d) => ({ memberId: d.memberId, name: d.name })) };
  }

  /** The chosen members of a forming consortium, with their names. */
  async chosen(opportunity: Opportunity) {
    const parts = await this.db.market.parts(opportunity.id);
    const names = await namesOf(this.db, parts.map((p) => p.memberId));
    return parts.map((p) => ({ ...p, name: names.get(p.memberId) ?? '?' }));
  }

  /** Leaders to pick: the chosen members of the forming consortia this person runs. */
  async leaderSuggestions(cluster: ClusterContext, actor: Actor, typed: string) {
    const forming = (await this.db.market.opportunities(cluster.id, ['forming'])).filter((o) => runsIt(actor, o.memberId));
    const wanted = typed.trim().toLocaleLowerCase('pl');
    const out: { memberId: string; name: string; title: string }[] = [];
    for (const o of forming) {
      for (const p of await this.chosen(o)) if (!wanted || p.memberId === typed.trim() || p.name.toLocaleLowerCase('pl').includes(wanted)) out.push({ memberId: p.memberId, name: p.name, title: o.title });
    }
    return out.slice(0, 25);
  }

  /** Names the members by their names (the typed path); each must have declared. */
  async memberIdsByName(cluster: ClusterContext, actor: Actor, id: string, names: string[]): Promise<string[]> {
    const { declarations } = await this.candidates(cluster, actor, id);
    return names.map((name) => {
      const wanted = name.trim().toLocaleLowerCase('pl');
      const found = declarations.find((d) => d.memberId === name.trim() || d.name.toLocaleLowerCase('pl') === wanted);
      if (!found) throw new DomainError('market.errors.notDeclared', { org: neutralizeMentions(name.trim()) });
      return found.memberId;
    });
  }

  /**
   * Forms the consortium: the leader, the budget and the cluster's margin. Shares follow the
   * prices the members declared (equal parts if any declared none), by the largest remainder.
   */
  async form(cluster: ClusterContext, actor: Actor, id: string, input: ConsortiumInput) {
    const opportunity = await this.runnable(cluster, actor, id);
    if (opportunity.status !== 'forming') throw new DomainError(opportunity.status === 'open' ? 'market.errors.chooseFirst' : 'market.errors.alreadyFormed');
    const budget = moneyOf(input.budget, 'budget');
    const marginText = input.margin?.trim() ? input.margin : String(cluster.settings.consortiumMarginPercent).replace('.', ',');
    const bp = readPercent(marginText);
    if (bp === undefined) throw new DomainError('market.errors.margin', { value: marginText.trim() }, { margin: 'market.errors.marginField' });
    const parts = await this.chosen(opportunity);
    const leader = parts.find((p) => p.memberId === input.leader.trim() || p.name.toLocaleLowerCase('pl') === input.leader.trim().toLocaleLowerCase('pl'));
    if (!leader) throw new DomainError('market.errors.leaderNotChosen', { org: neutralizeMentions(input.leader.trim()) }, { leader: 'market.errors.leaderNotChosenField' });
    const prices = new Map((await this.db.market.declarations(opportunity.id)).map((d) => [d.memberId, d.priceGrosze]));
    const { margin, shares } = divideBudget(budget, bp, parts.map((p) => prices.get(p.memberId) ?? null));
    const now = this.now();
    const done = await this.db.transaction(async (tx) => {
      if (!(await tx.market.moveOpportunity(opportunity.id, ['forming'], { status: 'forming', leaderMemberId: leader.memberId, budgetGrosze: budget, marginGrosze: margin, marginBasisPoints: bp, formedAt: now }))) return false;
      await tx.market.setParts(opportunity.id, parts.map((p, i) => ({ memberId: p.memberId, role: p.memberId === leader.memberId ? 'leader' : 'member', part: p.part, shareGrosze: shares[i]! })));
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'market.consortiumFormed', subjectType: 'marketOpportunity', subjectId: opportunity.id, details: { members: parts.length, budget, margin } });
      return true;
    });
    if (!done) throw new DomainError('market.errors.alreadyFormed');
    const formed = await this.opportunities.get(cluster, id);
    const consortium = await this.chosen(formed);
    for (const part of consortium) {
      // Taking part in a consortium is one of the activities the model counts towards the yearly duty.
      await this.activity.recordAutomatic(cluster.settings, { clusterId: cluster.id, memberId: part.memberId, source: 'consortium', sourceKey: formed.id, date: now, title: `Konsorcjum: ${formed.title}`, personId: actor.personId });
      await tellOrganisation(this.db, this.notifications, cluster.id, part.memberId, (tools) => this.toldFormed(formed, consortium, part.memberId, tools), 'market-consortium');
    }
    return { opportunity: formed, parts: consortium };
  }

  private toldFormed(o: Opportunity, parts: Awaited<ReturnType<ConsortiumService['chosen']>>, memberId: string, { t, locale }: MessageTools) {
    const own = parts.find((p) => p.memberId === memberId)!;
    const leader = parts.find((p) => p.role === 'leader');
    return {
      title: t('market.consortium.toldTitle', { title: neutralizeMentions(o.title) }),
      text: t(own.role === 'leader' ? 'market.consortium.toldLeader' : 'market.consortium.toldMember', {
        leader: neutralizeMentions(leader?.name ?? '?'),
        part: neutralizeMentions(own.part),
        share: formatMoney(own.shareGrosze ?? 0, locale),
      }),
      fields: this.partFields(o, parts, { t, locale }),
      tone: 'success' as const,
    };
  }

  /** The consortium as a table: each member, its role, part and share; the margin; the budget. */
  partFields(o: Opportunity, parts: Awaited<ReturnType<ConsortiumService['chosen']>>, { t, locale }: Pick<MessageTools, 't' | 'locale'>) {
    const money = (g: number | null) => (g === null ? '–' : formatMoney(g, locale));
    return [
      ...parts.map((p) => ({
        label: `${neutralizeMentions(p.name)}${p.role === 'leader' ? ` (${t('market.consortium.leader')})` : ''}`,
        value: t('market.consortium.partLine', { part: neutralizeMentions(p.part), share: money(p.shareGrosze) }),
      })),
      ...(o.budgetGrosze !== null
        ? [
            { label: t('market.consortium.margin', { rate: formatPercent(o.marginBasisPoints ?? 0, locale) }), value: money(o.marginGrosze), inline: true },
            { label: t('market.consortium.budget'), value: money(o.budgetGrosze), inline: true },
          ]
        : []),
    ];
  }

  /** Moves a formed consortium on (offer sent, won or lost, delivered); every member is told. */
  async move(cluster: ClusterContext, actor: Actor, id: string, to: OpportunityStatus): Promise<Opportunity> {
    const opportunity = await this.runnable(cluster, actor, id);
    if (opportunity.status === 'forming' && opportunity.budgetGrosze === null && to !== 'cancelled') throw new DomainError('market.errors.notFormed');
    if (!CONSORTIUM_NEXT[opportunity.status].includes(to)) throw new DomainError('market.errors.badStatusMove');
    const moved = await this.db.transaction(async (tx) => {
      if (!(await tx.market.moveOpportunity(opportunity.id, [opportunity.status], { status: to }))) return false;
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'market.consortiumStatus', subjectType: 'marketOpportunity', subjectId: opportunity.id, details: { from: opportunity.status, to } });
      return true;
    });
    if (!moved) throw new DomainError('market.errors.badStatusMove');
    const after = await this.opportunities.get(cluster, id);
    for (const part of await this.db.market.parts(after.id)) {
      await tellOrganisation(this.db, this.notifications, cluster.id, part.memberId, ({ t }) => ({ text: t('market.consortium.moved', { title: neutralizeMentions(after.title), status: t(`market.status.${to}`) }) }), 'market-consortium-status');
    }
    return after;
  }
}
