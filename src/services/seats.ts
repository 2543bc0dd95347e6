import { randomUUID } from 'node:crypto';
import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { userText } from '../core/text.ts';
import { attendButtons } from './engagement.ts';
import { overseesGroups } from './meetings.ts';
import type { CalendarService } from './calendar.ts';
import type { ClusterService } from './clusters.ts';
import type { DeliveryService } from './deliveries.ts';
import type { NotificationService } from './notifications.ts';

type MeetingRow = NonNullable<Awaited<ReturnType<Database['meetings']['byId']>>>;
type ResponseRow = Awaited<ReturnType<Database['seats']['responses']>>[number];

export type SeatStatus = 'seated' | 'waiting' | 'no';

export interface SeatAnswer {
  meeting: MeetingRow;
  status: SeatStatus;
  /** Place in line (1 = next to get a seat) while waiting. */
  position?: number;
}

/** The delivery ledger's kind of a promotion notice; its key names the meeting and the organisation. */
const PROMOTED = 'meeting.seat';
const promotionKey = (meetingId: string, memberId: string) => `seat-promoted:${meetingId}:${memberId}:${randomUUID()}`;

const seated = (r: ResponseRow) => r.answer === 'yes' && r.waitlistPosition === null;
const waiting = (r: ResponseRow) => r.answer === 'yes' && r.waitlistPosition !== null;

/**
 * Seats at meetings with a limited number of places (trainings, study visits): an organisation's
 * "yes" takes a seat while there is one, and otherwise joins the waitlist in order; a seat given
 * up goes to the first in line, who is told and may still decline. Without a capacity a "yes" is
 * just a yes.
 */
