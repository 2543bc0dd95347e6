/**
 * The ids of one of each record a test seeds to call commands and buttons on: the permissions matrix
 * and the tenancy check (cluster B calling with cluster A's ids) reach every command through these.
 */
export interface SeededRecords {
  groupMeetingId: string;
  motionId: string;
  taskId: string;
  pollId: string;
  datePollId: string;
  datePollSlotId: string;
  postId: string;
  opportunityId: string;
  purchaseId: string;
  resourceId: string;
  bookingId: string;
  catalogueId: string;
}
