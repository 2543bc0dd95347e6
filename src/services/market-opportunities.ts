import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { readList } from '../core/input.ts';
import { formatMoney } from '../core/money.ts';
import { neutralizeMentions } from '../core/text.ts';
import type { OpportunityStatus } from '../core/vocabulary.ts';
import { fits, inCluster, moneyOf, namesOf, readDeadline, requireOrganisation, runsIt, tellOrganisation, type Opportunity } from './market.ts';
import type { MessageTools, NotificationService } from './notifications.ts';
import type { Button } from '../core/reply.ts';

export interface OpportunityInput {
  title: string;
  need?: string | undefined;
  place: string;
  when?: string | undefined;
  volume?: string | undefined;
  sectors: string;
  /** The last day for declarations, as typed. */
  deadline: string;
}

export interface DeclarationInput {
  part: string;
  capacity?: string | undefined;
  price?: string | undefined;
}

/** Statuses in which an opportunity is still shown to members and the coordinator's lists. */
export const LIVE: readonly OpportunityStatus[] = ['open', 'forming', 'offer-sent', 'won'];

/**
 * Market opportunities (the model's service area I): what a client needs is posted, the members
 * whose sectors or offers fit are told (never the whole cluster), and they declare what they can
 * deliver. Forming the consortium from the declarations is market-consortia.ts.
 */
export class OpportunityService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}

  async get(cluster: ClusterContext, id: string): Promise<Opportunity> {
    return inCluster(await this.db.market.opportunity(id.trim()), cluster, 'market.errors.opportunityNotFound', id);
  }

  /** Posted by the coordinator, or by a member where the cluster's rules let members post. */
  async mayPost(cluster: ClusterContext, actor: Actor): Promise<void> {
    if (!actor.roles.has('coordinator') && cluster.settings.opportunityPosting !== 'members') throw new DomainError('market.errors.postingCoordinatorOnly');
  }

  async post(cluster: ClusterContext, actor: Actor, input: OpportunityInput): Promise<{ opportunity: Opportunity; told: string[] }> {
    const coordinator = actor.roles.has('coordinator');
    await this.mayPost(cluster, actor);
    const memberId = coordinator ? null : requireOrganisation(actor);
    const deadline = readDeadline(input.deadline, cluster.timeZone, this.now(), false);
    const opportunity = await this.db.createAudited((tx) => tx.market.createOpportunity({
      clusterId: cluster.id,
      memberId,
      authorPersonId: actor.personId,
      title: input.title.trim(),
      need: (input.need ?? '').trim(),
      place: input.place.trim(),
      whenText: (input.when ?? '').trim(),
      volume: (input.volume ?? '').trim(),
      // Sectors are words, so a comma separates them too.
      sectors: readList(input.sectors.replaceAll(',', ';')).join('; '),
      deadline,
      createdAt: this.now(),
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'market.opportunityPosted', subjectType: 'marketOpportunity', subjectId: created.id }));
    const told = await this.tellMatching(cluster, opportunity);
    return { opportunity, told };
  }

  /** The organisations whose directory entry fits, best first, up to the cluster's limit. */
  async matching(cluster: ClusterContext, opportunity: Opportunity): Promise<{ id: string; name: string }[]> {
    const words = readList(opportunity.sectors);
    const profiles = await this.db.barter.activeProfiles(cluster.id);
    return profiles
      .filter((p) => p.id !== opportunity.memberId && fits(words, `${p.sectors} ${p.offers}`))
      .slice(0, cluster.settings.opportunityMaxMatches)
      .map((p) => ({ id: p.id, name: p.name }));
  }

  private async tellMatching(cluster: ClusterContext, opportunity: Opportunity): Promise<string[]> {
    const matched = await this.matching(cluster, opportunity);
    for (const member of matched) {
      await tellOrganisation(this.db, this.notifications, cluster.id, member.id, (tools) => ({ ...opportunityCard(opportunity, tools), title: tools.t('market.opportunity.noticeTitle', { title: neutralizeMentions(opportunity.title) }), buttons: [declareButton(opportunity.id, tools.t)] }), 'market-opportunity');
    }
    return matched.map((m) => m.name);
  }

  /**
   * Open opportunities: for a member, those that fit its sectors or offers unless it asks for
   * all; for the coordinator (or with `all`), every live one.
   */
  async list(cluster: ClusterContext, actor: Actor, all: boolean): Promise<{ items: (Opportunity & { declarations: number })[]; filtered: boolean }> {
    let rows = await this.db.market.opportunities(cluster.id, LIVE);
    const filtered = !all && !actor.roles.has('coordinator') && Boolean(actor.member);
    if (filtered) {
      const profile = (await this.db.members.byId(actor.member!.id))!;
      rows = rows.filter((o) => o.status === 'open' && (o.memberId === profile.id || fits(readList(o.sectors), `${profile.sectors} ${profile.offers}`)));
    }
    const counts = await this.db.market.countDeclarations(rows.map((r) => r.id));
    return { items: rows.map((r) => ({ ...r, declarations: counts.get(r.id) ?? 0 })), filtered };
  }

  /** Records this person may pick: open ones to declare on, or the ones they run. */
  async suggestions(cluster: ClusterContext, actor: Actor, typed: string, scope: 'open' | 'run' | 'live'): Promise<Opportunity[]> {
    const rows = await this.db.market.opportunities(cluster.id, scope === 'open' ? ['open'] : LIVE);
    const wanted = typed.trim().toLocaleLowerCase('pl');
    return rows
      .filter((o) => scope !== 'run' || runsIt(actor, o.memberId))
      .filter((o) => !wanted || o.id === typed.trim() || o.title.toLocaleLowerCase('pl').includes(wanted))
      .slice(0, 25);
  }

  /** A member says what it can deliver; declaring again replaces what it said. */
  async declare(cluster: ClusterContext, actor: Actor, id: string, input: DeclarationInput): Promise<Opportunity> {
    const memberId = requireOrganisation(actor);
    const opportunity = await this.get(cluster, id);
    if (opportunity.status !== 'open' || opportunity.deadline.getTime() <= this.now().getTime()) {
      throw new DomainError('market.errors.declarationsClosed', { title: neutralizeMentions(opportunity.title) });
    }
    if (opportunity.memberId === memberId) throw new DomainError('market.errors.ownOpportunity');
    const price = input.price?.trim() ? moneyOf(input.price, 'price') : null;
    await this.db.transaction(async (tx) => {
      await tx.market.declare({ opportunityId: opportunity.id, memberId, personId: actor.personId, part: input.part.trim(), capacity: (input.capacity ?? '').trim(), priceGrosze: price, at: this.now() });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'market.declared', subjectType: 'marketOpportunity', subjectId: opportunity.id });
    });
    const org = neutralizeMentions(actor.member!.name);
    const tell = (tools: MessageTools) => ({
      title: tools.t('market.declare.toldTitle', { title: neutralizeMentions(opportunity.title) }),
      text: tools.t('market.declare.told', { org, part: neutralizeMentions(input.part.trim()), price: price === null ? '–' : formatMoney(price, tools.locale) }),
      buttons: [showButton(opportunity.id, tools.t)],
    });
    // Whoever runs the opportunity hears of each declaration: the posting organisation, or the coordinators.
    if (opportunity.memberId) await tellOrganisation(this.db, this.notifications, cluster.id, opportunity.memberId, tell, 'market-declaration');
    else await this.notifications.toRoles(cluster.id, ['coordinator'], tell, 'market-declaration');
    return opportunity;
  }

  /** The declarations with the declaring organisations' names. */
  async declarations(opportunity: Opportunity) {
    const rows = await this.db.market.declarations(opportunity.id);
    const names = await namesOf(this.db, rows.map((r) => r.memberId));
    return rows.map((r) => ({ ...r, name: names.get(r.memberId) ?? '?' }));
  }

  /** What the actor's organisation declared, if anything (to pre-fill its form). */
  async ownDeclaration(opportunity: Opportunity, actor: Actor) {
    if (!actor.member) return undefined;
    return (await this.db.market.declarations(opportunity.id)).find((d) => d.memberId === actor.member!.id);
  }

  async posterName(opportunity: Opportunity): Promise<string | undefined> {
    return opportunity.memberId ? (await namesOf(this.db, [opportunity.memberId])).get(opportunity.memberId) : undefined;
  }

  /** Opportunities whose declarations closed: the deadline job's worklist. */
  pastDeadline(cluster: ClusterContext, now: Date) {
    return this.db.market.opportunitiesPastDeadline(cluster.id, new Date(now.getTime() - 7 * 86_400_000), now);
  }

  /** Tells whoever runs an opportunity that its declarations have closed, with the next step. */
  async tellDeadline(cluster: ClusterContext, opportunity: Opportunity): Promise<void> {
    const count = (await this.db.market.declarations(opportunity.id)).length;
    const build = (tools: MessageTools) => ({
      title: tools.t('market.deadline.title', { title: neutralizeMentions(opportunity.title) }),
      text: tools.t('market.deadline.text', { count }),
      buttons: count > 0 ? [{ label: tools.t('market.consortium.formButton'), action: { command: 'opportunity', action: 'consortium', args: [opportunity.id] }, style: 'primary' as const }] : [],
    });
    if (opportunity.memberId) await tellOrganisation(this.db, this.notifications, cluster.id, opportunity.memberId, build, 'market-deadline');
    else await this.notifications.toRoles(cluster.id, ['coordinator'], build, 'market-deadline');
  }

}

