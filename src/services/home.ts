import { DateTime } from 'luxon';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { isActiveMember } from '../core/actor.ts';
import type { TranslationKey } from '../core/i18n.ts';
import { allows } from '../core/permissions.ts';
import type { Button, Field, Reply } from '../core/reply.ts';
import { formatMoney } from '../core/money.ts';
import { userText } from '../core/text.ts';
import type { Database } from '../db/index.ts';
import type { AdmissionService } from './admission.ts';
import type { AppealService } from './appeals.ts';
import type { FeeService } from './fees.ts';
import { appealItems, feeItems, type AppealItem, type FeeItem } from './home-items.ts';
import { appealAgainstKey } from './appeals.ts';
import { stepFor, type AdmissionStep } from './admission-steps.ts';
import { placesOverlap } from './barter.ts';
import { ballotButton } from './date-polls.ts';
import { attendButtons } from './engagement.ts';
import { votesAtAll, type GovernanceService } from './governance.ts';
import { dueDate } from './governance/task-messages.ts';
import type { MeetingService } from './meetings.ts';
import type { OpportunityService } from './market-opportunities.ts';
import type { MessageTools } from './notifications.ts';
import type { PollService } from './polls.ts';

/**
 * One line of "what needs me": something that waits for this person to act, with what it is about
 * and the ids the action's own button needs. The kinds in the order home shows them.
 */
export type HomeItem =
  | { kind: 'application'; id: string; title: string; step: AdmissionStep; due: Date }
  | AppealItem
  | { kind: 'ballot'; id: string; title: string; forMember: { id: string; name: string }; proxy: boolean; due: Date }
  | { kind: 'poll'; id: string; title: string; due: Date }
  | { kind: 'datePoll'; id: string; title: string }
  | { kind: 'rsvp'; id: string; title: string; startsAt: Date }
  | { kind: 'task'; id: string; title: string; due: Date; overdue: boolean }
  | FeeItem
  | { kind: 'opportunity'; id: string; title: string; due: Date }
  | { kind: 'booking'; id: string; title: string; org: string; startsAt: Date }
  | { kind: 'barterAnswers'; id: string; title: string; count: number }
  | { kind: 'barterRequest'; id: string; title: string; org: string; due: Date };

export type HomeKind = HomeItem['kind'];

export const HOME_KINDS = ['application', 'appeal', 'ballot', 'poll', 'datePoll', 'rsvp', 'task', 'fee', 'opportunity', 'booking', 'barterAnswers', 'barterRequest'] as const satisfies readonly HomeKind[];

/**
 * "What needs me": for one person in one cluster, what waits for them across the cluster's areas:
 * admission steps that are theirs to take, appeals the Coordinating Team decides, ballots their organisation has not cast, polls and date
 * polls they have not answered, meetings their organisation has not answered, motion tasks they
 * own, the organisation's unpaid fee near or past its due date, and barter posts (their own with responses, others' requests they could answer). It only
 * reads; each area's own rules say what is the person's (stepFor, the poll's audience, the ballot).
 */
