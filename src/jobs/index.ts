import type { Job } from './job.ts';
import { inactivityNudges } from './inactivity-nudges.ts';
import { meetingReminders } from './meeting-reminders.ts';
import { meetingPlanning } from './meeting-planning.ts';
import { admissionReminders, conditionsReview } from './admission-reminders.ts';
import { dataConfirmationReminders } from './data-confirmation.ts';
import { groupRemindersJob } from './group-reminders.ts';
import { retentionJob } from './retention.ts';
import { motionCloseJob } from './motion-close.ts';
import { voteRemindersJob } from './vote-reminders.ts';
import { pollJobs } from './poll-jobs.ts';
import { barterExpiryJob } from './barter-expiry.ts';
import { barterDigestJob } from './barter-digest.ts';
import { quickHelpEscalationJob } from './quickhelp-escalation.ts';
import { housekeepingJob } from './housekeeping.ts';
import { motionTasksJob } from './motion-tasks.ts';
import { datePollJobs } from './date-poll-jobs.ts';
import { mailOutboxJob } from './mail-outbox.ts';
import { marketDeadlinesJob } from './market-deadlines.ts';
import { resourceBookingsJob } from './resource-bookings.ts';
import { feeRemindersJob } from './fee-reminders.ts';
import { seatPromotionsJob } from './seat-promotions.ts';

/** Every scheduled duty, listed explicitly. */
export const jobs: Job[] = [admissionReminders, conditionsReview, dataConfirmationReminders, retentionJob, groupRemindersJob, motionCloseJob, voteRemindersJob, pollJobs, barterExpiryJob, barterDigestJob, quickHelpEscalationJob, inactivityNudges, meetingReminders, meetingPlanning, housekeepingJob, motionTasksJob, datePollJobs, mailOutboxJob, marketDeadlinesJob, resourceBookingsJob, feeRemindersJob, seatPromotionsJob];
