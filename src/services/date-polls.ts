import type { Database } from '../db/index.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import { userText } from '../core/text.ts';
import type { Button, Reply } from '../core/reply.ts';
import type { DatePollAnswer, MeetingKind } from '../core/vocabulary.ts';
import type { CalendarService } from './calendar.ts';
import type { DeliveryService } from './deliveries.ts';
import { attendButtons } from './engagement.ts';
import { overseesGroups, type MeetingService } from './meetings.ts';
import type { MessageTools, NotificationService } from './notifications.ts';

/** A date poll offers at least two slots (one is no question) and at most ten (what fits a card and a form). */
export const DATE_POLL_SLOTS = { min: 2, max: 10 } as const;

type PollRow = NonNullable<Awaited<ReturnType<Database['datePolls']['byId']>>>;
type SlotRow = Awaited<ReturnType<Database['datePolls']['slots']>>[number];

export interface RankedSlot {
  slot: SlotRow;
  yes: number;
  maybe: number;
  no: number;
  past: boolean;
}

export interface Ranking {
  poll: PollRow;
  /** Most "yes" first, then fewest "no", then the earlier slot. */
  slots: RankedSlot[];
  /** The first slot of the ranking still ahead: what the one-press schedule takes. */
  best: RankedSlot | undefined;
  audience: number;
  answered: number;
}

/**
 * "When can you?": before a meeting is scheduled, its organiser (the coordinator, or a group's
 * leader for the group) proposes slots to the meeting's audience; each person marks each slot yes,
 * if need be, or no; the organiser schedules the meeting from the best slot with one press, which
 * closes the poll and tells everyone. Those who have not answered are reminded once.
 */
export class DatePollService {
  constructor(
    private readonly db: Database,
    private readonly meetings: MeetingService,
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
    private readonly now: () => Date,
    private readonly calendar?: CalendarService,
  ) {}

  async propose(cluster: ClusterContext, actor: Actor, input: { kind: MeetingKind; group?: string | undefined; title?: string | undefined; place: string; slots: Date[] }, defaultTitle: (kind: MeetingKind, groupName?: string) => string) {
    const group = await this.meetings.organisedGroup(cluster, actor, input.kind, input.group);
    const { slots } = input;
    if (slots.length < DATE_POLL_SLOTS.min || slots.length > DATE_POLL_SLOTS.max) {
      throw new DomainError('datePolls.errors.slotCount', { count: slots.length, ...DATE_POLL_SLOTS }, { slots: 'datePolls.errors.slotCountField' });
    }
    const now = this.now().getTime();
    slots.forEach((at, i) => {
      if (at.getTime() <= now) throw new DomainError('datePolls.errors.slotPast', { number: i + 1, when: at }, { slots: 'datePolls.errors.slotPastField' });
      const first = slots.findIndex((other) => other.getTime() === at.getTime());
      if (first !== i) throw new DomainError('datePolls.errors.slotTwice', { number: i + 1, first: first + 1 }, { slots: 'datePolls.errors.slotTwiceField' });
    });
    const poll = await this.db.createAudited((tx) => tx.datePolls.create({
      clusterId: cluster.id,
      kind: input.kind,
      groupId: group?.id ?? null,
      title: input.title?.trim() || defaultTitle(input.kind, group?.name),
      place: input.place.trim(),
      createdByPersonId: actor.personId,
      createdAt: this.now(),
      slots,
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'datePoll.created', subjectType: 'datePoll', subjectId: created.id, details: { kind: input.kind, slots: slots.length } }));
    const told = await this.announce(cluster, poll);
    return { poll, told };
  }

  /** Each person in the audience privately, once (the schedule repeats it after a crash). */
  private async announce(cluster: ClusterContext, poll: PollRow): Promise<number> {
    const slots = await this.db.datePolls.slots(poll.id);
    let told = 0;
    for (const personId of await this.audience(cluster, poll)) {
      const sent = await this.deliveries.once(poll.clusterId, `datepoll.opened:${poll.id}:${personId}`, 'datepoll.opened', () =>
        this.notifications.toPerson(poll.clusterId, personId, (tools) => pollNotice(poll, slots, tools, 'datePolls.notice.title'), 'datepoll.opened'),
      );
      if (sent) told++;
    }
    return told;
  }

  private audience(cluster: ClusterContext, poll: PollRow): Promise<string[]> {
    return this.meetings.audience(cluster, poll);
  }