export class HomeService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly admission: AdmissionService,
    private readonly governance: GovernanceService,
    private readonly polls: PollService,
    private readonly meetings: MeetingService,
    private readonly market: OpportunityService,
    private readonly fees: FeeService,
    private readonly appeals: AppealService,
  ) {}

  async pending(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    const parts = await Promise.all([
      this.applications(cluster, actor),
      appealItems(this.appeals, cluster, actor),
      this.ballots(cluster, actor),
      this.openPolls(cluster, actor),
      this.datePolls(cluster, actor),
      this.rsvps(cluster, actor),
      this.tasks(cluster, actor),
      feeItems(this.fees, cluster, actor, this.now()),
      this.opportunities(cluster, actor),
      this.bookings(cluster, actor),
      this.barter(cluster, actor),
    ]);
    return parts.flat();
  }

  /** Open applications whose next step is this person's (the coordinator's steps, the team's decision). */
  private async applications(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    if (!allows('coordinatingTeam', actor)) return [];
    const now = this.now();
    const open = await this.db.applications.listOpen(cluster.id);
    return open.flatMap((app) => {
      const step = stepFor(app, actor, now);
      return step ? [{ kind: 'application' as const, id: app.id, title: app.orgName, step, due: this.admission.deadline(cluster, app) }] : [];
    });
  }

  /** Open ballots the person may cast (their organisation's, and those they hold a proxy for) and nobody cast yet. */
  private async ballots(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    if (!votesAtAll(actor, cluster.settings)) return [];
    const now = this.now().getTime();
    const entries = await this.governance.ballots(cluster, actor);
    return entries
      .filter((e) => e.eligible && !e.voted && e.motion.opensAt.getTime() <= now)
      .sort((a, b) => a.motion.closesAt.getTime() - b.motion.closesAt.getTime())
      .map((e) => ({ kind: 'ballot' as const, id: e.motion.id, title: e.motion.title, forMember: e.forMember, proxy: e.proxy, due: e.motion.closesAt }));
  }

  private async openPolls(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    return (await this.polls.awaiting(cluster, actor)).map((p) => ({ kind: 'poll' as const, id: p.id, title: p.question, due: p.deadline }));
  }

  /**
   * Open date polls the person is asked in and has not marked a single slot of. A poll whose every
   * proposed date has passed asks nothing of anyone any more: marking a past date helps no one.
   */
  private async datePolls(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    const open = await this.db.datePolls.open(cluster.id);
    const ids = open.map((p) => p.id);
    const [answered, ahead] = await Promise.all([this.db.datePolls.answeredBy(ids, actor.personId), this.db.datePolls.withSlotAfter(ids, this.now())]);
    const items: HomeItem[] = [];
    for (const poll of open) {
      if (answered.has(poll.id) || !ahead.has(poll.id)) continue;
      if ((await this.meetings.audience(cluster, poll)).includes(actor.personId)) items.push({ kind: 'datePoll', id: poll.id, title: poll.title });
    }
    return items;
  }

  /**
   * Upcoming meetings the organisation is invited to and has not answered. An organisation's
   * invitations, not the person's oversight: a coordinator who also represents one is not asked
   * about every group's meeting.
   */
  private async rsvps(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    if (!isActiveMember(actor)) return [];
    const invited = await this.meetings.invites({ ...actor, roles: new Set(), leads: [] });
    const upcoming = (await this.meetings.list(cluster.id, { from: this.now() })).filter(invited).slice(0, MAX_PER_KIND);
    const answered = await this.db.meetings.answeredBy(
      upcoming.map((m) => m.id),
      actor.member!.id,
    );
    return upcoming.filter((m) => !answered.has(m.id)).map((m) => ({ kind: 'rsvp' as const, id: m.id, title: m.title, startsAt: m.startsAt }));
  }

  /** A passed motion's open tasks that are the person's, their organisation's or their group's. */
  private async tasks(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    const today = DateTime.fromJSDate(this.now(), { zone: cluster.timeZone }).startOf('day').toJSDate();
    const tasks = (await this.db.tasks.active(cluster.id)).filter((t) => t.activatedAt && this.governance.tasks.owns(actor, t));
    return tasks.map((t) => {
      const due = dueDate(t, cluster.timeZone);
      return { kind: 'task' as const, id: t.id, title: t.title, due, overdue: due.getTime() < today.getTime() };
    });
  }

  /**
   * Open market opportunities that fit the organisation's sectors or offers (the rule of
   * /opportunity list, whoever else the person is), before their deadline, not declared on yet.
   */
  private async opportunities(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    if (!isActiveMember(actor)) return [];
    const memberId = actor.member!.id;
    const now = this.now().getTime();
    const { items } = await this.market.list(cluster, { ...actor, roles: new Set() }, false);
    const open = items.filter((o) => o.status === 'open' && o.memberId !== memberId && o.deadline.getTime() > now);
    const declared = await this.db.market.declaredBy(
      open.map((o) => o.id),
      memberId,
    );
    return open.filter((o) => !declared.has(o.id)).map((o) => ({ kind: 'opportunity' as const, id: o.id, title: o.title, due: o.deadline }));
  }

  /** Bookings of the organisation's shared equipment and spaces that wait for its approval. */
  private async bookings(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    if (!isActiveMember(actor)) return [];
    const waiting = await this.db.resources.awaitingOwner(cluster.id, actor.member!.id, this.now());
    if (waiting.length === 0) return [];
    const names = new Map((await this.db.barter.membersByIds([...new Set(waiting.map((w) => w.booking.memberId))])).map((m) => [m.id, m.name]));
    return waiting.map(({ booking, resourceName }) => ({ kind: 'booking' as const, id: booking.id, title: resourceName, org: names.get(booking.memberId) ?? '?', startsAt: booking.startsAt }));
  }

  /**
   * The organisation's open posts that others responded to (an exchange to close with one of
   * them), and open requests and quick help of others that one of its open offers fits (same
   * kind, overlapping place), not yet responded to. One read of the open posts serves both.
   */
  private async barter(cluster: ClusterContext, actor: Actor): Promise<HomeItem[]> {
    if (!isActiveMember(actor)) return [];
    const memberId = actor.member!.id;
    const open = await this.db.barter.list(cluster.id, { status: 'open' });
    const own = open.filter((p) => p.memberId === memberId);
    const offers = own.filter((p) => p.type === 'offer');
    const now = this.now().getTime();
    // A request past its date waits only for the expiry job to close it.
    const fitting = open.filter(
      (p) => p.memberId !== memberId && p.type !== 'offer' && p.availableUntil.getTime() > now && offers.some((o) => o.kind === p.kind && placesOverlap(o.place, p.place)),
    );
    const [counts, responded, members] = await Promise.all([
      this.db.barter.countResponsesFor(own.map((p) => p.id)),
      this.db.barter.respondedBy(
        fitting.map((p) => p.id),
        memberId,
      ),
      fitting.length ? this.db.barter.membersByIds([...new Set(fitting.map((p) => p.memberId))]) : [],
    ]);
    const names = new Map(members.map((m) => [m.id, m.name]));
    return [
      ...own.filter((p) => counts.get(p.id)).map((p) => ({ kind: 'barterAnswers' as const, id: p.id, title: p.title, count: counts.get(p.id)! })),
      ...fitting
        .filter((p) => !responded.has(p.id))
        .sort((a, b) => a.availableUntil.getTime() - b.availableUntil.getTime())
        .map((p) => ({ kind: 'barterRequest' as const, id: p.id, title: p.title, org: names.get(p.memberId) ?? '?', due: p.availableUntil })),
    ];
  }
}

