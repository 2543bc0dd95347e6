import type { Actor, ClusterContext } from '../core/actor.ts';
import { DomainError } from '../core/errors.ts';
import type { Reply } from '../core/reply.ts';
import { userText } from '../core/text.ts';
import type { Database } from '../db/index.ts';
import type { MessageTools, NotificationService } from './notifications.ts';
import { parseEndDate, requireMember, type GroupService, type WorkingGroup } from './groups.ts';

export interface GroupRequestInput {
  name: string;
  purpose: string;
  leaderPersonId: string;
  endsOn: string;
}

type GroupRequestRow = NonNullable<Awaited<ReturnType<Database['groupRequests']['byId']>>>;

/**
 * Working groups on members' request (W-M KES §3 ust. 3: "tworzone są na wniosek grupy Członków lub
 * Rady Klastra", each with a coordinator and an agreed deadline). Where the cluster allows it
 * (settings.groupCreation = members), a member asks; the Coordinating Team, acting for the council,
 * approves or declines with a button, and an approved request becomes the group.
 */
export class GroupRequestService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly groups: GroupService,
    private readonly now: () => Date,
  ) {}

  async request(cluster: ClusterContext, actor: Actor, input: GroupRequestInput): Promise<GroupRequestRow> {
    if (cluster.settings.groupCreation !== 'members') throw new DomainError('models.groupRequest.errors.disabled');
    const member = requireMember(actor);
    const now = this.now();
    const name = input.name.trim();
    // Checked now, so the member hears of a past deadline or a taken name before anyone decides.
    parseEndDate(input.endsOn, cluster.timeZone, now);
    const group = await this.db.groups.byName(cluster.id, name);
    const asked = (await this.db.groupRequests.waiting(cluster.id)).some((r) => r.name.toLocaleLowerCase('pl') === name.toLocaleLowerCase('pl'));
    if (group?.status === 'active' || asked) throw new DomainError('groups.errors.nameTaken', { name });
    const request = await this.db.transaction(async (tx) => {
      const row = await tx.groupRequests.create({ clusterId: cluster.id, name, purpose: input.purpose.trim(), leaderPersonId: input.leaderPersonId, endsOn: input.endsOn.trim(), memberId: member.id, requestedByPersonId: actor.personId, createdAt: now });
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: 'group.requested', subjectType: 'groupRequest', subjectId: row.id, details: { name, memberId: member.id, leaderPersonId: input.leaderPersonId, endsOn: row.endsOn } });
      return row;
    });
    const leader = await this.db.people.byId(input.leaderPersonId);
    await this.notifications.toRoles(cluster.id, ['coordinator', 'team'], (tools) => requestCard(request, member.name, leader?.displayName ?? '', tools), 'group-request-created');
    return request;
  }

  /** The team's decision: approved, the group is created with the proposed coordinator and deadline. */
  async decide(cluster: ClusterContext, actor: Actor, requestId: string, approve: boolean): Promise<{ request: GroupRequestRow; group?: WorkingGroup }> {
    const request = await this.db.groupRequests.byId(requestId);
    if (!request || request.clusterId !== cluster.id) throw new DomainError('models.groupRequest.errors.notFound');
    if (request.approved !== null) throw new DomainError('models.groupRequest.errors.decided', { name: request.name });
    const now = this.now();
    let group: WorkingGroup | undefined;
    if (approve) {
      // The group first: a name taken or a deadline passed meanwhile leaves the request waiting, with the reason.
      group = (await this.groups.create(cluster, actor, { name: request.name, purpose: request.purpose, leaderPersonId: request.leaderPersonId, endsOn: request.endsOn })).group;
    }
    const decided = await this.db.transaction(async (tx) => {
      if (!(await tx.groupRequests.decide(request.id, { approved: approve, decidedByPersonId: actor.personId, decidedAt: now }))) return false;
      if (group) await tx.groupRequests.linkGroup(request.id, group.id);
      await tx.audit.record({ clusterId: cluster.id, actorPersonId: actor.personId, action: approve ? 'group.requestApproved' : 'group.requestDeclined', subjectType: 'groupRequest', subjectId: request.id, details: { groupId: group?.id ?? null } });
      return true;
    });
    if (!decided) throw new DomainError('models.groupRequest.errors.decided', { name: request.name });
    await this.notifications.toPerson(
      cluster.id,
      request.requestedByPersonId,
      ({ t }) => ({ title: t(approve ? 'models.groupRequest.approvedTitle' : 'models.groupRequest.declinedTitle', { group: request.name }), text: t(approve ? 'models.groupRequest.approvedText' : 'models.groupRequest.declinedText', { group: request.name }), tone: approve ? 'success' : 'info' }),
      'group-request-decided',
    );
    return { request: { ...request, approved: approve }, ...(group ? { group } : {}) };
  }
}

/** The request as the team sees it, with its two buttons. */
function requestCard(request: GroupRequestRow, org: string, leader: string, { t }: MessageTools): Reply {
  return {
    title: t('models.groupRequest.cardTitle', { group: userText(request.name) }),
    text: t('models.groupRequest.cardText', { org: userText(org) }),
    fields: [
      { label: t('models.groupRequest.purpose'), value: userText(request.purpose) || '—' },
      { label: t('models.groupRequest.coordinator'), value: userText(leader) || '—' },
      { label: t('models.groupRequest.deadline'), value: request.endsOn },
    ],
    buttons: [
      { label: t('models.groupRequest.approve'), action: { command: 'group', action: 'approveRequest', args: [request.id] }, style: 'success' },
      { label: t('models.groupRequest.decline'), action: { command: 'group', action: 'declineRequest', args: [request.id] }, style: 'danger' },
    ],
    tone: 'info',
  };
}