export function declareButton(id: string, t: MessageTools['t']): Button {
  return { label: t('market.declare.button'), action: { command: 'opportunity', action: 'declare', args: [id] }, style: 'primary' };
}

export function showButton(id: string, t: MessageTools['t']): Button {
  return { label: t('market.opportunity.showButton'), action: { command: 'opportunity', action: 'show', args: [id] }, style: 'secondary' };
}

/** An opportunity as members read it: what, where, when, how much, until when. */
export function opportunityCard(o: Opportunity, { t, date }: Pick<MessageTools, 't' | 'date'>) {
  const dash = (v: string) => (v ? neutralizeMentions(v) : '–');
  return {
    title: neutralizeMentions(o.title),
    ...(o.need ? { text: neutralizeMentions(o.need) } : {}),
    fields: [
      { label: t('market.opportunity.place'), value: dash(o.place), inline: true },
      { label: t('market.opportunity.when'), value: dash(o.whenText), inline: true },
      { label: t('market.opportunity.volume'), value: dash(o.volume), inline: true },
      { label: t('market.opportunity.sectors'), value: dash(o.sectors), inline: true },
      { label: t('market.opportunity.deadline'), value: date(o.deadline), inline: true },
      { label: t('market.opportunity.status'), value: t(`market.status.${o.status}`), inline: true },
    ],
  };
}