/** Lines a kind shows before "and N more"; its buttons stop there too. */
const MAX_PER_KIND = 10;
/** Discord's 25 buttons a message; Slack's Home tab takes them in actions blocks of 25. */
const MAX_BUTTONS = 25;
/** Slack's 75 characters a button (Discord's 80). */
const BUTTON_TEXT = 75;

type Tools = Pick<MessageTools, 't' | 'date' | 'dateTime' | 'locale'>;

function line(item: HomeItem, { t, date, dateTime, locale }: Tools): string {
  const title = userText(item.title);
  switch (item.kind) {
    case 'application':
      return t('home.lines.application', { org: title, step: t(`home.steps.${item.step}` as TranslationKey), due: date(item.due) });
    case 'appeal':
      return t('home.lines.appeal', { org: title, against: t(appealAgainstKey(item.against)), submitted: date(item.submitted) });
    case 'fee':
      return t(item.overdue ? 'home.lines.feeOverdue' : 'home.lines.fee', { year: String(item.year), amount: formatMoney(item.amount, locale), due: date(item.due) });
    case 'ballot':
      return t(item.proxy ? 'home.lines.ballotProxy' : 'home.lines.ballot', { title, org: userText(item.forMember.name), due: dateTime(item.due) });
    case 'poll':
      return t('home.lines.poll', { title, due: dateTime(item.due) });
    case 'datePoll':
      return t('home.lines.datePoll', { title });
    case 'rsvp':
      return t('home.lines.rsvp', { title, when: dateTime(item.startsAt) });
    case 'task':
      return t(item.overdue ? 'home.lines.taskOverdue' : 'home.lines.task', { title, due: date(item.due) });
    case 'opportunity':
      return t('home.lines.opportunity', { title, due: date(item.due) });
    case 'booking':
      return t('home.lines.booking', { title, org: userText(item.org), from: dateTime(item.startsAt) });
    case 'barterAnswers':
      return t('home.lines.barterAnswers', { title, count: item.count });
    case 'barterRequest':
      return t('home.lines.barterRequest', { title, org: userText(item.org), due: date(item.due) });
  }
}

