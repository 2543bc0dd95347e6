import { GOOD_STANDING, GRANTED_ROLES } from '../core/vocabulary.ts';
import type { Client, Tx } from './client.ts';
import type { PollStatus } from '../core/vocabulary.ts';
import { groupRow, memberRow, pollRow } from './vocabulary-rows.ts';

type Db = Client | Tx;

/** Coordinator polls and their answers (one per person or per organisation, as the poll says). */
export class PollStore {
  constructor(private readonly db: Db) {}

  async create(data: {
    clusterId: string;
    question: string;
    options: string[];
    multiple: boolean;
    anonymous: boolean;
    audience: string;
    groupId: string | null;
    perOrganisation: boolean;
    resultsLive: boolean;
    deadline: Date;
    createdByPersonId: string | null;
    createdAt: Date;
  }) {
    return pollRow.one(await this.db.poll.create({ data: { ...data, options: JSON.stringify(data.options) } }));
  }

  async byId(id: string) {
    return pollRow.maybe(await this.db.poll.findUnique({ where: { id } }));
  }

  async list(clusterId: string, status?: PollStatus) {
    return pollRow.many(await this.db.poll.findMany({ where: { clusterId, ...(status ? { status } : {}) }, orderBy: { createdAt: 'desc' }, take: 25 }));
  }

  async setMessageRef(id: string, messageRef: string) {
    return pollRow.one(await this.db.poll.update({ where: { id }, data: { messageRef } }));
  }

  /** open → closed, once. */
  async markClosed(id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.poll.updateMany({ where: { id, status: 'open' }, data: { status: 'closed', closedAt: at } });
    return count === 1;
  }

  async openPolls() {
    return pollRow.many(await this.db.poll.findMany({ where: { status: 'open' } }));
  }

  async closedSince(since: Date) {
    return pollRow.many(await this.db.poll.findMany({ where: { status: 'closed', closedAt: { gte: since } } }));
  }

  answer(pollId: string, voterKey: string, choice: number[], at: Date) {
    const json = JSON.stringify(choice);
    return this.db.pollAnswer.upsert({
      where: { pollId_voterKey: { pollId, voterKey } },
      create: { pollId, voterKey, choice: json, updatedAt: at },
      update: { choice: json, updatedAt: at },
    });
  }

  answers(pollId: string) {
    return this.db.pollAnswer.findMany({ where: { pollId }, orderBy: { updatedAt: 'asc' } });
  }

  /** Of these polls, those answered under one of these voter keys (a person's, or their organisation's): one query. */
  async answeredBy(pollIds: string[], voterKeys: string[]): Promise<Set<string>> {
    if (pollIds.length === 0 || voterKeys.length === 0) return new Set();
    const rows = await this.db.pollAnswer.findMany({ where: { pollId: { in: pollIds }, voterKey: { in: voterKeys } }, select: { pollId: true } });
    return new Set(rows.map((r) => r.pollId));
  }

  answerOf(pollId: string, voterKey: string) {
    return this.db.pollAnswer.findUnique({ where: { pollId_voterKey: { pollId, voterKey } } });
  }

  async group(clusterId: string, nameOrId: string) {
    return groupRow.maybe(await this.db.workingGroup.findFirst({ where: { clusterId, status: 'active', OR: [{ id: nameOrId }, { name: nameOrId }] } }));
  }

  async groupById(id: string) {
    return groupRow.maybe(await this.db.workingGroup.findUnique({ where: { id } }));
  }

  /** Organisations in a working group now (active membership). */
  async groupMemberIds(groupId: string): Promise<string[]> {
    const rows = await this.db.groupMembership.findMany({ where: { groupId, status: 'active' }, select: { memberId: true } });
    return rows.map((r) => r.memberId);
  }

  /** Organisations in good standing, optionally main members only. */
  async activeMembers(clusterId: string, mainOnly: boolean) {
    return memberRow.many(
      await this.db.member.findMany({
        where: { clusterId, status: { in: [...GOOD_STANDING] }, ...(mainOnly ? { category: 'main' } : {}) },
        orderBy: { name: 'asc' },
      }),
    );
  }

  /** Representatives (person ids) of the organisations, by organisation. */
  async representativesOf(memberIds: string[]): Promise<Map<string, string[]>> {
    const reps = await this.db.representative.findMany({ where: { memberId: { in: memberIds } }, orderBy: { createdAt: 'asc' } });
    const out = new Map<string, string[]>();
    for (const r of reps) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r.personId]);
    return out;
  }

  /** People in the Coordinating Team: granted roles plus leaders of active groups. */
  async teamPersonIds(clusterId: string): Promise<string[]> {
    const [roles, leaders] = await Promise.all([
      this.db.personRole.findMany({ where: { clusterId, role: { in: [...GRANTED_ROLES] } } }),
      this.db.workingGroup.findMany({ where: { clusterId, status: 'active', leaderPersonId: { not: null } }, select: { leaderPersonId: true } }),
    ]);
    return [...new Set([...roles.map((r) => r.personId), ...leaders.map((l) => l.leaderPersonId!)])];
  }

  people(ids: string[]) {
    return this.db.person.findMany({ where: { id: { in: ids } } });
  }

  async members(ids: string[]) {
    return memberRow.many(await this.db.member.findMany({ where: { id: { in: ids } } }));
  }
}
