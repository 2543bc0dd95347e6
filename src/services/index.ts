import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../core/clock.ts';
import type { Locale } from '../core/i18n.ts';
import type { Services } from '../core/services.ts';
import { ClusterService } from './clusters.ts';
import { PeopleService } from './people.ts';
import { NotificationService } from './notifications.ts';
import { DraftService } from './drafts.ts';
import { DeliveryService } from './deliveries.ts';
import { SeedService } from './seeding.ts';
import { ActivityService } from './activity.ts';
import { PrivacyService } from './privacy.ts';
import { MeetingService } from './meetings.ts';
import { EngagementService } from './engagement.ts';
import { AdmissionService } from './admission.ts';
import { MemberService } from './members.ts';
import { AppealService } from './appeals.ts';
import { PartnerService } from './partners.ts';
import { GroupService } from './groups.ts';
import { GroupMembershipService } from './group-membership.ts';
import { GroupMeetingService } from './group-meetings.ts';
import { GroupRequestService } from './group-requests.ts';
import { BarterService } from './barter-posts.ts';
import { QuickHelpService } from './quick-help.ts';
import { GovernanceService } from './governance.ts';
import { PollService } from './polls.ts';
import { MinutesService } from './minutes.ts';
import { ChairService } from './chair.ts';
import type { Observer } from '../core/observer.ts';
import { SuggestionService } from './suggestions.ts';
import { CalendarService } from './calendar.ts';
import { MeetingChangeService } from './meeting-changes.ts';
import { SeatService } from './seats.ts';
import { DatePollService } from './date-polls.ts';
import { MailService, type Mailer, type MailPolicy } from './mail.ts';
import { GeneralMeetingService } from './general-meeting.ts';
import { OpportunityService } from './market-opportunities.ts';
import { ConsortiumService } from './market-consortia.ts';
import { PurchaseService } from './market-purchases.ts';
import { ResourceService } from './resources.ts';
import { BookingService } from './resource-bookings.ts';
import { EvaluationService } from './evaluation.ts';
import { HomeService } from './home.ts';
import { FeeService } from './fees.ts';
import { FeeReminderService } from './fee-reminders.ts';
import { CatalogueService } from './catalogue.ts';

/*
 * The core declares `Services` with only what it calls itself; this adds every service by
 * declaration merging (as Sapphire's container is extended), so commands see each service's type
 * while the core imports nothing from here. The compiler checks that each service still provides
 * what the core calls on it.
 */
declare module '../core/services.ts' {
  interface Services {
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
    admission: AdmissionService;
    members: MemberService;
    appeals: AppealService;
    partners: PartnerService;
    groups: GroupService;
    groupMembership: GroupMembershipService;
    groupMeetings: GroupMeetingService;
    groupRequests: GroupRequestService;
    barter: BarterService;
    quickHelp: QuickHelpService;
    governance: GovernanceService;
    polls: PollService;
    minutes: MinutesService;
    chair: ChairService;
    suggestions: SuggestionService;
    calendar: CalendarService;
    meetingChanges: MeetingChangeService;
    seats: SeatService;
    datePolls: DatePollService;
    mail: MailService;
    generalMeetings: GeneralMeetingService;
    opportunities: OpportunityService;
    consortia: ConsortiumService;
    purchases: PurchaseService;
    /** Shared equipment and spaces. */
    resources: ResourceService;
    bookings: BookingService;
    /** The common catalogue of services and products. */
    catalogue: CatalogueService;
    evaluation: EvaluationService;
    home: HomeService;
    fees: FeeService;
    feeReminders: FeeReminderService;
  }
}

export interface ServiceDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  defaults: { locale: Locale; timeZone: string };
  /** Told of each exactly-once delivery (metrics). */
  observer?: Observer;
  /** The bot's public address (PUBLIC_URL): calendar subscriptions are offered only with it. */
  publicUrl?: string | undefined;
  /** E-mail: the transport (none without SMTP) and its retry policy. */
  mail?: { mailer: Mailer | undefined; policy: MailPolicy };
}

/**
 * Every domain service, built once. Commands and jobs reach the domain only through these;
 * services reach the database only through `db`'s stores.
 */