/** The buttons of the flows themselves, so one press from home is the press on the original message. */
function buttons(item: HomeItem, t: Tools['t']): Button[] {
  const label = (key: TranslationKey, action: Button['action'], style: Button['style'] = 'primary'): Button => {
    const prefix = t(key);
    return { label: `${prefix}: ${item.title.slice(0, Math.max(10, BUTTON_TEXT - prefix.length - 2))}`, action, style };
  };
  switch (item.kind) {
    case 'application':
      return [label(`membership.steps.buttons.${item.step}` as TranslationKey, { command: 'applications', action: item.step, args: [item.id] })];
    case 'appeal':
      return [label('membership.steps.buttons.appeal', { command: 'appeal', action: 'decide', args: [item.id] })];
    case 'fee':
      return [label('fees.status.button', { command: 'fee', action: 'status' })];
    case 'ballot':
      return [label('home.buttons.ballot', { command: 'vote', action: 'open', args: [item.id, item.forMember.id] })];
    case 'poll':
      return [label('home.buttons.poll', { command: 'poll', action: 'open', args: [item.id] })];
    case 'datePoll':
      return [label('home.buttons.datePoll', ballotButton(item.id, t).action)];
    case 'rsvp': {
      const [yes, no] = attendButtons(t, item.id);
      return [label('home.buttons.attend', yes!.action, 'success'), label('home.buttons.notAttend', no!.action, 'secondary')];
    }
    case 'task':
      return [label('home.buttons.task', { command: 'motion', action: 'report', args: [item.id] })];
    case 'opportunity':
      return [label('home.buttons.opportunity', { command: 'opportunity', action: 'declare', args: [item.id] })];
    case 'booking':
      return [
        label('home.buttons.approve', { command: 'resource', action: 'approve', args: [item.id] }, 'success'),
        label('home.buttons.decline', { command: 'resource', action: 'decline', args: [item.id] }, 'danger'),
      ];
    case 'barterAnswers':
      return [label('home.buttons.barterAnswers', { command: 'barter', action: 'manage', args: [item.id] })];
    case 'barterRequest':
      return [label('home.buttons.barterRequest', { command: 'barter', action: 'respond', args: [item.id] })];
  }
}

/**
 * Home as one reply: how many things wait, a field per kind with a line each, and the button that
 * opens each one. The same reply is `/home` on every platform and Slack's Home tab.
 */
export function homeCard(items: HomeItem[], tools: Tools, at: Date): Reply {
  const { t } = tools;
  const fields: Field[] = [];
  const all: Button[] = [];
  for (const kind of HOME_KINDS) {
    const ofKind = items.filter((i) => i.kind === kind);
    if (!ofKind.length) continue;
    const shown = ofKind.slice(0, MAX_PER_KIND);
    const lines = shown.map((i) => `• ${line(i, tools)}`);
    if (ofKind.length > shown.length) lines.push(t('home.more', { count: ofKind.length - shown.length }));
    fields.push({ label: t(`home.kinds.${kind}` as TranslationKey), value: lines.join('\n') });
    all.push(...shown.flatMap((i) => buttons(i, t)));
  }
  return {
    title: t('home.title'),
    text: [items.length ? t('home.count', { count: items.length }) : t('home.nothing'), t('home.asOf', { at: tools.dateTime(at) })].join('\n'),
    fields,
    buttons: all.slice(0, MAX_BUTTONS),
    ...(all.length > MAX_BUTTONS ? { text: [t('home.count', { count: items.length }), t('home.tooMany', { count: MAX_BUTTONS }), t('home.asOf', { at: tools.dateTime(at) })].join('\n') } : {}),
  };
}
