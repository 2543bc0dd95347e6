import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { PrivateDelivery } from '../core/notifier.ts';
import { neutralizeMentions } from '../core/text.ts';
import { cardReply, type BarterPost, type Contact } from './barter.ts';
import type { MessageBuilder, NotificationService } from './notifications.ts';

/**
 * The barter board that offers, requests and quick help share: a post's public card in the barter
 * channel, and reaching the organisation behind a post privately.
 */
export abstract class BarterBoard {
  constructor(
    protected readonly db: Database,
    protected readonly notifications: NotificationService,
    protected readonly now: () => Date,
  ) {}

  async get(cluster: ClusterContext, postId: string): Promise<BarterPost> {
    const post = await this.db.barter.byId(postId.trim());
    if (!post || post.clusterId !== cluster.id) throw new DomainError('barter.errors.notFound', { id: postId });
    return post;
  }

  /** Messages every representative of the post's organisation; the first result stands for all. */
  async tellOwner(cluster: ClusterContext, post: BarterPost, build: MessageBuilder, kind: string): Promise<PrivateDelivery | void> {
    return this.tellOrganisation(cluster.id, post.memberId, build, kind);
  }

  async contactOf(memberId: string, fallbackUserId?: string): Promise<Contact> {
    const [member, people] = await Promise.all([this.db.members.byId(memberId), this.db.members.representatives(memberId)]);
    const ids = people.map((p) => p.platformUserId);
    if (ids.length === 0 && fallbackUserId) ids.push(fallbackUserId);
    return { name: neutralizeMentions(member?.name ?? '?'), mentions: ids.map((id) => `<@${id}>`).join(', ') || '–' };
  }

  // ── the card ──────────────────────────────────────────────────────────────────────────────

  /** The public card of a post, in the channel's language; closed posts have no Respond button. */
  async card(post: BarterPost): Promise<MessageBuilder> {
    const [owner, responses] = await Promise.all([this.contactOf(post.memberId), this.db.barter.countResponses(post.id)]);
    return (tools) => cardReply(post, owner.name, responses, tools);
  }

  protected async publish(cluster: ClusterContext, post: BarterPost): Promise<BarterPost> {
    const ref = await this.notifications.toChannel(cluster.id, 'barter', await this.card(post));
    return ref ? this.db.barter.setMessageRef(post.id, ref) : post;
  }

  protected async refreshCard(cluster: ClusterContext, post: BarterPost): Promise<void> {
    const fresh = (await this.db.barter.byId(post.id)) ?? post;
    if (!fresh.messageRef) return;
    await this.notifications.updateChannelMessage(cluster.id, fresh.messageRef, await this.card(fresh));
  }

  protected async tellOrganisation(clusterId: string, memberId: string, build: MessageBuilder, kind: string): Promise<PrivateDelivery | void> {
    let first: PrivateDelivery | undefined;
    for (const person of await this.db.members.representatives(memberId)) {
      const result = await this.notifications.toPerson(clusterId, person.id, build, kind);
      first ??= result;
    }
    return first;
  }

  protected requireOwnerOrCoordinator(actor: Actor, post: BarterPost): void {
    if (actor.member?.id === post.memberId || actor.roles.has('coordinator')) return;
    throw new DomainError('barter.errors.notOwner');
  }
}