  async get(cluster: ClusterContext, pollId: string) {
    const poll = await this.db.datePolls.byId(pollId);
    if (!poll || poll.clusterId !== cluster.id) throw new DomainError('datePolls.errors.notFound');
    return poll;
  }

  /** The person's ballot at slot `index`: the slot, how many there are, and what they answered so far. */
  async ballot(cluster: ClusterContext, actor: Actor, pollId: string, index: number) {
    const poll = await this.get(cluster, pollId);
    await this.assertMayAnswer(cluster, actor, poll);
    const slots = await this.db.datePolls.slots(poll.id);
    const mine = new Map((await this.db.datePolls.answers(poll.id)).filter((a) => a.personId === actor.personId).map((a) => [a.slotId, a.answer]));
    // Past the last slot: the person has gone through them all.
    return { poll, slots, index: Math.max(0, index), mine };
  }

  /** Marks one slot; the answer can be changed until the meeting is scheduled. */
  async answer(cluster: ClusterContext, actor: Actor, pollId: string, index: number, answer: DatePollAnswer) {
    const poll = await this.get(cluster, pollId);
    await this.assertMayAnswer(cluster, actor, poll);
    const slots = await this.db.datePolls.slots(poll.id);
    const slot = slots[index];
    if (!slot) throw new DomainError('datePolls.errors.notFound');
    await this.db.datePolls.answer(poll.id, slot.id, actor.personId, answer);
    return this.ballot(cluster, actor, pollId, index + 1);
  }

  private async assertMayAnswer(cluster: ClusterContext, actor: Actor, poll: PollRow): Promise<void> {
    if (poll.status !== 'open') throw new DomainError('datePolls.errors.closed', { title: poll.title });
    if (!(await this.audience(cluster, poll)).includes(actor.personId)) throw new DomainError('datePolls.errors.notInAudience', { title: poll.title });
  }

  private mayOrganise(actor: Actor, poll: PollRow): boolean {
    return actor.roles.has('coordinator') || poll.createdByPersonId === actor.personId || (poll.kind === 'group' && (overseesGroups(actor) || actor.leads.includes(poll.groupId ?? '')));
  }

  /** The organiser's view: the slots ranked, and how many of the audience answered. */
  async ranking(cluster: ClusterContext, actor: Actor, pollId: string): Promise<Ranking> {
    const poll = await this.get(cluster, pollId);
    if (!this.mayOrganise(actor, poll)) throw new DomainError('datePolls.errors.notOrganiser');
    const [slots, answers, audience] = await Promise.all([this.db.datePolls.slots(poll.id), this.db.datePolls.answers(poll.id), this.audience(cluster, poll)]);
    const now = this.now().getTime();
    const ranked = slots.map((slot) => {
      const mine = answers.filter((a) => a.slotId === slot.id);
      const count = (answer: DatePollAnswer) => mine.filter((a) => a.answer === answer).length;
      return { slot, yes: count('yes'), maybe: count('maybe'), no: count('no'), past: slot.startsAt.getTime() <= now };
    });
    ranked.sort((a, b) => b.yes - a.yes || a.no - b.no || a.slot.startsAt.getTime() - b.slot.startsAt.getTime());
    const people = new Set(audience);
    return { poll, slots: ranked, best: ranked.find((r) => !r.past), audience: people.size, answered: new Set(answers.filter((a) => people.has(a.personId)).map((a) => a.personId)).size };
  }

