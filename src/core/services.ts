import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from './clock.ts';
import type { Locale } from './i18n.ts';
import { ClusterService } from '../services/clusters.ts';
import { PeopleService } from '../services/people.ts';
import { NotificationService } from '../services/notifications.ts';
import { DraftService } from '../services/drafts.ts';
import { DeliveryService } from '../services/deliveries.ts';
import { SeedService } from '../services/seeding.ts';
import { ActivityService } from '../services/activity.ts';
import { PrivacyService } from '../services/privacy.ts';
import { MeetingService } from '../services/meetings.ts';
import { EngagementService } from '../services/engagement.ts';
import { MembershipService } from '../services/membership.ts';
import { GroupService } from '../services/groups.ts';
import { BarterService } from '../services/barter.ts';
import { GovernanceService } from '../services/governance.ts';
import { PollService } from '../services/polls.ts';
import { MinutesService } from '../services/minutes.ts';

export interface ServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  defaults: { locale: Locale; timeZone: string };
}

/**
 * Every domain service, built once. Commands and jobs reach the domain only through these;
 * services reach the database only through `db`'s stores.
 */
export interface Services {
  clusters: ClusterService;
  people: PeopleService;
  notifications: NotificationService;
  drafts: DraftService;
  deliveries: DeliveryService;
  seeding: SeedService;
  activity: ActivityService;
  privacy: PrivacyService;
  meetings: MeetingService;
  engagement: EngagementService;
  membership: MembershipService;
  groups: GroupService;
  barter: BarterService;
  governance: GovernanceService;
  polls: PollService;
  minutes: MinutesService;
}

export function createServices({ db, clock, log, defaults }: ServiceDeps): Services {
  const now = () => clock.now();
  const clusters = new ClusterService(db, defaults);
  const people = new PeopleService(db);
  const notifications = new NotificationService(db, clusters, log);
  const drafts = new DraftService(db);
  const deliveries = new DeliveryService(db, now);
  const seeding = new SeedService(db);
  const activity = new ActivityService(db, now);
  const meetings = new MeetingService(db, activity, now);
  const engagement = new EngagementService(db, activity, meetings, notifications, deliveries, log);
  const membership = new MembershipService(db, notifications, meetings, now);
  const groups = new GroupService(db, notifications, activity, meetings, now);
  const barter = new BarterService(db, notifications, activity, now);
  const privacy = new PrivacyService(db, now, notifications, log);
  const governance = new GovernanceService(db, now, activity, deliveries, notifications, log);
  const polls = new PollService(db, now, deliveries, notifications, log);
  const minutes = new MinutesService(db, governance, now);
  return { clusters, people, notifications, drafts, deliveries, seeding, activity, meetings, engagement, membership, groups, privacy, barter, governance, polls, minutes };
}
