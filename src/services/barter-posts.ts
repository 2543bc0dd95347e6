import { DateTime } from 'luxon';
import type { AuditAction } from '../core/audit.ts';
import type { Database } from '../db/index.ts';
import type { BarterPatch } from '../db/barter.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { isDateText, readDate } from '../core/input.ts';
import { neutralizeMentions } from '../core/text.ts';
import { isInGoodStanding, type PostType } from '../core/vocabulary.ts';
import type { ActivityService } from './activity.ts';
import { fold, normalizePlace, PAGE_SIZE, placeLabel, placesOverlap, REMOTE, requireMember, respondButton, type BarterPost as Post, type Contact, type ListFilter, type PostInput } from './barter.ts';
import { type CloseOutcome } from '../core/vocabulary.ts';
import { BarterBoard } from './barter-board.ts';
import type { NotificationService } from './notifications.ts';

/** Barter offers and requests: posting, matching, responding, closing, editing, extending and expiry. */
export class BarterService extends BarterBoard {
  constructor(
    db: Database,
    notifications: NotificationService,
    private readonly activity: ActivityService,
    now: () => Date,
  ) {
    super(db, notifications, now);
  }

  /** An offer or a request: stored, carded in the barter channel, and matching posts' owners told. */
  async post(cluster: ClusterContext, actor: Actor, type: 'offer' | 'request', input: PostInput, resourceId?: string): Promise<{ post: Post; matches: number }> {
    const memberId = requireMember(actor);
    const availableUntil = this.parseUntil(cluster, input.until);
    const post = await this.db.createAudited((tx) => tx.barter.create({
      clusterId: cluster.id,
      memberId,
      authorPersonId: actor.personId,
      type,
      kind: input.kind,
      title: input.title.trim(),
      description: (input.description ?? '').trim(),
      exchange: input.exchange ?? 'open',
      place: normalizePlace(input.place),
      availableUntil,
      ...(resourceId ? { resourceId } : {}),
      createdAt: this.now(),
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: `barter.${type}`, subjectType: 'barterPost', subjectId: created.id, details: { kind: input.kind } }));
    const published = await this.publish(cluster, post);
    const matches = await this.tellMatches(cluster, published);
    return { post: published, matches };
  }

  /** Owners of open posts on the other side (same kind, overlapping place) hear about a new post. */
  private async tellMatches(cluster: ClusterContext, post: Post): Promise<number> {
    const otherSide: PostType[] = post.type === 'offer' ? ['request', 'quickhelp'] : ['offer'];
    const candidates = (await this.db.barter.openOfKind(cluster.id, otherSide, post.kind, post.memberId)).filter((p) => placesOverlap(p.place, post.place));
    if (candidates.length === 0) return 0;
    const poster = await this.contactOf(post.memberId);
    for (const match of candidates) {
      await this.tellOrganisation(
        cluster.id,
        match.memberId,
        ({ t, date }) => ({
          title: t(post.type === 'offer' ? 'barter.match.offerTitle' : 'barter.match.requestTitle'),
          text: t(post.type === 'offer' ? 'barter.match.offer' : 'barter.match.request', {
            yours: neutralizeMentions(match.title),
            title: neutralizeMentions(post.title),
            org: poster.name,
            place: placeLabel(post.place, t),
            until: date(post.availableUntil),
          }),
          fields: [{ label: t('barter.card.id'), value: post.id }],
          buttons: [respondButton(post.id, t)],
        }),
        'barter-match',
      );
    }
    return candidates.length;
  }

  // ── responding ─────────────────────────────────────────────────────────────────────────────

  /** The post this member may answer: open, and not its own. */
  async respondable(cluster: ClusterContext, actor: Actor, postId: string): Promise<Post> {
    const memberId = requireMember(actor);
    const post = await this.get(cluster, postId);
    if (post.status !== 'open') throw new DomainError('barter.errors.notOpen', { id: post.id });
    if (post.memberId === memberId) throw new DomainError('barter.errors.ownPost');
    return post;
  }

