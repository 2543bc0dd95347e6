import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

/**
 * Seats at a meeting with a capacity: the "yes" answers that hold a seat and those waiting in line
 * (MeetingResponse.waitlistPosition). Every change runs in a transaction that first locks the
 * meeting's row, so two replicas never give the same seat twice or promote the same organisation.
 */
export class SeatStore {
  constructor(private readonly db: Db) {}

  /**
   * Takes the meeting's row for this transaction: PostgreSQL holds it until commit, so seat changes
   * of one meeting run one after another and each reads what the previous one wrote; SQLite
   * serialises writers anyway, and the same no-op update makes this transaction the writer at once.
   */
  async lockMeeting(meetingId: string): Promise<void> {
    await this.db.$executeRaw`UPDATE "Meeting" SET "capacity" = "capacity" WHERE "id" = ${meetingId}`;
  }

  responses(meetingId: string) {
    return this.db.meetingResponse.findMany({ where: { meetingId }, orderBy: [{ waitlistPosition: 'asc' }, { updatedAt: 'asc' }] });
  }

  async set(meetingId: string, memberId: string, personId: string, answer: 'yes' | 'no', waitlistPosition: number | null): Promise<void> {
    await this.db.meetingResponse.upsert({
      where: { meetingId_memberId: { meetingId, memberId } },
      create: { meetingId, memberId, personId, answer, waitlistPosition },
      update: { answer, personId, waitlistPosition },
    });
  }

  async seat(meetingId: string, memberId: string): Promise<void> {
    await this.db.meetingResponse.update({ where: { meetingId_memberId: { meetingId, memberId } }, data: { waitlistPosition: null } });
  }
}
