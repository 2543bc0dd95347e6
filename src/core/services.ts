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
import { MeetingService } from '../services/meetings.ts';

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
  meetings: MeetingService;
}

export function createServices({ db, clock, log, defaults }: ServiceDeps): Services {
  const now = () => clock.now();
  const clusters = new ClusterService(db, defaults);
  const people = new PeopleService(db);
  const notifications = new NotificationService(db, clusters, log);
  const drafts = new DraftService(db);
  const deliveries = new DeliveryService(db, now);
  const seeding = new SeedService(db);
  const activity = new ActivityService(db);
  const meetings = new MeetingService(db, activity);
  return { clusters, people, notifications, drafts, deliveries, seeding, activity, meetings };
}