export class SeatService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
    private readonly clusters: ClusterService,
    private readonly now: () => Date,
    private readonly calendar?: CalendarService,
  ) {}

  /** Attend / not attend, answered for the organisation the person speaks for. */
  async respond(cluster: ClusterContext, actor: Actor, meetingId: string, answer: 'yes' | 'no'): Promise<SeatAnswer> {
    if (!actor.member) throw new DomainError('activity.errors.noOrganisation');
    const memberId = actor.member.id;
    const meeting = await this.db.meetings.byId(meetingId);
    if (!meeting || meeting.clusterId !== cluster.id || meeting.cancelledAt) throw new DomainError('meetings.errors.notFound', { id: meetingId });
    if (meeting.startsAt.getTime() <= this.now().getTime()) throw new DomainError('meetings.errors.alreadyHeld', { title: meeting.title });
    const capacity = meeting.capacity;
    if (capacity === null) {
      await this.db.meetings.respond(meeting.id, memberId, actor.personId, answer);
      return { meeting, status: answer === 'yes' ? 'seated' : 'no' };
    }
    const { result, promoted } = await this.db.transaction(async (tx) => {
      // Everything below reads what the seat change before it wrote (see SeatStore.lockMeeting).
      await tx.seats.lockMeeting(meeting.id);
      const rows = await tx.seats.responses(meeting.id);
      const mine = rows.find((r) => r.memberId === memberId);
      const others = rows.filter((r) => r.memberId !== memberId);
      const line = others.filter(waiting);
      if (answer === 'yes') {
        if (mine && seated(mine)) return { result: { meeting, status: 'seated' as const }, promoted: [] };
        if (mine && waiting(mine)) return { result: { meeting, status: 'waiting' as const, position: line.filter((r) => r.waitlistPosition! < mine.waitlistPosition!).length + 1 }, promoted: [] };
        // Those already in line go first, even when a seat is free for a moment.
        if (others.filter(seated).length < capacity && line.length === 0) {
          await tx.seats.set(meeting.id, memberId, actor.personId, 'yes', null);
          return { result: { meeting, status: 'seated' as const }, promoted: [] };
        }
        const last = Math.max(0, ...line.map((r) => r.waitlistPosition!));
        await tx.seats.set(meeting.id, memberId, actor.personId, 'yes', last + 1);
        return { result: { meeting, status: 'waiting' as const, position: line.length + 1 }, promoted: [] };
      }
      await tx.seats.set(meeting.id, memberId, actor.personId, 'no', null);
      const free = capacity - others.filter(seated).length;
      const next = line.slice(0, Math.max(0, free));
      const owed: { key: string; memberId: string }[] = [];
      for (const r of next) {
        await tx.seats.seat(meeting.id, r.memberId);
        // The notice is owed with the seat, in the same commit: neither is there without the other.
        const key = promotionKey(meeting.id, r.memberId);
        await this.deliveries.owe(tx, cluster.id, key, PROMOTED);
        owed.push({ key, memberId: r.memberId });
      }
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'meeting.seatReleased', subjectType: 'meeting', subjectId: meeting.id, details: { promoted: next.map((r) => r.memberId) } });
      return { result: { meeting, status: 'no' as const }, promoted: owed };
    });
    for (const { key, memberId } of promoted) await this.deliveries.sendOwed(key, PROMOTED, () => this.tellPromoted(cluster, meeting, memberId));
    return result;
  }

  /**
   * Promotion notices whose sender died between the seat's commit and the message (a restart):
   * sent now, once, if the organisation still holds the seat of a meeting still ahead.
   */
  async finishPromotions(): Promise<number> {
    let told = 0;
    for (const owed of await this.deliveries.abandoned(PROMOTED)) {
      const [, meetingId = '', memberId = ''] = owed.key.split(':');
      const sent = await this.deliveries.once(owed.clusterId, owed.key, PROMOTED, async () => {
        const meeting = await this.db.meetings.byId(meetingId);
        if (!meeting || meeting.cancelledAt || meeting.startsAt.getTime() <= this.now().getTime()) return;
        const mine = (await this.db.seats.responses(meeting.id)).find((r) => r.memberId === memberId);
        if (!mine || !seated(mine)) return;
        await this.tellPromoted(await this.clusters.byId(owed.clusterId), meeting, memberId);
      });
      if (sent) told++;
    }
    return told;
  }

  /** The organisation given a freed seat hears of it from the bot, with the buttons to decline. */
  private async tellPromoted(cluster: ClusterContext, meeting: MeetingRow, memberId: string): Promise<void> {
    const [member] = await this.db.meetings.membersByIds([memberId]);
    const group = await this.calendar?.groupName(meeting);
    for (const { person } of await this.db.meetings.representativesOf([memberId])) {
      await this.notifications.toPerson(
        meeting.clusterId,
        person.id,
        ({ t, dateTime }) => ({
          title: t('seats.promoted.title', { title: userText(meeting.title) }),
          text: [t('seats.promoted.text', { org: userText(member?.name ?? ''), title: userText(meeting.title), when: dateTime(meeting.startsAt) }), t('seats.promoted.decline')].join('\n'),
          buttons: attendButtons(t, meeting.id),
          ...(this.calendar ? { attachments: [this.calendar.file(cluster, meeting, t, group)] } : {}),
          tone: 'success',
        }),
        'meeting.seat',
      );
    }
  }

  /** Seats taken and the line, for a meeting with a capacity (null without one). */
  async summary(meetingId: string): Promise<{ capacity: number; seated: number; waiting: number } | null> {
    const meeting = await this.db.meetings.byId(meetingId);
    if (!meeting || meeting.capacity === null) return null;
    const rows = await this.db.seats.responses(meetingId);
    return { capacity: meeting.capacity, seated: rows.filter(seated).length, waiting: rows.filter(waiting).length };
  }

  /** Both lists, for whoever organises the meeting: its author, the coordinator, a group's leader or the team. */
  async lists(cluster: ClusterContext, actor: Actor, meetingId: string) {
    const meeting = await this.db.meetings.byId(meetingId.trim());
    if (!meeting || meeting.clusterId !== cluster.id || meeting.cancelledAt) throw new DomainError('meetings.errors.notFound', { id: meetingId });
    const allowed =
      actor.roles.has('coordinator') || meeting.createdByPersonId === actor.personId || (meeting.kind === 'group' && (overseesGroups(actor) || actor.leads.includes(meeting.groupId ?? '')));
    if (!allowed) throw new DomainError('seats.errors.notOrganiser');
    const rows = await this.db.seats.responses(meeting.id);
    const names = new Map((await this.db.meetings.membersByIds(rows.map((r) => r.memberId))).map((m) => [m.id, m.name]));
    const name = (r: ResponseRow) => names.get(r.memberId) ?? '—';
    return {
      meeting,
      seated: rows.filter(seated).map(name).sort((a, b) => a.localeCompare(b, 'pl')),
      // In line order: the first is the next to get a seat.
      waiting: rows.filter(waiting).sort((a, b) => a.waitlistPosition! - b.waitlistPosition!).map(name),
      declined: rows.filter((r) => r.answer === 'no').length,
    };
  }
}