  /**
   * Schedules the meeting from a slot through the meeting service (so everything a scheduled
   * meeting gets, it gets), closes the poll and tells everyone. Two presses schedule it once.
   */
  async schedule(cluster: ClusterContext, actor: Actor, pollId: string, slotId: string, defaultTitle: (kind: MeetingKind, groupName?: string) => string) {
    const poll = await this.get(cluster, pollId);
    if (!this.mayOrganise(actor, poll)) throw new DomainError('datePolls.errors.notOrganiser');
    const slot = (await this.db.datePolls.slots(poll.id)).find((s) => s.id === slotId);
    if (!slot) throw new DomainError('datePolls.errors.notFound');
    if (!(await this.db.datePolls.claimForScheduling(poll.id, this.now()))) throw new DomainError('datePolls.errors.closed', { title: poll.title });
    let meeting;
    try {
      meeting = await this.meetings.scheduleAs(cluster, actor, { kind: poll.kind, group: poll.groupId ?? undefined, title: poll.title, place: poll.place, startsAt: slot.startsAt }, defaultTitle);
    } catch (error) {
      await this.db.datePolls.reopen(poll.id);
      throw error;
    }
    await this.db.datePolls.setMeeting(poll.id, meeting.id);
    await this.db.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'datePoll.scheduled', subjectType: 'datePoll', subjectId: poll.id, details: { meetingId: meeting.id } });
    const told = await this.tellScheduled(cluster, { ...poll, meetingId: meeting.id });
    return { poll, meeting, told };
  }

  /** Everyone asked hears the chosen date, with the buttons to say whether they will come; once each. */
  private async tellScheduled(cluster: ClusterContext, poll: PollRow): Promise<number> {
    const meeting = poll.meetingId ? await this.meetings.get(poll.meetingId) : null;
    if (!meeting) return 0;
    const group = await this.calendar?.groupName(meeting);
    let told = 0;
    for (const personId of await this.audience(cluster, poll)) {
      const sent = await this.deliveries.once(poll.clusterId, `datepoll.scheduled:${poll.id}:${personId}`, 'datepoll.scheduled', () =>
        this.notifications.toPerson(
          poll.clusterId,
          personId,
          ({ t, dateTime }) => ({
            title: t('datePolls.scheduled.title', { title: userText(meeting.title) }),
            text: [
              t('datePolls.scheduled.text', { when: dateTime(meeting.startsAt) }),
              meeting.place ? t('meetings.fields.place', { place: userText(meeting.place) }) : '',
              t('datePolls.scheduled.ask'),
            ]
              .filter(Boolean)
              .join('\n'),
            buttons: attendButtons(t, meeting.id),
            // The date goes straight into the person's calendar, as every announced meeting does.
            ...(this.calendar ? { attachments: [this.calendar.file(cluster, meeting, t, group)] } : {}),
            tone: 'success',
          }),
          'datepoll.scheduled',
        ),
      );
      if (sent) told++;
    }
    return told;
  }

  /**
   * The schedule's part: opening notices and "date chosen" messages a crash left unsent, and the
   * one reminder to those who have not answered, `datePollReminderHours` after the poll opened.
   */
  async runSchedule(cluster: ClusterContext, now: Date): Promise<number> {
    let reminded = 0;
    for (const poll of await this.db.datePolls.open(cluster.id)) {
      await this.announce(cluster, poll);
      if (now.getTime() < poll.createdAt.getTime() + cluster.settings.datePollReminderHours * 3600_000) continue;
      const answered = new Set((await this.db.datePolls.answers(poll.id)).map((a) => a.personId));
      const slots = await this.db.datePolls.slots(poll.id);
      for (const personId of await this.audience(cluster, poll)) {
        if (answered.has(personId)) continue;
        const sent = await this.deliveries.once(poll.clusterId, `datepoll.reminder:${poll.id}:${personId}`, 'datepoll.reminder', () =>
          this.notifications.toPerson(poll.clusterId, personId, (tools) => pollNotice(poll, slots, tools, 'datePolls.reminder.title'), 'datepoll.reminder'),
        );
        if (sent) reminded++;
      }
    }
    for (const poll of await this.db.datePolls.scheduledSince(new Date(now.getTime() - 7 * 24 * 3600_000))) {
      if (poll.clusterId === cluster.id) await this.tellScheduled(cluster, poll);
    }
    return reminded;
  }
}

/** The notice (and the reminder): the slots proposed, and the button that opens the person's ballot. */
function pollNotice(poll: PollRow, slots: SlotRow[], { t, dateTime }: MessageTools, title: 'datePolls.notice.title' | 'datePolls.reminder.title'): Reply {
  return {
    title: t(title, { title: userText(poll.title) }),
    text: [
      t(`meetings.kinds.${poll.kind}`),
      poll.place ? t('meetings.fields.place', { place: userText(poll.place) }) : '',
      t('datePolls.notice.slots'),
      ...slots.map((s, i) => `${i + 1}. ${dateTime(s.startsAt)}`),
      t('datePolls.notice.how'),
    ]
      .filter(Boolean)
      .join('\n'),
    buttons: [ballotButton(poll.id, t)],
    tone: 'info',
  };
}

export function ballotButton(pollId: string, t: MessageTools['t']): Button {
  return { label: t('datePolls.buttons.mark'), action: { command: 'meeting', action: 'dates', args: [pollId] }, style: 'primary' };
}