  /** A member answers a post: both sides get the other's contact privately; the card counts responses. */
  async respond(cluster: ClusterContext, actor: Actor, postId: string, message: string): Promise<{ post: Post; owner: Contact }> {
    const memberId = requireMember(actor);
    const post = await this.respondable(cluster, actor, postId);
    const text = neutralizeMentions(message.trim());
    await this.db.barter.addResponse({ postId: post.id, memberId, personId: actor.personId, message: message.trim(), createdAt: this.now() });
    const [owner, responder] = await Promise.all([this.contactOf(post.memberId), this.contactOf(memberId, actor.platformUserId)]);
    const title = neutralizeMentions(post.title);
    await this.tellOrganisation(
      cluster.id,
      post.memberId,
      ({ t }) => ({
        title: t('barter.respond.ownerTitle'),
        text: t('barter.respond.owner', { org: responder.name, title, message: text, contact: responder.mentions }),
        fields: [{ label: t('barter.card.id'), value: post.id }],
        // The owner's next step from here: close the post with this organisation, or give it more time.
        buttons: [
          { label: t('barter.respond.closeWith'), action: { command: 'barter', action: 'closeWith', args: [post.id, memberId] }, style: 'success' },
          ...(this.extendedUntil(cluster, post) ? [{ label: t('barter.extend.button'), action: { command: 'barter', action: 'extend', args: [post.id] }, style: 'secondary' as const }] : []),
        ],
      }),
      'barter-response',
    );
    await this.notifications.toPerson(
      cluster.id,
      actor.personId,
      ({ t }) => ({
        title: t('barter.respond.responderTitle'),
        text: t('barter.respond.responder', { org: owner.name, title, contact: owner.mentions }),
        fields: [{ label: t('barter.card.id'), value: post.id }],
      }),
      'barter-response',
    );
    await this.refreshCard(cluster, post);
    return { post, owner };
  }

  /** The organisations that responded, for choosing the partner when closing. */
  async respondents(cluster: ClusterContext, actor: Actor, postId: string): Promise<{ memberId: string; name: string }[]> {
    const post = await this.get(cluster, postId);
    this.requireOwnerOrCoordinator(actor, post);
    const ids = [...new Set((await this.db.barter.responses(post.id)).map((r) => r.memberId))];
    const members = await this.db.barter.membersByIds(ids);
    return ids.flatMap((id) => members.filter((m) => m.id === id).map((m) => ({ memberId: m.id, name: m.name })));
  }

  /** The organisation a chat user speaks for (the partner named in /barter close). */
  async organisationOf(cluster: ClusterContext, platformUserId: string): Promise<string> {
    const person = await this.db.people.byPlatformId(cluster.id, platformUserId);
    const rep = person ? await this.db.people.representation(cluster.id, person.id) : null;
    if (!rep) throw new DomainError('barter.errors.partnerNotMember', { user: `<@${platformUserId}>` });
    return rep.member.id;
  }

  // ── closing, editing, extending ────────────────────────────────────────────────────────────

