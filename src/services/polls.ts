import { userText } from '../core/text.ts';
import { DateTime } from 'luxon';
import type { Actor, ClusterContext } from '../core/actor.ts';
import { isInGoodStanding } from '../core/vocabulary.ts';
import type { PollAudience } from '../core/vocabulary.ts';
import { DomainError } from '../core/errors.ts';
import { csvAttachment, type CsvCell } from '../core/csv.ts';
import type { Attachment, Button, Reply } from '../core/reply.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryService } from './deliveries.ts';
import type { MessageTools, NotificationService } from './notifications.ts';

/** How long before the deadline those who have not answered are reminded. */
export const POLL_REMINDER_HOURS = 24;

type PollRow = NonNullable<Awaited<ReturnType<Database['polls']['byId']>>>;

export interface PollResults {
  poll: PollRow;
  options: string[];
  counts: number[];
  respondents: number;
}

export function pollOptions(poll: Pick<PollRow, 'options'>): string[] {
  return JSON.parse(poll.options) as string[];
}

/** Coordinator polls: who may answer (the audience), one answer per person or organisation. */
export class PollService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly deliveries: DeliveryService,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
  ) {}

  async create(
    cluster: ClusterContext,
    actor: Actor,
    input: {
      question: string;
      options: string[];
      multiple: boolean;
      anonymous: boolean;
      audience: PollAudience;
      group?: string;
      perOrganisation: boolean;
      resultsLive: boolean;
      deadline: Date;
    },
  ) {
    const options = input.options.map((o) => o.trim()).filter(Boolean);
    if (options.length < 2 || options.length > 10) throw new DomainError('governance.poll.errors.optionCount', {}, { options: 'governance.poll.errors.optionCount' });
    if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) throw new DomainError('governance.errors.optionsDuplicate');
    if (input.deadline.getTime() <= this.now().getTime()) throw new DomainError('governance.poll.errors.deadlinePast', {}, { deadline: 'governance.poll.errors.deadlinePast' });
    let groupId: string | null = null;
    if (input.audience === 'group') {
      if (!input.group) throw new DomainError('governance.poll.errors.groupRequired', {}, { group: 'governance.poll.errors.groupRequired' });
      const group = await this.db.polls.group(cluster.id, input.group);
      if (!group) throw new DomainError('governance.poll.errors.groupNotFound', { group: input.group });
      groupId = group.id;
    }
    // The Coordinating Team is a set of people, not organisations.
    if (input.audience === 'team' && input.perOrganisation) throw new DomainError('governance.poll.errors.teamPerOrganisation');
    const poll = await this.db.createAudited((tx) => tx.polls.create({
      clusterId: cluster.id,
      question: input.question,
      options,
      multiple: input.multiple,
      anonymous: input.anonymous,
      audience: input.audience,
      groupId,
      perOrganisation: input.perOrganisation,
      resultsLive: input.resultsLive,
      deadline: input.deadline,
      createdByPersonId: actor.personId,
      createdAt: this.now(),
    }), (created) => ({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'poll.created', subjectType: 'poll', subjectId: created.id, details: { audience: input.audience } }));
    const sent = await this.announceOpened(poll);
    return { ...poll, messageRef: sent.messageRef, told: sent.told };
  }

  /**
   * Tells the audience a poll is open, once each (delivery ledger): the card in the announcements
   * channel and a private message with the answer buttons to every person asked. Runs again from
   * the schedule, so a crash halfway through leaves nobody out and nobody told twice.
   */
  async announceOpened(poll: PollRow): Promise<{ messageRef: string | null; told: number }> {
    const group = poll.groupId ? await this.db.polls.groupById(poll.groupId) : null;
    let messageRef = poll.messageRef;
    await this.deliveries.once(poll.clusterId, `poll.opened:${poll.id}`, 'poll.opened', async () => {
      const ref = await this.notifications.toChannel(poll.clusterId, 'announcements', (tools) => pollCard(poll, tools, group?.name));
      if (ref) {
        await this.db.polls.setMessageRef(poll.id, ref);
        messageRef = ref;
      }
    });
    let told = 0;
    const people = new Set([...(await this.audience(poll)).values()].flat());
    for (const personId of people) {
      const sent = await this.deliveries.once(poll.clusterId, `poll.opened:${poll.id}:${personId}`, 'poll.opened', () =>
        this.notifications.toPerson(poll.clusterId, personId, (tools) => pollCard(poll, tools, group?.name), 'poll.opened'),
      );
      if (sent) told++;
    }
    return { messageRef, told };
  }

  async get(cluster: ClusterContext, id: string) {
    const poll = await this.db.polls.byId(id);
    if (!poll || poll.clusterId !== cluster.id) throw new DomainError('governance.poll.errors.notFound', { id });
    return poll;
  }

  /** The poll's card for one reader (opened from their home), as its announcement shows it. */
  async card(cluster: ClusterContext, id: string, tools: MessageTools): Promise<Reply> {
    const poll = await this.get(cluster, id);
    const group = poll.groupId ? await this.db.polls.groupById(poll.groupId) : null;
    return pollCard(poll, tools, group?.name, poll.resultsLive ? await this.results(poll) : undefined);
  }

  list(clusterId: string, status?: 'open' | 'closed') {
    return this.db.polls.list(clusterId, status);
  }

  /** Whether the actor belongs to the poll's audience (an organisation's poll also needs one to speak for). */
  async asks(poll: PollRow, actor: Actor): Promise<boolean> {
    try {
      await this.assertInAudience(poll, actor);
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /** Open polls the actor is asked and has not answered (for themselves or, per organisation, theirs): soonest deadline first. */
  async awaiting(cluster: ClusterContext, actor: Actor): Promise<PollRow[]> {
    const now = this.now().getTime();
    const open = (await this.db.polls.list(cluster.id, 'open')).filter((p) => p.deadline.getTime() > now);
    const keys = [actor.personId, ...(actor.member ? [actor.member.id] : [])];
    const answered = await this.db.polls.answeredBy(open.map((p) => p.id), keys);
    const asked: PollRow[] = [];
    for (const poll of open) if (!answered.has(poll.id) && (await this.asks(poll, actor))) asked.push(poll);
    return asked.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  }

  /** Whether the actor belongs to the poll's audience; the refusal says who the poll is for. */
  private async assertInAudience(poll: PollRow, actor: Actor): Promise<void> {
    const activeMember = Boolean(actor.member && isInGoodStanding(actor.member.status));
    let ok = false;
    switch (poll.audience) {
      case 'all':
        ok = activeMember;
        break;
      case 'main':
        ok = activeMember && actor.member!.category === 'main';
        break;
      case 'group':
        ok = Boolean(poll.groupId && (actor.leads.includes(poll.groupId) || (activeMember && (await this.db.polls.groupMemberIds(poll.groupId)).includes(actor.member!.id))));
        break;
      case 'team':
        ok = actor.roles.has('coordinator') || actor.roles.has('operator') || actor.roles.has('team') || actor.leads.length > 0;
        break;
    }
    if (!ok) {
      const group = poll.groupId ? await this.db.polls.groupById(poll.groupId) : null;
      throw new DomainError(`governance.poll.errors.notInAudience.${poll.audience}`, { group: group?.name ?? '' });
    }
    if (poll.perOrganisation && !actor.member) throw new DomainError('governance.poll.errors.notInAudience.organisation');
  }

  /** Answers (or changes the answer) until the poll closes: one answer per person or organisation. */
  async answer(cluster: ClusterContext, actor: Actor, pollId: string, choice: number[]) {
    const poll = await this.get(cluster, pollId);
    if (poll.status !== 'open' || poll.deadline.getTime() <= this.now().getTime()) throw new DomainError('governance.poll.errors.closed');
    await this.assertInAudience(poll, actor);
    const options = pollOptions(poll);
    const picked = [...new Set(choice)].sort((a, b) => a - b);
    if (picked.length === 0 || picked.some((i) => !Number.isInteger(i) || i < 0 || i >= options.length) || (!poll.multiple && picked.length !== 1)) {
      throw new DomainError('governance.errors.invalidChoice');
    }
    const voterKey = poll.perOrganisation ? actor.member!.id : actor.personId;
    const before = await this.db.polls.answerOf(poll.id, voterKey);
    await this.db.polls.answer(poll.id, voterKey, picked, this.now());
    if (poll.resultsLive && poll.messageRef) {
      const results = await this.results(poll);
      const group = poll.groupId ? await this.db.polls.groupById(poll.groupId) : null;
      await this.notifications.updateChannelMessage(cluster.id, poll.messageRef, (tools) => pollCard(poll, tools, group?.name, results));
    }
    return { poll, choice: picked.map((i) => options[i]!), changed: Boolean(before) };
  }

  async results(poll: PollRow): Promise<PollResults> {
    const options = pollOptions(poll);
    const counts = options.map(() => 0);
    const answers = await this.db.polls.answers(poll.id);
    for (const answer of answers) for (const i of JSON.parse(answer.choice) as number[]) if (i < counts.length) counts[i]!++;
    return { poll, options, counts, respondents: answers.length };
  }

  /** Results for a reader: hidden until close when the poll says so (its author may always look). */
  async resultsFor(cluster: ClusterContext, actor: Actor, pollId: string): Promise<PollResults> {
    const poll = await this.get(cluster, pollId);
    const isAuthor = poll.createdByPersonId === actor.personId || actor.roles.has('coordinator');
    if (poll.status === 'open' && !poll.resultsLive && !isAuthor) throw new DomainError('governance.poll.errors.resultsHidden', { deadline: poll.deadline });
    if (!isAuthor) await this.assertInAudience(poll, actor);
    return this.results(poll);
  }

  async close(cluster: ClusterContext, pollId: string, byPersonId: string | null): Promise<PollResults> {
    const poll = await this.get(cluster, pollId);
    if (poll.status !== 'open') throw new DomainError('governance.poll.errors.alreadyClosed');
    await this.closeNow(poll, byPersonId);
    return this.results((await this.db.polls.byId(poll.id))!);
  }

  private async closeNow(poll: PollRow, byPersonId: string | null): Promise<void> {
    if (await this.db.polls.markClosed(poll.id, this.now())) {
      await this.db.audit.record({ clusterId: poll.clusterId, actorPersonId: byPersonId, action: 'poll.closed', subjectType: 'poll', subjectId: poll.id });
    }
    await this.announce(poll.id);
  }

  /** The results post, once; the card loses its buttons. */
  private async announce(pollId: string): Promise<void> {
    const poll = await this.db.polls.byId(pollId);
    if (!poll || poll.status !== 'closed') return;
    await this.deliveries.once(poll.clusterId, `poll.result:${poll.id}`, 'poll.result', async () => {
      const results = await this.results(poll);
      const group = poll.groupId ? await this.db.polls.groupById(poll.groupId) : null;
      if (poll.messageRef) await this.notifications.updateChannelMessage(poll.clusterId, poll.messageRef, (tools) => pollCard(poll, tools, group?.name, results));
      await this.notifications.toChannel(poll.clusterId, 'bot', (tools) => ({
        title: tools.t('governance.poll.resultTitle', { question: poll.question }),
        text: resultsText(results, tools),
        tone: 'info',
      }));
      this.log.info({ clusterId: poll.clusterId, pollId: poll.id, respondents: results.respondents }, 'poll results posted');
    });
  }

  /** CSV of the answers; an anonymous poll exports counts only. */
  async exportCsv(cluster: ClusterContext, pollId: string, t: MessageTools['t']): Promise<Attachment> {
    const poll = await this.get(cluster, pollId);
    const results = await this.results(poll);
    const rows: CsvCell[][] = [[t('governance.csv.option'), t('governance.csv.count')], ...results.options.map((o, i) => [o, results.counts[i]])];
    if (!poll.anonymous) {
      const answers = await this.db.polls.answers(poll.id);
      const keys = answers.map((a) => a.voterKey);
      const names = new Map<string, string>();
      if (poll.perOrganisation) for (const m of await this.db.polls.members(keys)) names.set(m.id, m.name);
      else for (const p of await this.db.polls.people(keys)) names.set(p.id, p.erasedAt ? '—' : p.displayName);
      rows.push([]);
      rows.push([t(poll.perOrganisation ? 'governance.csv.organisation' : 'governance.csv.person'), t('governance.csv.answer'), t('governance.csv.updatedAt')]);
      for (const a of answers) {
        rows.push([names.get(a.voterKey) ?? '—', (JSON.parse(a.choice) as number[]).map((i) => results.options[i]).join('; '), DateTime.fromJSDate(a.updatedAt, { zone: cluster.timeZone }).toFormat('yyyy-MM-dd HH:mm')]);
      }
    }
    return csvAttachment(`${t('governance.csv.filename')}-${poll.id}`, rows);
  }

  /** Closes polls past their deadline and posts their results (once, also after a restart). */
  async runSchedule(now: Date): Promise<void> {
    for (const poll of await this.db.polls.openPolls()) {
      if (poll.deadline.getTime() <= now.getTime()) await this.closeNow(poll, null);
      else await this.announceOpened(poll);
    }
    const week = new Date(now.getTime() - 7 * 24 * 3600_000);
    for (const poll of await this.db.polls.closedSince(week)) await this.announce(poll.id);
  }

  /** Reminds those in the audience who have not answered, once per poll, a day before the deadline. */
  async remindNonRespondents(now: Date): Promise<number> {
    let sent = 0;
    for (const poll of await this.db.polls.openPolls()) {
      const remindAt = Math.max(poll.createdAt.getTime(), poll.deadline.getTime() - POLL_REMINDER_HOURS * 3600_000);
      if (now.getTime() < remindAt || now.getTime() >= poll.deadline.getTime()) continue;
      const answered = new Set((await this.db.polls.answers(poll.id)).map((a) => a.voterKey));
      for (const [voterKey, personIds] of await this.audience(poll)) {
        if (answered.has(voterKey)) continue;
        const delivered = await this.deliveries.once(poll.clusterId, `poll.reminder:${poll.id}:${voterKey}`, 'poll.reminder', async () => {
          for (const personId of personIds) {
            await this.notifications.toPerson(
              poll.clusterId,
              personId,
              (tools) => ({
                ...pollCard(poll, tools),
                title: tools.t('governance.poll.reminderTitle'),
                text: tools.t('governance.poll.reminderText', { question: poll.question, deadline: tools.dateTime(poll.deadline) }),
                tone: 'info',
              }),
              'poll.reminder',
            );
          }
        });
        if (delivered) sent++;
      }
    }
    return sent;
  }

  /** Who is asked: voter key (person or organisation) → the people to remind. */
  private async audience(poll: PollRow): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (poll.audience === 'team') {
      for (const id of await this.db.polls.teamPersonIds(poll.clusterId)) out.set(id, [id]);
      return out;
    }
    let memberIds: string[];
    if (poll.audience === 'group' && poll.groupId) {
      const active = new Set((await this.db.polls.activeMembers(poll.clusterId, false)).map((m) => m.id));
      memberIds = (await this.db.polls.groupMemberIds(poll.groupId)).filter((id) => active.has(id));
    } else {
      memberIds = (await this.db.polls.activeMembers(poll.clusterId, poll.audience === 'main')).map((m) => m.id);
    }
    const reps = await this.db.polls.representativesOf(memberIds);
    for (const memberId of memberIds) {
      const people = reps.get(memberId) ?? [];
      if (poll.perOrganisation) out.set(memberId, people);
      else for (const p of people) out.set(p, [p]);
    }
    return out;
  }
}

