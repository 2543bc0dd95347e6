import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { Actor, ClusterContext } from '../core/actor.ts';
import type { MotionStatus } from '../core/vocabulary.ts';
import type { ActivityService } from './activity.ts';
import type { ClusterService } from './clusters.ts';
import type { DeliveryService } from './deliveries.ts';
import type { NotificationService } from './notifications.ts';
import { MotionService, type MotionInput } from './governance/motions.ts';
import { VotingService, type CastInput } from './governance/voting.ts';
import { ClosingService } from './governance/closing.ts';
import { ProxyService } from './governance/proxies.ts';
import { lostBallotNotice } from './governance/lost-ballots.ts';
import { SecretBallotService } from './governance/secret-ballot.ts';
import { MotionTaskService } from './governance/tasks.ts';
import { TaskScheduleService } from './governance/task-schedule.ts';
import type { MotionRow } from './governance/rules.ts';

export * from './governance/rules.ts';
export { resultMessage } from './governance/closing.ts';
export type { BallotEntry, CastInput, CastReceipt } from './governance/voting.ts';
export type { MotionInput } from './governance/motions.ts';

/**
 * General Meeting votes, one service per seam: motions (create, open, tell the voters), voting
 * (ballots and casts), closing (count, publish, remind), proxies, the tasks a passed motion asks for. Commands and jobs call this
 * facade; each part reads on its own in src/services/governance/.
 */
export class GovernanceService {
  readonly motionsService: MotionService;
  readonly voting: VotingService;
  readonly closing: ClosingService;
  readonly proxyService: ProxyService;
  readonly secret: SecretBallotService;
  /** A motion's follow-up tasks, and their reminders (task-schedule.ts). */
  readonly tasks: MotionTaskService;
  readonly taskSchedule: TaskScheduleService;

  constructor(db: Database, now: () => Date, activity: ActivityService, deliveries: DeliveryService, notifications: NotificationService, clusters: ClusterService, log: Logger) {
    this.secret = new SecretBallotService(db, now, lostBallotNotice(db, now, deliveries, notifications), log);
    this.motionsService = new MotionService(db, now, deliveries, notifications, clusters, log);
    this.voting = new VotingService(db, now, this.motionsService, activity, this.secret);
    this.tasks = new MotionTaskService(db, now, deliveries, notifications, log);
    this.taskSchedule = new TaskScheduleService(db, this.tasks, deliveries, notifications, log);
    this.closing = new ClosingService(db, now, this.motionsService, deliveries, notifications, this.secret, clusters, log, this.tasks);
    this.proxyService = new ProxyService(db, this.motionsService);
  }

  // Motions
  generalMeeting(cluster: ClusterContext, meetingId?: string) {
    return this.motionsService.generalMeeting(cluster, meetingId);
  }
  generalMeetings(cluster: ClusterContext) {
    return this.motionsService.generalMeetings(cluster);
  }
  createMotion(cluster: ClusterContext, byPersonId: string, input: MotionInput) {
    return this.motionsService.create(cluster, byPersonId, input);
  }
  electorate(cluster: ClusterContext) {
    return this.motionsService.electorate(cluster);
  }
  motion(cluster: ClusterContext, id: string) {
    return this.motionsService.motion(cluster, id);
  }
  motions(clusterId: string, filter: { meetingId?: string; status?: MotionStatus[] } = {}) {
    return this.motionsService.motions(clusterId, filter);
  }
  pickMotions(cluster: ClusterContext, actor: Actor, typed: string, purpose: 'open' | 'close' | 'vote' | 'any') {
    return this.motionsService.pick(cluster, actor, typed, purpose);
  }
  open(clusterId: string, motionId: string, byPersonId: string | null) {
    return this.motionsService.open(clusterId, motionId, byPersonId);
  }
  async status(cluster: ClusterContext, motionId: string) {
    const status = await this.motionsService.status(cluster, motionId);
    return { ...status, lost: status.motion.secret ? await this.secret.lostCount(cluster.id, motionId) : 0 };
  }

  // Voting
  ballots(cluster: ClusterContext, actor: Actor) {
    return this.voting.ballots(cluster, actor);
  }
  ballot(cluster: ClusterContext, actor: Actor, motionId: string, forMemberId: string) {
    return this.voting.ballot(cluster, actor, motionId, forMemberId);
  }
  /** Whether the actor's own organisation may vote on this motion now (the card's Vote button). */
  mayVote(cluster: ClusterContext, actor: Actor, motion: MotionRow) {
    return this.voting.mayVote(cluster, actor, motion);
  }
  cast(cluster: ClusterContext, actor: Actor, input: CastInput) {
    return this.voting.cast(cluster, actor, input);
  }

  // Closing
  close(clusterId: string, motionId: string, byPersonId: string | null) {
    return this.closing.close(clusterId, motionId, byPersonId);
  }
  announce(motionId: string) {
    return this.closing.announce(motionId);
  }
  runSchedule(now: Date) {
    return this.closing.runSchedule(now);
  }
  remindNonVoters(now: Date) {
    return this.closing.remindNonVoters(now);
  }
  openRollCall(motion: MotionRow) {
    return this.closing.openRollCall(motion);
  }

  // Proxies
  giveProxy(cluster: ClusterContext, actor: Actor, input: { meetingId?: string; toMemberId: string; note?: string }) {
    return this.proxyService.giveProxy(cluster, actor, input);
  }
  revokeProxy(cluster: ClusterContext, actor: Actor, meetingId?: string) {
    return this.proxyService.revokeProxy(cluster, actor, meetingId);
  }
  proxies(meetingId: string) {
    return this.proxyService.proxies(meetingId);
  }
  organisationOf(clusterId: string, personId: string) {
    return this.proxyService.organisationOf(clusterId, personId);
  }
}