  async close(cluster: ClusterContext, actor: Actor, postId: string, outcome: CloseOutcome, partnerMemberId?: string): Promise<Post> {
    const post = await this.get(cluster, postId);
    this.requireOwnerOrCoordinator(actor, post);
    if (post.status !== 'open') throw new DomainError('barter.errors.notOpen', { id: post.id });
    let partner: { id: string; name: string } | undefined;
    if (outcome === 'done') {
      if (!partnerMemberId) throw new DomainError('barter.errors.partnerRequired', {}, { partner: 'barter.errors.partnerRequired' });
      if (partnerMemberId === post.memberId) throw new DomainError('barter.errors.partnerIsOwner');
      const [row] = await this.db.barter.membersByIds([partnerMemberId]);
      if (!row || !isInGoodStanding(row.status)) throw new DomainError('barter.errors.partnerNotMember', { user: row?.name ?? '?' });
      partner = row;
    }
    const now = this.now();
    const closed = await this.db.transaction(async (tx) => {
      const won = await tx.barter.closeIfOpen(post.id, { status: outcome, closedAt: now, partnerMemberId: partner?.id ?? null });
      if (!won) return false;
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: `barter.closed.${outcome}`, subjectType: 'barterPost', subjectId: post.id, details: partner ? { partnerMemberId: partner.id } : {} });
      return true;
    });
    if (!closed) throw new DomainError('barter.errors.notOpen', { id: post.id });
    if (partner) {
      // The exchange is an activity of both organisations, once per post whoever closes it.
      const title = `Barter: ${post.title}`;
      for (const memberId of [post.memberId, partner.id]) {
        await this.activity.recordAutomatic(cluster.settings, { clusterId: cluster.id, memberId, source: 'barter', sourceKey: post.id, date: now, title, personId: actor.personId });
      }
      const owner = await this.contactOf(post.memberId);
      await this.tellOrganisation(
        cluster.id,
        partner.id,
        ({ t }) => ({ text: t('barter.close.partnerTold', { org: owner.name, title: neutralizeMentions(post.title) }), tone: 'success' }),
        'barter-done',
      );
    }
    const after = (await this.db.barter.byId(post.id))!;
    await this.refreshCard(cluster, after);
    return after;
  }

  /** Changes an open post; what it said before is kept as a revision. */
  async edit(cluster: ClusterContext, actor: Actor, postId: string, patch: Partial<PostInput>): Promise<Post> {
    const post = await this.get(cluster, postId);
    this.requireOwnerOrCoordinator(actor, post);
    if (post.status !== 'open') throw new DomainError('barter.errors.notOpen', { id: post.id });
    const changes: BarterPatch = {};
    if (patch.kind !== undefined && patch.kind !== post.kind) changes.kind = patch.kind;
    if (patch.title !== undefined && patch.title.trim() !== post.title) changes.title = patch.title.trim();
    if (patch.description !== undefined && patch.description.trim() !== post.description) changes.description = patch.description.trim();
    if (patch.exchange !== undefined && patch.exchange !== post.exchange) changes.exchange = patch.exchange;
    if (patch.place !== undefined && normalizePlace(patch.place) !== post.place) changes.place = normalizePlace(patch.place);
    if (patch.until !== undefined) {
      const until = this.parseUntil(cluster, patch.until);
      if (until.getTime() !== post.availableUntil.getTime()) changes.availableUntil = until;
    }
    if (Object.keys(changes).length === 0) throw new DomainError('barter.errors.nothingToChange');
    return this.revise(cluster, actor, post, changes, 'barter.edited');
  }

  /** Pushes an open post's date out by the default period (the Extend button of the expiry notice). */
  async extend(cluster: ClusterContext, actor: Actor, postId: string): Promise<Post> {
    const post = await this.get(cluster, postId);
    this.requireOwnerOrCoordinator(actor, post);
    if (post.status !== 'open') throw new DomainError('barter.errors.notOpen', { id: post.id });
    const next = this.extendedUntil(cluster, post);
    if (!next) throw new DomainError('barter.errors.cannotExtend', { count: cluster.settings.barterMaxDays });
    return this.revise(cluster, actor, post, { availableUntil: next }, 'barter.extended');
  }

  /** The date Extend would move a post to: the default period on, within the longest allowed; none when that gains nothing. */
  private extendedUntil(cluster: ClusterContext, post: Post): Date | undefined {
    const now = DateTime.fromJSDate(this.now(), { zone: cluster.timeZone });
    const from = DateTime.max(now, DateTime.fromJSDate(post.availableUntil, { zone: cluster.timeZone }));
    const cap = now.plus({ days: cluster.settings.barterMaxDays }).endOf('day');
    const next = DateTime.min(from.plus({ days: cluster.settings.barterDefaultDays }).endOf('day'), cap).toJSDate();
    return next.getTime() > post.availableUntil.getTime() ? next : undefined;
  }

  private async revise(cluster: ClusterContext, actor: Actor, post: Post, changes: BarterPatch, action: AuditAction): Promise<Post> {
    const now = this.now();
    const updated = await this.db.transaction(async (tx) => {
      const previous = Object.fromEntries(Object.keys(changes).map((k) => [k, post[k as keyof BarterPatch]]));
      await tx.barter.addRevision(post.id, previous, now);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action, subjectType: 'barterPost', subjectId: post.id, details: { fields: Object.keys(changes) } });
      return tx.barter.update(post.id, changes);
    });
    await this.refreshCard(cluster, updated);
    return updated;
  }

  revisions(postId: string) {
    return this.db.barter.revisions(postId);
  }


  // ── reading ────────────────────────────────────────────────────────────────────────────────

  /** Open posts, newest first, filtered and cut into pages. */
  async list(cluster: ClusterContext, filter: ListFilter, page: number): Promise<{ items: (Post & { orgName: string; responses: number })[]; page: number; pages: number; total: number }> {
    let rows = await this.db.barter.list(cluster.id, { status: 'open', ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.type ? { type: filter.type } : {}) });
    if (filter.place?.trim()) {
      const wanted = normalizePlace(filter.place);
      rows = rows.filter((p) => p.place === REMOTE || wanted === REMOTE || fold(p.place).includes(fold(wanted)));
    }
    if (filter.text?.trim()) {
      const wanted = fold(filter.text);
      rows = rows.filter((p) => fold(`${p.title}\n${p.description}`).includes(wanted));
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const current = Math.min(Math.max(1, page), pages);
    const slice = rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
    return { items: await this.decorate(slice), page: current, pages, total: rows.length };
  }

  /** The caller's organisation's posts, every status, newest first. */
  async mine(cluster: ClusterContext, actor: Actor) {
    const memberId = requireMember(actor, 'representative');
    return this.decorate(await this.db.barter.list(cluster.id, { memberId, take: 25 }));
  }

  private async decorate(rows: Post[]) {
    const [members, counts] = await Promise.all([
      this.db.barter.membersByIds([...new Set(rows.map((r) => r.memberId))]),
      this.db.barter.countResponsesFor(rows.map((r) => r.id)),
    ]);
    const names = new Map(members.map((m) => [m.id, m.name]));
    return rows.map((r) => ({ ...r, orgName: names.get(r.memberId) ?? '?', responses: counts.get(r.id) ?? 0 }));
  }

  // ── scheduled duties (called by the jobs, which make each message exactly-once) ───────────

  /** Open posts whose date falls before `until`: the expiry job's worklist. */
  endingBefore(cluster: ClusterContext, until: Date) {
    return this.db.barter.openEndingBefore(cluster.id, until);
  }

  /** Closes a post whose date has passed; false if someone closed it first. */
  async expire(cluster: ClusterContext, postId: string, now: Date): Promise<boolean> {
    const closed = await this.db.barter.closeIfOpen(postId, { status: 'expired', closedAt: now });
    if (closed) {
      await this.db.audit.record({ clusterId: cluster.id, actorPersonId: null, action: 'barter.closed.expired', subjectType: 'barterPost', subjectId: postId });
      const post = await this.db.barter.byId(postId);
      if (post) await this.refreshCard(cluster, post);
    }
    return closed;
  }

  createdBetween(cluster: ClusterContext, from: Date, to: Date) {
    return this.db.barter.createdBetween(cluster.id, from, to);
  }

  /** Until: a date in the cluster's time zone (end of that day) or a number of days; default and cap from settings. */
  parseUntil(cluster: ClusterContext, text: string | undefined): Date {
    const zone = cluster.timeZone;
    const now = DateTime.fromJSDate(this.now(), { zone });
    const { barterDefaultDays, barterMaxDays } = cluster.settings;
    if (text === undefined || text.trim() === '') return now.plus({ days: barterDefaultDays }).endOf('day').toJSDate();
    const value = text.trim();
    let date: DateTime | undefined;
    if (/^\d{1,3}$/.test(value)) date = now.plus({ days: Number(value) }).endOf('day');
    // The dates every command reads (src/core/input.ts); a bare number is a count of days here.
    else if (isDateText(value)) date = readDate(value, zone, 'until').endOf('day');
    if (!date) throw new DomainError('barter.errors.untilInvalid', { value }, { until: 'barter.errors.untilInvalidField' });
    if (date <= now) throw new DomainError('barter.errors.untilPast', { value }, { until: 'barter.errors.untilPastField' });
    if (date.startOf('day') > now.plus({ days: barterMaxDays })) {
      throw new DomainError('barter.errors.untilTooLate', { count: barterMaxDays }, { until: 'barter.errors.untilTooLateField' });
    }
    return date.toJSDate();
  }
}
