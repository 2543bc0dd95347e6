import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { translate } from '../core/i18n.ts';
import { neutralizeMentions } from '../core/text.ts';
import { fold, normalizePlace, placeLabel, placesOverlap, QUICK_HELP_MAX_DAYS, requireMember, respondButton, type BarterPost, type QuickHelpInput } from './barter.ts';
import { BarterBoard } from './barter-board.ts';

/**
 * Quick help: an urgent need, carded prominently, told to a handful of organisations that fit, and
 * escalated to the coordinator when nobody answers in time.
 */
export class QuickHelpService extends BarterBoard {

  /**
   * An urgent need: carded prominently, and a handful of organisations whose open offers or
   * profile fit are messaged directly (never the whole cluster).
   */
  async post(cluster: ClusterContext, actor: Actor, input: QuickHelpInput): Promise<{ post: BarterPost; notified: number }> {
    const memberId = requireMember(actor);
    const hours = input.unit === 'days' ? input.within * 24 : input.within;
    if (hours > QUICK_HELP_MAX_DAYS * 24) {
      throw new DomainError('barter.errors.quickHelpTooLate', { days: QUICK_HELP_MAX_DAYS }, { within: 'barter.errors.quickHelpTooLateField' });
    }
    const kind = input.kind ?? 'other';
    const post = await this.db.createAudited((tx) => tx.barter.create({
      clusterId: cluster.id,
      memberId,
      authorPersonId: actor.personId,
      type: 'quickhelp',
      kind,
      title: input.what.trim(),
      description: (input.description ?? '').trim(),
      exchange: 'open',
      place: normalizePlace(input.where),
      availableUntil: new Date(this.now().getTime() + hours * 3_600_000),
      createdAt: this.now(),
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'barter.quickhelp', subjectType: 'barterPost', subjectId: created.id, details: { kind } }));
    const published = await this.publish(cluster, post);
    const chosen = await this.quickHelpCandidates(cluster, published);
    const owner = await this.contactOf(published.memberId);
    for (const memberId of chosen) {
      await this.tellOrganisation(
        cluster.id,
        memberId,
        ({ t, dateTime }) => ({
          title: t('barter.quickHelp.dmTitle'),
          text: t('barter.quickHelp.dm', { title: neutralizeMentions(published.title), org: owner.name, until: dateTime(published.availableUntil), place: placeLabel(published.place, t) }),
          fields: [{ label: t('barter.card.id'), value: published.id }],
          buttons: [respondButton(published.id, t)],
          tone: 'warning',
        }),
        'quickhelp-match',
      );
    }
    return { post: published, notified: chosen.length };
  }

  /** Open offers of the same kind and place first, then profiles (what they offer, sectors) that mention it. */
  private async quickHelpCandidates(cluster: ClusterContext, post: BarterPost): Promise<string[]> {
    const limit = cluster.settings.quickHelpMaxMentions;
    const profiles = await this.db.barter.activeProfiles(cluster.id);
    const active = new Set(profiles.map((p) => p.id));
    const chosen: string[] = [];
    const add = (id: string) => {
      if (id !== post.memberId && active.has(id) && !chosen.includes(id) && chosen.length < limit) chosen.push(id);
    };
    for (const offer of await this.db.barter.openOfKind(cluster.id, ['offer'], post.kind, post.memberId)) {
      if (placesOverlap(offer.place, post.place)) add(offer.memberId);
    }
    const words = keywords(post.kind, post.title);
    if (words.length > 0) {
      for (const profile of profiles) {
        const text = fold(`${profile.offers} ${profile.sectors}`);
        if (words.some((w) => text.includes(w))) add(profile.id);
      }
    }
    return chosen;
  }

  /**
   * Unanswered quick help due for the coordinator: after `quickHelpEscalationHours`, or sooner
   * when its own deadline is less than two hours away (an urgent need must not expire unseen).
   */
  dueForEscalation(cluster: ClusterContext, now: Date) {
    const createdBefore = new Date(now.getTime() - cluster.settings.quickHelpEscalationHours * 3_600_000);
    return this.db.barter.quickHelpToEscalate(cluster.id, createdBefore, new Date(now.getTime() + 2 * 3_600_000));
  }

  countResponses(postId: string) {
    return this.db.barter.countResponses(postId);
  }

  markEscalated(postId: string, at: Date) {
    return this.db.barter.markEscalated(postId, at);
  }
}

/** What a quick-help need is about, in words a profile would use: the kind in both languages, long title words. */
function keywords(kind: string, title: string): string[] {
  const labels = kind === 'other' ? [] : [translate('pl', `barter.kind.${kind}`), translate('en', `barter.kind.${kind}`)];
  const words = labels.flatMap((l) => l.split(/[/,]/)).map(fold).filter((w) => w.length >= 3);
  for (const word of fold(title).split(/[^\p{L}\p{N}-]+/u)) if (word.length >= 5) words.push(word);
  return [...new Set(words)];
}