export function createServices({ db, clock, log, defaults, observer, publicUrl, mail: mailDeps }: ServiceDeps): Services {
  const now = () => clock.now();
  const clusters = new ClusterService(db, defaults);
  const people = new PeopleService(db);
  const notifications = new NotificationService(db, clusters, log);
  const drafts = new DraftService(db);
  const deliveries = new DeliveryService(db, now, observer);
  const seeding = new SeedService(db);
  const activity = new ActivityService(db, now);
  const meetings = new MeetingService(db, activity, now);
  const calendar = new CalendarService(db, clusters, people, meetings, now, publicUrl, mailDeps?.policy.sender);
  const meetingChanges = new MeetingChangeService(db, meetings, calendar, notifications, deliveries, log, now);
  meetings.onScheduled((cluster, meeting) => meetingChanges.scheduled(cluster, meeting));
  const engagement = new EngagementService(db, activity, meetings, notifications, deliveries, log, calendar);
  const members = new MemberService(db, notifications, now);
  const admission = new AdmissionService(db, notifications, meetings, members, now, calendar);
  const appeals = new AppealService(db, notifications, members, now, deliveries);
  const partners = new PartnerService(db);
  const groups = new GroupService(db, notifications, activity, meetings, now);
  const groupMembership = new GroupMembershipService(db, notifications, groups, now, deliveries);
  const groupMeetings = new GroupMeetingService(db, notifications, groups, meetings, now);
  const groupRequests = new GroupRequestService(db, notifications, groups, now);
  const barter = new BarterService(db, notifications, activity, now);
  const quickHelp = new QuickHelpService(db, notifications, now);
  const privacy = new PrivacyService(db, now, notifications, log, deliveries);
  const governance = new GovernanceService(db, now, activity, deliveries, notifications, clusters, log);
  const polls = new PollService(db, now, deliveries, notifications, log);
  const minutes = new MinutesService(db, governance, now);
  const chair = new ChairService(db, now, governance, meetings);
  const suggestions = new SuggestionService(db, now);
  const seats = new SeatService(db, notifications, deliveries, clusters, now, calendar);
  const datePolls = new DatePollService(db, meetings, notifications, deliveries, now, calendar);
  const mail = new MailService(db, notifications, now, log, mailDeps?.mailer, mailDeps?.policy ?? { maxAttempts: 5, retrySeconds: 60, domain: 'pkes.invalid' });
  const generalMeetings = new GeneralMeetingService(db, clusters, notifications, deliveries, mail, calendar, meetingChanges, now, log, governance.tasks);
  // A General Meeting scheduled by any path (a date poll's slot) is convened, with its notice.
  meetings.conveneGeneralWith(async (cluster, actor, input) => (await generalMeetings.convene(cluster, actor, input)).meeting);
  const opportunities = new OpportunityService(db, notifications, now);
  const consortia = new ConsortiumService(db, notifications, opportunities, activity, now);
  const purchases = new PurchaseService(db, notifications, now);
  const resources = new ResourceService(db, notifications, barter, now);
  const bookings = new BookingService(db, notifications, resources, now);
  const evaluation = new EvaluationService(db, now);
  const fees = new FeeService(db, clusters, members, now);
  const home = new HomeService(db, now, admission, governance, polls, meetings, opportunities, fees, appeals);
  const feeReminders = new FeeReminderService(db, fees, deliveries, notifications, log);
  const catalogue = new CatalogueService(db, notifications, now);
  return {
    clusters,
    people,
    notifications,
    drafts,
    deliveries,
    seeding,
    activity,
    meetings,
    engagement,
    admission,
    members,
    appeals,
    partners,
    groups,
    groupMembership,
    groupMeetings,
    groupRequests,
    privacy,
    barter,
    quickHelp,
    governance,
    polls,
    minutes,
    chair,
    suggestions,
    calendar,
    meetingChanges,
    seats,
    datePolls,
    mail,
    generalMeetings,
    opportunities,
    consortia,
    purchases,
    resources,
    bookings,
    evaluation,
    home,
    fees,
    feeReminders,
    catalogue,
  };
}