/** The poll as posted: question, options as buttons (or a choice list), live counts if shown. */
export function pollCard(poll: PollRow, tools: MessageTools, groupName?: string, results?: PollResults): Reply {
  const { t, dateTime } = tools;
  const options = pollOptions(poll);
  const closed = poll.status !== 'open';
  const showCounts = results && (poll.resultsLive || closed);
  const lines = [
    t(`governance.poll.audience.${poll.audience}`, { group: groupName ?? '' }),
    t(`governance.poll.${poll.perOrganisation ? 'perOrganisation' : 'perPerson'}${poll.multiple ? 'Multiple' : ''}`),
    poll.anonymous ? t('governance.poll.anonymous') : t('governance.poll.named'),
    closed ? t('governance.poll.closedLine') : t('governance.poll.deadline', { deadline: dateTime(poll.deadline) }),
  ];
  const answers: Button[] = closed || poll.multiple ? [] : options.map((o, i) => ({ label: o.slice(0, 80), action: { command: 'poll', action: 'answer', args: [poll.id, String(i)] }, style: 'secondary' as const }));
  return {
    title: userText(poll.question),
    text: [...lines, ...(showCounts ? ['', resultsText(results, tools)] : [])].join('\n'),
    ...(!closed && poll.multiple
      ? { choices: { action: { command: 'poll', action: 'answerMany', args: [poll.id] }, placeholder: t('governance.poll.choose'), options: options.map((o, i) => ({ value: String(i), label: o.slice(0, 100) })), minValues: 1, maxValues: options.length } }
      : {}),
    // Results for everyone once closed; while open only where the poll shows them live.
    buttons: [...answers, ...(closed || poll.resultsLive ? [resultsButton(poll.id, t)] : [])],
  };
}

export function resultsButton(pollId: string, t: MessageTools['t']): Button {
  return { label: t('governance.poll.buttons.results'), action: { command: 'poll', action: 'results', args: [pollId] }, style: 'primary' };
}

export function closeButton(pollId: string, t: MessageTools['t']): Button {
  return { label: t('governance.poll.buttons.close'), action: { command: 'poll', action: 'close', args: [pollId] }, style: 'danger' };
}

export function resultsText(results: PollResults, { t }: Pick<MessageTools, 't'>): string {
  return [
    ...results.options.map((o, i) => `• ${o}: ${results.counts[i]}`),
    t('governance.poll.respondents', { count: results.respondents }),
  ].join('\n');
}
